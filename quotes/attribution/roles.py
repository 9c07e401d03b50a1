"""Organization and role of a speaker: the shapes news writes them in around a name.

`quotes.attribution.names` finds the mentions of a speaker; this module reads the organization and role
written around them (:func:`role_and_org`):

- an apposition after the name: "Patrick Moorhead, analista jefe de Moor Insights & Strategy" (role, then
  organization after "de"/"of"; a sub-unit stays in the role: "titular de la Unidad de ... del Indre");
- a title before the name: "OpenAI CEO Sam Altman", "Chief Superintendent Graciano Mijares of the police";
- the description written *before* a name and closed by a comma ("El rector de la Universidad de Lerma,
  Juan Ortiz, pidió ..."; "The city auditor, Ruth Kemp, said ...");
- role nouns known by their shape as well as by the lexicon: agent nouns ("rector", "comisionado",
  "auditor") name an office as surely as the listed titles do;
- an organization named by a common noun plus its name inside a role ("portavoz de la asociación Vecinos
  Unidos" -> role "portavoz", organization "asociación Vecinos Unidos");
- "NAME of the Harbour Alliance added": the organization is the capitalized run, not the verb after it.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Token

from quotes.attribution.acronyms import LEADING_ARTICLE
from quotes.attribution.entities import article_entities
from quotes.attribution.person_words import KIN_NOUNS, TITLE_WORDS, is_role_word, role_nouns
from quotes.doctext import doc_text, morph_values
from quotes.lexicons import COMMON, NOMINALS
from quotes.lexicons import words as word_list
from quotes.nameshape import DETERMINERS, is_organization_name, lexicon, norm_key

_TITLE_AFTER_COMMA = re.compile(r", ((?:[a-záéíóúñ]+\.? ){1,2})$")  # ", general Ismael Hurtado": a bare title


# --- portfolios ---------------------------------------------------------------------------------------------

# The field of an office written before its title in English ("Interior Minister", "Emergencies Minister",
# "Solicitor General"): part of the role, not an organization. (Spanish writes the portfolio after the title,
# "secretario de Hacienda", and the annotation takes it as the organization.)
_PORTFOLIOS = word_list("en", "office_portfolios")


def is_portfolio(word: str, lang: str) -> bool:
    """ "Interior" of "Interior Minister": the field of an office, English only."""
    return lang == "en" and word.lower() in _PORTFOLIOS


# --- places ------------------------------------------------------------------------------------------------


_PLACE_NAMES = word_list("en", "place_names")
_COUNTRIES_ES = word_list("es", "country_names")


def is_place(doc: Doc, org: str, lang: str) -> bool:
    """A country, region or city written where an organization could stand ("mayor of Paris", "Iran's
    President"): a place the article's entities label LOC and never ORG, or a listed place."""
    bare = re.sub(r"['’]s$", "", LEADING_ARTICLE.sub("", org.strip()))
    labels = {e.label for e in article_entities(doc, lang) if e.text.strip() == bare}
    if bare in lexicon(lang if lang in ("es", "en") else "en").locs or (lang == "en" and bare in _PLACE_NAMES):
        return "ORG" not in labels
    return labels == {"LOC"}


# --- organization inside a role -------------------------------------------------------------------------------


@cache
def org_nouns(lang: str) -> frozenset[str]:
    lex = lexicon(lang if lang in ("es", "en") else "en")
    return frozenset(
        {k for k, v in lex.plain_nouns.items() if v == "org"}
        | {k for k, v in lex.nouns.items() if v == "org"}
        | {k for k, v in NOMINALS.get(lang, {}).items() if v == "organization"}
    )


_OF_BEFORE_ORG_NOUN = {
    # Up to two lower-case words between the noun and the name: "cadena deportiva ESPN", "casa de subastas
    # Christie's", "candidato por el partido Morena".
    "es": re.compile(
        r"\s(?:de|del|en|para|por)\s+(?:(?:la|las|los|el)\s+)?(?=(\w+)\s+(?:[a-záéíóúñ]+\s+){0,2}[A-ZÁÉÍÓÚÑ0-9])"
    ),
    "en": re.compile(r"\s(?:of|at|for|with|from)\s+(?:the\s+)?(?=(\w+)\s+[A-Z0-9])"),
}


def split_org_noun(role: str, lang: str) -> tuple[str, str] | None:
    """ "portavoz de la asociación Vecinos Unidos" -> ("portavoz", "asociación Vecinos Unidos"): an
    organization written as a common noun ("asociación", "club") followed by its proper name."""
    pattern = _OF_BEFORE_ORG_NOUN.get(lang, _OF_BEFORE_ORG_NOUN["en"])
    for m in pattern.finditer(role):
        noun = m.group(1)
        if noun.islower() and noun in org_nouns(lang):
            head, org = role[: m.start()].strip(), role[m.end() :].strip()
            if head and org:
                return head, org
    return None


_OF_NOUN_AT_END = {
    "es": re.compile(r"\s(?:de la|del|de los|de las)\s+(\w+)(?:\s+\w+)?$"),
    "en": re.compile(r"\s(?:of the|at the|for the)\s+(\w+)$"),
}


def org_named_by_noun(doc: Doc, name: str, role: str, lang: str) -> str | None:
    """The organization a role names by a common noun: "director general de la empresa" -> the organization
    named last before the person is first mentioned ("Audi"), or None."""
    m = _OF_NOUN_AT_END.get(lang, _OF_NOUN_AT_END["en"]).search(role)
    if m is None or m.group(1).lower() not in org_nouns(lang):
        return None
    text = doc_text(doc)
    at = text.find(name)
    if at < 0:
        return None
    before = [e for e in article_entities(doc, lang) if e.label == "ORG" and e.end_char <= at]
    return before[-1].text if before else None


# --- organization after a name ----------------------------------------------------------------------------------

_NAME_CONNECTORS = word_list(COMMON, "org_name_connectors")


def capitalized_run(words: list[str], lang: str) -> list[str]:
    """The organization at the head of `words`, up to the end of its first capitalized run.

    Lower-case words before the name stay ("police of the Autonomous Region in Muslim Mindanao", "periódico El
    Sur"); what follows the name does not ("Harbour Alliance added" -> "Harbour Alliance").
    """
    seen = False
    end = 0
    lead: list[str] = []
    for k, w in enumerate(words):
        if w[:1].isupper() or w[:1].isdigit() or "&" in w:
            seen = True
            end = k + 1
        elif w[:1] in "«“\"'":
            break
        elif seen and w.lower() not in _NAME_CONNECTORS:
            break
        elif not seen:
            lead.append(w.lower())
    # Lower-case words before the name must describe an organization ("periódico", "army's"), not an event
    # ("Peña Nieto en el acto de toma de nota al Congreso del Trabajo").
    if lead and not (
        any(w in org_nouns(lang) or w.endswith(("'s", "’s")) for w in lead)
        or (len(lead) <= 3 and not any(w in _NAME_CONNECTORS or w in ("a", "al", "to", "en") for w in lead))
    ):
        return []
    return words[:end]


def organization_in_phrase(phrase: str, lang: str) -> str | None:
    """The organization named inside a described source: "A source within the central Interior Ministry" ->
    "Interior Ministry"; "A Hampshire Police spokesman" -> "Hampshire Police"; "Biden and others in the
    Democratic Party" -> "Democratic Party" (the run shaped like an organization wins over a person's)."""
    words = phrase.split()
    if words and words[0].lower() in _DETS | {"un", "una", "unos", "unas", "los", "las"}:
        words = words[1:]
    runs: list[list[str]] = []
    k = 0
    while k < len(words):
        run = capitalized_run(words[k:], lang) if words[k][:1].isupper() else []
        if run:
            runs.append(run)
            k += len(run)
        else:
            k += 1
    lang_ = lang if lang in ("es", "en") else "en"
    shaped = [r for r in runs if is_organization_name(" ".join(r), lang_)]
    if shaped:
        return " ".join(shaped[-1])
    if not runs:
        return None
    longest: list[str] = max(runs, key=len)
    return " ".join(longest)


# --- description before a name ----------------------------------------------------------------------------------

_DETS = word_list(COMMON, "description_determiners")
_CLAUSE_BREAK = re.compile(r"[,;:.()\n«»\"“”—–]")


# A short bracket closing the description before a name: "... de las Naciones Unidas (ONU), António Guterres".
BRACKET_AT_END = re.compile(r"\s*\([^()\n]{1,15}\),\s$")


def description_before(doc: Doc, start: int, lang: str) -> str | None:
    """A determiner-led description in apposition before the name at `start`, closed by a comma.

    "El rector de la Universidad de Lerma, Juan Ortiz, pidió" -> "rector de la Universidad de Lerma";
    "The city auditor, Ruth Kemp, said" -> "city auditor". The phrase must open with a determiner at a clause
    boundary and hold a role noun ("Tras la reunión del PRI, Juan Ortiz" opens with a preposition: no role).
    """
    text = doc_text(doc)
    window = max(0, start - 160)
    bracket = BRACKET_AT_END.search(text[window:start])
    if bracket:
        end = start - len(bracket.group(0))
    elif text[:start].endswith(", "):
        end = start - 2
    else:
        return None
    seg_start = window + max((m.end() for m in _CLAUSE_BREAK.finditer(text[window:end])), default=0)
    seg = text[seg_start:end].strip()
    words = seg.split()
    if len(words) < 2 or len(words) > 14 or words[0].lower() not in _DETS:
        return None
    span = doc.char_span(seg_start, end, alignment_mode="expand")
    if span is None:
        return None
    # The head of the description: its first common noun ("city auditor": the last noun before "of/de").
    nouns = []
    for t in span:
        if t.lower_ in ("de", "del", "of", "at", "for", "en"):
            break
        if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.text[:1].islower():
            nouns.append(t)
    if not nouns or any(t.pos_ in ("VERB", "AUX") and morph_values(t, "VerbForm") == ["Fin"] for t in span):
        return None
    if not any(is_role_word(t.text, lang, by_shape=t.pos_ == "NOUN") for t in nouns):
        return None
    # A relative is no office: "el hermano de Lachlan Murdoch, James" gives neither role nor organization.
    if any(norm_key(t.lemma_) in KIN_NOUNS or norm_key(t.text) in KIN_NOUNS for t in nouns):
        return None
    return " ".join(words[1:])


# --- role and organization of a name ---------------------------------------------------------------------------


OF = {
    "es": r"(?:de la|de los|de las|del|de|en)",
    "en": r"(?:of the|of|at the|at|for the|for|within the|within|by the|by)",
}


_ROLE_SPLIT = {
    "es": re.compile(r"\s(?:de|del|en)\s+(?:(?:la|las|los|el)\s+)?(?=[A-ZÁÉÍÓÚÑ0-9])"),
    "en": re.compile(r"\s(?:of|at|for|with|from)\s+(?:the\s+)?(?=[A-Z0-9])"),
}


# A relative clause closes the apposition: "investigador de ... de la Academia de Ciencias Sociales de China y
# quien tradujo a Gabo" is a role and its organization, then a clause about the person.
_END_APPOSITION = re.compile(
    r"[,;:.()\n—–]|\s(?:dijo|afirmó|said|says|told|en el|en la|in a|in an)\s|\s(?:y |and )?(?:quien|que|who|which)\s"
)


# "NAME of the X said", "NAME, speaking for X,": the organization after a name (two cheap patterns instead of
# one with nested repetition, which backtracks badly on long tails).
_ORG_AFTER_NAME = {
    lang: re.compile(
        rf"(?:,\s+(?:speaking|hablando)\s+(?:for|por|en nombre de)|\s+{of})\s+(?:the\s+|la\s+|el\s+)?"
    )
    # Spanish takes the same prepositions as inside a mention; English only those that attach an employer
    # ("of", "at", "for"), not "by" or "within".
    for lang, of in (("es", OF["es"]), ("en", r"(?:of the|of|at the|at|for the|for)"))
}


_ORG_AFTER_NAME_END = re.compile(r"[,;.]|\s(?:said|says|told|dijo|afirmó|who|quien)\b")


def has_finite_verb(doc: Doc, start: int, end: int) -> bool:
    """An apposition is a noun phrase: "dijo que ...", "cuya muerte desató ..." are clauses, not roles."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    known_roles = role_nouns(doc.lang_)
    # A role noun the tagger read as a verb ("profesora" as a form of "profesar") does not count.
    return any(
        t.pos_ in ("VERB", "AUX") and morph_values(t, "VerbForm") == ["Fin"] and t.lower_ not in known_roles
        for t in span
    )


# Words that never start a role: prepositions, relative pronouns, adverbs, participles ("respectivamente",
# "quien asegura ...", "who paid ...", "speaking for ..."), and time and circumstance after the name.
_NOT_ROLE_START = word_list(COMMON, "not_role_start")
# Heads of sub-units: "titular de la Unidad de Desarrollo ... del Indre" names the organization after them.
_SUBUNITS = word_list(COMMON, "subunit_nouns")


def _acronym(text: str) -> bool:
    """ "CRIC", "UNAM", "PG&E", "OpenAI": one short word in capitals, or with capitals past its first letter."""
    words = text.split()
    return len(words) == 1 and len(text) <= 10 and (text.isupper() or any(c.isupper() for c in text[1:]))


def _split_role(
    segment: str, lang: str, known_orgs: frozenset[str] = frozenset(), *, by_shape: bool = False
) -> tuple[str | None, str | None]:
    """ "analista jefe de Moor Insights & Strategy" -> (org, role); None role when it does not look like one.

    A sub-unit stays in the role and the organization is the one it belongs to: "titular de la Unidad de
    Desarrollo Tecnológico del Indre" -> role "titular de la Unidad de Desarrollo Tecnológico", org "Indre".
    """
    seg = segment.strip()
    if len(seg.split()) > 16:
        # Two coordinated roles: "catedrático de Sociología de la Universidad Complutense de Madrid y director del
        # Centro de Estudios sobre Migraciones del Instituto ...": the first one, with its organization.
        first = re.split(r"\s(?:y|e|and)\s(?=\w+\s)", seg, maxsplit=1)[0]
        seg = first if len(first.split()) <= 16 and first != seg else ""
    if not seg:
        return None, None
    words = seg.split()
    if words[0].lower() in DETERMINERS:
        words = words[1:]
        seg = " ".join(words)
    if not words:
        return None, None
    first = words[0]
    if first.lower() in ("de", "del", "of", "from") and len(words) > 1:
        return _affiliation(words[1:], lang), None
    if first.lower() in _NOT_ROLE_START or first.lower().endswith(("mente", "ing")):
        return None, None
    known_roles = role_nouns(lang)
    # "the Hungarian Government commissioner responsible for defence": the capitalized words before the role
    # noun name the organization.
    lead = 0
    while lead < len(words) - 1 and words[lead][:1].isupper() and not is_role_word(words[lead], lang):
        lead += 1
    # Not a capitalized title ("the Defence Secretary", "Emma Coronel") nor a person's ("Heather Heyer's mother").
    if (
        0 < lead < len(words)
        and words[lead].islower()
        and is_role_word(words[lead], lang)
        and not any(w.endswith(("'s", "’s")) for w in words[:lead])
    ):
        rest_org, rest_role = _split_role(" ".join(words[lead:]), lang, known_orgs, by_shape=by_shape)
        if rest_role is not None:
            return rest_org or " ".join(words[:lead]), rest_role
    looks_like_role = (
        first[0].islower()
        or first.lower() in known_roles
        or any(is_role_word(w, lang, by_shape=by_shape) for w in words[:3])
    )
    if not looks_like_role:
        return None, None
    return _split_at_organization(seg, lang, known_orgs)


def _affiliation(rest: list[str], lang: str) -> str | None:
    """ "Pau Balart, de la Universitat de les Illes Balears": an affiliation without a role (the words after
    "de"/"of"), or None."""
    if rest[0].lower() in DETERMINERS and len(rest) > 1:
        rest = rest[1:]
    if rest[0][:1].isupper() and len(rest) <= 12:
        # "del Departamento de Salud Reproductiva e Investigación de la OMS": long official names are common.
        return " ".join(rest)
    # "Sergio Robles, de la agencia Quadratin": an organization noun before the name.
    if len(rest) > 1 and rest[0] in org_nouns(lang) and rest[1][:1].isupper() and len(rest) <= 8:
        return " ".join(rest)
    return None


_WITH_ARTICLE = re.compile(r"\b(?:del|de la|de los|de las|of the)\s")


def _split_at_organization(seg: str, lang: str, known_orgs: frozenset[str]) -> tuple[str | None, str | None]:
    """A role that looks like one, split at the preposition before its organization: "analista jefe de Moor
    Insights & Strategy" -> ("Moor Insights & Strategy", "analista jefe")."""
    splits = list(_ROLE_SPLIT[lang if lang in _ROLE_SPLIT else "en"].finditer(seg))
    if not splits:
        # "portavoz de la asociación Vecinos Unidos": the organization is a common noun and its name.
        inside = split_org_noun(seg, lang)
        if inside is not None:
            return inside[1], inside[0]
        return None, seg
    chosen = splits[0]
    if len(splits) > 1 and not _WITH_ARTICLE.search(chosen.group(0)):
        # "investigador de Filología Hispánica de la Academia de Ciencias Sociales": the field joins the role
        # with a bare "de"; the body comes with an article.
        with_article = [m for m in splits[1:] if _WITH_ARTICLE.search(m.group(0))]
        if with_article:
            chosen = with_article[0]
    last = seg[splits[-1].end() :].strip()
    head = seg[chosen.end() :].split()[0].lower() if seg[chosen.end() :].split() else ""
    if len(splits) > 1 and (last in known_orgs or _acronym(last)):
        # "coordinador de Defensa de la Vida y Derechos Humanos del CRIC": the unit stays in the role and
        # the organization is the last one named.
        chosen = splits[-1]
    elif len(splits) > 1 and head in _SUBUNITS:
        # A sub-unit's own name joins with a bare "de" ("Unidad de Desarrollo", "Facultad de Medicina"); the
        # body it belongs to comes with an article ("del Indre", "de la UNAM"), if it is named at all.
        with_article = [
            m for m in splits[1:] if re.search(r"\b(?:del|de la|de los|de las|of the)\s", m.group(0))
        ]
        if with_article:
            chosen = with_article[-1]
    role = seg[: chosen.start()].strip()
    org = seg[chosen.end() :].strip()
    if not role or role.lower() in _NOT_ROLE_START:
        return (org or None), None
    return (org or None), role


def _title_before(doc: Doc, start: int, lang: str) -> str | None:
    """Role words right before a name in the same noun phrase ("Regional Governor", "la coautora").

    Organization names written before the role ("OpenAI CEO") are proper nouns; a capitalized adjective that
    only opens the sentence ("Local prosecutor Remy Heitz") is left out.
    """
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return None
    i = span[0].i
    known_roles = role_nouns(lang)
    tokens: list[Token] = []
    j = i - 1
    while j >= 0 and j >= i - 4:
        t = doc[j]
        if t.is_punct or t.is_space or t.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "CCONJ", "DET", "PRON", "NUM"):
            break
        if t.ent_type_ in ("PER", "PERSON") and t.lower_.rstrip(".") not in known_roles:
            break
        tokens.insert(0, t)
        j -= 1
    org_words = lexicon(lang).orgwords
    words = [
        t.text
        for t in tokens
        if t.pos_ == "PROPN" or t.text in org_words or t.lower_.rstrip(".") in known_roles or t.is_lower
    ]
    if not words or not any(w.lower() in known_roles for w in words):
        return None
    return " ".join(words)


