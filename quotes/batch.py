"""Corpus-scale extraction: stream a corpus through the pipeline into a durable, resumable output.

:func:`process_corpus` reads the corpus lazily (:mod:`quotes.corpus`), cuts it into *chunks* of consecutive
documents, has an engine process the chunks, and writes each chunk's records in input order
(:mod:`quotes.writers`). At most a few chunks per worker are in flight, so memory does not grow with the
corpus.

Engines, all producing the same records:

- ``local`` with one worker: the chunks are processed in this process.
- ``local`` with N workers: a :class:`concurrent.futures.ProcessPoolExecutor` (forkserver or spawn), one
  :class:`~quotes.pipeline.QuotePipeline` per worker process, loaded once.
- ``dask``: a :class:`distributed.Client` on a given scheduler, or on a local cluster started for the run.
  Dask is imported only here, only when asked for (``pip install quotes[dask]``).

Crash safety. While running, records go to ``OUT.part`` and ``ERRORS.part``; after each chunk both are flushed
and fsynced, and then one line is appended (and fsynced) to the journal ``OUT.manifest.ndjson``, giving the
number of documents done, a hash of their ids and the byte size of both files. A rerun with the same output
reads the journal, cuts both files back to the last journaled chunk (dropping a half-written one), checks that
the input still starts with the same documents, skips them, and goes on. Only when every document is done are
the two files renamed to their final names, so an output under its final name is always complete. A Parquet
output is written as JSON Lines under ``OUT.part`` too, and converted when the run completes.

Side files (the errors file, the journal, the ``.part`` files) end in ``.ndjson`` or ``.part``, never in
``.jsonl``: a glob such as ``out/*.jsonl`` catches the outputs only, and a corpus never reads them as articles.
The journal stores paths resolved (absolute), so a run resumes from any directory however its paths are
written.

SpaCy keeps every new word it sees in its vocabulary, which grows without bound over a large corpus; each
chunk is parsed inside :meth:`spacy.language.Language.memory_zone`, which frees what the chunk added.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from pathlib import Path
from typing import IO, Any, Protocol

import attrs
import spacy.util
from attrs import field, frozen

from quotes.corpus import Entry, count_documents, iter_corpus
from quotes.extractors import DEFAULT_EXTRACTOR, Extractor
from quotes.extractors import available as available_extractors
from quotes.languages import LanguageError, detect_language, resolve_language
from quotes.models import Article
from quotes.pipeline import MAX_CHARS, QuotePipeline
from quotes.writers import (
    ERROR_FIELDS,
    FORMATS,
    RecordFile,
    UnknownFormatError,
    infer_format,
    is_gzip,
    jsonl_to_parquet,
)

ENGINES: tuple[str, ...] = ("local", "dask")

#: Journal format version, written in its first line.
_MANIFEST_VERSION = 1


class BatchUsageError(ValueError):
    """The run cannot start as asked (bad option, output of another input, no engine); nothing is written."""


# ---------------------------------------------------------------------------------------------------------
# Work done in a worker: a chunk of articles -> per-article records or error reason
# ---------------------------------------------------------------------------------------------------------


@frozen
class WorkerConfig:
    """What a worker needs to build its pipeline; small and picklable, sent with every chunk.

    Attributes:
        extractor: Registered extractor name, or a picklable :class:`~quotes.extractors.Extractor` instance.
        models: ``(lang, package or path)`` pairs overriding :data:`quotes.languages.DEFAULT_MODELS`.
        batch_size: Documents per :meth:`spacy.language.Language.pipe` batch.
        pipeline_factory: A module-level function returning the :class:`~quotes.pipeline.QuotePipeline` to
            use instead of one built from `extractor` and `models` (a custom claim classifier, a pipeline
            loaded from elsewhere); it must be importable by the workers.
        select: Parse only the sentences that can hold a quote (:class:`~quotes.pipeline.QuotePipeline`).
    """

    extractor: str | Extractor = DEFAULT_EXTRACTOR
    models: tuple[tuple[str, str], ...] = ()
    batch_size: int = 64
    pipeline_factory: Callable[[], QuotePipeline] | None = None
    select: bool = False

    @property
    def extractor_name(self) -> str:
        return self.extractor if isinstance(self.extractor, str) else self.extractor.name


#: Per-process pipelines, so that a worker loads its spaCy models once, whatever the engine.
_PIPELINES: dict[Any, QuotePipeline] = {}
# A Dask worker may run several tasks in threads; a spaCy pipeline and its memory zones are not thread-safe.
_LOCK = threading.Lock()

#: One document's outcome: its records (as dicts), or the reason it failed.
DocResult = tuple[list[dict[str, Any]] | None, str | None]


def worker_pipeline(config: WorkerConfig) -> QuotePipeline:
    """The pipeline of this process for `config`, built on first use."""
    # An extractor instance arrives unpickled with every chunk: it is keyed by its class, not its identity.
    ext = config.extractor
    key = (
        ext if isinstance(ext, str) else f"{type(ext).__module__}.{type(ext).__qualname__}",
        config.models,
        config.pipeline_factory,
        config.select,
    )
    if key not in _PIPELINES:
        if config.pipeline_factory is not None:
            _PIPELINES[key] = config.pipeline_factory()
        else:
            _PIPELINES[key] = QuotePipeline(config.extractor, models=dict(config.models), select=config.select)
    return _PIPELINES[key]


#: Documents each pipeline parses outside any memory zone when a process starts. Inside a zone spaCy's
#: tokenizer stops caching, and every word is looked up afresh; the words of the first articles (the frequent
#: ones) stay cached for the life of the process instead. A vocabulary of this many articles is a few MB.
WARM_DOCS = 500

#: Documents parsed in one memory zone before it is closed and its new words freed. Each new zone starts
#: with an empty cache of the rarer words, so a zone per chunk would redo that work every chunk.
ZONE_DOCS = 2000


class _Zones:
    """The memory zones open in this process, one per spaCy pipeline, renewed every :data:`ZONE_DOCS`."""

    def __init__(self) -> None:
        self.stack = contextlib.ExitStack()
        self.inside: set[int] = set()
        self.seen: dict[int, int] = {}
        self.docs = 0

    def enter(self, pipelines: list[Any], docs: int) -> None:
        if self.docs >= ZONE_DOCS:
            self.close()
        for nlp in pipelines:
            self.seen[id(nlp)] = self.seen.get(id(nlp), 0) + docs
            warm = self.seen[id(nlp)] > WARM_DOCS
            if warm and id(nlp) not in self.inside and hasattr(nlp, "memory_zone"):
                self.stack.enter_context(nlp.memory_zone())
                self.inside.add(id(nlp))
        if self.inside:
            self.docs += docs

    def close(self) -> None:
        self.stack.close()
        self.stack = contextlib.ExitStack()
        self.inside.clear()
        self.docs = 0


_ZONES = _Zones()


def process_chunk(articles: list[Article], config: WorkerConfig) -> list[DocResult]:
    """Extract quotes from a chunk of articles; never raises for a per-document problem.

    Returns:
        One ``(records, None)`` or ``(None, reason)`` per article, in order.
    """
    with _LOCK:
        pipeline = worker_pipeline(config)
        # Load the pipelines the chunk needs before entering their memory zones: a model loaded inside a zone
        # would have its own strings freed at the end of it.
        loaded = []
        for lang in _chunk_languages(articles):
            with contextlib.suppress(Exception):  # a model that fails to load is reported per document
                loaded.append(pipeline.nlp(lang))
        _ZONES.enter(loaded, len(articles))
        mismatched = {i: reason for i, a in enumerate(articles) if (reason := language_mismatch(a))}
        results = pipeline.pipe(
            (a for i, a in enumerate(articles) if i not in mismatched), batch_size=config.batch_size
        )
        out: list[DocResult] = []
        for i in range(len(articles)):
            if i in mismatched:
                out.append((None, mismatched[i]))
                continue
            _, result = next(results)
            if isinstance(result, Exception):
                out.append((None, _reason(result)))
            else:
                out.append(([q.to_dict() for q in result], None))
        return out


def language_mismatch(article: Article) -> str | None:
    """Why a document's declared language cannot be right, or None.

    A Spanish article declared English ("lang": "en" in a copied sidecar, or --lang en over a mixed corpus) is
    parsed by the English pipeline and matched against English cues: it comes out with no quotes and no
    error, a loss nobody would notice. When the function words of the text name another language with
    confidence (:func:`quotes.languages.detect_language`), the document is reported instead. An unsupported
    declared language is left to the pipeline, which reports it in its own words.
    """
    if not article.lang:
        return None
    try:
        declared = resolve_language("", article.lang)
    except LanguageError:
        return None
    detected = detect_language(article.text)
    if detected is None or detected == declared:
        return None
    return (
        f"declared language {declared!r} but the text reads as {detected!r} (its function words): nothing was "
        "extracted; correct 'lang' in the metadata or --lang, or leave it out to detect the language"
    )


def _chunk_languages(articles: list[Article]) -> set[str]:
    langs = set()
    for a in articles:
        with contextlib.suppress(Exception):
            langs.add(resolve_language(a.text, a.lang))
    return langs


def _reason(err: BaseException) -> str:
    # LanguageError and DocumentError carry messages written for the user; anything else is a bug in a step,
    # and its type helps whoever fixes it.
    from quotes.languages import LanguageError
    from quotes.pipeline import DocumentError

    if isinstance(err, LanguageError | DocumentError):
        return str(err)
    return f"processing failed: {type(err).__name__}: {err}"


# ---------------------------------------------------------------------------------------------------------
# Engines: submit a chunk, get a future of its results
# ---------------------------------------------------------------------------------------------------------


class _Result(Protocol):
    def result(self) -> list[DocResult]: ...


class Engine(Protocol):
    """Runs :func:`process_chunk` somewhere; `slots` is how many chunks may be in flight."""

    slots: int

    def submit(self, articles: list[Article]) -> _Result: ...

    def close(self, *, abandon: bool = False) -> None:
        """Stop; `abandon` (an interrupted run) drops the chunks in flight instead of waiting for them."""
        ...


class _Done:
    def __init__(self, value: list[DocResult]) -> None:
        self._value = value

    def result(self) -> list[DocResult]:
        return self._value


class InlineEngine:
    """Processes each chunk in this process, at submission."""

    slots = 1

    def __init__(self, config: WorkerConfig) -> None:
        self.config = config

    def submit(self, articles: list[Article]) -> _Result:
        return _Done(process_chunk(articles, self.config))

    def close(self, *, abandon: bool = False) -> None:
        pass


class PoolEngine:
    """A pool of worker processes on this machine, each with its own pipeline.

    Workers are started with forkserver (spawn where it is missing): forking a process that already holds
    threads or loaded models is unsafe and copies memory the workers do not need.
    """

    def __init__(self, config: WorkerConfig, workers: int) -> None:
        self.config = config
        self.workers = workers
        # Two chunks per worker keep every worker busy while the oldest chunk is being written.
        self.slots = 2 * workers
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        return ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(os.getpid(),),
        )

    def submit(self, articles: list[Article]) -> _Result:
        return _PoolResult(self, articles)

    def close(self, *, abandon: bool = False) -> None:
        if abandon:
            # Ctrl-C: the chunks in flight are not journaled and will be redone on resume; waiting for them
            # would keep the user waiting for work that is thrown away.
            for process in list(getattr(self._pool, "_processes", {}).values()):
                with contextlib.suppress(Exception):
                    process.terminate()
        self._pool.shutdown(wait=True, cancel_futures=True)


def _init_worker(main_pid: int) -> None:
    # Ctrl-C reaches every process of the terminal's group: the main process alone handles it (it saves the
    # finished chunks and shuts the pool down), instead of each worker dying with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker outlives a main process killed with SIGKILL (its task queue never closes): it watches the main
    # process and leaves with it, so that a killed run leaves no process behind.
    threading.Thread(target=_watch_main, args=(main_pid,), daemon=True).start()


def _watch_main(pid: int) -> None:
    while True:
        time.sleep(1.0)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass  # the pid now belongs to a process of another user: still alive as far as we can tell


class _PoolResult:
    """A chunk in the pool; if its worker dies (killed, out of memory, a crash in native code), the chunk is
    redone one document at a time in a fresh pool, so that only the document that kills a worker is lost."""

    def __init__(self, engine: PoolEngine, articles: list[Article]) -> None:
        self.engine = engine
        self.articles = articles
        self.future: Future[list[DocResult]] = engine._pool.submit(process_chunk, articles, engine.config)

    def result(self) -> list[DocResult]:
        try:
            return self.future.result()
        except BrokenProcessPool:
            pass
        # One document in flight at a time: if the pool breaks now, this document broke it.
        out: list[DocResult] = []
        for article in self.articles:
            self._renew_pool()
            try:
                out.extend(self.engine._pool.submit(process_chunk, [article], self.engine.config).result())
            except BrokenProcessPool:
                out.append(
                    (
                        None,
                        "a worker process died while processing this document (killed, out of "
                        "memory, or a crash in native code)",
                    )
                )
        return out

    def _renew_pool(self) -> None:
        pool = self.engine._pool
        if getattr(pool, "_broken", False):
            pool.shutdown(wait=False, cancel_futures=True)
            self.engine._pool = self.engine._new_pool()


class DaskEngine:
    """Chunks as tasks on a Dask cluster: the given scheduler, or a local cluster started for the run."""

    def __init__(self, config: WorkerConfig, workers: int, scheduler: str | None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as err:
            raise BatchUsageError(
                "the dask engine needs dask.distributed: pip install 'quotes[dask]'"
            ) from err
        self.config = config
        self._cluster = None
        if scheduler:
            try:
                if Path(scheduler).is_file():
                    # A scheduler file, as written by `dask scheduler --scheduler-file` and HPC scripts.
                    self.client = Client(scheduler_file=scheduler)
                else:
                    self.client = Client(scheduler)
            except (OSError, TimeoutError, ValueError) as err:
                raise BatchUsageError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from err
        else:
            # One thread per worker process: spaCy parsing holds the GIL, threads would only queue. The
            # dashboard takes any free port, so that two runs on one machine do not collide.
            self._cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
            )
            self.client = Client(self._cluster)
        threads = sum(self.client.nthreads().values()) or 1
        self.slots = 2 * threads
        self.dashboard: str | None = getattr(self.client, "dashboard_link", None)

    def submit(self, articles: list[Article]) -> _Result:
        return _DaskResult(self, articles)

    def close(self, *, abandon: bool = False) -> None:
        if abandon:
            with contextlib.suppress(Exception):
                self.client.cancel(list(self.client.futures.values()))
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


class _DaskResult:
    """A chunk on the cluster; if it fails as a whole (a worker killed, KilledWorker), its documents are
    retried one by one so that only the one that kills workers is reported."""

    def __init__(self, engine: DaskEngine, articles: list[Article]) -> None:
        self.engine = engine
        self.articles = articles
        # pure=False: the same chunk submitted again (a resumed run) must run again, not hit a cache.
        self.future = engine.client.submit(process_chunk, articles, engine.config, pure=False)

    def result(self) -> list[DocResult]:
        try:
            return self.future.result()  # type: ignore[no-any-return]
        except Exception:  # noqa: BLE001 - process_chunk itself never raises for a document
            pass
        out: list[DocResult] = []
        for article in self.articles:
            try:
                out.extend(
                    self.engine.client.submit(
                        process_chunk, [article], self.engine.config, pure=False
                    ).result()
                )
            except Exception as err:  # noqa: BLE001
                out.append((None, f"the worker failed on this document: {type(err).__name__}: {err}"))
        return out


def default_workers() -> int:
    """CPUs available to this process, at most 8 (each worker holds its own pipelines, about 1 GB)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


