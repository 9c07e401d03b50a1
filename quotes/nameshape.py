"""The shape of a name: is this string a person's name or an organization's, and what does it tell?

Pure functions of a string (and of the word lists of ``quotes/data/lexicons/entities/``), below the extractors and
the attribution: the rules ask whether a subject is a person's name, the attribution asks for the sex an
honorific or a given name tells, and both ask whether a word is an acronym.

* a known given name followed by capitalized words is a person ("Patrick Moorhead");
* a legal-form suffix ("Inc.", "S.A.", "Corporation", "&"), an organization word ("Universidad", "Ministry",
  "News"), an acronym ("AWS", "UNAM") or CamelCase ("OpenAI") make an organization;
* honorifics ("Mr.", "Sra.") and given names tell a person's sex ("Mr. Clinton" is not Hillary Clinton).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import cache, lru_cache

from attrs import field, frozen
from spacy.tokens import Doc, Token

from quotes.doctext import doc_text
from quotes.lexicons import COMMON, table
from quotes.lexicons import words as word_list
from quotes.shipped import lexicon_path

# Words that join the parts of a name without being capitalized ("Facultad de Medicina", "Ponce de León").
CONNECTORS = word_list(COMMON, "name_connectors")
_TITLES = word_list(COMMON, "honorific_titles")
_ROLE_TITLES = word_list(COMMON, "titles")
_PARTY_WORDS = word_list(COMMON, "party_adjectives")
_WORD = re.compile(r"[^\W_][\w'’.&-]*|&")
# Determiners dropped from the front of a source mention ("la compañía" -> "compañía").
DETERMINERS = word_list(COMMON, "leading_determiners")


@frozen
class Lexicon:
    """The word lists of one language (files under ``quotes/data/lexicons/entities/``)."""

    nouns: dict[str, str]  # lemma -> "org" | "person" | "other"
    plain_nouns: dict[str, str]  # the same, keyed without accents
    given: frozenset[str]
    suffixes: frozenset[str]
    orgwords: frozenset[str]
    notorg: frozenset[str]
    orgs: frozenset[str]
    locs: frozenset[str]
    sex: dict[str, str] = field(factory=dict)  # given name -> "m" | "f", where the census is clear


def _data_lines(name: str) -> Iterable[str]:
    text = lexicon_path("entities", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


@cache
def lexicon(lang: str) -> Lexicon:
    """The word lists for `lang` ("es" or "en"; any other language gets the English noun list)."""
    nouns_file = "nouns_es.tsv" if lang == "es" else "nouns_en.tsv"
    nouns = dict(line.split("\t")[:2] for line in _data_lines(nouns_file))
    common: dict[str, set[str]] = defaultdict(set)
    for line in _data_lines("common.tsv"):
        kind, word = line.split("\t")[:2]
        common[kind].add(word)
    orgs = set(_data_lines("organizations_conll2002_es.txt")) | common["org"]
    # The newswire's places, and the countries and places the role rules know ("Rafael Correa de Ecuador" is
    # Rafael Correa: a place after "de" ends a person's name).
    locs = (
        set(_data_lines("locations_conll2002_es.txt"))
        | common["loc"]
        | set(word_list("es", "country_names"))
        | set(word_list("en", "place_names"))
    )
    return Lexicon(
        nouns=nouns,
        plain_nouns={norm_key(k): v for k, v in nouns.items()},
        given=frozenset(_data_lines("given_names.txt")),
        suffixes=frozenset(common["suffix"]),
        orgwords=frozenset(common["orgword"]),
        notorg=frozenset(common["notorg"]),
        orgs=frozenset(orgs - locs),
        locs=frozenset(locs),
        sex=dict(line.split("\t")[:2] for line in _data_lines("given_names_sex.tsv")),
    )


# Honorifics that tell a person's sex: "Mr. Clinton" is not Hillary Clinton.
_HONORIFIC_SEX: dict[str, str] = {row[0]: row[1] for row in table(COMMON, "honorific_sex")}


def honorific_sex(doc: Doc, start_char: int) -> str | None:
    """ "m" or "f" when the mention starting at `start_char` is, or follows, a sexed honorific ("Mrs. Clinton")."""
    text = doc_text(doc)
    m = re.search(r"(\w+)\.?\s*$", text[max(0, start_char - 12) : start_char])
    word = m.group(1) if m else re.match(r"\w*", text[start_char : start_char + 10]).group(0)  # type: ignore[union-attr]
    return _HONORIFIC_SEX.get(word.lower())


def sex_conflict(name: str, sex: str | None, lang: str) -> bool:
    """Whether `name`'s given name is borne by the other sex than the honorific's ("Mr." + "Michelle ...")."""
    if sex is None:
        return False
    words = name_words(name)
    return bool(words) and lexicon(lang).sex.get(words[0], sex) != sex


def name_sex(name: str, lang: str) -> str | None:
    """ "m" or "f" when the first word of a person's name is a given name borne mostly by one sex.

    The census list covers English names; Spanish given names the list lacks follow the grammatical gender
    of their ending when they are known given names: "María", "Alejandra" -> "f", "Fernando" -> "m"
    ("Lourdes", "Inés" stay unknown; a man's name in -a, like the Italian "Andrea", is rare in Spanish news).
    """
    lex = lexicon(lang)
    # The given name may follow a title the name kept ("Councillor Omar Haddad", "Dr Meerjady Flora").
    words = [w for w in strip_titles(name_words(name))[:3] if w in lex.given or w in lex.sex]
    if not words:
        return None
    first = words[0]
    if first in lex.sex:
        return lex.sex[first]
    if lang == "es" and first in lex.given and len(first) > 3:
        if first.endswith("a"):
            return "f"
        if first.endswith("o"):
            return "m"
    return None


# --- name shape -------------------------------------------------------------------------------------------


def is_cap(word: str) -> bool:
    return word[:1].isupper()


def is_acronym(word: str) -> bool:
    letters = word.replace(".", "").replace("-", "")
    return 2 <= len(letters) <= 7 and letters.isalpha() and letters.isupper()


def opens_place_or_body(word: str, lex: Lexicon) -> bool:
    """Whether a capitalized word after "de"/"of" in a person's name starts a place or a body rather than the
    rest of a surname: an acronym ("Mike Ryan de la OMS", "Jose Mayorga del UC Irvine ..."), a known place or
    organization ("John Cornyn de Texas"), an organization word ("... de la Universidad de Rutgers"). No
    person's name in the annotated articles continues with one ("Ponce de León Rosales" continues with a
    surname, and "de la Cruz", "de Gortari" are no places)."""
    return is_acronym(word) or word in lex.locs or word in lex.orgs or word in lex.orgwords


def is_camel(word: str) -> bool:
    # "OpenAI", "YouTube", "iPhone": an upper-case letter after a lower-case one inside the word.
    return word.isalpha() and any(a.islower() and b.isupper() for a, b in zip(word, word[1:], strict=False))


def name_words(text: str) -> list[str]:
    return _WORD.findall(text)


def strip_titles(words: list[str]) -> list[str]:
    while words and (words[0].lower() in _TITLES or words[0].lower() in CONNECTORS):
        words = words[1:]
    return words


def person_shape(words: list[str], lex: Lexicon) -> float:
    """Evidence (0 to 2.5) that a sequence of words is a person's name."""
    words = strip_titles(words)
    # A hyphenated given name counts by either part ("Nils-Erik", "Jean-Pierre").
    if not words or (words[0] not in lex.given and not any(p in lex.given for p in words[0].split("-"))):
        return 0.0
    if any(w in lex.suffixes or w in lex.orgwords for w in words):
        return 0.0
    rest = words[1:]
    if not rest:
        return 1.2  # a bare given name ("James") is a weaker cue: it is also a surname or a place
    if all(is_cap(w) or w.lower() in CONNECTORS for w in rest) and is_cap(rest[-1]):
        return 2.5
    return 0.0


