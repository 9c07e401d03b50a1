"""The ensemble's learned decisions: per language, when a quote only the model finds is kept, when the
model's speaker overrules the rules', and when the model's doubt drops a quote only the rules find.

Stacking has one trap: a model scored on the articles it was trained on is far more confident, and more
often right, than on new text, so decisions tuned on such outputs trust the model too much. Here every
training article is decoded by an inner model that never saw it (:func:`quotes.train.loop.fit_statistical`
fits one per inner part), the rules run as they are (nothing in them is learned), and the two are combined by
:func:`quotes.extractors.ensemble.combine` for every setting of a small grid; the setting with the best
attributed F1 (:mod:`quotes.evaluation`, after :mod:`quotes.attribution`) over these articles is kept, per
language. Ties go to the more conservative setting (fewer model-only quotes, rules' speaker kept, no floor).
"""

from __future__ import annotations

import logging
from collections.abc import MutableMapping
from typing import Any

from spacy.tokens import Doc

from quotes import attribution
from quotes import evaluation as ev
from quotes.attribution.name_types import Typer
from quotes.attribution.ranking import SpeakerRanker
from quotes.evaluation.gold import gold_article_from_dict
from quotes.extractors import Extractor, get_extractor
from quotes.extractors.ensemble import ModelOutputs, combine_outputs, model_outputs
from quotes.extractors.statistical import StatisticalExtractor, StatisticalModel
from quotes.models import Quote
from quotes.train.data import TrainingArticle

log = logging.getLogger("quotes.train")

#: Content probabilities tried for quotes only the model finds (above 1: never).
MODEL_ONLY_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
#: Margins tried for the model's speaker to overrule the rules' (None: never; -1: whenever they differ).
SPEAKER_MARGIN_GRID: tuple[float | None, ...] = (None, 0.3, 0.1, 0.0, -0.1, -1.0)
#: Out-of-fold attributed F1 that leaving the rules' missing mentions to the context must gain over filling them in
#: with the model's for the ensemble not to fill them: the model's mention is the one written next to the quote,
#: which a mention-level gold counts and a speaker-level one cannot tell from the context's choice.
FILL_TOLERANCE = 0.001
#: Floors tried for the model's content probability of a quote only the rules find (None: always kept).
RULES_ONLY_GRID: tuple[float | None, ...] = (None, 0.05, 0.1, 0.15, 0.2, 0.3)


def rules_outputs(
    golds: list[TrainingArticle],
    docs: list[Doc],
    rules: Extractor | None = None,
    memo: MutableMapping[str, list[Quote]] | None = None,
) -> list[list[Quote]]:
    """The rules' quotes of each article (memoized by :attr:`~quotes.train.data.TrainingArticle.key`: they do not
    depend on any training)."""
    rules = rules or get_extractor("rules")
    memo = memo if memo is not None else {}
    out = []
    for g, d in zip(golds, docs, strict=True):
        key = g.key
        if key not in memo:
            memo[key] = rules(d, g.article, g.article.lang or "en")
        out.append(memo[key])
    return out


