"""`quotes evaluate GOLD.jsonl PRED.jsonl`: score predicted quotes against a gold file (docs/evaluation.md).

`quotes evaluate --claims GOLD.jsonl [--errors]` scores the claim-type classifier alone on the gold quotes
(docs/claims.md). The command only parses arguments and prints; the figures come from
:func:`quotes.evaluation.evaluate_files` and :func:`quotes.evaluation.claims.evaluate_gold`.
"""

from __future__ import annotations

import argparse
import json
import sys

from quotes.evaluation import EvaluationError, evaluate_files, format_report


def _overlap(value: str) -> float:
    share = float(value)
    if not 0.0 < share <= 1.0:
        raise argparse.ArgumentTypeError(f"must be in (0, 1], got {value}")
    return share


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    parser.add_argument("gold", nargs="?", help="gold file: JSON Lines, one annotated article per line")
    parser.add_argument(
        "pred", nargs="?", help="predictions: JSON Lines, one quote record per line (quotes extract)"
    )
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
    parser.add_argument(
        "--claims",
        metavar="GOLD",
        help="instead: claim-type figures per language of the claim classifier on the gold quotes of GOLD",
    )
    parser.add_argument("--errors", action="store_true", help="with --claims: also list every misclassified quote")


def run(args: argparse.Namespace) -> int:
    """Print the figures; exit status 1 when a file is missing or malformed, 2 when one is not given."""
    if args.claims:
        return _claims(args)
    if args.gold is None or args.pred is None:
        print("quotes evaluate: error: give a gold file and a predictions file (or --claims GOLD)", file=sys.stderr)
        return 2
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


def _claims(args: argparse.Namespace) -> int:
    from quotes.evaluation.claims import evaluate_gold, format_errors

    try:
        reports, rows = evaluate_gold(args.claims)
    except (EvaluationError, OSError) as err:
        print(f"quotes evaluate: error: {err}", file=sys.stderr)
        return 1
    for report in reports.values():
        print(report.format())
    errors = format_errors(rows) if args.errors else ""
    if errors:
        print(errors)
    return 0
