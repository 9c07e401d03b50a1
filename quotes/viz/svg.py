"""Small inline SVG charts: stacked horizontal bars, a share bar and columns over time.

Charts are plain SVG strings sized by a `viewBox` (they scale with the page) and coloured so that they read on
light and dark backgrounds: text uses `currentColor`, fills come from the palettes in
:mod:`quotes.viz.assets`. Every bar has a `<title>`, shown by browsers on hover, with the exact figure.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

_esc = html.escape


def _fmt(n: float) -> str:
    return f"{n:,.0f}" if float(n).is_integer() else f"{n:,.1f}"


def _clip(label: str, width: int) -> str:
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"


def legend(colors: Mapping[str, str]) -> str:
    """An HTML legend (swatch and name) for the series of a chart."""
    items = "".join(
        f'<span><span class="sw" style="background:{c}"></span>{_esc(name)}</span>'
        for name, c in colors.items()
    )
    return f'<div class="bar legend">{items}</div>'


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[float]]],
    series: Sequence[str],
    colors: Mapping[str, str],
    *,
    label: str,
    width: int = 640,
    label_chars: int = 28,
) -> str:
    """Horizontal bars, one per row, each stacked by series, with the row total at its end.

    Args:
        rows: `(row label, one value per series)`, in display order.
        series: Series names, in stacking order.
        colors: Fill colour per series name.
        label: Accessible name of the chart.
        width: Width of the drawing in SVG units.
        label_chars: Row labels longer than this are shortened (the full label stays in the bar's title).
    """
    bar_h, gap, left, right, top = 18, 6, 10 + 7.6 * label_chars, 56, 4
    height = top + len(rows) * (bar_h + gap) + 4
    biggest = max((sum(v) for _, v in rows), default=0) or 1
    scale = (width - left - right) / biggest
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{_esc(label, quote=True)}" xmlns="http://www.w3.org/2000/svg"><title>{_esc(label)}</title>'
    ]
    for i, (name, values) in enumerate(rows):
        y = top + i * (bar_h + gap)
        parts.append(
            f'<text x="{left - 6:.0f}" y="{y + bar_h - 5}" text-anchor="end">{_esc(_clip(name, label_chars))}'
            f"<title>{_esc(name)}</title></text>"
        )
        x = left
        for s, v in zip(series, values, strict=True):
            if v <= 0:
                continue
            w = v * scale
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{max(w, 0.8):.1f}" height="{bar_h}" fill="{colors[s]}">'
                f"<title>{_esc(name)}: {_esc(s)} {_fmt(v)}</title></rect>"
            )
            x += w
        parts.append(f'<text x="{x + 5:.1f}" y="{y + bar_h - 5}" class="muted">{_fmt(sum(values))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def share_bar(parts: Sequence[tuple[str, float, str]], *, label: str, width: int = 640) -> str:
    """One 100% bar split into named parts `(name, value, colour)`, with each share written under it."""
    total = sum(v for _, v, _ in parts) or 1
    height = 58
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{_esc(label, quote=True)}" xmlns="http://www.w3.org/2000/svg"><title>{_esc(label)}</title>'
    ]
    x = 0.0
    for name, value, color in parts:
        if value <= 0:
            continue
        w = value / total * width
        share = value / total
        out.append(
            f'<rect x="{x:.1f}" y="4" width="{w:.1f}" height="24" fill="{color}">'
            f"<title>{_esc(name)}: {_fmt(value)} ({share:.1%})</title></rect>"
        )
        # Name and share below the bar, when the part is wide enough to hold them.
        if w >= 46:
            out.append(f'<text x="{x + 2:.1f}" y="44">{_esc(_clip(name, int(w / 7)))}</text>')
            out.append(f'<text x="{x + 2:.1f}" y="56" class="muted">{share:.0%}</text>')
        x += w
    out.append("</svg>")
    return "".join(out)


def columns(
    points: Sequence[tuple[str, float]], *, label: str, width: int = 640, color: str = "#0072B2"
) -> str:
    """Vertical columns in order (a time series), with a few evenly spaced x labels and the maximum marked."""
    height, bottom, top, left = 190, 34, 16, 40
    n = len(points) or 1
    biggest = max((v for _, v in points), default=0) or 1
    step = (width - left - 4) / n
    plot_h = height - bottom - top
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{_esc(label, quote=True)}" xmlns="http://www.w3.org/2000/svg"><title>{_esc(label)}</title>',
        f'<line class="axis" x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end" class="muted">{_fmt(biggest)}</text>',
        f'<text x="{left - 4}" y="{height - bottom}" text-anchor="end" class="muted">0</text>',
    ]
    every = max(1, round(n / 8))
    for i, (name, value) in enumerate(points):
        x = left + i * step
        h = value / biggest * plot_h
        if value > 0:
            out.append(
                f'<rect x="{x + step * 0.1:.1f}" y="{height - bottom - h:.1f}" '
                f'width="{max(step * 0.8, 0.8):.1f}" height="{h:.1f}" fill="{color}">'
                f"<title>{_esc(name)}: {_fmt(value)}</title></rect>"
            )
        if i % every == 0:
            # Labels near the right edge are right-aligned so that they are not cut off.
            cx = x + step / 2
            anchor, cx = ("end", width - 2) if cx + 3.5 * len(name) > width else ("middle", cx)
            out.append(
                f'<text x="{cx:.1f}" y="{height - bottom + 16}" text-anchor="{anchor}">{_esc(name)}</text>'
            )
    out.append("</svg>")
    return "".join(out)
