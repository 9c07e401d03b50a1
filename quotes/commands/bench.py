"""`quotes bench`: throughput, scaling and memory of `quotes extract`, against textacy's `direct_quotations`.

Three measurements on the same real articles (default: the project's unlabeled news sample beside the checkout):

1. **One process, this library against the baseline.** Chunks of articles are run alternately through this
   library's full job (:func:`quotes.batch.process_chunk`: parse, extraction of direct, indirect and mixed
   quotes, attribution, claim type, date), through the same spaCy pipeline followed by textacy's
   ``direct_quotations``, and through the spaCy pipeline alone (the floor of both), after one untimed pass
   over all the texts; each arm takes each position in turn, chunk by chunk, so that load from other
   processes on the machine falls on all alike. Documents and tokens per second for each.
2. **Scaling with workers.** ``quotes extract`` run in a fresh process per setting (``--workers 1``, ``2``,
   ...), wall time including model loading; runs are repeated alternately and the best of each is kept.
3. **Peak memory against corpus size.** ``quotes extract`` over N articles (the real ones repeated with new
   ids when N is larger), peak resident memory of the whole process tree (main process + workers).

textacy is an optional extra: ``pip install 'quotes[bench]'``. Results are written as JSON and Markdown.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

DEFAULT_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "unlabeled"
DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "corpora" / "dev" / "dev.jsonl"
DEFAULT_SCORER = Path(__file__).resolve().parents[3] / "shared" / "eval" / "score.py"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "corpus",
        nargs="*",
        type=Path,
        help=f"JSONL files of articles (default: the *.jsonl of {DEFAULT_CORPUS})",
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
        "--scorer", type=Path, default=None, help="the reference scorer (default: eval/score.py of the project data directory beside the checkout)"
    )
    parser.add_argument("-o", "--output", type=Path, default=Path("benchmark.json"), help="JSON results")
    parser.add_argument("--markdown", type=Path, default=None, help="also write a Markdown table here")


def run(args: argparse.Namespace) -> int:
    files = args.corpus or sorted(DEFAULT_CORPUS.glob("*.jsonl"))
    if not files:
        print(
            f"quotes bench: error: no corpus files: give JSONL files of articles (the default, {DEFAULT_CORPUS}, "
            "holds none)",
            file=sys.stderr,
        )
        return 2
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
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
        accuracy_files=args.accuracy if args.accuracy is not None else [DEFAULT_GOLD],
        scorer=args.scorer or DEFAULT_SCORER,
        log=lambda msg: print(f"quotes bench: {msg}", file=sys.stderr, flush=True),
    )
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    table = to_markdown(results)
    if args.markdown:
        args.markdown.write_text(table, encoding="utf-8")
    print(table)
    return 0


# ---------------------------------------------------------------------------------------------------------


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
    scorer: Path = DEFAULT_SCORER,
    log: Any = lambda msg: None,
) -> dict[str, Any]:
    """Run the measurements and return them with a description of the machine."""
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
            corpus = _write_corpus(Path(tmp) / "endtoend.jsonl", rows, scaling_docs)
            log(f"end to end: quotes extract against spacy.load + textacy, {min(scaling_docs, len(rows))} articles")
            results["end_to_end"] = end_to_end(corpus, repeats=repeats, batch_size=batch_size, log=log)
        if "scaling" not in skip:
            log(f"scaling: workers {list(workers)} on {min(scaling_docs, len(rows))} articles")
            corpus = _write_corpus(Path(tmp) / "scaling.jsonl", rows, scaling_docs)
            results["scaling"] = scaling(corpus, workers, repeats=repeats, batch_size=batch_size, log=log)
            results["parallel_capacity"] = {max(workers): parallel_capacity(max(workers))}
            log(f"  control: {max(workers)} busy loops get x{results['parallel_capacity'][max(workers)]}")
        if "memory" not in skip and memory_sizes:
            results["memory"] = []
            for n in memory_sizes:
                log(f"memory: {n} articles, {memory_workers} workers")
                corpus = _write_corpus(Path(tmp) / f"memory-{n}.jsonl", rows, n)
                out = Path(tmp) / f"memory-{n}.jsonl.out"
                run_ = _extract(corpus, out, memory_workers, batch_size)
                results["memory"].append({"articles": n, "workers": memory_workers, **run_})
    if "accuracy" not in skip and accuracy_files:
        log(f"accuracy on {', '.join(str(f) for f in accuracy_files)}")
        results["accuracy"] = accuracy(accuracy_files, scorer, batch_size=batch_size)
    results["load_average_end"] = list(os.getloadavg())
    return results


def accuracy(files: Sequence[Path], scorer: Path, *, batch_size: int = 32) -> list[dict[str, Any]]:
    """Figures of the reference scorer for the records the benchmarked pipeline gives on annotated files."""
    from quotes.batch import WorkerConfig, worker_pipeline
    from quotes.models import Article

    pipeline = worker_pipeline(WorkerConfig(batch_size=batch_size, select=True))
    out: list[dict[str, Any]] = []
    for path in files:
        if not Path(path).exists() or not Path(scorer).exists():
            out.append({"file": str(path), "skipped": "file or scorer not found"})
            continue
        rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
        articles = [
            Article.from_dict({k: v for k, v in r.items() if k != "quotes"}, default_id=str(i))
            for i, r in enumerate(rows)
            if r.get("text")
        ]
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
            for _, quotes in pipeline.pipe(articles, batch_size=batch_size):
                for q in quotes if isinstance(quotes, list) else []:
                    f.write(json.dumps(q.to_dict(), ensure_ascii=False) + "\n")
            pred = f.name
        try:
            for lang in sorted({r.get("lang") or "en" for r in rows}):
                res = subprocess.run(
                    [sys.executable, str(scorer), str(path), pred, "--lang", lang, "--json"],
                    capture_output=True,
                    text=True,
                )
                try:
                    d = json.loads(res.stdout)
                except ValueError:
                    out.append({"file": str(path), "lang": lang, "skipped": res.stderr.strip()[-200:]})
                    continue
                out.append(
                    {
                        "file": Path(path).name,
                        "lang": lang,
                        "gold": d.get("gold"),
                        "attributed_f1": round(d["attributed_prf"][2], 3),
                        "quote_f1": round(d["quote_prf"][2], 3),
                        "speaker_acc": d.get("speaker_acc"),
                        "organization_acc": d.get("organization_acc"),
                        "claim_acc": d.get("claim_acc"),
                    }
                )
        finally:
            os.unlink(pred)
    return out


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


def end_to_end(corpus: Path, *, repeats: int = 2, batch_size: int = 32, log: Any = lambda m: None) -> dict[str, Any]:
    """``quotes extract`` (one worker) against a textacy user's script, each a fresh process with model loading,
    alternately; best of `repeats` for each."""
    try:
        import textacy  # noqa: F401
    except ImportError:
        return {"skipped": "textacy is not installed: pip install 'quotes[bench]'"}
    from quotes.batch import WorkerConfig, worker_pipeline

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


def compare_with_textacy(rows: list[dict[str, Any]], *, batch_size: int = 32) -> dict[str, Any]:
    """This library's full job against spaCy + textacy ``direct_quotations``, interleaved chunk by chunk."""
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        return {"skipped": "textacy is not installed: pip install 'quotes[bench]'"}
    from quotes.batch import WorkerConfig, process_chunk, worker_pipeline
    from quotes.languages import resolve_language
    from quotes.models import Article

    config = WorkerConfig(batch_size=batch_size, select=True)
    pipeline = worker_pipeline(config)
    articles = [Article.from_dict(r, default_id=str(i)) for i, r in enumerate(rows)]
    langs = [resolve_language(a.text, a.lang) for a in articles]
    for lang in sorted(set(langs)):
        pipeline.nlp(lang)  # load before timing, as the batch does once per worker
    # Warm-up outside the timing: every text parsed once, so that no arm pays alone for filling the
    # tokenizer cache and the vocabulary with the words of the articles.
    for i in range(0, len(articles), batch_size):
        process_chunk(articles[i : i + batch_size], config)

    # A textacy user loads the pipeline whole (`spacy.load(name)`), NER included; this library leaves the
    # NER out (quotes.languages.NOT_NEEDED). textacy is run over both.
    same_nlp = {lang: pipeline.nlp(lang) for lang in sorted(set(langs))}
    full_nlp = {lang: _full_pipeline(nlp) for lang, nlp in same_nlp.items()}

    def textacy_over(pipelines: dict[str, Any], chunk: list[int]) -> tuple[int, int, int]:
        tokens = quotes = failed = 0
        for lang in sorted({langs[i] for i in chunk}):
            idx = [i for i in chunk if langs[i] == lang]
            # As a textacy user runs it: one `nlp(text)` per article (no memory zone, so its tokenizer cache
            # grows).
            nlp = pipelines[lang]
            for i in idx:
                doc = nlp(articles[i].text)
                tokens += len(doc)
                try:
                    quotes += sum(1 for _ in direct_quotations(doc))
                except ValueError:
                    failed += 1  # textacy gives up on an odd number of quotation marks
        return tokens, quotes, failed

    def baseline(chunk: list[int]) -> tuple[int, int, int]:
        return textacy_over(same_nlp, chunk)

    def baseline_full(chunk: list[int]) -> tuple[int, int, int]:
        return textacy_over(full_nlp, chunk)

    for lang, nlp_full in full_nlp.items():  # warm-up, untimed
        texts = (a.text for a, code in zip(articles, langs, strict=True) if code == lang)
        for _ in nlp_full.pipe(texts, batch_size=batch_size):
            pass

    def parse_only(chunk: list[int]) -> None:
        # The floor for anything built on these pipelines: what both of the others pay before their own work.
        for lang in sorted({langs[i] for i in chunk}):
            nlp = pipeline.nlp(lang)
            for _ in nlp.pipe((articles[i].text for i in chunk if langs[i] == lang), batch_size=batch_size):
                pass

    def ours(chunk: list[int]) -> tuple[int, int]:
        results = process_chunk([articles[i] for i in chunk], config)
        return sum(len(r) for r, _ in results if r is not None), sum(e is not None for _, e in results)

    loads: list[float] = []
    t_ours = t_base = t_parse = t_full = 0.0
    tokens = q_ours = q_base = e_ours = e_base = q_full = e_full = 0
    chunks = [list(range(i, min(i + batch_size, len(articles)))) for i in range(0, len(articles), batch_size)]
    arms = ("ours", "base", "parse", "full")
    for k, chunk in enumerate(chunks):
        # Each arm takes each position in turn, against drifts in the load of the machine.
        order = arms[k % 4 :] + arms[: k % 4]
        loads.append(os.getloadavg()[0])
        for which in order:
            start = time.perf_counter()
            if which == "full":
                _, q, e = baseline_full(chunk)
                t_full += time.perf_counter() - start
                q_full += q
                e_full += e
            elif which == "parse":
                parse_only(chunk)
                t_parse += time.perf_counter() - start
            elif which == "ours":
                q, e = ours(chunk)
                t_ours += time.perf_counter() - start
                q_ours += q
                e_ours += e
            else:
                n, q, e = baseline(chunk)
                t_base += time.perf_counter() - start
                tokens += n
                q_base += q
                e_base += e
    docs = len(articles)
    return {
        "articles": docs,
        "load_average": [round(min(loads), 2), round(sum(loads) / len(loads), 2), round(max(loads), 2)],
        "parsed_share": _parsed_share(pipeline, articles, langs),
        "tokens": tokens,
        "languages": {lang: langs.count(lang) for lang in sorted(set(langs))},
        "quotes": _arm(docs, tokens, t_ours, q_ours, e_ours),
        "textacy": _arm(docs, tokens, t_base, q_base, e_base),
        "textacy_full_pipeline": _arm(docs, tokens, t_full, q_full, e_full),
        "parse_only": _arm(docs, tokens, t_parse),
        "ratio": round(t_base / t_ours, 3),
        "ratio_full_pipeline": round(t_full / t_ours, 3),
    }


