"""Quotation marks: pair opening and closing marks into quoted spans, from the text alone.

News uses many marks: « » (Spanish, French), “ ” (English, Latin American Spanish), „ “ (German-style),
‘ ’ and straight " ' (ambiguous: the same character opens and closes, and ' is also an apostrophe). Pairing is
done per paragraph with a stack, so that one broken pair costs only its own quote: textacy's
`direct_quotations` gives up on a whole article when it counts an odd number of marks.

A quotation may run over several paragraphs: by convention each continued paragraph opens with a mark again
and only the last one closes; such paragraphs are joined into one span.
"""

from __future__ import annotations

import re
from functools import lru_cache

from attrs import frozen

# Opening mark -> closing marks that may end it.
_PAIRS: dict[str, tuple[str, ...]] = {
    "«": ("»",),
    "“": ("”", "“"),  # some sources close “ with “ again
    "„": ("“", "”"),
    "‘": ("’",),
    '"': ('"', "''"),
    "''": ("''", '"'),
    "'": ("'",),
    "‹": ("›",),
}
_CLOSERS = {c for closers in _PAIRS.values() for c in closers}
#: Every character that can be a mark, the double apostrophe first (it is one mark, not two).
_MARK = re.compile("''|[" + re.escape("".join(sorted(set(_PAIRS) | _CLOSERS))) + "]")
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*[«“„\"'‘‹])")
# Longest quotation in characters: beyond this an unclosed mark is more likely a typo than a long quote.
_MAX_CHARS = 5000


@frozen
class QuotedSpan:
    """A pair of marks and the content between them.

    Attributes:
        open: Offset of the opening mark.
        close: Offset of the closing mark.
        start: Offset of the first content character (after the opening mark).
        end: Offset just past the last content character (the closing mark's offset).
        mark: The opening mark.
        outer_end: Offset just past the closing mark.
        depth: 0 for a top-level quotation, 1 for one nested inside another.
    """

    open: int
    close: int
    start: int
    end: int
    mark: str
    outer_end: int
    depth: int = 0


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _can_open(text: str, i: int, mark: str) -> bool:
    """Straight and single marks open only at the start of a word."""
    after = text[i + len(mark)] if i + len(mark) < len(text) else ""
    before = text[i - 1] if i > 0 else " "
    if mark in ("'", "‘", "''"):
        # An apostrophe sits inside or after a word ("Clinton's", "rock 'n' roll"): opening needs a space before.
        return not _is_word(before) and (_is_word(after) or after in "¿¡")
    if mark == '"':
        return not _is_word(before) and bool(after) and not after.isspace()
    return True


def _can_close(text: str, i: int, mark: str) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + len(mark)] if i + len(mark) < len(text) else " "
    if mark in ("'", "’"):
        # "dogs' bowls" vs "'heightened alert' from": a closing single mark is followed by a non-letter.
        return not before.isspace() and not _is_word(after)
    if mark in ('"', "''"):
        return not before.isspace() or not _is_word(after)
    return True


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """All quoted spans of `text`, nested ones included (depth 1), in order of their opening mark.

    Marks that cannot be paired inside their paragraph are ignored, and the rest of the article is still
    paired. The spans of the last texts are remembered: the first pass that picks the sentences to parse and
    the extractors read the same article.
    """
    return list(_quoted_spans(text))


@lru_cache(maxsize=64)
def _quoted_spans(text: str) -> tuple[QuotedSpan, ...]:
    return tuple(_pair_marks(text))


def _pair_marks(text: str) -> list[QuotedSpan]:
    spans: list[QuotedSpan] = []
    # Paragraph bounds; a paragraph that opens with a mark while a quotation is open continues it.
    bounds = [0] + [m.end() for m in _PARAGRAPH.finditer(text)] + [len(text)]
    stack: list[tuple[str, int]] = []
    carried: tuple[str, int] | None = None
    for p in range(len(bounds) - 1):
        lo, hi = bounds[p], bounds[p + 1]
        stack = []
        seen = lo  # the text before `seen` has been looked at
        first_mark = True
        for found in _MARK.finditer(text, lo, hi):
            i, mark = found.start(), found.group()
            if first_mark and text[seen:i].strip():
                first_mark = False
            width = len(mark)
            seen = i + width
            if carried is not None and first_mark and mark in _PAIRS and text[i : i + width] == carried[0]:
                # Continuation paragraph of a multi-paragraph quotation: keep the original opening.
                stack.append(carried)
                carried = None
                first_mark = False
                continue
            first_mark = False
            top = stack[-1] if stack else None
            if top is not None and mark in _PAIRS[top[0]] and _can_close(text, i, mark):
                open_mark, open_at = stack.pop()
                start = open_at + len(open_mark)
                if i > start:
                    spans.append(QuotedSpan(open_at, i, start, i, open_mark, i + width))
                continue
            if mark in _PAIRS and _can_open(text, i, mark) and len(stack) < 3:
                # A straight " inside an open straight " closes it when it can; otherwise a nested open.
                stack.append((mark, i))
                continue
        # An opening still pending at the paragraph end continues only if the next paragraph opens again.
        carried = None
        if stack:
            bottom = stack[0]
            nxt = bounds[p + 1]
            rest = text[nxt : nxt + 5].lstrip()
            if rest.startswith(bottom[0]) and nxt - bottom[1] < _MAX_CHARS:
                carried = bottom
    spans.sort(key=lambda s: (s.open, -s.close))
    # Depth from containment (the stack depth is per paragraph; containment is what matters to callers).
    out: list[QuotedSpan] = []
    for s in spans:
        nested = any(o.start <= s.open and s.close <= o.end and o is not s for o in spans if o.open < s.open)
        out.append(QuotedSpan(s.open, s.close, s.start, s.end, s.mark, s.outer_end, depth=1 if nested else 0))
    return out
