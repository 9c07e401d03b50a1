"""Tests of quotes.corpus: ids, order, metadata, and every kind of bad input as a per-document error.

Article texts are real news from tests/data/unlabeled/ (Wikinews, Spanish Fake News Corpus true articles);
the bad inputs are generated in tmp_path.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from quotes.corpus import Entry, count_documents, iter_corpus, iter_files

DATA = Path(__file__).resolve().parent / "data" / "unlabeled"


def _articles(name: str, n: int) -> list[dict]:
    with open(DATA / name, encoding="utf-8") as f:
        return [json.loads(next(f)) for _ in range(n)]


@pytest.fixture(scope="module")
def real() -> dict[str, list[dict]]:
    return {"en": _articles("en_wikinews.jsonl", 3), "es": _articles("es_fakedes_true.jsonl", 3)}


def _errors(entries: list[Entry]) -> dict[str, str]:
    return {e.id: e.error for e in entries if e.error is not None}


def test_corpus_ids_order_and_metadata(tmp_path: Path, real: dict[str, list[dict]]) -> None:
    en, es = real["en"], real["es"]
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "b" / "c" / "nota.txt").write_text(es[0]["text"], encoding="utf-8")
    (tmp_path / "b" / "c" / "nota.json").write_text(
        json.dumps({"lang": "es", "published": "2018-05-02", "url": es[0]["url"]}), encoding="utf-8"
    )
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbf" + en[0]["text"].encode("utf-8"))
    lines = [{"id": en[1]["id"], "text": en[1]["text"], "lang": "en"}, {"text": en[2]["text"]}]
    (tmp_path / "b" / "feed.jsonl").write_text(
        "\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8"
    )
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")

    entries = list(iter_corpus(tmp_path, lang="en"))
    assert [e.id for e in entries] == ["a", "b/c/nota", en[1]["id"], "b/feed:2"]
    assert [e.source for e in entries] == ["a.txt", "b/c/nota.txt", "b/feed.jsonl:1", "b/feed.jsonl:2"]
    assert all(e.error is None for e in entries)
    a, nota, first, second = (e.article for e in entries)
    assert a.text == en[0]["text"]  # BOM dropped, nothing else changed
    assert nota.lang == "es" and str(nota.published) == "2018-05-02" and nota.meta["url"] == es[0]["url"]
    assert a.lang == "en" and second.lang == "en"  # --lang fills in where the metadata is silent
    assert count_documents(tmp_path) == 4


def test_corpus_single_file_ids(tmp_path: Path, real: dict[str, list[dict]]) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps({"text": a["text"]}) + "\n" for a in real["es"]), encoding="utf-8")
    assert [e.id for e in iter_corpus(path)] == ["news:1", "news:2", "news:3"]
    single = tmp_path / "one.txt"
    single.write_text(real["es"][0]["text"], encoding="utf-8")
    assert [(e.id, e.source) for e in iter_corpus(single)] == [("one", "one.txt")]


def test_corpus_text_kept_exactly(tmp_path: Path) -> None:
    # CRLF line ends, non-breaking spaces and combining accents are part of the text as read: offsets
    # refer to it, so nothing is normalized.
    text = "El presidente dijo:\r\n«Vamos\u00a0a cumplir»; Mu\u0301sica."
    (tmp_path / "x.txt").write_bytes(text.encode("utf-8"))
    (entry,) = iter_corpus(tmp_path)
    assert entry.article.text == text


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("latin1.txt", "La ministra afirmó que habrá cambios.".encode("latin-1"), "undecodable bytes"),
        ("empty.txt", b"", "empty document"),
        ("blank.txt", b" \n\t\n", "empty document"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
        ("huge.txt", b"palabra " * 700, "document too long"),
    ],
)
def test_corpus_bad_txt_is_an_error(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    (tmp_path / name).write_bytes(content)
    (tmp_path / "ok.txt").write_text("Según la OMS, los casos bajaron.", encoding="utf-8")
    entries = list(iter_corpus(tmp_path, max_chars=5000))
    errors = _errors(entries)
    assert list(errors) == [name[:-4]]
    assert reason in errors[name[:-4]]
    assert [e.id for e in entries if e.article] == ["ok"]


def test_corpus_gigantic_file_is_not_read(tmp_path: Path) -> None:
    # Larger than 4 bytes per allowed character: refused from its size alone.
    (tmp_path / "giant.txt").write_bytes(b"a" * 4_000_100)
    (entry,) = iter_corpus(tmp_path, max_chars=1_000_000)
    assert entry.error and "4,000,100 bytes" in entry.error and "1,000,000" in entry.error


def test_corpus_bad_sidecar_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("El gobierno anunció que subirá los impuestos.", encoding="utf-8")
    (tmp_path / "a.json").write_text('{"lang": "es", ', encoding="utf-8")
    (tmp_path / "b.txt").write_text("El gobierno anunció que subirá los impuestos.", encoding="utf-8")
    (tmp_path / "b.json").write_text('{"published": "ayer"}', encoding="utf-8")
    errors = _errors(list(iter_corpus(tmp_path)))
    assert "sidecar a.json is not readable JSON" in errors["a"]
    assert "bad metadata" in errors["b"] and "ISO date" in errors["b"]


def test_corpus_bad_jsonl_lines_are_errors(tmp_path: Path, real: dict[str, list[dict]]) -> None:
    good = real["en"][0]
    lines = [
        json.dumps({"id": "good", "text": good["text"]}).encode(),
        b'{"id": "cut", "text": "The mayor said',  # malformed JSON
        b'["a", "list"]',
        json.dumps({"id": "notext", "title": "no text"}).encode(),
        json.dumps({"id": "blank", "text": "   "}).encode(),
        b'{"id": "bytes", "text": "caf\xe9"}',
        json.dumps({"id": "long", "text": "x" * 6000}).encode(),
        b"",  # a blank line is not a document
        json.dumps({"text": "Gigantic: " + "y" * 200_000}).encode(),  # longer than a line is read whole
        json.dumps({"id": "last", "text": good["text"], "lang": "en"}).encode(),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    entries = list(iter_corpus(path, max_chars=5000))
    assert [e.id for e in entries] == [
        "good",
        "feed:2",
        "feed:3",
        "notext",
        "blank",
        "feed:6",
        "long",
        "feed:9",
        "last",
    ]
    errors = _errors(entries)
    assert "malformed JSON line" in errors["feed:2"]
    assert "must hold an object" in errors["feed:3"]
    assert "no 'text'" in errors["notext"]
    assert "empty document" in errors["blank"]
    # An undecodable line cannot be parsed, so its id is its position.
    assert "undecodable bytes" in errors["feed:6"]
    assert "document too long" in errors["long"] and "6,000 characters" in errors["long"]
    assert "document too long" in errors["feed:9"] and "line of" in errors["feed:9"]
    assert entries[-1].article.text == good["text"] and entries[-1].source == "feed.jsonl:10"
    assert count_documents(path) == 9


def test_corpus_unreadable_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted-target.txt")
    (tmp_path / "feed.jsonl").symlink_to(tmp_path / "deleted-target.jsonl")
    errors = _errors(list(iter_corpus(tmp_path)))
    assert set(errors) == {"feed", "gone"}
    assert all("unreadable file: No such file" in r for r in errors.values())


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_corpus_permission_denied_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("El ministro dijo que no.", encoding="utf-8")
    path.chmod(0)
    (entry,) = iter_corpus(tmp_path)
    assert entry.error and "unreadable file" in entry.error


def test_corpus_missing_root_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="corpus not found"):
        list(iter_files(tmp_path / "nowhere"))


def test_corpus_hidden_files_skipped(tmp_path: Path) -> None:
    (tmp_path / ".out.jsonl.part").write_text("{}", encoding="utf-8")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "x.txt").write_text("El alcalde dijo que sí.", encoding="utf-8")
    assert list(iter_corpus(tmp_path)) == []
