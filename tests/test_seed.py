"""The seed article end to end: every attribution of it, with speaker, organization, role and exact offsets."""

from __future__ import annotations

import json

import pytest
from conftest import DEV_GOLD, ROOT

from quotes.cli import main
from quotes.evaluation import evaluate, load_gold
from quotes.extractors import DEFAULT_EXTRACTOR
from quotes.models import Article
from quotes.pipeline import QuotePipeline


@pytest.fixture(scope="module", params=["rules", "ensemble"])
def seed_quotes(request, seed_article):
    """The seed article through the rule-based extractor and through the default (ensemble) one."""
    return QuotePipeline(request.param).extract_article(Article.from_dict(seed_article))


def _gold_offsets(article):
    pos, out = 0, []
    for g in article["quotes"]:
        k = article["text"].find(g["content"], pos)
        out.append((k, k + len(g["content"])))
        pos = k
    return out


def test_seed_every_quote_with_exact_offsets(seed_article, seed_quotes):
    gold = seed_article["quotes"]
    assert len(gold) == 11
    got = {(q.start, q.end): q for q in seed_quotes}
    for g, span in zip(gold, _gold_offsets(seed_article), strict=True):
        assert span in got, f"missing {g['content'][:50]!r}"
        q = got[span]
        assert q.speaker == g["speaker"]
        assert q.kind.value == g["kind"]
        assert q.speaker_type is not None and q.speaker_type.value == g["speaker_type"]
        assert q.organization == g["organization"]
        assert q.role == g["role"]
    assert len(seed_quotes) == 11


def test_seed_moorhead_five(seed_quotes):
    moorhead = [q for q in seed_quotes if q.speaker == "Patrick Moorhead"]
    assert len(moorhead) == 5
    assert {q.organization for q in moorhead} == {"Moor Insights & Strategy"}
    assert {q.role for q in moorhead} == {"analista jefe"}


def test_seed_altman(seed_quotes):
    (altman,) = [q for q in seed_quotes if q.speaker == "Sam Altman"]
    assert (altman.organization, altman.role, altman.cue) == (
        "OpenAI",
        "cofundador y director ejecutivo",
        "dijo",
    )


@pytest.mark.slow
def test_dev_set_floor(pipeline):
    """Attributed-quote F1 on the dev set stays above a floor, per language (figures in docs/figures.md)."""
    gold = load_gold(DEV_GOLD)
    preds = []
    for article in gold:
        preds += pipeline.extract(article.text, lang=article.lang, doc_id=article.id)
    result = evaluate(gold, preds)
    assert result.by_lang["es"].attributed.f1 >= 0.62
    assert result.by_lang["en"].attributed.f1 >= 0.65
    assert result.by_lang["es"].quote.f1 >= 0.72


def test_cli_extract_then_evaluate(tmp_path, capsys):
    out = tmp_path / "seed.jsonl"
    assert main(["extract", str(ROOT / "corpora" / "seed"), "-o", str(out), "--quiet"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 11
    assert {r["doc"] for r in records} == {"wired-openai-aws"}
    assert all(r["lang"] == "es" and r["extractor"] == DEFAULT_EXTRACTOR for r in records)
    # Same text, gold ids: rename and score with the project's own evaluator.
    gold_line = DEV_GOLD.read_text(encoding="utf-8").splitlines()[0]
    gold_file = tmp_path / "gold.jsonl"
    gold_file.write_text(gold_line + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(
        "".join(json.dumps({**r, "doc": "es-seed-wired-openai-aws"}) + "\n" for r in records),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["evaluate", str(gold_file), str(pred), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["attributed_prf"] == [1.0, 1.0, 1.0]
