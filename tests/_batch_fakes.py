"""Fast, importable stand-ins for the batch tests (worker processes import them by name).

`fake_pipeline` keeps the real `QuotePipeline` batching, language resolution and error handling, but parses
with blank spaCy tokenizers and finds quotes with a regular expression over quotation marks, so the batch
machinery is tested in seconds and independently of the rule extractor's current state.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import time

import attrs
import spacy
from spacy.tokens import Doc

from quotes.models import Article, Quote
from quotes.pipeline import QuotePipeline

# The content between a pair of quotation marks of SPEC section 3.
_QUOTED = re.compile(r"“([^”\n]{3,})”|«([^»\n]{3,})»|\"([^\"\n]{3,})\"")


class MarksExtractor:
    """Every text between quotation marks is a direct quote; markers in the text make it fail on purpose."""

    name = "marks"
    delay = 0.0

    def __call__(self, doc: Doc, article: Article, lang: str) -> list[Quote]:
        text = article.text  # the same string as doc.text, which spaCy rebuilds token by token at each call
        if "RAISE-IN-EXTRACTOR" in text:
            raise RuntimeError("extractor bug triggered on purpose")
        if "KILL-THE-WORKER" in text and multiprocessing.parent_process() is not None:
            os._exit(3)  # only in a worker process: a crash in native code, as far as the pool can tell
        if "LOOP-FOREVER" in text:
            while True:  # a defect that never returns, as an endless loop in a step once did
                time.sleep(0.01)
        if self.delay:
            time.sleep(self.delay)
        out = []
        for m in _QUOTED.finditer(text):
            group = next(g for g in range(1, 4) if m.group(g) is not None)
            out.append(
                Quote.from_offsets(
                    article.id, text, m.start(group), m.end(group), kind="direct", extractor="marks"
                )
            )
        return out


class SlowMarksExtractor(MarksExtractor):
    delay = 0.05


class _FakePipeline(QuotePipeline):
    def quotes_from_doc(self, doc: Doc, article: Article, lang: str) -> list[Quote]:
        return [attrs.evolve(q, lang=lang) for q in self.extractor(doc, article, lang)]


def fake_pipeline() -> QuotePipeline:
    return _FakePipeline(MarksExtractor(), models={"en": spacy.blank("en"), "es": spacy.blank("es")})


def slow_fake_pipeline() -> QuotePipeline:
    return _FakePipeline(SlowMarksExtractor(), models={"en": spacy.blank("en"), "es": spacy.blank("es")})
