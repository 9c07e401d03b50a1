"""Reading what the views display: one article of a corpus, and quote records from an extraction output.

Articles are read by :func:`quotes.corpus.iter_corpus`, so `quotes show` accepts exactly what `quotes extract`
does. Records are streamed line by line from JSON Lines or CSV (gzip-compressed when the name ends in `.gz`,
as :mod:`quotes.writers` writes them); unlike :func:`quotes.writers.read_records`, a malformed line is
reported and skipped instead of ending the stream, because a report over a large output should not die on one
bad line.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import attrs

from quotes.corpus import iter_corpus
from quotes.models import Article, Quote
from quotes.writers import infer_format, is_gzip

#: Integer and float fields of a record, which a CSV output holds as text.
_INT_FIELDS = ("start", "end", "cue_start", "cue_end", "mention_start", "mention_end")


class RecordError(ValueError):
    """A file or a line that the views cannot read; the message says which and why."""


def open_text(path: str | Path) -> IO[str]:
    """Open a UTF-8 text file for reading (gzip-compressed when its name ends in `.gz`); a BOM is dropped."""
    if is_gzip(path):
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def iter_records(path: str | Path) -> Iterator[tuple[int, dict[str, Any] | RecordError]]:
    """Each record of a JSONL or CSV output as `(line or row number, record)`, or the error that line raised.

    CSV cells are strings, an empty cell is None (as :func:`quotes.writers.read_records` reads them). Blank
    JSONL lines are skipped.
    """
    try:
        fmt = infer_format(path)
    except ValueError as err:
        raise RecordError(str(err)) from None
    if fmt == "parquet":
        from quotes.writers import read_records

        for number, record in enumerate(read_records(path, format="parquet"), start=1):
            yield number, record
        return
    with open_text(path) as fh:
        if fmt == "csv":
            for number, row in enumerate(csv.DictReader(fh), start=2):
                yield number, {k: (v if v != "" else None) for k, v in row.items()}
            return
        loads = json.loads
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = loads(line)
            except ValueError as err:
                yield number, RecordError(f"{path}:{number}: not valid JSON ({err})")
                continue
            if not isinstance(obj, dict):
                yield (
                    number,
                    RecordError(f"{path}:{number}: expected a JSON object, got {type(obj).__name__}"),
                )
                continue
            yield number, obj


def read_article(path: str | Path, doc_id: str | None = None) -> Article:
    """Read one article: a `.txt` file (with its optional sidecar `.json`) or one line of a JSONL corpus.

    A gold file is a JSONL corpus too: its `quotes` list stays in the article's `meta`.

    Args:
        path: A `.txt` article or a `.jsonl` corpus file.
        doc_id: For a corpus file, the `id` of the article to read; may be omitted when the file holds one
            article. For a `.txt` file, replaces its id (by default the file name without `.txt`), e.g. to
            match records extracted from a whole directory, whose ids are relative paths.

    Raises:
        RecordError: when the file cannot be read or the article is not found.
    """
    path = Path(path)
    if not path.is_file():
        raise RecordError(f"{path}: no such file")
    if path.suffix not in (".txt", ".jsonl"):
        raise RecordError(f"{path}: expected a .txt article or a .jsonl corpus file")
    single = path.suffix == ".txt"
    seen = 0
    found = None
    for entry in iter_corpus(path):
        seen += 1
        if single or doc_id is None or entry.id == doc_id:
            found = entry
            if single or doc_id is not None:
                break
    if found is None or (doc_id is None and seen > 1):
        if doc_id is None:
            raise RecordError(f"{path} holds {seen} articles: choose one with --id")
        raise RecordError(f"{path}: no article with id {doc_id!r}")
    if found.article is None:
        raise RecordError(f"{found.source}: {found.error}")
    if single and doc_id:
        return attrs.evolve(found.article, id=doc_id)
    return found.article


def quote_from_record(record: dict[str, Any]) -> Quote:
    """A :class:`Quote` from an output record, JSONL (typed) or CSV (all text).

    Raises:
        ValueError: when the record lacks a field or holds an invalid value.
    """
    data = dict(record)
    for name in _INT_FIELDS:
        if isinstance(data.get(name), str):
            data[name] = int(data[name])
    if isinstance(data.get("confidence"), str):
        data["confidence"] = float(data["confidence"])
    if data.get("confidence") is None:
        data.pop("confidence", None)
    return Quote.from_dict(data)


def read_quotes(path: str | Path, doc_id: str) -> tuple[list[Quote], list[str]]:
    """The quote records of one article in an extraction output, and the problems met reading them.

    Args:
        path: A JSONL or CSV output of `quotes extract` (plain or `.gz`).
        doc_id: Only records whose `doc` equals this id are kept.

    Returns:
        The quotes, in file order, and one message per record that could not be read.
    """
    found: list[Quote] = []
    problems: list[str] = []
    for number, obj in iter_records(path):
        if isinstance(obj, RecordError):
            problems.append(str(obj))
            continue
        if str(obj.get("doc")) != doc_id:
            continue
        try:
            found.append(quote_from_record(obj))
        except (ValueError, TypeError, KeyError) as err:
            problems.append(f"{path}:{number}: invalid record ({err})")
    return found, problems
