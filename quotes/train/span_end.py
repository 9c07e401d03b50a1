"""Training and cross-validation of the content-end model (:mod:`quotes.extractors.rules.ends`); its
examples and the fit are :mod:`quotes.train.end_model`.

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

from spacy.tokens import Doc

from quotes import evaluation as ev
from quotes.evaluation.gold import gold_article_from_dict
from quotes.extractors.ensemble import EnsembleExtractor
from quotes.extractors.rules import RuleExtractor
from quotes.extractors.rules.ends import EndModel
from quotes.pipeline import QuotePipeline
from quotes.record_filter import keep_all
from quotes.train.cv import figures, fold_of
from quotes.train.data import TrainingArticle, load_gold, parse_cached
from quotes.train.end_model import examples, fit

log = logging.getLogger("quotes.train")

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
                # No record filter: the shipped one learned from these articles' records.
                pipe = QuotePipeline(extractor, record_filter=keep_all)
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
