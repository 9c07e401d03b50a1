"""The Dask engine on a real local cluster gives the same records and errors as the local engine.

One cluster (2 worker processes, 1 thread each) serves the module. Articles are real news from
tests/data/unlabeled/.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from _batch_fakes import fake_pipeline  # noqa: E402

from quotes.batch import Progress, process_corpus  # noqa: E402
from quotes.writers import read_records  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "unlabeled"

pytestmark = pytest.mark.dask


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dask-corpus")
    with open(DATA / "en_wikinews.jsonl", encoding="utf-8") as f:
        en = [json.loads(next(f)) for _ in range(4)]
    with open(DATA / "es_fakedes_true.jsonl", encoding="utf-8") as f:
        es = [json.loads(next(f)) for _ in range(4)]
    lines = [json.dumps({"id": a["id"], "lang": "en", "text": a["text"]}) for a in en]
    lines.insert(1, '{"id": "torn", "text": "The mayor')
    (root / "en.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for i, a in enumerate(es):
        (root / f"es{i}.txt").write_text(a["text"], encoding="utf-8")
    (root / "zero.txt").write_bytes(b"")
    return root


def _files(out: Path) -> tuple[bytes, bytes]:
    return out.read_bytes(), Path(f"{out}.errors.ndjson").read_bytes()


def test_dask_same_records_as_local_engine(scheduler: str, corpus: Path, tmp_path: Path) -> None:
    local = process_corpus(
        corpus, tmp_path / "local.jsonl", workers=1, batch_size=2, pipeline_factory=fake_pipeline
    )
    dask = process_corpus(
        corpus,
        tmp_path / "dask.jsonl",
        engine="dask",
        scheduler=scheduler,
        batch_size=2,
        pipeline_factory=fake_pipeline,
    )
    assert _files(tmp_path / "local.jsonl") == _files(tmp_path / "dask.jsonl")
    assert (
        (dask.documents, dask.quotes, dask.errors)
        == (local.documents, local.quotes, local.errors)
        == (10, local.quotes, 2)
    )
    assert local.quotes > 10
    assert {e["doc"] for e in read_records(tmp_path / "dask.jsonl.errors.ndjson")} == {"en:2", "zero"}


@pytest.mark.slow
def test_dask_same_records_with_the_real_pipeline(scheduler: str, corpus: Path, tmp_path: Path) -> None:
    # The full job (rules extractor, attribution, enrichment, real spaCy models) on both engines.
    process_corpus(corpus, tmp_path / "local.csv", workers=1, batch_size=3)
    process_corpus(corpus, tmp_path / "dask.csv", engine="dask", scheduler=scheduler, batch_size=3)
    assert _files(tmp_path / "local.csv") == _files(tmp_path / "dask.csv")
    assert len(list(read_records(tmp_path / "dask.csv"))) > 0


def test_dask_local_cluster_started_for_the_run(corpus: Path, tmp_path: Path) -> None:
    # No scheduler given: the engine starts (and stops) its own local cluster of --workers processes.
    stream = io.StringIO()
    summary = process_corpus(
        corpus,
        tmp_path / "q.jsonl.gz",
        engine="dask",
        workers=1,
        batch_size=4,
        pipeline_factory=fake_pipeline,
        progress=Progress(stream, interval=0),
    )
    assert "Dask: 1 worker threads, dashboard http" in stream.getvalue()
    ref = process_corpus(
        corpus, tmp_path / "r.jsonl.gz", workers=1, batch_size=4, pipeline_factory=fake_pipeline
    )
    assert summary.documents == ref.documents == 10
    assert (tmp_path / "q.jsonl.gz").read_bytes() == (tmp_path / "r.jsonl.gz").read_bytes()
