"""spaCy's pipeline, with its two per-token Python components run as arrays.

After the parse, the slowest parts of a small spaCy pipeline are not neural: the attribute ruler (a Matcher whose
patterns test every token in Python, then one attribute write per match) and the rule lemmatizer (one Python
call and one string write per token). Over an article they cost as much as the tagger and parser of the
sentences that are parsed. Here both give spaCy's annotations, computed with numpy over the token attribute
arrays of the whole Doc:

* :func:`apply_attribute_ruler`: the one-token tests of each pattern ("TAG", "POS", "LOWER", "ORTH", "DEP",
  "IS_SPACE" by value, "IN", "NOT_IN" or "REGEX") are evaluated over every token at once; patterns with other
  predicates or operators go to a Matcher of their own. Matches are written rule after rule, in the order
  spaCy's ruler writes them.
* :func:`apply_lemmatizer`: the rule lemmatizers of spaCy (the base class, English, Spanish) decide a token's
  lemma from its text, part of speech, morphology and (Spanish) whether it starts a sentence; the lemma is
  computed once per such key and written as an array.

:func:`run_components` runs a pipeline's components in order with these two in place of spaCy's
(tests/test_fastpipes.py compares the annotations with spaCy's own).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, partial
from typing import Any, cast

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, SENT_START, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.lang.es.lemmatizer import SpanishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# The token attributes that apply_attribute_ruler writes as arrays; any other goes through spaCy's setter.
_RULER_ARRAY_ATTRS = [TAG, POS, MORPH, LEMMA]
# Token attributes a rule's one-token pattern may test by value (or by an "IN" list) and be matched by arrays.
_RULER_TESTS = {"TAG": TAG, "POS": POS, "LOWER": LOWER, "ORTH": ORTH, "DEP": DEP, "IS_SPACE": IS_SPACE}


def run_components(nlp: Language, docs: list[Doc], skip: Iterable[str] = (), batch_size: int = 64) -> list[Doc]:
    """Run `nlp`'s components (except `skip`) over tokenized Docs, batched as `nlp.pipe` does; an attribute
    ruler and a rule lemmatizer run as arrays (:func:`apply_attribute_ruler`, :func:`apply_lemmatizer`)."""
    skip = set(skip)
    stream: Iterable[Doc] = docs
    for name, proc in nlp.pipeline:
        if name in skip:
            continue
        if isinstance(proc, AttributeRuler):
            stream = map(partial(apply_attribute_ruler, proc), stream)
        elif isinstance(proc, Lemmatizer) and _array_lemmatizer(proc):
            stream = map(partial(apply_lemmatizer, proc), stream)
        elif hasattr(proc, "pipe"):
            stream = proc.pipe(stream, batch_size=batch_size)
        else:
            stream = map(proc, stream)
    return list(stream)


class _Regex:
    """The string ids whose string a pattern's "REGEX" finds, remembered per id."""

    def __init__(self, pattern: str, strings: Any) -> None:
        import re

        self.pattern = re.compile(pattern)
        self.strings = strings
        self.seen: dict[int, bool] = {}

    def hits(self, values: numpy.ndarray) -> numpy.ndarray:
        """A boolean array: which of `values` (string ids) the pattern finds."""
        uniq, inverse = numpy.unique(values, return_inverse=True)
        out = numpy.empty(len(uniq), dtype=bool)
        for k, key in enumerate(uniq.tolist()):
            hit = self.seen.get(key)
            if hit is None:
                hit = self.seen[key] = bool(key) and self.pattern.search(self.strings[key]) is not None
            out[k] = hit
        return out[inverse.reshape(-1)]


# A test of one token: column of the attribute array, the values (sorted ids) or a regex, whether excluded.
_Test = tuple[int, "numpy.ndarray | _Regex", bool]


class _FastRuler:
    """The rules of an :class:`AttributeRuler` as tests of token attribute values; patterns with other
    predicates or operators are left to a Matcher of their own."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self.matcher = Matcher(ruler.vocab, validate=False)
        self.residual = False
        # (rule, offset of the written token in the pattern, tests of each token of the pattern)
        self.patterns: list[tuple[int, int, list[list[_Test]]]] = []
        rules: list[dict[str, Any]] = list(ruler.patterns)  # spaCy's stub types the patterns loosely
        for k, rule in enumerate(rules):
            index: int = rule.get("index", 0)
            for pattern in cast(list[list[dict[str, Any]]], rule["patterns"]):
                tests = [self._tests(tok, ruler.vocab.strings) for tok in pattern]
                if any(t is None for t in tests) or not -len(pattern) <= index < len(pattern):
                    self.matcher.add(str(k), [pattern])
                    self.residual = True
                    continue
                offset = index if index >= 0 else len(pattern) + index
                self.patterns.append((k, offset, cast(list[list[_Test]], tests)))

    @staticmethod
    def _tests(token: dict[str, Any], strings: Any) -> list[_Test] | None:
        out: list[_Test] = []
        for key, value in token.items():
            if key not in _RULER_TESTS:
                return None
            column = list(_RULER_TESTS).index(key)
            if isinstance(value, dict) and set(value) == {"REGEX"} and key in ("LOWER", "ORTH"):
                out.append((column, _Regex(value["REGEX"], strings), False))
                continue
            negate = False
            if isinstance(value, dict):
                if len(value) != 1 or next(iter(value)) not in ("IN", "NOT_IN"):
                    return None
                negate = "NOT_IN" in value
                values = list(next(iter(value.values())))
            else:
                values = [value]
            if key == "IS_SPACE":
                if not all(isinstance(v, bool) for v in values):
                    return None
                ids = [int(v) for v in values]
            elif all(isinstance(v, str) for v in values):
                ids = [strings[v] if v else 0 for v in values]  # "" is a missing annotation
            else:
                return None
            out.append((column, numpy.unique(numpy.asarray(ids, dtype="uint64")), negate))
        return out

    def match(self, doc: Doc) -> list[tuple[int, int]]:
        """(rule, token) pairs in the order spaCy's ruler applies them."""
        cols = doc.to_array(list(_RULER_TESTS.values())).astype("uint64").T
        n = len(doc)
        found: list[numpy.ndarray] = []
        for k, offset, tokens in self.patterns:
            width = n - len(tokens) + 1
            if width <= 0:
                continue
            ok = numpy.ones(width, dtype=bool)
            for j, tests in enumerate(tokens):
                for column, values, negate in tests:
                    window = cols[column][j : j + width]
                    if isinstance(values, _Regex):
                        hit = values.hits(window)
                    elif len(values) == 1:
                        hit = window == values[0]
                    else:
                        hit = numpy.isin(window, values)
                    ok &= ~hit if negate else hit
                if not ok.any():
                    break
            starts = numpy.flatnonzero(ok)
            if len(starts):
                found.append(numpy.stack([numpy.full(len(starts), k), starts + offset], axis=1))
        pairs = {(int(k), int(i)) for block in found for k, i in block.tolist()}
        if self.residual:
            strings = self.ruler.vocab.strings
            indices = self.ruler.indices
            for key, s, e in self.matcher(doc, allow_missing=True, as_spans=False):  # type: ignore[misc]
                k = int(strings[key])
                index = indices[k]
                pairs.add((k, s + index if index >= 0 else e + index))
        return sorted(pairs)


