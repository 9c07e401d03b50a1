"""Accuracy beside the speed: the reference scorer's figures for the records the benchmarked pipeline gives.

The pipeline is the one the speed runs measure (:class:`~quotes.batch.worker.WorkerConfig` with the selected
parse); its records on annotated JSONL files are scored by the project's reference scorer, an outside script
run as ``python SCORER GOLD PRED --lang LANG --json``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from quotes.batch.worker import WorkerConfig, worker_pipeline
from quotes.models import Article
from quotes.pipeline import QuotePipeline


def accuracy(files: Sequence[Path], scorer: Path, *, batch_size: int = 32) -> list[dict[str, Any]]:
    """Figures of the reference scorer for the records the benchmarked pipeline gives on annotated files."""
    pipeline = worker_pipeline(WorkerConfig(batch_size=batch_size, select=True))
    out: list[dict[str, Any]] = []
    for path in files:
        if not Path(path).exists() or not Path(scorer).exists():
            out.append({"file": str(path), "skipped": "file or scorer not found"})
            continue
        rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
        pred = _predict(pipeline, rows, batch_size)
        try:
            for lang in sorted({r.get("lang") or "en" for r in rows}):
                out.append(_score(scorer, Path(path), pred, lang))
        finally:
            os.unlink(pred)
    return out


def _predict(pipeline: QuotePipeline, rows: list[dict[str, Any]], batch_size: int) -> str:
    """The records of the annotated articles (their gold quotes left out), in a temporary JSONL file."""
    articles = [
        Article.from_dict({k: v for k, v in r.items() if k != "quotes"}, default_id=str(i))
        for i, r in enumerate(rows)
        if r.get("text")
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for _, quotes in pipeline.pipe(articles, batch_size=batch_size):
            for q in quotes if isinstance(quotes, list) else []:
                f.write(json.dumps(q.to_dict(), ensure_ascii=False) + "\n")
        return f.name


def _score(scorer: Path, path: Path, pred: str, lang: str) -> dict[str, Any]:
    """The scorer's figures for one language of one file (or why there are none)."""
    res = subprocess.run(
        [sys.executable, str(scorer), str(path), pred, "--lang", lang, "--json"],
        capture_output=True,
        text=True,
    )
    try:
        d = json.loads(res.stdout)
    except ValueError:
        return {"file": str(path), "lang": lang, "skipped": res.stderr.strip()[-200:]}
    return {
        "file": path.name,
        "lang": lang,
        "gold": d.get("gold"),
        "attributed_f1": round(d["attributed_prf"][2], 3),
        "quote_f1": round(d["quote_prf"][2], 3),
        "speaker_acc": d.get("speaker_acc"),
        "organization_acc": d.get("organization_acc"),
        "claim_acc": d.get("claim_acc"),
    }