def role_and_org(
    doc: Doc, name: str, lang: str, known_orgs: frozenset[str] = frozenset()
) -> tuple[str | None, str | None]:
    """Organization and role written next to a mention of `name`: apposition after it or title before it.

    In English a place is where the office is, not an organization: "Anne Hidalgo, mayor of Paris" has no
    organization. Spanish news names clubs and governments by their place ("el candidato a la presidencia
    del Barcelona", "jefe de Gobierno de la CDMX"), so there the place stays (measured: dropping it loses 10
    of 1,793 Spanish quotes and gains 7 of 1,045 English ones).
    """
    org, role = _role_and_org_as_written(doc, name, lang, known_orgs)
    if org is not None and lang == "en" and is_place(doc, org, lang):
        return None, role
    if org is not None and lang == "es" and LEADING_ARTICLE.sub("", org.strip()) in _COUNTRIES_ES:
        # "expresidente de México", "secretario de Estado de Estados Unidos": the country is where the office
        # is; the organization, if any, is named elsewhere.
        return None, role
    if org is None and role is not None:
        # "Walter Hanek, director general de la empresa": the body the role names by a common noun is the
        # organization of that kind named last before the person.
        org = org_named_by_noun(doc, name, role, lang)
    return org, role


def _written_at(text: str, name: str) -> list[int]:
    """Where `name` starts in `text`, left to right without overlap (what ``re.finditer`` of the escaped
    name finds, without compiling a pattern per name)."""
    if not name:
        return list(range(len(text) + 1))  # an empty pattern matches at every position
    out, at = [], text.find(name)
    while at >= 0:
        out.append(at)
        at = text.find(name, at + len(name))
    return out


