"""Attribution across the article: from the source as written to the speaker, its type, organization and role.

An extractor gives each quote the source *as written* next to its cue: a name ("Moorhead"), a pronoun ("he"),
a nominal ("la compañía"), nothing at all (Spanish drops the subject: "Añade que ..."), or no cue (a paragraph
that continues a quotation). This module resolves those across the article:

- names go to the fullest form of the same name in the article ("Moorhead" -> "Patrick Moorhead");
- pronouns, dropped subjects and cue-less quotations go to the speaker in context: the previous quote's
  speaker, as news style makes it (a reporter does not switch speakers without naming the new one);
- nominals go to the most recent entity of the matching type ("la compañía" -> "Amazon"), or to the person
  whose role the nominal names ("the Prime Minister" -> "Igor Matovič");
- organization and role come from appositions ("Patrick Moorhead, analista jefe de Moor Insights &
  Strategy"), titles before the name ("OpenAI CEO Sam Altman", "Chief Superintendent Graciano Mijares of the
  police"), and carry over to every later quote of the same speaker.

A source that cannot be found leaves `speaker` None rather than a guess.
"""

from __future__ import annotations

import re
import unicodedata

import attrs
from spacy.tokens import Doc, Span

from quotes.lexicons import DOCUMENT_NOUNS, NOMINALS, TITLES
from quotes.models import MentionKind, Quote, SpeakerType

try:  # improved entity recognition (quotes.entities); the pipeline's own NER otherwise
    from quotes import entities as _entities
except ImportError:  # pragma: no cover - only while the module is absent
    _entities = None  # type: ignore[assignment]


@attrs.frozen
class _Ent:
    start_char: int
    end_char: int
    text: str
    label: str


def _article_entities(doc: Doc, lang: str) -> list[_Ent]:
    if _entities is not None:
        return [_Ent(e.start_char, e.end_char, e.text, e.label) for e in _entities.article_entities(doc, lang)]
    labels = {"PERSON": "PER", "PER": "PER", "ORG": "ORG"}
    return [_Ent(e.start_char, e.end_char, e.text, labels.get(e.label_, "MISC")) for e in doc.ents]


def _name_type(doc: Doc, start: int, end: int, lang: str) -> SpeakerType | None:
    if _entities is not None:
        return _entities.name_type(doc, start, end, lang)
    return None


