"""Cross-validation by article: the honest figure of everything the library learns from annotated data.

All annotated articles of this project's guideline (the dev set and `corpora/annotated/train*.jsonl.gz`) are
split in `k` folds by a hash of their ids, so the split is the same on every machine and an added article
moves no other. For each fold, every learned component is trained on the other folds (plus training-only
data such as PolNeAR train) by a list of **fold trainers**, and the whole default pipeline
(:class:`quotes.pipeline.QuotePipeline`, with what the trainers return injected) runs on the held-out fold.
The predictions of all folds are pooled and scored by :mod:`quotes.evaluation` per language. The pipeline's
last step, the record filter (:mod:`quotes.record_filter`), learns from out-of-fold records, so it runs after
all folds: each fold's ensemble records are judged by a filter fitted on the other folds' records, and reported
as the extractor ``ensemble+filter`` (what the default pipeline gives); ``ensemble`` is the records unfiltered.

A fold trainer is any callable `trainer(golds, docs) -> dict` taking the training articles
(:class:`quotes.train.data.TrainingArticle`) and their parses and returning keyword arguments of
`QuotePipeline` (`extractor=`, `claim_classifier=`, `speaker_ranker=`, `speaker_typer=`,
`organization_linker=`).
:class:`StatisticalTrainer` returns the ensemble of the rules and a statistical model fitted on the fold;
:func:`claims_trainer` wraps
`quotes.train.claims.fit(articles, docs) -> ClaimClassifier` when that module exists;
:func:`attribution_trainer` fits the speaker ranker (:mod:`quotes.train.speakers`), the speaker typer
(:mod:`quotes.train.name_types`) and the organization linker (:mod:`quotes.train.organizations`) in turn, each
on quotes attributed by the fold's earlier ones, and :func:`statistical_after_attribution` tunes the ensemble's
decisions on quotes those models attribute. Later trainers override earlier ones' keys.

The learning curve repeats the protocol with 25 % and 50 % of each fold's training articles (a fixed,
nested subset: the same hash order at every size), the test folds unchanged.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import math
import time
from collections.abc import Callable, Collection, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from spacy.tokens import Doc

from quotes import evaluation as ev
from quotes.attribution.name_types import Typer
from quotes.attribution.orglink import keep_rules
from quotes.attribution.ranking import SpeakerRanker
from quotes.evaluation.gold import gold_article_from_dict
from quotes.extractors import Extractor, get_extractor
from quotes.extractors.ensemble import EnsembleExtractor
from quotes.extractors.rules import RuleExtractor
from quotes.extractors.statistical import StatisticalExtractor
from quotes.models import Quote
from quotes.pipeline import QuotePipeline
from quotes.record_filter import keep_all
from quotes.train import end_model
from quotes.train.data import TrainingArticle, fold_of
from quotes.train.loop import build_lexicon, fit_statistical, parse_files
from quotes.train.record_filter import filter_out_of_fold
from quotes.train.stack import tune_ensemble

log = logging.getLogger("quotes.train")

FoldTrainer = Callable[[list[TrainingArticle], list[Doc]], dict[str, Any]]

#: The extractor whose records the record filter judges, and the name its filtered records are reported under
#: (what the default pipeline gives: :mod:`quotes.record_filter`).
FILTERED_OF = "ensemble"
FILTERED = "ensemble+filter"
#: The figures reported per language (keys of :meth:`quotes.evaluation.Scores.to_json` or derived).
FIGURES = (
    "attributed_f1",
    "quote_p",
    "quote_r",
    "quote_f1",
    "speaker_acc",
    "speaker_strict_acc",
    "organization_acc",
    "claim_acc",
    "claim_macro_f1",
)


def subset(golds: Sequence[TrainingArticle], fraction: float) -> list[int]:
    """Indices of a nested, deterministic `fraction` of the articles (the first ones in hash order)."""
    if fraction >= 1.0:
        return list(range(len(golds)))
    order = sorted(range(len(golds)), key=lambda i: hashlib.sha1(f"subset:{golds[i].article.id}".encode()).digest())
    keep = set(order[: max(1, math.ceil(fraction * len(golds)))])
    return [i for i in range(len(golds)) if i in keep]


def load_annotated(
    files: Sequence[str | Path], cache: str | Path | None, limit: int | None = None
) -> tuple[list[TrainingArticle], list[Doc]]:
    """Gold articles of several files with their parses; an id already used by an earlier article gets the
    file's name appended, so that pooled scoring never mixes two articles."""
    golds, docs, _ = load_annotated_by_file(files, cache, limit)
    return golds, docs


