"""Tests of quotes.batch, quotes.writers and `quotes extract`: bad input, resume, engines, formats, progress.

The machinery is tested with the fast stand-in pipeline of `_batch_fakes` (blank spaCy tokenizers and a
quotation-mark extractor) over real articles from tests/data/unlabeled/, so the results do not depend on
the state of the rule extractor and the whole file runs in well under a minute.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from _batch_fakes import fake_pipeline, slow_fake_pipeline

from quotes import batch
from quotes.batch import BatchUsageError, Progress, WorkerConfig, manifest_path, process_chunk, process_corpus, worker
from quotes.cli import main
from quotes.models import RECORD_FIELDS, Article
from quotes.writers import ERROR_FIELDS, RecordFile, encode_jsonl, read_records

DATA = Path(__file__).resolve().parent / "data" / "unlabeled"
TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent


def _real(name: str, n: int, skip: int = 0) -> list[dict[str, Any]]:
    out = []
    with open(DATA / name, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= skip + n:
                break
            if i >= skip:
                out.append(json.loads(line))
    return out


def _expected(articles: list[Article]) -> list[dict[str, Any]]:
    pipeline = fake_pipeline()
    return [q.to_dict() for a in articles for q in pipeline.extract_article(a)]


# Every kind of bad input of the issue, with the words its reason must contain.
BAD = {
    "bad/latin1": "undecodable bytes",
    "bad/empty": "empty document",
    "bad/binary": "binary file",
    "bad/huge": "document too long",
    "bad/gone": "unreadable file",
    "bad/sidecar": "not readable JSON",
    "feed:3": "malformed JSON line",
    "french": "not supported",
    "german-meta": "not supported",
    "boom": "processing failed: RuntimeError: extractor bug",
}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Article]]:
    """A corpus mixing real articles (txt with sidecars, jsonl) with each kind of bad input."""
    root = tmp_path_factory.mktemp("mixed")
    es, en = _real("es_fakedes_true.jsonl", 5), _real("en_wikinews.jsonl", 6)
    valid: list[tuple[str, Article]] = []
    (root / "es").mkdir()
    for i, a in enumerate(es):
        (root / "es" / f"n{i}.txt").write_text(a["text"], encoding="utf-8")
        if i % 2 == 0:
            (root / "es" / f"n{i}.json").write_text(
                json.dumps({"lang": "es", "title": a["title"]}), encoding="utf-8"
            )
        valid.append((f"es/n{i}", Article(f"es/n{i}", a["text"], lang="es" if i % 2 == 0 else None)))
    lines = []
    for i, a in enumerate(en):
        if i == 2:
            lines.append('{"id": "cut", "text": "The minister said')
        rec = {"id": a["id"], "text": a["text"], "lang": "en", "published": a.get("published")}
        lines.append(json.dumps(rec))
        valid.append((a["id"], Article(a["id"], a["text"], lang="en", published=a.get("published"))))
    lines.append(
        json.dumps(
            {
                "id": "french",
                "text": "Le ministre a déclaré que la réforme sera votée dans "
                "les prochains jours, selon le journal.",
            }
        )
    )
    lines.append(json.dumps({"id": "german-meta", "lang": "de", "text": en[0]["text"]}))
    lines.append(json.dumps({"id": "boom", "lang": "en", "text": "RAISE-IN-EXTRACTOR " + en[1]["text"]}))
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    bad = root / "bad"
    bad.mkdir()
    (bad / "latin1.txt").write_bytes("La ministra afirmó que habrá cambios.".encode("latin-1"))
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (bad / "huge.txt").write_bytes(b"palabra " * 130_000)  # 1,040,000 characters, over spaCy's max_length
    (bad / "gone.txt").symlink_to(bad / "missing-target.txt")
    (bad / "sidecar.txt").write_text(es[0]["text"], encoding="utf-8")
    (bad / "sidecar.json").write_text("{lang: es}", encoding="utf-8")
    # Sorted paths: bad/ (all errors), es/n0..n4.txt, feed.jsonl: the order `valid` was built in.
    return root, [a for _, a in valid]


def _run(corpus: Path, out: Path, **kwargs: Any) -> batch.BatchSummary:
    kwargs.setdefault("pipeline_factory", fake_pipeline)
    kwargs.setdefault("workers", 1)
    return process_corpus(corpus, out, **kwargs)


def test_batch_bad_input_never_stops_the_batch(mixed: tuple[Path, list[Article]], tmp_path: Path) -> None:
    corpus, valid = mixed
    out = tmp_path / "q.jsonl"
    summary = _run(corpus, out, batch_size=4)
    records = list(read_records(out))
    expected = _expected(valid)
    assert len(expected) > 20  # the real articles do quote people
    assert records == expected
    errors = {e["doc"]: e for e in read_records(out.with_name("q.jsonl.errors.ndjson"))}
    assert set(errors) == set(BAD)
    for doc, words in BAD.items():
        assert words in errors[doc]["reason"], (doc, errors[doc])
    assert errors["feed:3"]["source"] == "feed.jsonl:3" and errors["bad/empty"]["source"] == "bad/empty.txt"
    assert summary.documents == len(valid) + len(BAD) and summary.errors == len(BAD)
    assert summary.quotes == len(expected) and summary.exit_status == 1
    assert not out.with_name("q.jsonl.part").exists()


def test_batch_records_follow_document_order(mixed: tuple[Path, list[Article]], tmp_path: Path) -> None:
    corpus, valid = mixed
    _run(corpus, tmp_path / "q.jsonl", batch_size=3)
    order = {a.id: i for i, a in enumerate(valid)}
    keys = [(order[r["doc"]], r["start"]) for r in read_records(tmp_path / "q.jsonl")]
    assert keys == sorted(keys)


@pytest.mark.parametrize("name", ["q.csv", "q.jsonl.gz", "q.csv.gz"])
def test_batch_formats_hold_the_same_records(
    mixed: tuple[Path, list[Article]], tmp_path: Path, name: str
) -> None:
    corpus, valid = mixed
    _run(corpus, tmp_path / name, batch_size=5)
    expected = _expected(valid)
    got = list(read_records(tmp_path / name))
    if name.endswith(".gz"):
        with open(tmp_path / name, "rb") as f:
            assert f.read(2) == b"\x1f\x8b"
    if ".csv" in name:
        with gzip.open(tmp_path / name, "rt") if name.endswith(".gz") else open(tmp_path / name) as f:
            assert f.readline().strip() == ",".join(RECORD_FIELDS)
        expected = [{k: None if v is None else str(v) for k, v in r.items()} for r in expected]
    assert got == expected


def test_batch_two_workers_write_identical_files(mixed: tuple[Path, list[Article]], tmp_path: Path) -> None:
    corpus, _ = mixed
    _run(corpus, tmp_path / "one.jsonl.gz", batch_size=3)
    summary = _run(corpus, tmp_path / "two.jsonl.gz", batch_size=3, workers=2)
    assert (tmp_path / "one.jsonl.gz").read_bytes() == (tmp_path / "two.jsonl.gz").read_bytes()
    e1 = (tmp_path / "one.jsonl.gz.errors.ndjson").read_bytes()
    assert e1 == (tmp_path / "two.jsonl.gz.errors.ndjson").read_bytes()
    assert summary.errors == len(BAD)


def test_batch_worker_crash_loses_only_its_document(tmp_path: Path) -> None:
    en = _real("en_wikinews.jsonl", 5)
    rows = [{"id": a["id"], "lang": "en", "text": a["text"]} for a in en]
    rows.insert(2, {"id": "killer", "lang": "en", "text": "KILL-THE-WORKER " + en[0]["text"]})
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    summary = _run(tmp_path / "c.jsonl", tmp_path / "q.jsonl", batch_size=3, workers=2)
    errors = list(read_records(tmp_path / "q.jsonl.errors.ndjson"))
    assert [e["doc"] for e in errors] == ["killer"] and "worker process died" in errors[0]["reason"]
    expected = _expected([Article(a["id"], a["text"], lang="en") for a in en])
    assert list(read_records(tmp_path / "q.jsonl")) == expected
    assert summary.documents == 6


def test_batch_document_over_the_time_limit_is_reported_and_the_rest_goes_on(tmp_path: Path) -> None:
    articles = [
        Article("a", 'She said "the first one is fine" today.', lang="en"),
        Article("stuck", 'LOOP-FOREVER: he said "this one never ends" today.', lang="en"),
        Article("b", 'They said "the last one is fine too" today.', lang="en"),
    ]
    config = WorkerConfig(pipeline_factory=fake_pipeline, doc_seconds=0.5)
    out = process_chunk(articles, config)
    assert [len(records or []) for records, _ in out] == [1, 0, 1]
    assert out[1][0] is None and "over the limit of 0.5 s" in (out[1][1] or "")
    assert out[0][1] is None and out[2][1] is None
    # Through the whole batch run too: the stuck document is an error line, the others are written.
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"id": a.id, "lang": "en", "text": a.text}) + "\n" for a in articles))
    summary = process_corpus(corpus, tmp_path / "q.jsonl", pipeline_factory=fake_pipeline, doc_seconds=0.5)
    assert [e["doc"] for e in read_records(tmp_path / "q.jsonl.errors.ndjson")] == ["stuck"]
    assert sorted(r["doc"] for r in read_records(tmp_path / "q.jsonl")) == ["a", "b"]
    assert summary.errors == 1


def test_batch_time_limit_restores_the_alarm_and_leaves_a_callers_timer_alone() -> None:
    from quotes.pipeline import DocumentTimeout, time_limit

    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(DocumentTimeout, match="over the limit of 0.2 s"):
        with time_limit(0.2):
            while True:
                try:
                    time.sleep(0.01)
                except Exception:  # a step that catches everything does not swallow the limit
                    pass
    assert signal.getsignal(signal.SIGALRM) is before and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    # A timer of the caller's own is running: the block gets no limit and the timer keeps running.
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with time_limit(0.1):
            time.sleep(0.2)
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 0.3
        time.sleep(0.5)
        assert fired == [1]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("seconds", [0, -1, float("inf"), float("nan"), "60", True])
def test_batch_time_limit_must_be_a_sane_number(tmp_path: Path, seconds: Any) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "a", "lang": "en", "text": 'She said "fine" today.'}) + "\n")
    with pytest.raises(BatchUsageError, match="time limit per document"):
        process_corpus(corpus, tmp_path / "q.jsonl", pipeline_factory=fake_pipeline, doc_seconds=seconds)


class _Interrupt(Progress):
    """Ctrl-C after `after` chunks have been written."""

    def __init__(self, after: int) -> None:
        super().__init__(None)
        self.after = after

    def update(self, docs: int, quotes: int, errors: int, *, force: bool = False) -> None:
        super().update(docs, quotes, errors, force=force)
        self.after -= 1
        if self.after == 0:
            raise KeyboardInterrupt


@pytest.mark.parametrize("name", ["q.jsonl", "q.csv.gz"])
def test_batch_interrupted_run_resumes_to_identical_output(
    mixed: tuple[Path, list[Article]], tmp_path: Path, name: str
) -> None:
    corpus, _ = mixed
    ref = _run(corpus, tmp_path / f"ref-{name}", batch_size=3)
    out = tmp_path / name
    with pytest.raises(KeyboardInterrupt):
        _run(corpus, out, batch_size=3, progress=_Interrupt(after=3))
    assert not out.exists()  # never looks complete
    part = out.with_name(name + ".part")
    assert part.exists()
    # A crash in the middle of the next chunk: garbage after the last checkpoint, a torn journal line.
    with open(part, "ab") as f:
        f.write(b"\x1f\x8b half a chunk")
    with open(manifest_path(out), "ab") as f:
        f.write(b'{"end": 12, "size"')
    summary = _run(corpus, out, batch_size=3)
    assert summary.resumed == 9 and summary.documents == ref.documents and summary.errors == ref.errors
    assert out.read_bytes() == (tmp_path / f"ref-{name}").read_bytes()
    errors_ref = (tmp_path / f"ref-{name}.errors.ndjson").read_bytes()
    assert Path(f"{out}.errors.ndjson").read_bytes() == errors_ref


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "term"])
def test_batch_killed_run_resumes_to_identical_output(tmp_path: Path, sig: signal.Signals) -> None:
    """A real run with 2 workers killed halfway, then a rerun: same bytes as an uninterrupted run (gzip
    members included), and no process of the killed run left behind."""
    psutil = pytest.importorskip("psutil")
    en = _real("en_wikinews.jsonl", 40)
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": a["id"], "lang": "en", "text": a["text"]}) + "\n" for a in en)
    )
    out = tmp_path / "q.jsonl.gz"
    script = (
        "from _batch_fakes import slow_fake_pipeline; from quotes.batch import process_corpus; "
        f"process_corpus({str(corpus)!r}, {str(out)!r}, workers=2, batch_size=2, "
        "pipeline_factory=slow_fake_pipeline)"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(REPO)])}
    proc = subprocess.Popen([sys.executable, "-c", script], env=env, stderr=subprocess.DEVNULL)
    journal = manifest_path(out)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if journal.exists() and journal.read_text().count('"sha1"') >= 4:
                break
            assert proc.poll() is None, "the run ended before it could be killed"
            time.sleep(0.02)
        else:
            pytest.fail("the run made no progress")
        children = psutil.Process(proc.pid).children(recursive=True)
    finally:
        proc.send_signal(sig)
        proc.wait()
    assert not out.exists()
    _, alive = psutil.wait_procs(children, timeout=10)
    assert alive == []
    summary = process_corpus(corpus, out, workers=1, batch_size=2, pipeline_factory=slow_fake_pipeline)
    assert 8 <= summary.resumed < 40 and summary.documents == 40
    ref = tmp_path / "ref.jsonl.gz"
    process_corpus(corpus, ref, workers=1, batch_size=2, pipeline_factory=fake_pipeline)
    assert out.read_bytes() == ref.read_bytes()
    assert list(read_records(out)) == _expected([Article(a["id"], a["text"], lang="en") for a in en])


def test_batch_rerun_of_complete_output_does_nothing(
    mixed: tuple[Path, list[Article]], tmp_path: Path
) -> None:
    corpus, _ = mixed
    out = tmp_path / "q.jsonl"
    first = _run(corpus, out, batch_size=4)
    before = out.stat().st_mtime_ns, out.read_bytes()
    again = _run(corpus, out, batch_size=4)
    assert again.already_done and again.resumed == again.documents == first.documents
    assert again.exit_status == 1 and (out.stat().st_mtime_ns, out.read_bytes()) == before


def test_batch_refuses_to_resume_other_input_or_options(
    mixed: tuple[Path, list[Article]], tmp_path: Path
) -> None:
    corpus, _ = mixed
    copy = tmp_path / "corpus"
    copy.mkdir()
    for p in (corpus / "es").iterdir():
        (copy / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "q.jsonl"
    with pytest.raises(KeyboardInterrupt):
        _run(copy, out, batch_size=2, progress=_Interrupt(after=1))
    with pytest.raises(BatchUsageError, match="other options"):
        _run(copy, out, batch_size=2, lang="es")
    (copy / "n0.txt").write_text("Otro texto, dijo el editor.", encoding="utf-8")
    with pytest.raises(BatchUsageError, match="input differs"):
        _run(copy, out, batch_size=2)
    assert _run(copy, out, batch_size=2, resume=False).documents == 5


def test_batch_existing_foreign_output_needs_overwrite(
    mixed: tuple[Path, list[Article]], tmp_path: Path
) -> None:
    out = tmp_path / "q.jsonl"
    out.write_text("precious\n")
    with pytest.raises(BatchUsageError, match="--overwrite"):
        _run(mixed[0], out)
    assert out.read_text() == "precious\n"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"format": "xml"}, "unknown format"),
        ({"lang": "fr"}, "not supported"),
        ({"encoding": "nope"}, "unknown encoding"),
        ({"engine": "spark"}, "unknown engine"),
        ({"batch_size": 0}, "batch-size"),
        ({"workers": 0}, "workers"),
        ({"extractor": "nonexistent", "pipeline_factory": None}, "unknown extractor"),
        ({"models": {"es": "es_core_news_xl_missing"}}, "neither an installed package"),
    ],
)
def test_batch_usage_errors(
    mixed: tuple[Path, list[Article]], tmp_path: Path, kwargs: dict, message: str
) -> None:
    with pytest.raises(BatchUsageError, match=message):
        _run(mixed[0], tmp_path / "q.jsonl", **kwargs)
    assert not list(tmp_path.iterdir())


def test_batch_memory_zone_frees_new_words(monkeypatch: pytest.MonkeyPatch) -> None:
    # SpaCy adds every new word to the vocabulary; over a corpus that is a leak. After a warm-up, documents
    # are parsed in memory zones renewed every ZONE_DOCS documents, which free the words they added.
    monkeypatch.setattr(worker, "WARM_DOCS", 1)
    monkeypatch.setattr(worker, "ZONE_DOCS", 3)
    monkeypatch.setattr(worker, "_ZONES", worker._Zones())
    config = WorkerConfig(pipeline_factory=fake_pipeline)
    nlp = worker.worker_pipeline(config).nlp("es")
    process_chunk([Article("warm", "«Hola», dijo.", lang="es")], config)  # the warm-up, outside any zone
    size = len(nlp.vocab.strings)
    texts = _real("es_fakedes_true.jsonl", 4, skip=10)
    first = process_chunk([Article(str(i), a["text"], lang="es") for i, a in enumerate(texts[:3])], config)
    assert all(r[1] is None for r in first) and any(r[0] for r in first)
    assert len(nlp.vocab.strings) > size  # inside the zone, the chunk's words are known
    # The zone has seen ZONE_DOCS documents: the next chunk starts a new one, and the old words are gone.
    process_chunk([Article("3", texts[3]["text"], lang="es")], config)
    worker._ZONES.close()
    assert len(nlp.vocab.strings) == size


def test_batch_progress_log_lines() -> None:
    stream = io.StringIO()
    p = Progress(stream, interval=0)
    p.total = 100
    p.update(40, 12, 1)
    line = stream.getvalue()
    assert line.startswith("quotes extract: 40/100 documents") and "docs/s" in line and "left" in line
    assert line.endswith("\n") and "\r" not in line


def test_batch_progress_bar_on_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    p = Progress(stream)
    p.total = 10
    p.update(5, 3, 0, force=True)
    p.finish()
    text = stream.getvalue()
    assert text.startswith("\r") and "[##########..........]  50%" in text and text.endswith("\n")


def test_batch_writers_gzip_members_resume(tmp_path: Path) -> None:
    path = tmp_path / "e.jsonl.gz"
    rows = [
        {"doc": "a", "source": "a.txt", "reason": "empty document"},
        {"doc": "b", "source": "b.txt", "reason": "binary file"},
    ]
    with RecordFile(path, fields=ERROR_FIELDS) as f:
        f.write(rows[:1])
        size = f.commit()
        f.write(rows[1:])
        f.commit()
    with RecordFile(path, fields=ERROR_FIELDS, truncate_at=size) as f:
        f.write(rows[1:])
        f.commit()
    assert gzip.decompress(path.read_bytes()) == encode_jsonl(rows)


def test_batch_cli_exit_status_and_summary(
    mixed: tuple[Path, list[Article]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(worker, "worker_pipeline", lambda config: fake_pipeline())
    corpus, valid = mixed
    out = tmp_path / "q.csv"
    assert main(["extract", str(corpus), "-o", str(out), "--workers", "1", "--quiet"]) == 1
    assert capsys.readouterr().out == ""
    good = tmp_path / "good"
    good.mkdir()
    (good / "a.txt").write_text(valid[0].text, encoding="utf-8")
    status = main(
        [
            "extract",
            str(good),
            "-o",
            str(tmp_path / "g.jsonl"),
            "--workers",
            "1",
            "--lang",
            "es",
            "--errors",
            str(tmp_path / "errs.jsonl"),
        ]
    )
    printed = capsys.readouterr()
    assert status == 0
    assert f"quotes: {tmp_path / 'g.jsonl'}" in printed.out and "1 documents" in printed.out
    assert (tmp_path / "errs.jsonl").read_text() == ""
    assert main(["extract", str(tmp_path / "nowhere"), "-o", str(tmp_path / "x.jsonl")]) == 2
    assert "corpus not found" in capsys.readouterr().err
    assert main(["extract", str(good), "-o", str(tmp_path / "y.jsonl"), "--model", "es"]) == 2
    assert main(["extract", str(good), "-o", str(tmp_path / "g.jsonl"), "--format", "csv"]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["extract", str(good)])
    assert exc.value.code == 2


# -- a researcher's first day: paths, side files, formats, languages, encodings, Ctrl-C ------------------


def _en_corpus(path: Path, n: int) -> list[Article]:
    en = _real("en_wikinews.jsonl", n)
    path.write_text("".join(json.dumps({"id": a["id"], "lang": "en", "text": a["text"]}) + "\n" for a in en))
    return [Article(a["id"], a["text"], lang="en") for a in en]


def _cli_script(argv: list[str]) -> str:
    """A `quotes ...` command line run with the slow stand-in pipeline (for a run to interrupt).

    Worker processes are forked from a fork server, which does not see a patch made in this process: the
    server preloads `_slow_workers`, which makes the patch there (and the CLI's own preload is left out)."""
    return (
        "import sys, multiprocessing; import _slow_workers; import quotes.cli as cli; "
        "cli._prestart_workers = lambda argv: None; multiprocessing.set_forkserver_preload(['_slow_workers']); "
        f"sys.exit(cli.main({argv!r}))"
    )


def _wait_for_chunks(proc: subprocess.Popen, journal: Path, n: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if journal.exists() and journal.read_text().count('"sha1"') >= n:
            return
        assert proc.poll() is None, "the run ended before it could be interrupted"
        time.sleep(0.02)
    pytest.fail("the run made no progress")


@pytest.mark.parametrize("errors", [None, "errs/e.log"], ids=["default-errors", "relative-errors"])
def test_batch_resume_from_another_directory_with_absolute_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], errors: str | None
) -> None:
    # Started from `work` with relative paths, killed, resumed from elsewhere with absolute ones.
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    work.mkdir()
    elsewhere.mkdir()
    articles = _en_corpus(work / "c.jsonl", 30)
    first = ["extract", "c.jsonl", "-o", "out/q.jsonl", "--workers", "1", "--batch-size", "2", "--quiet"]
    if errors:
        (work / "errs").mkdir()
        first += ["--errors", errors]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(REPO)])}
    proc = subprocess.Popen([sys.executable, "-c", _cli_script(first)], cwd=work, env=env, stderr=subprocess.DEVNULL)
    out = work / "out" / "q.jsonl"
    try:
        _wait_for_chunks(proc, manifest_path(out), 3)
    finally:
        proc.kill()
        proc.wait()
    assert not out.exists()

    monkeypatch.chdir(elsewhere)
    monkeypatch.setattr(worker, "worker_pipeline", lambda config: fake_pipeline())
    again = ["extract", str(work / "c.jsonl"), "-o", str(out), "--workers", "1", "--batch-size", "2"]
    if errors:
        again += ["--errors", str(work / errors)]
    capsys.readouterr()
    assert main(again) == 0
    printed = capsys.readouterr().out
    resumed = int(printed.split(" from an earlier run")[0].rsplit("(", 1)[1])
    assert 6 <= resumed < 30, printed
    assert list(read_records(out)) == _expected(articles)
    ref = tmp_path / "ref.jsonl"
    process_corpus(work / "c.jsonl", ref, workers=1, batch_size=2, pipeline_factory=fake_pipeline)
    assert out.read_bytes() == ref.read_bytes()


