"""Attribution across the article: from the source as written to the speaker, its type, organization and role.

An extractor gives each quote the source *as written* next to its cue: a name ("Moorhead"), a pronoun ("he"),
a nominal ("la compañía"), nothing at all (Spanish drops the subject: "Añade que ..."), or no cue (a paragraph
that continues a quotation). This module resolves those across the article:

- names go to the fullest form of the same name in the article ("Moorhead" -> "Patrick Moorhead");
- pronouns, dropped subjects and cue-less quotations go to the speaker in context: the previous quote's
  speaker, as news style makes it (a reporter does not switch speakers without naming the new one), or a
  person or organization named since as the subject of a main clause or by "para X," / "según X"; pronouns
  must agree in gender and number ("she" is not Omar Haddad, "they" is not one person), a singular verb
  does not continue a plural group, and a subject written after the cue counts ("..., explicó a AFP
  Factual Kenneth Witwer");
- nominals go to the most recent entity of the matching type ("la compañía" -> "Amazon"), or to the person
  whose role the nominal names ("the Prime Minister" -> "Igor Matovič"), never a former holder;
- descriptions go to the person named in apposition ("His daughter, ..., Sharmistha Mukherjee wrote") and
  documents to their author ("Según el estudio" -> the university that published it);
- organization and role come from appositions ("Patrick Moorhead, analista jefe de Moor Insights &
  Strategy"), titles before the name ("OpenAI CEO Sam Altman", "Chief Superintendent Graciano Mijares of the
  police"), and carry over to every later quote of the same speaker.

A source that cannot be found leaves `speaker` None rather than a guess.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import attrs
from spacy.tokens import Doc, Span, Token

from quotes import entities as _entities
from quotes import roles as _roles
from quotes.doctext import doc_text
from quotes.lexicons import DOCUMENT_NOUNS, NOMINALS, TITLES
from quotes.models import MentionKind, Quote, SpeakerType


@attrs.frozen
class _Ent:
    start_char: int
    end_char: int
    text: str
    label: str


def _article_entities(doc: Doc, lang: str) -> list[_Ent]:
    # Masked numbers in the corpus text ("el *NUMBER* de mayo") are no names.
    return [
        _Ent(e.start_char, e.end_char, e.text, e.label)
        for e in _entities.article_entities(doc, lang)
        if re.sub(r"\bNUMBER\b", "", e.text).strip(" *")
    ]


def _name_type(doc: Doc, start: int, end: int, lang: str) -> SpeakerType | None:
    return _entities.name_type(doc, start, end, lang)


_DETERMINERS = frozenset("el la los las lo un una unos unas the a an".split())
_POSSESSIVE = re.compile(r"['’]s?$")
# Two capitalized names joined by "y"/"and" with nothing in lower case but name particles.
_COORDINATED_NAMES = re.compile(
    r"^(?:(?:the|el|la|los|las)\s+)?[A-ZÁÉÍÓÚÑ][\w&.'’-]*(?:\s+(?:[A-ZÁÉÍÓÚÑ][\w&.'’-]*|de|del|la|las|los|of|the|&))*"
    r"\s+(?:y|e|and)\s+(?:(?:La|El|Los|Las|The)\s+)?[A-ZÁÉÍÓÚÑ][\w&.'’-]*(?:\s+(?:[A-ZÁÉÍÓÚÑ][\w&.'’-]*|de|del|la|of|the|&))*$"
)
# Generic titles that stand for whoever is in focus (unlike "the mayor", which names an office).
_GENERIC_PERSON_NOMINALS = frozenset(
    "mandatario mandataria funcionario funcionaria galeno médico médica especialista experto experta "
    "investigador investigadora científico científica official executive expert researcher scientist".split()
)
# How far back (characters) an organization named as a subject still stands for "la compañía".
_NOMINAL_CHARS = 800
# How far back (characters) the previous speaker still holds for a pronoun, a dropped subject or a
# quotation without a cue.
_CONTEXT_CHARS = 1500


@attrs.define
class _Speaker:
    name: str
    type: SpeakerType | None
    organization: str | None = None
    role: str | None = None


def attribute(doc: Doc, quotes: list[Quote], lang: str) -> list[Quote]:
    """Resolve each quote's source mention to a speaker with type, organization and role."""
    if not quotes:
        return []
    table = _NameTable(doc, lang)
    contents = [(q.start, q.end) for q in quotes]
    subjects = table.subjects = _subject_entities(doc, table, contents)
    out: list[Quote] = []
    previous: Quote | None = None
    for quote in quotes:
        if _addressee(doc, quote):
            # "explica en diálogo con BBC Mundo", "declaró a Televisa": the medium addressed is not the
            # source; the subject is dropped (or written after it).
            quote = attrs.evolve(
                quote, mention=None, mention_start=None, mention_end=None, mention_kind=MentionKind.DROPPED
            )
        anchor = quote.cue_start if quote.cue_start is not None else quote.start
        form = _pronoun_form(quote.mention) if quote.mention_kind is MentionKind.PRONOUN else None
        postposed = (
            _postposed_subject(doc, quote, table, lang) if quote.mention_kind is MentionKind.DROPPED else None
        )
        if postposed is not None:
            speaker = postposed
        elif form is not None:
            speaker = _agreeing_antecedent(doc, quote, form, out, table, lang)
        elif quote.mention_kind is MentionKind.DROPPED and _plural_cue(doc, quote):
            # "Denunciaron que ...": a plural dropped subject is a group or a body ("De igual forma, indican
            # que ..." after "la organización explica"), never the last named person.
            speaker = _place_as_source(doc, quote, table)
            if (
                speaker is None
                and previous is not None
                and previous.speaker_type in (SpeakerType.OTHER, SpeakerType.ORGANIZATION)
                and quote.start - previous.end < _CONTEXT_CHARS
            ):
                speaker = _Speaker(
                    previous.speaker or "", previous.speaker_type, previous.organization, previous.role
                )
        elif quote.mention_kind is MentionKind.DROPPED:
            # Spanish drops the subject: the speaker is the last one named as a subject before the cue,
            # a previous quote's speaker or a person introduced in a sentence of its own. A singular verb
            # does not continue a plural group ("los investigadores advirtieron ... Thwaites expresó ...
            # Aseguró ..."): the last singular source does.
            singular = [q for q in out if q.speaker is not None and not _plural_source(doc, q)]
            previous = singular[-1] if singular else None
            named = [(pos, e) for pos, e in subjects if pos < anchor and anchor - pos < _CONTEXT_CHARS]
            if named and (
                previous is None
                or previous.cue_start is None
                or named[-1][0] > (previous.mention_start or previous.cue_start)
            ):
                e = named[-1][1]
                speaker = _named(
                    doc,
                    table.fullest(e.text) if e.label == "PER" else e.text,
                    table,
                    e.start_char,
                    e.end_char,
                )
                if e.label == "ORG":
                    speaker = _Speaker(e.text, SpeakerType.ORGANIZATION, e.text, None)
            else:
                speaker = _resolve(doc, quote, previous, table, lang)
        else:
            speaker = _resolve(doc, quote, previous, table, lang)
        if speaker is None and quote.mention_kind is MentionKind.DROPPED and not _plural_cue(doc, quote):
            speaker = _nearest_named(doc, anchor, table, contents)
        if speaker is None and quote.mention_kind is MentionKind.DROPPED and not _plural_cue(doc, quote):
            speaker = _introduced_next(doc, quote, table)
        if speaker is None:
            resolved = attrs.evolve(quote, speaker=None, speaker_type=None, organization=None, role=None)
            # A quotation without a cue and without a speaker in context is most likely not a quote.
            if quote.mention_kind is MentionKind.NONE and quote.cue is None:
                continue
        else:
            resolved = attrs.evolve(
                quote,
                speaker=speaker.name,
                speaker_type=speaker.type,
                organization=speaker.organization,
                role=speaker.role,
            )
        out.append(resolved)
        if resolved.speaker is not None:
            previous = resolved
    return _roles.expand_quote_acronyms(doc, _person_organizations(doc, out, table, lang))


# Pronouns that say the gender or number of their antecedent ("She added" is not Omar Haddad; "they" is
# not one person). "It"/"its" stand for an organization or a document, never a person.
_PRONOUN_FORMS = {
    "he": "m", "him": "m", "his": "m", "himself": "m", "él": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f", "ella": "f",
    "they": "pl", "them": "pl", "their": "pl", "themselves": "pl", "ellos": "pl", "ellas": "pl",
    "it": "it", "its": "it", "itself": "it",
}  # fmt: skip