# ---------------------------------------------------------------------------------------------------------
# Progress
# ---------------------------------------------------------------------------------------------------------


class Progress:
    """Documents per second and time left: a one-line bar on a terminal, periodic log lines otherwise.

    Args:
        stream: Where to write (stderr by default); None for no output at all.
        interval: Seconds between log lines when `stream` is not a terminal.
    """

    def __init__(self, stream: IO[str] | None = None, *, interval: float = 30.0) -> None:
        self.stream = stream
        self.tty = bool(stream is not None and getattr(stream, "isatty", lambda: False)())
        self.interval = 0.2 if self.tty else interval
        self.total: int | None = None
        self.done = self.resumed = self.quotes = self.errors = 0
        self.start = time.monotonic()
        self._last = 0.0

    def update(self, docs: int, quotes: int, errors: int, *, force: bool = False) -> None:
        self.done += docs
        self.quotes += quotes
        self.errors += errors
        now = time.monotonic()
        if self.stream is None or (not force and now - self._last < self.interval):
            return
        self._last = now
        elapsed = now - self.start
        processed = self.done - self.resumed
        rate = processed / elapsed if elapsed > 0 else 0.0
        total = f"/{self.total:,}" if self.total is not None else ""
        left = ""
        if self.total is not None and rate > 0:
            left = f", {_duration(max(self.total - self.done, 0) / rate)} left"
        text = (
            f"{self.done:,}{total} documents, {rate:.1f} docs/s{left}, "
            f"{self.quotes:,} quotes, {self.errors:,} errors, {_duration(elapsed)} elapsed"
        )
        if self.tty:
            bar = ""
            if self.total:
                filled = int(20 * min(self.done / self.total, 1.0))
                bar = f"[{'#' * filled}{'.' * (20 - filled)}] {100 * self.done / self.total:3.0f}% "
            self.stream.write(f"\r\x1b[2K{bar}{text}")
        else:
            self.stream.write(f"quotes extract: {text}\n")
        self.stream.flush()

    def message(self, text: str) -> None:
        """A line of its own (on a terminal, above the bar)."""
        if self.stream is not None:
            self.stream.write(("\r\x1b[2K" if self.tty else "") + f"quotes extract: {text}\n")
            self.stream.flush()

    def finish(self) -> None:
        if self.stream is not None and self.tty:
            self.update(0, 0, 0, force=True)
            self.stream.write("\n")
            self.stream.flush()


