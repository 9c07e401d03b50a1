"""Extractors: from a parsed article to candidate quotes, behind one small interface.

An extractor finds each quote's content span, kind and cue, and the source *as written* next to it (the
`mention_*` fields: a name, a pronoun, a nominal such as "la compañía", or nothing when Spanish drops the
subject). It does not resolve the source across the article: :mod:`quotes.attribution` does that for every
extractor alike, and :mod:`quotes.enrich` adds organization, role, claim type and date.

Three implementations, selected by name: :mod:`~quotes.extractors.rules` (rules over the parse),
:mod:`~quotes.extractors.statistical` (linear models over parse features) and
:mod:`~quotes.extractors.ensemble` (the two combined). The interface and the registry are in
:mod:`quotes.extractors.registry`.
"""

from __future__ import annotations

# Importing the built-in implementations runs their @register decorators.
from quotes.extractors import ensemble, rules, statistical  # noqa: F401
from quotes.extractors.registry import (
    DEFAULT_EXTRACTOR,
    Extractor,
    ScoredExtractor,
    available,
    get_extractor,
    register,
)

__all__ = ["Extractor", "ScoredExtractor", "DEFAULT_EXTRACTOR", "register", "available", "get_extractor"]
