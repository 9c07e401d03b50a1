"""Training and cross-validation of the record filter (:mod:`quotes.record_filter`).

The filter learns from out-of-fold records: those `quotes cv --predictions DIR` writes, where every learned
part of the pipeline was refitted without the article the record comes from (a record of an article the
pipeline was trained on is right far more often than one of new text). The shipped filter, from the
checkout's root, after the cross-validation of docs/model-card.md::

    quotes train --record-filter DIR/ensemble.jsonl corpora/dev/dev.jsonl corpora/annotated/train*.jsonl.gz \\
        --out quotes/data/models/record_filter/model.json --cv 5

Per language: a logistic regression over :func:`quotes.record_filter.record_features` (full-batch Adam from
zero weights, deterministic), whose label is whether the record is an attributed-quote hit
(:func:`quotes.evaluation.attributed_hits`); the threshold is the one under which leaving the records out
gives the best attributed F1 over the training records, each scored by a model that did not see its article
(inner folds by article). `--cv K` first reports the records' figures with and without the filter, each fold's
records judged by a filter fitted on the other folds' records.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np
from attrs import frozen

from quotes import evaluation as ev
from quotes.models import Quote
from quotes.record_filter import LanguageFilter, RecordFilter, record_features
from quotes.train.data import fold_of
from quotes.train.sparse import index_rows

log = logging.getLogger("quotes.train")

#: Thresholds tried (probability a kept record must reach); 0 keeps every record.
THRESHOLDS = tuple(round(0.025 * i, 3) for i in range(21))


@frozen
class Settings:
    """Training settings: L2 penalty (the loss is the mean cross-entropy), full-batch Adam steps, the first
    step's rate (decayed by a cosine to zero), a feature's minimum count, inner folds for the threshold."""

    l2: float = 1e-3
    steps: int = 300
    lr: float = 0.05
    min_count: int = 2
    inner: int = 5


@frozen
class Example:
    """One record: its article, language, features and whether it is a hit."""

    article: str
    lang: str
    feats: tuple[str, ...]
    hit: bool


def examples(
    golds: Sequence[ev.GoldArticle], records: Sequence[Quote], extractor: str = "ensemble"
) -> tuple[list[Example], dict[str, int]]:
    """The records of `extractor` on the gold articles, each with whether it is a hit, and the number of gold
    quotes per language (an article id given twice is read once)."""
    by_doc: dict[str, list[Quote]] = defaultdict(list)
    for q in records:
        if q.extractor == extractor:
            by_doc[q.doc].append(q)
    out: list[Example] = []
    n_gold: dict[str, int] = defaultdict(int)
    seen: set[str] = set()
    for g in golds:
        if g.id in seen:
            continue
        seen.add(g.id)
        lang = g.lang or "en"
        n_gold[lang] += len(g.quotes)
        quotes = by_doc.get(g.id, [])
        hits = ev.attributed_hits(g, [ev.Prediction.from_record(q) for q in quotes])
        out += [Example(g.id, lang, tuple(record_features(q)), hit) for q, hit in zip(quotes, hits, strict=True)]
    return out, dict(n_gold)


def fit_weights(
    rows: Sequence[Sequence[str]], labels: Sequence[bool], settings: Settings = Settings()
) -> dict[str, float]:
    """Binary logistic regression on feature strings: full-batch Adam from zero weights (no shuffling, so the
    same rows give the same weights)."""
    vocab, r, c = index_rows(rows, settings.min_count)
    n, d = len(rows), len(vocab)
    if not n or not d:
        return {}
    y = np.asarray(labels, dtype=np.float64)
    w = np.zeros(d)
    m, v = np.zeros(d), np.zeros(d)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, settings.steps + 1):
        lr = settings.lr * 0.5 * (1.0 + math.cos(math.pi * (step - 1) / settings.steps))
        z = np.bincount(r, weights=w[c], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        g = np.bincount(c, weights=(p - y)[r], minlength=d) / n + settings.l2 * w
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        w -= lr * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + eps)
    return {f: float(w[j]) for f, j in vocab.items()}


def _fold(article: str, k: int, salt: str) -> int:
    return int(hashlib.sha1(f"{article}{salt}".encode()).hexdigest(), 16) % k


def cross_fit(exs: Sequence[Example], k: int, settings: Settings = Settings(), salt: str = "#filter") -> list[float]:
    """Each example's probability from a model fitted on the examples of the other k folds by article."""
    folds = [_fold(ex.article, k, salt) for ex in exs]
    probs = [0.0] * len(exs)
    for f in range(k):
        train = [ex for ex, fo in zip(exs, folds, strict=True) if fo != f]
        model = LanguageFilter(fit_weights([ex.feats for ex in train], [ex.hit for ex in train], settings), 0.0)
        for i, ex in enumerate(exs):
            if folds[i] == f:
                probs[i] = model.probability_of(ex.feats)
    return probs


