"""Training and cross-validation of the speaker ranker (:mod:`quotes.attribution.ranking`).

The shipped weights, from the checkout's root (docs/model-card.md)::

    quotes train --speakers corpora/dev/dev.jsonl corpora/annotated/train*.jsonl.gz \\
        --out quotes/data/models/speakers --cv 5

For every annotated article the rules extractor finds the quotes, and attribution runs with a recording ranker
that keeps the rules' choice: each quote whose speaker the ranker decides (a pronoun, a dropped subject, a
quotation without a cue) gives its candidates and their features. A quote matched to a gold quote (the
scorer's span rule) is an example when some of its candidates, but not all, are the gold speaker (the scorer's
speaker rule); the candidates that are form the positive side of a softmax over the quote's candidates.

Quotes whose speaker the rules leave as a description ("el sindicato") give groups of a second decision
(:mod:`quotes.attribution.descriptions`): the description first, then the named speakers of the context; a named
candidate is right by the scorer's speaker rule, the description only when no named candidate is or the gold
speaker is itself a description. Each decision is fitted on its own groups.

The model is a conditional logit (a linear score, softmax over each quote's candidates) fitted full-batch by
Adam from zero weights, with an L2 penalty: deterministic. ``--cv K`` first reports K-fold cross-validation by
article (folds from a hash of the article id): speaker accuracy and attributed F1 per language, the rules'
choice against the ranker trained on the other folds, on the rules extractor's quotes.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import attrs
import numpy as np
from spacy.tokens import Doc

from quotes.attribution import attribute, descriptions
from quotes.attribution.ranking import Candidate, LinearRanker, RulesChoice, SpeakerRanker
from quotes.evaluation import gold_article_from_dict
from quotes.evaluation.gold import GoldArticle, GoldQuote
from quotes.evaluation.matching import best_match, speaker_matches
from quotes.evaluation.score import Prediction, score
from quotes.extractors import get_extractor
from quotes.models import Article, Quote
from quotes.pipeline import QuotePipeline
from quotes.train.data import TrainingArticle, fold_of, parse_cached, read_jsonl

log = logging.getLogger(__name__)


@attrs.frozen
class Settings:
    """Training settings: L2 penalty (on the mean log-likelihood), Adam steps and rate, feature min count, and
    the margin by which a named candidate must outscore a description it replaces (added to the weight of
    :data:`quotes.attribution.descriptions.KEEP`; chosen by the ranker's 5-fold CV, docs/model-card.md: a wrong
    name costs the speaker, a kept description only the organization)."""

    l2: float = 1e-2
    steps: int = 300
    lr: float = 0.05
    min_count: int = 2
    keep_margin: float = 2.0


@attrs.frozen
class Parsed:
    """An annotated article, its parse and the quotes the rules extractor finds (before attribution)."""

    gold: GoldArticle
    article: Article
    doc: Doc
    found: tuple[Quote, ...]


@attrs.frozen
class Group:
    """One quote's candidates: feature lists and whether each is the gold speaker."""

    article: str
    lang: str
    features: tuple[tuple[str, ...], ...]
    labels: tuple[bool, ...]


def load(files: Sequence[str | Path], cache: str | Path | None) -> list[Parsed]:
    """Every annotated article of `files` (per file and language, in file order) with its parse and quotes."""
    pipe = QuotePipeline(extractor="rules")
    rules = get_extractor("rules")
    out: list[Parsed] = []
    for path in files:
        rows = [r for _, r in read_jsonl(path) if isinstance(r, dict) and r.get("text")]
        for lang in ("es", "en"):
            sub = [r for r in rows if (r.get("lang") or "en") == lang]
            if not sub:
                continue
            arts = [Article.from_dict({k: v for k, v in r.items() if k != "quotes"}) for r in sub]
            docs = parse_cached(arts, pipe.nlp(lang), cache)
            for row, art, doc in zip(sub, arts, docs, strict=True):
                found = tuple(rules(doc, art, lang))
                out.append(Parsed(gold_article_from_dict(row), art, doc, found))
    return out


def from_training(golds: Sequence[TrainingArticle], docs: Sequence[Doc]) -> list[Parsed]:
    """The articles of a cross-validation fold (:mod:`quotes.train.cv`) with the rules extractor's quotes."""
    rules = get_extractor("rules")
    out = []
    for ga, doc in zip(golds, docs, strict=True):
        lang = ga.article.lang or "en"
        out.append(Parsed(gold_article_from_dict(ga.raw), ga.article, doc, tuple(rules(doc, ga.article, lang))))
    return out


