"""Which cue words does a claim-type rule look for? The cue lexicons, one per language and cue family.

The cue words live in data files, one per language and family: ``quotes/data/lexicons/{lang}/claims/{family}.txt``.
A family is a list of single words or word sequences ("próximas semanas", "according to experts"); the rules
look for them in the quote content or in the reporting cue. Smaller word lists of the rules' grammar
(pronouns, modals, number words) are read through :mod:`quotes.lexicons`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache, cached_property

import attrs
from attrs import frozen
from spacy.tokens import Token

from quotes.lexicons import words
from quotes.shipped import lexicon_path

#: Cue families, each a data file ``{family}.txt`` in ``quotes/data/lexicons/{lang}/claims/``.
FAMILIES: tuple[str, ...] = (
    "prediction",
    "warning_cues",
    "possibility",
    "quantity",
    "dates",
    "number_labels",
    "rank",
    "causal",
    "causal_cues",
    "rule_sources",
    "rule_norms",
    "rule_terms",
    "announcement_cues",
    "stative",
    "experience",
    "opinion_cues",
    "opinion",
    "evaluative",
)

#: Languages with a complete set of cue files.
LANGUAGES: tuple[str, ...] = ("es", "en")


@frozen
class Lexicon:
    """Entries of one cue family: single words or word sequences, lowercased.

    A token matches an entry word when its lowercased form or its lowercased lemma equals it, so a file can
    list lemmas ("anunciar") or forms ("próximas semanas") as suits the family.
    """

    entries: frozenset[tuple[str, ...]]
    by_first: dict[str, tuple[tuple[str, ...], ...]] = attrs.field(eq=False, repr=False)

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> Lexicon:
        """Parse a cue file: one entry per line, ``#`` starts a comment."""
        entries = set()
        for line in lines:
            text = line.split("#", 1)[0].strip().lower() if not line.lstrip().startswith("#") else ""
            if text:
                entries.add(tuple(text.split()))
        by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for entry in sorted(entries, key=len, reverse=True):
            by_first[entry[0]].append(entry)
        return cls(frozenset(entries), {k: tuple(v) for k, v in by_first.items()})

    def __contains__(self, word: str) -> bool:
        return (word.lower(),) in self.entries

    def has_token(self, token: Token) -> bool:
        """Whether the token alone is an entry (by form or lemma)."""
        return (token.lower_,) in self.entries or (token.lemma_.lower(),) in self.entries

    def find(self, tokens: Sequence[Token], keys: Sequence[tuple[str, str]] | None = None) -> list[tuple[int, int]]:
        """Longest matches, left to right, as ``(start, end)`` indices into `tokens`; `keys` are
        :func:`token_keys` of `tokens` when the caller has them already."""
        if keys is None:
            keys = token_keys(tokens)
        if not isinstance(keys, TokenKeys):
            keys = TokenKeys(keys)
        firsts = self.by_first.keys() & keys.positions.keys()
        if not firsts:
            return []  # no entry starts with any of the words
        # Only where an entry's first word is can a match start: visit those places, left to right.
        starts = sorted({i for word in firsts for i in keys.positions[word]})
        found = []
        i = 0
        for start in starts:
            if start < i:
                continue
            i = start
            end = None
            for first in keys[i]:
                for entry in self.by_first.get(first, ()):
                    n = len(entry)
                    if i + n <= len(keys) and all(word in keys[i + k] for k, word in enumerate(entry[1:], start=1)):
                        end = max(end or 0, i + n)
                        break
            if end is not None:
                found.append((i, end))
                i = end
        return found


class TokenKeys(list[tuple[str, str]]):
    """Each token's lowercased form and lemma, and where each of them occurs (for the no-match shortcut)."""

    @cached_property
    def positions(self) -> dict[str, list[int]]:
        """Each form or lemma, with the indices of the tokens that have it."""
        out: dict[str, list[int]] = {}
        for i, pair in enumerate(self):
            for key in set(pair):
                out.setdefault(key, []).append(i)
        return out


def token_keys(tokens: Sequence[Token]) -> TokenKeys:
    """What :meth:`Lexicon.find` compares: each token's lowercased form and lemma."""
    return TokenKeys(_keys(t) for t in tokens)


def _keys(token: Token) -> tuple[str, str]:
    return token.lower_, token.lemma_.lower()


@cache
def load_cues(lang: str) -> dict[str, Lexicon]:
    """The cue lexicons of `lang`, one per family (cached).

    Raises:
        ValueError: when the language has no cue files (supported: es, en).
    """
    if lang not in LANGUAGES:
        raise ValueError(f"no claim-type cue lexicons for {lang!r}; supported: {', '.join(LANGUAGES)}")
    folder = lexicon_path(lang, "claims")
    return {
        family: Lexicon.from_lines((folder / f"{family}.txt").read_text(encoding="utf-8").splitlines())
        for family in FAMILIES
    }


def both_languages(name: str) -> frozenset[str]:
    """The Spanish and English word lists `name` together.

    The rules test both languages' pronouns, modals and number words on any quote: a quote's language does not
    narrow them (an English pronoun in a Spanish quote still counts).
    """
    return words("es", name) | words("en", name)
