"""`quotes evaluate GOLD.jsonl PRED.jsonl`: score predicted quotes against a gold file (docs/evaluation.md).

The command only parses arguments and prints; the figures come from :func:`quotes.evaluate.evaluate_files`.
"""

from __future__ import annotations

import argparse
import json
import sys

from quotes.evaluate import EvaluationError, evaluate_files, format_report


def _overlap(value: str) -> float:
    share = float(value)
    if not 0.0 < share <= 1.0:
        raise argparse.ArgumentTypeError(f"must be in (0, 1], got {value}")
    return share


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    parser.add_argument("gold", help="gold file: JSON Lines, one annotated article per line")
    parser.add_argument("pred", help="predictions: JSON Lines, one quote record per line (quotes extract)")
    parser.add_argument("--lang", help="score only gold articles in this language (es, en)")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print JSON: the reference scorer's keys, then per-language figures and extras",
    )
    parser.add_argument(
        "--min-overlap",
        type=_overlap,
        default=0.5,
        metavar="SHARE",
        help="share of both spans an overlap must cover for a match (default 0.5)",
    )


def run(args: argparse.Namespace) -> int:
    """Print the figures; exit status 1 when a file is missing or malformed."""
    try:
        evaluation = evaluate_files(args.gold, args.pred, lang=args.lang, min_overlap=args.min_overlap)
    except (EvaluationError, OSError) as err:
        print(f"quotes evaluate: error: {err}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(evaluation.to_json(), ensure_ascii=False))
    else:
        print(format_report(evaluation))
    if evaluation.overall.articles == 0:
        print(
            f"quotes evaluate: warning: no gold article in {args.gold}"
            + (f" with lang {args.lang!r}" if args.lang else ""),
            file=sys.stderr,
        )
    elif evaluation.unknown_docs and args.json:
        # The table prints this warning itself; JSON output must stay parseable on stdout.
        print(
            f"quotes evaluate: warning: predictions for {len(evaluation.unknown_docs)} documents not in the "
            "gold file were ignored",
            file=sys.stderr,
        )
    return 0
