"""Extractors: from a parsed article to candidate quotes, behind one small interface.

An extractor finds each quote's content span, kind and cue, and the source *as written* next to it (the
`mention_*` fields: a name, a pronoun, a nominal such as "la compañía", or nothing when Spanish drops the
subject). It does not resolve the source across the article: :mod:`quotes.attribution` does that for every
extractor alike, and :mod:`quotes.enrich` adds organization, role, claim type and date.
"""

from __future__ import annotations

import importlib
import importlib.util
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
    _load_builtins()
    return sorted(_REGISTRY)


def get_extractor(name: str) -> Extractor:
    """The extractor registered under `name` ("rules", "statistical", "ensemble").

    Raises:
        ValueError: for an unknown name, listing the known ones.
    """
    _load_builtins()
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown extractor {name!r}; choose one of: {', '.join(sorted(_REGISTRY))}") from None
    return factory()


def _load_builtins() -> None:
    # Importing the modules runs their @register decorators.
    from quotes.extractors import rules  # noqa: F401

    for module in ("statistical", "ensemble"):
        name = f"quotes.extractors.{module}"
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
