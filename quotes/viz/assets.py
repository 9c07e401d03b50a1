"""Style sheet, script and colours shared by the article view and the corpus report.

Everything is inlined into the pages so that a saved file opens anywhere without network access. All rules are
scoped under the `.qv` class: in JupyterLab the HTML of a cell output is inserted into the notebook page
itself, and unscoped rules would restyle the notebook.

Theme: light by default, dark when the reader's system asks for it (`prefers-color-scheme`), and a button that
cycles auto -> light -> dark by setting `data-theme` on the `.qv` root. The page also reads `#theme=dark` or
`#theme=light` from its address, which makes screenshots of either theme reproducible.
"""

from __future__ import annotations

from quotes.models import ClaimType, QuoteKind

#: Fill colours for quote kinds, as (light theme, dark theme) highlight backgrounds and an accent line colour.
#: Blue / amber / violet stay distinguishable for the common colour-vision deficiencies.
KIND_COLORS: dict[str, str] = {
    QuoteKind.DIRECT.value: "#2f6fdb",
    QuoteKind.INDIRECT.value: "#d08a00",
    QuoteKind.MIXED.value: "#8a4fd6",
}

#: Claim type colours (Okabe-Ito palette plus two neutrals), used in charts, legends and the quote cards.
CLAIM_COLORS: dict[str, str] = {
    ClaimType.PREDICTION.value: "#0072B2",
    ClaimType.QUANTITY.value: "#E69F00",
    ClaimType.CAUSAL.value: "#CC79A7",
    ClaimType.RULE.value: "#009E73",
    ClaimType.ANNOUNCEMENT.value: "#D55E00",
    ClaimType.EXPERIENCE.value: "#F0E442",
    ClaimType.FACT.value: "#56B4E9",
    ClaimType.OPINION.value: "#8f7fb8",
}
#: Colour for a missing value (no claim type, no speaker type ...).
NONE_COLOR = "#9a9a9a"

SPEAKER_TYPE_COLORS: dict[str, str] = {
    "person": "#0072B2",
    "organization": "#D55E00",
    "other": "#009E73",
}

_KIND_VARS = "\n".join(f"  --k-{kind}: {color};" for kind, color in KIND_COLORS.items())