def _role_and_org_as_written(
    doc: Doc, name: str, lang: str, known_orgs: frozenset[str] = frozenset()
) -> tuple[str | None, str | None]:
    """Organization and role at the first mention of `name` that states a role, else an organization stated
    after any mention (an affiliation after the name wins over the words before a title)."""
    text = doc_text(doc)
    fallback_org = None
    for start in _written_at(text, name):
        end = start + len(name)
        org, role = _apposition_after(doc, text, end, lang, known_orgs)
        if role is not None:
            return org, role
        if org is not None and fallback_org is None:
            fallback_org = org
        if fallback_org is None:
            fallback_org = _org_after_name(text, end, lang)
        stacked = _org_title_before(doc, start, lang)
        if stacked is not None:
            # "Rutgers University political scholar Kelly Dittmar", "The Labour Party's leader, Jeremy Corbyn".
            return fallback_org or stacked[0], stacked[1]
        described = _role_before(doc, text, start, lang, known_orgs)
        if described is not None:
            # "el ministro de Asuntos Exteriores, Luigi Di Maio, del Movimiento 5 Estrellas": the affiliation
            # stated after the name is the person's; "Asuntos Exteriores" is a portfolio.
            return fallback_org or described[0], described[1]
        titled = _title_role(doc, start, lang)
        if titled is not None:
            # An affiliation stated after the name wins over a word before the title: "Planetary scientist
            # Vlada Stamenković of the NASA Jet Propulsion Laboratory".
            return fallback_org or titled[0] or None, titled[1]
    return fallback_org, None


