"""The run: stream a corpus through the engines into a durable, resumable output (:func:`process_corpus`).

A run is four steps: check the options (:mod:`quotes.batch.options`), open the journal and skip what an
earlier run finished (:mod:`quotes.batch.journal`), submit the chunks to an engine
(:mod:`quotes.batch.engines`), and write each chunk's records in input order as the oldest one finishes
(:mod:`quotes.writers`). At most a few chunks per worker are in flight, so memory does not grow with the
corpus.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from pathlib import Path
from typing import Any

from attrs import frozen

from quotes.batch.engines import ChunkResult, DaskEngine, Engine, InlineEngine, PoolEngine
from quotes.batch.journal import Journal, RunState, journal_header, skip_verified
from quotes.batch.options import BatchOptions, BatchUsageError, check_options, manifest_path, part_path
from quotes.batch.progress import Progress, duration
from quotes.batch.worker import DOC_SECONDS
from quotes.corpus import MAX_CHARS, Entry, count_documents, iter_corpus
from quotes.extractors import DEFAULT_EXTRACTOR, Extractor
from quotes.pipeline import QuotePipeline
from quotes.writers import ERROR_FIELDS, RecordFile, is_gzip


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
            f"{self.errors:,} errors, {duration(self.seconds)} ({rate:.1f} docs/s)",
            f"quotes: {self.output}",
            f"errors: {self.errors_path}" + ("" if self.errors else " (empty)"),
        ]
        if self.already_done:
            lines.insert(0, "already complete: nothing to do (use --overwrite to redo it)")
        return "\n".join(lines)


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
    select: bool = True,
    doc_seconds: float | None = DOC_SECONDS,
    all_records: bool = False,
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
            :class:`~quotes.batch.worker.WorkerConfig`).
        select: Parse only the sentences that can hold a quote (the default; `False` is ``--full-parse``;
            docs/speed.md).
        doc_seconds: Wall time one document's extraction may take before it is stopped and reported as that
            document's error (None: no limit; :data:`~quotes.batch.worker.DOC_SECONDS` by default). Applies
            in the local engines, not on a Dask cluster (its tasks run in threads).
        all_records: Keep every record (``--all-records``): the default pipeline's record filter leaves out
            the ensemble's records it judges more likely wrong than right (:mod:`quotes.record_filter`).

    Returns:
        The summary; its `exit_status` is 1 when some documents failed.

    Raises:
        BatchUsageError: for bad options, a missing corpus, or an existing output this run cannot resume.
        KeyboardInterrupt: after saving every finished chunk; rerunning resumes.
    """
    started = time.monotonic()
    options = check_options(
        input, output, format=format, extractor=extractor, models=models, lang=lang, encoding=encoding,
        workers=workers, engine=engine, scheduler=scheduler, errors=errors, resume=resume, batch_size=batch_size,
        limit=limit, max_chars=max_chars, pipeline_factory=pipeline_factory, select=select, doc_seconds=doc_seconds,
        all_records=all_records,
    )  # fmt: skip
    return _run(options, progress or Progress(None), started)


def _run(options: BatchOptions, progress: Progress, started: float) -> BatchSummary:
    """Open the journal and skip what it covers, start the engine, then submit and write every chunk."""
    journal = Journal(manifest_path(options.output), options.output, options.errors_path, format=options.format)
    entries = _read_corpus(options)
    state = journal.open(journal_header(options), resume=options.resume)
    if state.complete:
        # Same output, same options: check the input has not changed, then there is nothing to do.
        skip_verified(entries, journal.chunks(), everything=True)
        return _summary(options, state, started, resumed=state.documents, already_done=True)
    if state.documents:
        entries = skip_verified(entries, journal.chunks(), everything=False)
    progress.done = progress.resumed = state.documents
    progress.quotes, progress.errors = state.quotes, state.errors

    # The engine starts before any file is touched: a scheduler that cannot be reached changes nothing.
    runner = _start_engine(options, progress)
    threading.Thread(target=_count, args=(options.input, options.limit, progress), daemon=True).start()
    sink = _open_sink(options, state, journal, progress, runner)
    if state.documents == 0:
        # The CSV header, and empty files on disk.
        journal.checkpoint(sink.out.commit(), sink.err.commit(), state, [])
    _write_all(entries, runner, sink, options.batch_size)
    journal.finish(state, time.monotonic() - started)
    progress.finish()
    return _summary(options, state, started, resumed=progress.resumed)


def _read_corpus(options: BatchOptions) -> Iterator[Entry]:
    """The corpus's documents, read lazily, up to the limit."""
    entries: Iterator[Entry] = iter_corpus(
        options.input, lang=options.lang, max_chars=options.max_chars, encoding=options.encoding
    )
    if options.limit is not None:
        entries = islice(entries, options.limit)
    return entries


