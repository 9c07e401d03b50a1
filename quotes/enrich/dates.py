"""When a statement was made. PLACEHOLDER: being written."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from quotes.models import Quote


def statement_date(doc: Doc, quote: Quote, published: dt.date | None, lang: str) -> tuple[dt.date | None, str | None]:
    """The temporal expression near the quote's cue and its resolution against `published`."""
    return None, None
