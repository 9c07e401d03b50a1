"""What a run is asked to do: its options, checked once before anything is touched, and the files it writes.

:func:`check_options` turns the keyword arguments of :func:`~quotes.batch.process_corpus` into one frozen
:class:`BatchOptions`, or raises :class:`BatchUsageError` with what to change; nothing is read or written
before every option has been checked.

Side files (the errors file, the journal, the ``.part`` files) end in ``.ndjson`` or ``.part``, never in
``.jsonl``: a glob such as ``out/*.jsonl`` catches the outputs only, and a corpus never reads them as articles.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable, Mapping
from pathlib import Path

import spacy.util
from attrs import frozen

from quotes.batch.worker import DOC_SECONDS, WorkerConfig
from quotes.extractors import Extractor
from quotes.extractors import available as available_extractors
from quotes.languages import LanguageError, resolve_language
from quotes.pipeline import QuotePipeline
from quotes.writers import FORMATS, UnknownFormatError, infer_format, is_gzip

ENGINES: tuple[str, ...] = ("local", "dask")


class BatchUsageError(ValueError):
    """The run cannot start as asked (bad option, output of another input, no engine); nothing is written."""


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


def part_path(path: Path) -> Path:
    """Where a file is written until the run completes: ``NAME.part``."""
    return path.with_name(path.name + ".part")


def default_workers() -> int:
    """CPUs available to this process, at most 8 (each worker holds its own pipelines, about 1 GB)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


@frozen
class BatchOptions:
    """The options of one run, checked and resolved (see :func:`~quotes.batch.process_corpus` for each).

    Attributes:
        input: The corpus, as given.
        output: The output file.
        errors_path: The errors file (resolved default: ``OUTPUT.errors.ndjson``).
        format: ``jsonl``, ``csv`` or ``parquet``.
        config: What each worker builds its pipeline from.
        lang: Language of documents whose metadata gives none, resolved (``es``, ``en``), or None.
        encoding: Python's name of the corpus encoding (``utf-8``, ``iso8859-1``).
        workers: Worker processes (or the size of a local Dask cluster).
        engine: ``local`` or ``dask``.
        scheduler: Dask scheduler address or file, or None.
        resume: Go on from an interrupted run with the same output.
        limit: Stop after this many documents.
        max_chars: Longer documents are reported as errors.
    """

    input: str | os.PathLike[str]
    output: Path
    errors_path: Path
    format: str
    config: WorkerConfig
    lang: str | None
    encoding: str
    workers: int
    engine: str
    scheduler: str | None
    resume: bool
    limit: int | None
    max_chars: int

    @property
    def batch_size(self) -> int:
        """Documents per chunk (and per spaCy batch)."""
        return self.config.batch_size


def check_options(
    input: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    format: str | None,
    extractor: str | Extractor,
    models: Mapping[str, str] | None,
    lang: str | None,
    encoding: str,
    workers: int | None,
    engine: str,
    scheduler: str | None,
    errors: str | os.PathLike[str] | None,
    resume: bool,
    batch_size: int,
    limit: int | None,
    max_chars: int,
    pipeline_factory: Callable[[], QuotePipeline] | None,
    select: bool,
    doc_seconds: float | None = DOC_SECONDS,
    all_records: bool = False,
) -> BatchOptions:
    """The options of :func:`~quotes.batch.process_corpus`, checked in the order a user reads them.

    Raises:
        BatchUsageError: for the first option that cannot work, saying what to change.
    """
    output = Path(output)
    fmt = _check_format(output, format)
    if lang is not None:
        try:
            lang = resolve_language("", lang)
        except LanguageError as err:
            raise BatchUsageError(f"--lang {lang!r}: {err}") from None
    try:
        encoding = codecs.lookup(encoding).name
    except LookupError:
        raise BatchUsageError(f"unknown encoding {encoding!r} (e.g. utf-8, latin-1, cp1252)") from None
    _check_numbers(engine, batch_size, limit, workers, doc_seconds)
    if not Path(input).exists():
        raise BatchUsageError(f"corpus not found: {input}")
    if isinstance(extractor, str) and extractor not in available_extractors():
        raise BatchUsageError(
            f"unknown extractor {extractor!r}; choose one of: {', '.join(available_extractors())}"
        )
    chosen_models = _check_models(models or {})
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
        doc_seconds=doc_seconds,
        all_records=all_records,
    )
    return BatchOptions(
        input=input,
        output=output,
        errors_path=errors_path,
        format=fmt,
        config=config,
        lang=lang,
        encoding=encoding,
        workers=workers or default_workers(),
        engine=engine,
        scheduler=scheduler,
        resume=resume,
        limit=limit,
        max_chars=max_chars,
    )


def _check_format(output: Path, format: str | None) -> str:
    """The output format, given or read from the output's name, and whether it can be written here."""
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
    return fmt


def _check_numbers(
    engine: str, batch_size: int, limit: int | None, workers: int | None, doc_seconds: float | None
) -> None:
    if engine not in ENGINES:
        raise BatchUsageError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    if batch_size < 1:
        raise BatchUsageError(f"--batch-size must be at least 1, got {batch_size}")
    if limit is not None and limit < 0:
        raise BatchUsageError(f"--limit must be 0 or more, got {limit}")
    if workers is not None and workers < 1:
        raise BatchUsageError(f"--workers must be at least 1, got {workers}")
    if doc_seconds is not None and not (
        isinstance(doc_seconds, int | float) and not isinstance(doc_seconds, bool) and 0 < doc_seconds <= 1e6
    ):
        raise BatchUsageError(
            f"the time limit per document must be a number of seconds above 0 and at most 1e6, or None for no "
            f"limit; got {doc_seconds!r}"
        )


def _check_models(models: Mapping[str, str]) -> dict[str, str]:
    """Language -> installed package, or path resolved (workers and a resumed run may start elsewhere)."""
    chosen: dict[str, str] = {}
    for lang_code, model in models.items():
        if spacy.util.is_package(model):
            chosen[lang_code] = model
        elif Path(model).exists():
            chosen[lang_code] = str(Path(model).resolve())
        else:
            raise BatchUsageError(
                f"spaCy pipeline {model!r} for {lang_code!r} is neither an installed package nor a path"
            )
    return chosen


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