def _apposition_after(
    doc: Doc, text: str, end: int, lang: str, known_orgs: frozenset[str]
) -> tuple[str | None, str | None]:
    """Apposition: "NAME, analista jefe de Moor Insights & Strategy, ..." / "NAME, the Defence Secretary;"."""
    after = text[end : end + 200]
    if not after.startswith(", "):
        return None, None
    seg = _END_APPOSITION.split(after[2:], maxsplit=1)[0].strip()
    if has_finite_verb(doc, end + 2, end + 2 + len(seg)):
        return None, None
    return _split_role(seg, lang, known_orgs, by_shape=True)


def _org_after_name(text: str, end: int, lang: str) -> str | None:
    """ "NAME of the X" / "NAME, speaking for X": an organization without a role."""
    tail = text[end : end + 150]
    lead = _ORG_AFTER_NAME[lang if lang in _ORG_AFTER_NAME else "en"].match(tail)
    if not lead:
        return None
    rest = tail[lead.end() :]
    stop = _ORG_AFTER_NAME_END.search(rest)
    # Only the capitalized run: "Jane Roe of the Harbour Alliance added, ..." stops before "added".
    # No stop within the window: the run itself ends the organization ("Bill Gerstenmaier of NASA spoke of ...").
    words = capitalized_run((rest[: stop.start()] if stop else rest).split(), lang)
    if 0 < len(words) <= 10 and any(w[:1].isupper() for w in words):
        return " ".join(words)
    return None


