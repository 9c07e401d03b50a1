"""What a worker does with a chunk of articles: one pipeline per process, records or a reason per document.

:func:`process_chunk` is the unit of work every engine (:mod:`quotes.batch.engines`) runs, in this process, in
a pool of processes or on a Dask cluster: it never raises for a per-document problem, and returns the records
of each article as plain dicts (picklable, ready to write) or the reason it failed.

SpaCy keeps every new word it sees in its vocabulary, which grows without bound over a large corpus; each
chunk is parsed inside :meth:`spacy.language.Language.memory_zone`, which frees what the chunk added.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from attrs import frozen

from quotes.extractors import DEFAULT_EXTRACTOR, Extractor
from quotes.languages import LanguageError, detect_language, resolve_language
from quotes.models import Article
from quotes.pipeline import DocumentError, QuotePipeline
from quotes.record_filter import keep_all

#: Wall time a batch gives one document's extraction (after its parse) before stopping it: a news article
#: takes a few hundredths of a second, the longest annotated interview (56,000 characters, 119 quotes) 1.6 s
#: on the development machine; a document still running after two minutes has met a defect (an endless loop
#: once), and the rest of the batch goes on without it.
DOC_SECONDS = 120.0


@frozen
class WorkerConfig:
    """What a worker needs to build its pipeline; small and picklable, sent with every chunk.

    Attributes:
        extractor: Registered extractor name, or a picklable :class:`~quotes.extractors.Extractor` instance.
        models: ``(lang, package or path)`` pairs overriding :data:`quotes.languages.DEFAULT_MODELS`.
        batch_size: Documents per :meth:`spacy.language.Language.pipe` batch.
        pipeline_factory: A module-level function returning the :class:`~quotes.pipeline.QuotePipeline` to
            use instead of one built from `extractor` and `models` (a custom claim classifier, a pipeline
            loaded from elsewhere); it must be importable by the workers.
        select: Parse only the sentences that can hold a quote (the default; `False` is ``--full-parse``,
            :class:`~quotes.pipeline.QuotePipeline`).
        doc_seconds: Wall time one document's extraction may take (after its parse) before it is stopped and
            reported as that document's error (None: no limit); see :data:`DOC_SECONDS`.
        all_records: Keep every record: no record filter (``--all-records``; :mod:`quotes.record_filter`). A
            `pipeline_factory` builds its own pipeline, filter included.
    """

    extractor: str | Extractor = DEFAULT_EXTRACTOR
    models: tuple[tuple[str, str], ...] = ()
    batch_size: int = 64
    pipeline_factory: Callable[[], QuotePipeline] | None = None
    select: bool = True
    doc_seconds: float | None = DOC_SECONDS
    all_records: bool = False

    @property
    def extractor_name(self) -> str:
        return self.extractor if isinstance(self.extractor, str) else self.extractor.name


#: Per-process pipelines, so that a worker loads its spaCy models once, whatever the engine.
_PIPELINES: dict[Any, QuotePipeline] = {}
# A Dask worker may run several tasks in threads; a spaCy pipeline and its memory zones are not thread-safe.
_LOCK = threading.Lock()

#: One document's outcome: its records (as dicts), or the reason it failed.
DocResult = tuple[list[dict[str, Any]] | None, str | None]


def worker_pipeline(config: WorkerConfig) -> QuotePipeline:
    """The pipeline of this process for `config`, built on first use."""
    # An extractor instance arrives unpickled with every chunk: it is keyed by its class, not its identity.
    ext = config.extractor
    key = (
        ext if isinstance(ext, str) else f"{type(ext).__module__}.{type(ext).__qualname__}",
        config.models,
        config.pipeline_factory,
        config.select,
        config.all_records,
    )
    if key not in _PIPELINES:
        if config.pipeline_factory is not None:
            _PIPELINES[key] = config.pipeline_factory()
        else:
            _PIPELINES[key] = QuotePipeline(
                config.extractor,
                models=dict(config.models),
                select=config.select,
                record_filter=keep_all if config.all_records else None,
            )
    return _PIPELINES[key]


#: Documents each pipeline parses outside any memory zone when a process starts. Inside a zone spaCy's
#: tokenizer stops caching, and every word is looked up afresh; the words of the first articles (the frequent
#: ones) stay cached for the life of the process instead. A vocabulary of this many articles is a few MB.
WARM_DOCS = 500

#: Documents parsed in one memory zone before it is closed and its new words freed. Each new zone starts
#: with an empty cache of the rarer words, so a zone per chunk would redo that work every chunk.
ZONE_DOCS = 2000


class _Zones:
    """The memory zones open in this process, one per spaCy pipeline, renewed every :data:`ZONE_DOCS`."""

    def __init__(self) -> None:
        self.stack = contextlib.ExitStack()
        self.inside: set[int] = set()
        self.seen: dict[int, int] = {}
        self.docs = 0

    def enter(self, pipelines: list[Any], docs: int) -> None:
        if self.docs >= ZONE_DOCS:
            self.close()
        for nlp in pipelines:
            self.seen[id(nlp)] = self.seen.get(id(nlp), 0) + docs
            warm = self.seen[id(nlp)] > WARM_DOCS
            if warm and id(nlp) not in self.inside and hasattr(nlp, "memory_zone"):
                self.stack.enter_context(nlp.memory_zone())
                self.inside.add(id(nlp))
        if self.inside:
            self.docs += docs

    def close(self) -> None:
        self.stack.close()
        self.stack = contextlib.ExitStack()
        self.inside.clear()
        self.docs = 0


_ZONES = _Zones()


def process_chunk(articles: list[Article], config: WorkerConfig) -> list[DocResult]:
    """Extract quotes from a chunk of articles; never raises for a per-document problem.

    Returns:
        One ``(records, None)`` or ``(None, reason)`` per article, in order.
    """
    with _LOCK:
        pipeline = worker_pipeline(config)
        # Load the pipelines the chunk needs before entering their memory zones: a model loaded inside a zone
        # would have its own strings freed at the end of it.
        loaded = []
        for lang in _chunk_languages(articles):
            with contextlib.suppress(Exception):  # a model that fails to load is reported per document
                loaded.append(pipeline.nlp(lang))
        _ZONES.enter(loaded, len(articles))
        mismatched = {i: reason for i, a in enumerate(articles) if (reason := language_mismatch(a))}
        # The chunk's time limit, then the pipeline's own setting back (a factory's pipeline may be the user's).
        own_limit, pipeline.doc_seconds = pipeline.doc_seconds, config.doc_seconds
        try:
            return _outcomes(pipeline, articles, mismatched, config)
        finally:
            pipeline.doc_seconds = own_limit


def _outcomes(
    pipeline: QuotePipeline, articles: list[Article], mismatched: dict[int, str], config: WorkerConfig
) -> list[DocResult]:
    results = pipeline.pipe((a for i, a in enumerate(articles) if i not in mismatched), batch_size=config.batch_size)
    out: list[DocResult] = []
    for i in range(len(articles)):
        if i in mismatched:
            out.append((None, mismatched[i]))
            continue
        _, result = next(results)
        if isinstance(result, Exception):
            out.append((None, _reason(result)))
        else:
            out.append(([q.to_dict() for q in result], None))
    return out


def language_mismatch(article: Article) -> str | None:
    """Why a document's declared language cannot be right, or None.

    A Spanish article declared English ("lang": "en" in a copied sidecar, or --lang en over a mixed corpus) is
    parsed by the English pipeline and matched against English cues: it comes out with no quotes and no
    error, a loss nobody would notice. When the function words of the text name another language with
    confidence (:func:`quotes.languages.detect_language`), the document is reported instead. An unsupported
    declared language is left to the pipeline, which reports it in its own words.
    """
    if not article.lang:
        return None
    try:
        declared = resolve_language("", article.lang)
    except LanguageError:
        return None
    detected = detect_language(article.text)
    if detected is None or detected == declared:
        return None
    return (
        f"declared language {declared!r} but the text reads as {detected!r} (its function words): nothing was "
        "extracted; correct 'lang' in the metadata or --lang, or leave it out to detect the language"
    )


def _chunk_languages(articles: list[Article]) -> set[str]:
    langs = set()
    for a in articles:
        with contextlib.suppress(Exception):
            langs.add(resolve_language(a.text, a.lang))
    return langs


def _reason(err: BaseException) -> str:
    # LanguageError and DocumentError carry messages written for the user; anything else is a bug in a step,
    # and its type helps whoever fixes it.
    if isinstance(err, LanguageError | DocumentError):
        return str(err)
    return f"processing failed: {type(err).__name__}: {err}"
