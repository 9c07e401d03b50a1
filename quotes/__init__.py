"""quotes: attributed quotations in Spanish and English news.

>>> import quotes
>>> for q in quotes.extract("«Vamos a crecer», dijo Ana Pérez, directora de Acme.", lang="es"):
...     print(q.speaker, q.kind.value)
Ana Pérez direct

The names below are imported on first use (PEP 562), so that ``import quotes`` and the command line start
without loading spaCy until something needs it. The spaCy factory "quotes" (``nlp.add_pipe("quotes")``) is
registered through the package's ``spacy_factories`` entry point, and by the first use of any of these names.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quotes.models import Article, ClaimType, MentionKind, Quote, QuoteKind, SpeakerType
    from quotes.pipeline import DocumentError, QuotePipeline, extract
    from quotes.writers import to_dataframe

#: Public name -> module that defines it.
_EXPORTS = {
    "Article": "quotes.models",
    "ClaimType": "quotes.models",
    "MentionKind": "quotes.models",
    "Quote": "quotes.models",
    "QuoteKind": "quotes.models",
    "SpeakerType": "quotes.models",
    "DocumentError": "quotes.pipeline",
    "QuotePipeline": "quotes.pipeline",
    "extract": "quotes.pipeline",
    "to_dataframe": "quotes.writers",
}

__all__ = [
    "Article",
    "ClaimType",
    "DocumentError",
    "MentionKind",
    "Quote",
    "QuoteKind",
    "QuotePipeline",
    "SpeakerType",
    "extract",
    "to_dataframe",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'quotes' has no attribute {name!r}")
    importlib.import_module("quotes.component")  # registers the spaCy factory for whoever uses the package
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
