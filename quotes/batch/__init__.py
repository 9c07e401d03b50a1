"""Corpus-scale extraction: stream a corpus through the pipeline into a durable, resumable output.

:func:`process_corpus` reads the corpus lazily (:mod:`quotes.corpus`), cuts it into *chunks* of consecutive
documents, has an engine process the chunks, and writes each chunk's records in input order
(:mod:`quotes.writers`). At most a few chunks per worker are in flight, so memory does not grow with the
corpus. Its parts, in the order of a run:

- :mod:`quotes.batch.options`: the options, checked before anything is touched, and the files a run writes.
- :mod:`quotes.batch.journal`: the manifest that makes a run crash-safe and resumable.
- :mod:`quotes.batch.worker`: what a worker does with a chunk (:func:`process_chunk`).
- :mod:`quotes.batch.engines`: where the chunks run: this process, a local pool, or a Dask cluster.
- :mod:`quotes.batch.progress`: documents per second and time left.
- :mod:`quotes.batch.run`: :func:`process_corpus`, which ties them together.
"""

from quotes.batch.engines import DaskEngine, InlineEngine, PoolEngine
from quotes.batch.options import (
    ENGINES,
    BatchUsageError,
    default_errors_path,
    default_workers,
    is_side_file,
    manifest_path,
)
from quotes.batch.progress import Progress, stderr_progress
from quotes.batch.run import BatchSummary, process_corpus
from quotes.batch.worker import WorkerConfig, language_mismatch, process_chunk

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
