"""Writing records: JSON Lines (the default) or CSV, gzip-compressed when the file name ends in ``.gz``.

Records are written in *chunks*: :meth:`RecordFile.write` buffers, :meth:`RecordFile.commit` encodes the
buffer, appends it and makes it durable (flush + fsync), and returns the file size. The batch journal
(:mod:`quotes.batch`) stores that size after each chunk, so a file can always be cut back to the end of its
last committed chunk. A gzip file gets one gzip *member* per chunk: a concatenation of members is a valid gzip
file (RFC 1952, section 2.2; ``gzip -d``, Python's :mod:`gzip` and pandas read it whole), so a file cut at a
member boundary is still valid and can be appended to. Members are written with mtime 0, so the same records
give the same bytes.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from quotes.models import RECORD_FIELDS, Quote

FORMATS: tuple[str, ...] = ("jsonl", "csv")

#: Columns of the errors file.
ERROR_FIELDS: tuple[str, ...] = ("doc", "source", "reason")


def infer_format(path: str | os.PathLike[str]) -> str:
    """``csv`` when the name ends in ``.csv`` or ``.csv.gz``, else ``jsonl``."""
    name = Path(path).name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return "csv" if name.endswith(".csv") else "jsonl"


def is_gzip(path: str | os.PathLike[str]) -> bool:
    """Whether records written to `path` are gzip-compressed (its name ends in ``.gz``)."""
    return str(path).lower().endswith(".gz")


def encode_jsonl(records: Iterable[Mapping[str, Any]]) -> bytes:
    """One JSON object per line, UTF-8, keys in the order given, non-ASCII characters kept as they are."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def encode_csv(records: Iterable[Mapping[str, Any]], fields: Sequence[str], *, header: bool = False) -> bytes:
    """CSV rows (RFC 4180 quoting, ``\\n`` line ends), None as an empty cell, in the column order `fields`."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    if header:
        w.writerow(fields)
    for r in records:
        w.writerow(["" if r.get(f) is None else r.get(f) for f in fields])
    return buf.getvalue().encode("utf-8")


class RecordFile:
    """An append-only file of records written in durable chunks.

    Args:
        path: Output file; ``.gz`` compresses each chunk as one gzip member.
        format: ``jsonl`` or ``csv`` (default: from the name, see :func:`infer_format`).
        fields: Column order, for CSV (and the key order of JSON records given as :class:`Quote`).
        truncate_at: Resume: keep only the first `truncate_at` bytes (the end of the last committed chunk)
            and append after them. None starts a new file.
        compress: gzip each chunk (default: when `path` ends in ``.gz``; give it when writing to a temporary
            name).

    Example:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "errors.jsonl"
        >>> with RecordFile(path, fields=ERROR_FIELDS) as f:
        ...     f.write([{"doc": "a", "source": "a.txt", "reason": "empty document"}])
        ...     size = f.commit()
        >>> path.read_text(encoding="utf-8")
        '{"doc": "a", "source": "a.txt", "reason": "empty document"}\\n'
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        format: str | None = None,
        fields: Sequence[str] = RECORD_FIELDS,
        truncate_at: int | None = None,
        compress: bool | None = None,
    ) -> None:
        self.path = Path(path)
        self.format = format or infer_format(path)
        if self.format not in FORMATS:
            raise ValueError(f"unknown output format {self.format!r}; choose one of: {', '.join(FORMATS)}")
        self.fields = tuple(fields)
        self.gzip = is_gzip(path) if compress is None else compress
        if truncate_at is None:
            self._f = open(self.path, "wb")  # noqa: SIM115 - closed by close()
            self._needs_header = self.format == "csv"
        else:
            self._f = open(self.path, "r+b")  # noqa: SIM115
            self._f.truncate(truncate_at)
            self._f.seek(truncate_at)
            self._needs_header = self.format == "csv" and truncate_at == 0
        self._buffer: list[Mapping[str, Any]] = []

    def write(self, records: Iterable[Quote | Mapping[str, Any]]) -> None:
        """Buffer records for the next :meth:`commit`."""
        for r in records:
            self._buffer.append(r.to_dict() if isinstance(r, Quote) else r)

    def commit(self) -> int:
        """Append the buffered records as one chunk, make it durable, and return the file size in bytes."""
        if self._buffer or self._needs_header:
            if self.format == "csv":
                data = encode_csv(self._buffer, self.fields, header=self._needs_header)
                self._needs_header = False
            else:
                data = encode_jsonl(self._buffer)
            self._buffer = []
            if data:
                self._f.write(gzip.compress(data, mtime=0) if self.gzip else data)
        self._f.flush()
        os.fsync(self._f.fileno())
        return self._f.tell()

    def close(self) -> None:
        """Close the file; records buffered since the last commit are dropped, as an interrupted chunk."""
        self._buffer = []
        self._f.close()

    def __enter__(self) -> RecordFile:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def read_records(path: str | os.PathLike[str], *, format: str | None = None) -> Iterable[dict[str, Any]]:
    """Records of a JSONL or CSV output (gzip or not), streamed. CSV cells come back as strings (empty: None).

    Example:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "q.csv.gz"
        >>> with RecordFile(path, fields=("doc", "text")) as f:
        ...     f.write([{"doc": "a", "text": "Sí, \\"no\\""}]); _ = f.commit()
        >>> list(read_records(path))
        [{'doc': 'a', 'text': 'Sí, "no"'}]
    """
    fmt = format or infer_format(path)
    opener = gzip.open if is_gzip(path) else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:  # type: ignore[operator]
        if fmt == "csv":
            for row in csv.DictReader(f):
                yield {k: (v if v != "" else None) for k, v in row.items()}
        else:
            for line in f:
                if line.strip():
                    yield json.loads(line)