def _duration(seconds: float) -> str:
    s = int(seconds + 0.5)
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{s % 3600 // 60:02d}m"


# ---------------------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------------------


@frozen
class BatchSummary:
    """What a run did.

    Attributes:
        documents: Documents in the output (including those done by an earlier, interrupted run).
        resumed: Of those, documents skipped because an earlier run had finished them.
        quotes: Quote records in the output.
        errors: Documents that failed (listed in the errors file).
        seconds: Wall time of this run.
        output: The output file.
        errors_path: The errors file.
        complete: False when the run was interrupted (the output is still under its ``.part`` name).
    """

    documents: int
    resumed: int
    quotes: int
    errors: int
    seconds: float
    output: Path
    errors_path: Path
    complete: bool = True
    already_done: bool = False

    @property
    def exit_status(self) -> int:
        """0 when every document was processed, 1 when some failed (the output holds all the others)."""
        return 1 if self.errors else 0

    def describe(self) -> str:
        processed = self.documents - self.resumed
        rate = processed / self.seconds if self.seconds > 0 else 0.0
        lines = [
            f"{self.documents:,} documents ({self.resumed:,} from an earlier run), {self.quotes:,} quotes, "
            f"{self.errors:,} errors, {_duration(self.seconds)} ({rate:.1f} docs/s)",
            f"quotes: {self.output}",
            f"errors: {self.errors_path}" + ("" if self.errors else " (empty)"),
        ]
        if self.already_done:
            lines.insert(0, "already complete: nothing to do (use --overwrite to redo it)")
        return "\n".join(lines)


#: Endings of the files a run writes beside its output. None ends in ``.jsonl``, so that ``out/*.jsonl``
#: matches outputs only and a corpus reader never takes them for articles; the last two are the names of
#: earlier versions, still recognized by :func:`is_side_file`.
SIDE_FILE_ENDINGS: tuple[str, ...] = (
    ".errors.ndjson",
    ".manifest.ndjson",
    ".part",
    ".errors.jsonl",
    ".manifest.jsonl",
)


def default_errors_path(output: str | os.PathLike[str]) -> Path:
    """``OUT.errors.ndjson`` next to the output: one JSON object per failed document (JSON Lines)."""
    return Path(f"{output}.errors.ndjson")


def manifest_path(output: str | os.PathLike[str]) -> Path:
    """The journal of a run writing `output`: ``OUT.manifest.ndjson``."""
    return Path(f"{output}.manifest.ndjson")


def is_side_file(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is an errors file, a journal or a partial file of a run, not an output of records."""
    return str(path).lower().endswith(SIDE_FILE_ENDINGS)


def _part(path: Path) -> Path:
    return path.with_name(path.name + ".part")


def process_corpus(
    input: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    format: str | None = None,
    extractor: str | Extractor = DEFAULT_EXTRACTOR,
    models: Mapping[str, str] | None = None,
    lang: str | None = None,
    encoding: str = "utf-8",
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    errors: str | os.PathLike[str] | None = None,
    resume: bool = True,
    batch_size: int = 64,
    limit: int | None = None,
    max_chars: int = MAX_CHARS,
    progress: Progress | None = None,
    pipeline_factory: Callable[[], QuotePipeline] | None = None,
    select: bool = False,
) -> BatchSummary:
    """Extract the quotes of every document of a corpus into a JSON Lines, CSV or Parquet file.

    Args:
        input: Corpus directory or file (docs/records.md, "Input").
        output: Output file: ``.jsonl``, ``.csv`` (``.gz`` after either compresses) or ``.parquet`` (needs
            pyarrow); another ending is a usage error unless `format` is given. It may not lie inside the
            corpus directory, where later runs would read it as articles.
        format: ``jsonl``, ``csv`` or ``parquet``.
        extractor: Extractor name, or a picklable extractor instance.
        models: Language -> spaCy package or path, overriding the defaults.
        lang: Language of documents whose metadata gives none (default: detected per document); checked
            before the run starts.
        encoding: Text encoding of the corpus files (default UTF-8; ``latin-1`` for older archives). A file
            that does not decode is reported as an error, with a hint to this option.
        workers: Worker processes (default :func:`default_workers`); with the dask engine and no scheduler,
            the size of the local cluster.
        engine: ``local`` or ``dask``.
        scheduler: Dask scheduler address (``tcp://host:8786``) or a scheduler file path; None starts a
            local cluster.
        errors: Errors file (default ``OUTPUT.errors.ndjson``).
        resume: Go on from an interrupted run with the same output (default). False starts over, replacing
            whatever is there.
        batch_size: Documents per chunk: the unit of work sent to a worker, of the journal, and of spaCy's
            batches. Resuming with the same value reproduces the output byte for byte.
        limit: Stop after this many documents (counting those that fail).
        max_chars: Longer documents are reported as errors.
        progress: Progress display (default: none).
        pipeline_factory: Builds each worker's pipeline instead of `extractor` and `models` (see
            :class:`WorkerConfig`).
        select: Parse only the sentences that can hold a quote (``--select``; docs/speed.md).

    Returns:
        The summary; its `exit_status` is 1 when some documents failed.

    Raises:
        BatchUsageError: for bad options, a missing corpus, or an existing output this run cannot resume.
        KeyboardInterrupt: after saving every finished chunk; rerunning resumes.
    """
    started = time.monotonic()
    output = Path(output)
    try:
        fmt = format or infer_format(output)
    except UnknownFormatError as err:
        raise BatchUsageError(str(err)) from None
    if fmt not in FORMATS:
        raise BatchUsageError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if fmt == "parquet":
        if is_gzip(output):
            raise BatchUsageError("Parquet compresses itself: drop the .gz from the output name")
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            raise BatchUsageError("Parquet output needs pyarrow: pip install 'quotes[parquet]'") from None
    if lang is not None:
        try:
            lang = resolve_language("", lang)
        except LanguageError as err:
            raise BatchUsageError(f"--lang {lang!r}: {err}") from None
    try:
        encoding = codecs.lookup(encoding).name
    except LookupError:
        raise BatchUsageError(f"unknown encoding {encoding!r} (e.g. utf-8, latin-1, cp1252)") from None
    if engine not in ENGINES:
        raise BatchUsageError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    if batch_size < 1:
        raise BatchUsageError(f"--batch-size must be at least 1, got {batch_size}")
    if limit is not None and limit < 0:
        raise BatchUsageError(f"--limit must be 0 or more, got {limit}")
    if workers is not None and workers < 1:
        raise BatchUsageError(f"--workers must be at least 1, got {workers}")
    if not Path(input).exists():
        raise BatchUsageError(f"corpus not found: {input}")
    if isinstance(extractor, str) and extractor not in available_extractors():
        raise BatchUsageError(
            f"unknown extractor {extractor!r}; choose one of: {', '.join(available_extractors())}"
        )
    chosen_models: dict[str, str] = {}
    for lang_code, model in (models or {}).items():
        if spacy.util.is_package(model):
            chosen_models[lang_code] = model
        elif Path(model).exists():
            # A path is resolved: workers and a resumed run may start from another directory.
            chosen_models[lang_code] = str(Path(model).resolve())
        else:
            raise BatchUsageError(
                f"spaCy pipeline {model!r} for {lang_code!r} is neither an installed package nor a path"
            )
    workers = workers or default_workers()
    errors_path = Path(errors) if errors else default_errors_path(output)
    if errors_path.resolve() == output.resolve():
        raise BatchUsageError("the errors file must differ from the output file")
    _check_outside_corpus(Path(input), output, errors_path)
    config = WorkerConfig(
        extractor=extractor,
        models=tuple(sorted(chosen_models.items())),
        batch_size=batch_size,
        pipeline_factory=pipeline_factory,
        select=select,
    )
    header = {
        "manifest": _MANIFEST_VERSION,
        "format": fmt,
        "gzip": is_gzip(output),
        "extractor": config.extractor_name,
        "pipeline": None
        if pipeline_factory is None
        else f"{pipeline_factory.__module__}.{pipeline_factory.__qualname__}",
        "models": [list(m) for m in config.models],
        "lang": lang,
        "encoding": encoding,
        "limit": limit,
        "select": select,
        # Compared when resuming: the same file must compare equal however its path was written, and the
        # default name follows the output wherever it is.
        "errors": None
        if errors_path.resolve() == default_errors_path(output).resolve()
        else str(errors_path.resolve()),
    }
    journal = _Journal(manifest_path(output), output, errors_path, format=fmt)
    progress = progress or Progress(None)

    entries: Iterator[Entry] = iter_corpus(input, lang=lang, max_chars=max_chars, encoding=encoding)
    if limit is not None:
        entries = islice(entries, limit)

    state = journal.open(header, resume=resume)
    if state.complete:
        # Same output, same options: check the input has not changed, then there is nothing to do.
        _skip_verified(entries, journal.chunks(), everything=True)
        return BatchSummary(
            state.documents,
            state.documents,
            state.quotes,
            state.errors,
            time.monotonic() - started,
            output,
            errors_path,
            complete=True,
            already_done=True,
        )
    entries = _skip_verified(entries, journal.chunks(), everything=False) if state.documents else entries
    progress.done = progress.resumed = state.documents
    progress.quotes, progress.errors = state.quotes, state.errors

    runner: Engine  # started before any file is touched: a scheduler that cannot be reached changes nothing
    if engine == "dask":
        runner = DaskEngine(config, workers, scheduler)
        progress.message(
            f"Dask: {sum(runner.client.nthreads().values())} worker threads, dashboard {runner.dashboard}"
        )
    elif workers == 1:
        runner = InlineEngine(config)
    else:
        runner = PoolEngine(config, workers)

    counter = threading.Thread(target=_count, args=(input, limit, progress), daemon=True)
    counter.start()

    try:
        # Parquet cannot be appended to durably: its records go to the part file as JSON Lines, converted at
        # the end.
        out = RecordFile(
            _part(output),
            format="jsonl" if fmt == "parquet" else fmt,
            truncate_at=state.out_bytes,
            compress=is_gzip(output),
        )
        err = RecordFile(
            _part(errors_path),
            format="jsonl",
            fields=ERROR_FIELDS,
            truncate_at=state.err_bytes,
            compress=is_gzip(errors_path),
        )
    except OSError as error:
        runner.close()
        journal.close()
        raise BatchUsageError(f"cannot write the output: {error}") from error
    if state.documents == 0:
        journal.checkpoint(out.commit(), err.commit(), state, [])  # the CSV header, and empty files on disk
    finished = False
    previous_term = _on_sigterm_interrupt()
    previous_int = _on_sigint_acknowledge(progress)
    try:
        pending: deque[tuple[list[Entry], _Result | None]] = deque()

        def write_oldest() -> None:
            chunk, future = pending.popleft()
            results = iter(future.result() if future is not None else ())
            n_quotes = n_errors = 0
            for entry in chunk:
                if entry.error is not None:
                    records, reason = None, entry.error
                else:
                    records, reason = next(results)
                if reason is not None:
                    err.write([{"doc": entry.id, "source": entry.source, "reason": reason}])
                    n_errors += 1
                else:
                    assert records is not None
                    out.write(records)
                    n_quotes += len(records)
            state.documents += len(chunk)
            state.quotes += n_quotes
            state.errors += n_errors
            journal.checkpoint(out.commit(), err.commit(), state, chunk)
            progress.update(len(chunk), n_quotes, n_errors)

        for chunk in _chunks(entries, batch_size):
            articles = [e.article for e in chunk if e.article is not None]
            pending.append((chunk, runner.submit(articles) if articles else None))
            while len(pending) > runner.slots:
                write_oldest()
        while pending:
            write_oldest()
        finished = True
    finally:
        if previous_term is not None:
            signal.signal(signal.SIGTERM, previous_term)
        if previous_int is not None:
            signal.signal(signal.SIGINT, previous_int)
        runner.close(abandon=not finished)
        out.close()
        err.close()
        if not finished:
            journal.close()
    journal.finish(state, time.monotonic() - started)
    progress.finish()
    return BatchSummary(
        state.documents,
        progress.resumed,
        state.quotes,
        state.errors,
        time.monotonic() - started,
        output,
        errors_path,
    )


def _on_sigterm_interrupt() -> Any:
    """Treat SIGTERM (``kill``, a cluster's job scheduler at the time limit) as Ctrl-C: save and stop cleanly.

    Returns the previous handler, or None when not in the main thread (where handlers cannot be set).
    """
    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    return signal.signal(signal.SIGTERM, interrupt)


def _on_sigint_acknowledge(progress: Progress) -> Any:
    """Say at once that Ctrl-C was heard, then stop as Python does (KeyboardInterrupt).

    Without it, the first sign of a Ctrl-C came after the pool had wound down. Returns the previous handler,
    or None when not in the main thread.
    """
    if threading.current_thread() is not threading.main_thread():
        return None
    previous = signal.getsignal(signal.SIGINT)
    if previous is signal.SIG_IGN:
        return None  # started with Ctrl-C ignored (nohup, a background job): leave it so

    def interrupt(signum: int, frame: Any) -> None:
        # The message goes to stderr even with --quiet: it answers a key the user just pressed.
        with contextlib.suppress(Exception):
            sys.stderr.write(
                ("\n" if progress.tty else "")
                + "quotes extract: Ctrl-C: stopping now... (finished documents are kept; rerun to resume)\n"
            )
            sys.stderr.flush()
        signal.signal(signal.SIGINT, previous if callable(previous) else signal.default_int_handler)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    return previous


def _check_outside_corpus(input: Path, output: Path, errors_path: Path) -> None:
    """Refuse files written inside the corpus: a later run would read them as articles (or their side files)."""
    root = input.resolve()
    for path, what in ((output, "output"), (errors_path, "errors file")):
        where = path.resolve()
        inside = where == root or (root.is_dir() and root in where.parents)
        if inside:
            raise BatchUsageError(
                f"the {what} {path} is inside the corpus {input}: later runs would read it as articles; "
                "write it outside the corpus directory"
            )


def _count(input: str | os.PathLike[str], limit: int | None, progress: Progress) -> None:
    with contextlib.suppress(Exception):  # only the estimate is lost
        n = count_documents(input)
        progress.total = min(n, limit) if limit is not None else n


def _chunks(entries: Iterable[Entry], size: int) -> Iterator[list[Entry]]:
    it = iter(entries)
    while chunk := list(islice(it, size)):
        yield chunk


def _fingerprint(chunk: Iterable[Entry]) -> str:
    """A hash of what a chunk covers: ids, sources and text lengths (a changed input is noticed on resume)."""
    h = hashlib.sha1()
    for e in chunk:
        size = len(e.article.text) if e.article is not None else -1
        h.update(f"{e.id}\t{e.source}\t{size}\n".encode())
    return h.hexdigest()


def _skip_verified(
    entries: Iterator[Entry], chunks: Iterable[dict[str, Any]], *, everything: bool
) -> Iterator[Entry]:
    """Skip the documents the journal covers, checking chunk by chunk that they are the same ones."""
    for record in chunks:
        chunk = list(islice(entries, record["size"]))
        if len(chunk) != record["size"] or _fingerprint(chunk) != record["sha1"]:
            raise BatchUsageError(
                "the input differs from the one the existing output was made from (documents "
                f"{record['end'] - record['size'] + 1}-{record['end']}); use --overwrite to start over"
            )
    if everything and next(entries, None) is not None:
        raise BatchUsageError(
            "the input has more documents than the completed output was made from; use --overwrite to redo it"
        )
    return entries


@attrs.define
class _State:
    documents: int = 0
    quotes: int = 0
    errors: int = 0
    out_bytes: int | None = None
    err_bytes: int | None = None
    complete: bool = False


@attrs.define
class _Journal:
    """The manifest: a header line, one line per finished chunk, and a last line when the run is complete."""

    path: Path
    output: Path
    errors_path: Path
    format: str = "jsonl"
    _f: Any = field(default=None)

    def open(self, header: dict[str, Any], *, resume: bool) -> _State:
        parts = [_part(self.output), _part(self.errors_path)]
        if not resume:
            for p in (self.path, self.output, self.errors_path, *parts):
                p.unlink(missing_ok=True)
        lines = self._read() if self.path.exists() else []
        if not lines:
            if self.output.exists():
                raise BatchUsageError(
                    f"{self.output} exists and was not written by a resumable run; "
                    "use --overwrite to replace it"
                )
            self._start(header)
            return _State()
        old = {k: v for k, v in lines[0].items() if k != "started"}
        if old != header:
            changed = sorted(k for k in header if old.get(k) != header[k])
            raise BatchUsageError(
                f"{self.output} was started with other options ({', '.join(changed)}); rerun with the same "
                "options to resume, or use --overwrite to start over"
            )
        last = lines[-1]
        if len(lines) == 1:
            # Interrupted before its first checkpoint: nothing was committed, start the files anew.
            self._f = open(self.path, "a", encoding="utf-8")  # noqa: SIM115
            return _State()
        state = _State(
            documents=last.get("end", 0),
            quotes=last.get("quotes", 0),
            errors=last.get("errors", 0),
            out_bytes=last.get("out", 0),
            err_bytes=last.get("err", 0),
        )
        if last.get("complete"):
            state.complete = True
            # A crash between the two renames of the end of a run: finish them.
            for part, final in ((parts[0], self.output), (parts[1], self.errors_path)):
                if part.exists():
                    self._publish(part, final)
            if not (self.output.exists() and self.errors_path.exists()):
                raise BatchUsageError(
                    f"{self.path} says the run is complete but its output is missing; use --overwrite"
                )
            return state
        for part, size in zip(parts, (state.out_bytes, state.err_bytes), strict=True):
            if not part.exists() or part.stat().st_size < (size or 0):
                raise BatchUsageError(
                    f"{part} is missing or shorter than its journal says; use --overwrite to start over"
                )
        self._f = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed in finish()
        return state

    def _start(self, header: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._f = open(self.path, "w", encoding="utf-8")  # noqa: SIM115
        self._append({**header, "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")})

    def _read(self) -> list[dict[str, Any]]:
        """The journal's complete lines; a line cut by a crash, and what follows it, are cut off."""
        lines: list[dict[str, Any]] = []
        keep = 0
        with open(self.path, "rb") as f:
            for raw in f:
                try:
                    if not raw.endswith(b"\n"):
                        raise ValueError
                    record = json.loads(raw)
                except ValueError:
                    break
                # Only the header and the last chunk line are needed here; chunks() rereads the rest.
                if not lines:
                    lines.append(record)
                elif len(lines) == 1:
                    lines.append(record)
                else:
                    lines[1] = record
                keep += len(raw)
        with open(self.path, "r+b") as f:
            f.truncate(keep)
        return lines

    def chunks(self) -> Iterator[dict[str, Any]]:
        """The chunk lines, streamed (a journal of millions of chunks is never held in memory)."""
        with open(self.path, encoding="utf-8") as f:
            next(f, None)
            for line in f:
                record = json.loads(line)
                if "sha1" in record:
                    yield record

    def checkpoint(self, out_bytes: int, err_bytes: int, state: _State, chunk: list[Entry]) -> None:
        """Record a chunk as done; called after both files were fsynced."""
        record: dict[str, Any] = {"end": state.documents}
        if chunk:
            record.update(size=len(chunk), sha1=_fingerprint(chunk), first=chunk[0].id, last=chunk[-1].id)
        record.update(quotes=state.quotes, errors=state.errors, out=out_bytes, err=err_bytes)
        self._append(record)

    def close(self) -> None:
        if self._f is not None and not self._f.closed:
            self._f.close()

    def finish(self, state: _State, seconds: float) -> None:
        self._append(
            {
                "complete": True,
                "end": state.documents,
                "quotes": state.quotes,
                "errors": state.errors,
                "seconds": round(seconds, 3),
            }
        )
        self.close()
        self._publish(_part(self.output), self.output)
        self._publish(_part(self.errors_path), self.errors_path)
        for d in {self.output.parent, self.errors_path.parent}:
            _fsync_dir(d)

    def _publish(self, part: Path, final: Path) -> None:
        """Give a finished part file its final name (a Parquet output is converted on the way)."""
        if final == self.output and self.format == "parquet":
            converting = final.with_name(final.name + ".tmp")
            jsonl_to_parquet(part, converting)
            os.replace(converting, final)
            part.unlink()
        else:
            os.replace(part, final)

    def _append(self, record: dict[str, Any]) -> None:
        self._f.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._f.flush()
        os.fsync(self._f.fileno())


def _fsync_dir(path: Path) -> None:
    # Makes a rename durable across a power loss (POSIX); directories cannot be opened on Windows.
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def stderr_progress(quiet: bool = False, interval: float = 30.0) -> Progress:
    """Progress on stderr (a bar on a terminal, log lines otherwise), or none when `quiet`."""
    return Progress(None if quiet else sys.stderr, interval=interval)


__all__ = [
    "BatchSummary",
    "BatchUsageError",
    "DaskEngine",
    "ENGINES",
    "InlineEngine",
    "PoolEngine",
    "Progress",
    "WorkerConfig",
    "default_errors_path",
    "default_workers",
    "is_side_file",
    "language_mismatch",
    "manifest_path",
    "process_chunk",
    "process_corpus",
    "stderr_progress",
]
