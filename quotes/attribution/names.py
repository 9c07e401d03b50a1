"""The article's speakers: who is named, in what fullest form, with what organization and role.

:class:`ArticleNames` holds the persons and organizations of one article (from
:mod:`quotes.attribution.entities`) and answers the questions attribution asks of a name: its fullest form
("Moorhead" -> "Patrick Moorhead"), its type, the organization and role stated next to any of its mentions,
and the person whose stated role a nominal names ("the Prime Minister" -> "Igor Matovič"). It also finds the
person inside a mention ("OpenAI CEO Sam Altman" -> "Sam Altman") and makes a :class:`Speaker` of a name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import accumulate

import attrs
from spacy.tokens import Doc, Span, Token

from quotes.attribution import person_words, roles
from quotes.attribution.entities import Entity, article_entities, fullest_name, joined_at_hyphen
from quotes.attribution.speaker_type import name_type
from quotes.doctext import doc_text
from quotes.lexicons import COMMON
from quotes.lexicons import words as word_list
from quotes.models import Quote, SpeakerType
from quotes.nameshape import (
    honorific_sex,
    is_organization_name,
    is_person_name,
    lexicon,
    opens_place_or_body,
    sex_conflict,
    strip_determiner,
    strip_name_suffixes,
)

POSSESSIVE = re.compile(r"['’]s?$")
# Words that make a role a past one ("former governor", "el ex presidente", "then-manager").
_FORMER = word_list(COMMON, "former_markers")
_NAME_PARTICLES = word_list(COMMON, "name_particles")
#: What joins an organization word to the rest of its name ("Banco de España", "Bank of England").
_BODY_LINKS = frozenset({"de", "del", "of"})
_BODY_ARTICLES = frozenset({"la", "las", "los", "el", "the"})


@attrs.frozen
class Speaker:
    """A resolved source: the speaker's name, type, organization and role."""

    name: str
    type: SpeakerType | None
    organization: str | None = None
    role: str | None = None

    @classmethod
    def of(cls, quote: Quote) -> Speaker:
        """The speaker an already resolved quote gives."""
        return cls(quote.speaker or "", quote.speaker_type, quote.organization, quote.role)

    @classmethod
    def organization_named(cls, name: str) -> Speaker:
        """An organization speaking for itself ("Amazon anunció")."""
        return cls(name, SpeakerType.ORGANIZATION, name, None)


