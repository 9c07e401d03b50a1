"""Fresh processes: wall time of `quotes extract` end to end, its scaling with workers, and its peak memory.

Each run is ``python -m quotes extract`` in a process of its own, model loading included, timed from outside;
a sampler follows the resident memory of the whole process tree (main process and workers). Settings are run
alternately and the best of the repeats is kept, so that a burst of load from other jobs on the machine does
not decide a comparison; :func:`parallel_capacity` measures how much parallelism the machine gives at all.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import quotes
from quotes.batch.worker import WorkerConfig, worker_pipeline

#: Where `quotes` is imported from, put first on the fresh processes' path so that they run the same code.
_SOURCE_ROOT = Path(quotes.__file__).resolve().parents[1]

# A textacy user's whole run: load the package whole, one `nlp(text)` per article, direct quotations.
_TEXTACY_RUN = """
import json, sys, warnings
warnings.filterwarnings("ignore", message=r".*W095")
import spacy
from textacy.extract.triples import direct_quotations
models = json.loads(sys.argv[2])
nlps = {}
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    row = json.loads(line)
    lang = row.get("lang") or "en"
    if lang not in nlps:
        nlps[lang] = spacy.load(models[lang])
    doc = nlps[lang](row["text"])
    try:
        n += sum(1 for _ in direct_quotations(doc))
    except ValueError:
        pass
