"""quotes: attributed quotations in Spanish and English news.

>>> import quotes
>>> for q in quotes.extract("«Vamos a crecer», dijo Ana Pérez, directora de Acme.", lang="es"):
...     print(q.speaker, q.kind.value)
Ana Pérez direct
"""

# Registers the spaCy factory "quotes" (`nlp.add_pipe("quotes")`) for whoever imports the package; spaCy also
# finds it without the import, through the package's `spacy_factories` entry point.
from quotes import component  # noqa: E402, F401, I001
from quotes.models import Article, ClaimType, MentionKind, Quote, QuoteKind, SpeakerType
from quotes.pipeline import DocumentError, QuotePipeline, extract
from quotes.writers import to_dataframe

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
