"""Reading what the views display: one article from a corpus file, and quote records from JSON Lines.

Both readers stream: a corpus or an output file is read line by line (plain or gzip-compressed), so showing one
article of a large corpus does not load the whole file.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from quotes.models import Article, Quote


class RecordError(ValueError):
    """A file or a line that the views cannot read; the message says which and why."""


def open_text(path: str | Path) -> IO[str]:
    """Open a UTF-8 text file for reading, decompressing it when its name ends in `.gz`.

    A byte order mark is dropped (SPEC section 1).
    """
    path = Path(path)
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig")
    return open(path, encoding="utf-8-sig")


def iter_jsonl(path: str | Path) -> Iterator[tuple[int, dict[str, Any] | RecordError]]:
    """Each line of a JSON Lines file as `(line number, object)`, or the error that line raised.

    Blank lines are skipped. A malformed line does not stop the stream: it is yielded as a :class:`RecordError`
    so that the caller can count and report it.
    """
    with open_text(path) as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                yield number, RecordError(f"{path}:{number}: not valid JSON ({err.msg} at column {err.colno})")
                continue
            if not isinstance(obj, dict):
                yield number, RecordError(f"{path}:{number}: expected a JSON object, got {type(obj).__name__}")
                continue
            yield number, obj


def _is_jsonl(path: Path) -> bool:
    return path.name.endswith((".jsonl", ".jsonl.gz", ".ndjson"))


def read_article(path: str | Path, doc_id: str | None = None) -> tuple[Article, dict[str, Any]]:
    """Read one article: a `.txt` file (with its optional sidecar `.json`) or one line of a JSONL corpus.

    Args:
        path: A `.txt` article or a `.jsonl` / `.jsonl.gz` corpus file.
        doc_id: For a corpus file, the `id` of the article to read; may be omitted when the file holds one
            article. For a `.txt` file, overrides the id (by default the file name without `.txt`).

    Returns:
        The article and the raw JSON object it came from (a gold file line keeps its `quotes` there).

    Raises:
        RecordError: when the file cannot be read or the article is not found.
    """
    path = Path(path)
    if not path.is_file():
        raise RecordError(f"{path}: no such file")
    if _is_jsonl(path):
        first: dict[str, Any] | None = None
        count = 0
        for number, obj in iter_jsonl(path):
            if isinstance(obj, RecordError):
                continue
            count += 1
            obj.setdefault("id", f"{path.stem}:{number}")
            if doc_id is None and first is None:
                first = obj
            if doc_id is not None and str(obj.get("id")) == doc_id:
                return _article(obj, path), obj
        if doc_id is None and count == 1 and first is not None:
            return _article(first, path), first
        if doc_id is None:
            raise RecordError(f"{path} holds {count} articles: choose one with --id")
        raise RecordError(f"{path}: no article with id {doc_id!r}")
    try:
        with open_text(path) as fh:
            text = fh.read()
    except UnicodeDecodeError as err:
        raise RecordError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from err
    data: dict[str, Any] = {}
    sidecar = path.with_suffix(".json")
    if sidecar.is_file():
        try:
            with open_text(sidecar) as fh:
                loaded = json.load(fh)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise RecordError(f"{sidecar}: unreadable sidecar metadata ({err})") from err
        if isinstance(loaded, dict):
            data.update(loaded)
    data.update(id=doc_id or path.stem, text=text)
    return _article(data, path), data


def _article(obj: dict[str, Any], path: Path) -> Article:
    try:
        return Article.from_dict(obj)
    except (ValueError, TypeError) as err:
        raise RecordError(f"{path}: article {obj.get('id')!r}: {err}") from err


def read_quotes(path: str | Path, doc_id: str) -> tuple[list[Quote], list[str]]:
    """The quote records of one article in an extraction output, and the problems met reading them.

    Args:
        path: A JSON Lines output of `quotes extract` (plain or `.gz`).
        doc_id: Only records whose `doc` equals this id are kept.

    Returns:
        The quotes, in file order, and one message per record that could not be read.
    """
    found: list[Quote] = []
    problems: list[str] = []
    for number, obj in iter_jsonl(path):
        if isinstance(obj, RecordError):
            problems.append(str(obj))
            continue
        if str(obj.get("doc")) != doc_id:
            continue
        try:
            found.append(Quote.from_dict(obj))
        except (ValueError, TypeError) as err:
            problems.append(f"{path}:{number}: invalid record ({err})")
    return found, problems
