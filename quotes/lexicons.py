"""Where every word list lives: data files keyed by language under ``quotes/data/lexicons/``, read here.

A list is a plain text file, one entry per line; ``#`` starts a comment, blank lines are skipped. A table is
the same with tab-separated columns. Lists that hold for every language live under ``common/``. Files are
read once per process (``functools.cache``); nothing here knows what a list is for: its users do.

    quotes/data/lexicons/es/titles.txt      words("es", "titles") -> frozenset
    quotes/data/lexicons/en/nominals.tsv    table("en", "nominals") -> tuple of rows, in file order
"""

from __future__ import annotations

from functools import cache

from quotes.shipped import lexicon_path

COMMON = "common"


def _lines(lang: str, filename: str) -> tuple[str, ...]:
    path = lexicon_path(lang, filename)
    if not path.is_file():
        raise FileNotFoundError(f"no word list {lang}/{filename} in quotes/data/lexicons")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip() if not line.lstrip().startswith("#") else ""
        if line.strip():
            out.append(line.strip())
    return tuple(out)


@cache
def entries(lang: str, name: str) -> tuple[str, ...]:
    """The entries of list ``name`` for ``lang`` (``data/lexicons/{lang}/{name}.txt``), in file order."""
    return _lines(lang, f"{name}.txt")


@cache
def words(lang: str, name: str) -> frozenset[str]:
    """The entries of list ``name`` for ``lang`` as a set."""
    return frozenset(entries(lang, name))


@cache
def words_for(lang: str, name: str) -> frozenset[str]:
    """Like :func:`words`, but an empty set when `lang` has no such list.

    For code that runs on any language (the statistical model has a universal variant) and reads a list written
    for some languages only: a missing list then means "no such words", not an error.
    """
    try:
        return words(lang, name)
    except FileNotFoundError:
        return frozenset()


@cache
def table(lang: str, name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of table ``name`` for ``lang`` (``data/lexicons/{lang}/{name}.tsv``), split on tabs, in file order."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in _lines(lang, f"{name}.tsv"))


LANGUAGES = ("es", "en")


@cache
def cue_verbs(lang: str) -> dict[str, str]:
    """Reporting-verb lemma -> cue group ("assert", "announce", "demand", "evidential", "ask", "call"); {} if
    unknown."""
    if lang not in LANGUAGES:
        return {}
    return {row[0]: (row[1] if len(row) > 1 and row[1] else "assert") for row in table(lang, "cues")}


def _per_language(name: str) -> dict[str, frozenset[str]]:
    return {lang: words(lang, name) for lang in LANGUAGES}


# The lists the extractors and attribution share, resolved once at import. What each holds is said at the top
# of its file.
DOCUMENT_NOUNS: dict[str, frozenset[str]] = _per_language("document_nouns")
NON_SOURCE_PRONOUNS: dict[str, frozenset[str]] = _per_language("non_source_pronouns")
GROUP_SOURCES: dict[str, frozenset[str]] = _per_language("group_sources")
ACCORDING_TO: dict[str, tuple[tuple[str, ...], ...]] = {
    lang: tuple(tuple(phrase.split()) for phrase in entries(lang, "according_to")) for lang in LANGUAGES
}
NOMINALS: dict[str, dict[str, str]] = {lang: {row[0]: row[1] for row in table(lang, "nominals")} for lang in LANGUAGES}
TITLES: frozenset[str] = words(COMMON, "titles")
TIME_WORDS: frozenset[str] = words(COMMON, "time_words")