def _parsed_share(pipeline: Any, articles: list[Any], langs: list[str]) -> float | None:
    """Share of the tokens that the selected parse hands to the parser (None when every token is parsed)."""
    if not getattr(pipeline, "select", False):
        return None
    from quotes.select import plan

    parsed = total = 0
    for article, lang in zip(articles, langs, strict=True):
        doc = pipeline.nlp(lang).make_doc(article.text)
        steps, _ = plan(doc, lang, text=article.text)
        parsed += sum(e - s for s, e, p in steps if p)
        total += len(doc)
    return round(parsed / max(total, 1), 3)


def _arm(
    docs: int, tokens: int, seconds: float, records: int | None = None, failed: int | None = None
) -> dict[str, Any]:
    """Throughput of one arm of the comparison (records and failures where the arm extracts quotes)."""
    out: dict[str, Any] = {
        "docs_per_s": round(docs / seconds, 2),
        "tokens_per_s": round(tokens / seconds),
        "seconds": round(seconds, 2),
    }
    if records is not None:
        out.update(records=records, failed_documents=failed)
    return out


def _full_pipeline(nlp: Any) -> Any:
    """The pipeline package of `nlp` loaded whole, as `spacy.load(name)` gives it to a textacy user."""
    import warnings

    import spacy

    name = f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}"
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*\[W095\]")
        return spacy.load(name)