def _role_before(
    doc: Doc, text: str, start: int, lang: str, known_orgs: frozenset[str]
) -> tuple[str | None, str] | None:
    """(organization, role) of a description in apposition before the name: "el secretario de Salud federal,
    Jorge Alcocer", or None."""
    before = text[max(0, start - 120) : start]
    titled = _TITLE_AFTER_COMMA.search(before)
    if titled is not None and all(is_role_word(w, lang) for w in titled.group(1).split()):
        # "El ministro de la Defensa, general Ismael Hurtado": the description before the title is his.
        return _role_before(doc, text, start - len(titled.group(1)), lang, known_orgs)
    # "el secretario general de la Organización de las Naciones Unidas (ONU), António Guterres": the
    # acronym in brackets belongs to the description.
    before = BRACKET_AT_END.sub(", ", before)
    if not before.endswith(", "):
        return _role_of_org_before(doc, before, start, lang, known_orgs)
    seg = re.split(r"[,;:.()\n]", before[:-2])[-1]
    words = seg.split()
    known_roles = role_nouns(lang)
    at = next((k for k, w in enumerate(words) if w.lower() in known_roles), None)
    if (
        at is not None
        and len(words) - at <= 12
        # A clause is no description: "la escritora Beatriz Gutiérrez respondió al Premio Nobel, ...".
        and not has_finite_verb(doc, start - 2 - len(" ".join(words[at:])), start - 2)
    ):
        org, role = _split_role(" ".join(words[at:]), lang, known_orgs)
        if role is not None:
            return org, role
    # A determiner-led description whose role noun is not listed: "El rector de la Universidad de Lerma, Juan
    # Ortiz, pidió ...", "The city auditor, Ruth Kemp, said ...".
    described = description_before(doc, start, lang)
    if described is not None:
        org, role = _split_role(described, lang, known_orgs, by_shape=True)
        if role is not None:
            return org, role
    return None