@cache
def _fast_ruler(ruler: AttributeRuler) -> _FastRuler:
    return _FastRuler(ruler)


def apply_attribute_ruler(ruler: AttributeRuler, doc: Doc) -> Doc:
    """What ``ruler(doc)`` does, matched and written with arrays (the matches of each rule together, rule
    after rule, as spaCy writes them)."""
    matches = _fast_ruler(ruler).match(doc)
    if not matches:
        return doc
    arr = doc.to_array(_RULER_ARRAY_ATTRS)
    col = {a: k for k, a in enumerate(_RULER_ARRAY_ATTRS)}
    n = len(doc)
    by_rule: dict[int, list[int]] = {}
    for k, i in matches:
        if 0 <= i < n:
            by_rule.setdefault(k, []).append(i)
    for k, rows in by_rule.items():
        other = {}
        for attr, value in ruler.attrs[k].items():
            if attr in col:
                arr[rows, col[attr]] = value
            else:
                other[attr] = value
        if other:
            doc.from_array(_RULER_ARRAY_ATTRS, arr)  # type: ignore[arg-type]  # thinc's Ints2d is numpy
            for r in rows:
                set_token_attrs(doc[r], other)
            arr = doc.to_array(_RULER_ARRAY_ATTRS)
    doc.from_array(_RULER_ARRAY_ATTRS, arr)  # type: ignore[arg-type]
    return doc


# Rule lemmatizers whose lemma depends on nothing but the token's text, part of speech, morphology and whether
# it starts a sentence (spaCy's own cache keys on the first three; Spanish also reads the sentence start).
_KEYED_LEMMATIZERS = (Lemmatizer, EnglishLemmatizer, SpanishLemmatizer)


def _array_lemmatizer(proc: Any) -> bool:
    return type(proc) in _KEYED_LEMMATIZERS and getattr(proc, "mode", None) == "rule"


class _KeyedLemmas:
    """A lemmatizer's lemmas remembered per key, computed by a twin of the lemmatizer whose word lists are sets
    (spaCy keeps each part of speech's known lemmas as a list and tests membership in it, tens of thousands of
    words scanned per candidate form)."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        twin = type(lemmatizer)(
            lemmatizer.vocab,
            lemmatizer.model,
            lemmatizer.name,
            mode=lemmatizer.mode,
            overwrite=lemmatizer.overwrite,
        )
        lookups = Lookups()
        for name in lemmatizer.lookups.tables:
            table = lemmatizer.lookups.get_table(name)
            if name == "lemma_index":
                sets = lookups.add_table(name)
                for key, value in table.items():
                    sets[key] = frozenset(value) if isinstance(value, list) else value
            else:
                lookups.set_table(name, table)
        twin.lookups = lookups
        twin._validate_tables()  # type: ignore[attr-defined]
        self.twin = twin
        self.memo: dict[tuple[int, int, int, bool], str] = {}


@cache
def _keyed(lemmatizer: Lemmatizer) -> _KeyedLemmas:
    return _KeyedLemmas(lemmatizer)


def apply_lemmatizer(lemmatizer: Lemmatizer, doc: Doc) -> Doc:
    """What ``lemmatizer(doc)`` does for a rule lemmatizer, one call per distinct (text, part of speech,
    morphology, sentence start) instead of one per token, written as an array."""
    keyed = _keyed(lemmatizer)
    arr = doc.to_array([ORTH, POS, MORPH, LEMMA, SENT_START])
    strings = doc.vocab.strings
    lemmas = arr[:, 3].copy()
    added: dict[str, int] = {}
    for i, (orth, pos, morph, lemma, start) in enumerate(arr.tolist()):
        if lemma and not lemmatizer.overwrite:
            continue
        key = (orth, pos, morph, i == 0 or start == 1)
        text = keyed.memo.get(key)
        if text is None:
            text = keyed.memo[key] = keyed.twin.lemmatize(doc[i])[0]
        hashed = added.get(text)
        if hashed is None:
            hashed = added[text] = strings.add(text)
        lemmas[i] = hashed
    doc.from_array([LEMMA], lemmas.reshape(-1, 1))  # type: ignore[arg-type]
    return doc