def _article_entities(doc: Doc, lang: str) -> list[Entity]:
    # Masked numbers in the corpus text ("el *NUMBER* de mayo") are no names.
    return [e for e in article_entities(doc, lang) if re.sub(r"\bNUMBER\b", "", e.text).strip(" *")]


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """Lower case without accents: names compare so across spellings ("Matovič" = "Matovic")."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


_NORM_PREFIXES = "quotes.norm_prefixes"


def norm_prefix(doc: Doc, end: int) -> str:
    """``norm(doc_text(doc)[:end])``, from one pass over the article rather than one per call.

    The normalization is character by character (a decomposition keeps its base letters in place, and the
    combining marks it drops are the only characters it reorders), except for the Greek capital sigma,
    whose lowercase depends on the next letter: an article that has one is normalized per call.
    """
    cached = doc.user_data.get(_NORM_PREFIXES)
    if cached is None:
        text = doc_text(doc)
        if "Σ" in text:
            cached = doc.user_data[_NORM_PREFIXES] = ()
        else:
            parts = [norm(c) for c in text]
            cached = doc.user_data[_NORM_PREFIXES] = ("".join(parts), list(accumulate(map(len, parts), initial=0)))
    if not cached:
        return norm(doc_text(doc)[:end])
    full, ends = cached
    return full[: ends[max(0, min(end, len(ends) - 1))]]


def _given_names(lang: str) -> frozenset[str]:
    return lexicon(lang if lang in ("es", "en") else "en").given


@lru_cache(maxsize=1 << 14)
def clean_person_name(name: str, lang: str) -> str:
    """A person entity without the titles and places written before it.

    "Montana Secretary of State Corey Stapleton" -> "Corey Stapleton"; "Prime Minister Igor Matovič" ->
    "Igor Matovič".
    """
    words = name.split()
    cut = 0
    # Office nouns as well as titles: "Mayor Lisa Grant", "Senator Ann Lee".
    offices = person_words.role_nouns(lang)
    for k, w in enumerate(words[:-1]):
        bare = w.lower().rstrip(".")
        if bare in offices or ("-" in bare and person_words.is_role_word(bare, lang)):  # "Secretary-General"
            cut = k + 1
    words = words[cut:]
    if len(words) > 1 and words[0].lower() in ("of", "de", "del", "for", "the"):
        given = _given_names(lang)
        starts = [k for k, w in enumerate(words) if w in given]
        words = words[starts[0] :] if starts else words[1:]
    return " ".join(words) or name


class ArticleNames:
    """Names of persons and organizations in the article, with their fullest form, role and organization.

    Attributes:
        ents: The article's entities (:func:`quotes.attribution.entities.article_entities`), masked numbers left
            out.
        persons: The persons' names without titles ("Prime Minister Igor Matovič" -> "Igor Matovič"), in order.
        orgs: The organizations' names, in order.
        subjects: (position, entity) of the persons and organizations named as the subject of a main clause
            outside quotations, set once by :func:`quotes.attribution.coreference.attribute`.
    """

    def __init__(self, doc: Doc, lang: str) -> None:
        self.doc = doc
        self.lang = lang
        self.ents = _article_entities(doc, lang)
        self.persons: list[str] = []
        self.orgs: list[str] = []
        for e in self.ents:
            name = (
                clean_person_name(POSSESSIVE.sub("", e.text.strip()), lang)
                if e.label == "PER"
                else e.text.strip()
            )
            if e.label == "PER" and name not in self.persons:
                self.persons.append(name)
            elif e.label == "ORG" and name not in self.orgs:
                self.orgs.append(name)
        self._details: dict[str, tuple[str | None, str | None]] = {}
        #: entity -> the speaker it names, kept by the speaker ranking (quotes.attribution.ranking)
        self.entity_speakers: dict[Entity, Speaker] = {}
        self._person_words: dict[str, list[str]] = {}
        self.subjects: list[tuple[int, Entity]] = []

    def fullest(self, name: str, sex: str | None = None, at: int | None = None) -> str:
        """The longest person name in the article that ends with (or contains) `name`'s words (and whose
        given name does not contradict the honorific's `sex`, "m" or "f"); when two different persons fit and
        the mention's position `at` is known, the one named last before it."""
        words = norm(name).split()
        if not words:
            return name
        best = name
        fits: list[str] = []
        n = len(words)
        for full in self.persons:
            fw = self._person_words.get(full)
            if fw is None:
                fw = self._person_words[full] = norm(full).split()
            if len(fw) <= n or sex_conflict(full, sex, self.lang):
                continue
            # "Moorhead" ends "Patrick Moorhead"; "Ponce de León" and "Horacio Sosa" sit inside
            # "Samuel Ponce de León Rosales" and "Horacio Sosa Villavicencio" (Spanish double surnames).
            if self.lang == "en":
                fits_name = strip_name_suffixes(fw)[-n:] == words
            else:
                fits_name = (
                    fw[-n:] == words
                    or (n == 1 and words[0] in fw)
                    or (n > 1 and any(fw[i : i + n] == words for i in range(len(fw) - n + 1)))
                )
            if fits_name:
                fits.append(full)
                if len(full) > len(best):
                    best = full
        if at is not None and len(fits) > 1:
            best = self._latest_before(best, fits, at)
        if best == name and len(words) == 1:
            # A surname whose full form the recognizer left unlabelled ("Balart" after "Pau Balart", with
            # no NER in the pipeline): any longer name ending with it, titles and places removed.
            for e in self.ents:
                if e.label not in ("MISC", "PER"):
                    continue
                full = clean_person_name(POSSESSIVE.sub("", e.text.strip()), self.lang)
                fw = norm(full).split()
                if sex_conflict(full, sex, self.lang):
                    continue
                last = strip_name_suffixes(fw)[-1:] if self.lang == "en" else fw[-1:]
                if 1 < len(fw) <= 5 and last == words and full[:1].isupper() and len(full) > len(best):
                    best = full
        if best == name and len(words) == 1:
            # A name written first-word only: a given name ("Bill" after "Bill Clinton") or a surname written
            # first ("Ms. Gao" after "Gao Junlan"); only when one person of the article starts with it. (The
            # honorific's sex is not compared: the word it would be compared with is the mention itself.)
            starting = set()
            for full in self.persons:
                fw = self._person_words.setdefault(full, norm(full).split())
                if len(fw) > 1 and fw[0] == words[0]:
                    starting.add(full)
            if len(starting) == 1:
                best = starting.pop()
        if best == name and len(words) == 2 and self.lang != "en":
            best = self._by_both_surnames(name, words) or best
        return best

    def _by_both_surnames(self, name: str, words: list[str]) -> str | None:
        """Spanish names a person by given name and first surname ("Ricardo Anaya"), and again by both
        surnames ("Anaya Cortés"): the one person of the article whose last word is the mention's first, when
        that word is no given name and the second is not in the person's name already."""
        given = _given_names(self.lang)
        if name.split()[0] in given:
            return None
        found = set()
        for full in self.persons:
            fw = self._person_words.setdefault(full, norm(full).split())
            if len(fw) >= 2 and fw[-1] == words[0] and words[1] not in fw and full.split()[0] in given:
                found.add(full)
        return found.pop() if len(found) == 1 else None

    def _latest_before(self, longest: str, fits: list[str], at: int) -> str:
        """Among names that fit a short mention, the person named last before `at` ("Chen" after "Chen
        Zhongyi" is him, not the "Chen Mingjun" of an earlier paragraph). Shorter forms of the longest name
        ("Diego Maradona" in "Diego Armando Maradona") are the same person and keep the longest."""
        whole = set(norm(longest).split())
        if all(set(norm(f).split()) <= whole for f in fits):
            return longest
        text = doc_text(self.doc)
        placed = [(text.rfind(f, 0, at), len(f), f) for f in fits]
        latest = max(placed)
        return latest[2] if latest[0] >= 0 else longest

    def full_form(self, start: int, end: int, text: str) -> str:
        """The fullest name of the entity written at [start, end) ("Sosa" -> "Horacio Sosa Villavicencio")."""
        full = fullest_name(self.doc, start, end, self.lang)
        full = clean_person_name(POSSESSIVE.sub("", full.strip()), self.lang) if full else None
        mine = self.fullest(text, honorific_sex(self.doc, start), at=start)
        # Only a longer form of the same name: it ends like it ("Sosa" -> "Horacio Sosa Villavicencio") or
        # is the organization an acronym stands for ("PG&E" -> "Pacific Gas and Electric Company").
        last = norm(text).split()[-1:] if text.strip() else []
        if full and norm(full).split()[-1:] != last and not (text.isupper() or "&" in text):
            full = None
        if not set(norm(text).split()) <= set(norm(mine).split()):
            return mine  # another form of the name, not a longer one: "Anaya Cortés" -> "Ricardo Anaya"
        return max((full or text, mine), key=len)

    def person_inside(self, start: int, end: int) -> Span | None:
        """A person entity within [start, end) ("Chief Superintendent Graciano Mijares" -> the name)."""
        for e in self.ents:
            if e.label == "PER" and start <= e.start_char and e.end_char <= end:
                return self.doc.char_span(e.start_char, e.end_char, alignment_mode="expand")
        return None

    def type_of(self, name: str, start: int | None, end: int | None) -> SpeakerType | None:
        if start is not None and end is not None:
            found = name_type(self.doc, start, end, self.lang)
            # A mention the recognizer labelled an organization ("Trump" in "after Trump spoke with ...") whose
            # full form is a given name and a surname ("Donald Trump") is that person.
            shape_lang = self.lang if self.lang in ("es", "en") else "en"
            if found is SpeakerType.ORGANIZATION and len(name.split()) >= 2 and is_person_name(name, shape_lang):
                return SpeakerType.PERSON
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
            org, role = roles.role_and_org(self.doc, name, self.lang, known)
            if org is None and role is None:
                # The apposition may follow a shorter form of the name ("Samuel Ponce de León, coordinador de
                # ...", later written in full): try the article's other forms of the same person.
                words = norm(name).split()
                for other in self.persons:
                    ow = norm(other).split()
                    if other != name and 1 < len(ow) < len(words) and any(
                        words[i : i + len(ow)] == ow for i in range(len(words) - len(ow) + 1)
                    ):
                        org, role = roles.role_and_org(self.doc, other, self.lang, known)
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
        full = fullest_name(self.doc, at, at + len(org), self.lang)
        # An expansion ("Indre" -> "Instituto de Diagnóstico y Referencia Epidemiológicos"), not a longer
        # name that merely contains it ("Investigación Molecular del Indre").
        if not full or len(full) <= len(org) or org in full:
            return org
        return full

    def person_with_role(self, nominal: str, before: int | None = None) -> str | None:
        """The person whose stated role matches the nominal ("el secretario de Salud", "the Prime Minister")."""
        words = [w for w in norm(strip_determiner(nominal)).split() if w not in _NAME_PARTICLES]
        if not words:
            return None
        head = words[0]
        best, best_score = None, 0
        for person in self.persons:
            org, role = self.details(person)
            if not role:
                continue
            stated = set(norm(f"{role} {org or ''}").split())
            if head not in stated:
                continue
            if stated & _FORMER and not set(words) & _FORMER:
                # "Former governor Ken Adams ... The governor said ...": the office's holder now, not him.
                continue
            score = sum(w in stated for w in words)
            if score > best_score:
                best, best_score = person, score
        return best


