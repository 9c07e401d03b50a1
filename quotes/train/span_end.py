"""Training and cross-validation of the content-end model (:mod:`quotes.extractors.rules.ends`).

Every indirect or mixed candidate of the rules whose content follows its cue is one example: its candidate
ends, and the one nearest the end of the gold quote that starts with it (a gold quote starting before the
first candidate end and overlapping the candidate). Candidates with no such gold quote give no example. The
model is a linear scorer trained with a softmax over each example's candidate ends (a ranking, as for the
statistical extractor's speakers), by full-batch gradient descent with L2 regularization: deterministic, no
random initialization, examples in file order.

    python -m quotes.train.span_end --gold GOLD.jsonl [GOLD.jsonl ...] [--cv 5] [--out quotes/data/models/span_end]

`--cv k` reports k-fold cross-validation by article (the folds of :func:`quotes.train.cv.fold_of`): the model
trained on k-1 folds sets the ends of the rules on the held-out fold, through the whole pipeline; the
predictions of all folds are scored together. Without `--cv` the model is trained on every article given and
written as `{lang}.json`.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from quotes import evaluation as ev
from quotes.doctext import token_index_at
from quotes.evaluation.gold import gold_article_from_dict
from quotes.extractors.ensemble import EnsembleExtractor
from quotes.extractors.rules import RuleExtractor
from quotes.extractors.rules.ends import EndModel, candidate_ends, end_features
from quotes.lexicons import cue_verbs
from quotes.models import QuoteKind
from quotes.pipeline import QuotePipeline
from quotes.train.cv import figures, fold_of
from quotes.train.data import TrainingArticle, load_gold, parse_cached

log = logging.getLogger("quotes.train")

#: L2 penalty, learning rate and steps of the gradient descent.
L2 = 0.01
RATE = 0.5
STEPS = 300
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


def parse_golds(paths: Sequence[str], cache: str | None) -> tuple[list[TrainingArticle], list[Doc]]:
    """Gold articles of `paths` and their parses, one batch per file and language (as the evaluation caches
    them)."""
    pipe = QuotePipeline("rules")
    golds: list[TrainingArticle] = []
    docs: list[Doc] = []
    for path in paths:
        file_golds = load_gold([path])
        for lang in ("es", "en"):
            sub = [g for g in file_golds if (g.article.lang or "en") == lang]
            if sub:
                golds += sub
                docs += parse_cached([g.article for g in sub], pipe.nlp(lang), cache)
    return golds, docs


def cross_validate(
    golds: list[TrainingArticle], docs: list[Doc], *, k: int = 5, extractors: Sequence[str] = ("rules",)
) -> dict[str, Any]:
    """k-fold CV by article: per extractor and language, the figures with the rules' ends ("before") and with
    the ends of the model trained on the other folds ("after")."""
    langs = sorted({g.article.lang or "en" for g in golds})
    folds = [fold_of(g.article.id, k) for g in golds]
    preds: dict[str, list] = {f"{name}/{v}": [] for name in extractors for v in ("before", "after")}
    for f in range(k):
        train = [i for i in range(len(golds)) if folds[i] != f]
        weights = {
            lang: fit(examples([golds[i] for i in train], [docs[i] for i in train], lang)) for lang in langs
        }
        none: dict[str, EndModel] = {lang: {} for lang in langs}
        for variant, w in (("before", none), ("after", weights)):
            for name in extractors:
                rules = RuleExtractor(end_weights=w)
                extractor = rules if name == "rules" else EnsembleExtractor(rules=rules)
                pipe = QuotePipeline(extractor)
                for i in (i for i in range(len(golds)) if folds[i] == f):
                    g = golds[i]
                    preds[f"{name}/{variant}"] += pipe.quotes_from_doc(docs[i], g.article, g.article.lang or "en")
        log.info("fold %d/%d done", f + 1, k)
    gold_ev = [gold_article_from_dict(g.raw) for g in golds]
    out: dict[str, Any] = {}
    for key, ps in preds.items():
        result = ev.evaluate(gold_ev, ps)
        out[key] = {lang: figures(s) for lang, s in result.by_lang.items()}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", nargs="+", required=True, help="gold files (SPEC section 5)")
    ap.add_argument("--cv", type=int, default=0, help="k-fold cross-validation instead of training")
    ap.add_argument("--extractors", default="rules", help="with --cv: rules,ensemble")
    ap.add_argument("--cache", default=None, help="parse cache directory")
    ap.add_argument("--out", default="quotes/data/models/span_end")
    ap.add_argument(
        "--lang",
        nargs="+",
        default=["es"],
        help="languages to write weights for (default: es; English kept the rules' ends, see the model card)",
    )
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    golds, docs = parse_golds(a.gold, a.cache)
    if a.cv:
        report = cross_validate(golds, docs, k=a.cv, extractors=a.extractors.split(","))
        print(json.dumps(report, indent=1))
        return 0
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    for lang in sorted({g.article.lang or "en" for g in golds} & set(a.lang)):
        data = examples(golds, docs, lang)
        weights = fit(data)
        (out / f"{lang}.json").write_text(
            json.dumps({"examples": len(data), "weights": dict(sorted(weights.items()))}, indent=0, sort_keys=True)
            + "\n",
            encoding="utf-8",
        )
        log.info("%s: %d examples, %d weights", lang, len(data), len(weights))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