def _pronoun_form(mention: str | None) -> str | None:
    return _PRONOUN_FORMS.get((mention or "").strip().lower())


def _agrees(form: str, speaker: _Speaker, lang: str) -> bool:
    """Whether a pronoun of `form` ("m", "f", "pl", "it") can stand for `speaker`."""
    if form in ("m", "f"):
        if speaker.type is not SpeakerType.PERSON:
            return False
        sex = _entities.name_sex(speaker.name, lang)
        return sex is None or sex == form
    # "They also said they believed ...": a department or a group; "its polling": an organization.
    return speaker.type is not SpeakerType.PERSON


def _agreeing_antecedent(
    doc: Doc, quote: Quote, form: str, earlier: list[Quote], table: _NameTable, lang: str
) -> _Speaker | None:
    """The most recent source that agrees with the pronoun: an earlier quote's speaker or a person or
    organization named as the subject of a main clause, newest first.

    "Mayor Lisa Grant said ... Councillor Omar Haddad warned ... She added ...": the previous speaker is a man,
    so "She" goes back to Lisa Grant. When no source agrees, the nearest named person who does (any clause).
    """
    start = quote.mention_start if quote.mention_start is not None else quote.start
    candidates: list[tuple[int, int, object]] = []
    for q in earlier:
        if q.speaker is None:
            continue
        pos = q.mention_start if q.mention_start is not None else (q.cue_start if q.cue_start is not None else q.start)
        if pos < start and start - pos < _CONTEXT_CHARS:
            candidates.append((pos, 1, q))
    # A sentence that already gave a quote its source is represented by that quote: "said Delfin
    # Lorenzana, the Defence Secretary" names one person, not a second one called "Defence Secretary".
    sourced = set()
    for q in earlier:
        at = q.mention_start if q.mention_start is not None else q.cue_start
        span = doc.char_span(at, at + 1, alignment_mode="expand") if at is not None else None
        if span is not None and len(span):
            sourced.add(span[0].sent.start)
    for pos, e in table.subjects:
        if pos < start and start - pos < _CONTEXT_CHARS:
            span = doc.char_span(e.start_char, e.end_char, alignment_mode="expand")
            if span is not None and len(span) and span[0].sent.start in sourced:
                continue
            candidates.append((pos, 0, e))
    candidates.sort(key=lambda c: (c[0], c[1]))
    for _pos, _rank, c in reversed(candidates):
        if isinstance(c, Quote):
            speaker = _Speaker(c.speaker or "", c.speaker_type, c.organization, c.role)
        else:
            assert isinstance(c, _Ent)
            if c.label == "ORG":
                speaker = _Speaker(c.text, SpeakerType.ORGANIZATION, c.text, None)
            else:
                speaker = _named(doc, table.fullest(c.text), table, c.start_char, c.end_char)
        if _agrees(form, speaker, lang):
            return speaker
    if form in ("m", "f"):
        for e in reversed([e for e in table.ents if e.label == "PER" and e.end_char <= start]):
            speaker = _named(doc, table.fullest(e.text), table, e.start_char, e.end_char)
            if _agrees(form, speaker, lang):
                return speaker
    return None


# Prepositions that introduce the one spoken to or the medium spoken in, never the speaker.
_ADDRESSEE_PREPOSITIONS = {
    "es": frozenset("a al con en".split()),
    "en": frozenset(),  # "told" takes its addressee without a preposition; "to" mostly follows "according"
}


def _addressee(doc: Doc, quote: Quote) -> bool:
    """Whether the source as written is the object of "a", "con", "en", "to": "dijo a EL UNIVERSAL"."""
    if quote.mention_start is None or quote.mention_kind not in (
        MentionKind.NAME, MentionKind.NOMINAL, MentionKind.OTHER
    ):
        return False
    span = doc.char_span(quote.mention_start, quote.mention_start + 1, alignment_mode="expand")
    if span is None or not len(span) or span[0].i == 0:
        return False
    before = span[0] if span[0].pos_ == "ADP" else doc[span[0].i - 1]
    if before.pos_ != "ADP" or before.lower_ not in _ADDRESSEE_PREPOSITIONS.get(doc.lang_, frozenset()):
        return False
    # "de acuerdo a X", "conforme a X", "according to X" introduce the source itself.
    lead = " ".join(t.lower_ for t in doc[max(0, before.i - 2) : before.i])
    return not lead.endswith(("acuerdo", "conforme", "according", "acorde"))


def _postposed_subject(doc: Doc, quote: Quote, table: _NameTable, lang: str) -> _Speaker | None:
    """A subject written after the cue that the parse did not attach as one.

    "..., explicó a AFP Factual Kenneth Witwer, profesor de patología ...": the addressee "a AFP Factual"
    comes first, then the speaker; "«...», aseguran fuentes de la consejería.": the parser reads "fuentes"
    as an object. The phrase must close the clause (a comma, a full stop or the end) and agree in number
    with the verb; a person right after "a"/"to" is the addressee, not the speaker.
    """
    if quote.cue_end is None or quote.cue_start is None or quote.cue_start < quote.end:
        return None  # only "CONTENT, cue SUBJECT": the cue after the content
    cue = doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand")
    if cue is None or not len(cue):
        return None
    verb = cue[-1]
    if any(c.dep_ in ("nsubj", "nsubj:pass", "nsubjpass") for c in verb.children):
        return None
    plural = _plural_cue(doc, quote)
    k = verb.i + 1
    sent_end = verb.sent.end
    # An addressee first: "a AFP Factual", "al diario El País", "to Reuters".
    person_starts = {e.start_char for e in table.ents if e.label == "PER"}
    if k < sent_end and doc[k].lower_ in ("a", "al", "to"):
        j = k + 1
        while j < sent_end and doc[j].pos_ == "DET":
            j += 1
        start = j
        # The addressee is a name that is not a person's; a person right after "a" is the one addressed.
        while j < sent_end and j - start < 6 and _capitalized(doc[j]) and doc[j].idx not in person_starts:
            j += 1
        if j == start or j >= sent_end or doc[j].idx not in person_starts:
            return None
        k = j
    if k >= sent_end or doc[k].pos_ not in ("DET", "NOUN", "PROPN", "NUM"):
        return None
    head = doc[k]
    while head.i + 1 < sent_end and head.pos_ == "DET":
        head = doc[head.i + 1]
    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    if _entities.is_plural_token(head) != plural and head.pos_ == "NOUN":
        return None
    # The phrase: up to the first comma, full stop or end of sentence.
    j = k
    while j < sent_end and doc[j].text not in (",", ".", ";", ":", "(", "—"):
        j += 1
    if j - k > 12 or _has_finite_verb(doc, doc[k].idx, doc[j - 1].idx + len(doc[j - 1])):
        return None
    phrase = doc[k:j]
    person = next(
        (e for e in table.ents if e.label == "PER" and e.start_char == doc[k].idx and e.end_char <= phrase.end_char),
        None,
    )
    if person is not None:
        full = table.full_form(person.start_char, person.end_char, person.text)
        return _named(doc, _clean_person_name(full, lang), table, person.start_char, person.end_char)
    if plural and head.pos_ == "NOUN":
        sub = attrs.evolve(
            quote,
            mention=phrase.text,
            mention_start=phrase.start_char,
            mention_end=phrase.end_char,
            mention_kind=MentionKind.OTHER,
        )
        return _other(doc, sub, table, lang)
    return None


def _plural_source(doc: Doc, quote: Quote) -> bool:
    """Whether a resolved quote's source is a plural group: "los expertos", "fuentes", "Denunciaron"."""
    if quote.mention_kind is MentionKind.DROPPED:
        return _plural_cue(doc, quote)
    if quote.mention_kind not in (MentionKind.NOMINAL, MentionKind.OTHER) or quote.mention_start is None:
        return False
    span = doc.char_span(quote.mention_start, quote.mention_end or quote.mention_start, alignment_mode="expand")
    return span is not None and len(span) > 0 and _entities.is_plural_token(span.root)


def _after_preposition(doc: Doc, start: int) -> bool:
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return span is not None and span[0].i > 0 and doc[span[0].i - 1].pos_ == "ADP"