def _role_of_org_before(
    doc: Doc, before: str, start: int, lang: str, known_orgs: frozenset[str]
) -> tuple[str | None, str] | None:
    """ "El exjefe de la CIA Michael Hayden", "la portavoz del Departamento de Estado Heather Nauert": a role
    noun and its organization run straight into the name, with no comma (Spanish only)."""
    if lang != "es" or not before.endswith(" ") or not before.rstrip()[-1:].isalnum():
        return None
    words = re.split(r"[,;:.()\n«»\"“”]", before)[-1].split()
    at = next((k for k, w in enumerate(words) if is_role_word(w, lang)), None)
    if at is None or len(words) - at > 10 or not words[-1][:1].isupper():
        return None
    phrase = " ".join(words[at:])
    if has_finite_verb(doc, start - 1 - len(phrase), start - 1):
        return None
    org, role = _split_role(phrase, lang, known_orgs)
    # Only a capitalized organization ends the phrase: "el diputado de esta formación" names none.
    if org is None or role is None or not org[:1].isupper():
        return None
    return org, role


def _title_role(doc: Doc, start: int, lang: str) -> tuple[str, str] | None:
    """(organization words, role) of a title before the name: "OpenAI CEO Sam Altman" -> ("OpenAI", "CEO"),
    "Chief Superintendent Graciano Mijares" -> ("", "Chief Superintendent"), or None."""
    found = _title_before(doc, start, lang)
    if found is None:
        return None
    # Organization words written before the role ("OpenAI CEO", "Council spokesperson").
    words = found.split()
    lead: list[str] = []
    while (
        len(words) > 1
        and words[0].lower().rstrip(".") not in TITLE_WORDS
        and words[0][:1].isupper()
        # "Interior Minister" is a role; "Foreign Ministry spokesman" names the ministry.
        and not (is_portfolio(words[0], lang) and is_role_word(words[1], lang))
    ):
        lead.append(words.pop(0))
    return " ".join(lead), " ".join(words)