CSS = (
    """
.qv {
  --bg: #ffffff; --fg: #1d1f23; --muted: #5b6170; --line: #d9dce3; --card: #f6f7f9; --accent: #2f6fdb;
  --hl-direct: rgba(47, 111, 219, 0.16); --hl-indirect: rgba(224, 150, 0, 0.20);
    --hl-mixed: rgba(138, 79, 214, 0.17);
  --hl-active: rgba(255, 214, 10, 0.55); --mention: #b4236b; --cue: #0b6e4f; --heat: 0, 114, 178;
"""
    + _KIND_VARS
    + """
  color-scheme: light;
  background: var(--bg); color: var(--fg);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
  padding: 1rem 1.25rem 2rem;
}
.qv[data-theme="dark"] {
  --bg: #16181d; --fg: #e6e8ec; --muted: #a3a9b6; --line: #363b46; --card: #20242b; --accent: #7aa7ff;
  --hl-direct: rgba(95, 150, 255, 0.30); --hl-indirect: rgba(240, 170, 40, 0.28);
    --hl-mixed: rgba(170, 120, 255, 0.30);
  --hl-active: rgba(255, 214, 10, 0.42); --mention: #ff8ac0; --cue: #5ee0b0; --heat: 86, 180, 233;
  color-scheme: dark;
}
@media (prefers-color-scheme: dark) {
  .qv:not([data-theme="light"]) {
    --bg: #16181d; --fg: #e6e8ec; --muted: #a3a9b6; --line: #363b46; --card: #20242b; --accent: #7aa7ff;
    --hl-direct: rgba(95, 150, 255, 0.30); --hl-indirect: rgba(240, 170, 40, 0.28);
      --hl-mixed: rgba(170, 120, 255, 0.30);
    --hl-active: rgba(255, 214, 10, 0.42); --mention: #ff8ac0; --cue: #5ee0b0; --heat: 86, 180, 233;
    color-scheme: dark;
  }
}
.qv.page { min-height: 100vh; }
.qv * { box-sizing: border-box; }
.qv h1 { font-size: 1.45rem; line-height: 1.25; margin: 0 0 .3rem; }
.qv h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid var(--line);
  padding-bottom: .2rem; }
.qv .meta { color: var(--muted); font-size: .9rem; margin: 0 0 .6rem; }
.qv .bar { display: flex; flex-wrap: wrap; gap: .4rem 1rem; align-items: center; margin: .3rem 0 1rem;
  font-size: .88rem; }
.qv .legend > span { margin-right: .7rem; }
.qv .legend span.sw { display: inline-block; width: .9em; height: .9em; border-radius: 2px;
  vertical-align: -.1em;
  margin-right: .25em; }
.qv button.theme { margin-left: auto; font: inherit; font-size: .85rem; color: var(--fg);
  background: var(--card);
  border: 1px solid var(--line); border-radius: 4px; padding: .15rem .6rem; cursor: pointer; }
.qv .notice { border-left: 4px solid #d55e00; background: var(--card); padding: .4rem .8rem;
  margin: .5rem 0 1rem; }
/* Article view */
.qv .layout { display: grid; grid-template-columns: minmax(0, 1.35fr) minmax(18rem, 1fr); gap: 1.5rem;
  align-items: start; }
@media (max-width: 900px) { .qv .layout { grid-template-columns: 1fr; } }
.qv .article { font-family: inherit; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 1.02rem;
  line-height: 1.75; margin: 0; }
.qv mark.q { color: inherit; padding: .08em 0; border-bottom: 2px solid; }
.qv mark.q.k-direct { background: var(--hl-direct); border-color: var(--k-direct); }
.qv mark.q.k-indirect { background: var(--hl-indirect); border-color: var(--k-indirect); }
.qv mark.q.k-mixed { background: var(--hl-mixed); border-color: var(--k-mixed); }
.qv mark.q mark.q { outline: 1px dashed var(--muted); }
.qv .cue { color: var(--cue); font-weight: 650; text-decoration: underline dotted;
  text-underline-offset: .2em; }
.qv .mention { color: var(--mention); font-weight: 650; border: 1px solid var(--mention); border-radius: 3px;
  padding: 0 .12em; }
.qv .qn { display: inline-block; font-size: .68em; font-weight: 700; line-height: 1; color: var(--bg);
  background: var(--fg); border-radius: 999px; padding: .18em .42em; margin-right: .2em;
    vertical-align: .25em;
  white-space: nowrap; }
.qv .res { font-size: .78em; font-weight: 600; color: var(--mention); background: var(--card);
  border: 1px dashed var(--mention); border-radius: 3px; padding: 0 .3em; margin-left: .2em;
    white-space: nowrap; }
.qv .hl, .qv mark.q.hl { background: var(--hl-active) !important; }
.qv .cards { display: flex; flex-direction: column; gap: .55rem; font-size: .88rem; }
.qv .card { background: var(--card); border: 1px solid var(--line); border-left: 5px solid var(--line);
  border-radius: 5px; padding: .45rem .7rem; }
.qv .card.k-direct { border-left-color: var(--k-direct); }
.qv .card.k-indirect { border-left-color: var(--k-indirect); }
.qv .card.k-mixed { border-left-color: var(--k-mixed); }
.qv .card.hl { outline: 2px solid var(--accent); }
.qv .card .head { display: flex; gap: .4rem; align-items: baseline; flex-wrap: wrap; }
.qv .card .who { font-weight: 700; font-size: .98rem; }
.qv .card .kind { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.qv .card .role { margin: .1rem 0; }
.qv .card .facts { margin: .1rem 0; }
.qv .card .written { color: var(--mention); font-size: .82rem; }
.qv .card .excerpt { color: var(--muted); font-style: italic; margin-top: .2rem; }
.qv .dot { display: inline-block; width: .7em; height: .7em; border-radius: 50%; margin-right: .3em;
  vertical-align: -.02em; }
.qv .conf { display: inline-block; width: 4rem; height: .45rem; background: var(--line); border-radius: 3px;
  vertical-align: .05em; margin-right: .35em; overflow: hidden; }
.qv .conf i { display: block; height: 100%; background: var(--accent); }
/* Corpus report */
.qv .figures { display: flex; flex-wrap: wrap; gap: .8rem; margin: .5rem 0 1rem; }
.qv .figure { background: var(--card); border: 1px solid var(--line); border-radius: 6px;
  padding: .45rem .9rem; min-width: 8rem; }
.qv .figure b { display: block; font-size: 1.35rem; }
.qv .figure span { color: var(--muted); font-size: .82rem; }
.qv .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(30rem, 1fr)); gap: 1rem 1.5rem; }
.qv figure.chart { margin: 0; }
.qv figure.chart figcaption { font-weight: 650; margin-bottom: .3rem; }
.qv svg.chart { display: block; max-width: 100%; height: auto; color: var(--fg); }
.qv svg.chart text { fill: currentColor; font-size: 12px; }
.qv svg.chart .axis { stroke: var(--line); }
.qv svg.chart .muted { fill: var(--muted); }
.qv table.t { border-collapse: collapse; font-size: .85rem; margin: .3rem 0 1rem; }
.qv table.t th, .qv table.t td { border-bottom: 1px solid var(--line); padding: .2rem .55rem;
  text-align: left; }
.qv table.t td.n, .qv table.t th.n { text-align: right; font-variant-numeric: tabular-nums; }
.qv table.t td.heat { text-align: center; font-variant-numeric: tabular-nums; }
.qv .scroll { overflow-x: auto; }
.qv footer { color: var(--muted); font-size: .8rem; margin-top: 2rem; }
"""
)

