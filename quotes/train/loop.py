"""Training loop of the statistical extractor: gold files in, a model directory out.

Steps: read and locate the gold quotes; parse the articles (cached); generate candidates; label each content
candidate by the SPEC matching rule (it overlaps a gold quote over half of both spans) and each mention by
the gold source occurrence; fit the content and speaker models of both variants; tune the content threshold
on a held-out tenth of the training articles; refit on all of them; report figures on the dev files.

Everything is seeded and the batch order fixed, so the same command on the same data gives the same weights.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from quotes.extractors.statistical import Prediction, StatisticalModel
from quotes.languages import NOT_NEEDED, default_pipeline
from quotes.train import model as lm
from quotes.train.data import GoldArticle, iter_lines, load_gold, parse_cached
from quotes.train.features import Candidate, CueLexicon, candidates, keep

log = logging.getLogger("quotes.train")

#: Reporting-verb lexicons seeding the candidate generator, relative to a lexicon directory
#: (the project's shared lexicons; see docs/model-card.md for their licences).
BASE_LEXICONS: dict[str, tuple[str, ...]] = {
    "en": ("en_gendergaptracker_lemmas_derived.txt", "en_textacy_reporting_verbs_lemmas.txt"),
    "es": ("es_compiled_reporting_verbs_lemmas.txt", "es_textacy_reporting_verbs_lemmas.txt"),
}
# Verbs of mental state are not speech (SPEC section 3) even when annotators of other schemes kept them.
_NOT_SPEECH = {"think", "believe", "fear", "hope", "worry", "know", "feel", "creer", "temer", "pensar"}
DEFAULT_CACHE = Path.home() / ".cache" / "quotes" / "train"


def build_lexicon(
    lexicon_dir: str | Path | None, train: list[GoldArticle], docs: list[Doc], *, min_count: int = 3
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


def _match(c: Candidate, starts_ends: list[tuple[int, int]]) -> int | None:
    """Index of the gold span `c` matches under the SPEC rule (largest overlap), or None."""
    best = None
    for k, (s, e) in enumerate(starts_ends):
        ov = min(c.end, e) - max(c.start, s)
        if ov > 0 and ov >= 0.5 * (e - s) and ov >= 0.5 * (c.end - c.start):
            if best is None or ov > best[0]:
                best = (ov, k)
    return None if best is None else best[1]


def _untrusted(c: Candidate, skip: Sequence[tuple[int, int]]) -> bool:
    """Whether a candidate overlaps a span the silver labeller is not trusted on."""
    return any(min(c.end, e) > max(c.start, s) for s, e in skip)


def examples(
    golds: list[GoldArticle],
    docs: list[Doc],
    lexicon: CueLexicon,
    ignore: Sequence[Sequence[tuple[int, int]]] | None = None,
    *,
    root_mention: bool = False,
) -> list[dict[str, Any]]:
    """Candidates of every article with their labels: content label and gold mention index (or None).

    `ignore` (per article): spans whose overlapping candidates are left out unless they match a labelled
    quote (silver data: quotes the labeller found but is not trusted on are neither positive nor negative).
    `root_mention`: the gold mention is the candidate heading the source phrase ("el secretario de Salud":
    "secretario", not "Salud"), rather than the one nearest the cue inside it.
    """
    out = []
    for n, (ga, doc) in enumerate(zip(golds, docs, strict=True)):
        lang = ga.article.lang or "en"
        spans = [(q.start, q.end) for q in ga.quotes]
        skip = ignore[n] if ignore is not None else ()
        for c in candidates(doc, lang, lexicon):
            k = _match(c, spans)
            if k is None and _untrusted(c, skip):
                continue
            gold_m = None
            if k is not None and ga.quotes[k].mention is not None:
                ms, me = ga.quotes[k].mention
                inside = [i for i, m in enumerate(c.mentions) if ms <= doc[m.head].idx < me]
                if root_mention:
                    heads = [doc[c.mentions[i].head] for i in inside]
                    roots = [
                        i for i, h in zip(inside, heads, strict=True) if h.head.i == h.i or not ms <= h.head.idx < me
                    ]
                    inside = roots or inside
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


def fit(exs: list[dict[str, Any]], *, universal: bool, epochs: int, seed: int, lr: float) -> tuple[Any, Any]:
    """Content and speaker layers of one variant."""
    content = lm.train_binary(
        [keep(e["content"], universal) for e in exs],
        [e["label"] for e in exs],
        epochs=epochs,
        seed=seed,
        lr=lr,
    )
    groups = [
        ([keep(m, universal) for m in e["mentions"]], e["gold_mention"])
        for e in exs
        if e["label"] and e["gold_mention"] is not None
    ]
    speaker = lm.train_ranker(groups, epochs=epochs, seed=seed, lr=lr)
    return content, speaker


# -- scoring (SPEC section 5), used for threshold tuning and the figures printed after training -------------

_DETERMINERS = {"el", "la", "los", "las", "lo", "the", "a", "an", "un", "una"}


def _norm(s: str | None) -> str:
    if not s:
        return ""
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()
    words = re.findall(r"\w+", s)
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    return " ".join(words)


def speaker_matches(pred: str | None, gold: dict[str, Any]) -> bool:
    """The lenient speaker rule of SPEC section 5."""
    p = _norm(pred)
    if not p:
        return False
    if gold.get("speaker_unresolved"):
        return True
    names = [_norm(gold.get("speaker"))] + [_norm(a) for a in gold.get("speaker_aliases") or []]
    if p in names:
        return True
    if not names[0]:
        return False
    if gold.get("speaker_type") == "person":
        return p.split()[-1] == names[0].split()[-1]
    pw, gw = set(p.split()), set(names[0].split())
    return pw <= gw or gw <= pw


def score_predictions(
    golds: list[GoldArticle], preds: list[list[tuple[int, int, str | None]]]
) -> dict[str, float]:
    """Quote and attributed-quote precision, recall and F1 of (start, end, speaker) predictions."""
    n_gold = n_pred = tp = tp_att = 0
    for ga, pr in zip(golds, preds, strict=True):
        pairs = []
        for i, q in enumerate(ga.quotes):
            for j, (s, e, _) in enumerate(pr):
                ov = min(q.end, e) - max(q.start, s)
                if ov > 0 and ov >= 0.5 * (q.end - q.start) and ov >= 0.5 * (e - s):
                    pairs.append((ov / (q.end - q.start) + ov / (e - s), i, j))
        pairs.sort(reverse=True)
        used_g: set[int] = set()
        used_p: set[int] = set()
        for _, i, j in pairs:
            if i in used_g or j in used_p:
                continue
            used_g.add(i)
            used_p.add(j)
            tp += 1
            tp_att += speaker_matches(pr[j][2], ga.raw["quotes"][i])
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
    return [
        (p.cand.start, p.cand.end, text[p.mention.start : p.mention.end] if p.mention else None)
        for p in preds
    ]


def evaluate_model(
    model: StatisticalModel, golds: list[GoldArticle], docs: list[Doc], threshold: float | None = None
) -> dict[str, float]:
    """Figures of a model on located gold articles, speakers taken as the chosen mentions (unresolved)."""
    preds = [
        _spans(model.decode(doc, ga.article.lang or "en", threshold=threshold), ga.article.text)
        for ga, doc in zip(golds, docs, strict=True)
    ]
    return score_predictions(golds, preds)


def _calibrated(
    probe: StatisticalModel,
    content: Any,
    en_docs: list[Doc],
    lexicon: CueLexicon,
    t_en: float,
    lang: str,
    path: str | Path,
    cache: str | Path | None,
    n_articles: int = 80,
) -> float:
    """The threshold accepting, in unlabeled `lang` news, the share of candidates `t_en` accepts in English.

    Returns:
        The calibrated threshold for `lang`.
    """
    import numpy as np

    from quotes.train.data import read_jsonl

    en_rows = [keep(c.features, True) for d in en_docs for c in candidates(d, "en", lexicon)]
    share = float((lm.sigmoid(lm.scores(content, en_rows)) >= t_en).mean())
    from quotes.models import Article

    arts = [Article.from_dict(r, default_id=str(i)) for i, r in enumerate(read_jsonl(path)[:n_articles])]
    docs = parse_cached(arts, default_pipeline(lang, NOT_NEEDED), cache)
    rows = [keep(c.features, True) for d in docs for c in candidates(d, lang, lexicon)]
    p = np.sort(lm.sigmoid(lm.scores(content, rows)))
    k = min(len(p) - 1, max(0, int(round((1 - share) * len(p)))))
    return round(float(p[k]), 4)


def _load_silver(
    lang: str, path: str | Path, dev_files: Sequence[str | Path], cache: str | Path | None, limit: int | None
) -> tuple[list[GoldArticle], list[Doc], list[list[tuple[int, int]]], dict[str, Any]]:
    """Silver articles of `lang` from an unlabeled file, evaluation articles dropped, parsed and labelled."""
    from quotes.models import Article
    from quotes.train import silver as sv
    from quotes.train.data import read_jsonl

    rows = [r for r in read_jsonl(path) if r.get("text")]
    dev_texts = [r.get("text") or "" for f in dev_files for r in read_jsonl(f)]
    dropped = sv.overlapping([r["text"] for r in rows], dev_texts)
    rows = [r for i, r in enumerate(rows) if i not in dropped][:limit]
    arts = [Article.from_dict(dict(r, lang=lang), default_id=str(i)) for i, r in enumerate(rows)]
    docs = parse_cached(arts, default_pipeline(lang, NOT_NEEDED), cache)
    golds, skip, counts = sv.silver_articles(rows, docs, lang)
    kept = sum(len(g.quotes) for g in golds)
    log.info(
        "%s silver: %d articles (%d dropped as evaluation articles), %d quotes kept of %d rules quotes",
        lang,
        len(golds),
        len(dropped),
        kept,
        sum(counts.values()),
    )
    info = {
        "file": Path(path).name,
        "articles": len(golds),
        "dropped_as_evaluation": len(dropped),
        "quotes": kept,
        "rules_quotes": sum(counts.values()),
        "constructions": dict(sorted(counts.items())),
        "precise": sorted(sv.PRECISE),
    }
    return golds, docs, skip, info


def _silver_figures(
    model: StatisticalModel,
    golds: list[GoldArticle],
    docs: list[Doc],
    skip: list[list[tuple[int, int]]],
    threshold: float,
) -> dict[str, float]:
    """Figures against silver labels; predictions overlapping a span the labeller is not trusted on are
    left out."""
    preds = []
    for ga, doc, sk in zip(golds, docs, skip, strict=True):
        spans = [(q.start, q.end) for q in ga.quotes]
        out = []
        for p in model.decode(doc, ga.article.lang or "en", threshold=threshold):
            if _match(p.cand, spans) is None and _untrusted(p.cand, sk):
                continue
            out.append(p)
        preds.append(_spans(out, ga.article.text))
    return score_predictions(golds, preds)


def _parse(golds: list[GoldArticle], cache: str | Path | None) -> list[Doc]:
    by_lang: dict[str, list[int]] = {}
    for i, g in enumerate(golds):
        by_lang.setdefault(g.article.lang or "en", []).append(i)
    docs: list[Doc | None] = [None] * len(golds)
    for lang, idx in by_lang.items():
        parsed = parse_cached([golds[i].article for i in idx], default_pipeline(lang, NOT_NEEDED), cache)
        for i, d in zip(idx, parsed, strict=True):
            docs[i] = d
    return docs  # type: ignore[return-value]


def train(
    train_files: Sequence[str | Path],
    *,
    dev_files: Sequence[str | Path] = (),
    out: str | Path | None = None,
    lexicon_dir: str | Path | None = None,
    epochs: int = 6,
    lr: float = 0.001,
    seed: int = 0,
    calibrate: dict[str, str | Path] | None = None,
    limit: int | None = None,
    cache: str | Path | None = DEFAULT_CACHE,
    variants: Sequence[str] = ("en", "xx"),
    silver: dict[str, str | Path] | None = None,
    silver_english: bool = False,
) -> tuple[StatisticalModel, dict[str, Any]]:
    """Train the statistical extractor and optionally save it.

    Args:
        train_files: Gold-format JSONL files to learn from (PolNeAR train, ...). Never an evaluation file.
        dev_files: Gold-format files to report figures on (not used for any decision).
        out: Directory to save the model to (e.g. `quotes/data/models/statistical`).
        lexicon_dir: Directory of the reporting-verb lexicons (`../shared/lexicons` beside this checkout).
        epochs: Passes over the training data for each model (6 and a learning rate of 0.001 were best on
            the held-out tenth of PolNeAR train among 2-8 epochs and rates 0.01-0.001: more overfits).
        lr: Adam learning rate.
        seed: Seed of every random choice (batch order, initialization).
        limit: Read at most this many articles per file (for quick runs and tests).
        cache: Directory caching parsed articles, or None.
        variants: `en` (all features) and/or `xx` (universal features, used for Spanish).
        calibrate: `{lang: unlabeled JSONL}`: set the `xx` threshold of each language so that it accepts the
            same share of candidates in that language's unlabeled news as in the held-out English tenth
            (quantile matching; no gold data of that language is used).
        silver: `{lang: unlabeled JSONL}`: train a variant for `lang` with every feature (words included) on
            that news labelled by the rule-based extractor where it is precise (:mod:`quotes.train.silver`);
            articles overlapping a `dev_files` article are dropped first. Its threshold is tuned on a held-out
            tenth of the silver articles. The `en` and `xx` variants are unaffected.
        silver_english: Whether a silver variant also learns from the training files (all features; on the
            Spanish dev articles this was worse than the silver data alone, see docs/model-card.md).

    Returns:
        The model and a report of settings and figures (also stored in the model's meta.json).
    """
    t0 = time.perf_counter()
    golds = load_gold(train_files, limit=limit)
    docs = _parse(golds, cache)
    lexicon = build_lexicon(lexicon_dir, golds, docs)
    log.info("parsed %d training articles in %.0fs", len(golds), time.perf_counter() - t0)
    # Threshold: fit on nine tenths, choose the attributed-F1-best threshold on the held-out tenth.
    fit_idx = [i for i in range(len(golds)) if i % 10 != 9]
    tune_idx = [i for i in range(len(golds)) if i % 10 == 9] or fit_idx
    exs_fit = examples([golds[i] for i in fit_idx], [docs[i] for i in fit_idx], lexicon)
    thresholds: dict[str, float] = {}
    for variant in variants:
        layers = fit(exs_fit, universal=variant == "xx", epochs=epochs, seed=seed, lr=lr)
        probe = StatisticalModel({"en" if variant == "en" else "xx": layers}, lexicon, {})
        grid = [round(0.2 + 0.05 * k, 2) for k in range(13)]
        tune_g, tune_d = [golds[i] for i in tune_idx], [docs[i] for i in tune_idx]
        res = {t: evaluate_model(probe, tune_g, tune_d, t)["attributed_f1"] for t in grid}
        thresholds[variant] = max(grid, key=lambda t: (res[t], -abs(t - 0.5)))
        log.info(
            "%s: tuned threshold %.2f (held-out attributed F1 %.3f)",
            variant,
            thresholds[variant],
            res[thresholds[variant]],
        )
        if variant == "xx":
            for lang, path in (calibrate or {}).items():
                thresholds[f"xx:{lang}"] = _calibrated(
                    probe, layers[0], tune_d, lexicon, thresholds["xx"], lang, path, cache
                )
                log.info(
                    "%s: threshold %.3f by quantile matching on %s", lang, thresholds[f"xx:{lang}"], path
                )
    exs = examples(golds, docs, lexicon)
    layers_all = {v: fit(exs, universal=v == "xx", epochs=epochs, seed=seed, lr=lr) for v in variants}
    silver_meta: dict[str, Any] = {}
    for lang, path in (silver or {}).items():
        sg, sd, skip, info = _load_silver(lang, path, dev_files, cache, limit)
        s_fit = [i for i in range(len(sg)) if i % 10 != 9]
        s_tune = [i for i in range(len(sg)) if i % 10 == 9] or s_fit
        base_fit = exs_fit if silver_english else []
        layers = fit(
            base_fit + examples(
                [sg[i] for i in s_fit], [sd[i] for i in s_fit], lexicon, [skip[i] for i in s_fit], root_mention=True
            ),
            universal=False,
            epochs=epochs,
            seed=seed,
            lr=lr,
        )
        probe = StatisticalModel({lang: layers}, lexicon, {})
        grid = [round(0.2 + 0.05 * k, 2) for k in range(13)]
        tune = ([sg[i] for i in s_tune], [sd[i] for i in s_tune], [skip[i] for i in s_tune])
        res = {t: _silver_figures(probe, *tune, t)["quote_f1"] for t in grid}
        thresholds[lang] = max(grid, key=lambda t: (res[t], -abs(t - 0.5)))
        log.info(
            "%s: tuned threshold %.2f (held-out silver quote F1 %.3f)", lang, thresholds[lang], res[thresholds[lang]]
        )
        ex_s = examples(sg, sd, lexicon, skip, root_mention=True)
        layers_all[lang] = fit(
            (exs if silver_english else []) + ex_s, universal=False, epochs=epochs, seed=seed, lr=lr
        )
        info.update(candidates=len(ex_s), english=silver_english, tune_quote_f1=round(res[thresholds[lang]], 4))
        silver_meta[lang] = info
    meta: dict[str, Any] = {
        "name": "quotes-statistical",
        "trained": dt.date.today().isoformat(),
        "train_files": [Path(f).name for f in train_files],
        "train_articles": len(golds),
        "train_quotes": sum(len(g.quotes) for g in golds),
        "train_candidates": len(exs),
        "epochs": epochs,
        "lr": lr,
        "seed": seed,
        "limit": limit,
        "n_bins": lm.N_BINS,
        "thresholds": thresholds,
        "threshold": thresholds.get("en", next(iter(thresholds.values()))),
        "pipelines": {lang: default_pipeline(lang, NOT_NEEDED).meta.get("name") for lang in ("en", "es")},
    }
    if silver_meta:
        meta["silver"] = silver_meta
    model = StatisticalModel(layers_all, lexicon, meta)
    model.meta["dev"] = {}
    for f in dev_files:
        dg = load_gold([f])
        dd = _parse(dg, cache)
        for lang in sorted({g.article.lang or "en" for g in dg}):
            idx = [i for i, g in enumerate(dg) if (g.article.lang or "en") == lang]
            figs = evaluate_model(model, [dg[i] for i in idx], [dd[i] for i in idx])
            model.meta["dev"][f"{Path(f).name}:{lang}"] = {k: round(v, 4) for k, v in figs.items()}
    model.meta["train_seconds"] = round(time.perf_counter() - t0, 1)
    if out is not None:
        model.save(out)
    return model, model.meta
