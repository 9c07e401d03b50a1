"""Training and cross-validation of the learned claim-type classifier (:mod:`quotes.enrich.claims.learned`).

The shipped model (see docs/claims.md), from the checkout's root::

    quotes train --claims corpora/dev/dev.jsonl corpora/annotated/train*.jsonl.gz \\
        --out quotes/data/models/claims --cv 5

(:func:`train_claims` does the work.) ``--cv K`` first prints K-fold cross-validation by article (folds from
a hash of the article id, per language): accuracy, macro-F1, per-type precision/recall and the confusion table
of the rules, the learned model without the rules' verdicts, the learned model with them, and the joint (both
languages) variant. ``--eval FILE`` scores the trained model on a gold file it was not trained on.

Training is deterministic: the feature vocabulary is sorted, the optimizer is full-batch (no shuffling) and
starts from zero weights.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs
import numpy as np
from attrs import frozen
from spacy.tokens import Doc

from quotes import attribution
from quotes.enrich.claims.features import claim_features
from quotes.enrich.claims.learned import LABELS, LearnedClaimClassifier, LogisticModel
from quotes.enrich.claims.rules import RuleClaimClassifier
from quotes.evaluation.claims import score_pairs
from quotes.evaluation.matching import match_spans
from quotes.extractors import Extractor, get_extractor
from quotes.models import ClaimType, Quote
from quotes.train.data import TrainingArticle, load_gold, parse_cached
from quotes.train.sparse import index_rows, sparse_product

log = logging.getLogger(__name__)

#: Feature prefixes that carry the rule classifier's verdicts; dropped for the "learned without rules" variant.
RULE_PREFIXES = ("det=", "why=", "ev=", "rule=", "own_future")
#: Feature prefixes of the plain bag-of-n-grams baseline.
NGRAM_PREFIXES = ("w=", "b=")


@frozen
class Settings:
    """Training settings.

    Attributes:
        l2: L2 penalty on the weights (per example, the loss is the mean cross-entropy).
        min_count: A feature must occur in at least this many training quotes.
        steps: Full-batch Adam steps.
        lr: Adam learning rate (the first step's, under the cosine schedule).
        schedule: ``cosine`` (the rate decays to zero over the steps, so the fit settles) or ``constant``
            (the fit before 2026-12-05, sixth session: about 8 % of the held-out decisions moved when a few
            training examples changed; docs/claims.md).
        balanced: Weight each example by the inverse frequency of its type (raises recall on rare types,
            which macro-F1 rewards).
        joint: One model for both languages (features carry the language through their words) instead of one
            per language.
        keep: Which features to use: ``all``, ``no_rules`` (drop the rules' verdicts) or ``ngrams``.
        predicted: Also train on the quotes the rules extractor finds in the training articles, each with the
            claim type of the gold quote it matches (:func:`predicted_examples`), besides the gold quotes.
    """

    l2: float = 1e-4
    min_count: int = 2
    steps: int = 300
    lr: float = 0.05
    balanced: bool = True
    joint: bool = True
    keep: str = "all"
    predicted: bool = True
    schedule: str = "cosine"


def _keep(feats: list[str], keep: str) -> list[str]:
    if keep == "no_rules":
        return [f for f in feats if not f.startswith(RULE_PREFIXES)]
    if keep == "ngrams":
        return [f for f in feats if f.startswith(NGRAM_PREFIXES)] + [feats[0]]
    return feats


@frozen
class Example:
    """One quote's features and gold claim type. `source`: ``gold`` (the gold quote itself) or ``predicted``
    (a quote the extractor found, matched to a gold one)."""

    article: str
    lang: str
    feats: tuple[str, ...]
    label: str
    quote: Quote = attrs.field(eq=False, repr=False)
    doc: Doc = attrs.field(eq=False, repr=False)
    source: str = "gold"


def gold_quote_objects(gold: TrainingArticle) -> list[tuple[Quote, str | None]]:
    """:class:`Quote` objects for an article's gold quotes (content, cue, kind, speaker fields from the gold)."""
    text = gold.article.text
    out = []
    for located, raw in zip(gold.quotes, gold.raw.get("quotes", []), strict=False):
        fields = {
            "kind": located.kind if located.kind in ("direct", "indirect", "mixed") else "indirect",
            "cue": raw.get("cue"),
            "speaker": raw.get("speaker"),
            "organization": raw.get("organization"),
            "role": raw.get("role"),
            "lang": gold.article.lang or "",
        }
        if located.cue is not None:
            fields["cue_start"], fields["cue_end"] = located.cue
        quote = Quote.from_offsets(gold.article.id, text, located.start, located.end, **fields)
        try:
            quote = attrs.evolve(quote, speaker_type=raw.get("speaker_type"))
        except ValueError:
            pass  # a speaker type outside the SPEC's list is left unknown
        out.append((quote, raw.get("claim_type")))
    return out


def examples(articles: Sequence[TrainingArticle], docs: Sequence[Doc]) -> list[Example]:
    """Every gold quote with a claim type whose content the parse can read."""
    out = []
    for gold, doc in zip(articles, docs, strict=True):
        lang = gold.article.lang or "es"
        for quote, label in gold_quote_objects(gold):
            if label not in LABELS:
                continue
            feats = claim_features(doc, quote, lang)
            if feats is not None:
                out.append(Example(gold.article.id, lang, tuple(feats), label, quote, doc))
    return out


def predicted_examples(
    articles: Sequence[TrainingArticle], docs: Sequence[Doc], memo: dict[str, list[Example]] | None = None
) -> list[Example]:
    """The gold claim types on the quotes the pipeline itself finds in the articles.

    At run time the classifier reads a predicted quote: its span may be cut short or run on, its speaker and
    speaker type are the attribution's, its cue the extractor's. Quotes found by the rules extractor and
    attributed (:func:`quotes.attribution.attribute`), each matched to a gold quote by the evaluation's span
    rule, take that gold quote's type. The rules learn nothing from the articles, so this holds for training
    articles too. `memo` keeps each article's examples across calls (cross-validation folds), keyed by
    :attr:`~quotes.train.data.TrainingArticle.key`.
    """
    rules = get_extractor("rules")
    memo = memo if memo is not None else {}
    out: list[Example] = []
    for gold, doc in zip(articles, docs, strict=True):
        key = gold.key
        if key not in memo:
            memo[key] = _matched_examples(gold, doc, rules)
        out.extend(memo[key])
    return out


def _matched_examples(gold: TrainingArticle, doc: Doc, extractor: Extractor) -> list[Example]:
    """The extractor's attributed quotes of one article that match a gold quote with a claim type, in
    document order, each labelled with that type."""
    lang = gold.article.lang or "es"
    found = attribution.attribute(doc, extractor(doc, gold.article, lang), lang)
    gold_quotes = gold_quote_objects(gold)
    pairs = match_spans([(q.start, q.end) for q, _ in gold_quotes], [(q.start, q.end) for q in found])
    rows = []
    for gi, pi in sorted(pairs, key=lambda pair: pair[1]):
        label = gold_quotes[gi][1]
        if label is None or label not in LABELS:
            continue
        feats = claim_features(doc, found[pi], lang)
        if feats is not None:
            rows.append(Example(gold.article.id, lang, tuple(feats), label, found[pi], doc, "predicted"))
    return rows


# --------------------------------------------------------------------------------------------------- fitting


def learning_rate(settings: Settings, step: int) -> float:
    """Adam's rate at `step` (1 to `settings.steps`): `settings.lr`, or under the cosine schedule that rate
    times (1 + cos(pi (step - 1) / steps)) / 2, which falls from the full rate to nearly zero at the last step."""
    if settings.schedule == "constant":
        return settings.lr
    return settings.lr * 0.5 * (1.0 + math.cos(math.pi * (step - 1) / settings.steps))


def train_model(rows: Sequence[Sequence[str]], labels: Sequence[str], settings: Settings) -> LogisticModel:
    """Multinomial logistic regression on binary features, full-batch Adam from zero weights (the rate decays
    by a cosine to zero over the steps unless `settings.schedule` is ``constant``)."""
    vocab, r, c = index_rows(rows, settings.min_count)
    n, k, d = len(rows), len(LABELS), len(vocab)
    y = np.zeros((n, k), dtype=np.float64)
    y[np.arange(n), [LABELS.index(lab) for lab in labels]] = 1.0
    if settings.balanced:
        freq = y.sum(axis=0)
        cls_w = np.where(freq > 0, n / (k * np.maximum(freq, 1)), 0.0)
        sw = (y * cls_w).sum(axis=1)
        sw = sw / sw.mean()
    else:
        sw = np.ones(n)
    w = np.zeros((d, k))
    b = np.zeros(k)
    m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, settings.steps + 1):
        lr = learning_rate(settings, step)
        z = sparse_product(r, c, w, n) + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - y) * sw[:, None] / n
        g_w = sparse_product(c, r, g, d) + settings.l2 * w
        g_b = g.sum(axis=0)
        for param, grad, m, v in ((w, g_w, m_w, v_w), (b, g_b, m_b, v_b)):
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * grad * grad
            param -= lr * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + eps)
    meta = {"settings": attrs.asdict(settings), "n_examples": n, "n_features": d}
    return LogisticModel(vocab, w.astype(np.float32), b.astype(np.float32), LABELS, meta)


