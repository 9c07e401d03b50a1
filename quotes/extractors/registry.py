"""Which extractors exist, and what one must provide: the interface and the registry that selects one by name.

Implementations register a zero-argument factory under a name with :func:`register`; the built-in ones
("rules", "statistical", "ensemble") are registered when :mod:`quotes.extractors` is imported. This module
imports no implementation, so every implementation can import it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from spacy.tokens import Doc

from quotes.models import Article, Quote


@runtime_checkable
class Extractor(Protocol):
    """Finds candidate quotes in a parsed article."""

    name: str

    def __call__(self, doc: Doc, article: Article, lang: str) -> list[Quote]:
        """Candidate quotes in document order, with content, kind, cue and source mention."""
        ...


@runtime_checkable
class ScoredExtractor(Extractor, Protocol):
    """An extractor that also gives the probabilities behind each quote's confidence (the ensemble uses the
    content probability to keep the quotes only this extractor finds)."""

    def scored(self, doc: Doc, article: Article, lang: str) -> list[tuple[Quote, float, float]]:
        """Quotes with the content probability and the speaker probability behind each confidence."""
        ...


#: The extractor used when none is named: the ensemble of the rules and the statistical model, the better of
#: the three on the dev sets and PolNeAR dev (docs/comparison.md).
DEFAULT_EXTRACTOR = "ensemble"

_REGISTRY: dict[str, Callable[[], Extractor]] = {}


def register(name: str) -> Callable[[Callable[[], Extractor]], Callable[[], Extractor]]:
    """Register a zero-argument extractor factory under `name`."""

    def wrap(factory: Callable[[], Extractor]) -> Callable[[], Extractor]:
        if name in _REGISTRY:
            raise ValueError(f"an extractor named {name!r} is already registered")
        _REGISTRY[name] = factory
        return factory

    return wrap


def available() -> list[str]:
    """Names accepted by :func:`get_extractor`."""
    return sorted(_REGISTRY)


def get_extractor(name: str) -> Extractor:
    """The extractor registered under `name` ("rules", "statistical", "ensemble").

    Raises:
        ValueError: for an unknown name, listing the known ones.
    """
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown extractor {name!r}; choose one of: {', '.join(sorted(_REGISTRY))}") from None
    return factory()