_ORG_RUN_LINKS = frozenset({"of", "and", "&", "for", "de", "del", "la", "las", "los", "y"})


def _org_title_before(doc: Doc, start: int, lang: str) -> tuple[str, str] | None:
    """(organization, role) stacked before an English name: "Vatican archbishop Charles Scicluna", "Former CIA
    deputy director Michael Morell", "a United States Department of State spokesperson, Morgan Ortagus", "The
    Labour Party's leader, Jeremy Corbyn": a capitalized run, then lower-case words holding a role noun."""
    if lang != "en":
        return None
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return None
    j = span[0].i - 1
    if j >= 0 and doc[j].text == ",":
        j -= 1
    role: list[Token] = []
    while j >= 0 and doc[j].is_lower and doc[j].is_alpha and doc[j].pos_ in ("NOUN", "ADJ", "PROPN"):
        role.insert(0, doc[j])
        j -= 1
    if not role or not any(is_role_word(t.text, lang, by_shape=t.pos_ == "NOUN") for t in role):
        return None
    if any(norm_key(t.text) in KIN_NOUNS for t in role):
        return None  # "Dunn's mother, Charlotte Charles": a relative, no office
    if j >= 0 and doc[j].lower_ in ("'s", "’s"):
        j -= 1
    org: list[Token] = []
    while j >= 0 and len(org) < 10 and (
        doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() or (org and doc[j].lower_ in _ORG_RUN_LINKS and j > 0)
    ):
        org.insert(0, doc[j])
        j -= 1
    if j >= 0 and doc[j].pos_ == "DET":
        j -= 1
    if j >= 0 and doc[j].pos_ == "ADP":
        return None  # "head of UK's counter terror police, Neil Basu": the run is inside a phrase
    while org and (org[0].lower_ in _ORG_RUN_LINKS or org[0].lower_.rstrip(".") in TITLE_WORDS):
        org.pop(0)
    if not org:
        return None
    name = doc[org[0].i : org[-1].i + 1].text
    persons = {e.text for e in article_entities(doc, lang) if e.label == "PER"}
    if name in persons or any(p.endswith(" " + name) for p in persons):
        return None  # "Trump loyalist Stephen Schwarzman": a person's follower, no organization
    if is_portfolio(org[-1].text, lang) or len(name) < 2:
        return None
    return name, " ".join(t.text for t in role)