def test_batch_output_inside_the_corpus_is_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "trap"
    corpus.mkdir()
    (corpus / "a.txt").write_text(_real("en_wikinews.jsonl", 1)[0]["text"], encoding="utf-8")
    with pytest.raises(BatchUsageError, match="inside the corpus"):
        process_corpus(corpus, corpus / "quotes.jsonl", pipeline_factory=fake_pipeline, workers=1)
    with pytest.raises(BatchUsageError, match="errors file .* inside the corpus"):
        process_corpus(
            corpus, tmp_path / "q.jsonl", errors=corpus / "e.log", pipeline_factory=fake_pipeline, workers=1
        )
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt"] and not (tmp_path / "q.jsonl").exists()


def test_batch_side_files_escape_jsonl_globs_and_summarize(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    articles = _en_corpus(tmp_path / "c.jsonl", 6)
    out_dir = tmp_path / "out"
    process_corpus(tmp_path / "c.jsonl", out_dir / "q.jsonl", workers=1, pipeline_factory=fake_pipeline)
    assert [p.name for p in out_dir.glob("*.jsonl")] == ["q.jsonl"]
    assert sorted(p.name for p in out_dir.iterdir()) == ["q.jsonl", "q.jsonl.errors.ndjson", "q.jsonl.manifest.ndjson"]
    # Given every file of the directory, summarize reads the quotes only, and knows how many documents were read.
    report = tmp_path / "r.html"
    assert main(["summarize", *map(str, sorted(out_dir.iterdir())), "-o", str(report), "--no-csv"]) == 0
    err = capsys.readouterr().err
    n = len(_expected(articles))
    assert "skipping side files" in err and f": {n} quotes from" in err and "of 6 read" in err


@pytest.mark.parametrize("name", ["q.xyz", "q.json", "q", "q.parquet.gz"])
def test_batch_unknown_output_suffix_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    _en_corpus(tmp_path / "c.jsonl", 2)
    out_dir = tmp_path / "out"
    assert main(["extract", str(tmp_path / "c.jsonl"), "-o", str(out_dir / name), "--workers", "1"]) == 2
    assert "quotes extract: error:" in capsys.readouterr().err
    assert not out_dir.exists()


def test_batch_parquet_output_has_the_rows_of_jsonl(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas", reason="pandas is an optional extra: pip install 'quotes[pandas]'")
    pytest.importorskip("pyarrow", reason="Parquet output needs the optional extra: pip install 'quotes[parquet]'")
    from quotes import to_dataframe

    corpus = tmp_path / "c.jsonl"
    _en_corpus(corpus, 12)
    jsonl, parquet = tmp_path / "q.jsonl", tmp_path / "q.parquet"
    for out in (jsonl, parquet):
        process_corpus(corpus, out, workers=1, batch_size=5, pipeline_factory=fake_pipeline)
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob("*.tmp"))
    rows = list(read_records(jsonl))
    table = pd.read_parquet(parquet)
    assert list(table.columns) == list(RECORD_FIELDS) and len(table) == len(rows) > 5
    assert table.astype(object).where(table.notna(), None).to_dict("records") == [
        {k: (float(v) if k == "confidence" else v) for k, v in r.items()} for r in rows
    ]
    assert list(read_records(parquet)) == rows
    frame = to_dataframe(rows)
    assert list(frame.columns) == list(RECORD_FIELDS) and str(frame["cue_start"].dtype) == "Int64"
    assert frame["text"].tolist() == table["text"].tolist()


def test_batch_lang_checked_before_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _en_corpus(tmp_path / "c.jsonl", 2)
    argv = ["extract", str(tmp_path / "c.jsonl"), "-o", str(tmp_path / "o" / "q.jsonl"), "--lang", "fr"]
    assert main(argv) == 2
    assert "--lang 'fr'" in capsys.readouterr().err and not (tmp_path / "o").exists()


def test_batch_declared_language_contradicted_by_the_text(tmp_path: Path) -> None:
    # A copied sidecar says English; the article is Spanish. It is reported, not returned empty.
    es = _real("es_fakedes_true.jsonl", 2)
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "nota.txt").write_text(es[0]["text"], encoding="utf-8")
    (corpus / "nota.json").write_text('{"lang": "en"}', encoding="utf-8")
    (corpus / "otra.txt").write_text(es[1]["text"], encoding="utf-8")
    out = tmp_path / "q.jsonl"
    summary = process_corpus(corpus, out, workers=1, pipeline_factory=fake_pipeline)
    assert summary.errors == 1 and summary.exit_status == 1
    (error,) = read_records(Path(f"{out}.errors.ndjson"))
    assert error["doc"] == "nota" and "declared language 'en' but the text reads as 'es'" in error["reason"]
    assert {r["doc"] for r in read_records(out)} <= {"otra"}