def fit_articles(
    golds: Sequence[TrainingArticle], docs: Sequence[Doc], settings: Settings = Settings()
) -> LinearRanker:
    """The ranker fitted on annotated articles and their parses (the fold trainer of `quotes cv`)."""
    return fit(groups(from_training(golds, docs)), settings)


class _Recorder:
    """Keeps the rules' choice and records every decision's candidates."""

    def __init__(self) -> None:
        self.rules = RulesChoice()
        self.seen: list[tuple[Quote, Sequence[Candidate]]] = []

    def choose(self, quote: Quote, candidates: Sequence[Candidate], lang: str) -> int:
        self.seen.append((quote, candidates))
        return self.rules.choose(quote, candidates, lang)


def groups(parsed: Sequence[Parsed]) -> list[Group]:
    """The training groups of the articles: matched quotes with a right and a wrong candidate."""
    out = []
    for p in parsed:
        lang = p.article.lang or "en"
        recorder = _Recorder()
        attribute(p.doc, list(p.found), lang, recorder)
        spans = [(g.start, g.end) for g in p.gold.quotes]
        for quote, cands in recorder.seen:
            gi = best_match((quote.start, quote.end), spans)
            if gi is None:
                continue
            labels = _labels(cands, p.gold.quotes[gi])
            if any(labels) and not all(labels):
                out.append(Group(p.gold.id, lang, tuple(c.features for c in cands), labels))
    return out


def _labels(cands: Sequence[Candidate], gold: GoldQuote) -> tuple[bool, ...]:
    """Which candidates are the gold speaker. For a description (its first candidate keeps it), the named
    candidates that are the gold speaker; the description itself only when the gold speaker is a description
    too or no named candidate is right (the scorer accepts a description listed among the aliases, but the
    name is what the organization and the later quotes need)."""
    named = tuple(speaker_matches(c.speaker.name, gold) for c in cands)
    if not cands or not descriptions.keeps(cands[0].features):
        return named
    keep = named[0] and (descriptions.is_description(gold.speaker) or not any(named[1:]))
    return (keep, *named[1:])


def fit(train: Sequence[Group], settings: Settings = Settings()) -> LinearRanker:
    """The ranker of both decisions: a conditional logit over the context speakers' groups and another over
    the descriptions' groups (their features are apart, ``d|``; each fitted on its own groups, so that either
    model is what it would be alone), the descriptions' with :attr:`Settings.keep_margin`."""
    described = [g for g in train if _describes(g)]
    weights = _fit_logit([g for g in train if not _describes(g)], settings)
    if described:
        own = _fit_logit(described, settings)
        own[descriptions.KEEP] = own.get(descriptions.KEEP, 0.0) + settings.keep_margin
        weights.update(own)
    return LinearRanker(weights)


def _describes(group: Group) -> bool:
    return bool(group.features) and descriptions.keeps(group.features[0])


def _fit_logit(train: Sequence[Group], settings: Settings) -> dict[str, float]:
    """A conditional logit over the groups' candidates (deterministic: sorted vocabulary, zero start)."""
    if not train:
        return {}
    counts: dict[str, int] = {}
    for g in train:
        for feats in g.features:
            for f in set(feats):
                counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, n in counts.items() if n >= settings.min_count)
    index = {f: i for i, f in enumerate(vocab)}
    rows, cols, group_of, gold = [], [], [], []
    row = 0
    for gi, g in enumerate(train):
        positives = sum(g.labels)
        for feats, label in zip(g.features, g.labels, strict=True):
            for f in feats:
                if f in index:
                    rows.append(row)
                    cols.append(index[f])
            group_of.append(gi)
            gold.append(1.0 / positives if label else 0.0)
            row += 1
    r, c = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)
    grp, target = np.array(group_of, dtype=np.int64), np.array(gold)
    n_groups = len(train)
    w = np.zeros(len(vocab))
    m, v = np.zeros_like(w), np.zeros_like(w)
    for step in range(1, settings.steps + 1):
        s = np.bincount(r, weights=w[c], minlength=row)
        s = s - _group_max(s, grp, n_groups)[grp]
        e = np.exp(s)
        prob = e / np.bincount(grp, weights=e, minlength=n_groups)[grp]
        resid = (prob - target) / n_groups
        grad = np.bincount(c, weights=resid[r], minlength=len(vocab)) + settings.l2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= settings.lr * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return {f: float(x) for f, x in zip(vocab, w, strict=True) if abs(x) > 1e-6}