def choose_threshold(probs: Sequence[float], hits: Sequence[bool], n_gold: int) -> tuple[float, dict[float, float]]:
    """The threshold with the best attributed F1 of the kept records (ties: the lower threshold, which leaves out
    fewer), and the F1 of every threshold tried."""
    p = np.asarray(probs)
    h = np.asarray(hits, dtype=bool)
    by: dict[float, float] = {}
    for t in THRESHOLDS:
        keep = p >= t
        denom = int(keep.sum()) + n_gold
        by[t] = 2.0 * int(h[keep].sum()) / denom if denom else 0.0
    best = max(THRESHOLDS, key=lambda t: (round(by[t], 6), -t))
    return best, by


def fit(exs: Sequence[Example], n_gold: dict[str, int], settings: Settings = Settings()) -> RecordFilter:
    """A filter per language of the examples: the threshold chosen on inner out-of-fold probabilities, the
    weights then fitted on every example."""
    languages: dict[str, LanguageFilter] = {}
    meta: dict[str, Any] = {"settings": attrs.asdict(settings)}
    for lang in sorted({ex.lang for ex in exs}):
        group = [ex for ex in exs if ex.lang == lang]
        probs = cross_fit(group, settings.inner, settings)
        threshold, by = choose_threshold(probs, [ex.hit for ex in group], n_gold.get(lang, 0))
        weights = fit_weights([ex.feats for ex in group], [ex.hit for ex in group], settings)
        languages[lang] = LanguageFilter(weights, threshold)
        meta[lang] = {
            "records": len(group),
            "hits": sum(ex.hit for ex in group),
            "gold": n_gold.get(lang, 0),
            "threshold": threshold,
            "inner_attributed_f1": {str(t): round(f, 4) for t, f in by.items()},
        }
        log.info(
            "%s record filter: threshold %.3f (inner out-of-fold attributed F1 %.4f, none %.4f)",
            lang,
            threshold,
            by[threshold],
            by[0.0],
        )
    return RecordFilter(languages, meta=meta)


def filter_out_of_fold(
    golds: Sequence[ev.GoldArticle], records: Sequence[Quote], folds: dict[str, int], settings: Settings = Settings()
) -> list[Quote]:
    """The records kept when each fold's are judged by a filter fitted on the other folds' records (`folds`:
    article id -> fold; records of other extractors or articles without a fold are kept)."""
    exs, _ = examples(golds, records)
    kept: list[Quote] = []
    judged: dict[int, RecordFilter] = {}
    for f in sorted(set(folds.values())):
        train_golds = [g for g in golds if folds.get(g.id) != f]
        _, n_gold = examples(train_golds, [])
        judged[f] = fit([ex for ex in exs if folds.get(ex.article) != f], n_gold, settings)
    lang_of = {g.id: g.lang or "en" for g in golds}
    for q in records:
        fold = folds.get(q.doc)
        if fold is None or fold not in judged or judged[fold]([q], lang_of.get(q.doc, q.lang)):
            kept.append(q)
    return kept


def train_record_filter(
    gold_paths: Sequence[str],
    predictions: str,
    *,
    out: str | None = None,
    cv: int = 0,
    settings: Settings = Settings(),
) -> dict[str, Any]:
    """Fit the filter on the out-of-fold records of `predictions` (a JSON Lines file of records) against the
    gold files; with `cv`, first print the figures of the records with and without a filter fitted on the
    other folds. Returns the figures printed."""
    golds = [g for path in gold_paths for g in ev.load_gold(path)]
    records = [
        Quote.from_dict(json.loads(line))
        for line in Path(predictions).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    figures: dict[str, Any] = {}
    if cv:
        folds = {g.id: fold_of(g.id, cv) for g in golds}
        kept = filter_out_of_fold(golds, records, folds, settings)
        for name, recs in (("records", records), ("filtered", kept)):
            result = ev.evaluate(golds, recs)
            figures[name] = {lang: s.to_json() for lang, s in result.by_lang.items()}
            for lang, s in result.by_lang.items():
                print(
                    f"{cv}-fold CV, {name:8s} {lang}: attributed F1 {s.attributed.f1:.4f} "
                    f"(P {s.attributed.precision:.3f} R {s.attributed.recall:.3f}), quote F1 {s.quote.f1:.4f}, "
                    f"records {s.pred}"
                )
    exs, n_gold = examples(golds, records)
    model = fit(exs, n_gold, settings)
    model.meta["data"] = {"gold": [Path(p).name for p in gold_paths], "records": Path(predictions).name}
    if figures:
        model.meta["cv"] = {
            name: {lang: {"attributed_f1": round(f["attributed_prf"][2], 4)} for lang, f in by.items()}
            for name, by in figures.items()
        }
    if out:
        model.save(out)
        log.info("record filter written to %s", out)
    return figures
