"""Where every word list lives: data files keyed by language under ``quotes/data/lexicons/``, read here.

A list is a plain text file, one entry per line; ``#`` starts a comment, blank lines are skipped. A table is
the same with tab-separated columns. Lists that hold for every language live under ``common/``. Files are
read once per process (``functools.cache``); nothing here knows what a list is for: its users do.

    quotes/data/lexicons/es/titles.txt      words("es", "titles") -> frozenset
    quotes/data/lexicons/en/nominals.tsv    table("en", "nominals") -> tuple of rows, in file order
"""

from __future__ import annotations

from functools import cache
from importlib import resources

COMMON = "common"


def _lines(lang: str, filename: str) -> tuple[str, ...]:
    path = resources.files("quotes") / "data" / "lexicons" / lang / filename
    if not path.is_file():
        raise FileNotFoundError(f"no word list {lang}/{filename} in quotes/data/lexicons")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip() if not line.lstrip().startswith("#") else ""
        if line.strip():
            out.append(line.strip())
    return tuple(out)


@cache
def entries(lang: str, name: str) -> tuple[str, ...]:
    """The entries of list ``name`` for ``lang`` (``data/lexicons/{lang}/{name}.txt``), in file order."""
    return _lines(lang, f"{name}.txt")


@cache
def words(lang: str, name: str) -> frozenset[str]:
    """The entries of list ``name`` for ``lang`` as a set."""
    return frozenset(entries(lang, name))


