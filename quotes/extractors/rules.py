"""Rule-based extractor. PLACEHOLDER: being written."""

from __future__ import annotations

from spacy.tokens import Doc

from quotes.extractors import register
from quotes.models import Article, Quote


class RuleExtractor:
    name = "rules"

    def __call__(self, doc: Doc, article: Article, lang: str) -> list[Quote]:
        return []


@register("rules")
def _factory() -> RuleExtractor:
    return RuleExtractor()