_DETERMINERS = frozenset("el la los las lo un una unos unas the a an".split())
_POSSESSIVE = re.compile(r"['’]s?$")
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
    out: list[Quote] = []
    previous: Quote | None = None
    for quote in quotes:
        speaker = _resolve(doc, quote, previous, table, lang)
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
    return out


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _strip_titles(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in _TITLE_WORDS:
        words = words[1:]
    return " ".join(words)


_TITLE_WORDS = frozenset(t.rstrip(".") for t in TITLES)


def _strip_determiner(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    return " ".join(words)


class _NameTable:
    """Names of persons and organizations in the article, with their fullest form, role and organization."""

    def __init__(self, doc: Doc, lang: str) -> None:
        self.doc = doc
        self.lang = lang
        self.ents = _article_entities(doc, lang)
        self.persons: list[str] = []
        self.orgs: list[str] = []
        for e in self.ents:
            name = _strip_titles(_POSSESSIVE.sub("", e.text.strip()))
            if e.label == "PER" and name not in self.persons:
                self.persons.append(name)
            elif e.label == "ORG" and name not in self.orgs:
                self.orgs.append(name)
        self._details: dict[str, tuple[str | None, str | None]] = {}

    def fullest(self, name: str) -> str:
        """The longest person name in the article that ends with (or contains) `name`'s words."""
        words = _norm(name).split()
        if not words:
            return name
        best = name
        for full in self.persons:
            fw = _norm(full).split()
            if len(fw) <= len(words):
                continue
            if fw[-len(words) :] == words or (len(words) == 1 and words[0] in fw):
                if len(full) > len(best):
                    best = full
        return best

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
            self._details[name] = _role_and_org(self.doc, name, self.lang)
        return self._details[name]

    def person_with_role(self, nominal: str) -> str | None:
        """The person whose stated role contains the nominal's head ("the Prime Minister")."""
        head = _norm(_strip_determiner(nominal))
        if not head:
            return None
        for person in self.persons:
            _, role = self.details(person)
            if role and head in _norm(role):
                return person
        return None


def _resolve(doc: Doc, quote: Quote, previous: Quote | None, table: _NameTable, lang: str) -> _Speaker | None:
    kind = quote.mention_kind
    mention = quote.mention
    near_previous = previous is not None and quote.start - previous.end < _CONTEXT_CHARS
    if kind in (MentionKind.DROPPED, MentionKind.NONE) or (kind is MentionKind.PRONOUN and mention is not None):
        if previous is not None and near_previous and previous.speaker is not None:
            if kind is not MentionKind.PRONOUN or previous.speaker_type is not SpeakerType.ORGANIZATION or _plural(mention):
                return _Speaker(previous.speaker, previous.speaker_type, previous.organization, previous.role)
        if kind is MentionKind.PRONOUN:
            # The nearest person named before the pronoun.
            before = [e for e in table.ents if e.label == "PER" and e.end_char <= (quote.mention_start or 0)]
            if before:
                return _named(doc, table.fullest(before[-1].text), table, before[-1].start_char, before[-1].end_char)
        return None
    if mention is None:
        return None
    if kind is MentionKind.NOMINAL:
        head_type = _nominal_type(mention, lang)
        if head_type == "person":
            person = table.person_with_role(mention)
            if person is not None:
                return _named(doc, person, table, None, None)
        else:
            for q in [previous] if previous is not None else []:
                if q.speaker_type is SpeakerType.ORGANIZATION and near_previous:
                    return _Speaker(q.speaker or "", q.speaker_type, q.organization, q.role)
            orgs_before = [e for e in table.ents if e.label == "ORG" and e.end_char <= (quote.mention_start or 0)]
            if orgs_before:
                name = orgs_before[-1].text
                return _Speaker(name, SpeakerType.ORGANIZATION, name, None)
        # Unresolved nominal: keep it as written, as the gold standard does for "the government".
        return _other(doc, quote, table, lang)
    assert quote.mention_start is not None and quote.mention_end is not None
    if kind is MentionKind.NAME:
        name_span = _name_in_mention(doc, quote.mention_start, quote.mention_end)
        if name_span is not None:
            return _named(doc, table.fullest(name_span.text), table, name_span.start_char, name_span.end_char)
        name = _strip_determiner(_POSSESSIVE.sub("", mention.strip()))
        return _named(doc, table.fullest(name), table, quote.mention_start, quote.mention_end)
    # A capitalized word the parser did not tag as a name, but that names a person seen in full ("Mijares").
    plain = _strip_determiner(mention.strip())
    if plain[:1].isupper() and len(plain.split()) <= 2:
        full = table.fullest(plain)
        if full != plain:
            return _named(doc, full, table, None, None)
    return _other(doc, quote, table, lang)


def _name_in_mention(doc: Doc, start: int, end: int) -> Span | None:
    """The proper name inside a mention: the run of proper nouns ending at the mention's head, titles dropped.

    "Chief Superintendent Graciano Mijares of the police of ..." -> "Graciano Mijares";
    "OpenAI CEO Sam Altman" -> "Sam Altman"; "The Coast Guard" -> "Coast Guard".
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    head = span.root
    if head.pos_ != "PROPN":
        # "Council spokesperson Barend Leyts" (head tagged NOUN) has the name in compounds; a possessive
        # ("Matovič's government office") does not make the office a person.
        propns = [t for t in span if t.pos_ == "PROPN" and t.dep_ not in ("poss", "nmod:poss") and t.i > head.i - 4]
        if not propns or head.pos_ not in ("NOUN", "X"):
            return None
        if not any(p.head == head or p.head.head == head for p in propns) or head.lower_ not in TITLES:
            return None
        head = propns[-1]
    lo = head.i
    while lo - 1 >= span.start and (doc[lo - 1].pos_ == "PROPN" or doc[lo - 1].dep_ in ("flat", "compound", "flat:name")) and not doc[lo - 1].is_punct:
        lo -= 1
    # Names written after their head: "Patrick Moorhead" parsed with Moorhead as flat of Patrick.
    hi = head.i
    while hi + 1 < span.end and doc[hi + 1].dep_ in ("flat", "flat:name") and doc[hi + 1].head.i <= hi:
        hi += 1
    while lo < hi and doc[lo].lower_.rstrip(".") in TITLES | {t.rstrip(".") for t in TITLES}:
        lo += 1
    # An organization's name before a role before a person: "OpenAI CEO Sam Altman" -> drop up to the role.
    for i in range(hi - 1, lo - 1, -1):
        if doc[i].lower_ in TITLES:
            lo = i + 1
            break
    if lo > hi:
        return None
    return doc[lo : hi + 1]


def _plural(mention: str | None) -> bool:
    return (mention or "").lower() in ("they", "ellos", "ellas")


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
        stype = SpeakerType.PERSON if len(name.split()) >= 2 and name[:1].isupper() else SpeakerType.ORGANIZATION
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


_OF = {"es": r"(?:de la|de los|de las|del|de|en)", "en": r"(?:of the|of|at the|at|for the|for)"}


def _org_inside(text: str, lang: str) -> str | None:
    """"un informe de la OMS" -> "OMS"; "a Coast Guard spokesperson" -> "Coast Guard"."""
    m = re.search(rf"\b{_OF.get(lang, 'of')}\s+((?:[A-ZÁÉÍÓÚÑ][\w&.'-]*\s*)+(?:(?:de|of|y|and|&)\s+(?:[A-ZÁÉÍÓÚÑ][\w&.'-]*\s*)+)*)", text)
    if m:
        return m.group(1).strip()
    m = re.match(r"^(?:(?:a|an|the|un|una|el|la)\s+)?((?:[A-Z][\w&.'-]*\s+)+)[a-z]", text)
    if m and lang == "en":
        return m.group(1).strip()
    return None


# --- roles and organizations ---------------------------------------------------------------------------------

_ROLE_SPLIT = {
    "es": re.compile(r"\s(?:de|del|en)\s+(?:(?:la|las|los|el)\s+)?(?=[A-ZÁÉÍÓÚÑ0-9])"),
    "en": re.compile(r"\s(?:of|at|for|with|from)\s+(?:the\s+)?(?=[A-Z0-9])"),
}
_END_APPOSITION = re.compile(r"[,;:.()\n—–]|\s(?:dijo|afirmó|said|says|told|en el|en la|in a|in an)\s")


def _role_and_org(doc: Doc, name: str, lang: str) -> tuple[str | None, str | None]:
    """Organization and role written next to a mention of `name`: apposition after it or title before it."""
    text = doc.text
    pattern = re.compile(re.escape(name))
    for m in pattern.finditer(text):
        # Apposition: "NAME, analista jefe de Moor Insights & Strategy, ..." / "NAME, the Defence Secretary;".
        after = text[m.end() : m.end() + 200]
        if after.startswith(", "):
            seg = _END_APPOSITION.split(after[2:], maxsplit=1)[0].strip()
            org, role = _split_role(seg, lang)
            if role is not None:
                return org, role
        # Title before the name: "OpenAI CEO Sam Altman", "Chief Superintendent Graciano Mijares of the police".
        before = text[max(0, m.start() - 80) : m.start()]
        found = _title_before(doc, m.start(), lang)
        if found is not None:
            # Organization words written before the role ("OpenAI CEO", "Council spokesperson").
            words = found.split()
            lead = []
            while len(words) > 1 and words[0].lower().rstrip(".") not in _TITLE_WORDS and words[0][:1].isupper():
                lead.append(words.pop(0))
            role = " ".join(words)
            org = " ".join(lead) or None
            tail = text[m.end() : m.end() + 150]
            mo = re.match(rf"\s+{_OF.get(lang, 'of')}\s+(?:the\s+)?((?:[\w&.'-]+\s*){{1,10}}?)(?=[,;.]|\s(?:said|says|told|dijo|afirmó))", tail)
            if mo and org is None:
                org = mo.group(1).strip()
            return org, role
        del before
    return None, None


def _split_role(segment: str, lang: str) -> tuple[str | None, str | None]:
    """"analista jefe de Moor Insights & Strategy" -> (org, role); None role when it does not look like one."""
    seg = segment.strip()
    if not seg or len(seg.split()) > 14:
        return None, None
    words = seg.split()
    if words[0].lower() in _DETERMINERS:
        words = words[1:]
        seg = " ".join(words)
    if not words:
        return None, None
    first = words[0]
    role_nouns = NOMINALS.get(lang, {})
    looks_like_role = first[0].islower() or first.lower() in role_nouns or any(w.lower() in role_nouns for w in words[:3])
    if not looks_like_role:
        return None, None
    split = _ROLE_SPLIT[lang if lang in _ROLE_SPLIT else "en"].search(seg)
    if split:
        role = seg[: split.start()].strip()
        org = seg[split.end() :].strip()
        return (org or None), (role or None)
    return None, seg


def _title_before(doc: Doc, start: int, lang: str) -> str | None:
    """Role words right before a name in the same noun phrase ("Regional Governor", "la coautora")."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return None
    i = span[0].i
    words: list[str] = []
    role_nouns = _TITLE_WORDS | {k for k, v in NOMINALS.get(lang, {}).items() if v == "person"}
    j = i - 1
    while j >= 0 and j >= i - 4:
        t = doc[j]
        if t.is_punct or t.is_space or t.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "CCONJ", "DET", "PRON", "NUM"):
            break
        if t.ent_type_ in ("PER", "PERSON") and t.lower_.rstrip(".") not in role_nouns:
            break
        words.insert(0, t.text)
        j -= 1
    if not words:
        return None
    if not any(w.lower() in role_nouns for w in words):
        return None
    return " ".join(words) or None