def scaling(
    corpus: Path, workers: Sequence[int], *, repeats: int = 2, batch_size: int = 32, log: Any = lambda m: None
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
    import multiprocessing

    one = _burn(n)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(processes) as pool:
        start = time.perf_counter()
        pool.map(_burn, [n] * processes)
        many = time.perf_counter() - start
    return round(processes * one / many, 3)


def _write_corpus(path: Path, rows: list[dict[str, Any]], n: int) -> Path:
    # Beyond the real articles, they are repeated with new ids (the copies parse the same: same cost).
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            row = dict(rows[i % len(rows)])
            row["id"] = f"{row.get('id', i)}#{i // len(rows)}" if i >= len(rows) else row.get("id", str(i))
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


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
            [str(Path(__file__).resolve().parents[2]), os.environ.get("PYTHONPATH", "")]
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


def _machine() -> dict[str, Any]:
    import spacy

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


def to_markdown(results: dict[str, Any]) -> str:
    """The results as Markdown tables."""
    m = results["machine"]
    lines = [
        f"Benchmark of {results['date']} on {m.get('cpu', '?')} "
        f"({m['cpus']} CPUs, {m.get('memory_gb', '?')} GB), "
        f"Python {m['python']}, spaCy {m['spacy']}, textacy {m.get('textacy', '-')}; load average "
        f"{m['load_average_start'][0]:.1f} at the start, {results['load_average_end'][0]:.1f} at the end.",
        "",
    ]
    s = results.get("single_process")
    if s and "skipped" not in s:
        lines += [
            f"One process, {s['articles']} articles "
            f"({', '.join(f'{v} {k}' for k, v in s['languages'].items())}), "
            f"{s['tokens']:,} tokens, same spaCy pipelines, interleaved:",
            "",
            "| | docs/s | tokens/s | seconds | records | failed docs |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, key in (
            ("quotes (full job)", "quotes"),
            ("spaCy + textacy direct_quotations, same pipeline (no NER)", "textacy"),
            ("spaCy + textacy direct_quotations, full pipeline as `spacy.load` gives it", "textacy_full_pipeline"),
        ):
            if key not in s:
                continue
            r = s[key]
            lines.append(
                f"| {name} | {r['docs_per_s']} | {r['tokens_per_s']:,} | {r['seconds']} | {r['records']} | "
                f"{r['failed_documents']} |"
            )
        if "parse_only" in s:
            r = s["parse_only"]
            lines.append(
                f"| spaCy parse alone (the floor of both) | {r['docs_per_s']} | {r['tokens_per_s']:,} | "
                f"{r['seconds']} | | |"
            )
        lines += [
            "",
            f"Throughput ratio quotes / textacy on the same pipeline: **{s['ratio']}**; "
            f"against textacy on the full pipeline: **{s.get('ratio_full_pipeline', '-')}**",
        ]
        if s.get("parsed_share") is not None:
            lines.append(f"(tokens handed to the parser by the selected parse: {s['parsed_share']:.1%})")
        if s.get("load_average"):
            lo, mean, hi = s["load_average"]
            lines.append(f"Load average during the arms: {lo} to {hi} (mean {mean}).")
        lines.append("")
    e = results.get("end_to_end")
    if e and "skipped" not in e:
        lines += [
            f"End to end, fresh process each, model loading included, best of the repeats, {e['articles']} "
            f"articles: `quotes extract` {e['quotes_seconds']} s, spaCy `spacy.load` + `nlp(text)` per article "
            f"+ textacy `direct_quotations` {e['textacy_seconds']} s: ratio **{e['ratio']}** (load average "
            f"{e['load_average'][0]} to {e['load_average'][1]}).",
            "",
        ]
    acc = results.get("accuracy")
    if acc:
        lines += [
            "Accuracy of the same pipeline, reference scorer:",
            "",
            "| file | lang | gold | attributed F1 | quote F1 | speaker acc | organization acc | claim acc |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for a in acc:
            if "skipped" in a:
                continue
            lines.append(
                f"| {a['file']} | {a['lang']} | {a['gold']} | {a['attributed_f1']} | {a['quote_f1']} | "
                f"{a['speaker_acc']} | {a['organization_acc']} | {a['claim_acc']} |"
            )
        lines.append("")
    if results.get("scaling"):
        lines += [
            "`quotes extract`, fresh process per run (model loading included), best of the repeats:",
            "",
            "| workers | articles | seconds | docs/s | speedup | CPU s | peak RSS, all processes (MB) |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in results["scaling"]:
            lines.append(
                f"| {r['workers']} | {r['articles']} | {r['seconds']} | {r['docs_per_s']} | "
                f"{r['speedup']} | {r.get('cpu_seconds', '')} | {r['peak_rss_mb']} |"
            )
        for n, speedup in results.get("parallel_capacity", {}).items():
            lines += [
                "",
                f"Control: {n} independent pure-Python busy loops run {speedup} times as fast as one "
                "on this machine at the same time (the ceiling of any speedup here).",
            ]
        lines.append("")
    if results.get("memory"):
        lines += [
            "Peak memory against corpus size:",
            "",
            "| articles | workers | seconds | docs/s | peak RSS, all processes (MB) | largest process (MB) |",
            "|---:|---:|---:|---:|---:|---:|",
        ]
        for r in results["memory"]:
            lines.append(
                f"| {r['articles']} | {r['workers']} | {r['seconds']} | {r['docs_per_s']} | "
                f"{r['peak_rss_mb']} | {r['peak_rss_per_process_mb']} |"
            )
        if len(results["memory"]) >= 2:
            ratio = results["memory"][-1]["peak_rss_mb"] / results["memory"][0]["peak_rss_mb"]
            lines += ["", f"Peak ratio largest / smallest corpus: **{ratio:.3f}**"]
        lines.append("")
    return "\n".join(lines)
