"""Training and cross-validation of the learned organization linking (:mod:`quotes.attribution.orglink`).

The shipped weights (docs/model-card.md), from the checkout's root::

    quotes train --organizations corpora/dev/dev.jsonl corpora/annotated/train*.jsonl.gz \\
        --lang es,en --cv 5 --out quotes/data/models/organizations/model.json

The gold files go through the pipeline with the rules extractor and without linking; each predicted quote
that matches a gold quote (SPEC matching) and has a speaker gives one example: its candidates
(:func:`quotes.attribution.orglink.candidates`), the right ones being those the evaluation's organization
rule accepts against the gold organization ("none" is right when the gold has none). The model is a
conditional logit (softmax over one quote's candidates, the likelihood of any right one), fitted by full-batch
Adam from zero weights over a sorted feature vocabulary: deterministic.

``--cv K`` first prints K-fold cross-validation by article (folds from a hash of the article id and the seed):
organization accuracy on all matched quotes per language, the rules' and the model's.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from attrs import frozen
from spacy.tokens import Doc

from quotes.attribution.orglink import Candidate, OrganizationLinker, article_context, candidates, keep_rules
from quotes.evaluation.matching import match_spans, organization_matches
from quotes.pipeline import QuotePipeline
from quotes.train.data import load_gold, parse_cached

log = logging.getLogger(__name__)


@frozen
class Settings:
    """Training settings: L2 penalty, full-batch Adam steps and rate, minimum feature count."""

    l2: float = 3e-3
    steps: int = 300
    lr: float = 0.05
    min_count: int = 2


@frozen
class Example:
    """One matched quote: its candidates and which are right; `rules_ok` scores the rules' answer.
    A quote without a speaker has no candidates and keeps the rules' answer."""

    article: str
    lang: str
    cands: tuple[Candidate, ...]
    right: tuple[int, ...]
    rules_ok: bool
    gold: str | None = None
    rules: str | None = None


def build_examples(paths: Sequence[str | Path], cache: str | None, extractor: str = "rules") -> list[Example]:
    """Every matched quote of the gold files, with candidates (see the module docstring)."""
    golds = load_gold(paths)
    pipe = QuotePipeline(extractor, organization_linker=keep_rules)
    out: list[Example] = []
    for lang in ("es", "en"):
        sub = [g for g in golds if (g.article.lang or "en") == lang]
        if sub:
            out += examples_from(sub, parse_cached([g.article for g in sub], pipe.nlp(lang), cache), pipe)
    return out


def examples_from(golds: Sequence[Any], docs: Sequence[Doc], pipe: QuotePipeline) -> list[Example]:
    """The examples of parsed gold articles, the quotes found by `pipe` (whose linker keeps the rules')."""
    out: list[Example] = []
    for gold, doc in zip(golds, docs, strict=True):
        lang = gold.article.lang or "en"
        preds = pipe.quotes_from_doc(doc, gold.article, lang)
        raw = gold.raw.get("quotes", [])
        pairs = match_spans([(q.start, q.end) for q in gold.quotes], [(p.start, p.end) for p in preds])
        ctx = article_context(doc, preds, lang)
        for gi, pi in sorted(pairs):
            q, gold_org = preds[pi], raw[gi].get("organization")
            rules_ok = organization_matches(q.organization, gold_org)
            cands: tuple[Candidate, ...] = ()
            if q.speaker:
                cands = tuple(candidates(doc, q, lang, ctx))
            right = tuple(i for i, c in enumerate(cands) if organization_matches(c.text or None, gold_org))
            out.append(Example(gold.article.id, lang, cands, right, rules_ok, gold_org, q.organization))
    return out


def fit_articles(golds: Sequence[Any], docs: Sequence[Doc], languages: Sequence[str] = ("es",),
                 speaker_ranker: Any = None, speaker_typer: Any = None) -> OrganizationLinker:
    """A linker fitted on parsed gold articles (the rules extractor's quotes, attributed by `speaker_ranker`
    and `speaker_typer`, default the shipped ones), deciding for `languages`: what ``quotes cv`` trains in each
    fold."""
    pipe = QuotePipeline("rules", organization_linker=keep_rules, speaker_ranker=speaker_ranker,
                         speaker_typer=speaker_typer)
    model = fit(examples_from(golds, docs, pipe))
    model.meta["languages"] = sorted(languages)
    return model


