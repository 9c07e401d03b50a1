"""One process, this library against the baseline: how fast is the full job next to textacy's direct quotes?

Chunks of articles are run alternately through four *arms*: this library's full job
(:func:`quotes.batch.worker.process_chunk`: parse, extraction of direct, indirect and mixed quotes,
attribution, claim type, date); the same spaCy pipeline followed by textacy's ``direct_quotations``; the
pipeline loaded whole, as ``spacy.load`` gives it to a textacy user, followed by the same; and the spaCy parse
alone (the floor of all). Every text is parsed once, untimed, first; then each arm takes each position in
turn, chunk by chunk, so that load from other processes on the machine falls on all alike.
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Callable
from typing import Any

import attrs
import spacy

from quotes.batch.worker import WorkerConfig, process_chunk, worker_pipeline
from quotes.languages import resolve_language
from quotes.models import Article
from quotes.pipeline import QuotePipeline
from quotes.select import plan

#: The arms, in the order of the first chunk; each later chunk starts one arm further.
ARMS = ("ours", "base", "parse", "full")


@attrs.define
class _Tally:
    """What an arm did over the chunks so far: time, tokens parsed, records found, documents given up."""

    seconds: float = 0.0
    tokens: int = 0
    records: int = 0
    failed: int = 0

    def add(self, other: _Tally) -> None:
        self.seconds += other.seconds
        self.tokens += other.tokens
        self.records += other.records
        self.failed += other.failed


@attrs.frozen
class _Arms:
    """The same articles and pipelines, run by each arm one chunk (a list of article indices) at a time."""

    articles: list[Article]
    langs: list[str]
    config: WorkerConfig
    pipeline: QuotePipeline
    same_nlp: dict[str, Any]  # the pipelines this library uses (no NER: quotes.languages.NOT_NEEDED)
    full_nlp: dict[str, Any]  # the same packages loaded whole, NER included
    direct_quotations: Callable[[Any], Any]

    def run(self, arm: str, chunk: list[int]) -> _Tally:
        """Run one arm over one chunk, timed."""
        start = time.perf_counter()
        if arm == "ours":
            tally = self._ours(chunk)
        elif arm == "parse":
            tally = self._parse_only(chunk)
        else:
            tally = self._textacy(self.full_nlp if arm == "full" else self.same_nlp, chunk)
        tally.seconds = time.perf_counter() - start
        return tally

    def _ours(self, chunk: list[int]) -> _Tally:
        results = process_chunk([self.articles[i] for i in chunk], self.config)
        return _Tally(
            records=sum(len(r) for r, _ in results if r is not None), failed=sum(e is not None for _, e in results)
        )

    def _textacy(self, pipelines: dict[str, Any], chunk: list[int]) -> _Tally:
        tally = _Tally()
        for lang in sorted({self.langs[i] for i in chunk}):
            # As a textacy user runs it: one `nlp(text)` per article (no memory zone, so its tokenizer cache
            # grows).
            nlp = pipelines[lang]
            for i in (i for i in chunk if self.langs[i] == lang):
                doc = nlp(self.articles[i].text)
                tally.tokens += len(doc)
                try:
                    tally.records += sum(1 for _ in self.direct_quotations(doc))
                except ValueError:
                    tally.failed += 1  # textacy gives up on an odd number of quotation marks
        return tally

    def _parse_only(self, chunk: list[int]) -> _Tally:
        # The floor for anything built on these pipelines: what both of the others pay before their own work.
        for lang in sorted({self.langs[i] for i in chunk}):
            nlp = self.pipeline.nlp(lang)
            texts = (self.articles[i].text for i in chunk if self.langs[i] == lang)
            for _ in nlp.pipe(texts, batch_size=self.config.batch_size):
                pass
        return _Tally()


def compare_with_textacy(rows: list[dict[str, Any]], *, batch_size: int = 32) -> dict[str, Any]:
    """This library's full job against spaCy + textacy ``direct_quotations``, interleaved chunk by chunk."""
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        return {"skipped": "textacy is not installed: pip install 'quotes[bench]'"}
    arms = _warmed_arms(rows, batch_size, direct_quotations)
    totals = {arm: _Tally() for arm in ARMS}
    loads: list[float] = []
    n = len(arms.articles)
    for k, start in enumerate(range(0, n, batch_size)):
        chunk = list(range(start, min(start + batch_size, n)))
        # Each arm takes each position in turn, against drifts in the load of the machine.
        order = ARMS[k % 4 :] + ARMS[: k % 4]
        loads.append(os.getloadavg()[0])
        for arm in order:
            totals[arm].add(arms.run(arm, chunk))
    return _figures(arms, totals, loads)


