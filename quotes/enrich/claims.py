"""Claim type of a quote (SPEC section 4). PLACEHOLDER: being written."""

from __future__ import annotations

from typing import Protocol

from spacy.tokens import Doc

from quotes.models import ClaimType, Quote


class ClaimClassifier(Protocol):
    """Gives a quote one claim type; a trained classifier can replace the rules."""

    def __call__(self, doc: Doc, quote: Quote, lang: str) -> ClaimType | None: ...


class RuleClaimClassifier:
    """Linguistic cues per language, tried in SPEC precedence order."""

    def __call__(self, doc: Doc, quote: Quote, lang: str) -> ClaimType | None:
        return None
