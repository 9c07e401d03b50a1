"""Is a named speaker a person or an organization? A learned second opinion on the rules' type.

The rules type a name from the recognizer's label at the mention and from the name's shape (a known given
name, an organization word: :mod:`quotes.attribution.speaker_type`, :mod:`quotes.nameshape`). Both miss
often on names the word lists do not know: "USA Today", "Cyprus Mail" and "Golden Boy Promotions" come out
persons, "Howie Hawkins" or "Franky Zapata" organizations when the recognizer says so. The type matters
downstream: an organization speaks for itself (its organization is its own name), a person's organization is
the one written around the name.

:class:`NameTyper` scores "organization rather than person" for each attributed quote whose speaker is a
capitalized name the rules typed person or organization, from features of the name (its words, first and last
word, last word's ending, the name-shape tests, the entity labels the article gives the same name or its last
word, a determiner written before it) and the rules' type, each also paired with the language, so that one
language's data does not set the other's balance of persons and organizations (2026-12-05: with 580 English
articles of mostly persons added, shared features alone typed 0.848 of the Spanish organizations right out of
fold, paired ones 0.890). The weights are learned from the annotated articles
(`quotes train --speaker-types`, :mod:`quotes.train.name_types`; docs/model-card.md) and shipped under
`quotes/data/models/speaker_types/`; without them, or on a tie, the rules' type stands.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Protocol

import attrs

from quotes.attribution.linear import LinearWeights
from quotes.attribution.names import ArticleNames
from quotes.doctext import doc_text
from quotes.models import Quote, SpeakerType
from quotes.nameshape import is_acronym, lexicon, name_words, norm_key, org_shape, person_shape
from quotes.shipped import model_path

#: Where the shipped weights live.
MODEL_PATH = model_path("speaker_types", "typer.json")

#: The types the typer chooses between.
TYPED = (SpeakerType.PERSON, SpeakerType.ORGANIZATION)


class Typer(Protocol):
    """Chooses the type of a quote's named speaker, given the rules' type and the name's features."""

    def choose(self, quote: Quote, features: Sequence[str]) -> SpeakerType: ...


@attrs.frozen
class NameTyper(LinearWeights):
    """A linear score for "organization" over the name's features: above zero an organization, below a
    person; zero (no weights, or a tie) keeps the rules' type."""

    def score(self, features: Sequence[str]) -> float:
        return sum(self.weights.get(f, 0.0) for f in features)

    def choose(self, quote: Quote, features: Sequence[str]) -> SpeakerType:
        return self.decide(quote.speaker_type or SpeakerType.PERSON, features)

    def decide(self, rule: SpeakerType, features: Sequence[str]) -> SpeakerType:
        """The type for a name the rules typed `rule`, from its features."""
        s = self.score(features)
        if s > 0:
            return SpeakerType.ORGANIZATION
        if s < 0:
            return SpeakerType.PERSON
        return rule


#: The rules' types, unchanged (no weights).
RULES_TYPES = NameTyper({})


@functools.cache
def default_typer() -> NameTyper:
    """The shipped typer, or the rules' types when no weights are shipped."""
    if MODEL_PATH.exists():
        return NameTyper.load(MODEL_PATH)
    return RULES_TYPES


def typed(quote: Quote) -> bool:
    """Whether the typer decides this quote's speaker type: a capitalized name typed person or organization."""
    return bool(quote.speaker) and quote.speaker[:1].isupper() and quote.speaker_type in TYPED  # type: ignore[index]


_DETERMINED = re.compile(r"\b(?:el|la|los|las|the)\s+$", re.IGNORECASE)


@attrs.define
class ArticleLabels:
    """What the typer reads of the article, built once per article: the entity labels by normalized name and
    by the name's last word, and the text (with the names already found written after an article)."""

    text: str
    by_name: dict[str, set[str]]
    by_last: dict[str, set[str]]
    determined: dict[str, bool] = attrs.field(factory=dict)

    @classmethod
    def of(cls, table: ArticleNames) -> ArticleLabels:
        by_name: dict[str, set[str]] = {}
        by_last: dict[str, set[str]] = {}
        for e in table.ents:
            key = norm_key(e.text)
            by_name.setdefault(key, set()).add(e.label)
            by_last.setdefault(_last(key), set()).add(e.label)
        return cls(doc_text(table.doc), by_name, by_last)

    def after_article(self, name: str) -> bool:
        """Whether the article writes `name` after a definite article somewhere (remembered per name)."""
        if name not in self.determined:
            self.determined[name] = _determined(self.text, name)
        return self.determined[name]


def _last(key: str) -> str:
    words = key.split()
    return words[-1] if words else ""


def features(quote: Quote, labels: ArticleLabels, lang: str) -> list[str]:
    """What the typer sees of the quote's speaker name (see the module docstring)."""
    name = quote.speaker or ""
    lex = lexicon(lang if lang in ("es", "en") else "en")
    words = name_words(name)
    rule = quote.speaker_type.value if quote.speaker_type is not None else "none"
    out = ["bias", f"lang={lang}", f"rule={rule}", f"n={min(len(words), 5)}"]
    out += sorted({f"w={w.lower()}" for w in words})
    if words:
        out += [f"first={words[0].lower()}", f"last={words[-1].lower()}", f"suf={words[-1][-3:].lower()}"]
        if words[0] in lex.given:
            out.append("given_first")
    out += [f"pshape={person_shape(words, lex):.1f}", f"oshape={org_shape(words, lex):.1f}"]
    if any(is_acronym(w) for w in words):
        out.append("acronym")
    if any(w[:1].islower() for w in words[1:]):
        out.append("lower_inside")
    key = norm_key(name)
    out += sorted(f"ent={label}" for label in labels.by_name.get(key, ()))
    out += sorted(f"entlast={label}" for label in labels.by_last.get(_last(key), ()))
    if labels.after_article(name):
        out.append("determiner_before")
    return out + [f"{lang}|{f}" for f in out]


def _determined(text: str, name: str) -> bool:
    """Whether the article writes the name after a definite article somewhere ("la Cofepris", "the Guardian")."""
    at = text.find(name)
    while at >= 0:
        if _DETERMINED.search(text[max(0, at - 5) : at]):
            return True
        at = text.find(name, at + 1)
    return False


def retype(quotes: list[Quote], table: ArticleNames, lang: str, typer: Typer) -> list[Quote]:
    """The quotes with their named speakers typed by `typer`: a speaker turned organization is its own
    organization; one turned person takes the organization and role written next to the name."""
    if not any(typed(q) for q in quotes):
        return quotes
    labels = ArticleLabels.of(table)
    out = []
    for q in quotes:
        if typed(q):
            chosen = typer.choose(q, features(q, labels, lang))
            if chosen is not q.speaker_type:
                if chosen is SpeakerType.ORGANIZATION:
                    q = attrs.evolve(q, speaker_type=chosen, organization=q.speaker, role=None)
                else:
                    org, role = table.details(q.speaker or "")
                    q = attrs.evolve(q, speaker_type=chosen, organization=org, role=role)
        out.append(q)
    return out


__all__ = [
    "MODEL_PATH",
    "ArticleLabels",
    "NameTyper",
    "RULES_TYPES",
    "Typer",
    "default_typer",
    "features",
    "retype",
    "typed",
]
