"""`quotes train`: train the statistical extractor and the ensemble's decisions from gold-format files.

The shipped model, from the checkout's root with the project data directory (DATA: PolNeAR and the lexicons, see docs/model-card.md)::

    quotes train corpora/annotated/train.jsonl.gz \\
        --extra DATA/polnear/train_speech.jsonl --lexicons DATA/lexicons \\
        --dev corpora/dev/dev.jsonl --dev DATA/polnear/dev_speech.jsonl \\
        --out quotes/data/models/statistical

The positional files are annotated under this project's guideline: learned from, and the thresholds and the
ensemble's decisions are tuned on them by inner cross-fitting. `--extra` files are only learned from.
The `--dev` files are only reported on. Cross-validated figures: `quotes cv`.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "train", nargs="+", help="gold files of this project's guideline to learn from (never an evaluation file)"
    )
    parser.add_argument(
        "--extra", action="append", default=[], help="gold-format file only learned from, e.g. PolNeAR train"
    )
    parser.add_argument(
        "--dev", action="append", default=[], help="gold file to report figures on (repeatable)"
    )
    parser.add_argument("--out", help="directory to write the model to (default: do not save)")
    parser.add_argument("--lexicons", help="directory of the reporting-verb lexicons (*_lemmas.txt)")
    parser.add_argument("--epochs", type=int, default=6, help="passes over the training data (default: 6)")
    parser.add_argument("--lr", type=float, default=0.001, help="learning rate (default: 0.001)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--limit", type=int, help="read at most N articles per training file (quick runs)")
    parser.add_argument("--cache", help="directory caching parsed articles (default: ~/.cache/quotes/train)")
    parser.add_argument("--no-cache", action="store_true", help="parse every time")
    parser.add_argument("--no-ensemble", action="store_true", help="do not learn the ensemble's decisions")
    parser.add_argument(
        "--variants",
        default="en,es,xx",
        help="comma-separated: a language code (every feature, that language's articles), xx (universal "
        "features, every article, for other languages)",
    )


def run(args: argparse.Namespace) -> int:
    from quotes.train.loop import DEFAULT_CACHE, train

    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    cache = None if args.no_cache else (args.cache or DEFAULT_CACHE)
    _, report = train(
        args.train,
        extra_files=args.extra,
        dev_files=args.dev,
        out=args.out,
        lexicon_dir=args.lexicons,
        epochs=args.epochs,
        lr=args.lr,
        seed=args.seed,
        limit=args.limit,
        cache=cache,
        variants=[v.strip() for v in args.variants.split(",") if v.strip()],
        ensemble=not args.no_ensemble,
    )
    shown = {k: v for k, v in report.items() if k != "lexicon"}
    print(json.dumps(shown, indent=1, ensure_ascii=False))
    return 0
