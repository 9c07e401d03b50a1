"""Fitting the content-end model (:mod:`quotes.extractors.rules.ends`): its examples and its weights.

Kept apart from :mod:`quotes.train.span_end` (the command, with its own cross-validation) so that the folds of
:mod:`quotes.train.cv` can fit the model without importing the command.

Every indirect or mixed candidate of the rules whose content follows its cue is one example: its candidate
ends, and the one nearest the end of the gold quote that starts with it. The model is a linear scorer trained
with a softmax over each example's candidate ends, by full-batch gradient descent with L2 regularization:
deterministic, no random initialization, examples in file order.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from spacy.tokens import Doc

from quotes.doctext import token_index_at
from quotes.extractors.rules import RuleExtractor
from quotes.extractors.rules.ends import EndModel, candidate_ends, end_features
from quotes.lexicons import cue_verbs
from quotes.models import QuoteKind
from quotes.train.data import TrainingArticle

#: L2 penalty, learning rate and steps of the gradient descent.
L2 = 3e-4
RATE = 0.5
STEPS = 1000
#: A feature seen in fewer examples is dropped.
MIN_COUNT = 2

Example = tuple[list[list[str]], int]


def examples(golds: Sequence[TrainingArticle], docs: Sequence[Doc], lang: str) -> list[Example]:
    """The (candidate-end features, index of the gold end) examples of one language's articles."""
    rules = RuleExtractor(end_weights={lang: {}})
    cues = cue_verbs(lang)
    out: list[Example] = []
    for g, doc in zip(golds, docs, strict=True):
        if (g.article.lang or "en") != lang:
            continue
        for c in rules.clause_candidates(doc, lang):
            if c.kind is QuoteKind.DIRECT or c.cue_end is None or c.cue_end > c.start:
                continue
            lo, rule_hi = token_index_at(doc, c.start), token_index_at(doc, c.end - 1)
            if rule_hi <= lo:
                continue
            ends = candidate_ends(doc, lo, rule_hi)
            if rule_hi not in ends:
                continue
            first_cut = doc[ends[0]].idx + len(doc[ends[0]].text)
            golds_here = [
                q for q in g.quotes if c.start - 5 <= q.start < first_cut and q.end > c.start
            ]
            if not golds_here:
                continue
            q = max(golds_here, key=lambda q: min(q.end, c.end) - max(q.start, c.start))
            chars = [doc[e].idx + len(doc[e].text) for e in ends]
            label = min(range(len(ends)), key=lambda k: (abs(chars[k] - q.end), k))
            cue = doc[token_index_at(doc, c.cue_start)] if c.cue_start is not None else None
            rows = [end_features(doc, lo, e, rule_hi, cue, ends, cues) for e in ends]
            out.append((rows, label))
    return out


def fit(data: Sequence[Example]) -> EndModel:
    """Weights (feature -> weight) of a softmax ranking over each example's candidate ends."""
    counts: dict[str, int] = {}
    for rows, _ in data:
        for f in {f for r in rows for f in r}:
            counts[f] = counts.get(f, 0) + 1
    names = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    index = {f: i for i, f in enumerate(names)}
    # Flat arrays: one entry per (row, feature) pair; rows grouped by example (offsets into the rows).
    pair_row: list[int] = []
    pair_feat: list[int] = []
    starts: list[int] = []
    gold_rows: list[int] = []
    n_rows = 0
    for rows, y in data:
        starts.append(n_rows)
        gold_rows.append(n_rows + y)
        for r in rows:
            for f in r:
                if f in index:
                    pair_row.append(n_rows)
                    pair_feat.append(index[f])
            n_rows += 1
    prow, pfeat = np.array(pair_row, dtype=np.int64), np.array(pair_feat, dtype=np.int64)
    offsets, golds_at = np.array(starts, dtype=np.int64), np.array(gold_rows, dtype=np.int64)
    group = np.repeat(np.arange(len(starts)), np.diff(np.append(offsets, n_rows)))
    w = np.zeros(len(names))
    n = max(1, len(starts))
    for _ in range(STEPS):
        s = np.bincount(prow, weights=w[pfeat], minlength=n_rows)
        e = np.exp(s - np.maximum.reduceat(s, offsets)[group])
        p = e / np.add.reduceat(e, offsets)[group]
        p[golds_at] -= 1.0
        grad = np.bincount(pfeat, weights=p[prow], minlength=len(names)) / n + L2 * w
        w -= RATE * grad
    return {f: round(float(v), 5) for f, v in zip(names, w, strict=True) if abs(v) > 1e-5}
