"""Training loop of the statistical extractor: gold files in, a model directory out.

Steps: read and locate the gold quotes; parse the articles (cached); generate candidates; label each content
candidate by the SPEC matching rule (it overlaps a gold quote over half of both spans) and each mention by
the gold source occurrence; fit the content and speaker models of both variants; tune the content threshold
on a held-out tenth of the training articles; refit on all of them; report figures on the dev files.

Everything is seeded and the batch order fixed, so the same command on the same data gives the same weights.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from quotes import lexicons
from quotes.evaluation.gold import GoldQuote, gold_quote_from_dict
from quotes.evaluation.matching import best_match, match_spans, speaker_matches
from quotes.extractors.statistical import Prediction, StatisticalModel
from quotes.extractors.statistical import model as lm
from quotes.extractors.statistical.constructions import Candidate, CueLexicon
from quotes.extractors.statistical.features import candidates, keep
from quotes.languages import NOT_NEEDED, default_pipeline
from quotes.train.data import TrainingArticle, iter_lines, keep_articles, load_gold, parse_cached
from quotes.train.stack import tune_ensemble

log = logging.getLogger("quotes.train")

#: Reporting-verb lexicons seeding the candidate generator, relative to a lexicon directory
#: (the project's shared lexicons; see docs/model-card.md for their licences).
BASE_LEXICONS: dict[str, tuple[str, ...]] = {
    "en": ("en_gendergaptracker_lemmas_derived.txt", "en_textacy_reporting_verbs_lemmas.txt"),
    "es": ("es_compiled_reporting_verbs_lemmas.txt", "es_textacy_reporting_verbs_lemmas.txt"),
}
# Verbs of mental state are not speech (SPEC section 3) even when annotators of other schemes kept them.
_NOT_SPEECH = lexicons.words(lexicons.COMMON, "not_speech_verbs")
DEFAULT_CACHE = Path.home() / ".cache" / "quotes" / "train"


def build_lexicon(
    lexicon_dir: str | Path | None, train: list[TrainingArticle], docs: list[Doc], *, min_count: int = 3
) -> CueLexicon:
    """Base lexicons plus every verb lemma that heads a gold cue at least `min_count` times in training."""
    words: dict[str, set[str]] = {lang: set() for lang in BASE_LEXICONS}
    if lexicon_dir is not None:
        for lang, files in BASE_LEXICONS.items():
            for name in files:
                p = Path(lexicon_dir) / name
                if p.exists():
                    words[lang] |= set(iter_lines(p))
    seen: Counter[tuple[str, str]] = Counter()
    for ga, doc in zip(train, docs, strict=True):
        lang = ga.article.lang or "en"
        for q in ga.quotes:
            if q.cue is None:
                continue
            span = doc.char_span(q.cue[0], q.cue[1], alignment_mode="expand")
            for t in span or ():
                if t.pos_ in ("VERB", "AUX") and t.lemma_.isalpha():
                    seen[(lang, t.lemma_.lower())] += 1
    for (lang, lemma), n in seen.items():
        if n >= min_count:
            words.setdefault(lang, set()).add(lemma)
    for lang in words:
        words[lang] -= _NOT_SPEECH
    return CueLexicon(words)


def _untrusted(c: Candidate, skip: Sequence[tuple[int, int]]) -> bool:
    """Whether a candidate overlaps a span the silver labeller is not trusted on."""
    return any(min(c.end, e) > max(c.start, s) for s, e in skip)


def _speaker_mention(c: Candidate, gold: GoldQuote, unresolved: bool, text: str, doc: Doc) -> int | None:
    """The candidate's source mention that names the `gold` quote's speaker by the scorer's lenient rule
    (the surname of a person, the words of an organization), the one nearest the cue (else the content);
    None when no mention does or the gold speaker is a pronoun left unresolved.

    The gold speaker is the fullest name in the article, often written only once, far from the quote ("John
    Smith" in the first paragraph, "Smith said" at the quote): its nearest occurrence is then no mention of
    the candidate, and the example taught the ranker nothing, or to prefer a distant full name over the
    subject next to the cue.
    """
    if unresolved or not gold.speaker or not c.mentions:
        return None
    right = [
        i
        for i, m in enumerate(c.mentions)
        if speaker_matches(text[m.start : m.end], gold, leading_articles=TRAINING_ARTICLES)
    ]
    if not right:
        return None
    at = (c.start, c.end) if c.cue is None else (doc[c.cue].idx, doc[c.cue].idx + len(doc[c.cue]))

    def distance(i: int) -> int:
        m = c.mentions[i]
        return max(at[0] - m.end, m.start - at[1], 0)

    return min(right, key=lambda i: (distance(i), i))


def examples(
    golds: list[TrainingArticle],
    docs: list[Doc],
    lexicon: CueLexicon,
    ignore: Sequence[Sequence[tuple[int, int]]] | None = None,
) -> list[dict[str, Any]]:
    """Candidates of every article with their labels: content label and gold mention index (or None): the
    mention naming the gold speaker nearest the cue (:func:`_speaker_mention`), else the one at the nearest
    occurrence of the gold speaker's string.

    `ignore` (per article): spans whose overlapping candidates are left out unless they match a labelled
    quote (silver data: quotes the labeller found but is not trusted on are neither positive nor negative).
    """
    out = []
    for n, (ga, doc) in enumerate(zip(golds, docs, strict=True)):
        lang = ga.article.lang or "en"
        spans = [(q.start, q.end) for q in ga.quotes]
        skip = ignore[n] if ignore is not None else ()
        gold_quotes = [
            gold_quote_from_dict(r, q.start, q.end) for r, q in zip(ga.raw["quotes"], ga.quotes, strict=True)
        ]
        for c in candidates(doc, lang, lexicon):
            k = best_match((c.start, c.end), spans)
            if k is None and _untrusted(c, skip):
                continue
            gold_m = (
                _speaker_mention(c, gold_quotes[k], ga.quotes[k].unresolved, ga.article.text, doc)
                if k is not None
                else None
            )
            mention = ga.quotes[k].mention if k is not None and gold_m is None else None
            if mention is not None:
                ms, me = mention
                inside = [i for i, m in enumerate(c.mentions) if ms <= doc[m.head].idx < me]
                gold_m = inside[0] if inside else None
            out.append(
                {
                    "content": c.features,
                    "label": int(k is not None),
                    "mentions": [m.features for m in c.mentions],
                    "gold_mention": gold_m,
                }
            )
    return out


def fit(
    exs: list[dict[str, Any]],
    *,
    universal: bool,
    epochs: int,
    seed: int,
    lr: float,
    weights: list[float] | None = None,
) -> tuple[Any, Any]:
    """Content and speaker layers of one variant (`weights`: one per example, scaling its loss)."""
    w = weights if weights is not None else [1.0] * len(exs)
    content = lm.train_binary(
        [keep(e["content"], universal) for e in exs],
        [e["label"] for e in exs],
        epochs=epochs,
        seed=seed,
        lr=lr,
        weights=w,
    )
    ranked = [(e, wi) for e, wi in zip(exs, w, strict=True) if e["label"] and e["gold_mention"] is not None]
    groups = [([keep(m, universal) for m in e["mentions"]], e["gold_mention"]) for e, _ in ranked]
    speaker = lm.train_ranker(groups, epochs=epochs, seed=seed, lr=lr, weights=[wi for _, wi in ranked])
    return content, speaker


# -- scoring (SPEC section 5), used for threshold tuning and the figures printed after training -------------

#: The articles the training's speaker rule drops from the front of names: Spanish and English only, a
#: shorter list than the scorer's (the thresholds of the shipped weights were chosen under it).
TRAINING_ARTICLES = lexicons.words(lexicons.COMMON, "leading_articles_es_en")


def score_predictions(golds: list[TrainingArticle], preds: list[list[tuple[int, int, str | None]]]) -> dict[str, float]:
    """Quote and attributed-quote precision, recall and F1 of (start, end, speaker) predictions.

    Spans are matched by the scorer's rule (:func:`quotes.evaluation.matching.match_spans`) and speakers by
    its lenient rule with the training's article list; the figures are not rounded, so that the threshold
    search sees every difference.
    """
    n_gold = n_pred = tp = tp_att = 0
    for ga, pr in zip(golds, preds, strict=True):
        pairs = match_spans([(q.start, q.end) for q in ga.quotes], [(s, e) for s, e, _ in pr])
        for i, j in pairs:
            gold = gold_quote_from_dict(ga.raw["quotes"][i], ga.quotes[i].start, ga.quotes[i].end)
            tp_att += speaker_matches(pr[j][2], gold, leading_articles=TRAINING_ARTICLES)
        tp += len(pairs)
        n_gold += len(ga.quotes)
        n_pred += len(pr)

    def f1(t: int) -> tuple[float, float, float]:
        p, r = t / n_pred if n_pred else 0.0, t / n_gold if n_gold else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0

    qp, qr, qf = f1(tp)
    ap, ar, af = f1(tp_att)
    return {
        "gold": n_gold,
        "pred": n_pred,
        "quote_p": qp,
        "quote_r": qr,
        "quote_f1": qf,
        "attributed_p": ap,
        "attributed_r": ar,
        "attributed_f1": af,
    }


def _spans(preds: list[Prediction], text: str) -> list[tuple[int, int, str | None]]:
    return [(p.cand.start, p.cand.end, text[p.mention.start : p.mention.end] if p.mention else None) for p in preds]


def evaluate_model(
    model: StatisticalModel, golds: list[TrainingArticle], docs: list[Doc], threshold: float | None = None
) -> dict[str, float]:
    """Figures of a model on located gold articles, speakers taken as the chosen mentions (unresolved)."""
    preds = [
        _spans(model.decode(doc, ga.article.lang or "en", threshold=threshold), ga.article.text)
        for ga, doc in zip(golds, docs, strict=True)
    ]
    return score_predictions(golds, preds)


def _parse(golds: list[TrainingArticle], cache: str | Path | None) -> list[Doc]:
    by_lang: dict[str, list[int]] = {}
    for i, g in enumerate(golds):
        by_lang.setdefault(g.article.lang or "en", []).append(i)
    docs: list[Doc | None] = [None] * len(golds)
    for lang, idx in by_lang.items():
        parsed = parse_cached([golds[i].article for i in idx], default_pipeline(lang, NOT_NEEDED), cache)
        for i, d in zip(idx, parsed, strict=True):
            docs[i] = d
    return docs  # type: ignore[return-value]


def fit_variants(
    golds: list[TrainingArticle],
    exs: list[list[dict[str, Any]]],
    variants: Sequence[str],
    *,
    epochs: int,
    lr: float,
    seed: int,
    weights: Sequence[float] | None = None,
) -> dict[str, tuple[Any, Any]]:
    """Content and speaker layers of each variant: a language's own variant learns from that language's
    articles with every feature; `xx` learns from all articles with the universal features only.
    `weights`: one per article, scaling the loss of its examples (None: all 1)."""
    out = {}
    w = list(weights) if weights is not None else [1.0] * len(golds)
    for v in variants:
        picked = [
            (e, wi)
            for g, ex, wi in zip(golds, exs, w, strict=True)
            if v == "xx" or (g.article.lang or "en") == v
            for e in ex
        ]
        if picked:
            rows = [e for e, _ in picked]
            out[v] = fit(rows, universal=v == "xx", epochs=epochs, seed=seed, lr=lr, weights=[wi for _, wi in picked])
    return out


def inner_fold(article_id: str, k: int, salt: str = "inner") -> int:
    """A deterministic fold number of an article (a hash of its id, so adding articles moves no other)."""
    h = hashlib.sha1(f"{salt}:{article_id}".encode()).hexdigest()
    return int(h[:8], 16) % k


THRESHOLD_GRID = tuple(round(0.2 + 0.05 * k, 2) for k in range(15))


def fit_statistical(
    golds: list[TrainingArticle],
    docs: list[Doc],
    lexicon: CueLexicon,
    *,
    extra: tuple[list[TrainingArticle], list[Doc]] = ([], []),
    variants: Sequence[str] = ("en", "es", "xx"),
    epochs: int = 6,
    lr: float = 0.001,
    seed: int = 0,
    inner: int = 2,
    cached: dict[str, list[dict[str, Any]]] | None = None,
    extra_weight: float = 1.0,
) -> tuple[StatisticalModel, dict[str, StatisticalModel]]:
    """Fit the statistical extractor on gold articles (plus training-only `extra` articles such as PolNeAR).

    The decision threshold of each language's variant is chosen by inner cross-fitting: the gold articles are
    split in `inner` parts by a hash of their ids; a model fitted without one part (but with all of `extra`)
    decodes that part, so every gold article is scored by a model that never saw it; the threshold with the
    best attributed F1 over these out-of-fold predictions is kept. Then the model is refitted on everything.

    Args:
        extra_weight: Weight of the loss of each `extra` article's examples (gold articles weigh 1).
        cached: Per-article labelled candidates (keyed by article id and lexicon), filled and re-used across
            calls (the cross-validation fits the same articles many times).

    Returns:
        The model, and for every gold article id the inner model that did not see it (for stacking the
        ensemble on out-of-fold outputs).
    """
    labelled = _LabelledCache(lexicon, cached if cached is not None else {})
    ex_gold = labelled(golds, docs)
    ex_extra = labelled(*extra)
    own = [v for v in variants if v != "xx"]
    settings: dict[str, Any] = {"epochs": epochs, "lr": lr, "seed": seed}
    weight = extra_weight if extra_weight != 1.0 else None
    oof, probs = _inner_fits(golds, docs, ex_gold, (extra[0], ex_extra, weight), lexicon, own, inner, settings)
    thresholds = _choose_thresholds(probs)
    thresholds.setdefault("xx", 0.5)
    for lang in own:
        thresholds.setdefault(lang, 0.5)
    weights = _article_weights(len(golds), len(extra[0]), weight)
    layers = fit_variants(golds + extra[0], ex_gold + ex_extra, variants, weights=weights, **settings)
    meta = {"thresholds": thresholds, "threshold": thresholds.get("en", 0.5)}
    for probe in set(oof.values()):
        probe.meta.update(meta)
    return StatisticalModel(layers, lexicon, dict(meta)), oof


def _article_weights(n_gold: int, n_extra: int, extra_weight: float | None) -> list[float] | None:
    """Per-article loss weights for `fit_variants` (gold articles first, then the extra ones), or None when
    every article weighs 1."""
    return None if extra_weight is None else [1.0] * n_gold + [extra_weight] * n_extra


class _LabelledCache:
    """Labelled candidates of articles, made once per article and lexicon."""

    def __init__(self, lexicon: CueLexicon, cache: dict[str, list[dict[str, Any]]]):
        self.lexicon = lexicon
        self.cache = cache
        self.prints = {
            lang: hashlib.sha1(" ".join(sorted(words)).encode()).hexdigest()[:12]
            for lang, words in lexicon.lemmas.items()
        }

    def __call__(self, golds: list[TrainingArticle], docs: list[Doc]) -> list[list[dict[str, Any]]]:
        # Candidates depend on the article (its id and text: `TrainingArticle.key`) and its language's lexicon only.
        keys = [f"{self.prints.get(g.article.lang or 'en')}:{g.key}" for g in golds]
        for key, g, d in zip(keys, golds, docs, strict=True):
            if key not in self.cache:
                self.cache[key] = examples([g], [d], self.lexicon)
        return [self.cache[key] for key in keys]


def _inner_fits(
    golds: list[TrainingArticle],
    docs: list[Doc],
    ex_gold: list[list[dict[str, Any]]],
    extra: tuple[list[TrainingArticle], list[list[dict[str, Any]]], float | None],
    lexicon: CueLexicon,
    own: list[str],
    inner: int,
    settings: dict[str, Any],
) -> tuple[dict[str, StatisticalModel], dict[str, list[tuple[TrainingArticle, list[Prediction]]]]]:
    """Inner cross-fitting: for every gold article, the model fitted without its part (keyed by article id),
    and that model's predictions on it at the lowest threshold of the grid, per language. `extra`: the
    training-only articles, their labelled candidates and their loss weight (None: 1)."""
    part = [inner_fold(g.article.id, inner) for g in golds]
    oof: dict[str, StatisticalModel] = {}
    probs: dict[str, list[tuple[TrainingArticle, list[Prediction]]]] = {}
    for k in range(inner if inner > 1 else 0):
        tr = [i for i in range(len(golds)) if part[i] != k]
        te = [i for i in range(len(golds)) if part[i] == k]
        layers = fit_variants(
            [golds[i] for i in tr] + extra[0],
            [ex_gold[i] for i in tr] + extra[1],
            own,
            weights=_article_weights(len(tr), len(extra[0]), extra[2]),
            **settings,
        )
        probe = StatisticalModel(layers, lexicon, {})
        for i in te:
            oof[golds[i].article.id] = probe
            lang = golds[i].article.lang or "en"
            preds = probe.decode(docs[i], lang, threshold=THRESHOLD_GRID[0])
            probs.setdefault(lang, []).append((golds[i], preds))
    return oof, probs


def _choose_thresholds(probs: dict[str, list[tuple[TrainingArticle, list[Prediction]]]]) -> dict[str, float]:
    """Per language, the threshold of the grid with the best out-of-fold attributed F1 (nearest 0.5 on ties)."""
    thresholds: dict[str, float] = {}
    for lang, rows in sorted(probs.items()):
        res = {}
        for t in THRESHOLD_GRID:
            res[t] = score_predictions(
                [g for g, _ in rows],
                [_spans([p for p in ps if p.p_content >= t], g.article.text) for g, ps in rows],
            )["attributed_f1"]
        thresholds[lang] = max(THRESHOLD_GRID, key=lambda t: (res[t], -abs(t - 0.5)))
        log.info("%s: threshold %.2f (out-of-fold attributed F1 %.3f)", lang, thresholds[lang], res[thresholds[lang]])
    return thresholds


def train(
    train_files: Sequence[str | Path],
    *,
    extra_files: Sequence[str | Path] = (),
    dev_files: Sequence[str | Path] = (),
    out: str | Path | None = None,
    lexicon_dir: str | Path | None = None,
    epochs: int = 6,
    lr: float = 0.001,
    seed: int = 0,
    limit: int | None = None,
    cache: str | Path | None = DEFAULT_CACHE,
    variants: Sequence[str] = ("en", "es", "xx"),
    ensemble: bool = True,
    extra_weight: float = 1.0,
    inner: int = 2,
) -> tuple[StatisticalModel, dict[str, Any]]:
    """Train the statistical extractor (and the ensemble's learned decisions) and optionally save it.

    Args:
        train_files: Gold files annotated under this project's guideline (`corpora/annotated/train.jsonl.gz`):
            learned from, and the thresholds and ensemble decisions are tuned on them by inner cross-fitting.
            Never an evaluation file.
        extra_files: Gold-format files only learned from (PolNeAR train: another annotation scheme, so
            nothing is tuned on it).
        dev_files: Gold-format files to report figures on (not used for any decision).
        out: Directory to save the model to (e.g. `quotes/data/models/statistical`).
        lexicon_dir: Directory of the reporting-verb lexicons (`../shared/lexicons` beside this checkout).
        epochs: Passes over the training data for each model.
        lr: Adam learning rate.
        seed: Seed of every random choice (batch order, initialization).
        limit: Read at most this many articles per file (quick runs).
        cache: Directory caching parsed articles (None: parse every time).
        variants: `en`, `es` (every feature, that language's articles) and `xx` (universal features, every
            article; serves other languages).
        ensemble: Also learn the ensemble's per-language decisions (stored in the model's meta.json).
        extra_weight: Weight of the loss of each `extra_files` article's examples (the others weigh 1).
        inner: Parts of the inner cross-fitting that tunes the thresholds and the ensemble's decisions.

    Returns:
        The model and a report of settings and figures (also stored in the model's meta.json).
    """
    t0 = time.perf_counter()
    golds = parse_files(train_files, cache, limit)
    extra = drop_annotated(parse_files(extra_files, cache, limit), golds[0])
    lexicon = build_lexicon(lexicon_dir, golds[0] + extra[0], golds[1] + extra[1])
    log.info("parsed %d + %d training articles in %.0fs", len(golds[0]), len(extra[0]), time.perf_counter() - t0)
    settings: dict[str, Any] = {"epochs": epochs, "lr": lr, "seed": seed, "extra_weight": extra_weight, "inner": inner}
    model, oof = fit_statistical(*golds, lexicon, extra=extra, variants=variants, **settings)
    if ensemble:
        model.meta["ensemble"] = tune_ensemble(golds[0], golds[1], oof)
    meta: dict[str, Any] = {
        "name": "quotes-statistical",
        "train_files": [Path(f).name for f in train_files],
        "extra_files": [Path(f).name for f in extra_files],
        "train_articles": len(golds[0]) + len(extra[0]),
        "train_quotes": sum(len(g.quotes) for g in golds[0] + extra[0]),
        # Settings at their defaults are left out, so that older model directories read the same.
        **{k: v for k, v in settings.items() if (k, v) not in (("extra_weight", 1.0), ("inner", 2))},
        "limit": limit,
        "n_bins": lm.N_BINS,
        "pipelines": {lang: default_pipeline(lang, NOT_NEEDED).meta.get("name") for lang in ("en", "es")},
    }
    model.meta.update(meta)
    model.meta["dev"] = _dev_figures(model, dev_files, cache)
    log.info("trained in %.0fs", time.perf_counter() - t0)
    if out is not None:
        model.save(out)
    return model, model.meta


def _dev_figures(
    model: StatisticalModel, dev_files: Sequence[str | Path], cache: str | Path | None
) -> dict[str, dict[str, float]]:
    """The training report: figures of the model on each dev file and language (`FILE:lang` keys), rounded."""
    out = {}
    for f in dev_files:
        dg = load_gold([f])
        dd = _parse(dg, cache)
        for lang in sorted({g.article.lang or "en" for g in dg}):
            idx = [i for i, g in enumerate(dg) if (g.article.lang or "en") == lang]
            figs = evaluate_model(model, [dg[i] for i in idx], [dd[i] for i in idx])
            out[f"{Path(f).name}:{lang}"] = {k: round(v, 4) for k, v in figs.items()}
    return out


def drop_annotated(
    extra: tuple[list[TrainingArticle], list[Doc]], golds: Sequence[TrainingArticle]
) -> tuple[list[TrainingArticle], list[Doc]]:
    """`extra` without the articles whose text is also a gold article's: an article annotated under this
    project's guideline is learned from (and held out) as such, never a second time under another scheme.
    Without this, a cross-validation fold would train on the other annotation of a text it holds out."""
    texts = {g.article.text for g in golds}
    kept = keep_articles(*extra, lambda g: g.article.text not in texts)
    if len(kept[0]) < len(extra[0]):
        log.info("%d extra articles left out: annotated in the gold files too", len(extra[0]) - len(kept[0]))
    return kept


def parse_files(
    files: Sequence[str | Path], cache: str | Path | None, limit: int | None = None
) -> tuple[list[TrainingArticle], list[Doc]]:
    """Gold articles of several files and their parses (each file parsed, and cached, on its own)."""
    golds: list[TrainingArticle] = []
    docs: list[Doc] = []
    for f in files:
        g = load_gold([f], limit=limit)
        golds += g
        docs += _parse(g, cache)
    return golds, docs
