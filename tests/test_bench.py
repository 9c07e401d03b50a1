"""`quotes bench`: the one-process comparison with textacy runs and reports both baselines."""

from __future__ import annotations

import json

import pytest
from conftest import SHARED

from quotes.bench import compare_with_textacy

pytest.importorskip("textacy")


@pytest.mark.slow
def test_bench_compares_with_textacy_on_both_pipelines():
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