def fit_examples(exs: Sequence[Example], settings: Settings = Settings()) -> LearnedClaimClassifier:
    """Fit on examples (the predicted ones only when `settings.predicted`)."""
    groups: dict[str, list[Example]] = defaultdict(list)
    for ex in exs:
        if ex.source == "predicted" and not settings.predicted:
            continue
        groups["*" if settings.joint else ex.lang].append(ex)
    models = {}
    for key in sorted(groups):
        group = groups[key]
        rows = [_keep(list(ex.feats), settings.keep) for ex in group]
        models[key] = train_model(rows, [ex.label for ex in group], settings)
    return _Restricted(models, settings.keep)


class _Restricted(LearnedClaimClassifier):
    """A learned classifier that reads only the feature families it was trained on."""

    def __init__(self, models: dict[str, LogisticModel], keep: str = "all") -> None:
        super().__init__(models)
        self.keep = keep

    def predict_example(self, ex: Example) -> str:
        model = self.model_for(ex.lang)
        assert model is not None
        return model.predict(_keep(list(ex.feats), self.keep))

    def __call__(self, doc: Doc, quote: Quote, lang: str) -> ClaimType | None:
        if self.keep == "all":
            return super().__call__(doc, quote, lang)
        model = self.model_for(lang)
        feats = claim_features(doc, quote, lang)
        if model is None or feats is None:
            return super().__call__(doc, quote, lang)
        return ClaimType(model.predict(_keep(feats, self.keep)))