def org_shape(words: list[str], lex: Lexicon) -> float:
    """Evidence (0 to 3) that a sequence of words is an organization's name."""
    if not words:
        return 0.0
    text = " ".join(words)
    if text in lex.locs:
        return 0.0
    if text in lex.orgs:
        return 3.0
    if words[-1] in lex.suffixes or "&" in words:
        return 3.0
    if any(w in lex.orgwords for w in words):
        return 2.5
    if len(words) == 1:
        w = words[0]
        if w in lex.notorg or w in lex.locs:
            return 0.0
        if is_acronym(w) or is_camel(w):
            return 1.5
    return 0.0


def is_person_name(text: str, lang: str) -> bool:
    """Whether `text` has the shape of a person's name: a known given name, then capitalized words.

    Example:
        >>> is_person_name("Patrick Moorhead", "es"), is_person_name("Moor Insights & Strategy", "en")
        (True, False)
    """
    lex = lexicon(lang)
    words = name_words(text)
    return person_shape(words, lex) >= 1.2 and org_shape(words, lex) == 0.0


def is_organization_name(text: str, lang: str) -> bool:
    """Whether `text` has the shape of an organization's name: suffix, organization word, acronym, CamelCase
    or a known organization.

    Example:
        >>> [is_organization_name(t, "es") for t in ("OpenAI", "Universidad de Oxford", "Sam Altman")]
        [True, True, False]
    """
    return org_shape(name_words(text), lexicon(lang)) > 0.0


@lru_cache(maxsize=65536)
def norm_key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


