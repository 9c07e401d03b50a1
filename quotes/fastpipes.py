"""spaCy's pipeline, with its two per-token Python components run as arrays.

After the parse, the slowest parts of a small spaCy pipeline are not neural: the attribute ruler (a Matcher whose
patterns test every token in Python, then one attribute write per match) and the rule lemmatizer (one Python
call and one string write per token). Over an article they cost as much as the tagger and parser of the
sentences that are parsed. Here both give spaCy's annotations, computed with numpy over the token attribute
arrays of the whole Doc:

* :func:`apply_attribute_ruler`: a rule of one token that only compares values (a tag, or a word and a tag:
  most of the English rules) is looked up by the token's values, the tag map in one pass per distinct tag;
  the token tests of the other patterns ("TAG", "POS", "LOWER", "ORTH", "DEP", "IS_SPACE" by value, "IN",
  "NOT_IN" or "REGEX") are evaluated over every token at once; patterns with other predicates or operators go
  to a Matcher of their own. Matches are written rule after rule, in the order spaCy's ruler writes them.
* :func:`apply_lemmatizer`: the rule lemmatizers of spaCy (the base class, English, Spanish) decide a token's
  lemma from its text, part of speech, morphology and (Spanish) whether it starts a sentence; the lemma is
  computed once per distinct key (found with numpy) and written as an array.

:func:`run_components` runs a pipeline's components in order with these two in place of spaCy's
(tests/test_fastpipes.py compares the annotations with spaCy's own).
"""

from __future__ import annotations

import itertools
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
        # One-token patterns whose tests are all "equals" or "IN": per tested columns, the rules of each
        # combination of values, looked up token by token instead of tested rule by rule.
        self.indexed: dict[tuple[int, ...], dict[tuple[int, ...], list[int]]] = {}
        self.allowed: dict[tuple[int, ...], list[numpy.ndarray]] = {}
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
                if len(pattern) == 1 and self._index(k, cast(list[_Test], tests[0])):
                    continue
                self.patterns.append((k, offset, cast(list[list[_Test]], tests)))
        for columns, table in self.indexed.items():
            self.allowed[columns] = [
                numpy.unique(numpy.asarray([key[j] for key in table], dtype="uint64")) for j in range(len(columns))
            ]

    def _index(self, rule: int, tests: list[_Test]) -> bool:
        """Files a one-token pattern under its columns and values when it only tests values; False if not."""
        if not tests or any(negate or isinstance(v, _Regex) for _, v, negate in tests):
            return False
        by_column: dict[int, set[int]] = {}
        for column, values, _ in tests:
            allowed = {int(x) for x in cast(numpy.ndarray, values).tolist()}
            # two tests of one column: a token passes both
            by_column[column] = by_column[column] & allowed if column in by_column else allowed
        columns = tuple(sorted(by_column))
        table = self.indexed.setdefault(columns, {})
        for combination in itertools.product(*(sorted(by_column[c]) for c in columns)):
            table.setdefault(combination, []).append(rule)
        return True

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

    def match(self, doc: Doc) -> list[tuple[int, list[int]]]:
        """Each rule that matches with the tokens it writes, in the order spaCy's ruler applies them."""
        cols = doc.to_array(list(_RULER_TESTS.values())).astype("uint64").T
        n = len(doc)
        found: dict[int, list[numpy.ndarray]] = {}
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
                found.setdefault(k, []).append(starts + offset)
        for columns, table in self.indexed.items():
            if len(columns) == 1:
                # one column (the tag-to-POS map): one pass per distinct value in the Doc
                values, inverse = numpy.unique(cols[columns[0]], return_inverse=True)
                inverse = inverse.reshape(-1)
                for j, value in enumerate(values.tolist()):
                    rules = table.get((value,))
                    if rules is not None:
                        rows = numpy.flatnonzero(inverse == j)
                        for k in rules:
                            found.setdefault(k, []).append(rows)
                continue
            # several columns (a word with a tag): the few tokens whose every value some rule has
            ok = numpy.ones(n, dtype=bool)
            for c, allowed in zip(columns, self.allowed[columns], strict=True):
                ok &= numpy.isin(cols[c], allowed)
            rows = numpy.flatnonzero(ok)
            if len(rows):
                keys = zip(*(cols[c][rows].tolist() for c in columns), strict=True)
                hits: dict[int, list[int]] = {}
                for i, key in zip(rows.tolist(), keys, strict=True):
                    for k in table.get(key, ()):
                        hits.setdefault(k, []).append(i)
                for k, rule_rows in hits.items():
                    found.setdefault(k, []).append(numpy.asarray(rule_rows))
        if self.residual:
            strings = self.ruler.vocab.strings
            indices = self.ruler.indices
            for match_id, s, e in self.matcher(doc, allow_missing=True, as_spans=False):
                k = int(strings[match_id])
                index = indices[k]
                found.setdefault(k, []).append(numpy.asarray([s + index if index >= 0 else e + index]))
        out = []
        for k in sorted(found):
            rows = numpy.unique(numpy.concatenate(found[k]))
            rows = rows[(rows >= 0) & (rows < n)]
            if len(rows):
                out.append((k, rows.tolist()))
        return out


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
    for k, rows in matches:
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
        twin._validate_tables()
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
    if not len(arr):
        return doc
    strings = doc.vocab.strings
    lemmas = arr[:, 3].copy()
    todo = numpy.ones(len(arr), dtype=bool) if lemmatizer.overwrite else lemmas == 0
    keys = arr[:, :4].copy()
    keys[:, 3] = arr[:, 4] == 1
    keys[0, 3] = 1
    # one lemma per distinct (text, part of speech, morphology, sentence start)
    uniq, first, inverse = numpy.unique(keys[todo], axis=0, return_index=True, return_inverse=True)
    rows = numpy.flatnonzero(todo)
    hashes = numpy.empty(len(uniq), dtype=lemmas.dtype)
    for j, (key, i) in enumerate(zip(uniq.tolist(), rows[first].tolist(), strict=True)):
        memo_key = (key[0], key[1], key[2], bool(key[3]))
        text = keyed.memo.get(memo_key)
        if text is None:
            text = keyed.memo[memo_key] = keyed.twin.lemmatize(doc[i])[0]
        hashes[j] = strings.add(text)
    lemmas[rows] = hashes[inverse.reshape(-1)]
    doc.from_array([LEMMA], lemmas.reshape(-1, 1))  # type: ignore[arg-type]
    return doc
