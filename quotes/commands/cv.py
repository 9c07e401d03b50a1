"""`quotes cv`: k-fold cross-validation by article of the whole default pipeline (see :mod:`quotes.train.cv`).

From the checkout's root, with the shared data beside it::

    quotes cv corpora/dev/dev.jsonl corpora/annotated/train*.jsonl.gz \\
        --extra DATA/polnear/train_speech.jsonl --lexicons DATA/lexicons \\
        --learning-curve --json cv.json

Every learned component is trained on k-1 folds (plus the `--extra` files) and the default pipeline runs on
the held-out fold; figures are pooled over folds and given per language.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from quotes.train.data import TrainingArticle

from quotes.commands.train import add_fit_options


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", help="gold files of this project's guideline (split in folds)")
    parser.add_argument(
        "--extra", action="append", default=[], help="gold-format file added to every fold's training data"
    )
    parser.add_argument(
        "--claims-extra",
        action="append",
        default=[],
        help="gold-format file added to every fold's claim-type training only (never scored)",
    )
    parser.add_argument("--lexicons", help="directory of the reporting-verb lexicons (*_lemmas.txt)")
    parser.add_argument("-k", "--folds", type=int, default=5, help="number of folds (default: 5)")
    parser.add_argument(
        "--extractors", default="rules,statistical,ensemble", help="comma-separated extractors to score"
    )
    parser.add_argument(
        "--learning-curve", action="store_true", help="also train on 25 %% and 50 %% of each fold's articles"
    )
    parser.add_argument(
        "--fractions",
        help="comma-separated shares of each fold's training articles to run, e.g. 0.25,0.5 (default: 1; "
        "--learning-curve: 1,0.25,0.5)",
    )
    parser.add_argument("--lang", help="cross-validate only the articles of this language")
    parser.add_argument(
        "--selected",
        action="store_true",
        help="score the held-out articles on the parse the default pipeline makes (only the sentences that can"
        " hold a quote), as users get it; the folds still train on full parses",
    )
    parser.add_argument(
        "--no-claims",
        action="store_true",
        help="do not train the claim-type classifier per fold (the pipeline's default one is used: its claim "
        "figures are not unseen if it was trained on these articles)",
    )
    add_fit_options(parser)
    parser.add_argument("--limit", type=int, help="read at most N articles per file (quick runs)")
    parser.add_argument("--cache", help="directory caching parsed articles (default: ~/.cache/quotes/train)")
    parser.add_argument("--json", help="also write the report as JSON to this file")
    parser.add_argument(
        "--predictions",
        metavar="DIR",
        help="also write each extractor's out-of-fold quotes (all data, all folds) to DIR/EXTRACTOR.jsonl",
    )


def run(args: argparse.Namespace) -> int:
    from quotes.extractors.rules.ends import shipped_end_model
    from quotes.train.cv import (
        FoldTrainer,
        StatisticalTrainer,
        attribution_trainer,
        claims_trainer,
        cross_validate,
        format_cv,
        load_annotated_by_file,
        selected_parses,
        statistical_after_attribution,
    )
    from quotes.train.loop import DEFAULT_CACHE, drop_annotated, parse_files

    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    cache = args.cache or DEFAULT_CACHE
    golds, docs, by_file = load_annotated_by_file(args.files, cache, args.limit)
    # Each input file is also scored on its own (when there are several), from the same pooled predictions.
    groups = by_file if len(by_file) > 1 else None
    golds, docs = _in_language(golds, docs, args.lang)
    test_docs = selected_parses(golds) if args.selected else None
    extra = drop_annotated(_in_language(*parse_files(args.extra, cache, args.limit), args.lang), golds)
    # The content-end model is fitted per fold for the languages it ships for.
    stat = StatisticalTrainer(
        extra,
        args.lexicons,
        epochs=args.epochs,
        end_languages=tuple(lang for lang in ("es", "en") if shipped_end_model(lang) is not None),
        extra_weight=args.extra_weight,
        inner=args.inner,
    )
    trainers: list[FoldTrainer] = [statistical_after_attribution(stat, attribution_trainer())]
    claims_extra = drop_annotated(_in_language(*parse_files(args.claims_extra, cache, args.limit), args.lang), golds)
    claims = None if args.no_claims else claims_trainer(claims_extra)
    if claims is not None:
        trainers.append(claims)
    names = [n.strip() for n in args.extractors.split(",") if n.strip()]
    if args.fractions:
        fractions = [float(x) for x in args.fractions.split(",") if x.strip()]
    else:
        fractions = [1.0, 0.25, 0.5] if args.learning_curve else [1.0]
    report = {}
    oof: dict[str, list] = {}
    for frac in fractions:
        key = "cv" if frac >= 1.0 else f"cv@{frac:.2f}"
        # The rules learn nothing: their figure does not change with the training share.
        used = names if frac >= 1.0 else [n for n in names if n != "rules"]
        report[key] = cross_validate(
            golds,
            docs,
            trainers,
            k=args.folds,
            extractors=used,
            fraction=frac,
            groups=groups,
            predictions=oof if frac >= 1.0 and args.predictions else None,
            test_docs=test_docs,
        )
        report[key]["parse"] = "selected" if args.selected else "full"
        report[key]["claims"] = "learned" if claims is not None else "rules"
    print(format_cv(report))
    if args.predictions:
        out_dir = Path(args.predictions)
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, quotes in oof.items():
            with open(out_dir / f"{name}.jsonl", "w", encoding="utf-8") as f:
                f.writelines(json.dumps(q.to_dict(), ensure_ascii=False) + "\n" for q in quotes)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1, ensure_ascii=False)
            f.write("\n")
    return 0


def _in_language(
    golds: list[TrainingArticle], docs: list[Doc], lang: str | None
) -> tuple[list[TrainingArticle], list[Doc]]:
    """The articles (and their parses) of `lang` (all of them when None): what `--lang` keeps of every file."""
    from quotes.train.data import keep_articles

    return keep_articles(golds, docs, lambda g: (g.article.lang or "en") == lang) if lang else (golds, docs)
