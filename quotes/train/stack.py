"""The ensemble's learned decisions: per language, when a quote only the model finds is kept, and when the
model's speaker overrules the rules'.

Stacking has one trap: a model scored on the articles it was trained on is far more confident, and more
often right, than on new text, so decisions tuned on such outputs trust the model too much. Here every
training article is decoded by an inner model that never saw it (:func:`quotes.train.loop.fit_statistical`
fits one per inner part), the rules run as they are (nothing in them is learned), and the two are combined by
:func:`quotes.extractors.ensemble.combine` for every setting of a small grid; the setting with the best
attributed F1 (:mod:`quotes.evaluation`, after :mod:`quotes.attribution`) over these articles is kept, per
language. Ties go to the more conservative setting (fewer model-only quotes, rules' speaker kept).
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
from quotes.extractors.ensemble import combine, unzip_scored
from quotes.extractors.statistical import StatisticalExtractor, StatisticalModel
from quotes.models import Quote
from quotes.train.data import TrainingArticle

log = logging.getLogger("quotes.train")

#: Content probabilities tried for quotes only the model finds (above 1: never).
MODEL_ONLY_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
#: Margins tried for the model's speaker to overrule the rules' (None: never; -1: whenever they differ).
SPEAKER_MARGIN_GRID: tuple[float | None, ...] = (None, 0.3, 0.1, 0.0, -0.1, -1.0)


def rules_outputs(
    golds: list[TrainingArticle],
    docs: list[Doc],
    rules: Extractor | None = None,
    memo: MutableMapping[str, list[Quote]] | None = None,
) -> list[list[Quote]]:
    """The rules' quotes of each article (memoized by article id: they do not depend on any training)."""
    rules = rules or get_extractor("rules")
    memo = memo if memo is not None else {}
    out = []
    for g, d in zip(golds, docs, strict=True):
        key = g.article.id
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
    """Per-language `model_only` and `speaker_margin` chosen on out-of-fold outputs.

    Args:
        golds: Training articles annotated under this project's guideline.
        docs: Their parses.
        oof: For each article id, a statistical model that did not see the article (articles without one are
            left out).
        rules: The rules extractor (the registered one when None).
        memo: Rules outputs by article id, re-used across calls.
        ranker, typer: Attribute the combined quotes (default: the shipped ones; `quotes cv` passes the fold's).

    Returns:
        `{lang: {"model_only": p, "speaker_margin": m or None, "oof_attributed_f1": f}}`.
    """
    idx = [i for i, g in enumerate(golds) if g.article.id in oof]
    by_rules = rules_outputs([golds[i] for i in idx], [docs[i] for i in idx], rules, memo)
    rows: dict[str, list[tuple[ev.GoldArticle, Doc, list[Quote], list[Quote], list[float], list[float]]]] = {}
    for i, r in zip(idx, by_rules, strict=True):
        g, d = golds[i], docs[i]
        lang = g.article.lang or "en"
        m, p, s = unzip_scored(StatisticalExtractor(oof[g.article.id]).scored(d, g.article, lang))
        rows.setdefault(lang, []).append((gold_article_from_dict(g.raw), d, r, m, p, s))
    out: dict[str, dict[str, Any]] = {}
    for lang, group in sorted(rows.items()):
        gold = [row[0] for row in group]

        def f1(only: float, margin: float | None, group: list = group, gold: list = gold, lang: str = lang) -> float:
            preds: list[ev.Prediction] = []
            for _, d, r, m, p, s in group:
                combined = combine(r, m, p, only, speaker_margin=margin, p_speaker=s, doc=d, lang=lang)
                quotes = attribution.attribute(d, combined, lang, ranker, typer)
                preds.extend(ev.Prediction.from_record(q) for q in quotes)
            return ev.score(gold, preds).attributed.f1

        # Speaker margin first with model-only quotes off (they do not interact: a model-only quote has no
        # rules speaker to overrule), then the model-only threshold under the chosen margin.
        by_margin = {m: f1(MODEL_ONLY_GRID[-1], m) for m in SPEAKER_MARGIN_GRID}
        margin = max(SPEAKER_MARGIN_GRID, key=lambda m: (round(by_margin[m], 6), 9.0 if m is None else m))
        by_only = {o: f1(o, margin) for o in MODEL_ONLY_GRID}
        only = max(MODEL_ONLY_GRID, key=lambda o: (round(by_only[o], 6), o))
        out[lang] = {"model_only": only, "speaker_margin": margin, "oof_attributed_f1": round(by_only[only], 4)}
        log.info(
            "%s ensemble grid: by speaker margin %s; by model-only threshold %s",
            lang,
            {m: round(f, 4) for m, f in by_margin.items()},
            {o: round(f, 4) for o, f in by_only.items()},
        )
        log.info(
            "%s ensemble: model-only %.2f, speaker margin %s (out-of-fold attributed F1 %.3f; rules-only %.3f)",
            lang,
            only,
            margin,
            by_only[only],
            by_margin[None],
        )
    return out
