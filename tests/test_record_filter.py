"""The record filter: features of a record, the learned keep-or-drop decision, its training and its
out-of-fold figure (quotes.record_filter, quotes.train.record_filter)."""

from __future__ import annotations

import attrs
import pytest

from quotes import QuotePipeline
from quotes.evaluation import Prediction, attributed_hits, gold_article_from_dict
from quotes.models import Quote
from quotes.record_filter import LanguageFilter, RecordFilter, default_filter, keep_all, record_features, shipped
from quotes.train import record_filter as training

TEXT = "Ana Gómez dijo que la obra termina en marzo. Luis Pérez añadió que costará más. Llueve mucho."


def _quote(content: str, *, doc: str = "a", extractor: str = "ensemble", **fields) -> Quote:
    start = TEXT.index(content)
    return Quote.from_offsets(doc, TEXT, start, start + len(content), kind="indirect", extractor=extractor, **fields)


def _gold(doc: str = "a") -> object:
    return gold_article_from_dict(
        {
            "id": doc,
            "lang": "es",
            "text": TEXT,
            "quotes": [
                {
                    "content": "la obra termina en marzo",
                    "speaker": "Ana Gómez",
                    "speaker_type": "person",
                    "kind": "indirect",
                },
                {"content": "costará más", "speaker": "Luis Pérez", "speaker_type": "person", "kind": "indirect"},
            ],
        }
    )


def _named(**fields) -> Quote:
    """"Ana Gómez dijo que la obra termina en marzo": a named source before its cue and content."""
    return _quote(
        "la obra termina en marzo",
        cue="dijo",
        cue_start=TEXT.index("dijo"),
        cue_end=TEXT.index("dijo") + 4,
        speaker="Ana Gómez",
        mention="Ana Gómez",
        mention_start=0,
        mention_end=9,
        mention_kind="name",
        **fields,
    )


def test_record_filter_features_read_the_source_cue_and_distance():
    feats = record_features(_named())
    assert {"bias", "mention=name", "kind=indirect", "cue=dijo", "cuepos=before", "dist=0"} <= set(feats)
    assert "cue=dijo|indirect" in feats
    bare = record_features(_quote("Llueve mucho"))
    assert {"mention=none", "cuepos=none", "dist=none"} <= set(bare)


def test_record_filter_drops_only_its_extractors_unlikely_records():
    model = RecordFilter({"es": LanguageFilter({"bias": 2.0, "mention=none": -4.0}, 0.35)})
    sourced = _quote("la obra termina en marzo", mention="Ana Gómez", mention_kind="name")
    bare = _quote("Llueve mucho")
    assert model.probability(sourced, "es") > 0.85
    assert model.probability(bare, "es") < 0.15
    assert model([sourced, bare], "es") == [sourced]
    # Records of another extractor, and of a language without weights, are not judged.
    by_rules = attrs.evolve(bare, extractor="rules")
    assert model([sourced, by_rules], "es") == [sourced, by_rules]
    assert model.probability(by_rules, "es") is None
    assert model([bare], "en") == [bare]
    assert keep_all([bare], "es") == [bare]


def test_record_filter_round_trips_through_json(tmp_path):
    model = RecordFilter({"es": LanguageFilter({"bias": 2.0, "mention=none": -4.0}, 0.35)}, meta={"note": "x"})
    model.save(tmp_path / "model.json")
    again = RecordFilter.load(tmp_path / "model.json")
    bare = _quote("Llueve mucho")
    assert again.languages["es"].threshold == 0.35
    assert again.probability(bare, "es") == pytest.approx(model.probability(bare, "es"))
    assert again.meta == {"note": "x"}


def test_record_filter_attributed_hits_need_the_span_and_the_speaker():
    gold = _gold()
    preds = [
        Prediction(doc="a", start=TEXT.index("la obra"), end=TEXT.index(" marzo") + 6, speaker="Gómez"),
        Prediction(doc="a", start=TEXT.index("costará"), end=TEXT.index("más") + 3, speaker="Ana Gómez"),
        Prediction(doc="a", start=TEXT.index("Llueve"), end=TEXT.index("mucho") + 5, speaker="Luis Pérez"),
    ]
    assert attributed_hits(gold, preds) == [True, False, False]


def test_record_filter_fit_weights_learn_the_telling_feature_and_are_deterministic():
    rows = [["bias", "good"]] * 30 + [["bias", "bad"]] * 30
    labels = [True] * 30 + [False] * 30
    first = training.fit_weights(rows, labels)
    assert first["good"] > 1.0 > -1.0 > first["bad"]
    assert training.fit_weights(rows, labels) == first


