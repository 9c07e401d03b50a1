"""Reading a corpus: a directory (or one file) of articles, streamed one at a time (docs/records.md).

Every ``*.txt`` file below the root is one article, with an optional sidecar ``NAME.json`` of metadata; every
``*.jsonl`` file holds one article per line. Files are visited in a deterministic order (names sorted within
each directory, depth first) and nothing is kept in memory beyond the current directory listing and the
current article, so a corpus of any size streams in constant memory.

A document that cannot be read (undecodable bytes, binary or empty file, malformed JSON line, oversized text,
unreadable file) is not an exception: it comes out of :func:`iter_corpus` as an :class:`Entry` with `error`
set, so the batch records it and goes on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from attrs import frozen

from quotes.models import Article

#: Longest text parsed in one piece, in characters (spaCy's own default `max_length`). Longer documents are
#: reported as errors rather than risking the memory of a whole batch.
MAX_CHARS = 1_000_000

#: Bytes looked at to tell a binary file from text.
_SNIFF = 8192
_BOM = "\ufeff"


@frozen
class Entry:
    """One document of the corpus: the article, or the reason it could not be read.

    Attributes:
        id: Document id (docs/records.md): relative path without extension, or the JSONL `id`, or
            ``<file id>:<line number>``.
        source: Where it came from, relative to the corpus root: ``a/b.txt`` or ``news.jsonl:12``.
        article: The article, when it was read.
        error: Why it could not be read, when it was not.
    """

    id: str
    source: str
    article: Article | None = None
    error: str | None = None


def iter_files(root: str | os.PathLike[str]) -> Iterator[Path]:
    """Article files below `root` (``*.txt`` and ``*.jsonl``), or `root` itself when it is a file.

    Names are sorted within each directory and directories are visited depth first, so the order is
    deterministic and only one directory listing per level is held in memory. Symbolic links to directories
    are not followed (a link loop would never end); links to files are read, and a dangling link with an
    article name is yielded so that reading it reports the error.

    Raises:
        FileNotFoundError: when `root` does not exist.
    """
    root = Path(root)
    if root.is_file():
        yield root
        return
    if not root.is_dir():
        raise FileNotFoundError(f"corpus not found: {root} is neither a file nor a directory")
    yield from _walk(root)


def _walk(directory: Path) -> Iterator[Path]:
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        # A directory that cannot be listed may hold articles: it is reported as one error, not skipped.
        yield directory
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # hidden files and our own partial outputs (never articles)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.name.endswith((".txt", ".jsonl")) and not entry.is_dir():
            # Files, and also what cannot be opened (a dangling link, a special file): an article name that
            # cannot be read is reported as an error rather than silently left out.
            yield Path(entry.path)


def file_id(path: Path, root: Path) -> str:
    """Id of a file: its path relative to the corpus root, without the extension, with ``/`` separators.

    When the corpus is a single file, the id is its name without the extension.
    """
    rel = path.name if path == root else path.relative_to(root).as_posix()
    for ext in (".txt", ".jsonl"):
        if rel.endswith(ext):
            return rel[: -len(ext)]
    return rel


def iter_corpus(
    root: str | os.PathLike[str],
    *,
    lang: str | None = None,
    max_chars: int = MAX_CHARS,
    encoding: str = "utf-8",
) -> Iterator[Entry]:
    """Every document of the corpus, in order, as an :class:`Entry`.

    Args:
        root: Corpus directory, or a single ``.txt`` / ``.jsonl`` file.
        lang: Language for documents whose metadata gives none (None: detect it later).
        max_chars: Longer texts are reported as errors instead of being read whole into a batch.
        encoding: Encoding of the files (UTF-8 by default). Older archives are often Latin-1 or Windows-1252;
            with ``latin-1`` every byte decodes, so check a few articles by eye.

    Raises:
        FileNotFoundError: when `root` does not exist (a misuse, not a per-document problem).
    """
    root = Path(root)
    for path in iter_files(root):
        fid = file_id(path, root)
        rel = path.name if path == root else path.relative_to(root).as_posix()
        if path.is_dir():
            yield Entry(fid, rel, error="unreadable directory: its articles cannot be listed")
        elif path.suffix == ".jsonl":
            yield from _read_jsonl(path, fid, rel, lang, max_chars, encoding)
        else:
            yield _read_txt(path, fid, rel, lang, max_chars, encoding)


def count_documents(root: str | os.PathLike[str]) -> int:
    """How many entries :func:`iter_corpus` will yield, counted cheaply (no decoding, no JSON parsing).

    Used for the progress estimate only; a JSONL line that is blank is not counted, as it is not a document.
    """
    n = 0
    for path in iter_files(root):
        if path.suffix != ".jsonl":
            n += 1
            continue
        try:
            with open(path, "rb") as f:
                for line in f:
                    n += bool(line.strip())
        except OSError:
            n += 1  # reported as one unreadable document
    return n


def _read_txt(path: Path, fid: str, rel: str, lang: str | None, max_chars: int, encoding: str = "utf-8") -> Entry:
    try:
        size = path.stat().st_size
        # A UTF-8 character is at most 4 bytes: larger files cannot fit the limit, and are not read at all.
        if size > 4 * max_chars + 3:
            return Entry(fid, rel, error=_too_long(f"{size:,} bytes", max_chars))
        data = path.read_bytes()
    except OSError as err:
        return Entry(fid, rel, error=f"unreadable file: {err.strerror or err}")
    text, error = _decode(data, max_chars, encoding)
    if error:
        return Entry(fid, rel, error=error)
    meta: dict[str, Any] = {}
    sidecar = path.with_suffix(".json")
    if sidecar.is_file():
        try:
            raw = sidecar.read_bytes()
            try:
                loaded = json.loads(raw.decode("utf-8-sig"))
            except UnicodeDecodeError:
                # JSON is UTF-8, but a corpus in another encoding often has its sidecars in it too.
                if encoding == "utf-8":
                    raise
                loaded = json.loads(raw.decode(encoding))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            # Processing without the metadata would silently lose the language and date: report it instead.
            return Entry(fid, rel, error=f"sidecar {sidecar.name} is not readable JSON: {err}")
        if not isinstance(loaded, dict):
            return Entry(
                fid, rel, error=f"sidecar {sidecar.name} must hold a JSON object, not {_kind(loaded)}"
            )
        meta = loaded
    return _article(fid, rel, {**meta, "id": fid, "text": text}, lang)


def _read_jsonl(
    path: Path, fid: str, rel: str, lang: str | None, max_chars: int, encoding: str = "utf-8"
) -> Iterator[Entry]:
    # The longest line read whole: the text limit plus room for JSON escapes and metadata. A longer line is
    # skipped in pieces so that one gigantic line never sits in memory.
    limit = 6 * max_chars + 65536
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below; a generator cannot use `with` across yields safely
    except OSError as err:
        yield Entry(fid, rel, error=f"unreadable file: {err.strerror or err}")
        return
    with f:
        lineno = 0
        while True:
            try:
                line = f.readline(limit)
            except OSError as err:
                yield Entry(f"{fid}:{lineno + 1}", f"{rel}:{lineno + 1}", error=f"read error: {err}")
                return
            if not line:
                return
            lineno += 1
            default_id = f"{fid}:{lineno}"
            source = f"{rel}:{lineno}"
            if len(line) >= limit and not line.endswith(b"\n"):
                skipped = len(line)
                while True:
                    more = f.readline(limit)
                    skipped += len(more)
                    if not more or more.endswith(b"\n"):
                        break
                yield Entry(default_id, source, error=_too_long(f"a line of {skipped:,} bytes", max_chars))
                continue
            if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            if not line.strip():
                continue  # blank lines separate nothing and are not documents
            text, error = _decode(line, None, encoding)
            if error:
                yield Entry(default_id, source, error=error)
                continue
            try:
                data = json.loads(text)
            except json.JSONDecodeError as err:
                yield Entry(default_id, source, error=f"malformed JSON line: {err.msg} at column {err.colno}")
                continue
            if not isinstance(data, dict):
                yield Entry(default_id, source, error=f"a JSON line must hold an object, not {_kind(data)}")
                continue
            doc_id = str(data["id"]) if data.get("id") not in (None, "") else default_id
            body = data.get("text")
            if not isinstance(body, str):
                yield Entry(doc_id, source, error="article has no 'text' string")
                continue
            if body.startswith(_BOM):
                body = body[1:]
            if not body.strip():
                yield Entry(doc_id, source, error="empty document: the text is blank")
                continue
            if len(body) > max_chars:
                yield Entry(doc_id, source, error=_too_long(f"{len(body):,} characters", max_chars))
                continue
            yield _article(doc_id, source, {**data, "id": doc_id, "text": body}, lang)


def _decode(data: bytes, max_chars: int | None, encoding: str = "utf-8") -> tuple[str, str | None]:
    """Text strictly decoded from `encoding`, or the reason why the bytes are not an article."""
    if not data.strip():
        return "", "empty document: the file is empty or blank"
    if b"\x00" in data[:_SNIFF]:
        return "", "binary file: contains NUL bytes, not UTF-8 text"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        name = "UTF-8" if encoding == "utf-8" else encoding
        hint = "; if the corpus is in another encoding, give it with --encoding (e.g. latin-1)"
        return "", (
            f"undecodable bytes: not {name} at byte {err.start} ({data[err.start : err.start + 4]!r})"
            + (hint if encoding == "utf-8" else "")
        )
    if text.startswith(_BOM):
        text = text[1:]
    if not text.strip():
        return "", "empty document: the file is empty or blank"
    if max_chars is not None and len(text) > max_chars:
        return "", _too_long(f"{len(text):,} characters", max_chars)
    return text, None


def _article(doc_id: str, source: str, data: dict[str, Any], lang: str | None) -> Entry:
    if lang and not data.get("lang"):
        data["lang"] = lang
    try:
        return Entry(doc_id, source, article=Article.from_dict(data, default_id=doc_id))
    except (ValueError, TypeError) as err:
        return Entry(doc_id, source, error=f"bad metadata: {err}")


def _too_long(size: str, max_chars: int) -> str:
    return (
        f"document too long: {size}, more than the limit of {max_chars:,} characters "
        "(split it into several articles)"
    )


def _kind(value: Any) -> str:
    return {list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean"}.get(
        type(value), "null"
    )
