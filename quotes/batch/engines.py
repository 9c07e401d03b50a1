"""Where the chunks run: in this process, in a pool of local processes, or on a Dask cluster.

Each engine runs :func:`~quotes.batch.worker.process_chunk` and gives back a handle whose ``result()`` is the
chunk's per-document outcomes; all three produce the same records. ``slots`` is how many chunks may be in
flight, so that memory does not grow with the corpus.

- :class:`InlineEngine` (``local`` with one worker): the chunks are processed in this process.
- :class:`PoolEngine` (``local`` with N workers): a :class:`concurrent.futures.ProcessPoolExecutor`
  (forkserver or spawn), one :class:`~quotes.pipeline.QuotePipeline` per worker process, loaded once.
- :class:`DaskEngine` (``dask``): a :class:`distributed.Client` on a given scheduler, or on a local cluster
  started for the run. Dask is imported only here, only when asked for (``pip install quotes[dask]``).

A chunk whose worker dies (killed, out of memory, a crash in native code) is redone one document at a time,
so that only the document that kills a worker is lost.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Protocol

from quotes.batch.options import BatchUsageError
from quotes.batch.worker import DocResult, WorkerConfig, process_chunk
from quotes.models import Article


class ChunkResult(Protocol):
    """A chunk handed to an engine: ``result()`` waits for one outcome per article, in order."""

    def result(self) -> list[DocResult]: ...


class Engine(Protocol):
    """Runs :func:`process_chunk` somewhere; `slots` is how many chunks may be in flight."""

    slots: int

    def submit(self, articles: list[Article]) -> ChunkResult: ...

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

    def submit(self, articles: list[Article]) -> ChunkResult:
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

    def submit(self, articles: list[Article]) -> ChunkResult:
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


def split_evenly(articles: list[Article], parts: int) -> list[list[Article]]:
    """`articles` in at most `parts` consecutive parts whose sizes differ by one at most."""
    parts = max(1, min(parts, len(articles)))
    size, extra = divmod(len(articles), parts)
    out, start = [], 0
    for k in range(parts):
        end = start + size + (k < extra)
        out.append(articles[start:end])
        start = end
    return out


class _PoolResult:
    """A chunk in the pool; if its worker dies (killed, out of memory, a crash in native code), the chunk is
    redone one document at a time in a fresh pool, so that only the document that kills a worker is lost."""

    def __init__(self, engine: PoolEngine, articles: list[Article]) -> None:
        self.engine = engine
        self.articles = articles
        # The chunk is shared among the workers: whole chunks handed out in turn leave one worker alone with
        # the last chunk or two (300 articles in chunks of 64 are 3 chunks for one worker and 2 for the other).
        self.futures: list[Future[list[DocResult]]] = [
            engine._pool.submit(process_chunk, part, engine.config) for part in split_evenly(articles, engine.workers)
        ]

    def result(self) -> list[DocResult]:
        try:
            return [r for future in self.futures for r in future.result()]
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

    def submit(self, articles: list[Article]) -> ChunkResult:
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
            return self.future.result()
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