def fit(examples: Sequence[Example], settings: Settings = Settings()) -> OrganizationLinker:
    """Conditional logit over each example's candidates, full-batch Adam from zero weights."""
    usable = [ex for ex in examples if ex.cands and ex.right]
    counts = Counter(f for ex in usable for c in ex.cands for f in set(c.feats))
    features = sorted(f for f, n in counts.items() if n >= settings.min_count)
    vocab = {f: i for i, f in enumerate(features)}
    rows, cols, starts, target = [], [], [], []
    n_rows = 0
    for ex in usable:
        starts.append(n_rows)
        for k, cand in enumerate(ex.cands):
            for j in sorted({vocab[f] for f in cand.feats if f in vocab}):
                rows.append(n_rows)
                cols.append(j)
            target.append(1.0 if k in ex.right else 0.0)
            n_rows += 1
    r, c = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    g_starts = np.asarray(starts, dtype=np.int64)
    group_of = np.repeat(np.arange(len(usable)), np.diff(np.append(g_starts, n_rows)))
    y = np.asarray(target)
    row_ids, row_starts = np.unique(r, return_index=True)
    by_col = np.argsort(c, kind="stable")
    col_ids, col_starts = np.unique(c[by_col], return_index=True)
    w = np.zeros(len(features))
    m_w, v_w = np.zeros_like(w), np.zeros_like(w)
    n = max(1, len(usable))
    for step in range(1, settings.steps + 1):
        z = np.zeros(n_rows)
        z[row_ids] = np.add.reduceat(w[c], row_starts)
        z -= np.maximum.reduceat(z, g_starts)[group_of]
        p = np.exp(z)
        p /= np.add.reduceat(p, g_starts)[group_of]
        py = p * y
        q = py / np.add.reduceat(py, g_starts)[group_of]
        g = (p - q) / n
        grad = np.zeros_like(w)
        grad[col_ids] = np.add.reduceat(g[r[by_col]], col_starts)
        grad += settings.l2 * w
        m_w = 0.9 * m_w + 0.1 * grad
        v_w = 0.999 * v_w + 0.001 * grad * grad
        w -= settings.lr * (m_w / (1 - 0.9**step)) / (np.sqrt(v_w / (1 - 0.999**step)) + 1e-8)
    meta = {"settings": {"l2": settings.l2, "steps": settings.steps, "lr": settings.lr,
                         "min_count": settings.min_count}, "n_examples": len(usable), "n_features": len(features)}
    return OrganizationLinker({f: float(w[i]) for f, i in vocab.items()}, meta)


def accuracy(examples: Sequence[Example], model: OrganizationLinker | None) -> dict[str, float]:
    """Organization accuracy on matched quotes per language: the rules' (model None) or the model's."""
    ok: dict[str, int] = defaultdict(int)
    n: dict[str, int] = defaultdict(int)
    for ex in examples:
        n[ex.lang] += 1
        if model is None or not ex.cands:
            ok[ex.lang] += ex.rules_ok
        else:
            chosen = model.choose(ex.cands)
            ok[ex.lang] += ex.cands.index(chosen) in ex.right
    return {lang: round(ok[lang] / n[lang], 4) for lang in sorted(n)}


def _fold(article: str, k: int, seed: int) -> int:
    return int(hashlib.sha1(f"{seed}:{article}".encode()).hexdigest(), 16) % k


def cross_validate(examples: Sequence[Example], k: int = 5, seed: int = 0,
                   settings: Settings = Settings()) -> dict[str, dict[str, float]]:
    """K-fold cross-validation by article: the rules' and the model's organization accuracy per language
    (every matched quote scored once, by the model that did not see its article)."""
    ok: dict[str, int] = defaultdict(int)
    for fold in range(k):
        train = [ex for ex in examples if _fold(ex.article, k, seed) != fold]
        model = fit(train, settings)
        for ex in examples:
            if _fold(ex.article, k, seed) != fold:
                continue
            ok[ex.lang] += ex.cands.index(model.choose(ex.cands)) in ex.right if ex.cands else ex.rules_ok
    n = Counter(ex.lang for ex in examples)
    learned = {lang: round(ok[lang] / n[lang], 4) for lang in sorted(n)}
    return {"rules": accuracy(examples, None), "learned": learned, "matched": dict(sorted(n.items()))}


def train_organizations(paths: Sequence[str | Path], *, out: str | Path | None = None, cv: int = 0,
                        seed: int = 0, cache: str | None = None, settings: Settings = Settings(),
                        languages: Sequence[str] = ("es", "en")) -> dict:
    """Build the examples, optionally cross-validate, fit on everything and save to `out`; the saved linker
    decides for `languages` only (the others keep the rules' organizations)."""
    examples = build_examples(paths, cache)
    figures: dict = {"files": [str(p) for p in paths], "examples": len(examples)}
    if cv:
        figures["cv"] = cross_validate(examples, cv, seed, settings)
        log.info("cv %s", figures["cv"])
    model = fit(examples, settings)
    figures["fitted_on_all"] = {"rules": accuracy(examples, None), "learned": accuracy(examples, model)}
    model.meta.update({"cv": figures.get("cv"), "files": [Path(p).name for p in paths], "seed": seed,
                       "languages": sorted(languages)})
    if out:
        model.save(out)
    return figures
