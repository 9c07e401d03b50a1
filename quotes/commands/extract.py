"""`quotes extract INPUT -o OUT`: every quote of a corpus into JSON Lines, CSV or Parquet.

Exit status: 0 when every document was processed; 1 when some failed (they are listed in the errors file
with their reason, and the output holds the quotes of all the others); 2 for a usage error (nothing done);
130 when interrupted (rerun the same command to resume).
"""

from __future__ import annotations

import argparse
import sys

from quotes.batch import (
    ENGINES,
    BatchUsageError,
    default_errors_path,
    default_workers,
    manifest_path,
    process_corpus,
    stderr_progress,
)
from quotes.extractors import DEFAULT_EXTRACTOR
from quotes.writers import FORMATS


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Exit status: 0 all documents processed, 1 some documents failed (see the errors file), "
        "2 usage error, 130 interrupted (rerun to resume)."
    )
    parser.add_argument("input", help="corpus directory (*.txt with optional NAME.json, *.jsonl) or one file")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        help="output file: .jsonl, .csv (.gz after either compresses) or .parquet (needs pyarrow); "
        "outside the corpus directory",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default=None, help="output format (default: from the name)"
    )
    parser.add_argument(
        "--extractor",
        default=DEFAULT_EXTRACTOR,
        help=f"extractor name: rules, statistical, ensemble (default: {DEFAULT_EXTRACTOR})",
    )
    parser.add_argument(
        "--model",
        action="append",
        default=[],
        metavar="LANG=PACKAGE",
        help="spaCy pipeline for a language (package or path); repeatable",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help=f"worker processes (default: CPUs available, at most 8; here {default_workers()})",
    )
    parser.add_argument(
        "--lang", default=None, help="language when the metadata gives none: es or en (default: detect)"
    )
    parser.add_argument(
        "--encoding",
        default="utf-8",
        help="encoding of the corpus files, e.g. latin-1 or cp1252 (default: utf-8)",
    )
    parser.add_argument(
        "--engine", choices=ENGINES, default="local", help="where the work runs (default: local)"
    )
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDR",
        help="Dask scheduler address or scheduler file (default: a local cluster of --workers processes)",
    )
    parser.add_argument(
        "--errors", default=None, metavar="PATH", help="errors file (default: OUT.errors.ndjson)"
    )
    parser.add_argument(
        "--overwrite",
        "--no-resume",
        dest="overwrite",
        action="store_true",
        help="start over, replacing an existing or interrupted output (default: resume it)",
    )
    parser.add_argument(
        "--batch-size", type=int, default=64, help="documents per chunk of work (default: 64)"
    )
    parser.add_argument("--limit", type=int, default=None, help="process only the first N documents")
    _add_record_options(parser)
    parser.add_argument("--quiet", action="store_true", help="no progress display and no summary")
    parser.add_argument(
        "--log-interval",
        type=float,
        default=30.0,
        help="seconds between progress lines when not on a terminal (default: 30)",
    )


def _add_record_options(parser: argparse.ArgumentParser) -> None:
    """What is parsed (--full-parse / --select) and which records are kept (--all-records)."""
    parse = parser.add_mutually_exclusive_group()
    parse.add_argument(
        "--full-parse",
        dest="select",
        action="store_false",
        help="parse every sentence, as the spaCy component does (default: only the sentences that can hold "
        "a quote, about 1.5 times as fast with the same accuracy; docs/speed.md)",
    )
    parse.add_argument(
        "--select",
        dest="select",
        action="store_true",
        help="parse only the sentences that can hold a quote (the default)",
    )
    parser.set_defaults(select=True)
    parser.add_argument(
        "--all-records",
        action="store_true",
        help="keep every record: do not leave out the ensemble's records the record filter judges more likely "
        "wrong than right (docs/usage.md, \"The record filter\")",
    )


def run(args: argparse.Namespace) -> int:
    try:
        models = dict(_pair(m) for m in args.model)
        summary = process_corpus(
            args.input,
            args.output,
            format=args.format,
            extractor=args.extractor,
            models=models,
            lang=args.lang,
            encoding=args.encoding,
            workers=args.workers,
            engine=args.engine,
            scheduler=args.scheduler,
            errors=args.errors,
            resume=not args.overwrite,
            batch_size=args.batch_size,
            limit=args.limit,
            progress=stderr_progress(args.quiet, args.log_interval),
            select=args.select,
            all_records=args.all_records,
        )
    except BatchUsageError as err:
        print(f"quotes extract: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "\nquotes extract: interrupted; finished documents are saved "
            f"(journal: {manifest_path(args.output)}). "
            "Run the same command again to resume.",
            file=sys.stderr,
        )
        return 130
    if not args.quiet:
        print(summary.describe())
    return summary.exit_status


def _pair(text: str) -> tuple[str, str]:
    lang, sep, name = text.partition("=")
    if not sep or not lang or not name:
        raise BatchUsageError(f"--model takes LANG=PACKAGE (e.g. es=es_core_news_md), got {text!r}")
    return lang.lower(), name


__all__ = ["configure", "default_errors_path", "run"]