def named(doc: Doc, name: str, table: ArticleNames, start: int | None, end: int | None) -> Speaker:
    stype = table.type_of(name, start, end)
    if stype is None:
        # A name that never appears with more than one word is more often an organization ("Amazon",
        # "OpenAI") than a person: persons are introduced with first and last name.
        stype = (
            SpeakerType.PERSON if len(name.split()) >= 2 and name[:1].isupper() else SpeakerType.ORGANIZATION
        )
    org, role = table.details(name)
    if stype is SpeakerType.ORGANIZATION:
        return Speaker(name, stype, name, None)
    return Speaker(name, stype, org, role)


def capitalized(token: Token) -> bool:
    text = token.text
    return (
        bool(text)
        and (text[0].isupper() or (text[0].isdigit() and token.pos_ == "PROPN"))
        and not token.is_punct
        and token.pos_ not in ("DET", "ADP", "PRON", "VERB", "AUX", "SCONJ", "CCONJ")
        and not _masked(token)
    )


def _masked(token: Token) -> bool:
    # A corpus placeholder ("*NUMBER*" in the Spanish Fake News Corpus) stands for a number, never a name.
    doc = token.doc
    return token.text.strip("*") == "NUMBER" and (
        "*" in token.text or (token.i > 0 and doc[token.i - 1].text == "*")
    )


