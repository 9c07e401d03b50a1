"""`quotes summarize OUT.jsonl -o report.html`: corpus report (HTML with charts) and CSV tables."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "outputs",
        nargs="+",
        type=Path,
        metavar="OUT.jsonl",
        help="extraction output(s): .jsonl, .csv (.gz allowed) or .parquet; side files are skipped",
    )
    parser.add_argument(
        "-o", "--output", type=Path, default=Path("report.html"), help="HTML report (default: %(default)s)"
    )
    parser.add_argument(
        "--csv-dir",
        type=Path,
        help="directory for the CSV tables (default: beside the report, named after it)",
    )
    parser.add_argument("--no-csv", action="store_true", help="write the HTML report only")
    parser.add_argument("--title", help="report heading")
    parser.add_argument(
        "--top", type=int, default=15, help="speakers and organizations per chart (default: %(default)s)"
    )


def run(args: argparse.Namespace) -> int:
    from quotes.batch import is_side_file
    from quotes.viz.records import RecordError
    from quotes.viz.summarize import render_report, summarize, write_csv

    missing = [p for p in args.outputs if not p.is_file()]
    if missing:
        print(f"quotes summarize: no such file: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    # `out/*` and even `out/*.ndjson` catch the errors files and journals written beside each output: they
    # hold documents and chunks, not quotes.
    side = [p for p in args.outputs if is_side_file(p)]
    if side:
        print(f"quotes summarize: skipping side files (not quotes): {', '.join(map(str, side))}", file=sys.stderr)
    outputs = [p for p in args.outputs if not is_side_file(p)]
    if not outputs:
        print("quotes summarize: no extraction output among the files given", file=sys.stderr)
        return 2
    began = time.perf_counter()
    try:
        summary = summarize(outputs)
    except RecordError as err:
        print(f"quotes summarize: error: {err}", file=sys.stderr)
        return 2
    output: Path = args.output
    prefix = output.name[: -len(output.suffix)] if output.suffix else output.name
    csv_names: list[str] = []
    if not args.no_csv:
        directory = args.csv_dir or output.parent
        written = write_csv(summary, directory, prefix)
        # Links in the report are relative to it, so that the report and its tables can be moved together.
        csv_names = [
            p.name if p.parent.resolve() == output.parent.resolve() else str(p.resolve()) for p in written
        ]
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(
        render_report(summary, title=args.title, csv_files=csv_names, top=args.top), encoding="utf-8"
    )
    seconds = time.perf_counter() - began
    read = "" if summary.documents_read is None else f" of {summary.documents_read:,} read"
    print(
        f"{output}: {summary.records:,} quotes from {len(summary.docs):,} documents with quotes{read}"
        + (f", {summary.errors:,} malformed lines skipped" if summary.errors else "")
        + (f"; {len(csv_names)} CSV tables" if csv_names else "")
        + f" ({seconds:.2f} s)",
        file=sys.stderr,
    )
    return 0
