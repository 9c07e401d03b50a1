"""Writing records: JSON Lines, CSV or Parquet, chosen by the file name; JSON Lines and CSV are gzip-compressed
when the name ends in ``.gz``. A name with none of these endings is refused rather than guessed.

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
from typing import Any, BinaryIO

from quotes.models import RECORD_FIELDS, Quote

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")

#: File name endings of each format (``.gz`` may follow those of the text formats).
SUFFIXES: dict[str, tuple[str, ...]] = {"jsonl": (".jsonl", ".ndjson"), "csv": (".csv",), "parquet": (".parquet",)}

#: Columns of the errors file.
ERROR_FIELDS: tuple[str, ...] = ("doc", "source", "reason")


class UnknownFormatError(ValueError):
    """A file name whose ending names none of the :data:`FORMATS`."""


def infer_format(path: str | os.PathLike[str]) -> str:
    """The format a file name asks for: ``.jsonl`` / ``.ndjson``, ``.csv`` (each optionally ``.gz``), ``.parquet``.

    Raises:
        UnknownFormatError: for any other ending (``out.json``, ``out.xlsx``, ``out``): writing JSON Lines
            under such a name would mislead whoever opens it.
    """
    name = Path(path).name.lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[:-3]
    for fmt, endings in SUFFIXES.items():
        if name.endswith(endings):
            if gz and fmt == "parquet":
                raise UnknownFormatError(f"{Path(path).name}: Parquet compresses itself; drop the .gz")
            return fmt
    known = ", ".join(e for endings in SUFFIXES.values() for e in endings)
    raise UnknownFormatError(
        f"cannot tell the output format from the name {Path(path).name!r}: end it in {known} (.gz may follow "
        "the text formats), or give the format explicitly"
    )


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
        if self.format not in ("jsonl", "csv"):
            raise ValueError(f"unknown output format {self.format!r}; choose one of: {', '.join(FORMATS)}")
        self.fields = tuple(fields)
        self.gzip = is_gzip(path) if compress is None else compress
        self._f: BinaryIO
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
    """Records of a JSONL, CSV or Parquet output (gzip or not), streamed. CSV cells come back as strings
    (empty: None).

    Example:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "q.csv.gz"
        >>> with RecordFile(path, fields=("doc", "text")) as f:
        ...     f.write([{"doc": "a", "text": "Sí, \\"no\\""}]); _ = f.commit()
        >>> list(read_records(path))
        [{'doc': 'a', 'text': 'Sí, "no"'}]
    """
    fmt = format or infer_format(path)
    if fmt == "parquet":
        yield from _read_parquet(path)
        return
    opener = gzip.open if is_gzip(path) else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        if fmt == "csv":
            for row in csv.DictReader(f):
                yield {k: (v if v != "" else None) for k, v in row.items()}
        else:
            for line in f:
                if line.strip():
                    yield json.loads(line)


# ---------------------------------------------------------------------------------------------------------
# Parquet and pandas (optional: pip install 'quotes[parquet]', 'quotes[pandas]')
# ---------------------------------------------------------------------------------------------------------


def _column_kind(name: str) -> str:
    """``int``, ``float`` or ``str``: the JSON type of a record field, from the annotation of :class:`Quote`."""
    import attrs

    annotation = str(next((a.type for a in attrs.fields(Quote) if a.name == name), "str"))
    return next((kind for kind in ("int", "float") if annotation.startswith(kind)), "str")


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError as err:
        raise ImportError("Parquet output needs pyarrow: pip install 'quotes[parquet]'") from err
    return pyarrow


def parquet_schema(fields: Sequence[str] = RECORD_FIELDS) -> Any:
    """The Arrow schema of record files: integers as int64, the confidence as float64, the rest as strings
    (dates stay ISO strings, as in JSON Lines)."""
    pa = _pyarrow()
    types = {"int": pa.int64(), "float": pa.float64(), "str": pa.string()}
    return pa.schema([(f, types[_column_kind(f)]) for f in fields])


def jsonl_to_parquet(
    source: str | os.PathLike[str],
    target: str | os.PathLike[str],
    *,
    fields: Sequence[str] = RECORD_FIELDS,
    rows_per_group: int = 50_000,
) -> int:
    """Copy a JSON Lines record file into a Parquet file, streaming (one row group per `rows_per_group`).

    Returns:
        The number of rows written.
    """
    pa = _pyarrow()
    schema = parquet_schema(fields)
    rows = 0
    with pa.parquet.ParquetWriter(str(target), schema) as writer:
        batch: list[Mapping[str, Any]] = []
        for record in read_records(source, format="jsonl"):
            batch.append(record)
            if len(batch) >= rows_per_group:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                rows += len(batch)
                batch = []
        # An empty corpus still gets a valid file with the columns.
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        rows += len(batch)
    return rows


def _read_parquet(path: str | os.PathLike[str]) -> Iterable[dict[str, Any]]:
    pa = _pyarrow()
    for batch in pa.parquet.ParquetFile(str(path)).iter_batches():
        yield from batch.to_pylist()


def to_dataframe(records: Iterable[Quote | Mapping[str, Any]]) -> Any:
    """The records as a :class:`pandas.DataFrame`, one row per quote (needs ``pip install 'quotes[pandas]'``).

    Columns are the record fields in their usual order (then any extra field); enums are their string values,
    dates ISO strings (``pandas.to_datetime(df["date"])`` makes them dates), and the optional offsets
    nullable integers.

    Example:
        >>> import quotes
        >>> df = quotes.to_dataframe(quotes.extract("«Vamos a crecer», dijo Ana Pérez.", lang="es"))
        >>> df[["speaker", "kind", "text"]].values.tolist()
        [['Ana Pérez', 'direct', 'Vamos a crecer']]
    """
    try:
        import pandas as pd
    except ImportError as err:
        raise ImportError("to_dataframe needs pandas: pip install 'quotes[pandas]'") from err
    rows = [r.to_dict() if isinstance(r, Quote) else dict(r) for r in records]
    columns = list(RECORD_FIELDS)
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    frame = pd.DataFrame.from_records(rows, columns=columns)
    for name in columns:
        if name in RECORD_FIELDS and _column_kind(name) == "int":
            frame[name] = frame[name].astype("Int64")
        elif name in RECORD_FIELDS and _column_kind(name) == "float":
            frame[name] = frame[name].astype("float64")
    return frame
