"""Gold files: which quotes an article holds, and where in its text each one is (docs/evaluation.md).

Gold files store strings, not offsets: each quote's content, cue and speaker are copied from the article
text. :func:`load_gold` reads a gold file into :class:`GoldArticle` records, and :func:`locate_gold_spans`
turns the contents into character offsets the way the reference scorer does (in reading order).
:func:`nearest_occurrence` finds the occurrence of a cue or speaker string that belongs to a quote: the one
nearest its content, since annotators mark the source attached to that quote.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from attrs import frozen

#: Every field of a gold quote (docs/evaluation.md). A gold article without `annotated` annotates all of them.
GOLD_FIELDS: frozenset[str] = frozenset(
    {"content", "kind", "cue", "speaker", "speaker_type", "organization", "role", "claim_type", "date"}
)


class EvaluationError(ValueError):
    """A gold or prediction file that cannot be scored; the message names the article or line."""


@frozen
class GoldQuote:
    """One annotated quote, with the character span its content was found at.

    Attributes:
        content: The quote content, copied exactly from the article text.
        start: Offset of `content` in the article text.
        end: `start + len(content)`.
        kind: `direct`, `indirect` or `mixed`.
        speaker: The fullest name of the source.
        speaker_aliases: Other names the source goes by in the article ("Moorhead").
        speaker_type: `person`, `organization` or `other`.
        organization: Organization the speaker belongs to or speaks for.
        role: Title or role as stated.
        claim_type: One of the claim types (docs/claims.md).
        date: The temporal phrase the statement is dated by ("la semana pasada").
        speaker_unresolved: True when the gold source is a bare pronoun (PolNeAR-derived files): any
            non-empty predicted speaker is then accepted.
    """

    content: str
    start: int
    end: int
    kind: str | None = None
    speaker: str | None = None
    speaker_aliases: tuple[str, ...] = ()
    speaker_type: str | None = None
    organization: str | None = None
    role: str | None = None
    claim_type: str | None = None
    date: str | None = None
    speaker_unresolved: bool = False


@frozen
class GoldArticle:
    """One gold article: its text, language, annotated fields and located quotes.

    `published` is kept (as written) so that the article can be fed back to the pipeline.
    """

    id: str
    text: str
    lang: str | None
    quotes: tuple[GoldQuote, ...]
    annotated: frozenset[str] = GOLD_FIELDS
    published: str | None = None
    #: ``mention`` when the gold speaker is the source as written at the cue ("Mr. Kamin", "he"), not the
    #: resolved entity (PolNeAR-derived files); a record's `mention` then counts as well as its `speaker`.
    speaker_level: str | None = None


# --------------------------------------------------------------------------------------------------------
# Loading


def read_jsonl(path: str | Path) -> list[tuple[int, Any]]:
    """Non-blank lines of a JSON Lines file (gzip-compressed if named `*.gz`), parsed, with line numbers.

    Raises:
        EvaluationError: naming the file and line of the first malformed line.
    """
    rows = []
    opener = gzip.open if str(path).endswith(".gz") else open  # `quotes extract -o OUT.jsonl.gz` compresses
    with opener(path, "rt", encoding="utf-8-sig") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rows.append((number, json.loads(line)))
            except json.JSONDecodeError as err:
                raise EvaluationError(f"{path}, line {number}: malformed JSON ({err.msg})") from err
    return rows


def locate_gold_spans(text: str, contents: Sequence[str], *, article_id: str = "") -> list[tuple[int, int]]:
    """Character spans of gold contents in the article text.

    Gold files store strings, not offsets. Quotes are annotated in reading order, so each content is first
    searched from where the previous one starts (not ends: a mixed quote may contain the next direct quote);
    a content found only earlier (annotated out of order) is taken at its first occurrence.

    Args:
        text: The article text.
        contents: The gold quote contents, in annotation order.
        article_id: Named in the error message.

    Raises:
        EvaluationError: when a content is empty or does not occur in the text.
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    for n, content in enumerate(contents, 1):
        if not content:
            raise EvaluationError(f"gold article {article_id!r}: quote {n} has an empty content")
        start = text.find(content, cursor)
        if start < 0:
            start = text.find(content)
        if start < 0:
            raise EvaluationError(
                f"gold article {article_id!r}: content of quote {n} is not in the text "
                f"(it must be copied exactly): {content[:80]!r}"
            )
        spans.append((start, start + len(content)))
        cursor = start
    return spans