def load_annotated_by_file(
    files: Sequence[str | Path], cache: str | Path | None, limit: int | None = None
) -> tuple[list[TrainingArticle], list[Doc], dict[str, list[str]]]:
    """:func:`load_annotated`, and the ids of the articles by the name of the file they came from (for
    :func:`cross_validate`'s `groups`)."""
    golds, docs = [], []
    by_file: dict[str, list[str]] = {}
    seen: set[str] = set()
    for f in files:
        g, d = parse_files([f], cache, limit)
        ids = by_file.setdefault(Path(f).name, [])
        for ga in g:
            aid = ga.article.id
            if aid in seen:
                aid = f"{aid}@{Path(f).name}"
                ga = attrs.evolve(ga, article=attrs.evolve(ga.article, id=aid), raw=dict(ga.raw, id=aid))
            seen.add(aid)
            golds.append(ga)
            ids.append(aid)
        docs += d
    return golds, docs, by_file


class StatisticalTrainer:
    """Fold trainer of the statistical extractor and the ensemble's learned decisions.

    Args:
        extra: Training-only articles and parses (PolNeAR train), added to every fold's training data.
        lexicon_dir: Directory of the reporting-verb lexicons.
        epochs, lr, seed, extra_weight, inner: As for :func:`quotes.train.loop.fit_statistical`.
        end_languages: Languages whose content-end model (:mod:`quotes.extractors.rules.ends`) is fitted on
            each fold's training articles, as the shipped one is for Spanish; the fold's rules (alone and
            inside the ensemble) then end their contents by it, never by the shipped weights, which were fitted
            on articles of every fold.
    """

    def __init__(
        self,
        extra: tuple[list[TrainingArticle], list[Doc]] = ([], []),
        lexicon_dir: str | Path | None = None,
        *,
        epochs: int = 6,
        lr: float = 0.001,
        seed: int = 0,
        ensemble: bool = True,
        end_languages: Sequence[str] = (),
        extra_weight: float = 1.0,
        inner: int = 2,
    ):
        self.end_languages = tuple(end_languages)
        self.extra_weight = extra_weight
        self.inner = inner
        self.extra = extra
        self.lexicon_dir = lexicon_dir
        self.epochs, self.lr, self.seed = epochs, lr, seed
        self.ensemble = ensemble
        self._examples: dict[str, Any] = {}
        self._rules: dict[str, list[Quote]] = {}
        self.rules = get_extractor("rules")

    def __call__(
        self,
        golds: list[TrainingArticle],
        docs: list[Doc],
        *,
        ranker: SpeakerRanker | None = None,
        typer: Typer | None = None,
    ) -> dict[str, Any]:
        """The fold's ensemble; `ranker` and `typer` attribute the quotes its decisions are tuned on (default:
        the shipped ones; :func:`statistical_after_attribution` passes the fold's)."""
        lexicon = build_lexicon(self.lexicon_dir, golds + self.extra[0], docs + self.extra[1])
        langs = sorted({g.article.lang or "en" for g in golds + self.extra[0]})
        model, oof = fit_statistical(
            golds,
            docs,
            lexicon,
            extra=self.extra,
            variants=langs,
            epochs=self.epochs,
            lr=self.lr,
            seed=self.seed,
            cached=self._examples,
            extra_weight=self.extra_weight,
            inner=self.inner,
        )
        rules, memo = self.rules, self._rules
        if self.end_languages:
            rules = RuleExtractor(
                end_weights={lang: end_model.fit(end_model.examples(golds, docs, lang)) for lang in self.end_languages}
            )
            memo = {}  # the rules' outputs change with each fold's end model
        if self.ensemble:
            model.meta["ensemble"] = tune_ensemble(
                golds, docs, oof, rules=rules, memo=memo, ranker=ranker, typer=typer
            )
        return {"extractor": EnsembleExtractor(rules, StatisticalExtractor(model)), "rules": rules}


def claims_trainer(extra: tuple[list[TrainingArticle], list[Doc]] = ([], [])) -> FoldTrainer | None:
    """The claim-type fold trainer, when :mod:`quotes.train.claims` (a `fit(articles, docs)`) is installed;
    `extra` articles (and parses) are added to every fold's claim training, never scored."""
    if importlib.util.find_spec("quotes.train.claims") is None:
        return None
    from quotes.train import claims as tc

    fit = getattr(tc, "fit", None)
    if fit is None:
        return None
    memo: dict[str, Any] = {}  # each article's quotes found by the rules, the same in every fold
    more_golds, more_docs = extra
    return lambda golds, docs: {"claim_classifier": fit(golds + more_golds, docs + more_docs, memo=memo)}


