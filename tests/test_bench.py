"""`quotes bench`: the one-process comparison with textacy runs and reports both baselines; a default input
that is not beside the checkout stops the command with the option to give instead."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED

from quotes.bench import compare_with_textacy
from quotes.cli import main


@pytest.mark.slow
def test_bench_compares_with_textacy_on_both_pipelines():
    pytest.importorskip("textacy")
    path = SHARED / "data" / "unlabeled" / "en_wikinews.jsonl"
    if not path.exists():
        pytest.skip("../shared/data/unlabeled is not beside the checkout")
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(next(f)) for _ in range(6)]
    result = compare_with_textacy(rows, batch_size=3)
    assert result["articles"] == 6 and result["tokens"] > 1000
    for arm in ("quotes", "textacy", "textacy_full_pipeline", "parse_only"):
        assert result[arm]["docs_per_s"] > 0
    # The whole job finds indirect and mixed quotes too: more records than textacy's direct quotations.
    assert result["quotes"]["records"] > result["textacy"]["records"]
    assert result["ratio"] > 0 and result["ratio_full_pipeline"] > 0


def test_bench_missing_scorer_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "1", "lang": "en", "text": "“Hi,” she said."}) + "\n", encoding="utf-8")
    scorer = tmp_path / "no-scorer.py"
    argv = ["bench", str(corpus), "--skip", "textacy,endtoend,scaling,memory", "--scorer", str(scorer)]
    assert main([*argv, "-o", str(tmp_path / "b.json")]) == 2
    err = capsys.readouterr().err
    assert str(scorer) in err and "--skip accuracy" in err
    assert not (tmp_path / "b.json").exists()
