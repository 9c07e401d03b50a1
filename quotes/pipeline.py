"""The whole path for one article: text -> spaCy Doc -> candidates -> attribution -> enrichment -> records."""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs
from spacy.language import Language
from spacy.tokens import Doc

from quotes import attribution
from quotes.attribution.name_types import Typer
from quotes.attribution.orglink import OrganizationLinkerFn, default_linker
from quotes.attribution.ranking import SpeakerRanker
from quotes.corpus import MAX_CHARS
from quotes.enrich import claims, dates
from quotes.extractors import DEFAULT_EXTRACTOR, Extractor, get_extractor
from quotes.fastpipes import run_components
from quotes.languages import NOT_NEEDED, default_pipeline, load_pipeline, resolve_language
from quotes.models import Article, Quote
from quotes.record_filter import RecordFilterFn, default_filter
from quotes.select import parse_selected


class DocumentError(ValueError):
    """A document that cannot be processed; the batch records it and goes on."""


class DocumentTimeout(DocumentError):
    """A document whose extraction ran over the time limit (a defect of the library on that text)."""


class _Expired(BaseException):
    """Raised by the alarm: a BaseException, so that no ``except Exception`` inside the stuck step swallows it."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` in the block after `seconds` of wall time (None: no limit).

    An alarm signal, so only in the main thread of a process (a batch worker's; a thread, such as a Dask
    worker's task or a web server's, runs without a limit), where the platform has interval timers (not
    Windows), and when no other alarm timer is running (a caller's own timer is left alone, and the block then
    has no limit). The alarm repeats every second until the block ends, in case a step catches everything.
    """
    if (
        seconds is None
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getitimer(signal.ITIMER_REAL)[0] > 0
    ):
        yield
        return

    inside = [True]

    def stop(signum: int, frame: Any) -> None:
        if inside[0]:  # a repeat that lands after the block has ended raises nothing
            raise _Expired

    previous = signal.signal(signal.SIGALRM, stop)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
        yield
    except _Expired:
        inside[0] = False
        raise DocumentTimeout(
            f"extraction ran over the limit of {seconds:g} s and was stopped: a defect of the library on this "
            "text; please report it with the document"
        ) from None
    finally:
        inside[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class QuotePipeline:
    """Loads spaCy pipelines once and extracts quotes from many articles.

    Args:
        extractor: Extractor name ("rules", "statistical", "ensemble"; default :data:`DEFAULT_EXTRACTOR`) or
            an :class:`Extractor` instance.
        models: Per-language spaCy pipeline: an installed package name, a path, or a loaded `Language`.
            Languages not given use :data:`quotes.languages.DEFAULT_MODELS`. A loaded `Language` is used as
            it is.
        claim_classifier: Replaces the default claim-type classifier, the learned model shipped in
            ``quotes/data/models/claims`` (:mod:`quotes.enrich.claims.learned`, trained by
            :mod:`quotes.train.claims`; the rules of :mod:`quotes.enrich.claims.rules` when it is missing).
        organization_linker: Replaces the default organization linking, the learned model shipped in
            ``quotes/data/models/organizations`` (:mod:`quotes.attribution.orglink`, trained by
            :mod:`quotes.train.organizations`); :func:`quotes.attribution.orglink.keep_rules` keeps the
            organizations the rules read next to the name.
        speaker_ranker: Replaces the shipped speaker ranker (:mod:`quotes.attribution.ranking`), which chooses
            the speaker of a pronoun, a dropped subject or a quotation without a cue among the candidates.
        speaker_typer: Replaces the shipped speaker typer (:mod:`quotes.attribution.name_types`), which
            decides whether a named speaker is a person or an organization.
        record_filter: Replaces the default record filter, the learned one shipped in
            ``quotes/data/models/record_filter`` (:mod:`quotes.record_filter`, trained by
            :mod:`quotes.train.record_filter`), which leaves out the ensemble's records more likely wrong than
            right; :func:`quotes.record_filter.keep_all` keeps every record.
        exclude: Components left out when the library loads a pipeline by name (default: the NER, which
            :mod:`quotes.attribution.entities` does without; `()` keeps every component).
        select: Parse only the sentences that can hold a quote (:mod:`quotes.select`, the default); the
            others get the whole pipeline but the parser. About 1.5 times as fast as parsing every sentence,
            with the same accuracy on the annotated data (docs/speed.md). `False` parses every sentence, as
            the spaCy component does with the user's own pipeline; the records of both then agree.
        doc_seconds: In :meth:`pipe`, the wall time one parsed document's extraction may take before it is
            stopped and yielded as a :class:`DocumentTimeout` (None, the default: no limit; batch runs set
            :data:`quotes.batch.worker.DOC_SECONDS`). Applies in a process's main thread only.
    """

    def __init__(
        self,
        extractor: str | Extractor = DEFAULT_EXTRACTOR,
        *,
        models: Mapping[str, str | Language] | None = None,
        claim_classifier: claims.ClaimClassifier | None = None,
        organization_linker: OrganizationLinkerFn | None = None,
        speaker_ranker: SpeakerRanker | None = None,
        speaker_typer: Typer | None = None,
        record_filter: RecordFilterFn | None = None,
        exclude: tuple[str, ...] = NOT_NEEDED,
        select: bool = True,
        doc_seconds: float | None = None,
    ) -> None:
        self.extractor: Extractor = get_extractor(extractor) if isinstance(extractor, str) else extractor
        self._models: dict[str, str | Language] = dict(models or {})
        self._nlp: dict[str, Language] = {}
        self.claim_classifier: claims.ClaimClassifier = claim_classifier or claims.DefaultClaimClassifier()
        self.organization_linker: OrganizationLinkerFn = organization_linker or default_linker
        self.speaker_ranker = speaker_ranker
        self.speaker_typer = speaker_typer
        self.record_filter: RecordFilterFn = record_filter or default_filter
        self.exclude = tuple(exclude)
        self.select = select
        self.doc_seconds = doc_seconds

    def nlp(self, lang: str) -> Language:
        """The spaCy pipeline for `lang`, loaded on first use."""
        if lang not in self._nlp:
            given = self._models.get(lang)
            if isinstance(given, Language):
                self._nlp[lang] = given
            elif given is not None:
                self._nlp[lang] = load_pipeline(str(given), self.exclude)
            else:
                self._nlp[lang] = default_pipeline(lang, self.exclude)
        return self._nlp[lang]

    def extract(
        self,
        text: str,
        *,
        lang: str | None = None,
        published: dt.date | str | None = None,
        doc_id: str = "",
    ) -> list[Quote]:
        """Quotes in one text, in document order.

        Raises:
            quotes.languages.LanguageError: when the language is unknown or unsupported.
            DocumentError: when the text is too long to parse.
        """
        return self.extract_article(Article(id=doc_id, text=text, lang=lang, published=published))

    def extract_article(self, article: Article) -> list[Quote]:
        """Quotes in one :class:`Article`."""
        lang = self._check(article)
        return self.quotes_from_doc(self.parse([article.text], lang)[0], article, lang)

    def parse(self, texts: list[str], lang: str, *, batch_size: int = 64) -> list[Doc]:
        """Docs of `texts` for :meth:`quotes_from_doc`: only the sentences that can hold a quote parsed when
        `select` is on (the default), else the whole pipeline over every text."""
        nlp = self.nlp(lang)
        if self.select and "parser" in nlp.pipe_names:
            return parse_selected(nlp, texts, lang, batch_size=batch_size)
        # What nlp.pipe gives, with the attribute ruler run as arrays (quotes.fastpipes).
        return run_components(nlp, [nlp.make_doc(t) for t in texts], batch_size=batch_size)

    def quotes_from_doc(self, doc: Doc, article: Article, lang: str) -> list[Quote]:
        """Run extraction, attribution and enrichment on an already parsed article."""
        candidates = self.extractor(doc, article, lang)
        attributed = attribution.attribute(doc, candidates, lang, self.speaker_ranker, self.speaker_typer)
        resolved = self.organization_linker(doc, attributed, lang)
        out = []
        for quote in resolved:
            date, date_text = dates.statement_date(doc, quote, article.published, lang)
            out.append(
                attrs.evolve(
                    quote,
                    claim_type=self.claim_classifier(doc, quote, lang),
                    date=date,
                    date_text=date_text,
                    lang=lang,
                )
            )
        return self.record_filter(out, lang)

    def pipe(
        self, articles: Iterable[Article], *, batch_size: int = 32
    ) -> Iterator[tuple[Article, list[Quote] | Exception]]:
        """Process articles in batches, yielding each with its quotes or the error that stopped it.

        The order of `articles` is kept. A per-document problem (unknown language, oversized text, a failure
        inside a step) is yielded as the exception instead of stopping the stream.
        """
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _check(self, article: Article) -> str:
        if len(article.text) > MAX_CHARS:
            raise DocumentError(
                f"document has {len(article.text):,} characters, more than the limit of {MAX_CHARS:,}"
            )
        return resolve_language(article.text, article.lang)

    def _run_batch(self, batch: list[Article]) -> Iterator[tuple[Article, list[Quote] | Exception]]:
        results: dict[int, list[Quote] | Exception] = {}
        by_lang: dict[str, list[int]] = {}
        for i, article in enumerate(batch):
            try:
                by_lang.setdefault(self._check(article), []).append(i)
            except Exception as err:  # noqa: BLE001 - reported per document
                results[i] = err
        for lang, idxs in by_lang.items():
            try:
                self.nlp(lang)
            except Exception as err:  # noqa: BLE001
                results.update({i: err for i in idxs})
                continue
            try:
                docs = self.parse([batch[i].text for i in idxs], lang)
            except Exception as err:  # noqa: BLE001
                results.update({i: err for i in idxs})
                continue
            for i, doc in zip(idxs, docs, strict=True):
                try:
                    with time_limit(self.doc_seconds):
                        results[i] = self.quotes_from_doc(doc, batch[i], lang)
                except Exception as err:  # noqa: BLE001
                    results[i] = err
        for i, article in enumerate(batch):
            yield article, results[i]


_DEFAULT: dict[Any, QuotePipeline] = {}


def extract(
    text: str,
    *,
    lang: str | None = None,
    published: dt.date | str | None = None,
    extractor: str = DEFAULT_EXTRACTOR,
    doc_id: str = "",
) -> list[Quote]:
    """Quotes in `text`, with a pipeline cached per extractor name.

    Example:
        >>> import quotes
        >>> [q.speaker for q in quotes.extract('"Prices will rise," said Jane Doe, an economist.', lang="en")]
        ['Jane Doe']
    """
    if extractor not in _DEFAULT:
        _DEFAULT[extractor] = QuotePipeline(extractor)
    return _DEFAULT[extractor].extract(text, lang=lang, published=published, doc_id=doc_id)
