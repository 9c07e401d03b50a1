"""The pages as a reader sees them: rendered by headless Chromium (Debian's `chromium` package).

Each page is loaded with a probe script appended, which reads what the browser laid out (the rendered text
of the article and of the cards, which highlights have a size and a colour, the charts' bars) and writes it as
JSON into the DOM; `--dump-dom` returns it. Console messages are captured, and any uncaught error fails the
test.

Set QUOTES_DOCS_SCREENSHOTS=1 to refresh the screenshots in docs/img/ (seed article and bundled-corpus report,
light and dark themes) from the real extractor output.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path
from typing import Any

import pytest

from quotes.models import Article, Quote
from quotes.viz import quotes_from_gold, read_article, render_article, render_report, summarize

REPO = Path(__file__).resolve().parents[1]
_CANDIDATES = [REPO / "corpora" / "dev" / "dev.jsonl", REPO / ".." / "shared" / "data" / "gold" / "dev.jsonl"]
DEV = next((p for p in _CANDIDATES if p.is_file()), _CANDIDATES[-1])
SEED = "es-seed-wired-openai-aws"
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)
DOCS_IMG = REPO / "docs" / "img"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (Debian: apt-get install chromium)"),
    pytest.mark.skipif(not DEV.is_file(), reason=f"gold development set not found at {DEV}"),
]

# Reads the layout after the page's own script ran. `innerText` is the text as rendered (what a reader can see
# and copy); a highlight counts as visible when it has a box and a non-transparent background.
PROBE = """
<script>
(function () {
  var root = document.querySelector('.qv');
  var out = {ready: root.getAttribute('data-ready'), theme_bg: getComputedStyle(root).backgroundColor};
  var marks = {};
  document.querySelectorAll('mark.q').forEach(function (m) {
    var r = m.getBoundingClientRect(), bg = getComputedStyle(m).backgroundColor;
    var q = m.getAttribute('data-q');
    marks[q] = marks[q] || {text: '', visible: true};
    marks[q].visible = marks[q].visible && r.width > 0 && r.height > 0 && bg !== 'rgba(0, 0, 0, 0)';
    m.childNodes.forEach(function (c) {
      if (c.nodeType === 3 || !c.classList.contains('qn')) marks[q].text += c.textContent;
    });
  });
  out.marks = marks;
  var art = document.querySelector('.article');
  out.article = art ? art.innerText : null;
  out.cards = Array.prototype.map.call(document.querySelectorAll('.card'), function (c) {
    return c.innerText;
  });
  out.charts = Array.prototype.map.call(document.querySelectorAll('svg.chart'), function (s) {
    var bars = Array.prototype.filter.call(s.querySelectorAll('rect'), function (b) {
      var r = b.getBoundingClientRect(); return r.width > 0 && r.height > 0;
    });
    return {label: s.getAttribute('aria-label'), bars: bars.length, width: s.getBoundingClientRect().width};
  });
  out.text = document.body.innerText;
  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""


def chromium(
    path: Path, *, dark: bool = False, screenshot: Path | None = None, height: int = 1600
) -> list[str]:
    """Load `path` in headless Chromium; returns the console messages (a screenshot is written if asked)."""
    with tempfile.TemporaryDirectory() as profile:
        args = [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--hide-scrollbars",
            f"--window-size=1280,{height}",
        ]
        if dark:
            args.append("--force-dark-mode")  # the system theme the page sees through prefers-color-scheme
        args += [f"--screenshot={screenshot}"] if screenshot else ["--dump-dom"]
        proc = subprocess.run([*args, path.as_uri()], capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    if not screenshot:
        console.append("DOM:" + proc.stdout)
    return console


def probe(page: str, tmp_path: Path, *, dark: bool = False) -> dict[str, Any]:
    """What the browser shows of `page`: the probe's JSON, after checking the console is free of errors."""
    path = tmp_path / "probe.html"
    path.write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    lines = chromium(path, dark=dark)
    dom = lines.pop()[4:]
    assert not [line for line in lines if "Uncaught" in line or "Error" in line], lines
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    return json.loads(html.unescape(found.group(1)))


def first_pixel(png: Path) -> tuple[int, int, int]:
    """Colour of the top-left pixel of a PNG screenshot.

    Whatever the row filter, the first pixel of the first row is stored as is (all its neighbours are zero),
    so decompressing the image data is enough.
    """
    data = png.read_bytes()
    pos, idat = 8, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompressobj().decompress(idat, 16)
    return raw[1], raw[2], raw[3]


@pytest.fixture(scope="module")
def seed_gold() -> tuple[Article, list[Quote]]:
    article = read_article(DEV, SEED)
    return article, quotes_from_gold(article, article.meta["quotes"])


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """The real pipeline's output on the bundled corpus (the development set and the seed article)."""
    from quotes.corpus import iter_corpus
    from quotes.pipeline import QuotePipeline

    out = tmp_path_factory.mktemp("extracted") / "corpora.pred.jsonl"
    corpus = REPO / "corpora" if (REPO / "corpora" / "dev").is_dir() else DEV
    articles = [e.article for e in iter_corpus(corpus) if e.article is not None]
    with open(out, "w", encoding="utf-8") as fh:
        for _, result in QuotePipeline("rules").pipe(articles):
            assert not isinstance(result, Exception), result
            fh.writelines(json.dumps(q.to_dict(), ensure_ascii=False) + "\n" for q in result)
    return out


def test_browser_seed_view_shows_every_gold_quote_and_speaker(seed_gold, tmp_path):
    article, quotes = seed_gold
    seen = probe(render_article(article, quotes), tmp_path)
    assert seen["ready"] == "1"
    assert seen["article"].replace("\n", "") .startswith("OpenAI firma un acuerdo")  # fmt: skip
    assert len(seen["marks"]) == len(quotes) == 11
    for n, q in enumerate(quotes, start=1):
        mark = seen["marks"][str(n)]
        assert mark["visible"] and mark["text"] == q.text
        card = seen["cards"][n - 1]
        assert q.speaker in card and q.claim_type.value in card
        if q.organization:
            assert q.organization in card
    # The resolved speaker is shown next to the dropped subjects of "Añade que", "comenta" and "afirma".
    assert seen["article"].count("∅ → Patrick Moorhead") == 3


def test_browser_seed_view_from_the_extractor(extracted, tmp_path):
    from quotes.viz import read_quotes

    article = read_article(DEV, SEED)
    quotes, problems = read_quotes(extracted, SEED)
    assert problems == [] and quotes
    page = render_article(article, quotes)
    seen = probe(page, tmp_path)
    ordered = sorted(quotes, key=lambda q: (q.start, -q.end))
    assert len(seen["marks"]) == len(ordered)
    for n, q in enumerate(ordered, start=1):
        assert seen["marks"][str(n)]["visible"] and seen["marks"][str(n)]["text"] == q.text
        assert (q.speaker or "(no speaker)") in seen["cards"][n - 1]
    if os.environ.get("QUOTES_DOCS_SCREENSHOTS"):
        _screenshots(page, "seed-view", tmp_path, height=1900)


@pytest.mark.parametrize("dark", [False, True])
def test_browser_themes_follow_the_system(seed_gold, tmp_path, dark):
    page = render_article(*seed_gold)
    seen = probe(page, tmp_path, dark=dark)
    assert seen["theme_bg"] == ("rgb(22, 24, 29)" if dark else "rgb(255, 255, 255)")
    shot = tmp_path / "shot.png"
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    chromium(path, dark=dark, screenshot=shot, height=600)
    r, g, b = first_pixel(shot)
    assert (r + g + b < 120) if dark else (r + g + b > 700)


def test_browser_report_for_the_bundled_corpus(extracted, tmp_path):
    summary = summarize(extracted)
    page = render_report(summary, title="Quotes in the bundled corpus (rules extractor)")
    seen = probe(page, tmp_path)
    assert seen["ready"] == "1"
    labels = {c["label"]: c for c in seen["charts"]}
    assert labels["quotes per speaker, by kind"]["bars"] > 0
    assert labels["share of quote kinds"]["bars"] >= 2
    assert all(c["width"] > 200 for c in seen["charts"])
    top = summary.speakers()
    named = [r["speaker"] for r in top if r["speaker"]][:5]
    assert named and all(name in seen["text"] for name in named)
    assert f"{summary.records:,}" in seen["text"]
    if os.environ.get("QUOTES_DOCS_SCREENSHOTS"):
        _screenshots(page, "report-corpora", tmp_path, height=2300)


@pytest.mark.slow
def test_browser_report_for_a_large_output(tmp_path):
    from test_viz import gold_records, synthetic_output

    path = synthetic_output(tmp_path / "big.jsonl", gold_records(DEV), 100_000)
    summary = summarize(path)
    seen = probe(render_report(summary), tmp_path)
    assert seen["ready"] == "1" and "100,000" in seen["text"]
    timeline = [c for c in seen["charts"] if c["label"] == "quotes per month"]
    assert timeline and timeline[0]["bars"] >= 60  # 2019-01 to 2024-06, one column a month
    assert len(seen["charts"]) >= 4


def _screenshots(page: str, name: str, tmp_path: Path, *, height: int) -> None:
    DOCS_IMG.mkdir(parents=True, exist_ok=True)
    path = tmp_path / f"{name}.html"
    path.write_text(page, encoding="utf-8")
    for dark in (False, True):
        shot = DOCS_IMG / f"{name}-{'dark' if dark else 'light'}.png"
        chromium(path, dark=dark, screenshot=shot, height=height)