def _particles_then_name(doc: Doc, k: int, end: int) -> int:
    """The index of the capitalized word after a run of name particles starting at `k` ("de la Vega",
    "van der Berg"), or -1."""
    j = k
    while j < end and j - k < 3 and doc[j].lower_ in _NAME_PARTICLES:
        j += 1
    if j > k and j < end and capitalized(doc[j]) and not opens_place_or_body(doc[j].text, lexicon(doc.lang_)):
        return j
    return -1


def _body_then_name(doc: Doc, first: int, k: int, end: int) -> int:
    """The index of the capitalized word after "de"/"of" (and an article) at `k` when the run from `first` opens
    with an organization word: "Banco de España", "Universidad de Granada", "Bank of England" are one name, where
    a person's name stops before a place ("John Cornyn de Texas"). -1 otherwise."""
    lex = lexicon(doc.lang_)
    if doc[first].text not in lex.orgwords:
        return -1
    # Not past a person: "Senate Democrat Joe Manchin of West Virginia", "The Government of Boris Johnson".
    if any(
        doc[t].text in lex.given or doc[t].lower_.rstrip(".") in person_words.TITLE_WORDS
        or person_words.is_role_word(doc[t].text, doc.lang_)
        for t in range(first + 1, k)
    ):
        return -1
    j = k
    if j < end and doc[j].lower_ in _BODY_LINKS:
        j += 1
        if j < end and doc[j].lower_ in _BODY_ARTICLES:
            j += 1
    return j if k < j < end and capitalized(doc[j]) and doc[j].text not in lex.given else -1


