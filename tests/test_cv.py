"""Cross-validation by article: deterministic folds, no article on both sides, per-language pooled figures."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from quotes.evaluation.gold import read_jsonl
from quotes.train.cv import cross_validate, fold_of, format_cv, load_annotated, load_annotated_by_file, subset

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "corpora" / "dev" / "dev.jsonl"
ANNOTATED = ROOT / "corpora" / "annotated" / "train.jsonl.gz"


def test_fold_assignment_is_deterministic_and_by_id():
    ids = [f"es-fakedes-{n}" for n in range(200)]
    folds = [fold_of(i, 5) for i in ids]
    assert folds == [fold_of(i, 5) for i in ids]
    assert set(folds) == {0, 1, 2, 3, 4}
    # Every fold gets a share of the articles (a hash, not an order: no fold is empty or holds half).
    assert all(20 <= folds.count(f) <= 60 for f in range(5))


def test_learning_curve_subsets_are_nested():
    class G:
        def __init__(self, i):
            self.article = type("A", (), {"id": f"a{i}"})()

    golds = [G(i) for i in range(40)]
    quarter, half, whole = subset(golds, 0.25), subset(golds, 0.5), subset(golds, 1.0)
    assert len(quarter) == 10 and len(half) == 20 and len(whole) == 40
    assert set(quarter) <= set(half) <= set(whole)


def test_annotated_corpus_is_shipped_and_readable():
    rows = [row for _, row in read_jsonl(ANNOTATED)]
    assert len(rows) >= 400
    assert {r["lang"] for r in rows} == {"es", "en"}
    assert all(r.get("license") for r in rows)
    with gzip.open(ANNOTATED, "rt", encoding="utf-8") as f:
        assert json.loads(f.readline())["id"] == rows[0]["id"]


@pytest.mark.parametrize("path", sorted((ROOT / "corpora" / "annotated").glob("train*.jsonl.gz")), ids=lambda p: p.name)
def test_every_annotated_file_states_its_terms(path):
    rows = [row for _, row in read_jsonl(path)]
    assert rows and all(r.get("license") for r in rows)
    assert all(r["lang"] in ("es", "en") and isinstance(r["quotes"], list) for r in rows)
    # Every content is a substring of its text: what the scorer locates.
    assert all(q["content"] in r["text"] for r in rows for q in r["quotes"])


def test_duplicate_ids_across_files_are_renamed(tmp_path):
    row = {"id": "same", "lang": "en", "text": "Nothing said here.", "quotes": []}
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text(json.dumps(row) + "\n")
    b.write_text(json.dumps(dict(row, text="Other text.")) + "\n")
    golds, docs = load_annotated([a, b], tmp_path / "cache")
    assert [g.article.id for g in golds] == ["same", "same@b.jsonl"]
    assert golds[1].raw["id"] == "same@b.jsonl" and len(docs) == 2


def test_extra_articles_annotated_in_the_gold_files_are_left_out(tmp_path):
    from quotes.train.loop import drop_annotated, parse_files

    shared = {"lang": "en", "text": "The mayor said the bridge would reopen.", "quotes": []}
    gold, extra = tmp_path / "gold.jsonl", tmp_path / "extra.jsonl"
    gold.write_text(json.dumps(dict(shared, id="ours")) + "\n")
    extra.write_text(
        json.dumps(dict(shared, id="theirs")) + "\n"
        + json.dumps({"id": "other", "lang": "en", "text": "Nobody spoke.", "quotes": []}) + "\n"
    )
    golds = parse_files([gold], tmp_path / "cache")
    kept, docs = drop_annotated(parse_files([extra], tmp_path / "cache"), golds[0])
    assert [g.article.id for g in kept] == ["other"]
    assert [d.text for d in docs] == ["Nobody spoke."]


def test_cv_lang_keeps_one_language_of_every_input(tmp_path):
    from quotes.commands.cv import _in_language
    from quotes.train.loop import parse_files

    rows = [{"id": "a", "lang": "en", "text": "He said so.", "quotes": []},
            {"id": "b", "lang": "es", "text": "Dijo que sí.", "quotes": []}]
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    golds, docs = parse_files([path], tmp_path / "cache")
    kept, kept_docs = _in_language(golds, docs, "es")
    assert [g.article.id for g in kept] == ["b"] and [d.text for d in kept_docs] == ["Dijo que sí."]
    assert _in_language(golds, docs, None) == (golds, docs)


@pytest.fixture(scope="module")
def dev_golds(tmp_path_factory):
    return load_annotated([DEV], tmp_path_factory.mktemp("cache"))


def test_cross_validation_never_trains_on_the_test_fold(dev_golds):
    golds, docs = dev_golds
    seen: list[set[str]] = []

    def trainer(train, train_docs):
        assert len(train) == len(train_docs)
        seen.append({g.article.id for g in train})
        return {}  # nothing injected: the default rules pipeline

    report = cross_validate(golds, docs, [trainer], k=3, extractors=("rules",))
    assert len(seen) == 3
    for f, train_ids in enumerate(seen):
        test_ids = {g.article.id for g in golds if fold_of(g.article.id, 3) == f}
        assert test_ids and not (train_ids & test_ids)
        assert train_ids | test_ids == {g.article.id for g in golds}
    # Pooled over folds, every article is scored once, per language.
    figs = report["figures"]["rules"]
    assert set(figs) == {"en", "es"}
    assert figs["es"]["articles"] + figs["en"]["articles"] == len(golds)
    assert figs["es"]["gold"] == sum(len(g.quotes) for g in golds if g.article.lang == "es")
    assert 0.3 < figs["es"]["attributed_f1"] <= 1.0 and figs["es"]["speaker_acc"] is not None
    assert "rules           es" in format_cv({"cv": report})


def test_cross_validation_injects_the_trainers_claim_classifier(dev_golds):
    golds, docs = dev_golds

    class Always:
        def __call__(self, doc, quote, lang):
            return "prediction"

    report = cross_validate(golds, docs, [lambda g, d: {"claim_classifier": Always()}], k=2, extractors=("rules",))
    for lang, fig in report["figures"]["rules"].items():
        # One class for every quote: accuracy is that class's share, far from the rules' figure.
        assert fig["claim_acc"] < 0.3, lang


def test_cross_validation_scores_the_folds_own_rules(dev_golds):
    # A trainer that fits the rules per fold (the content-end model) replaces the shipped rules in the "rules"
    # row: here rules that find nothing, so nothing is attributed.
    golds, docs = dev_golds

    def nothing(doc, article, lang):
        return []

    report = cross_validate(golds, docs, [lambda g, d: {"rules": nothing}], k=2, extractors=("rules",))
    assert all(fig["attributed_f1"] == 0.0 for fig in report["figures"]["rules"].values())


def test_groups_are_scored_on_their_own_articles(tmp_path):
    # Two "files": the dev articles split by language. Each group's figures count only its own articles, from
    # the same predictions as the pooled figures.
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    es, en = tmp_path / "es.jsonl", tmp_path / "en.jsonl"
    es.write_text("".join(json.dumps(r) + "\n" for r in rows if r["lang"] == "es"), encoding="utf-8")
    en.write_text("".join(json.dumps(r) + "\n" for r in rows if r["lang"] == "en"), encoding="utf-8")
    two, two_docs, groups = load_annotated_by_file([es, en], tmp_path / "cache")
    assert {g: len(ids) for g, ids in groups.items()} == {"es.jsonl": 13, "en.jsonl": 8}
    report = cross_validate(two, two_docs, [lambda g, d: {}], k=2, extractors=("rules",), groups=groups)
    assert set(report["groups"]["es.jsonl"]["rules"]) == {"es"}
    assert set(report["groups"]["en.jsonl"]["rules"]) == {"en"}
    for lang, name in (("es", "es.jsonl"), ("en", "en.jsonl")):
        assert report["groups"][name]["rules"][lang] == report["figures"]["rules"][lang]
    assert "[es.jsonl]" in format_cv({"cv": report})


def test_out_of_fold_predictions_are_the_scored_ones(dev_golds):
    # The pooled predictions handed back for error analysis are those the figures come from: every quote
    # belongs to an article of the data, and scoring them again gives the report's figures.
    from quotes import evaluation as ev
    from quotes.evaluation.gold import gold_article_from_dict
    from quotes.train.cv import figures

    golds, docs = dev_golds
    kept: dict = {}
    report = cross_validate(golds, docs, [lambda g, d: {}], k=2, extractors=("rules",), predictions=kept)
    assert set(kept) == {"rules"} and kept["rules"]
    assert {q.doc for q in kept["rules"]} <= {g.article.id for g in golds}
    again = ev.evaluate([gold_article_from_dict(g.raw) for g in golds], kept["rules"])
    assert {lang: figures(s) for lang, s in again.by_lang.items()} == report["figures"]["rules"]


def test_cv_statistical_trainer_tunes_on_the_folds_attribution_models():
    """`quotes cv` fits the fold's attribution models first and hands its ranker and typer to the statistical
    trainer, whose ensemble decisions are tuned on quotes they attribute (not the shipped ranker's)."""
    from quotes.train.cv import statistical_after_attribution

    ranker, typer = object(), object()
    seen = {}

    def stat(golds, docs, *, ranker=None, typer=None):  # type: ignore[no-untyped-def]
        seen["ranker"], seen["typer"] = ranker, typer
        return {"extractor": "fold ensemble"}

    def attribution(golds, docs):  # type: ignore[no-untyped-def]
        return {"speaker_ranker": ranker, "speaker_typer": typer, "organization_linker": "fold linker"}

    injected = statistical_after_attribution(stat, attribution)([], [])  # type: ignore[arg-type]
    assert seen == {"ranker": ranker, "typer": typer}
    assert injected == {
        "extractor": "fold ensemble",
        "speaker_ranker": ranker,
        "speaker_typer": typer,
        "organization_linker": "fold linker",
    }


def test_held_out_articles_are_read_from_the_test_parses(dev_golds):
    # `test_docs` replaces only what the held-out articles are read from: the selected parses (what users get)
    # keep the texts and order of the articles, and test docs without a quote give none.
    from quotes.languages import default_pipeline
    from quotes.train.cv import selected_parses

    golds, docs = dev_golds
    some = golds[:4]
    selected = selected_parses(some)
    assert [d.text for d in selected] == [g.article.text for g in some]
    quiet = [default_pipeline(g.article.lang or "en")("Sin novedad.") for g in golds]
    kept: dict = {}
    cross_validate(golds, docs, [lambda g, d: {}], k=2, extractors=("rules",), predictions=kept, test_docs=quiet)
    assert kept["rules"] == []
    cross_validate(golds, docs, [lambda g, d: {}], k=2, extractors=("rules",), predictions=kept)
    assert kept["rules"]


def test_cv_reports_the_ensemble_also_filtered_out_of_fold(dev_golds, monkeypatch):
    # The record filter learns from out-of-fold records: in the folds the pipeline keeps every record (the
    # shipped filter was fitted on these articles), and the filtered figure comes from filters fitted on the
    # other folds' records.
    import attrs

    from quotes.extractors import get_extractor
    from quotes.pipeline import QuotePipeline
    from quotes.record_filter import keep_all

    golds, docs = dev_golds
    rules = get_extractor("rules")
    # A default filter that would drop everything: the folds must not use it.
    monkeypatch.setattr("quotes.pipeline.default_filter", lambda quotes, lang: [])

    def as_ensemble(doc, article, lang):  # type: ignore[no-untyped-def]
        return [attrs.evolve(q, extractor="ensemble") for q in rules(doc, article, lang)]

    kept: dict = {}
    report = cross_validate(
        golds, docs, [lambda g, d: {"extractor": as_ensemble}], k=2, extractors=("ensemble",), predictions=kept
    )
    assert set(report["figures"]) == {"ensemble", "ensemble+filter"}
    unfiltered = QuotePipeline(as_ensemble, record_filter=keep_all)
    everything = [
        q for g, d in zip(golds, docs, strict=True) for q in unfiltered.quotes_from_doc(d, g.article, g.article.lang)
    ]
    assert everything and len(kept["ensemble"]) == len(everything)
    spans = {(q.doc, q.start, q.end) for q in kept["ensemble"]}
    assert {(q.doc, q.start, q.end) for q in kept["ensemble+filter"]} <= spans