def tune_ensemble(
    golds: list[TrainingArticle],
    docs: list[Doc],
    oof: dict[str, StatisticalModel],
    *,
    rules: Extractor | None = None,
    memo: MutableMapping[str, list[Quote]] | None = None,
    ranker: SpeakerRanker | None = None,
    typer: Typer | None = None,
) -> dict[str, dict[str, Any]]:
    """Per-language `fill_mention`, `model_only`, `speaker_margin` and `rules_only_min` chosen on out-of-fold
    outputs.

    Args:
        golds: Training articles annotated under this project's guideline.
        docs: Their parses.
        oof: For each article id, a statistical model that did not see the article (articles without one are
            left out).
        rules: The rules extractor (the registered one when None).
        memo: Rules outputs by article id, re-used across calls.
        ranker, typer: Attribute the combined quotes (default: the shipped ones; `quotes cv` passes the fold's).

    Returns:
        `{lang: {"model_only": p, "fill_mention": b, "speaker_margin": m or None, "rules_only_min": r or None,
        "oof_attributed_f1": f}}`.
    """
    idx = [i for i, g in enumerate(golds) if g.article.id in oof]
    by_rules = rules_outputs([golds[i] for i in idx], [docs[i] for i in idx], rules, memo)
    rows: dict[str, list[_Row]] = {}
    for i, r in zip(idx, by_rules, strict=True):
        g, d = golds[i], docs[i]
        lang = g.article.lang or "en"
        outputs = model_outputs(StatisticalExtractor(oof[g.article.id]), d, g.article, lang)
        rows.setdefault(lang, []).append((gold_article_from_dict(g.raw), d, r, outputs))
    out: dict[str, dict[str, Any]] = {}
    for lang, group in sorted(rows.items()):

        def f1(
            only: float,
            margin: float | None,
            floor: float | None = None,
            fill: bool = True,
            group: list = group,
            lang: str = lang,
        ) -> float:
            return _attributed_f1(group, lang, only, margin, floor, fill, ranker=ranker, typer=typer)

        # Filling in missing mentions and the speaker margin first, with model-only quotes off (they do not
        # interact: a model-only quote has no rules speaker), then the model-only threshold under both, then
        # the floor for quotes only the rules find under all three.
        by_fill = {b: f1(MODEL_ONLY_GRID[-1], None, fill=b) for b in (True, False)}
        fill = choose_fill(by_fill)
        # Each setting is scored once: "never" for the margin is the fill grid's chosen point, and the last
        # model-only point ("never") is the margin grid's chosen one.
        by_margin = {
            m: by_fill[fill] if m is None else f1(MODEL_ONLY_GRID[-1], m, fill=fill) for m in SPEAKER_MARGIN_GRID
        }
        margin = max(SPEAKER_MARGIN_GRID, key=lambda m: (round(by_margin[m], 6), 9.0 if m is None else m))
        by_only = {
            o: by_margin[margin] if o == MODEL_ONLY_GRID[-1] else f1(o, margin, fill=fill) for o in MODEL_ONLY_GRID
        }
        only = max(MODEL_ONLY_GRID, key=lambda o: (round(by_only[o], 6), o))
        by_floor = {r: (by_only[only] if r is None else f1(only, margin, r, fill)) for r in RULES_ONLY_GRID}
        floor = choose_floor(by_floor)
        out[lang] = {
            "model_only": only,
            "fill_mention": fill,
            "speaker_margin": margin,
            "rules_only_min": floor,
            "oof_attributed_f1": round(by_floor[floor], 4),
        }
        _log_grids(lang, out[lang], by_fill, by_margin, by_only, by_floor)
    return out


def choose_fill(by_fill: dict[bool, float]) -> bool:
    """Fill in the rules' missing mentions with the model's unless leaving them to the context scores over
    :data:`FILL_TOLERANCE` better out of fold (`by_fill`: attributed F1 with and without filling)."""
    return by_fill[False] <= by_fill[True] + FILL_TOLERANCE


def choose_floor(by_floor: dict[float | None, float]) -> float | None:
    """The floor with the best out-of-fold attributed F1 (`by_floor` holds None, no floor); ties go to no floor,
    then to the lower floor."""
    return max(by_floor, key=lambda r: (round(by_floor[r], 6), 1.0 if r is None else -r))


#: One language's tuning rows: the gold article, its parse, the rules' quotes and the out-of-fold model's outputs.
_Row = tuple[ev.GoldArticle, Doc, list[Quote], ModelOutputs]


def _attributed_f1(
    rows: list[_Row],
    lang: str,
    model_only: float,
    margin: float | None,
    floor: float | None,
    fill: bool = True,
    *,
    ranker: SpeakerRanker | None,
    typer: Typer | None,
) -> float:
    """Attributed F1 of the ensemble's combination under one setting of its decisions, after attribution."""
    preds: list[ev.Prediction] = []
    for _, doc, by_rules, outputs in rows:
        combined = combine_outputs(by_rules, outputs, model_only, margin, floor, doc=doc, lang=lang, fill_mention=fill)
        quotes = attribution.attribute(doc, combined, lang, ranker, typer)
        preds.extend(ev.Prediction.from_record(q) for q in quotes)
    return ev.score([row[0] for row in rows], preds).attributed.f1


def _log_grids(
    lang: str,
    chosen: dict[str, Any],
    by_fill: dict[bool, float],
    by_margin: dict[float | None, float],
    by_only: dict[float, float],
    by_floor: dict[float | None, float],
) -> None:
    log.info(
        "%s ensemble grid: filling missing mentions %s; by speaker margin %s; by model-only threshold %s; "
        "by rules-only floor %s",
        lang,
        {b: round(f, 4) for b, f in by_fill.items()},
        {m: round(f, 4) for m, f in by_margin.items()},
        {o: round(f, 4) for o, f in by_only.items()},
        {r: round(f, 4) for r, f in by_floor.items()},
    )
    log.info(
        "%s ensemble: model-only %.2f, fill missing mentions %s, speaker margin %s, rules-only floor %s "
        "(out-of-fold attributed F1 %.3f; rules' quotes and speakers alone %.3f)",
        lang,
        chosen["model_only"],
        chosen["fill_mention"],
        chosen["speaker_margin"],
        chosen["rules_only_min"],
        chosen["oof_attributed_f1"],
        by_fill[False],
    )