print(n)
"""


def end_to_end(
    corpus: Path, *, repeats: int = 2, batch_size: int = 32, log: Callable[[str], None] = lambda m: None
) -> dict[str, Any]:
    """``quotes extract`` (one worker) against a textacy user's script, each a fresh process with model loading,
    alternately; best of `repeats` for each."""
    try:
        import textacy  # noqa: F401
    except ImportError:
        return {"skipped": "textacy is not installed: pip install 'quotes[bench]'"}
    pipeline = worker_pipeline(WorkerConfig(batch_size=batch_size, select=True))
    langs = {json.loads(line).get("lang") or "en" for line in open(corpus, encoding="utf-8") if line.strip()}
    models = {}
    for lang in sorted(langs):
        meta = pipeline.nlp(lang).meta
        models[lang] = f"{meta.get('lang')}_{meta.get('name')}"
    best: dict[str, float] = {}
    loads = []
    for r in range(repeats):
        for arm in ("quotes", "textacy") if r % 2 == 0 else ("textacy", "quotes"):
            loads.append(os.getloadavg()[0])
            if arm == "quotes":
                seconds = _extract(corpus, corpus.with_name("endtoend.out.jsonl"), 1, batch_size)["seconds"]
            else:
                start = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-c", _TEXTACY_RUN, str(corpus), json.dumps(models)],
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
                seconds = round(time.perf_counter() - start, 2)
            log(f"  {arm} run {r + 1}: {seconds:.1f}s")
            best[arm] = min(best.get(arm, seconds), seconds)
    with open(corpus, "rb") as f:
        docs = sum(1 for line in f if line.strip())
    return {
        "articles": docs,
        "models": models,
        "quotes_seconds": best["quotes"],
        "textacy_seconds": best["textacy"],
        "ratio": round(best["textacy"] / best["quotes"], 3),
        "load_average": [round(min(loads), 2), round(max(loads), 2)],
    }


def scaling(
    corpus: Path,
    workers: Sequence[int],
    *,
    repeats: int = 2,
    batch_size: int = 32,
    log: Callable[[str], None] = lambda m: None,
) -> list[dict[str, Any]]:
    """Wall time of ``quotes extract`` per worker count, each in a fresh process (best of `repeats`)."""
    best: dict[int, dict[str, Any]] = {}
    for r in range(repeats):
        for w in workers if r % 2 == 0 else list(reversed(workers)):
            res = _extract(corpus, corpus.with_name(f"scaling-w{w}.out.jsonl"), w, batch_size)
            log(f"  workers={w} run {r + 1}: {res['seconds']:.1f}s, {res['docs_per_s']:.2f} docs/s")
            if w not in best or res["seconds"] < best[w]["seconds"]:
                best[w] = res
    base = best[workers[0]]["seconds"]
    return [{"workers": w, **best[w], "speedup": round(base / best[w]["seconds"], 3)} for w in workers]


def _burn(n: int) -> float:
    start = time.perf_counter()
    x = 0
    for i in range(n):
        x += i * i
    return time.perf_counter() - start


def parallel_capacity(processes: int, n: int = 20_000_000) -> float:
    """The speedup the machine gives right now to `processes` independent busy loops over one.

    A control for the scaling figures: on a machine shared with other jobs, no program can scale beyond it.
    """
    one = _burn(n)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(processes) as pool:
        # Every process started and ready before the clock starts (spawned processes import for a while).
        pool.map(_burn, [1] * processes, chunksize=1)
        start = time.perf_counter()
        pool.map(_burn, [n] * processes, chunksize=1)
        many = time.perf_counter() - start
    return round(processes * one / many, 3)


def _extract(corpus: Path, out: Path, workers: int, batch_size: int) -> dict[str, Any]:
    """Run ``quotes extract`` in a fresh process; wall time and peak memory of its process tree."""
    cmd = [
        sys.executable,
        "-m",
        "quotes",
        "extract",
        str(corpus),
        "-o",
        str(out),
        "--workers",
        str(workers),
        "--batch-size",
        str(batch_size),
        "--overwrite",
        "--quiet",
        "--select",
    ]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            [str(_SOURCE_ROOT), os.environ.get("PYTHONPATH", "")]
        ),
    }
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env)
    peak = _PeakMemory(proc.pid)
    peak.start()
    status = proc.wait()
    seconds = time.perf_counter() - start
    peak.stop()
    cpu = sum(peak.cpu.values())
    with open(corpus, "rb") as f:
        docs = sum(1 for line in f if line.strip())
    return {
        "articles": docs,
        "seconds": round(seconds, 2),
        "docs_per_s": round(docs / seconds, 2),
        "peak_rss_mb": round(peak.total / 2**20, 1),
        "peak_rss_per_process_mb": round(peak.single / 2**20, 1),
        "cpu_seconds": round(cpu, 2),
        "exit_status": status,
    }


class _PeakMemory(threading.Thread):
    """Samples the resident memory of a process and its descendants (psutil when present, else /proc)."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.total = self.single = 0
        self.cpu: dict[int, float] = {}  # pid -> CPU seconds when last seen
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            sizes = _tree_rss(self.pid, self.cpu)
            if sizes:
                self.total = max(self.total, sum(sizes))
                self.single = max(self.single, max(sizes))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def _tree_rss(pid: int, cpu: dict[int, float]) -> list[int]:
    """Resident sizes of a process and its descendants; updates `cpu` with their CPU seconds (psutil only)."""
    try:
        import psutil

        proc = psutil.Process(pid)
        out = []
        for p in [proc, *proc.children(recursive=True)]:
            try:
                out.append(p.memory_info().rss)
                times = p.cpu_times()
                cpu[p.pid] = times.user + times.system
            except psutil.Error:
                pass
        return out
    except Exception:  # noqa: BLE001 - no psutil, or the process has ended
        try:
            with open(f"/proc/{pid}/statm") as f:
                return [int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")]
        except OSError:
            return []


def peak_memory(
    rows: list[dict[str, Any]],
    sizes: Sequence[int],
    workers: int,
    batch_size: int,
    tmp: Path,
    log: Callable[[str], None] = lambda m: None,
) -> list[dict[str, Any]]:
    """Peak memory of ``quotes extract`` against corpus size: one run per size, in a fresh process."""
    out = []
    for n in sizes:
        log(f"memory: {n} articles, {workers} workers")
        corpus = write_corpus(tmp / f"memory-{n}.jsonl", rows, n)
        run = _extract(corpus, tmp / f"memory-{n}.jsonl.out", workers, batch_size)
        out.append({"articles": n, "workers": workers, **run})
    return out


def write_corpus(path: Path, rows: list[dict[str, Any]], n: int) -> Path:
    """A JSONL corpus of `n` articles; beyond the real ones, they are repeated with new ids (the copies parse
    the same: same cost)."""
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            row = dict(rows[i % len(rows)])
            row["id"] = f"{row.get('id', i)}#{i // len(rows)}" if i >= len(rows) else row.get("id", str(i))
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path