def _warmed_arms(rows: list[dict[str, Any]], batch_size: int, direct_quotations: Callable[[Any], Any]) -> _Arms:
    """The arms over `rows`, every pipeline loaded and every text parsed once, untimed."""
    config = WorkerConfig(batch_size=batch_size, select=True)
    pipeline = worker_pipeline(config)
    articles = [Article.from_dict(r, default_id=str(i)) for i, r in enumerate(rows)]
    langs = [resolve_language(a.text, a.lang) for a in articles]
    for lang in sorted(set(langs)):
        pipeline.nlp(lang)  # load before timing, as the batch does once per worker
    # Warm-up outside the timing: every text parsed once, so that no arm pays alone for filling the
    # tokenizer cache and the vocabulary with the words of the articles.
    for i in range(0, len(articles), batch_size):
        process_chunk(articles[i : i + batch_size], config)
    # A textacy user loads the pipeline whole (`spacy.load(name)`), NER included; this library leaves the
    # NER out (quotes.languages.NOT_NEEDED). textacy is run over both.
    same_nlp = {lang: pipeline.nlp(lang) for lang in sorted(set(langs))}
    full_nlp = {lang: _full_pipeline(nlp) for lang, nlp in same_nlp.items()}
    for lang, nlp_full in full_nlp.items():  # warm-up, untimed
        texts = (a.text for a, code in zip(articles, langs, strict=True) if code == lang)
        for _ in nlp_full.pipe(texts, batch_size=batch_size):
            pass
    return _Arms(articles, langs, config, pipeline, same_nlp, full_nlp, direct_quotations)


def _figures(arms: _Arms, totals: dict[str, _Tally], loads: list[float]) -> dict[str, Any]:
    """The comparison's results: throughput of each arm (tokens are those the textacy arm parsed)."""
    docs = len(arms.articles)
    tokens = totals["base"].tokens
    langs = arms.langs
    return {
        "articles": docs,
        "load_average": [round(min(loads), 2), round(sum(loads) / len(loads), 2), round(max(loads), 2)],
        "parsed_share": _parsed_share(arms.pipeline, arms.articles, langs),
        "tokens": tokens,
        "languages": {lang: langs.count(lang) for lang in sorted(set(langs))},
        "quotes": _arm(docs, tokens, totals["ours"]),
        "textacy": _arm(docs, tokens, totals["base"]),
        "textacy_full_pipeline": _arm(docs, tokens, totals["full"]),
        "parse_only": _arm(docs, tokens, totals["parse"], extracts=False),
        "ratio": round(totals["base"].seconds / totals["ours"].seconds, 3),
        "ratio_full_pipeline": round(totals["full"].seconds / totals["ours"].seconds, 3),
    }


def _parsed_share(pipeline: Any, articles: list[Any], langs: list[str]) -> float | None:
    """Share of the tokens that the selected parse hands to the parser (None when every token is parsed)."""
    if not getattr(pipeline, "select", False):
        return None
    parsed = total = 0
    for article, lang in zip(articles, langs, strict=True):
        doc = pipeline.nlp(lang).make_doc(article.text)
        steps, _ = plan(doc, lang, text=article.text)
        parsed += sum(e - s for s, e, p in steps if p)
        total += len(doc)
    return round(parsed / max(total, 1), 3)


def _arm(docs: int, tokens: int, tally: _Tally, *, extracts: bool = True) -> dict[str, Any]:
    """Throughput of one arm of the comparison (records and failures where the arm extracts quotes)."""
    out: dict[str, Any] = {
        "docs_per_s": round(docs / tally.seconds, 2),
        "tokens_per_s": round(tokens / tally.seconds),
        "seconds": round(tally.seconds, 2),
    }
    if extracts:
        out.update(records=tally.records, failed_documents=tally.failed)
    return out


def _full_pipeline(nlp: Any) -> Any:
    """The pipeline package of `nlp` loaded whole, as `spacy.load(name)` gives it to a textacy user."""
    name = f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}"
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*\[W095\]")
        return spacy.load(name)
