"""Tests of quotes.viz: the article view, the corpus report, their commands (no browser: see test_browser.py).

Articles and records come from the gold development set: the seed article (WIRED en Español) and the others,
turned into records with :func:`quotes.viz.quotes_from_gold`.
"""

from __future__ import annotations

import csv
import gzip
import json
import random
import re
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from quotes.cli import main
from quotes.models import Article, MentionKind, Quote
from quotes.viz import (
    ArticleView,
    quotes_from_gold,
    read_article,
    read_quotes,
    render_article,
    render_report,
    summarize,
    write_csv,
)
from quotes.viz.records import quote_from_record
from quotes.viz.summarize import _bucket

REPO = Path(__file__).resolve().parents[1]
_CANDIDATES = [REPO / "corpora" / "dev" / "dev.jsonl", REPO / ".." / "shared" / "data" / "gold" / "dev.jsonl"]
DEV = next((p for p in _CANDIDATES if p.is_file()), _CANDIDATES[-1])
SEED = "es-seed-wired-openai-aws"

pytestmark = pytest.mark.skipif(not DEV.is_file(), reason=f"gold development set not found at {DEV}")


def gold_records(path: Path = DEV) -> list[dict[str, Any]]:
    """Every gold quote of the development set as an output record."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            data = json.loads(line)
            article = Article.from_dict(data)
            out.extend(q.to_dict() for q in quotes_from_gold(article, data["quotes"]))
    return out


@pytest.fixture(scope="module")
def seed() -> tuple[Article, list[Quote]]:
    article = read_article(DEV, SEED)
    return article, quotes_from_gold(article, article.meta["quotes"])


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return gold_records()


class _Tree(HTMLParser):
    """Checks that tags nest properly and collects the text inside elements of a class."""

    VOID = {"meta", "br", "img", "input", "link", "hr", "line", "rect"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, str]] = []  # (tag, class, data-q)
        self.errors: list[str] = []
        self.text_by_q: dict[str, list[str]] = {}
        self.article_text: list[str] = []
        self.in_inserted = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in self.VOID:
            return
        cls = a.get("class") or ""
        self.stack.append((tag, cls, a.get("data-q") or ""))
        if cls.split()[:1] in (["qn"], ["res"]):
            self.in_inserted += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        _, cls, _ = self.stack.pop()
        if cls.split()[:1] in (["qn"], ["res"]):
            self.in_inserted -= 1

    def handle_data(self, data: str) -> None:
        if not any(cls == "article" for _, cls, _ in self.stack) or self.in_inserted:
            return
        self.article_text.append(data)
        for tag, cls, q in self.stack:
            if tag == "mark" and "q" in cls.split():
                self.text_by_q.setdefault(q, []).append(data)


def parse(page: str) -> _Tree:
    tree = _Tree()
    tree.feed(page)
    tree.close()
    return tree


# -- gold records ------


@pytest.mark.parametrize(
    ("content_start", "speaker", "mention", "mention_kind"),
    [
        ("se prevé que entre 2026", "Derek Thompson", "Derek Thompson", MentionKind.NAME),
        ("cree que las grandes", "Patrick Moorhead", "Patrick Moorhead", MentionKind.NAME),
        ("el nuevo acuerdo demuestra", "Patrick Moorhead", None, MentionKind.DROPPED),  # "Añade que ..."
        ("Muchos decían que", "Patrick Moorhead", None, MentionKind.DROPPED),  # "«...», comenta."
        ("la estrategia de OpenAI", "Patrick Moorhead", "Moorhead", MentionKind.NAME),
        ("el acuerdo proporcionará", "Amazon", "La compañía", MentionKind.NOMINAL),
        ("Para escalar la IA", "Sam Altman", "Sam Altman", MentionKind.NAME),
    ],
)
def test_viz_gold_records_locate_mentions(seed, content_start, speaker, mention, mention_kind):
    article, quotes = seed
    (q,) = [q for q in quotes if q.text.startswith(content_start)]
    assert q.speaker == speaker
    assert q.mention == mention
    assert q.mention_kind is mention_kind
    if mention:
        assert article.text[q.mention_start : q.mention_end] == mention
    assert q.cue_start is not None and article.text[q.cue_start : q.cue_end] == q.cue


def test_viz_gold_records_same_words_two_sources():
    # es-fakedes-272 credits "fueron brutalmente golpeados ..." to two sources: two records on one span.
    article = read_article(DEV, "es-fakedes-272")
    quotes = quotes_from_gold(article, article.meta["quotes"])
    same = [q for q in quotes if q.text.startswith("fueron brutalmente golpeados")]
    assert len(same) == 2 and same[0].start == same[1].start
    assert {q.speaker for q in same} == {
        "familiares de los arrestados",
        "una mujer identificada como la madre de Didier",
    }


# -- the article view ------


def test_viz_render_seed_marks_every_quote_with_its_speaker(seed):
    article, quotes = seed
    page = render_article(article, quotes)
    tree = parse(page)
    assert tree.errors == []
    # The article text comes back exactly, inserted badges and labels aside.
    assert "".join(tree.article_text) == article.text
    for n, q in enumerate(quotes, start=1):
        assert "".join(tree.text_by_q[str(n)]) == q.text
    cards = re.findall(r'<div class="card k-(\w+)" data-q="(\d+)">.*?<span class="who">([^<]*)</span>', page)
    assert [(k, who) for k, _, who in cards] == [(q.kind.value, q.speaker) for q in quotes]
    for claim in {q.claim_type.value for q in quotes if q.claim_type}:
        assert f"</span>{claim}" in page
    assert "Moor Insights &amp; Strategy" in page and "Moor Insights & Strategy" not in page
    # Dropped subjects and the nominal get the resolved speaker written beside them.
    assert page.count("∅ → Patrick Moorhead") == 3
    assert "→ Amazon</span>" in page


def test_viz_render_is_self_contained(seed):
    page = render_article(*seed)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page and "prefers-color-scheme: dark" in page


@pytest.mark.parametrize(
    ("spans", "expected_nesting_ok"),
    [
        # Two quotes crossing each other: «Muchos decían ... acabados» and «acabados, pero acaban ...».
        ([(0, 40), (28, 80)], True),
        # One quote inside another (a nested quote the extractor did not drop), sharing its start.
        ([(0, 80), (0, 20)], True),
        # Identical spans: the same words credited to two sources.
        ([(10, 50), (10, 50)], True),
    ],
)
def test_viz_render_overlapping_spans_stay_well_formed(seed, spans, expected_nesting_ok):
    article, quotes = seed
    base = next(q for q in quotes if q.text.startswith("Muchos decían"))
    made = [
        Quote.from_offsets(
            article.id, article.text, base.start + s, base.start + e, kind="direct", speaker=f"S{i}"
        )
        for i, (s, e) in enumerate(spans)
    ]
    # The cue "comenta" of the real quote, given to the first one, overlaps nothing; the mention of the second
    # is put inside the first quote on purpose.
    made[1] = Quote.from_offsets(
        article.id,
        article.text,
        made[1].start,
        made[1].end,
        kind="direct",
        speaker="S1",
        mention="Muchos",
        mention_start=base.start,
        mention_end=base.start + 6,
        mention_kind="name",
    )
    tree = parse(render_article(article, made))
    assert (tree.errors == []) is expected_nesting_ok
    assert "".join(tree.article_text) == article.text
    for n, q in enumerate(sorted(made, key=lambda q: (q.start, -q.end)), start=1):
        assert "".join(tree.text_by_q[str(n)]) == q.text


def test_viz_render_escapes_record_text():
    text = 'El ministro dijo que "<b>no</b>" habrá cambios & recortes.'
    art = Article(id="x", text=text, lang="es")
    q = Quote.from_offsets(
        "x", text, 22, 31, kind="direct", speaker='<script>alert("x")</script>', role="<i>"
    )
    page = render_article(art, [q])
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<b>no</b>" not in page and "&lt;b&gt;no&lt;/b&gt;" in page
    assert "<i>" not in page.replace("<i style", "")


def test_viz_render_lists_records_that_do_not_fit(seed):
    article, quotes = seed
    wrong = Quote(doc=article.id, start=5, end=12, text="xxxxxxx", kind="indirect", speaker="Nadie")
    page = render_article(article, [*quotes, wrong])
    assert "Not shown" in page and "does not match the article text" in page
    assert page.count('<div class="card ') == len(quotes)


def test_viz_article_view_repr_html_is_scoped(seed):
    view = ArticleView(*seed)
    fragment = view._repr_html_()
    assert "<html" not in fragment and "<body" not in fragment
    css = fragment.split("<style>")[1].split("</style>")[0]
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors = [s.strip() for s in re.findall(r"([^{}]+)\{", css) if not s.strip().startswith("@")]
    assert selectors and all(s.strip().startswith(".qv") for sel in selectors for s in sel.split(","))
    assert view.to_html().startswith("<!DOCTYPE html>")
    assert repr(view) == f"<ArticleView {SEED!r}: 11 quotes>"


def test_viz_render_no_quotes_says_so():
    art = Article(id="en", text="The council met on Tuesday.", lang="en")
    assert "No quotes found." in render_article(art, [])


# -- reading ------


def test_viz_read_article_txt_with_sidecar(tmp_path):
    article = read_article(DEV, SEED)
    (tmp_path / "seed.txt").write_text(article.text, encoding="utf-8")
    (tmp_path / "seed.json").write_text(
        json.dumps({"lang": "es", "published": "2025-11-04"}), encoding="utf-8"
    )
    read = read_article(tmp_path / "seed.txt")
    assert (read.id, read.lang, read.published.isoformat(), read.text) == (
        "seed",
        "es",
        "2025-11-04",
        article.text,
    )
    assert read_article(tmp_path / "seed.txt", "news/seed").id == "news/seed"


@pytest.mark.parametrize(
    ("doc_id", "message"),
    [(None, "holds 21 articles: choose one with --id"), ("no-such-id", "no article with id 'no-such-id'")],
)
def test_viz_read_article_errors_are_clear(doc_id, message):
    from quotes.viz.records import RecordError

    with pytest.raises(RecordError, match=re.escape(message)):
        read_article(DEV, doc_id)


def test_viz_read_quotes_jsonl_and_csv_agree(tmp_path, records):
    seed_records = [r for r in records if r["doc"] == SEED]
    jsonl = tmp_path / "pred.jsonl.gz"
    with gzip.open(jsonl, "wt", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        fh.write("{not json\n")
    from_jsonl, problems = read_quotes(jsonl, SEED)
    assert len(from_jsonl) == len(seed_records) == 11
    assert len(problems) == 1 and "not valid JSON" in problems[0]
    csv_path = tmp_path / "pred.csv"
    with open(csv_path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows({k: ("" if v is None else v) for k, v in r.items()} for r in records)
    from_csv, problems = read_quotes(csv_path, SEED)
    assert problems == [] and from_csv == from_jsonl
    assert quote_from_record(seed_records[0]) == from_jsonl[0]


# -- commands ------


def test_viz_show_cli_with_quotes_file(tmp_path, records, capsys):
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "view.html"
    assert main(["show", str(DEV), "--id", SEED, "--quotes", str(pred), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.count('<div class="card ') == 11 and "Sam Altman" in page
    assert "11 quotes in es-seed-wired-openai-aws" in capsys.readouterr().err


def test_viz_show_cli_gold_and_errors(tmp_path, capsys):
    out = tmp_path / "gold.html"
    assert main(["show", str(DEV), "--id", "en-wikinews-scheduled-power-outages-in-northern-california-beg",
                 "--gold", "-o", str(out)]) == 0  # fmt: skip
    assert "Pacific Gas and Electric Company" in out.read_text(encoding="utf-8")
    assert main(["show", str(DEV), "-o", str(out)]) == 2
    assert "choose one with --id" in capsys.readouterr().err
    assert main(["show", str(tmp_path / "missing.txt")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_viz_show_cli_runs_the_extractor(tmp_path):
    # The real pipeline on the seed article: whatever it finds is drawn, one card per quote.
    from quotes.pipeline import QuotePipeline

    article = read_article(DEV, SEED)
    expected = QuotePipeline("rules").extract_article(article)
    out = tmp_path / "seed.html"
    assert main(["show", str(DEV), "--id", SEED, "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    tree = parse(page)
    assert tree.errors == [] and "".join(tree.article_text) == article.text
    assert page.count('<div class="card ') == len(expected) > 0
    for n, q in enumerate(sorted(expected, key=lambda q: (q.start, -q.end)), start=1):
        assert "".join(tree.text_by_q[str(n)]) == q.text


# -- the corpus report ------


def test_viz_summarize_counts_match_the_records(tmp_path, records):
    path = tmp_path / "out.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    s = summarize(path)
    assert s.records == len(records) and len(s.docs) == 21 and s.errors == 0
    by_speaker = Counter(r["speaker"] for r in records)
    rows = {r["speaker"]: r for r in s.speakers()}
    for name, n in by_speaker.most_common(5):
        assert rows[name or ""]["quotes"] == n
    moorhead = rows["Patrick Moorhead"]
    assert (moorhead["organization"], moorhead["direct"], moorhead["indirect"]) == (
        "Moor Insights & Strategy",
        2,
        3,
    )
    assert (moorhead["opinion"], moorhead["quantity"], moorhead["fact"]) == (2, 1, 2)
    orgs = {r["organization"]: r for r in s.organizations()}
    assert orgs["Amazon"]["quotes"] == sum(r["organization"] == "Amazon" for r in records)
    assert sum(r["quotes"] for r in s.claim_types()) == s.records
    assert s.kinds() == {k: sum(r["kind"] == k for r in records) for k in ("direct", "indirect", "mixed")}


def test_viz_summarize_survives_bad_lines_and_reads_gzip(tmp_path, records):
    path = tmp_path / "out.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(records[0]) + "\n{truncated\n[1, 2]\n\n" + json.dumps(records[1]) + "\n")
    s = summarize(path)
    assert (s.records, s.errors) == (2, 2)
    assert "not valid JSON" in s.error_samples[0] and "expected a JSON object" in s.error_samples[1]
    page = render_report(s)
    assert "Malformed lines (2)" in page


@pytest.mark.parametrize(
    ("days", "unit", "first", "n"),
    [
        (["2020-03-01", "2020-03-03"], "day", "2020-03-01", 3),
        (["2019-01-28", "2020-12-21"], "month", "2019-01", 24),
        (["2001-05-01", "2020-12-21"], "year", "2001", 20),
    ],
)
def test_viz_timeline_buckets(days, unit, first, n):
    got_unit, points = _bucket(days, Counter({d: 1 for d in days}))
    assert (got_unit, points[0][0], len(points), sum(v for _, v in points)) == (unit, first, n, len(days))


def test_viz_summarize_cli_writes_report_and_tables(tmp_path, records):
    path = tmp_path / "out.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    report = tmp_path / "site" / "report.html"
    assert main(["summarize", str(path), "-o", str(report)]) == 0
    page = report.read_text(encoding="utf-8")
    assert page.count('<svg class="chart"') >= 4 and "Patrick Moorhead" in page
    tables = sorted(p.name for p in report.parent.glob("report.*.csv"))
    assert tables == [f"report.{n}.csv" for n in sorted(
        ["overview", "speakers", "organizations", "speaker_types", "claim_types", "timeline"])]  # fmt: skip
    with open(report.parent / "report.speakers.csv", encoding="utf-8") as fh:
        assert sum(int(row["quotes"]) for row in csv.DictReader(fh)) == len(records)
    other = tmp_path / "tables"
    assert main(["summarize", str(path), "-o", str(report), "--csv-dir", str(other)]) == 0
    assert len(list(other.glob("report.*.csv"))) == 6
    assert main(["summarize", str(tmp_path / "nope.jsonl")]) == 2


def test_viz_write_csv_empty_output(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    s = summarize(empty)
    paths = write_csv(s, tmp_path, "r")
    assert len(paths) == 6 and "No quote records found." in render_report(s)


def synthetic_output(path: Path, records: list[dict[str, Any]], n: int, seed: int = 0) -> Path:
    """`n` records made from the real ones: each copy gets its own document id and a statement date."""
    import datetime as dt

    rng = random.Random(seed)
    start = dt.date(2019, 1, 1)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            r = dict(records[i % len(records)])
            r["doc"] = f"{r['doc']}#{i // len(records)}"
            r["date"] = (start + dt.timedelta(days=rng.randrange(2000))).isoformat()
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


@pytest.mark.slow
def test_viz_summarize_100k_records_in_seconds(tmp_path, records):
    path = synthetic_output(tmp_path / "big.jsonl", records, 100_000)
    began = time.process_time()
    s = summarize(path)
    page = render_report(s)
    spent = time.process_time() - began
    n = len(records)
    assert s.records == 100_000 and len(s.docs) == len(
        {f"{records[i % n]['doc']}#{i // n}" for i in range(100_000)}
    )
    assert "Quotes over time (per month)" in page and len(page) < 200_000
    assert spent < 5.0, f"summarizing 100k records took {spent:.2f} s of CPU"


def test_viz_summary_repr_html_is_a_fragment(tmp_path, records):
    path = tmp_path / "out.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records[:30]), encoding="utf-8")
    fragment = summarize(path)._repr_html_()
    assert "<html" not in fragment and '<div class="qv page report">' in fragment
    assert "Quotes in out.jsonl" in fragment and "<svg" in fragment


# -- what the report must not mislead about ------


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_viz_report_counts_documents_with_quotes_out_of_documents_read(tmp_path, records):
    path = _write(tmp_path / "out.jsonl", records)
    assert summarize(path).documents_read is None  # no journal: only what the records say
    journal = Path(f"{path}.manifest.ndjson")
    journal.write_text('{"manifest": 1}\n{"complete": true, "end": 30, "quotes": 1, "errors": 2}\n', "utf-8")
    s = summarize(path)
    assert (len(s.docs), s.documents_read, s.documents_failed) == (21, 30, 2)
    page = render_report(s)
    assert "21 / 30" in page and "documents with quotes / read" in page
    overview = {row["metric"]: row["value"] for row in s.overview()}
    assert (overview["documents_with_quotes"], overview["documents_read"]) == (21, 30)


@pytest.mark.parametrize(
    ("speaker", "expected"),
    [
        ("NUMBER", False),  # "*NUMBER*" of the Spanish Fake News Corpus read as a name
        ("all the girls here", False),
        ("fuentes oficiales", False),
        ("Afterwards Trump", False),
        ("Además Sánchez", False),
        ("Donald Trump", True),
        ("OMS", True),
        ("La Nación", True),
        ("Will Smith", True),
        ("", False),
    ],
)
def test_viz_report_speakers_are_names(speaker, expected):
    from quotes.viz.summarize import is_name

    assert is_name(speaker) is expected


def test_viz_report_leaves_non_names_out_of_speaker_charts(tmp_path, records):
    extra = [{**records[0], "speaker": "NUMBER"} for _ in range(40)] + [
        {**records[0], "speaker": "all the girls here"} for _ in range(30)
    ]
    s = summarize(_write(tmp_path / "out.jsonl", records + extra))
    named = [r["speaker"] for r in s.speakers(names_only=True)]
    assert "NUMBER" not in named and "all the girls here" not in named and "Patrick Moorhead" in named
    assert {"NUMBER", "all the girls here"} <= {r["speaker"] for r in s.speakers()}  # the CSV keeps them
    from quotes.viz.summarize import is_name

    left_out = 70 + sum(1 for r in records if r["speaker"] and not is_name(r["speaker"]))
    page = render_report(s)
    assert ">NUMBER<" not in page and f"{left_out} quotes whose source is not a name" in page


def test_viz_report_timeline_clipped_to_the_data(tmp_path, records):
    dated = [{**r, "date": f"2020-{i % 12 + 1:02d}-15"} for i, r in enumerate(records)]
    outliers = [{**records[0], "date": "1946-05-01"}, {**records[1], "date": "2031-01-01"}]
    page = render_report(summarize(_write(tmp_path / "out.jsonl", dated + outliers)))
    assert "Quotes over time (per month)" in page
    assert "2 dated outside that range are not drawn (from 1946-05-01 to 2031-01-01" in page
    # A corpus spread evenly over years is drawn whole.
    even = [{**r, "date": f"{2000 + i % 20}-06-01"} for i, r in enumerate(records)]
    page = render_report(summarize(_write(tmp_path / "even.jsonl", even)))
    assert "not drawn" not in page and "Quotes over time (per year)" in page