def fit(
    articles: Sequence[TrainingArticle],
    docs: Sequence[Doc],
    settings: Settings = Settings(),
    memo: dict[str, list[Example]] | None = None,
) -> LearnedClaimClassifier:
    """Train the claim-type classifier on gold articles and their parses (the cross-validation harness's
    interface). The result is callable as ``(doc, quote, lang) -> ClaimType | None``. `memo`: as for
    :func:`predicted_examples`."""
    exs = examples(articles, docs)
    if settings.predicted:
        exs += predicted_examples(articles, docs, memo)
    return fit_examples(exs, settings)


def save(classifier: LearnedClaimClassifier, path: str | Path) -> None:
    classifier.save(path)


def load(path: str | Path) -> LearnedClaimClassifier:
    return LearnedClaimClassifier.load(path)


# ------------------------------------------------------------------------------------------ cross-validation


def fold_of(article_id: str, k: int) -> int:
    """Deterministic fold of an article: its id's SHA-1 modulo k."""
    return int(hashlib.sha1(article_id.encode("utf-8")).hexdigest(), 16) % k


def cross_validate(
    exs: Sequence[Example], k: int, predictors: dict[str, Callable[[Sequence[Example]], Callable[[Example], str]]]
) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """``{variant: {lang: [(gold, predicted), ...]}}`` over k folds by article; the examples on predicted
    quotes are scored apart, under ``"<lang>, predicted spans"``.

    Each predictor factory receives the training examples of a fold and returns a function of one example.
    """
    out: dict[str, dict[str, list[tuple[str, str]]]] = {name: defaultdict(list) for name in predictors}
    for fold in range(k):
        train = [ex for ex in exs if fold_of(ex.article, k) != fold]
        test = [ex for ex in exs if fold_of(ex.article, k) == fold]
        for name, factory in predictors.items():
            predict = factory(train)
            for ex in test:
                key = ex.lang if ex.source == "gold" else f"{ex.lang}, predicted spans"
                out[name][key].append((ex.label, predict(ex)))
        log.info("fold %d/%d done", fold + 1, k)
    return out


def _rules_factory(_train: Sequence[Example]) -> Callable[[Example], str]:
    clf = RuleClaimClassifier()
    return lambda ex: str(clf(ex.doc, ex.quote, ex.lang))


def _learned_factory(settings: Settings) -> Callable[[Sequence[Example]], Callable[[Example], str]]:
    def factory(train: Sequence[Example]) -> Callable[[Example], str]:
        clf = fit_examples(train, settings)
        assert isinstance(clf, _Restricted)
        return clf.predict_example

    return factory