def gold_article_from_dict(data: Mapping[str, Any]) -> GoldArticle:
    """A :class:`GoldArticle` from one parsed gold line, its quote contents located in the text.

    Raises:
        EvaluationError: when `id`, `text` or `quotes` is missing or a content cannot be located.
    """
    article_id = str(data.get("id", ""))
    text, raw_quotes = data.get("text"), data.get("quotes")
    if not article_id or not isinstance(text, str) or not isinstance(raw_quotes, list):
        raise EvaluationError(
            f"gold article {article_id or '(no id)'!r} needs an 'id', a 'text' string and a 'quotes' list"
        )
    contents = [str(q.get("content") or "") for q in raw_quotes]
    spans = locate_gold_spans(text, contents, article_id=article_id)
    quotes = tuple(gold_quote_from_dict(q, start, end) for q, (start, end) in zip(raw_quotes, spans, strict=True))
    annotated = data.get("annotated")
    return GoldArticle(
        id=article_id,
        text=text,
        lang=optional_str(data.get("lang")),
        quotes=quotes,
        annotated=GOLD_FIELDS if annotated is None else frozenset(annotated),
        published=optional_str(data.get("published")),
        speaker_level=optional_str(data.get("speaker_level")),
    )


def gold_quote_from_dict(data: Mapping[str, Any], start: int, end: int) -> GoldQuote:
    """A :class:`GoldQuote` from one quote of a gold line, its content located at `start`-`end`."""
    return GoldQuote(
        content=str(data.get("content") or ""),
        start=start,
        end=end,
        kind=optional_str(data.get("kind")),
        speaker=optional_str(data.get("speaker")),
        speaker_aliases=tuple(str(a) for a in data.get("speaker_aliases") or ()),
        speaker_type=optional_str(data.get("speaker_type")),
        organization=optional_str(data.get("organization")),
        role=optional_str(data.get("role")),
        claim_type=optional_str(data.get("claim_type")),
        date=optional_str(data.get("date")),
        speaker_unresolved=bool(data.get("speaker_unresolved")),
    )


def load_gold(path: str | Path) -> list[GoldArticle]:
    """Gold articles of a JSON Lines gold file (docs/evaluation.md).

    Raises:
        EvaluationError: naming the line and article of the first problem.
    """
    articles = []
    for number, data in read_jsonl(path):
        if not isinstance(data, dict):
            raise EvaluationError(f"{path}, line {number}: a gold line must be a JSON object")
        try:
            articles.append(gold_article_from_dict(data))
        except EvaluationError as err:
            raise EvaluationError(f"{path}, line {number}: {err}") from err
    return articles


# --------------------------------------------------------------------------------------------------------
# Cues and speakers: the occurrence that belongs to a quote

# A sentence boundary between a mention and the content means the mention belongs to another sentence.
_SENTENCE_END = re.compile(r"[.!?]\s|\n")


def nearest_occurrence(
    text: str,
    needle: str,
    start: int,
    end: int,
    *,
    inside: Literal["last_resort", "skip"] = "last_resort",
    same_sentence: bool = False,
) -> tuple[int, int] | None:
    """Offsets of the occurrence of `needle` closest to the content at [start, end), or None.

    A cue or a speaker may occur many times in an article; the annotators marked the one attached to the
    quote, so the nearest wins (the first on equal distances). A source is almost never inside its own quote
    ("«Sánchez miente», dijo Feijóo": "Sánchez" is quoted, not speaking).

    Args:
        text: The article text.
        needle: The string to find, as given (callers strip it if they want).
        start: Start of the quote content.
        end: End of the quote content.
        inside: `last_resort`: an occurrence wholly inside the content is taken only when there is no other
            (the training data's rule); `skip`: an occurrence overlapping the content is never taken (the
            gold view's rule).
        same_sentence: Only occurrences with no sentence end between them and the content count.
    """
    if not needle:
        return None
    best: tuple[int, int, int] | None = None
    for m in re.finditer(re.escape(needle), text):
        s, e = m.start(), m.end()
        if inside == "skip" and s < end and e > start:
            continue
        if same_sentence and not _same_sentence(text, (s, e), (start, end)):
            continue
        gap = start - e if e <= start else s - end if s >= end else 0
        if inside == "last_resort" and s >= start and e <= end:
            gap += 10_000
        if best is None or gap < best[0]:
            best = (gap, s, e)
    return None if best is None else (best[1], best[2])


def _same_sentence(text: str, found: tuple[int, int], content: tuple[int, int]) -> bool:
    """Whether nothing between an occurrence and the content ends a sentence."""
    if found[1] <= content[0]:
        lo, hi = found[1], content[0]
    elif found[0] >= content[1]:
        lo, hi = content[1], found[0]
    else:
        return True
    return _SENTENCE_END.search(text, lo, hi) is None


# --------------------------------------------------------------------------------------------------------
# Helpers


def optional_str(value: Any) -> str | None:
    """A JSON value as an optional string (null stays None)."""
    return None if value is None else str(value)


def record_preview(data: Any) -> str:
    """A record shortened for an error message."""
    text = json.dumps(data, ensure_ascii=False, default=str)
    return text if len(text) <= 120 else text[:117] + "..."
