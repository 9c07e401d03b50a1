"""`quotes train`: train the statistical extractor from gold-format files.

Example (the shipped model, from the checkout's root; see docs/model-card.md)::

    quotes train ../shared/data/polnear/train_speech.jsonl \\
        --dev ../shared/data/polnear/dev_speech.jsonl --dev ../shared/data/gold/dev.jsonl \\
        --lexicons ../shared/lexicons --silver es=../shared/data/unlabeled/es_fakedes_true.jsonl \\
        --out quotes/data/models/statistical

`--silver es=FILE` adds the Spanish variant, trained on that unlabeled news labelled by the rules where they
are precise (:mod:`quotes.train.silver`); the articles of the `--dev` files are dropped from it first.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "train", nargs="+", help="gold-format JSONL files to learn from (never an evaluation file)"
    )
    parser.add_argument(
        "--dev", action="append", default=[], help="gold file to report figures on (repeatable)"
    )
    parser.add_argument("--out", help="directory to write the model to (default: do not save)")
    parser.add_argument("--lexicons", help="directory of the reporting-verb lexicons (*_lemmas.txt)")
    parser.add_argument("--epochs", type=int, default=6, help="passes over the training data (default: 6)")
    parser.add_argument("--lr", type=float, default=0.001, help="learning rate (default: 0.001)")
    parser.add_argument(
        "--calibrate",
        action="append",
        default=[],
        metavar="LANG=FILE",
        help="set LANG's threshold by quantile matching on unlabeled news (repeatable)",
    )
    parser.add_argument(
        "--silver",
        action="append",
        default=[],
        metavar="LANG=FILE",
        help="train a LANG variant (all features) on unlabeled LANG news labelled by the rules where they are "
        "precise, articles of the --dev files dropped (repeatable; see docs/model-card.md)",
    )
    parser.add_argument(
        "--silver-with-train",
        action="store_true",
        help="silver variants also learn from the training files (default: from the silver data alone)",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--limit", type=int, help="read at most N articles per training file (quick runs)")
    parser.add_argument("--cache", help="directory caching parsed articles (default: ~/.cache/quotes/train)")
    parser.add_argument("--no-cache", action="store_true", help="parse every time")
    parser.add_argument(
        "--variants",
        default="en,xx",
        help="comma-separated: en (all features), xx (universal features, for languages without their own variant)",
    )


def run(args: argparse.Namespace) -> int:
    from quotes.train.loop import DEFAULT_CACHE, train

    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    cache = None if args.no_cache else (args.cache or DEFAULT_CACHE)
    _, report = train(
        args.train,
        dev_files=args.dev,
        out=args.out,
        lexicon_dir=args.lexicons,
        epochs=args.epochs,
        lr=args.lr,
        calibrate=dict(c.split("=", 1) for c in args.calibrate),
        seed=args.seed,
        limit=args.limit,
        cache=cache,
        variants=[v.strip() for v in args.variants.split(",") if v.strip()],
        silver=dict(c.split("=", 1) for c in args.silver),
        silver_english=args.silver_with_train,
    )
    shown = {k: v for k, v in report.items() if k != "lexicon"}
    print(json.dumps(shown, indent=1, ensure_ascii=False))
    return 0
