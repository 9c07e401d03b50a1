"""`quotes train`: train the statistical extractor from gold-format files.

Example (the shipped model; see docs/model-card.md)::

    quotes train ../shared/data/polnear/train_speech.jsonl \\
        --dev ../shared/data/polnear/dev_speech.jsonl --dev ../shared/data/gold/dev.jsonl \\
        --lexicons ../shared/lexicons --out quotes/data/models/statistical
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
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--limit", type=int, help="read at most N articles per training file (quick runs)")
    parser.add_argument("--cache", help="directory caching parsed articles (default: ~/.cache/quotes/train)")
    parser.add_argument("--no-cache", action="store_true", help="parse every time")
    parser.add_argument(
        "--variants",
        default="en,xx",
        help="comma-separated: en (all features), xx (universal features, for Spanish)",
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
    )
    shown = {k: v for k, v in report.items() if k != "lexicon"}
    print(json.dumps(shown, indent=1, ensure_ascii=False))
    return 0