def attribution_trainer(languages: Sequence[str] | None = None) -> FoldTrainer:
    """The speaker ranker, then the speaker typer on the ranker's speakers, then the organization linker on
    both, deciding for `languages` (default: those the shipped linker decides for, Spanish when none ships):
    each fitted on the fold's articles with the fold's earlier models, as the retraining sequence fits the
    shipped ones on all articles, so the three depend on the fold's articles alone, not on the shipped weights
    (fitted on every article)."""
    from quotes.attribution.orglink import shipped
    from quotes.train.name_types import fit_articles as fit_typer
    from quotes.train.organizations import fit_articles as fit_linker
    from quotes.train.speakers import fit_articles as fit_ranker

    if languages is None:
        model = shipped()
        languages = tuple(model.meta.get("languages", ("es",))) if model is not None else ("es",)
    chosen = tuple(languages)

    def train(golds: list[TrainingArticle], docs: list[Doc]) -> dict[str, Any]:
        ranker = fit_ranker(golds, docs)
        typer = fit_typer(golds, docs, ranker=ranker)
        linker = fit_linker(golds, docs, chosen, speaker_ranker=ranker, speaker_typer=typer)
        return {"speaker_ranker": ranker, "speaker_typer": typer, "organization_linker": linker}

    return train


def statistical_after_attribution(stat: StatisticalTrainer, attribution: FoldTrainer) -> FoldTrainer:
    """The fold's attribution models first (:func:`attribution_trainer`), then the statistical model with the
    ensemble's decisions tuned on quotes those models attribute: what `quotes cv` runs, so that no figure
    depends on the shipped ranker."""

    def train(golds: list[TrainingArticle], docs: list[Doc]) -> dict[str, Any]:
        att = attribution(golds, docs)
        return {**stat(golds, docs, ranker=att.get("speaker_ranker"), typer=att.get("speaker_typer")), **att}

    return train


def _variants(injected: dict[str, Any], names: Sequence[str]) -> dict[str, Extractor]:
    """The extractors to score: the injected ensemble and its statistical part, and the rules."""
    ens = injected.get("extractor")
    out: dict[str, Extractor] = {}
    for name in names:
        if name == "ensemble" and ens is not None:
            out[name] = ens
        elif name == "statistical" and isinstance(ens, EnsembleExtractor):
            out[name] = ens.statistical
        elif name == "rules" and injected.get("rules") is not None:
            out[name] = injected["rules"]
        else:
            out[name] = get_extractor(name)
    return out


def selected_parses(golds: Sequence[TrainingArticle], *, batch_size: int = 16) -> list[Doc]:
    """The parses the default pipeline makes of the articles' texts (only the sentences that can hold a
    quote, :mod:`quotes.select`), in the order of `golds`."""
    pipe = QuotePipeline()
    out: list[Doc | None] = [None] * len(golds)
    by_lang: dict[str, list[int]] = {}
    for i, g in enumerate(golds):
        by_lang.setdefault(g.article.lang or "en", []).append(i)
    for lang, idx in by_lang.items():
        parsed = pipe.parse([golds[i].article.text for i in idx], lang, batch_size=batch_size)
        for i, doc in zip(idx, parsed, strict=True):
            out[i] = doc
    return [d for d in out if d is not None]


def figures(scores: ev.Scores) -> dict[str, Any]:
    """The reported figures of one language's scores."""
    j = scores.to_json()
    out: dict[str, Any] = {
        "articles": scores.articles,
        "gold": scores.gold,
        "pred": scores.pred,
        "attributed_f1": round(scores.attributed.f1, 4),
        "quote_p": round(scores.quote.precision, 4),
        "quote_r": round(scores.quote.recall, 4),
        "quote_f1": round(scores.quote.f1, 4),
    }
    for key in FIGURES[4:]:
        out[key] = j.get(key)
    return out