def _group_max(s: np.ndarray, grp: np.ndarray, n: int) -> np.ndarray:
    out = np.full(n, -np.inf)
    np.maximum.at(out, grp, s)
    return out


def predict(parsed: Sequence[Parsed], ranker: SpeakerRanker) -> list[Prediction]:
    """The attributed quotes of the articles with `ranker` choosing the context speakers."""
    out = []
    for p in parsed:
        for q in attribute(p.doc, list(p.found), p.article.lang or "en", ranker):
            out.append(Prediction.from_record(q))
    return out


def figures(parsed: Sequence[Parsed], predictions: Sequence[Prediction]) -> dict[str, dict[str, float]]:
    """Speaker accuracy (lenient and strict), organization accuracy (as attribution leaves it, before the
    organization linker) and attributed F1 per language."""
    out = {}
    for lang in ("es", "en"):
        golds = [p.gold for p in parsed if (p.article.lang or "en") == lang]
        if not golds:
            continue
        s = score(golds, predictions)
        out[lang] = {
            "attributed_f1": round(s.attributed.f1, 4),
            "quote_f1": round(s.quote.f1, 4),
            "speaker_acc": round(s.speaker.value or 0.0, 4),
            "speaker_strict_acc": round(s.speaker_strict.value or 0.0, 4),
            "organization_acc": round(s.organization.value or 0.0, 4),
            "matched": s.speaker.total,
        }
    return out


def cross_validate(parsed: Sequence[Parsed], k: int = 5, settings: Settings = Settings()) -> dict[str, object]:
    """K-fold CV by article: the rules' choice against the ranker trained on the other folds."""
    all_groups = groups(parsed)
    folds = [fold_of(p.gold.id, k) for p in parsed]
    learned: list[Prediction] = []
    for fold in range(k):
        held = {p.gold.id for p, f in zip(parsed, folds, strict=True) if f == fold}
        ranker = fit([g for g in all_groups if g.article not in held], settings)
        learned += predict([p for p, f in zip(parsed, folds, strict=True) if f == fold], ranker)
        log.info("speakers cv: fold %d done", fold)
    return {
        "rules": figures(parsed, predict(parsed, RulesChoice())),
        "ranker": figures(parsed, learned),
        "groups": len(all_groups),
    }


def train_speakers(
    files: Sequence[str | Path],
    *,
    out: str | Path | None = None,
    cv: int = 0,
    settings: Settings = Settings(),
    cache: str | Path | None = None,
) -> dict[str, object]:
    """Train the ranker on `files` (and first cross-validate it when `cv`), save it under `out`."""
    return train_and_write(
        files,
        lambda parsed: fit(groups(parsed), settings),
        lambda parsed, k: cross_validate(parsed, k, settings),
        "ranker.json",
        out=out,
        cv=cv,
        cache=cache,
    )


class _Weights(Protocol):
    @property
    def weights(self) -> dict[str, float]: ...

    def to_json(self) -> dict[str, object]: ...


def train_and_write(
    files: Sequence[str | Path],
    fitted: Callable[[list[Parsed]], _Weights],
    crossed: Callable[[list[Parsed], int], dict[str, object]],
    filename: str,
    *,
    out: str | Path | None,
    cv: int,
    cache: str | Path | None,
) -> dict[str, object]:
    """Read the annotated `files`, print `crossed`'s K-fold report when `cv`, fit on all of them and write the
    weights to `out`/`filename`: the shape of every small attribution model's training command."""
    parsed = load(files, cache)
    report: dict[str, object] = {"articles": len(parsed)}
    if cv:
        report["cv"] = crossed(parsed, cv)
        print(json.dumps(report["cv"], indent=1), flush=True)
    model = fitted(parsed)
    report["features"] = len(model.weights)
    if out is not None:
        write_weights(model.to_json(), Path(out) / filename)
    return report


def write_weights(data: dict[str, object], path: Path) -> None:
    """A small linear model's JSON, written reproducibly (sorted keys, one entry per line, no date)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=0, sort_keys=True, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
