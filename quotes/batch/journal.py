"""The journal of a run: what is durably done, so that an interrupted run resumes where it stopped.

While running, records go to ``OUT.part`` and ``ERRORS.part``; after each chunk both are flushed and fsynced,
and then one line is appended (and fsynced) to the journal ``OUT.manifest.ndjson``, giving the number of
documents done, a hash of their ids and the byte size of both files. A rerun with the same output reads the
journal, cuts both files back to the last journaled chunk (dropping a half-written one), checks that the input
still starts with the same documents, skips them, and goes on. Only when every document is done are the two
files renamed to their final names, so an output under its final name is always complete. A Parquet output
is written as JSON Lines under ``OUT.part`` too, and converted when the run completes.

The journal stores paths resolved (absolute), so a run resumes from any directory however its paths are
written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import attrs
from attrs import field

from quotes.batch.options import BatchOptions, BatchUsageError, default_errors_path, part_path
from quotes.corpus import Entry
from quotes.writers import is_gzip, jsonl_to_parquet

#: Journal format version, written in its first line.
_MANIFEST_VERSION = 1


def journal_header(options: BatchOptions) -> dict[str, Any]:
    """The first line of the journal: the options a resumed run must share with the run it goes on from."""
    config = options.config
    factory = config.pipeline_factory
    return {
        "manifest": _MANIFEST_VERSION,
        "format": options.format,
        "gzip": is_gzip(options.output),
        "extractor": config.extractor_name,
        "pipeline": None if factory is None else f"{factory.__module__}.{factory.__qualname__}",
        "models": [list(m) for m in config.models],
        "lang": options.lang,
        "encoding": options.encoding,
        "limit": options.limit,
        "select": config.select,
        # Only when set, so that journals written before the option existed still resume.
        **({"all_records": True} if config.all_records else {}),
        # Compared when resuming: the same file must compare equal however its path was written, and the
        # default name follows the output wherever it is.
        "errors": None
        if options.errors_path.resolve() == default_errors_path(options.output).resolve()
        else str(options.errors_path.resolve()),
    }


def _fingerprint(chunk: Iterable[Entry]) -> str:
    """A hash of what a chunk covers: ids, sources and text lengths (a changed input is noticed on resume)."""
    h = hashlib.sha1()
    for e in chunk:
        size = len(e.article.text) if e.article is not None else -1
        h.update(f"{e.id}\t{e.source}\t{size}\n".encode())
    return h.hexdigest()


def skip_verified(
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
class RunState:
    """Documents, quotes and errors done so far, and the sizes of both files at the last checkpoint."""

    documents: int = 0
    quotes: int = 0
    errors: int = 0
    out_bytes: int | None = None
    err_bytes: int | None = None
    complete: bool = False


@attrs.define
class Journal:
    """The manifest: a header line, one line per finished chunk, and a last line when the run is complete."""

    path: Path
    output: Path
    errors_path: Path
    format: str = "jsonl"
    _f: Any = field(default=None)

    def open(self, header: dict[str, Any], *, resume: bool) -> RunState:
        """Start a journal, or read an existing one back: the state of its last checkpoint.

        Raises:
            BatchUsageError: when the output exists without a journal, was started with other options, or is
                shorter than its journal says.
        """
        parts = [part_path(self.output), part_path(self.errors_path)]
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
            return RunState()
        self._check_same_options(lines[0], header)
        last = lines[-1]
        if len(lines) == 1:
            # Interrupted before its first checkpoint: nothing was committed, start the files anew.
            self._f = open(self.path, "a", encoding="utf-8")  # noqa: SIM115
            return RunState()
        state = RunState(
            documents=last.get("end", 0),
            quotes=last.get("quotes", 0),
            errors=last.get("errors", 0),
            out_bytes=last.get("out", 0),
            err_bytes=last.get("err", 0),
        )
        if last.get("complete"):
            state.complete = True
            self._finish_publishing(parts)
            return state
        for part, size in zip(parts, (state.out_bytes, state.err_bytes), strict=True):
            if not part.exists() or part.stat().st_size < (size or 0):
                raise BatchUsageError(
                    f"{part} is missing or shorter than its journal says; use --overwrite to start over"
                )
        self._f = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed in finish()
        return state

    def _check_same_options(self, first: dict[str, Any], header: dict[str, Any]) -> None:
        """Refuse to resume a run started with other options (its start time does not count)."""
        old = {k: v for k, v in first.items() if k != "started"}
        if old != header:
            changed = sorted(k for k in header if old.get(k) != header[k])
            raise BatchUsageError(
                f"{self.output} was started with other options ({', '.join(changed)}); rerun with the same "
                "options to resume, or use --overwrite to start over"
            )

    def _finish_publishing(self, parts: list[Path]) -> None:
        """A complete run whose process died between the two renames of its end: finish them."""
        for part, final in ((parts[0], self.output), (parts[1], self.errors_path)):
            if part.exists():
                self._publish(part, final)
        if not (self.output.exists() and self.errors_path.exists()):
            raise BatchUsageError(f"{self.path} says the run is complete but its output is missing; use --overwrite")

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

    def checkpoint(self, out_bytes: int, err_bytes: int, state: RunState, chunk: list[Entry]) -> None:
        """Record a chunk as done; called after both files were fsynced."""
        record: dict[str, Any] = {"end": state.documents}
        if chunk:
            record.update(size=len(chunk), sha1=_fingerprint(chunk), first=chunk[0].id, last=chunk[-1].id)
        record.update(quotes=state.quotes, errors=state.errors, out=out_bytes, err=err_bytes)
        self._append(record)

    def close(self) -> None:
        if self._f is not None and not self._f.closed:
            self._f.close()

    def finish(self, state: RunState, seconds: float) -> None:
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
        self._publish(part_path(self.output), self.output)
        self._publish(part_path(self.errors_path), self.errors_path)
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