@cache
def table(lang: str, name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of table ``name`` for ``lang`` (``data/lexicons/{lang}/{name}.tsv``), split on tabs, in file order."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in _lines(lang, f"{name}.tsv"))


@cache
def cue_verbs(lang: str) -> dict[str, str]:
    """Reporting-verb lemma -> cue group ("assert", "announce", "demand", "evidential", "ask")."""
    path = resources.files("quotes") / "data" / "lexicons" / f"{lang}_cues.tsv"
    if not path.is_file():
        return {}
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        lemma, _, group = line.partition("\t")
        out[lemma.strip()] = group.strip() or "assert"
    return out


# Nouns that make a subject a document or a body of research: only these can "show" or "find" something
# (SPEC: documents count as sources; "el nuevo acuerdo demuestra que ..." is not a source speaking).
DOCUMENT_NOUNS: dict[str, frozenset[str]] = {
    "es": frozenset(
        "estudio informe investigación encuesta análisis dato datos documento reporte sondeo comunicado "
        "investigaciones estudios informes evaluación auditoría cifras estadística".split()
    ),
    "en": frozenset(
        "study report research survey analysis data document poll paper investigation review statement "
        "studies reports figures audit assessment".split()
    ),
}

# Subjects that never speak for themselves: expletives and first/second person (the journalist or a
# speaker inside a quotation).
NON_SOURCE_PRONOUNS: dict[str, frozenset[str]] = {
    "es": frozenset("yo me nosotros nosotras tú usted ustedes vosotros vosotras lo esto eso".split()),
    "en": frozenset("i me we us you it this that there".split()),
}

# Plural or collective nouns that name a source without being a person's title ("según las autoridades",
# "according to officials", "fuentes oficiales").
GROUP_SOURCES: dict[str, frozenset[str]] = {
    "es": frozenset(
        "autoridad autoridades fuente fuentes experto expertos testigo testigos vecino vecinos medio medios "
        "información informaciones cifra cifras estimación estimaciones cálculo cálculos registro registros "
        "prensa agencia vídeo video grabación grabaciones imágenes".split()
    ),
    "en": frozenset(
        "authority authorities source sources expert experts witness witnesses resident residents media "
        "official officials estimate estimates record records press outlet outlets family footage video "
        "recording recordings images".split()
    ),
}

# "según X" / "according to X": the source-introducing phrases, as token sequences (lowercased).
ACCORDING_TO: dict[str, tuple[tuple[str, ...], ...]] = {
    "es": (("según",), ("de", "acuerdo", "con"), ("de", "acuerdo", "a"), ("en", "palabras", "de")),
    "en": (("according", "to"), ("in", "the", "words", "of")),
}

# Nominal mentions that stand for an entity named elsewhere in the article ("la compañía", "the company").
# Values: the type of entity they refer to.
NOMINALS: dict[str, dict[str, str]] = {
    "es": {
        **dict.fromkeys(
            "compañía empresa firma corporación grupo organización institución entidad gobierno ministerio "
            "agencia organismo dependencia secretaría fiscalía tribunal partido universidad banco club "
            "consorcio fabricante gigante tecnológica startup plataforma asociación sindicato ejecutivo "
            "administración ayuntamiento alcaldía cámara congreso senado policía ejército".split(),
            "organization",
        ),
        **dict.fromkeys(
            "mandatario presidente presidenta ministro ministra portavoz vocero vocera director directora "
            "funcionario funcionaria secretario secretaria gobernador gobernadora alcalde alcaldesa analista "
            "experto experta investigador investigadora autor autora coautor coautora científico científica "
            "especialista fiscal juez jueza senador senadora diputado diputada líder dirigente jefe jefa "
            "ejecutivo ejecutiva empresario empresaria abogado abogada doctor doctora médico médica profesor "
            "profesora candidato candidata primer premier canciller titular periodista economista "
            "investigadora subsecretario subsecretaria consejero consejera delegado delegada galeno "
            "mandataria".split(),
            "person",
        ),
    },
    "en": {
        **dict.fromkeys(
            "company firm corporation group organization organisation institution agency government ministry "
            "department administration party university bank club giant startup platform association union "
            "council court police army military office campaign committee commission".split(),
            "organization",
        ),
        **dict.fromkeys(
            "president minister spokesperson spokesman spokeswoman director official secretary governor mayor "
            "analyst expert researcher author scientist specialist prosecutor judge senator representative "
            "leader chief executive ceo lawyer attorney doctor professor candidate chancellor premier "
            "congressman congresswoman commissioner chairman chairwoman chair journalist reporter economist "
            "columnist founder cofounder".split(),
            "person",
        ),
    },
}

# Titles and role words written before a name ("Chief Superintendent Graciano Mijares", "el presidente Pedro
# Sánchez"): not part of the name. Lowercased.
TITLES: frozenset[str] = frozenset(
    """
    mr mr. mrs mrs. ms ms. dr dr. sir dame lord lady prof prof. rev rev. gen gen. col col. capt capt. lt lt.
    sen sen. rep rep. gov gov. sgt sgt. st st. president vice prime minister secretary deputy chief chairman
    chairwoman chair commissioner superintendent inspector commander commandant admiral general colonel
    captain major lieutenant sergeant officer governor regional senator representative congressman
    congresswoman judge justice attorney ambassador mayor pope king queen prince princess cardinal bishop
    father sister brother spokesperson spokesman spokeswoman ceo cfo coo director executive founder
    co-founder professor doctor former acting interim premier chancellor speaker leader head
    sr sr. sra sra. don doña señor señora presidente presidenta ministro ministra secretario secretaria
    diputado diputada senador senadora gobernador gobernadora alcalde alcaldesa director directora jefe
    jefa portavoz vocero vocera doctor doctora profesor profesora licenciado licenciada ingeniero ingeniera
    general coronel comandante capitán teniente fiscal juez jueza canciller embajador embajadora rey reina
    papa padre monseñor coautora coautor autor autora
    senior associate assistant principal actor actress singer rapper coach player
    mp mep constable sheriff councillor councilor rector dean magistrado magistrada concejal concejala regidor
    regidora
    """.split()
)

# Time words the parser sometimes takes for the subject of a cue ("Axelrod on Wednesday called ..."): never a
# source. Lowercased.
TIME_WORDS: frozenset[str] = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight morning
    afternoon evening night week month year january february march april may june july august september
    october november december
    lunes martes miércoles jueves viernes sábado domingo hoy ayer mañana anoche semana mes año enero febrero
    marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
    """.split()
)