#: Theme toggle and cross-highlighting. Plain DOM code, no library; the page is complete without it. It marks
#: the root with `data-ready="1"` as its last step, which the browser tests read to know the script ran to the
#: end.
JS = """
(function () {
  var roots = document.querySelectorAll('.qv:not([data-ready])');
  var m = /theme=(light|dark)/.exec(location.hash || '');
  roots.forEach(function (root) {
    if (m) root.setAttribute('data-theme', m[1]);
    var btn = root.querySelector('button.theme');
    var order = ['auto', 'light', 'dark'];
    function label() {
      if (btn) btn.textContent = 'Theme: ' + (root.getAttribute('data-theme') || 'auto');
    }
    if (btn) {
      btn.addEventListener('click', function () {
        var now = root.getAttribute('data-theme') || 'auto';
        var next = order[(order.indexOf(now) + 1) % order.length];
        if (next === 'auto') root.removeAttribute('data-theme'); else root.setAttribute('data-theme', next);
        label();
      });
      label();
    }
    // Hovering a quote, its cue, its speaker mention or its card lights up all the others of the same quote.
    function ids(el) { return (el.getAttribute('data-q') || '').split(' ').filter(Boolean); }
    function toggle(el, on) {
      var wanted = ids(el);
      root.querySelectorAll('[data-q]').forEach(function (other) {
        var mine = ids(other);
        if (wanted.some(function (q) { return mine.indexOf(q) >= 0; })) other.classList.toggle('hl', on);
      });
    }
    root.querySelectorAll('[data-q]').forEach(function (el) {
      el.addEventListener('mouseenter', function () { toggle(el, true); });
      el.addEventListener('mouseleave', function () { toggle(el, false); });
    });
    root.setAttribute('data-ready', '1');
  });
})();
"""


def page(title: str, body: str, *, lang: str = "en") -> str:
    """A complete, self-contained HTML document around `body` (already escaped markup)."""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f"<title>{title}</title>\n<style>\nhtml, body {{ margin: 0; }}\n"
        "@media (prefers-color-scheme: dark) { html { background: #16181d; } }\n"
        f"{CSS}</style>\n</head>\n<body>\n{body}\n<script>{JS}</script>\n</body>\n</html>\n"
    )


def fragment(body: str) -> str:
    """`body` with the style sheet and script inlined, for embedding (Jupyter cell outputs)."""
    return f"<style>{CSS}</style>\n{body}\n<script>{JS}</script>"