VARIANTS: dict[str, Settings] = {
    "ngrams": Settings(keep="ngrams", joint=False),
    "learned": Settings(keep="no_rules", joint=False),
    "combined-per-language": Settings(joint=False),
    "combined-gold-spans": Settings(predicted=False),
    "combined": Settings(),
}


# ------------------------------------------------------------------------------------- training and reports


def load_parsed(paths: Sequence[str], cache: str | None) -> tuple[list[TrainingArticle], list[Doc]]:
    """Gold articles of `paths` with their parses, cached per file and language (the grouping of the shared
    measuring tool, so its cache is reused when given as `cache`)."""
    from quotes.languages import NOT_NEEDED, default_pipeline

    articles: list[TrainingArticle] = []
    docs: list[Doc] = []
    for path in paths:
        gold = load_gold([path])
        for lang in ("es", "en"):
            sub = [g for g in gold if (g.article.lang or "en") == lang]
            if sub:
                articles += sub
                docs += parse_cached([g.article for g in sub], default_pipeline(lang, NOT_NEEDED), cache)
    return articles, docs


def _print_reports(title: str, pairs: dict[str, list[tuple[str, str]]]) -> dict:
    out = {}
    for lang in sorted(pairs):
        report = score_pairs(lang, pairs[lang])
        print(f"== {title}")
        print(report.format())
        out[lang] = {"accuracy": round(report.accuracy, 4), "macro_f1": round(report.macro_f1, 4)}
    return out


def train_claims(
    gold_paths: Sequence[str],
    *,
    out: str | None = None,
    cv: int = 0,
    variants: Sequence[str] = ("combined",),
    eval_paths: Sequence[str] = (),
    settings: Settings = Settings(),
    cache: str | None = str(Path.home() / ".cache" / "quotes" / "train"),
) -> dict:
    """Train the claim-type classifier on gold files, printing cross-validated and held-out figures.

    Args:
        gold_paths: Gold JSON Lines files to train on (SPEC section 5).
        out: Directory to write the model to (None: do not save).
        cv: First report `cv`-fold cross-validation by article (0: none) of the rules and each variant.
        variants: Names of :data:`VARIANTS` to cross-validate.
        eval_paths: Gold files to score the trained model (and the rules) on.
        settings: Training settings (the variants keep their own feature sets and joint flag).
        cache: Directory caching parsed articles.

    Returns:
        The figures printed, by variant (or `eval:FILE:rules` / `eval:FILE:learned`) and language.
    """
    articles, docs = load_parsed(gold_paths, cache)
    exs = examples(articles, docs)
    log.info("%d quotes with a claim type in %d articles", len(exs), len(articles))
    if settings.predicted or cv:
        exs += predicted_examples(articles, docs)
        log.info("%d predicted quotes matched to one of them", sum(ex.source == "predicted" for ex in exs))
    figures: dict = {}
    if cv:
        predictors: dict[str, Callable] = {"rules": _rules_factory}
        for name in variants:
            base = VARIANTS[name.strip()]
            predictors[name.strip()] = _learned_factory(attrs.evolve(base, l2=settings.l2, balanced=settings.balanced))
        for name, cv_pairs in cross_validate(exs, cv, predictors).items():
            figures[name] = _print_reports(f"{cv}-fold CV by article: {name}", cv_pairs)
        print(json.dumps(figures, indent=1))
    clf = fit_examples(exs, settings)
    if out:
        LearnedClaimClassifier(clf.models).save(out)
        log.info("model written to %s", out)
    for path in eval_paths:
        ev_articles, ev_docs = load_parsed([path], cache)
        pairs: dict[str, list[tuple[str, str]]] = defaultdict(list)
        rule_pairs: dict[str, list[tuple[str, str]]] = defaultdict(list)
        rules_clf = RuleClaimClassifier()
        for ex in examples(ev_articles, ev_docs):
            pairs[ex.lang].append((ex.label, str(clf(ex.doc, ex.quote, ex.lang))))
            rule_pairs[ex.lang].append((ex.label, str(rules_clf(ex.doc, ex.quote, ex.lang))))
        figures[f"eval:{path}:rules"] = _print_reports(f"{path}: rules", rule_pairs)
        figures[f"eval:{path}:learned"] = _print_reports(f"{path}: learned (trained on {list(gold_paths)})", pairs)
    return figures
