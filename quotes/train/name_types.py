"""Training and cross-validation of the speaker typer (:mod:`quotes.attribution.name_types`).

The shipped weights, from the checkout's root (docs/model-card.md)::

    quotes train --speaker-types corpora/dev/dev.jsonl corpora/annotated/train*.jsonl.gz \\
        --out quotes/data/models/speaker_types --cv 5

For every annotated article the rules extractor finds the quotes and attribution runs with the rules' types
(the shipped speaker ranker choosing context speakers). Each quote matched to a gold quote (the scorer's span
rule) whose speaker is the gold speaker (the scorer's speaker rule), whose gold type is person or
organization and whose speaker the typer would decide (:func:`~quotes.attribution.name_types.typed`) is an
example: the name's features and whether the gold calls it an organization.

The model is a logistic regression fitted full-batch by Adam from zero weights with an L2 penalty of 1e-3
(:func:`quotes.train.speakers.fit` over two-candidate groups: "person", with no features, against
"organization", with the name's): deterministic. ``--cv K`` first reports K-fold cross-validation by article
(folds from a hash of the article id): the share of examples typed right by the rules and by the typer
trained on the other folds, per language and gold type.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import attrs
from spacy.tokens import Doc

from quotes.attribution import attribute
from quotes.attribution.name_types import RULES_TYPES, NameTyper
from quotes.attribution.ranking import SpeakerRanker
from quotes.evaluation.matching import best_match, speaker_matches
from quotes.models import Quote, SpeakerType
from quotes.train.data import TrainingArticle
from quotes.train.speakers import Group, Parsed, Settings, fit, fold_of, from_training, train_and_write

log = logging.getLogger(__name__)

#: L2 1e-3: in the typer's 5-fold CV (963 articles) 1e-2 typed es 0.9604 / en 0.9335 right, 1e-3 0.9607 / 0.9464,
#: 1e-4 0.9600 / 0.9501 (docs/model-card.md).
SETTINGS = Settings(l2=1e-3)


@attrs.frozen
class Example:
    """One named speaker: its article and language, the rules' type, the name's features and the gold type."""

    article: str
    lang: str
    rule: SpeakerType
    features: tuple[str, ...]
    gold: SpeakerType


class _Recorder:
    """Keeps the rules' types and records what the typer is asked."""

    def __init__(self) -> None:
        self.seen: list[tuple[Quote, tuple[str, ...]]] = []

    def choose(self, quote: Quote, feats: Sequence[str]) -> SpeakerType:
        self.seen.append((quote, tuple(feats)))
        return RULES_TYPES.choose(quote, feats)


def examples(parsed: Sequence[Parsed], ranker: SpeakerRanker | None = None) -> list[Example]:
    """The typer's examples of the articles (see the module docstring); `ranker` chooses the context speakers
    (default: the shipped ranker)."""
    out = []
    for p in parsed:
        lang = p.article.lang or "en"
        recorder = _Recorder()
        attribute(p.doc, list(p.found), lang, ranker, typer=recorder)
        spans = [(g.start, g.end) for g in p.gold.quotes]
        for quote, feats in recorder.seen:
            gi = best_match((quote.start, quote.end), spans)
            if gi is None:
                continue
            gold = p.gold.quotes[gi]
            if gold.speaker_type not in ("person", "organization") or not speaker_matches(quote.speaker, gold):
                continue
            assert quote.speaker_type is not None
            out.append(Example(p.gold.id, lang, quote.speaker_type, feats, SpeakerType(gold.speaker_type)))
    return out


def fit_examples(train: Sequence[Example], settings: Settings = SETTINGS) -> NameTyper:
    """The typer fitted on examples (a two-candidate conditional logit: person scores zero)."""
    groups = [
        Group(e.article, e.lang, ((), e.features), (e.gold is SpeakerType.PERSON, e.gold is SpeakerType.ORGANIZATION))
        for e in train
    ]
    return NameTyper(fit(groups, settings).weights)


def fit_articles(
    golds: Sequence[TrainingArticle],
    docs: Sequence[Doc],
    settings: Settings = SETTINGS,
    ranker: SpeakerRanker | None = None,
) -> NameTyper:
    """The typer fitted on annotated articles and their parses (the fold trainer of `quotes cv`), their context
    speakers chosen by `ranker` (default: the shipped one)."""
    return fit_examples(examples(from_training(golds, docs), ranker), settings)


def _accuracy(pairs: Sequence[tuple[Example, SpeakerType]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for lang in sorted({e.lang for e, _ in pairs}):
        sub = [(e, t) for e, t in pairs if e.lang == lang]
        right = sum(e.gold is t for e, t in sub)
        row: dict[str, object] = {"examples": len(sub), "accuracy": round(right / len(sub), 4)}
        for gold in (SpeakerType.PERSON, SpeakerType.ORGANIZATION):
            of = [(e, t) for e, t in sub if e.gold is gold]
            row[f"{gold.value}_right"] = sum(t is gold for _, t in of)
            row[f"{gold.value}_total"] = len(of)
        out[lang] = row
    return out


def cross_validate(parsed: Sequence[Parsed], k: int = 5, settings: Settings = SETTINGS) -> dict[str, object]:
    """K-fold CV by article: the rules' types against the typer trained on the other folds."""
    data = examples(parsed)
    learned: list[tuple[Example, SpeakerType]] = []
    for fold in range(k):
        typer = fit_examples([e for e in data if fold_of(e.article, k) != fold], settings)
        learned += [(e, typer.decide(e.rule, e.features)) for e in data if fold_of(e.article, k) == fold]
    return {"rules": _accuracy([(e, e.rule) for e in data]), "typer": _accuracy(learned)}


def train_speaker_types(
    files: Sequence[str | Path],
    *,
    out: str | Path | None = None,
    cv: int = 0,
    settings: Settings = SETTINGS,
    cache: str | Path | None = None,
) -> dict[str, object]:
    """Train the typer on `files` (and first cross-validate it when `cv`), save it under `out`."""
    return train_and_write(
        files,
        lambda parsed: fit_examples(examples(parsed), settings),
        lambda parsed, k: cross_validate(parsed, k, settings),
        "typer.json",
        out=out,
        cv=cv,
        cache=cache,
    )


__all__ = ["Example", "cross_validate", "examples", "fit_articles", "fit_examples", "train_speaker_types"]