# Generational suffixes that end a name after the surname ("Martin Luther King Jr.").
_NAME_SUFFIXES = word_list(COMMON, "name_suffixes")


def strip_name_suffixes(words: list[str]) -> list[str]:
    while len(words) > 1 and words[-1].casefold() in _NAME_SUFFIXES:
        words = words[:-1]
    return words


# --- the noun lexicon -------------------------------------------------------------------------------------


def noun_kind(tok: Token, lex: Lexicon) -> str | None:
    """The lexicon class of a noun token, by lemma, form, or the singular of a plural the lemmatizer left
    alone (capitalized sentence-initial nouns are often tagged PROPN and not lemmatized:
    "Investigaciones")."""
    return word_kind(tok.lemma_, lex) or word_kind(tok.text, lex)


def word_kind(word: str, lex: Lexicon) -> str | None:
    form = norm_key(word)
    if form in lex.plain_nouns:
        return lex.plain_nouns[form]
    for cut, add in (("es", ""), ("s", ""), ("ces", "z")):
        if form.endswith(cut) and form[: -len(cut)] + add in lex.plain_nouns:
            return lex.plain_nouns[form[: -len(cut)] + add]
    return None


@cache
def strip_determiner(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in DETERMINERS:
        words = words[1:]
    return " ".join(words)


# --- cutting merged runs of proper nouns ----------------------------------------------------------------


def split_merged(doc: Doc, start: int, end: int, lex: Lexicon) -> list[tuple[int, int]]:
    """Cut a place or organization off the front of a merged name: "India Narendra Modi" -> "India",
    "Narendra Modi" (the English pipeline merges "Prime Minister of India Narendra Modi")."""
    for cut in range(start + 1, end - 1):
        head = " ".join(t.text for t in doc[start:cut])
        if (head in lex.locs or head in lex.orgs) and all(is_cap(t.text) for t in doc[cut:end]):
            return [(start, cut), (cut, end)]
    return [(start, end)]


def split_before_person(doc: Doc, start: int, end: int, lex: Lexicon) -> list[tuple[int, int]]:
    """Cut an organization or place off the front of a run of proper nouns when a full person name follows:
    "a AFP Factual Kenneth Witwer" (the medium addressed, then the speaker), "BBC Mundo Nayra Rodríguez",
    "Departamento de Estado Heather Nauert". The person starts at a known given name followed by a
    capitalized surname; what comes before must look like an organization or a place (an acronym first, an
    organization word, a known organization or place). "Consejo Nacional Electoral" and "US Geological
    Survey" have no given name inside and stay whole."""
    for cut in range(start + 1, end - 1):
        rest = doc[cut + 1 : end]
        # The surname may hold particles: "Eduardo del Castillo".
        if doc[cut].text not in lex.given or not (
            all(is_cap(t.text) or t.lower_ in CONNECTORS for t in rest) and is_cap(doc[end - 1].text)
        ):
            continue
        head = [t.text for t in doc[start:cut]]
        if is_acronym(head[0]) or " ".join(head) in lex.locs or org_shape(head, lex) > 0:
            return [(start, cut), (cut, end)]
        break
    return [(start, end)]


def person_then_place(doc: Doc, start: int, at: int, lex: Lexicon) -> bool:
    """Whether the run from `start` is a person's name (a known given name first) and the word at `at`, after
    "de"/"of", starts a place or body that ends the run: "Mike Ryan de la OMS", "Jose Mayorga del UC Irvine"
    (but "Samuel Ponce de León Rosales" goes on with a surname); any capitalized word after "of" ends a
    person's name."""
    word = doc[at].text
    # Titles before the name do not count: "Rep. Lee Zeldin of New York", "Republican Sen. Ted Cruz of Texas".
    while start < at and (
        doc[start].lower_ in _ROLE_TITLES or doc[start].lower_ in _TITLES or doc[start].text in _PARTY_WORDS
    ):
        start += 1
    # A given name and a surname at least: "Ford de México" is a company, not Mr. Ford of Mexico.
    if at - start < 3 or doc[start].text not in lex.given:
        return False
    if " ".join(t.text for t in doc[at : at + 2]) in lex.locs:
        return True  # a place of two words: "New York", "Costa Rica"
    if doc[at - 1].lower_ == "of" and person_shape([t.text for t in doc[start : at - 1]], lex) >= 2.5:
        # No surname goes on with "of" ("Alexander Gagay of Yekaterinburg"); "Virginia Department of Health"
        # is no person's name (an organization word).
        return True
    if not opens_place_or_body(word, lex):
        return False
    if is_acronym(word) or word in lex.orgwords or word in lex.orgs:
        return True
    # A place name may be a surname too: it ends the name only where no capitalized word follows.
    return not (at + 1 < len(doc) and doc[at + 1].pos_ == "PROPN" and doc[at + 1].text[:1].isupper())