def _named_modifier(doc: Doc, quote: Quote) -> bool:
    """Whether a nominal source carries a proper-noun modifier before its head: "the Saudi government"."""
    assert quote.mention_start is not None and quote.mention_end is not None
    span = doc.char_span(quote.mention_start, quote.mention_end, alignment_mode="expand")
    if span is None or len(span) < 2:
        return False
    root = span.root
    # "the director of X", "el gobierno de Nicolás Maduro": a head with its own complement; "A Hampshire
    # Police spokesman": a person, left to the role rules.
    if root.i != span.end - 1 or root.pos_ != "NOUN" or NOMINALS.get(doc.lang_, {}).get(root.lower_) == "person":
        return False
    before = doc[root.i - 1]
    return before.i > span.start and before.text[:1].isupper() and before.dep_ in ("amod", "compound", "nmod")


def _place_as_source(doc: Doc, quote: Quote, table: _NameTable) -> _Speaker | None:
    """Spanish impersonal plural with the body as a place: "En el Ministerio de Vivienda aseguran que ..."
    -> the ministry; "En la oficina de prensa de la Policía indicaron ..." -> that office."""
    if quote.cue_start is None or quote.cue_end is None:
        return None
    span = doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    verb = span.root
    for child in verb.children:
        if child.dep_ not in ("obl", "obl:arg", "nmod") or child.i > verb.i:
            continue
        if not any(c.dep_ == "case" and c.lower_ == "en" for c in child.children):
            continue
        lo = child.left_edge.i
        while lo <= child.i and doc[lo].pos_ in ("ADP", "DET"):
            lo += 1
        phrase = doc[lo : child.right_edge.i + 1]
        if not len(phrase):
            continue
        inside = _entity_in(table, child)
        is_org = (inside is not None and inside.label == "ORG") or (
            _nominal_type(phrase.text, "es") == "organization"
            and _entities.name_type(doc, phrase.start_char, phrase.end_char, "es") is SpeakerType.ORGANIZATION
        )
        if is_org:
            org = inside.text if inside is not None and inside.label == "ORG" else phrase.text
            return _Speaker(phrase.text, SpeakerType.ORGANIZATION, org, None)
    return None


def _nearest_named(doc: Doc, anchor: int, table: _NameTable, contents: list[tuple[int, int]]) -> _Speaker | None:
    """For a dropped subject left without a source: the nearest person named before the cue in the same
    paragraph, outside quotations, whatever the parse made of its clause.

    "Jaime Rodríguez Calderón "El Bronco", candidato independiente, aseguró que ...": the nickname in marks
    breaks the parse, so the name is not seen as the subject, yet it is the only one the verb can have.
    """
    text = doc_text(doc)
    paragraph = text.rfind("\n", 0, anchor) + 1
    for e in reversed(table.ents):
        if e.label != "PER" or e.end_char > anchor or e.start_char < paragraph:
            continue
        if any(s <= e.start_char < t for s, t in contents):
            continue
        return _named(doc, table.fullest(e.text), table, e.start_char, e.end_char)
    return None


# How far after a quotation (characters) the source may still be introduced for the first time.
_CATAPHORA_CHARS = 300


def _introduced_next(doc: Doc, quote: Quote, table: _NameTable) -> _Speaker | None:
    """A headline or lead quotation with no source yet: the person or organization named as the subject
    right after it.

    ""Se trata de un don, nunca un derecho", asegura / El obispo de Córdoba, Demetrio Fernández, ha
    subrayado ...": news headlines quote before they name.
    """
    for pos, e in table.subjects:
        if quote.end <= pos < quote.end + _CATAPHORA_CHARS:
            if e.label == "ORG":
                return _Speaker(e.text, SpeakerType.ORGANIZATION, e.text, None)
            return _named(doc, table.fullest(e.text), table, e.start_char, e.end_char)
    return None


def _subject_entities(doc: Doc, table: _NameTable, contents: list[tuple[int, int]]) -> list[tuple[int, _Ent]]:
    """Persons and organizations named as the subject of a clause, outside quote contents, by position."""
    out = []
    for e in table.ents:
        if e.label not in ("PER", "ORG"):
            continue
        if any(s <= e.start_char < t for s, t in contents):
            continue
        span = doc.char_span(e.start_char, e.end_char, alignment_mode="expand")
        if span is None or not len(span):
            continue
        t = span.root
        for _ in range(3):
            if t.dep_ in ("flat", "flat:name", "compound", "appos") and t.head is not t:
                t = t.head
            else:
                break
        # Only subjects of main clauses introduce a speaker ("la vacuna que aprobó la OMS" does not).
        if t.dep_ in ("nsubj", "nsubj:pass", "nsubjpass") and t.head.dep_ in ("ROOT", "conj", "parataxis"):
            out.append((e.start_char, e))
        elif _source_phrase(t):
            # "Para la urbanista Marta Solís, el plan llega tarde. «...», explica.": a source introduced by
            # "para" / "según" / "according to" is the one a later bare cue continues.
            out.append((e.start_char, e))
    return out


_SOURCE_PREPOSITIONS = frozenset({"para", "según", "segun", "to"})


def _source_phrase(token: Token) -> bool:
    """Whether `token` heads the object of "para X," / "según X" / "according to X" opening its clause."""
    if token.dep_ not in ("obl", "nmod", "pobj", "obl:arg"):
        return False
    case = [c for c in token.children if c.dep_ == "case"] or ([token.head] if token.dep_ == "pobj" else [])
    if not case or case[0].lower_ not in _SOURCE_PREPOSITIONS:
        return False
    if case[0].lower_ == "to" and not (case[0].i > 0 and token.doc[case[0].i - 1].lower_ == "according"):
        return False
    # The phrase stands before the clause it qualifies, set off by a comma ("Para X, ..."), or after it.
    return any(t.text == "," for t in token.doc[token.i : min(len(token.doc), token.i + 30)])


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _clean_person_name(name: str, lang: str) -> str:
    """A person entity without the titles and places written before it.

    "Montana Secretary of State Corey Stapleton" -> "Corey Stapleton"; "Prime Minister Igor Matovič" ->
    "Igor Matovič".
    """
    words = name.split()
    cut = 0
    # Office nouns as well as titles: "Mayor Lisa Grant", "Senator Ann Lee".
    roles = _roles.role_nouns(lang)
    for k, w in enumerate(words[:-1]):
        if w.lower().rstrip(".") in roles:
            cut = k + 1
    words = words[cut:]
    if len(words) > 1 and words[0].lower() in ("of", "de", "del", "for", "the"):
        given = _given_names(lang)
        starts = [k for k, w in enumerate(words) if w in given]
        words = words[starts[0] :] if starts else words[1:]
    return " ".join(words) or name


_TITLE_WORDS = frozenset(t.rstrip(".") for t in TITLES)