def _start_engine(options: BatchOptions, progress: Progress) -> Engine:
    """The engine the options ask for, started (a Dask cluster is reached or launched here)."""
    if options.engine == "dask":
        dask = DaskEngine(options.config, options.workers, options.scheduler)
        progress.message(
            f"Dask: {sum(dask.client.nthreads().values())} worker threads, dashboard {dask.dashboard}"
        )
        return dask
    if options.workers == 1:
        return InlineEngine(options.config)
    return PoolEngine(options.config, options.workers)


@frozen
class _Sink:
    """Where finished chunks go: the two part files, the journal that commits them, and the counts."""

    out: RecordFile
    err: RecordFile
    journal: Journal
    state: RunState
    progress: Progress


def _open_sink(
    options: BatchOptions, state: RunState, journal: Journal, progress: Progress, runner: Engine
) -> _Sink:
    """Open both part files, cut back to the journal's last checkpoint; a file that cannot be opened stops
    the run before any work (the engine and the journal are closed)."""
    try:
        # Parquet cannot be appended to durably: its records go to the part file as JSON Lines, converted at
        # the end.
        out = RecordFile(
            part_path(options.output),
            format="jsonl" if options.format == "parquet" else options.format,
            truncate_at=state.out_bytes,
            compress=is_gzip(options.output),
        )
        err = RecordFile(
            part_path(options.errors_path),
            format="jsonl",
            fields=ERROR_FIELDS,
            truncate_at=state.err_bytes,
            compress=is_gzip(options.errors_path),
        )
    except OSError as error:
        runner.close()
        journal.close()
        raise BatchUsageError(f"cannot write the output: {error}") from error
    return _Sink(out, err, journal, state, progress)


def _write_all(entries: Iterator[Entry], runner: Engine, sink: _Sink, batch_size: int) -> None:
    """Submit the chunks in order and write each as the oldest finishes, with at most `runner.slots` in
    flight; an interrupted run (Ctrl-C, SIGTERM) keeps every chunk written and drops the ones in flight."""
    finished = False
    previous_term = _on_sigterm_interrupt()
    previous_int = _on_sigint_acknowledge(sink.progress)
    try:
        pending: deque[tuple[list[Entry], ChunkResult | None]] = deque()
        for chunk in _chunks(entries, batch_size):
            articles = [e.article for e in chunk if e.article is not None]
            pending.append((chunk, runner.submit(articles) if articles else None))
            while len(pending) > runner.slots:
                _write_chunk(*pending.popleft(), sink)
        while pending:
            _write_chunk(*pending.popleft(), sink)
        finished = True
    finally:
        if previous_term is not None:
            signal.signal(signal.SIGTERM, previous_term)
        if previous_int is not None:
            signal.signal(signal.SIGINT, previous_int)
        runner.close(abandon=not finished)
        sink.out.close()
        sink.err.close()
        if not finished:
            sink.journal.close()


def _write_chunk(chunk: list[Entry], future: ChunkResult | None, sink: _Sink) -> None:
    """Write a finished chunk, records and errors in input order, then journal it as done."""
    results = iter(future.result() if future is not None else ())
    n_quotes = n_errors = 0
    for entry in chunk:
        records: list[dict[str, Any]] | None = None
        reason: str | None = entry.error
        if reason is None:
            records, reason = next(results)
            if records is None and reason is None:  # never by construction; never dropped silently either
                reason = "internal error: the worker returned neither records nor a reason"
        if reason is not None:
            sink.err.write([{"doc": entry.id, "source": entry.source, "reason": reason}])
            n_errors += 1
        elif records is not None:
            sink.out.write(records)
            n_quotes += len(records)
    state = sink.state
    state.documents += len(chunk)
    state.quotes += n_quotes
    state.errors += n_errors
    sink.journal.checkpoint(sink.out.commit(), sink.err.commit(), state, chunk)
    sink.progress.update(len(chunk), n_quotes, n_errors)


def _summary(
    options: BatchOptions, state: RunState, started: float, *, resumed: int, already_done: bool = False
) -> BatchSummary:
    return BatchSummary(
        state.documents,
        resumed,
        state.quotes,
        state.errors,
        time.monotonic() - started,
        options.output,
        options.errors_path,
        complete=True,
        already_done=already_done,
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


def _count(input: str | os.PathLike[str], limit: int | None, progress: Progress) -> None:
    with contextlib.suppress(Exception):  # only the estimate is lost
        n = count_documents(input)
        progress.total = min(n, limit) if limit is not None else n


def _chunks(entries: Iterable[Entry], size: int) -> Iterator[list[Entry]]:
    it = iter(entries)
    while chunk := list(islice(it, size)):
        yield chunk