def _hyphen_joins(doc: Doc, j: int, end: int) -> bool:
    """Whether a hyphen written without spaces joins token `j` to a word after it (before token `end`) into
    one word of a name: not a title ("Secretary-General")."""
    return joined_at_hyphen(doc, j, end) and not person_words.is_role_word(doc[j : j + 3].text, doc.lang_)


def name_in_mention(doc: Doc, start: int, end: int) -> Span | None:
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
        if capitalized(doc[i]):
            j = i
            while j + 1 < span.end:
                if capitalized(doc[j + 1]):
                    j += 1
                    continue
                if _hyphen_joins(doc, j, span.end):
                    j += 2  # "Ocasio-Cortez", "Ki-moon": one name the tokenizer split at the hyphen
                    continue
                # Spanish surnames hold a run of particles: "Sergio de la Vega", "Carlos de la Peña Pintos".
                nxt = _particles_then_name(doc, j + 1, span.end)
                if nxt < 0:
                    nxt = _body_then_name(doc, i, j + 1, span.end)
                if nxt < 0:
                    break
                j = nxt
            runs.append((i, j))
            i = j + 1
        else:
            i += 1
    if not runs:
        return None
    root = span.root.i
    # The run holding the head, else the last one before a possessive or preposition ends the name.
    chosen = next((r for r in runs if r[0] <= root <= r[1]), runs[0])
    lo, hi = _past_title_head(doc, chosen, runs)
    if (
        lo == hi
        and (doc[lo].is_sent_start or lo == 0)
        and any(t.is_lower and t.is_alpha for t in span[lo - span.start + 1 :])
    ):
        return None  # "Investigaciones anteriores": a common noun capitalized at the start of a sentence
    while lo < hi and doc[lo].lower_.rstrip(".") in person_words.TITLE_WORDS:
        lo += 1
    # An organization's name before a role before a person: "OpenAI CEO Sam Altman" -> after the role.
    for k in range(hi - 1, lo - 1, -1):
        if doc[k].lower_.rstrip(".") in person_words.TITLE_WORDS:
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


def _past_title_head(doc: Doc, chosen: tuple[int, int], runs: list[tuple[int, int]]) -> tuple[int, int]:
    """The name after a title that heads the mention: "First Minister of Scotland Nicola Sturgeon" has the
    title as its syntactic head; the person is the later run, from its known given name on."""
    if doc[chosen[1]].lower_.rstrip(".") not in person_words.role_nouns(doc.lang_):
        return chosen
    given = _given_names(doc.lang_)
    for lo, hi in runs:
        if lo <= chosen[1]:
            continue
        starts = [k for k in range(lo, hi) if doc[k].text in given]
        if starts:
            return starts[0], hi
    return chosen


def person_organizations(doc: Doc, quotes: list[Quote], table: ArticleNames, lang: str) -> list[Quote]:
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
            and is_person_name(q.speaker, lang if lang in ("es", "en") else "en")
        ):
            org, role = table.details(q.speaker)
            q = attrs.evolve(q, organization=org, role=role)
        elif (
            q.speaker
            and q.organization is None
            and q.speaker[:1].isupper()
            and is_organization_name(q.speaker, lang if lang in ("es", "en") else "en")
            and (
                q.speaker_type is not SpeakerType.PERSON
                # A name shaped like an organization and not like a person, whatever type its mention got.
                or not is_person_name(q.speaker, lang if lang in ("es", "en") else "en")
            )
        ):
            # "Amnesty International said ...": an organization speaker is its own organization; a source
            # described by a phrase names it inside ("A source within the Interior Ministry").
            joiners = _NAME_PARTICLES | {"of", "and", "&"}
            proper = all(w[:1].isupper() or w.lower() in joiners for w in q.speaker.split())
            org = q.speaker if proper else roles.organization_in_phrase(q.speaker, lang)
            if org:
                q = attrs.evolve(q, organization=org)
        elif q.organization and not any(
            w[:1].isupper() or w.lower() in roles.org_nouns(lang) for w in strip_determiner(q.organization).split()
        ):
            # "las autoridades", "el 40% de los adolescentes", "el pontífice": a group or a person named by a
            # common noun is no organization ("the police", "el gobierno" are).
            q = attrs.evolve(q, organization=None)
        out.append(q)
    return out