@cache
def _strip_determiner(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    return " ".join(words)


# Words that make a role a past one ("former governor", "el ex presidente", "then-manager").
_FORMER = frozenset("former ex ex- then antiguo antigua late".split())


class _NameTable:
    """Names of persons and organizations in the article, with their fullest form, role and organization."""

    def __init__(self, doc: Doc, lang: str) -> None:
        self.doc = doc
        self.lang = lang
        self.ents = _article_entities(doc, lang)
        self.persons: list[str] = []
        self.orgs: list[str] = []
        for e in self.ents:
            name = (
                _clean_person_name(_POSSESSIVE.sub("", e.text.strip()), lang)
                if e.label == "PER"
                else e.text.strip()
            )
            if e.label == "PER" and name not in self.persons:
                self.persons.append(name)
            elif e.label == "ORG" and name not in self.orgs:
                self.orgs.append(name)
        self._details: dict[str, tuple[str | None, str | None]] = {}
        self.subjects: list[tuple[int, _Ent]] = []

    def fullest(self, name: str, sex: str | None = None) -> str:
        """The longest person name in the article that ends with (or contains) `name`'s words (and whose
        given name does not contradict the honorific's `sex`, "m" or "f")."""
        words = _norm(name).split()
        if not words:
            return name
        best = name
        for full in self.persons:
            fw = _norm(full).split()
            if len(fw) <= len(words) or _entities.sex_conflict(full, sex, self.lang):
                continue
            contiguous = any(fw[i : i + len(words)] == words for i in range(len(fw) - len(words) + 1))
            # "Moorhead" ends "Patrick Moorhead"; "Ponce de León" and "Horacio Sosa" sit inside
            # "Samuel Ponce de León Rosales" and "Horacio Sosa Villavicencio" (Spanish double surnames).
            if self.lang == "en":
                fw = _entities.strip_name_suffixes(fw)
            if fw[-len(words) :] == words or (
                self.lang != "en" and ((len(words) == 1 and words[0] in fw) or (len(words) > 1 and contiguous))
            ):
                if len(full) > len(best):
                    best = full
        if best == name and len(words) == 1:
            # A surname whose full form the recognizer left unlabelled ("Balart" after "Pau Balart", with
            # no NER in the pipeline): any longer name ending with it, titles and places removed.
            for e in self.ents:
                if e.label not in ("MISC", "PER"):
                    continue
                full = _clean_person_name(_POSSESSIVE.sub("", e.text.strip()), self.lang)
                fw = _norm(full).split()
                if _entities.sex_conflict(full, sex, self.lang):
                    continue
                if 1 < len(fw) <= 5 and fw[-1] == words[0] and full[:1].isupper() and len(full) > len(best):
                    best = full
        return best

    def full_form(self, start: int, end: int, text: str) -> str:
        """The fullest name of the entity written at [start, end) ("Sosa" -> "Horacio Sosa Villavicencio")."""
        full = _entities.fullest_name(self.doc, start, end, self.lang)
        full = _clean_person_name(_POSSESSIVE.sub("", full.strip()), self.lang) if full else None
        mine = self.fullest(text, _entities.honorific_sex(self.doc, start))
        # Only a longer form of the same name: it ends like it ("Sosa" -> "Horacio Sosa Villavicencio") or
        # is the organization an acronym stands for ("PG&E" -> "Pacific Gas and Electric Company").
        last = _norm(text).split()[-1:] if text.strip() else []
        if full and _norm(full).split()[-1:] != last and not (text.isupper() or "&" in text):
            full = None
        return max((full or text, mine), key=len)

    def person_inside(self, start: int, end: int) -> Span | None:
        """A person entity within [start, end) ("Chief Superintendent Graciano Mijares" -> the name)."""
        for e in self.ents:
            if e.label == "PER" and start <= e.start_char and e.end_char <= end:
                return self.doc.char_span(e.start_char, e.end_char, alignment_mode="expand")
        return None

    def type_of(self, name: str, start: int | None, end: int | None) -> SpeakerType | None:
        if start is not None and end is not None:
            found = _name_type(self.doc, start, end, self.lang)
            if found is not None:
                return found
        if name in self.persons:
            return SpeakerType.PERSON
        if name in self.orgs:
            return SpeakerType.ORGANIZATION
        return None

    def details(self, name: str) -> tuple[str | None, str | None]:
        """(organization, role) stated next to any mention of `name` in the article."""
        if name not in self._details:
            known = frozenset(self.orgs)
            org, role = _role_and_org(self.doc, name, self.lang, known)
            if org is None and role is None:
                # The apposition may follow a shorter form of the name ("Samuel Ponce de León, coordinador de
                # ...", later written in full): try the article's other forms of the same person.
                words = _norm(name).split()
                for other in self.persons:
                    ow = _norm(other).split()
                    if other != name and 1 < len(ow) < len(words) and any(
                        words[i : i + len(ow)] == ow for i in range(len(words) - len(ow) + 1)
                    ):
                        org, role = _role_and_org(self.doc, other, self.lang, known)
                        if org is not None or role is not None:
                            break
            self._details[name] = (self.org_fullest(org), role)
        return self._details[name]

    def org_fullest(self, org: str | None) -> str | None:
        """An organization's fullest name in the article ("PG&E" -> "Pacific Gas and Electric Company")."""
        if not org:
            return org
        at = doc_text(self.doc).find(org)
        if at < 0:
            return org
        full = _entities.fullest_name(self.doc, at, at + len(org), self.lang)
        # An expansion ("Indre" -> "Instituto de Diagnóstico y Referencia Epidemiológicos"), not a longer
        # name that merely contains it ("Investigación Molecular del Indre").
        if not full or len(full) <= len(org) or org in full:
            return org
        return full

    def person_with_role(self, nominal: str, before: int | None = None) -> str | None:
        """The person whose stated role matches the nominal ("el secretario de Salud", "the Prime Minister")."""
        words = [w for w in _norm(_strip_determiner(nominal)).split() if w not in _NAME_PARTICLES]
        if not words:
            return None
        head = words[0]
        best, best_score = None, 0
        for person in self.persons:
            org, role = self.details(person)
            if not role:
                continue
            stated = set(_norm(f"{role} {org or ''}").split())
            if head not in stated:
                continue
            if stated & _FORMER and not set(words) & _FORMER:
                # "Former governor Ken Adams ... The governor said ...": the office's holder now, not him.
                continue
            score = sum(w in stated for w in words)
            if score > best_score:
                best, best_score = person, score
        return best


def _resolve(doc: Doc, quote: Quote, previous: Quote | None, table: _NameTable, lang: str) -> _Speaker | None:
    kind = quote.mention_kind
    mention = quote.mention
    near_previous = previous is not None and quote.start - previous.end < _CONTEXT_CHARS
    if kind in (MentionKind.NAME, MentionKind.NOMINAL, MentionKind.OTHER) and quote.mention_start is not None:
        widened = _whole_hyphenated(doc, quote)
        if widened is not None:
            return _resolve(doc, widened, previous, table, lang)
        apposed = _apposed_person(doc, quote, table)
        if apposed is not None:
            full = table.full_form(apposed.start_char, apposed.end_char, apposed.text)
            return _named(doc, _clean_person_name(full, lang), table, apposed.start_char, apposed.end_char)
    if kind in (MentionKind.DROPPED, MentionKind.NONE) or (
        kind is MentionKind.PRONOUN and mention is not None
    ):
        if previous is not None and near_previous and previous.speaker is not None:
            if (
                kind is not MentionKind.PRONOUN
                or previous.speaker_type is not SpeakerType.ORGANIZATION
                or _plural(mention)
            ):
                return _Speaker(previous.speaker, previous.speaker_type, previous.organization, previous.role)
        if kind is MentionKind.PRONOUN:
            # The nearest person named before the pronoun.
            before = [e for e in table.ents if e.label == "PER" and e.end_char <= (quote.mention_start or 0)]
            if before:
                return _named(
                    doc, table.fullest(before[-1].text), table, before[-1].start_char, before[-1].end_char
                )
        return None
    if mention is None:
        return None
    if kind is MentionKind.NOMINAL and quote.mention_start is not None and quote.mention_end is not None:
        # "el ministro de Gobierno Eduardo del Castillo": the nominal ends with the person's full name.
        last = [
            e
            for e in table.ents
            if e.label == "PER"
            and quote.mention_start < e.start_char
            and e.end_char == quote.mention_end
            and _entities.is_person_name(_clean_person_name(e.text, lang), lang)
            and not _after_preposition(doc, e.start_char)  # "el gobierno de Nicolás Maduro"
        ]
        if last:
            e = last[-1]
            full = table.full_form(e.start_char, e.end_char, e.text)
            return _named(doc, _clean_person_name(full, lang), table, e.start_char, e.end_char)
        if _nominal_type(mention, lang) != "person" and _named_modifier(doc, quote):
            # "the Saudi government", "The Seoul government": the modifier says which one; it is not the
            # organization last named.
            plain = _strip_determiner(mention.strip())
            return _Speaker(plain, SpeakerType.ORGANIZATION, plain, None)
    if kind is MentionKind.NOMINAL and not _definite_singular(doc, quote):
        # "especialistas de la UNAM", "los autores": a group, not an entity named elsewhere.
        return _other(doc, quote, table, lang)
    if kind is MentionKind.NOMINAL:
        head_type = _nominal_type(mention, lang)
        if head_type == "person":
            person = table.person_with_role(mention, quote.mention_start)
            if person is not None:
                return _named(doc, person, table, None, None)
            # "el mandatario", "el funcionario": a generic title for the person in focus, the previous speaker.
            # A specific one ("the mayor") whose holder is not named stays as written.
            words = [
                w
                for w in _norm(_strip_determiner(mention)).split()
                if w not in ("primer", "primera", "alto", "alta")
            ]
            generic = bool(words) and words[0] in _GENERIC_PERSON_NOMINALS
            if generic:
                start = quote.mention_start or 0
                named = [
                    (pos, e)
                    for pos, e in table.subjects
                    if e.label == "PER" and pos < start and start - pos < _CONTEXT_CHARS
                ]
                prev_pos = (
                    (previous.mention_start or previous.cue_start or previous.start)
                    if previous is not None
                    else -1
                )
                if named and named[-1][0] > prev_pos:
                    e = named[-1][1]
                    return _named(doc, table.fullest(e.text), table, e.start_char, e.end_char)
                if previous is not None and near_previous and previous.speaker_type is SpeakerType.PERSON:
                    return _Speaker(
                        previous.speaker or "", previous.speaker_type, previous.organization, previous.role
                    )
        else:
            for q in [previous] if previous is not None else []:
                if q.speaker_type is SpeakerType.ORGANIZATION and near_previous:
                    return _Speaker(q.speaker or "", q.speaker_type, q.organization, q.role)
            # The organization last named as a subject nearby ("Amazon anunció ... La compañía afirmó").
            start = quote.mention_start or 0
            orgs = [
                e
                for pos, e in table.subjects
                if e.label == "ORG" and pos < start and start - pos < _NOMINAL_CHARS
            ]
            if orgs:
                name = orgs[-1].text
                return _Speaker(name, SpeakerType.ORGANIZATION, name, None)
        # Unresolved nominal: keep it as written, as the gold standard does for "the government".
        return _other(doc, quote, table, lang)
    assert quote.mention_start is not None and quote.mention_end is not None
    if kind is MentionKind.NAME and _COORDINATED_NAMES.match(mention.strip()):
        # "Colombiacheck y La Silla Vacía", "the ACLU of Montana and Native American Rights Fund": sources
        # that speak together are one source, named in full.
        both = _strip_determiner(mention.strip())
        stype = _name_type(doc, quote.mention_start, quote.mention_end, lang) or SpeakerType.OTHER
        return _Speaker(both, stype, both if stype is SpeakerType.ORGANIZATION else None, None)
    if kind is MentionKind.NAME:
        name_span = _name_in_mention(doc, quote.mention_start, quote.mention_end)
        if name_span is not None:
            person = table.person_inside(name_span.start_char, name_span.end_char)
            if person is not None and person.end_char == name_span.end_char:
                # The person entity, without the titles and places of the run ("Montana Secretary of State
                # Corey Stapleton" -> "Corey Stapleton").
                cleaned = _clean_person_name(person.text, lang)
                if person.text.endswith(cleaned):
                    span = doc.char_span(
                        person.end_char - len(cleaned), person.end_char, alignment_mode="expand"
                    )
                    name_span = span if span is not None else person
                else:
                    name_span = person
            full = table.full_form(name_span.start_char, name_span.end_char, name_span.text)
            return _named(doc, full, table, name_span.start_char, name_span.end_char)
        if not any(c.isupper() for c in mention):
            # A common noun the parser took for a name ("el galeno"): a nominal.
            return _resolve(doc, attrs.evolve(quote, mention_kind=MentionKind.NOMINAL), previous, table, lang)
        name = _strip_determiner(_POSSESSIVE.sub("", mention.strip()))
        sex = _entities.honorific_sex(doc, quote.mention_start) if quote.mention_start is not None else None
        return _named(doc, table.fullest(name, sex), table, quote.mention_start, quote.mention_end)
    if kind in (MentionKind.OTHER, MentionKind.NOMINAL):
        document = _document_source(doc, quote, previous, table, lang)
        if document is not None:
            return document
    if kind is MentionKind.OTHER:
        # "es el mensaje que da el genetista argentino Luis Marcelo Martínez": a person named inside.
        person = table.person_inside(quote.mention_start, quote.mention_end)
        span = doc.char_span(quote.mention_start, quote.mention_end, alignment_mode="expand")
        if (
            person is not None
            and span is not None
            and span.root.lemma_.lower() not in DOCUMENT_NOUNS.get(lang, frozenset())
        ):
            full = table.full_form(person.start_char, person.end_char, person.text)
            return _named(doc, full, table, person.start_char, person.end_char)
    # A capitalized word the parser did not tag as a name, but that names a person seen in full ("Mijares").
    plain = _strip_determiner(mention.strip())
    if plain[:1].isupper() and len(plain.split()) <= 2:
        full = table.fullest(plain)
        if full != plain:
            return _named(doc, full, table, None, None)
    return _other(doc, quote, table, lang)


# Documents and other written artifacts that speak for their author ("the statement", "el escrito").
_ARTIFACT_NOUNS = {
    "es": frozenset("texto escrito carta cartas comunicado denuncia boletín nota web página mensaje tuit".split()),
    "en": frozenset("statement advisory filing release website summary letter tweet post notice".split()),
}


def _document_source(
    doc: Doc, quote: Quote, previous: Quote | None, table: _NameTable, lang: str
) -> _Speaker | None:
    """The author of a document written as the source (SPEC: the organization or author named).

    * a possessor: "The chain's press release" -> the chain; "sus datos" -> whoever "su" stands for;
    * a name inside: "un informe del Banco de España publicado este lunes" -> Banco de España;
    * the same document introduced earlier with its author: "La Universidad de Valparaíso publicó ayer un
      estudio ... Según el estudio, ..." -> Universidad de Valparaíso; "The Harbor Safety Board released its
      annual report. The report says ..." -> the board.
    """
    if quote.mention_start is None or quote.mention_end is None:
        return None
    span = doc.char_span(quote.mention_start, quote.mention_end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    root = span.root
    lemma = root.lemma_.lower()
    nouns = DOCUMENT_NOUNS.get(lang, frozenset()) | _ARTIFACT_NOUNS.get(lang, frozenset())
    if lemma not in nouns and root.lower_ not in nouns:
        return None
    # A possessor: a pronoun continues the speaker in context, a noun phrase is resolved like a source.
    for child in root.children:
        possessive = child.dep_ == "poss" or (child.dep_ == "det" and "Yes" in child.morph.get("Poss"))
        if not possessive or child.i < span.start:
            continue
        if child.pos_ in ("PRON", "DET"):
            near = previous is not None and quote.start - previous.end < _CONTEXT_CHARS
            if near and previous is not None and previous.speaker is not None:
                return _Speaker(previous.speaker, previous.speaker_type, previous.organization, previous.role)
            return None
        owner = doc[child.left_edge.i : child.i + 1]
        words = [t for t in owner if t.tag_ != "POS" and t.lower_ not in ("'s", "’s")]
        # Only a named owner: "the hotel's website" is not resolved through whatever "the hotel" may be.
        if words and words[-1].pos_ == "PROPN":
            sub = attrs.evolve(
                quote,
                mention=doc[words[0].i : words[-1].i + 1].text,
                mention_start=words[0].idx,
                mention_end=words[-1].idx + len(words[-1]),
                mention_kind=MentionKind.NAME if words[-1].pos_ == "PROPN" else MentionKind.NOMINAL,
            )
            found = _resolve(doc, sub, previous, table, lang)
            if found is not None and found.type is not SpeakerType.OTHER:
                return found
        return None
    inside = _entity_in(table, root)
    if inside is not None:
        return _entity_speaker(doc, inside, table)
    first = span[0].lower_
    if first not in ("el", "la", "los", "las", "the", "this", "that", "este", "esta", "dicho", "dicha"):
        return None
    # The same document named earlier, with its author as the subject of the verb that brought it out or
    # inside its own phrase ("un estudio de la Universidad de Cádiz").
    for t in reversed(doc[max(0, span.start - 400) : span.start]):
        if t.lemma_.lower() != lemma or t.pos_ not in ("NOUN", "PROPN"):
            continue
        inside = _entity_in(table, t)
        if inside is None and t.head.pos_ in ("VERB", "AUX") and t.dep_ in ("obj", "dobj"):
            subjects = [c for c in t.head.children if c.dep_ in ("nsubj", "nsubj:pass")]
            if subjects:
                inside = _entity_in(table, subjects[0])
        if inside is not None:
            return _entity_speaker(doc, inside, table)
    return None


# Prepositions that attach an author to a document ("un informe del Banco de España", "a poll by NBC
# News"); "en"/"in" attach where it was published ("publicado en la revista Pathogens"), "to" where it was
# posted ("posted to his Twitter account"), and neither names the author.
_AUTHOR_PREPOSITIONS = frozenset("de del por by of from".split())


def _entity_in(table: _NameTable, token: Token) -> _Ent | None:
    """The first person or organization named as the subject `token` or as its author ("de X", "by X")."""
    doc = token.doc
    lo, hi = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    for e in table.ents:
        if e.label not in ("PER", "ORG") or not (lo <= e.start_char and e.end_char <= hi):
            continue
        if not any(c.isalpha() for c in e.text) or e.text.strip("*") == "NUMBER":
            continue
        span = doc.char_span(e.start_char, e.end_char, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        if head.i == token.i or token.dep_.startswith("nsubj") and token.left_edge.i <= head.i <= token.i:
            return e
        case = [c.lower_ for c in head.children if c.dep_ == "case"]
        if head.dep_ == "pobj":
            case.append(head.head.lower_)
        if head.dep_ == "agent" or (head.head.dep_ == "agent" and head.dep_ == "pobj"):
            case.append("by")
        if any(c in _AUTHOR_PREPOSITIONS for c in case):
            return e
    return None


def _entity_speaker(doc: Doc, e: _Ent, table: _NameTable) -> _Speaker:
    if e.label == "ORG":
        name = table.org_fullest(e.text) or e.text
        return _Speaker(name, SpeakerType.ORGANIZATION, name, None)
    return _named(doc, table.full_form(e.start_char, e.end_char, e.text), table, e.start_char, e.end_char)


def _whole_hyphenated(doc: Doc, quote: Quote) -> Quote | None:
    """A mention cut at a hyphen, widened to the noun phrase: "said co-founder Maria Lund" gives the
    mention "co"; the source is the whole "co-founder Maria Lund"."""
    assert quote.mention_start is not None and quote.mention_end is not None
    text = doc_text(doc)
    end = quote.mention_end
    if not (end + 1 < len(text) and text[end] in "-‐" and text[end + 1].isalpha()):
        return None
    span = doc.char_span(end, end + 1, alignment_mode="expand")
    if span is None:
        return None
    k = span[0].i
    while k < len(doc) and (
        doc[k].text in "-‐" or (doc[k].is_alpha and doc[k].idx == doc[k - 1].idx + len(doc[k - 1]))
    ):
        k += 1  # the rest of the hyphenated word ("-", "founder")
    while k < len(doc) and doc[k].text[:1].isupper() and doc[k].is_alpha:
        k += 1  # the name after the title
    if k >= len(doc) or doc[k - 1].idx + len(doc[k - 1]) <= end:
        return None
    new_end = doc[k - 1].idx + len(doc[k - 1])
    return attrs.evolve(
        quote,
        mention=text[quote.mention_start : new_end],
        mention_end=new_end,
        mention_kind=MentionKind.NAME if doc[k - 1].text[:1].isupper() else quote.mention_kind,
    )


def _apposed_person(doc: Doc, quote: Quote, table: _NameTable) -> _Ent | None:
    """A person named in apposition to a source written as a description: the name is the source.

    * after it: "His daughter, and member of the INC, Sharmistha Mukherjee wrote", "speaker of the
      parliament Ali Larijani wrote", "dijo el vocal de la Asociación, Moisés Muñoz.";
    * before it: "Dr Alan Reed, Head of Urban Planning at Northfield University, said" (the mention is the
      role).
    """
    assert quote.mention_start is not None and quote.mention_end is not None
    ms, me = quote.mention_start, quote.mention_end
    if any(e.label == "PER" and ms <= e.start_char < me for e in table.ents):
        return None  # a name is already there
    span = doc.char_span(ms, me, alignment_mode="expand")
    if span is None or not len(span) or _entities.is_plural_token(span.root):
        return None  # "scientists", "los expertos en salud": a group, not the person named next to it
    text = doc_text(doc)
    locs = _entities.lexicon(doc.lang_).locs
    cue_after = quote.cue_start is not None and quote.cue_start >= me
    limit = quote.cue_start if cue_after and quote.cue_start is not None else me + 150
    for e in table.ents:
        if e.label != "PER" or e.start_char < me or e.end_char > limit:
            continue
        between = text[me : e.start_char]
        if "\n" in between or re.search(r"[.;:!?()«»“”\"]", between):
            break
        if between.strip() and not between.lstrip().startswith(","):
            break  # "said the mayor of Springfield John Doe's ..." : not an apposition
        if _has_finite_verb(doc, me, e.start_char):
            break
        rest = text[e.end_char : e.end_char + 3]
        closes = (cue_after and not text[e.end_char : limit].strip(" ,")) or not rest or rest[0] in ",.;\n"
        # A person's name has a given name and a surname; a place or a day the recognizer took for one
        # ("Monday", "United States") is no apposition.
        if closes and len(e.text.split()) >= 2 and e.text not in locs:
            return e
        break
    first = _strip_determiner(quote.mention or "").split()[:1]
    role_like = bool(first) and (first[0][:1].islower() or first[0].lower().rstrip(".") in _roles.role_nouns(doc.lang_))
    # The role must be a closed apposition right before the cue: "NAME, ROLE, said".
    closed = cue_after and quote.cue_start is not None and text[me : quote.cue_start].rstrip().endswith(",")
    if closed and not _has_finite_verb(doc, me, quote.cue_start or me):
        closed = True
    else:
        closed = False
    if role_like and closed and re.search(r",\s*$", text[max(0, ms - 3) : ms]):
        comma = text.rfind(",", 0, ms)
        for e in table.ents:
            if e.label == "PER" and 0 <= comma - e.end_char <= 1:
                return e
    return None


def _name_in_mention(doc: Doc, start: int, end: int) -> Span | None:
    """The proper name inside a mention: capitalized words (joined by name particles) around its head.

    "Chief Superintendent Graciano Mijares of the police of ..." -> "Graciano Mijares";
    "OpenAI CEO Sam Altman" -> "Sam Altman"; "María de Lourdes García García" stays whole;
    "The Coast Guard" -> "Coast Guard"; "the company" -> None.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    runs: list[tuple[int, int]] = []
    i = span.start
    while i < span.end:
        if _capitalized(doc[i]):
            j = i
            while j + 1 < span.end and (
                _capitalized(doc[j + 1])
                or (doc[j + 1].lower_ in _NAME_PARTICLES and j + 2 < span.end and _capitalized(doc[j + 2]))
            ):
                j += 1
            runs.append((i, j))
            i = j + 1
        else:
            i += 1
    if not runs:
        return None
    root = span.root.i
    # The run holding the head, else the last one before a possessive or preposition ends the name.
    chosen = next((r for r in runs if r[0] <= root <= r[1]), runs[0])
    lo, hi = chosen
    if (
        lo == hi
        and (doc[lo].is_sent_start or lo == 0)
        and any(t.is_lower and t.is_alpha for t in span[lo - span.start + 1 :])
    ):
        return None  # "Investigaciones anteriores": a common noun capitalized at the start of a sentence
    while lo < hi and doc[lo].lower_.rstrip(".") in _TITLE_WORDS:
        lo += 1
    # An organization's name before a role before a person: "OpenAI CEO Sam Altman" -> after the role.
    for k in range(hi - 1, lo - 1, -1):
        if doc[k].lower_.rstrip(".") in _TITLE_WORDS:
            lo = k + 1
            break
    # "Prime Minister of India Narendra Modi", "ministro de Salud Jorge Alcocer": the place or portfolio
    # after the title is not part of the name; a known given name marks where the name starts.
    if doc[lo].lower_ in ("of", "de", "del", "for", "the"):
        given = _given_names(doc.lang_)
        starts = [k for k in range(lo + 1, hi + 1) if doc[k].text in given]
        if not starts:
            return None
        lo = starts[0]
    if lo > hi or doc[lo].lower_ in _NAME_PARTICLES:
        return None
    return doc[lo : hi + 1]


def _given_names(lang: str) -> frozenset[str]:
    return _entities.lexicon(lang if lang in ("es", "en") else "en").given


_NAME_PARTICLES = frozenset("de del la las los y van von da das do dos di bin al el dela le du".split())


def _capitalized(token) -> bool:  # type: ignore[no-untyped-def]
    text = token.text
    return (
        bool(text)
        and (text[0].isupper() or (text[0].isdigit() and token.pos_ == "PROPN"))
        and not token.is_punct
        and token.pos_ not in ("DET", "ADP", "PRON", "VERB", "AUX", "SCONJ", "CCONJ")
    )


def _plural_cue(doc: Doc, quote: Quote) -> bool:
    if quote.cue_start is None or quote.cue_end is None:
        return False
    span = doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    verb = span[-1]
    numbers = set(verb.morph.get("Number")) | {n for t in span for n in t.morph.get("Number")}
    return numbers == {"Plur"}


def _plural(mention: str | None) -> bool:
    return (mention or "").lower() in ("they", "ellos", "ellas")


def _definite_singular(doc: Doc, quote: Quote) -> bool:
    """ "la compañía", "the company" refer back to an entity; "especialistas", "a spokesperson" do not."""
    assert quote.mention_start is not None and quote.mention_end is not None
    span = doc.char_span(quote.mention_start, quote.mention_end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    if root.morph.get("Number") == ["Plur"] or root.tag_ in ("NNS", "NNPS"):
        return False
    first = span[0]
    return first.lower_ in ("el", "la", "the", "this", "este", "esta", "dicha", "dicho") or (
        first.morph.get("Definite") == ["Def"]
    )


def _nominal_type(mention: str, lang: str) -> str:
    words = _strip_determiner(mention).lower().split()
    nominals = NOMINALS.get(lang, {})
    for w in words:
        if w in nominals:
            return nominals[w]
    return "organization"


def _named(doc: Doc, name: str, table: _NameTable, start: int | None, end: int | None) -> _Speaker:
    stype = table.type_of(name, start, end)
    if stype is None:
        # A name that never appears with more than one word is more often an organization ("Amazon",
        # "OpenAI") than a person: persons are introduced with first and last name.
        stype = (
            SpeakerType.PERSON if len(name.split()) >= 2 and name[:1].isupper() else SpeakerType.ORGANIZATION
        )
    org, role = table.details(name)
    if stype is SpeakerType.ORGANIZATION:
        return _Speaker(name, stype, name, None)
    return _Speaker(name, stype, org, role)


def _other(doc: Doc, quote: Quote, table: _NameTable, lang: str) -> _Speaker | None:
    """A source written as a common noun phrase: "fuentes oficiales", "un informe de la OMS", "the government"."""
    if quote.mention is None:
        return None
    text = quote.mention.strip()
    stype = None
    if quote.mention_start is not None and quote.mention_end is not None:
        stype = _name_type(doc, quote.mention_start, quote.mention_end, lang)
    words = _strip_determiner(text).lower().split()
    if stype is None:
        head = words[0] if words else ""
        if head in NOMINALS.get(lang, {}) and NOMINALS[lang][head] == "organization":
            stype = SpeakerType.ORGANIZATION
        else:
            stype = SpeakerType.OTHER
    org = _org_inside(text, lang)
    if stype is SpeakerType.ORGANIZATION:
        org = text
    elif org is None and words and words[0] in DOCUMENT_NOUNS.get(lang, frozenset()):
        org = None
    return _Speaker(text, stype, org, None)


_OF = {
    "es": r"(?:de la|de los|de las|del|de|en)",
    "en": r"(?:of the|of|at the|at|for the|for|within the|within|by the|by)",
}


def _org_inside(text: str, lang: str) -> str | None:
    """ "un informe de la OMS" -> "OMS"; "a Coast Guard spokesperson" -> "Coast Guard"."""
    m = re.search(
        rf"\b{_OF.get(lang, 'of')}\s+((?:[A-ZÁÉÍÓÚÑ][\w&.'-]*\s*)+"
        r"(?:(?:de|of|y|and|&)\s+(?:[A-ZÁÉÍÓÚÑ][\w&.'-]*\s*)+)*)",
        text,
    )
    if m:
        return m.group(1).strip()
    if lang == "en":
        m = re.match(r"^(?:a|an|the)\s+((?:[A-Z][\w&.'-]*\s+)+)[a-z]", text)
        if m and m.group(1).split()[0].lower() not in _TITLE_WORDS | {"state", "federal", "local"}:
            return m.group(1).strip()
    return None


# --- roles and organizations ---------------------------------------------------------------------------------

_ROLE_SPLIT = {
    "es": re.compile(r"\s(?:de|del|en)\s+(?:(?:la|las|los|el)\s+)?(?=[A-ZÁÉÍÓÚÑ0-9])"),
    "en": re.compile(r"\s(?:of|at|for|with|from)\s+(?:the\s+)?(?=[A-Z0-9])"),
}
_END_APPOSITION = re.compile(r"[,;:.()\n—–]|\s(?:dijo|afirmó|said|says|told|en el|en la|in a|in an)\s")


def _role_and_org(
    doc: Doc, name: str, lang: str, known_orgs: frozenset[str] = frozenset()
) -> tuple[str | None, str | None]:
    """Organization and role written next to a mention of `name`: apposition after it or title before it.

    In English a place is where the office is, not an organization: "Anne Hidalgo, mayor of Paris" has no
    organization. Spanish news names clubs and governments by their place ("el candidato a la presidencia
    del Barcelona", "jefe de Gobierno de la CDMX"), so there the place stays (measured: dropping it loses 10
    of 1,793 Spanish quotes and gains 7 of 1,045 English ones).
    """
    org, role = _role_and_org_as_written(doc, name, lang, known_orgs)
    if org is not None and lang == "en" and _roles.is_place(doc, org, lang):
        return None, role
    if org is None and role is not None:
        # "Walter Hanek, director general de la empresa": the body the role names by a common noun is the
        # organization of that kind named last before the person.
        org = _roles.org_named_by_noun(doc, name, role, lang)
    return org, role


def _role_and_org_as_written(
    doc: Doc, name: str, lang: str, known_orgs: frozenset[str] = frozenset()
) -> tuple[str | None, str | None]:
    text = doc_text(doc)
    pattern = re.compile(re.escape(name))
    fallback_org = None
    for m in pattern.finditer(text):
        # Apposition: "NAME, analista jefe de Moor Insights & Strategy, ..." / "NAME, the Defence Secretary;".
        after = text[m.end() : m.end() + 200]
        if after.startswith(", "):
            seg = _END_APPOSITION.split(after[2:], maxsplit=1)[0].strip()
            if not _has_finite_verb(doc, m.end() + 2, m.end() + 2 + len(seg)):
                org, role = _split_role(seg, lang, known_orgs, by_shape=True)
                if role is not None:
                    return org, role
                if org is not None and fallback_org is None:
                    fallback_org = org
        # "NAME of the X" / "NAME, speaking for X": an organization without a role.
        tail = text[m.end() : m.end() + 150]
        lead = _ORG_AFTER_NAME[lang if lang in _ORG_AFTER_NAME else "en"].match(tail)
        if lead and fallback_org is None:
            rest = tail[lead.end() :]
            stop = _ORG_AFTER_NAME_END.search(rest)
            # Only the capitalized run: "Jane Roe of the Harbour Alliance added, ..." stops before "added".
            words = _roles.capitalized_run((rest[: stop.start()] if stop else "").split(), lang)
            if 0 < len(words) <= 10 and any(w[:1].isupper() for w in words):
                fallback_org = " ".join(words)
        # Role in apposition before the name: "el secretario de Salud federal, Jorge Alcocer".
        before = text[max(0, m.start() - 120) : m.start()]
        # "el secretario general de la Organización de las Naciones Unidas (ONU), António Guterres": the
        # acronym in brackets belongs to the description.
        before = _roles.BRACKET_AT_END.sub(", ", before)
        if before.endswith(", "):
            seg = re.split(r"[,;:.()\n]", before[:-2])[-1]
            words = seg.split()
            role_nouns = _roles.role_nouns(lang)
            at = next((k for k, w in enumerate(words) if w.lower() in role_nouns), None)
            if (
                at is not None
                and len(words) - at <= 12
                # A clause is no description: "la escritora Beatriz Gutiérrez respondió al Premio Nobel, ...".
                and not _has_finite_verb(doc, m.start() - 2 - len(" ".join(words[at:])), m.start() - 2)
            ):
                org, role = _split_role(" ".join(words[at:]), lang, known_orgs)
                if role is not None:
                    # "el ministro de Asuntos Exteriores, Luigi Di Maio, del Movimiento 5 Estrellas": the
                    # affiliation stated after the name is the person's; "Asuntos Exteriores" is a portfolio.
                    return fallback_org or org, role
            # A determiner-led description whose role noun is not listed: "El rector de la Universidad de
            # Lerma, Juan Ortiz, pidió ...", "The city auditor, Ruth Kemp, said ...".
            described = _roles.description_before(doc, m.start(), lang)
            if described is not None:
                org, role = _split_role(described, lang, known_orgs, by_shape=True)
                if role is not None:
                    return fallback_org or org, role
        # Title before the name: "OpenAI CEO Sam Altman", "Chief Superintendent Graciano Mijares of the police".
        found = _title_before(doc, m.start(), lang)
        if found is not None:
            # Organization words written before the role ("OpenAI CEO", "Council spokesperson").
            words = found.split()
            lead = []
            while (
                len(words) > 1
                and words[0].lower().rstrip(".") not in _TITLE_WORDS
                and words[0][:1].isupper()
                # "Interior Minister" is a role; "Foreign Ministry spokesman" names the ministry.
                and not (_roles.is_portfolio(words[0], lang) and _roles.is_role_word(words[1], lang))
            ):
                lead.append(words.pop(0))
            role = " ".join(words)
            # An affiliation stated after the name wins over a word before the title: "Planetary scientist
            # Vlada Stamenković of the NASA Jet Propulsion Laboratory".
            org = fallback_org or " ".join(lead) or None
            return org, role
    return fallback_org, None


def _person_organizations(doc: Doc, quotes: list[Quote], table: _NameTable, lang: str) -> list[Quote]:
    """A person's organization where the speaker was typed as an organization and given itself as one.

    "Bill Gates, fundador de la compañía tecnológica Microsoft" speaks for Microsoft, not for "Bill Gates": a
    speaker with the shape of a person's name (a known given name, no organization word) takes the
    organization and role written next to the name, or none.
    """
    out = []
    for q in quotes:
        if (
            q.speaker
            and q.speaker_type is SpeakerType.ORGANIZATION
            and q.organization == q.speaker
            and _entities.is_person_name(q.speaker, lang if lang in ("es", "en") else "en")
        ):
            org, role = table.details(q.speaker)
            q = attrs.evolve(q, organization=org, role=role)
        elif (
            q.speaker
            and q.organization is None
            and q.speaker_type is not SpeakerType.PERSON
            and q.speaker[:1].isupper()
            and _entities.is_organization_name(q.speaker, lang if lang in ("es", "en") else "en")
        ):
            # "Amnesty International said ...": an organization speaker is its own organization; a source
            # described by a phrase names it inside ("A source within the Interior Ministry").
            joiners = _NAME_PARTICLES | {"of", "and", "&"}
            proper = all(w[:1].isupper() or w.lower() in joiners for w in q.speaker.split())
            org = q.speaker if proper else _roles.organization_in_phrase(q.speaker, lang)
            if org:
                q = attrs.evolve(q, organization=org)
        elif q.organization and not any(
            w[:1].isupper() or w.lower() in _roles.org_nouns(lang) for w in _strip_determiner(q.organization).split()
        ):
            # "las autoridades", "el 40% de los adolescentes", "el pontífice": a group or a person named by a
            # common noun is no organization ("the police", "el gobierno" are).
            q = attrs.evolve(q, organization=None)
        out.append(q)
    return out


def _acronym(text: str) -> bool:
    """ "CRIC", "UNAM", "PG&E", "OpenAI": one short word in capitals, or with capitals past its first letter."""
    words = text.split()
    return len(words) == 1 and len(text) <= 10 and (text.isupper() or any(c.isupper() for c in text[1:]))


# "NAME of the X said", "NAME, speaking for X,": the organization after a name (two cheap patterns instead of
# one with nested repetition, which backtracks badly on long tails).
_ORG_AFTER_NAME = {
    lang: re.compile(
        rf"(?:,\s+(?:speaking|hablando)\s+(?:for|por|en nombre de)|\s+{of})\s+(?:the\s+|la\s+|el\s+)?"
    )
    # Spanish takes the same prepositions as inside a mention; English only those that attach an employer
    # ("of", "at", "for"), not "by" or "within".
    for lang, of in (("es", _OF["es"]), ("en", r"(?:of the|of|at the|at|for the|for)"))
}
_ORG_AFTER_NAME_END = re.compile(r"[,;.]|\s(?:said|says|told|dijo|afirmó|who|quien)\b")


def _has_finite_verb(doc: Doc, start: int, end: int) -> bool:
    """An apposition is a noun phrase: "dijo que ...", "cuya muerte desató ..." are clauses, not roles."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    role_nouns = _roles.role_nouns(doc.lang_)
    # A role noun the tagger read as a verb ("profesora" as a form of "profesar") does not count.
    return any(
        t.pos_ in ("VERB", "AUX") and t.morph.get("VerbForm") == ["Fin"] and t.lower_ not in role_nouns for t in span
    )


# Words that never start a role: prepositions, relative pronouns, adverbs, participles ("respectivamente",
# "quien asegura ...", "who paid ...", "speaking for ...").
_NOT_ROLE_START = frozenset(
    "de del of at for in en quien quienes que who which whose whom respectivamente respectively también also "
    "y and o or según according speaking hablando "
    # Time and circumstance after the name: "Neil Basu, on Sunday said", "Ana Ruiz, ayer por la tarde, dijo".
    "on this last yesterday today earlier later during after before with to by ayer hoy este esta durante "
    "tras antes después con a al por sin".split()
)
# Heads of sub-units: "titular de la Unidad de Desarrollo ... del Indre" names the organization after them.
_SUBUNITS = frozenset(
    "unidad departamento dirección área división subdirección coordinación oficina gerencia comisión "
    "programa laboratorio servicio sección instituto facultad escuela department division unit office "
    "program programme laboratory section school faculty committee".split()
)


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
    if words[0].lower() in _DETERMINERS:
        words = words[1:]
        seg = " ".join(words)
    if not words:
        return None, None
    first = words[0]
    if first.lower() in ("de", "del", "of", "from") and len(words) > 1:
        # "Pau Balart, de la Universitat de les Illes Balears": an affiliation without a role.
        rest = words[1:]
        if rest[0].lower() in _DETERMINERS and len(rest) > 1:
            rest = rest[1:]
        if rest[0][:1].isupper() and len(rest) <= 8:
            return " ".join(rest), None
        # "Sergio Robles, de la agencia Quadratin": an organization noun before the name.
        if len(rest) > 1 and rest[0] in _roles.org_nouns(lang) and rest[1][:1].isupper() and len(rest) <= 8:
            return " ".join(rest), None
        return None, None
    if first.lower() in _NOT_ROLE_START or first.lower().endswith(("mente", "ing")):
        return None, None
    role_nouns = _roles.role_nouns(lang)
    # "the Hungarian Government commissioner responsible for defence": the capitalized words before the role
    # noun name the organization.
    lead = 0
    while lead < len(words) - 1 and words[lead][:1].isupper() and not _roles.is_role_word(words[lead], lang):
        lead += 1
    # Not a capitalized title ("the Defence Secretary", "Emma Coronel") nor a person's ("Heather Heyer's mother").
    if (
        0 < lead < len(words)
        and words[lead].islower()
        and _roles.is_role_word(words[lead], lang)
        and not any(w.endswith(("'s", "’s")) for w in words[:lead])
    ):
        rest_org, rest_role = _split_role(" ".join(words[lead:]), lang, known_orgs, by_shape=by_shape)
        if rest_role is not None:
            return rest_org or " ".join(words[:lead]), rest_role
    looks_like_role = (
        first[0].islower()
        or first.lower() in role_nouns
        or any(_roles.is_role_word(w, lang, by_shape=by_shape) for w in words[:3])
    )
    if not looks_like_role:
        return None, None
    splits = list(_ROLE_SPLIT[lang if lang in _ROLE_SPLIT else "en"].finditer(seg))
    if not splits:
        # "portavoz de la asociación Vecinos Unidos": the organization is a common noun and its name.
        inside = _roles.split_org_noun(seg, lang)
        if inside is not None:
            return inside[1], inside[0]
        return None, seg
    chosen = splits[0]
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
    role_nouns = _roles.role_nouns(lang)
    tokens: list[Token] = []
    j = i - 1
    while j >= 0 and j >= i - 4:
        t = doc[j]
        if t.is_punct or t.is_space or t.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "CCONJ", "DET", "PRON", "NUM"):
            break
        if t.ent_type_ in ("PER", "PERSON") and t.lower_.rstrip(".") not in role_nouns:
            break
        tokens.insert(0, t)
        j -= 1
    org_words = _entities.lexicon(lang).orgwords
    words = [
        t.text
        for t in tokens
        if t.pos_ == "PROPN" or t.text in org_words or t.lower_.rstrip(".") in role_nouns or t.is_lower
    ]
    if not words or not any(w.lower() in role_nouns for w in words):
        return None
    return " ".join(words)