def test_batch_encoding_reads_latin1(tmp_path: Path) -> None:
    text = _real("es_fakedes_true.jsonl", 1)[0]["text"]
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "nota.txt").write_bytes(text.encode("latin-1", errors="replace"))
    decoded = text.encode("latin-1", errors="replace").decode("latin-1")
    assert any(ord(c) > 127 for c in decoded)
    out = tmp_path / "q.jsonl"
    process_corpus(corpus, out, workers=1, pipeline_factory=fake_pipeline)
    (error,) = read_records(Path(f"{out}.errors.ndjson"))
    assert "undecodable bytes" in error["reason"] and "--encoding" in error["reason"]
    summary = process_corpus(corpus, tmp_path / "l.jsonl", encoding="latin-1", workers=1, pipeline_factory=fake_pipeline)
    assert summary.errors == 0
    assert list(read_records(tmp_path / "l.jsonl")) == _expected([Article("nota", decoded)])
    with pytest.raises(BatchUsageError, match="unknown encoding"):
        process_corpus(corpus, tmp_path / "x.jsonl", encoding="klingon", workers=1, pipeline_factory=fake_pipeline)


def test_batch_ctrl_c_is_acknowledged_at_once(tmp_path: Path) -> None:
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        # A shell's background job starts with SIGINT ignored, and the run started here inherits that.
        pytest.skip("SIGINT is ignored in this process (started as a background job)")
    _en_corpus(tmp_path / "c.jsonl", 40)
    out = tmp_path / "q.jsonl"
    argv = ["extract", str(tmp_path / "c.jsonl"), "-o", str(out), "--workers", "2", "--batch-size", "10", "--quiet"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(REPO)])}
    proc = subprocess.Popen(
        [sys.executable, "-c", _cli_script(argv)], env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        _wait_for_chunks(proc, manifest_path(out), 1)
        began = time.monotonic()
        proc.send_signal(signal.SIGINT)
        status = proc.wait(timeout=30)
        took = time.monotonic() - began
    finally:
        proc.kill()
    err = proc.stderr.read() if proc.stderr else ""
    assert status == 130 and "stopping now" in err and "Run the same command again to resume" in err
    assert took < 5.0, f"Ctrl-C took {took:.1f} s to stop the run"


def test_batch_cli_version_and_bare_help(capsys: pytest.CaptureFixture[str]) -> None:
    from quotes import __version__

    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0 and capsys.readouterr().out.strip() == f"quotes {__version__}"
    assert main([]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("usage: quotes") and "extract" in printed and "summarize" in printed


def test_a_chunk_is_shared_evenly_among_the_workers():
    from quotes.batch.engines import split_evenly

    arts = list(range(64))
    assert [len(p) for p in split_evenly(arts, 2)] == [32, 32]  # type: ignore[arg-type]
    assert [len(p) for p in split_evenly(arts[:5], 3)] == [2, 2, 1]  # type: ignore[arg-type]
    assert sum(split_evenly(arts[:7], 4), []) == arts[:7]  # type: ignore[arg-type]  # order kept
    assert split_evenly(arts[:1], 2) == [[0]]  # type: ignore[arg-type]


def test_batch_all_records_keeps_the_unfiltered_pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `--all-records` builds the workers' pipelines without the record filter, and a run with it does not resume
    # one without it (the records differ); the default journal header is the one written before the option.
    from quotes.batch.journal import journal_header
    from quotes.batch.options import check_options
    from quotes.record_filter import default_filter, keep_all

    monkeypatch.setattr(worker, "_PIPELINES", {})
    assert worker.worker_pipeline(WorkerConfig(extractor="rules", all_records=True)).record_filter is keep_all
    assert worker.worker_pipeline(WorkerConfig(extractor="rules")).record_filter is default_filter
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("La ministra afirmó que habrá cambios.", encoding="utf-8")
    common = dict(format=None, extractor="rules", models=None, lang=None, encoding="utf-8", workers=1,
                  engine="local", scheduler=None, errors=None, resume=True, batch_size=4, limit=None,
                  max_chars=1000, pipeline_factory=None, select=True)  # fmt: skip
    plain = journal_header(check_options(corpus, tmp_path / "q.jsonl", **common))
    assert "all_records" not in plain
    every = check_options(corpus, tmp_path / "q.jsonl", all_records=True, **common)
    assert every.config.all_records and journal_header(every)["all_records"] is True


def test_batch_cli_all_records_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import quotes.commands.extract as extract_command

    seen: dict[str, Any] = {}

    def fake_process_corpus(*args: Any, **kwargs: Any) -> Any:
        seen.update(kwargs)
        raise BatchUsageError("stop here")

    monkeypatch.setattr(extract_command, "process_corpus", fake_process_corpus)
    assert main(["extract", str(tmp_path), "-o", str(tmp_path / "x.jsonl"), "--all-records"]) == 2
    assert seen["all_records"] is True
    assert main(["extract", str(tmp_path), "-o", str(tmp_path / "x.jsonl")]) == 2
    assert seen["all_records"] is False
