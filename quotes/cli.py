"""Command line: `quotes COMMAND ...` and `python -m quotes COMMAND ...`.

The CLI only parses arguments: each command lives in :mod:`quotes.commands` as a module with
`configure(parser)` and `run(args) -> int`, which call importable library functions.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

#: Command name -> (module in quotes.commands, one-line help).
COMMANDS: dict[str, tuple[str, str]] = {
    "extract": ("extract", "extract quotes from a corpus directory or file into JSON Lines, CSV or Parquet"),
    "evaluate": ("evaluate", "score predicted quotes against a gold file (docs/evaluation.md)"),
    "train": ("train", "train the statistical extractor (--claims, --speakers: the claim or speaker model)"),
    "cv": ("cv", "cross-validate the learned components by article over annotated data"),
    "show": ("show", "render one article with its quotes as a self-contained HTML page"),
    "summarize": ("summarize", "corpus overview of an extraction output: HTML report and CSV tables"),
    "bench": ("bench", "benchmark throughput and memory against textacy"),
}


def build_parser() -> argparse.ArgumentParser:
    from quotes import __version__

    parser = argparse.ArgumentParser(prog="quotes", description="Attributed quotations in news text.")
    parser.add_argument("--version", action="version", version=f"quotes {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        try:
            mod = importlib.import_module(f"quotes.commands.{module}")
        except ModuleNotFoundError as err:
            if err.name != f"quotes.commands.{module}":
                raise
            continue
        p = sub.add_parser(name, help=help_text, description=help_text)
        mod.configure(p)
        p.set_defaults(_run=mod.run)
    return parser


def _prestart_workers(argv: Sequence[str]) -> None:
    """`quotes extract` on local worker processes: start now the server the workers are forked from, importing
    the library (spaCy, the extractors) while this process imports it too; each worker then only loads its
    models. Saves the library's import time, about a second and a half, before the first document; the flags
    are read roughly here, and anything unusual leaves the workers to start as usual."""
    import multiprocessing
    import os

    args = list(argv)
    if not args or args[0] != "extract" or "forkserver" not in multiprocessing.get_all_start_methods():
        return

    def value(flag: str) -> str | None:
        for k, a in enumerate(args):
            if a == flag and k + 1 < len(args):
                return args[k + 1]
            if a.startswith(flag + "="):
                return a.split("=", 1)[1]
        return None

    workers = value("--workers")
    try:
        many = int(workers) > 1 if workers is not None else len(os.sched_getaffinity(0)) > 1
    except (ValueError, AttributeError):
        return
    if value("--engine") not in (None, "local") or not many:
        return
    import multiprocessing.forkserver

    multiprocessing.set_forkserver_preload(["quotes.batch.worker"])
    multiprocessing.forkserver.ensure_running()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    _prestart_workers(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        # A bare `quotes` is a request for help, not a mistake.
        parser.print_help()
        return 0
    return int(args._run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
