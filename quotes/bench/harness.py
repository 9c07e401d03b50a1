"""The whole benchmark: the measurements of :mod:`quotes.bench` on one corpus, with the machine they ran on."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import spacy

from quotes.bench.accuracy import accuracy
from quotes.bench.processes import end_to_end, parallel_capacity, peak_memory, scaling, write_corpus
from quotes.bench.single import compare_with_textacy


def load_articles(files: Iterable[Path], limit: int | None = None) -> list[dict[str, Any]]:
    """Articles of JSONL files, taken alternately from each file so a prefix mixes the languages."""
    per_file = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            per_file.append([json.loads(line) for line in f if line.strip()])
    out: list[dict[str, Any]] = []
    i = 0
    while any(i < len(rows) for rows in per_file) and (limit is None or len(out) < limit):
        for rows in per_file:
            if i < len(rows) and (limit is None or len(out) < limit):
                out.append(rows[i])
        i += 1
    return out


def run_benchmark(
    files: Sequence[Path],
    *,
    limit: int = 200,
    batch_size: int = 32,
    workers: Sequence[int] = (1, 2),
    scaling_docs: int = 300,
    repeats: int = 2,
    memory_sizes: Sequence[int] = (500, 5000),
    memory_workers: int = 2,
    skip: set[str] | frozenset[str] = frozenset(),
    accuracy_files: Sequence[Path] = (),
    scorer: Path | None = None,
    log: Callable[[str], None] = lambda msg: None,
) -> dict[str, Any]:
    """Run the measurements and return them with a description of the machine.

    Args:
        files: JSONL files of articles, taken alternately (:func:`load_articles`).
        limit: Articles in the one-process comparison with textacy.
        batch_size: Articles per chunk.
        workers: Worker counts whose scaling is compared.
        scaling_docs: Articles per end-to-end and scaling run.
        repeats: Runs per setting (the best is kept).
        memory_sizes: Corpus sizes of the peak-memory runs.
        memory_workers: Workers in the peak-memory runs.
        skip: Parts left out: ``textacy``, ``endtoend``, ``scaling``, ``memory``, ``accuracy``.
        accuracy_files: Annotated JSONL files scored beside the speed.
        scorer: The reference scorer; without it the accuracy is not measured.
        log: Called with a line of progress for each step.
    """
    rows = load_articles(files)
    results: dict[str, Any] = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": _machine(),
        "corpus": [str(f) for f in files],
        "articles_available": len(rows),
    }
    if "textacy" not in skip:
        log(f"one process: this library against textacy on {min(limit, len(rows))} articles")
        results["single_process"] = compare_with_textacy(rows[:limit], batch_size=batch_size)
    with tempfile.TemporaryDirectory(prefix="quotes-bench-") as tmp:
        if "endtoend" not in skip:
            corpus = write_corpus(Path(tmp) / "endtoend.jsonl", rows, scaling_docs)
            log(f"end to end: quotes extract against spacy.load + textacy, {min(scaling_docs, len(rows))} articles")
            results["end_to_end"] = end_to_end(corpus, repeats=repeats, batch_size=batch_size, log=log)
        if "scaling" not in skip:
            log(f"scaling: workers {list(workers)} on {min(scaling_docs, len(rows))} articles")
            corpus = write_corpus(Path(tmp) / "scaling.jsonl", rows, scaling_docs)
            results["scaling"] = scaling(corpus, workers, repeats=repeats, batch_size=batch_size, log=log)
            results["parallel_capacity"] = {max(workers): parallel_capacity(max(workers))}
            log(f"  control: {max(workers)} busy loops get x{results['parallel_capacity'][max(workers)]}")
        if "memory" not in skip and memory_sizes:
            results["memory"] = peak_memory(rows, memory_sizes, memory_workers, batch_size, Path(tmp), log)
    if "accuracy" not in skip and accuracy_files and scorer is not None:
        log(f"accuracy on {', '.join(str(f) for f in accuracy_files)}")
        results["accuracy"] = accuracy(accuracy_files, scorer, batch_size=batch_size)
    results["load_average_end"] = list(os.getloadavg())
    return results


def _machine() -> dict[str, Any]:
    """The machine and the versions that produced the figures, and its load when they started."""
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "cpus": os.cpu_count(),
        "load_average_start": list(os.getloadavg()),
    }
    try:
        with open("/proc/cpuinfo") as f:
            info["cpu"] = next(
                (line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), ""
            )
        with open("/proc/meminfo") as f:
            info["memory_gb"] = round(int(f.readline().split()[1]) / 2**20, 1)
    except OSError:
        pass
    try:
        import textacy

        info["textacy"] = textacy.__version__
    except ImportError:
        pass
    return info
