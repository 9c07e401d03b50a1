"""`quotes bench`: throughput, scaling and memory of `quotes extract`, against textacy's `direct_quotations`.

The measurements are in :mod:`quotes.bench`; this command reads the options, runs them, and writes the
results as JSON and Markdown. Its default inputs live outside the package, found from the checkout it runs
from (a clone installed with ``pip install -e``): the project's unlabeled news sample and reference scorer in
``../shared`` beside the checkout, and the bundled dev set. A default that is not there is an error naming the
option to give instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from quotes.bench import run_benchmark, to_markdown

#: The root of the checkout this module was loaded from.
CHECKOUT = Path(__file__).resolve().parents[2]
#: Default corpus: the *.jsonl of the project's unlabeled news sample, ``../shared/data/unlabeled``.
DEFAULT_CORPUS = CHECKOUT.parent / "shared" / "data" / "unlabeled"
#: Default annotated file scored beside the speed: the bundled dev set.
DEFAULT_GOLD = CHECKOUT / "corpora" / "dev" / "dev.jsonl"
#: Default reference scorer: ``../shared/eval/score.py``.
DEFAULT_SCORER = CHECKOUT.parent / "shared" / "eval" / "score.py"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "corpus",
        nargs="*",
        type=Path,
        help="JSONL files of articles (default: the *.jsonl of data/unlabeled of the project data directory "
        "beside the checkout)",
    )
    parser.add_argument("--limit", type=int, default=200, help="articles for the textacy comparison")
    parser.add_argument("--batch-size", type=int, default=32, help="articles per chunk")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare, comma-separated")
    parser.add_argument("--scaling-docs", type=int, default=300, help="articles per scaling run")
    parser.add_argument("--repeats", type=int, default=2, help="runs per worker count (best kept)")
    parser.add_argument(
        "--memory",
        default="500,5000",
        help="corpus sizes for the peak-memory runs, comma-separated ('' skips)",
    )
    parser.add_argument("--memory-workers", type=int, default=2, help="workers in the peak-memory runs")
    parser.add_argument(
        "--skip",
        default="",
        help="parts to skip: textacy, endtoend, scaling, memory, accuracy (comma-separated)",
    )
    parser.add_argument(
        "--accuracy",
        nargs="*",
        type=Path,
        default=None,
        help="annotated JSONL files scored beside the speed (default: the bundled dev set, corpora/dev/dev.jsonl)",
    )
    parser.add_argument(
        "--scorer",
        type=Path,
        default=None,
        help="the reference scorer (default: eval/score.py of the project data directory beside the checkout)",
    )
    parser.add_argument("-o", "--output", type=Path, default=Path("benchmark.json"), help="JSON results")
    parser.add_argument("--markdown", type=Path, default=None, help="also write a Markdown table here")


def run(args: argparse.Namespace) -> int:
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    files = args.corpus or sorted(DEFAULT_CORPUS.glob("*.jsonl"))
    if not files:
        return _error(f"no corpus files: give JSONL files of articles (the default, {DEFAULT_CORPUS}, holds none)")
    accuracy_files: list[Path] = []
    if "accuracy" not in skip:
        accuracy_files = args.accuracy if args.accuracy is not None else [DEFAULT_GOLD]
        missing = [str(p) for p in [*accuracy_files, args.scorer or DEFAULT_SCORER] if not p.exists()]
        if accuracy_files and missing:
            return _error(
                f"not found: {', '.join(missing)}; give --accuracy FILES and --scorer PATH, or --skip accuracy"
            )
    results = run_benchmark(
        files,
        limit=args.limit,
        batch_size=args.batch_size,
        workers=[int(w) for w in args.workers.split(",") if w.strip()],
        scaling_docs=args.scaling_docs,
        repeats=args.repeats,
        memory_sizes=[int(n) for n in args.memory.split(",") if n.strip()],
        memory_workers=args.memory_workers,
        skip=skip,
        accuracy_files=accuracy_files,
        scorer=args.scorer or DEFAULT_SCORER,
        log=lambda msg: print(f"quotes bench: {msg}", file=sys.stderr, flush=True),
    )
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    table = to_markdown(results)
    if args.markdown:
        args.markdown.write_text(table, encoding="utf-8")
    print(table)
    return 0


def _error(message: str) -> int:
    print(f"quotes bench: error: {message}", file=sys.stderr)
    return 2
