"""Which words does an extractor know for a language? Its word lists, empty for a language without them.

The extractors run on any language (the statistical model has a universal variant); a word list exists only
for the languages someone wrote it for, so a missing one means "no such words" rather than an error.
"""

from __future__ import annotations

from functools import cache

from quotes.lexicons import words


@cache
def words_for(lang: str, name: str) -> frozenset[str]:
    """The entries of ``quotes/data/lexicons/{lang}/{name}.txt``, or an empty set when `lang` has no such list."""
    try:
        return words(lang, name)
    except FileNotFoundError:
        return frozenset()
