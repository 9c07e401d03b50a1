"""One article with its quotes, as HTML: highlighted content, cue, speaker mention and a card per quote.

The markup is built from the sorted boundaries of every span (quote content, cue, mention), so spans that
overlap or nest render as well-formed HTML: where two spans cross, the inner one is closed and reopened, and
the fragments of one quote share its `data-q` number. Text is escaped piece by piece; nothing from the article
or the records reaches the page unescaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from quotes.models import Article, MentionKind, Quote
from quotes.viz.assets import CLAIM_COLORS, KIND_COLORS, NONE_COLOR, fragment, page

_esc = html.escape
# Nesting order when spans start at the same offset and have the same end: quote outermost, then mention, cue.
_RANK = {"quote": 0, "mention": 1, "cue": 2}


class _Span(NamedTuple):
    start: int
    end: int
    layer: str
    qids: tuple[int, ...]
    cls: str
    title: str  # already escaped for an attribute

    def open_tag(self, continued: bool) -> str:
        tag = "mark" if self.layer == "quote" else "span"
        cls = self.cls + (" cont" if continued else "")
        qs = " ".join(map(str, self.qids))
        return f'<{tag} class="{cls}" data-q="{qs}" title="{self.title}">'

    @property
    def close_tag(self) -> str:
        return "</mark>" if self.layer == "quote" else "</span>"


def _valid(quote: Quote, text: str) -> str | None:
    """Why `quote` cannot be placed in `text`, or None when its offsets fit."""
    if quote.end > len(text) or text[quote.start : quote.end] != quote.text:
        return f"quote at [{quote.start}, {quote.end}) does not match the article text"
    return None


def _span(start: int | None, end: int | None, text: str) -> tuple[int, int] | None:
    """The offsets when they are a non-empty span of `text`, else None."""
    if start is not None and end is not None and 0 <= start < end <= len(text):
        return start, end
    return None


def _resolved_label(q: Quote) -> str | None:
    """The resolved speaker when it differs from what is written next to the quote."""
    if not q.speaker:
        return None
    if q.mention and q.mention.strip().lower() == q.speaker.strip().lower():
        return None
    return q.speaker


def _tooltip(n: int, q: Quote) -> str:
    parts = [f"#{n} {q.kind.value}", q.speaker or "no speaker"]
    details = ", ".join(x for x in (q.role, q.organization) if x)
    if details:
        parts[-1] += f" ({details})"
    parts.append(f"claim: {q.claim_type.value if q.claim_type else '-'}")
    if q.date or q.date_text:
        parts.append(
            f"date: {q.date.isoformat() if q.date else '?'}" + (f" ({q.date_text})" if q.date_text else "")
        )
    parts.append(f"confidence {q.confidence:.2f}")
    return " · ".join(parts)


def _markup(text: str, quotes: Sequence[Quote]) -> str:
    """The article text as HTML with every span of `quotes` marked (quote numbers count from 1)."""
    # Cues and mentions shared by several quotes («A», dijo X, «B») are one element carrying both numbers.
    shared: dict[tuple[int, int, str], list[int]] = {}
    spans: list[_Span] = []
    # Points: zero-width insertions, as (offset, phase, html). Phase 0 goes after the spans ending at the
    # offset are closed, phase 1 after the spans starting there are opened.
    points: list[tuple[int, int, str]] = []
    for n, q in enumerate(quotes, start=1):
        title = _esc(_tooltip(n, q), quote=True)
        spans.append(_Span(q.start, q.end, "quote", (n,), f"q k-{q.kind.value}", title))
        points.append((q.start, 1, f'<span class="qn" aria-hidden="true">{n}</span>'))
        if cue := _span(q.cue_start, q.cue_end, text):
            shared.setdefault((*cue, "cue"), []).append(n)
        if mention := _span(q.mention_start, q.mention_end, text):
            shared.setdefault((*mention, "mention"), []).append(n)
        label = _resolved_label(q)
        if label:
            # The resolved speaker goes right after what stands for it: the mention (pronoun, nominal, short
            # name), else the cue of a dropped subject, else the end of the quote.
            if mention:
                at, sign = mention[1], "→"
            elif cue:
                at, sign = cue[1], "∅ →" if q.mention_kind is MentionKind.DROPPED else "→"
            else:
                at, sign = q.end, "—"
            why = _esc(f"speaker of #{n}, resolved from: {q.mention_kind.value}", quote=True)
            points.append(
                (at, 0, f'<span class="res" data-q="{n}" title="{why}">{sign} {_esc(label)}</span>')
            )
    for (start, end, layer), qids in shared.items():
        who = sorted({quotes[n - 1].speaker or "?" for n in qids})
        refs = ", ".join(f"#{n}" for n in qids)
        title = f"cue of {refs}" if layer == "cue" else f"speaker of {refs}: {'; '.join(who)}"
        spans.append(_Span(start, end, layer, tuple(qids), layer, _esc(title, quote=True)))

    def order(s: _Span) -> tuple[int, int, int]:
        return (s.start, -s.end, _RANK[s.layer])

    spans.sort(key=order)
    bounds = sorted(
        {0, len(text)} | {s.start for s in spans} | {s.end for s in spans} | {p[0] for p in points}
    )
    by_pos: dict[int, list[tuple[int, str]]] = {}
    for at, phase, snippet in dict.fromkeys(points):  # a label shared by several quotes is written once
        by_pos.setdefault(at, []).append((phase, snippet))

    out: list[str] = []
    stack: list[_Span] = []
    first = 0  # spans before this index in `spans` have started
    wanted: list[_Span] = []  # the spans covering the text after `pos`, in nesting order (that of `spans`)
    for i, pos in enumerate(bounds):
        while first < len(spans) and spans[first].start <= pos:
            wanted.append(spans[first])
            first += 1
        wanted = [s for s in wanted if s.end > pos]
        keep = 0
        while keep < len(stack) and keep < len(wanted) and stack[keep] is wanted[keep]:
            keep += 1
        out.extend(s.close_tag for s in reversed(stack[keep:]))
        del stack[keep:]
        inserts = sorted(by_pos.get(pos, ()))
        out.extend(snippet for phase, snippet in inserts if phase == 0)
        for s in wanted[keep:]:
            out.append(s.open_tag(continued=s.start < pos))
            stack.append(s)
        out.extend(snippet for phase, snippet in inserts if phase == 1)
        if i + 1 < len(bounds):
            out.append(_esc(text[pos : bounds[i + 1]], quote=False))
    out.extend(s.close_tag for s in reversed(stack))
    return "".join(out)


def _card(n: int, q: Quote) -> str:
    kind = q.kind.value
    who = ", ".join(_esc(x) for x in (q.role, q.organization) if x)
    if q.speaker_type:
        who += f'{" · " if who else ""}<span class="kind">{_esc(q.speaker_type.value)}</span>'
    claim = q.claim_type.value if q.claim_type else None
    color = CLAIM_COLORS.get(claim or "", NONE_COLOR)
    facts = [f'<span class="dot" style="background:{color}"></span>{_esc(claim or "no claim type")}']
    if q.cue:
        facts.append(f"cue <b>{_esc(q.cue)}</b>")
    if q.date or q.date_text:
        shown = q.date.isoformat() if q.date else "date unresolved"
        facts.append(_esc(shown) + (f" ({_esc(q.date_text)})" if q.date_text else ""))
    pct = round(q.confidence * 100)
    facts.append(
        f'<span class="conf" title="confidence"><i style="width:{pct}%"></i></span>{q.confidence:.2f}'
    )
    if q.mention and _resolved_label(q):
        written = f"written as “{_esc(q.mention)}” ({q.mention_kind.value})"
    elif q.mention:
        written = ""
    elif q.mention_kind is MentionKind.DROPPED:
        written = "subject dropped: speaker from context"
    else:
        written = f"source mention: {q.mention_kind.value}" if q.speaker else ""
    excerpt = q.text if len(q.text) <= 110 else q.text[:107].rstrip() + "…"
    return (
        f'<div class="card k-{kind}" data-q="{n}">'
        f'<div class="head"><span class="qn">{n}</span>'
        f'<span class="who">{_esc(q.speaker or "(no speaker)")}</span>'
        f'<span class="kind">{kind}</span></div>'
        + (f'<div class="role">{who}</div>' if who else "")
        + f'<div class="facts">{" · ".join(facts)}</div>'
        + (f'<div class="written">{written}</div>' if written else "")
        + f'<div class="excerpt">{_esc(excerpt)}</div></div>'
    )


def _legend() -> str:
    kinds = "".join(
        f'<span><span class="sw" style="background:{c};opacity:.55"></span>{k}</span>'
        for k, c in KIND_COLORS.items()
    )
    return (
        f'<span class="legend">{kinds}</span><span class="cue">cue</span>'
        '<span class="mention">speaker as written</span>'
        '<span class="res">→ resolved speaker</span>'
    )


def _body(article: Article, quotes: Sequence[Quote], problems: Sequence[str], title: str | None) -> str:
    heading = title or article.meta.get("title") or article.id
    meta = [f"id {article.id}"]
    if article.lang:
        meta.append(f"language {article.lang}")
    if article.published:
        meta.append(f"published {article.published.isoformat()}")
    extractors = sorted({q.extractor for q in quotes})
    meta.append(f"{len(quotes)} quote{'s' if len(quotes) != 1 else ''}")
    if extractors:
        meta.append("extractor " + ", ".join(extractors))
    notice = ""
    if problems:
        items = "".join(f"<li>{_esc(p)}</li>" for p in problems[:20])
        more = f"<li>… and {len(problems) - 20} more</li>" if len(problems) > 20 else ""
        notice = f'<div class="notice"><b>Not shown:</b><ul>{items}{more}</ul></div>'
    cards = "".join(_card(n, q) for n, q in enumerate(quotes, start=1)) or "<p>No quotes found.</p>"
    return (
        '<div class="qv page">'
        f'<h1>{_esc(heading)}</h1><p class="meta">{_esc(" · ".join(meta))}</p>'
        f'<div class="bar">{_legend()}<button class="theme" type="button">Theme: auto</button></div>{notice}'
        f'<div class="layout"><pre class="article">{_markup(article.text, quotes)}</pre>'
        f'<aside class="cards" aria-label="quotes">{cards}</aside></div></div>'
    )


def _prepare(article: Article, quotes: Iterable[Quote]) -> tuple[list[Quote], list[str]]:
    kept: list[Quote] = []
    problems: list[str] = []
    for q in quotes:
        why = _valid(q, article.text)
        if why:
            problems.append(f"{why}: {q.text[:60]!r}")
        else:
            kept.append(q)
    kept.sort(key=lambda q: (q.start, -q.end))
    return kept, problems


def render_article(article: Article, quotes: Iterable[Quote], *, title: str | None = None) -> str:
    """A self-contained HTML page showing `article` with `quotes` highlighted.

    Each quote is highlighted by kind and numbered; its cue and the speaker as written are marked, the
    resolved speaker is written next to pronouns, nominals and dropped subjects, and a card beside the text
    lists speaker, type, organization, role, claim type, date and confidence (also shown on hover). Records
    whose offsets do not match the text are listed in a notice instead of being drawn in the wrong place.

    Args:
        article: The article the quotes were extracted from.
        quotes: Its quotes (any order).
        title: Page heading; by default the article's `title` metadata, else its id.

    Returns:
        The HTML document, needing no network access to view.
    """
    kept, problems = _prepare(article, quotes)
    heading = title or article.meta.get("title") or article.id
    return page(_esc(str(heading)), _body(article, kept, problems, title), lang=article.lang or "en")


class ArticleView:
    """An article with its quotes, displayed as rich HTML in Jupyter.

    Example:
        >>> from quotes import Article, Quote
        >>> art = Article(id="a", text="«Vamos a crecer», dijo Ana Pérez.", lang="es")
        >>> q = Quote.from_offsets("a", art.text, 1, 15, kind="direct", speaker="Ana Pérez")
        >>> view = ArticleView(art, [q])
        >>> "Vamos a crecer" in view._repr_html_()
        True

    Args:
        article: The article.
        quotes: Its quotes.
        title: Optional heading.
    """

    def __init__(self, article: Article, quotes: Iterable[Quote], *, title: str | None = None) -> None:
        self.article = article
        self.quotes, self.problems = _prepare(article, quotes)
        self.title = title

    def _repr_html_(self) -> str:
        return fragment(_body(self.article, self.quotes, self.problems, self.title))

    def to_html(self) -> str:
        """The view as a complete, self-contained HTML page."""
        return render_article(self.article, self.quotes, title=self.title)

    def save(self, path: str) -> None:
        """Write the page to `path` (UTF-8)."""
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(self.to_html())

    def __repr__(self) -> str:
        return f"<ArticleView {self.article.id!r}: {len(self.quotes)} quotes>"