def test_record_filter_threshold_leaves_out_records_under_half_the_f1():
    probs = [0.9, 0.9, 0.8, 0.2, 0.1]
    hits = [True, True, True, False, False]
    threshold, by = training.choose_threshold(probs, hits, n_gold=4)
    assert by[0.0] == pytest.approx(2 * 3 / (5 + 4))
    assert 0.2 < threshold <= 0.8
    assert by[threshold] == pytest.approx(2 * 3 / (3 + 4))
    # Nothing to gain: no record is left out.
    assert training.choose_threshold([0.9, 0.1], [True, True], n_gold=2)[0] == 0.0


def test_record_filter_out_of_fold_never_judges_a_fold_with_its_own_records(monkeypatch):
    golds = [_gold(doc) for doc in ("a", "b", "c", "d")]
    records = [_quote("la obra termina en marzo", doc=doc, speaker="Ana Gómez") for doc in ("a", "b", "c", "d")]
    seen: list[set[str]] = []

    def fake_fit(exs, n_gold, settings=None):
        seen.append({ex.article for ex in exs})
        assert n_gold == {"es": 2 * len({ex.article for ex in exs})}
        return RecordFilter({"es": LanguageFilter({"bias": -5.0}, 0.35)})

    monkeypatch.setattr(training, "fit", fake_fit)
    folds = {"a": 0, "b": 0, "c": 1, "d": 1}
    kept = training.filter_out_of_fold(golds, records, folds)
    assert seen == [{"c", "d"}, {"a", "b"}]
    assert kept == []  # every record judged, by the other fold's filter


def test_record_filter_pipeline_applies_the_record_filter_last():
    dropped: list[int] = []

    def drop_all(quotes, lang):
        dropped.append(len(quotes))
        return []

    assert QuotePipeline("rules", record_filter=drop_all).extract(TEXT, lang="es") == []
    assert dropped and dropped[0] >= 1
    assert QuotePipeline("rules", record_filter=keep_all).extract(TEXT, lang="es")
    assert QuotePipeline().record_filter is default_filter


def test_record_filter_shipped_judges_the_ensembles_records_in_both_languages():
    model = shipped()
    assert model is not None
    assert model.extractor == "ensemble"
    for lang in ("es", "en"):
        assert 0.0 < model.languages[lang].threshold < 0.5
    # A record without any source is less likely right than one with a named source and a cue.
    bare = _quote("Llueve mucho", confidence=0.6)
    named = _named(speaker_type="person", confidence=0.95)
    assert model.probability(named, "es") > model.probability(bare, "es")


def test_record_filter_train_command_fits_and_writes_a_filter_from_out_of_fold_records(tmp_path):
    # `quotes train --record-filter RECORDS GOLD --out FILE --cv 2`: records of twenty articles, where a record
    # without a source is never a hit and one with a named source always is; the written filter drops the first.
    import json

    from quotes.cli import main

    gold_lines, record_lines = [], []
    for n in range(20):
        doc = f"art{n}"
        gold_lines.append(json.dumps({"id": doc, "lang": "es", "text": TEXT, "quotes": [
            {"content": "la obra termina en marzo", "speaker": "Ana Gómez", "speaker_type": "person",
             "kind": "indirect"}]}))  # fmt: skip
        hit = attrs.evolve(_named(speaker_type="person", confidence=0.9), doc=doc, lang="es")
        miss = attrs.evolve(_quote("Llueve mucho", confidence=0.6), doc=doc, lang="es")
        record_lines += [json.dumps(hit.to_dict()), json.dumps(miss.to_dict())]
    (tmp_path / "gold.jsonl").write_text("\n".join(gold_lines) + "\n", encoding="utf-8")
    (tmp_path / "oof.jsonl").write_text("\n".join(record_lines) + "\n", encoding="utf-8")
    out = tmp_path / "filter" / "model.json"
    args = ["train", str(tmp_path / "gold.jsonl"), "--record-filter", str(tmp_path / "oof.jsonl")]
    assert main([*args, "--out", str(out), "--cv", "2", "--json", str(tmp_path / "cv.json")]) == 0
    model = RecordFilter.load(out)
    assert model([hit, miss], "es") == [hit]
    figures = json.loads((tmp_path / "cv.json").read_text(encoding="utf-8"))
    assert figures["filtered"]["es"]["attributed_prf"][2] > figures["records"]["es"]["attributed_prf"][2]
    assert model.meta["es"]["records"] == 40 and model.meta["es"]["hits"] == 20
