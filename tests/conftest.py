"""Shared fixtures: spaCy pipelines and the dev gold set, loaded once per test session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotes.pipeline import QuotePipeline

ROOT = Path(__file__).resolve().parent.parent
DEV_GOLD = ROOT / "corpora" / "dev" / "dev.jsonl"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def pipeline() -> QuotePipeline:
    """The rule-based pipeline with the default spaCy pipelines."""
    return QuotePipeline("rules")


@pytest.fixture(scope="session")
def dev_articles() -> list[dict]:
    with DEV_GOLD.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def seed_article(dev_articles: list[dict]) -> dict:
    return next(a for a in dev_articles if a["id"] == "es-seed-wired-openai-aws")


@pytest.fixture(scope="session")
def full_parse_pipeline() -> QuotePipeline:
    """The rule-based pipeline parsing every sentence (``select=False``): for constructions the cheap first pass
    cannot see, such as a report by a verb outside the cue lexicons ("verificó que ...")."""
    return QuotePipeline("rules", select=False)