def cross_validate(
    golds: list[TrainingArticle],
    docs: list[Doc],
    trainers: Sequence[FoldTrainer],
    *,
    k: int = 5,
    extractors: Sequence[str] = ("rules", "statistical", "ensemble"),
    fraction: float = 1.0,
    groups: Mapping[str, Collection[str]] | None = None,
    predictions: MutableMapping[str, list[Quote]] | None = None,
    test_docs: Sequence[Doc] | None = None,
) -> dict[str, Any]:
    """k-fold cross-validation by article of the default pipeline with the trainers' components injected.

    Args:
        groups: Named sets of article ids (say, one per input file) also scored on their own, from the same
            pooled predictions.
        predictions: Filled with each extractor's pooled out-of-fold quotes (for error analysis).
        test_docs: What the held-out articles are read from (default `docs`): see :func:`selected_parses`.

    Returns:
        `{"k", "fraction", "folds": [test articles per fold], "figures": {extractor: {lang: figures}}}`,
        the figures pooled over the held-out folds; with `groups`, also `"groups": {name: {extractor: {lang:
        figures}}}`.
    """
    folds = [fold_of(g.article.id, k) for g in golds]
    preds: dict[str, list[Quote]] = {name: [] for name in extractors}
    t0 = time.perf_counter()
    for f in range(k):
        train = [i for i in range(len(golds)) if folds[i] != f]
        test = [i for i in range(len(golds)) if folds[i] == f]
        train = [train[j] for j in subset([golds[i] for i in train], fraction)]
        tg, td = [golds[i] for i in train], [docs[i] for i in train]
        injected: dict[str, Any] = {}
        for trainer in trainers:
            injected.update(trainer(tg, td))
        for name, extractor in _variants(injected, extractors).items():
            pipe = QuotePipeline(
                extractor,
                claim_classifier=injected.get("claim_classifier"),
                speaker_ranker=injected.get("speaker_ranker"),
                speaker_typer=injected.get("speaker_typer"),
                # Without a trained linker the rules' organizations (never the shipped weights, fitted on
                # every article).
                organization_linker=injected.get("organization_linker", keep_rules),
                # The shipped record filter learned from these articles' records: filtered below, out of fold.
                record_filter=keep_all,
            )
            for i in test:
                g = golds[i]
                preds[name].extend(pipe.quotes_from_doc((test_docs or docs)[i], g.article, g.article.lang or "en"))
        log.info(
            "fold %d/%d: %d training, %d test articles (%.0fs)",
            f + 1,
            k,
            len(train),
            len(test),
            time.perf_counter() - t0,
        )
    gold_ev = [gold_article_from_dict(g.raw) for g in golds]
    if FILTERED_OF in preds:
        # The default pipeline's last step: each fold's records judged by a filter fitted on the other folds'.
        by_id = {g.article.id: fold for g, fold in zip(golds, folds, strict=True)}
        preds[FILTERED] = filter_out_of_fold(gold_ev, preds[FILTERED_OF], by_id)
    if predictions is not None:
        predictions.update(preds)
    out: dict[str, Any] = {
        "k": k,
        "fraction": fraction,
        "folds": [sum(1 for x in folds if x == f) for f in range(k)],
        "figures": {},
    }
    for name, ps in preds.items():
        result = ev.evaluate(gold_ev, ps)
        out["figures"][name] = {lang: figures(s) for lang, s in result.by_lang.items()}
    if groups:
        out["groups"] = {group: _group_figures(gold_ev, preds, set(ids)) for group, ids in groups.items()}
    return out


def _group_figures(gold_ev: list, preds: dict[str, list[Quote]], keep: set[str]) -> dict[str, Any]:
    """Each extractor's figures per language over the articles of `keep` only."""
    sub = [g for g in gold_ev if g.id in keep]
    return {
        name: {lang: figures(s) for lang, s in ev.evaluate(sub, [q for q in ps if q.doc in keep]).by_lang.items()}
        for name, ps in preds.items()
    }


def format_cv(report: dict[str, Any]) -> str:
    """A plain-text table: one row per extractor and language, one column per figure; then the same rows for
    each group of articles (``[name]`` at the end)."""
    cols = FIGURES
    short = ("att F1", "q P", "q R", "q F1", "spk", "strict", "org", "claim", "macro")

    def rows(by_name: dict[str, dict[str, dict[str, Any]]], suffix: str = "") -> list[str]:
        out = []
        for name, by_lang in by_name.items():
            for lang, fig in by_lang.items():
                vals = " ".join(f"{fig[c]:6.3f}" if isinstance(fig.get(c), float) else f"{'-':>6s}" for c in cols)
                out.append(f"  {name:15s} {lang:4s} {fig['gold']:5d} {vals}{suffix}")
        return out

    lines = []
    for title, rep in report.items():
        if not isinstance(rep, dict) or "figures" not in rep:
            continue
        lines.append(f"{title} (k={rep['k']}, training fraction {rep['fraction']:.2f})")
        lines.append(f"  {'extractor':15s} {'lang':4s} {'n':>5s} " + " ".join(f"{s:>6s}" for s in short))
        lines += rows(rep["figures"])
        for group, by_name in rep.get("groups", {}).items():
            lines += rows(by_name, f"  [{group}]")
    return "\n".join(lines)
