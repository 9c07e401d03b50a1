"""Gold annotations as records, so that the views can display a gold file like an extraction output.

The gold format (SPEC section 5) gives strings, not offsets. The contents are located as the evaluation
locates them (:func:`quotes.evaluation.locate_gold_spans`), so the view shows the spans that are scored; the cue
and the speaker mention are then searched in the same sentence as the content, outside it
(:func:`quotes.evaluation.gold.nearest_occurrence`). A speaker not written in
that sentence is shown as a dropped subject ("Añade que ...", "«...», comenta."), which is what it is in news
style.
"""

from __future__ import annotations

from typing import Any

from quotes import lexicons
from quotes.evaluation.gold import locate_gold_spans, nearest_occurrence
from quotes.models import Article, MentionKind, Quote

# Words a nominal mention starts with ("la compañía", "the company"): such an alias is not a name.
_DETERMINERS = lexicons.words(lexicons.COMMON, "nominal_mention_starts")


def _nearest(text: str, needle: str, start: int, end: int) -> tuple[int, int] | None:
    """The occurrence of `needle` outside [start, end) closest to it and in the same sentence."""
    return nearest_occurrence(text, needle, start, end, inside="skip", same_sentence=True)


def quotes_from_gold(article: Article, gold: list[dict[str, Any]], *, extractor: str = "gold") -> list[Quote]:
    """Records for the gold quotes of one article, with offsets found in its text.

    Args:
        article: The annotated article.
        gold: Its `quotes` list in the gold format.
        extractor: Value of the records' `extractor` field.

    Returns:
        One :class:`Quote` per gold quote whose content occurs in the text, in document order.

    Raises:
        quotes.evaluation.EvaluationError: when a gold content does not occur in the text.
    """
    text = article.text
    spans = locate_gold_spans(text, [g.get("content") or "" for g in gold], article_id=article.id)
    out: list[Quote] = []
    for g, (start, end) in zip(gold, spans, strict=True):
        fields: dict[str, Any] = {
            "kind": g.get("kind") or "indirect",
            "cue": g.get("cue"),
            "speaker": g.get("speaker"),
            "speaker_type": g.get("speaker_type"),
            "organization": g.get("organization"),
            "role": g.get("role"),
            "claim_type": g.get("claim_type"),
            "date_text": g.get("date"),
            "lang": article.lang or "",
            "extractor": extractor,
        }
        cue = _nearest(text, g.get("cue") or "", start, end)
        if cue:
            fields.update(cue_start=cue[0], cue_end=cue[1])
        # The speaker as written: its fullest name or an alias, whichever is written closest to the quote.
        candidates = [g.get("speaker") or ""] + list(g.get("speaker_aliases") or [])
        near = [(c, span) for c in candidates if c and (span := _nearest(text, c, start, end)) is not None]
        if near:
            written, (ms, me) = min(near, key=lambda cs: abs(cs[1][0] - (cue[0] if cue else start)))
            # "Moorhead" found inside "Patrick Moorhead": the longer writing is the mention.
            for c, (s2, e2) in near:
                if s2 <= ms and me <= e2 and e2 - s2 > me - ms:
                    written, ms, me = c, s2, e2
            first_word = written.split()[0].lower()
            kind = MentionKind.NOMINAL if first_word in _DETERMINERS else MentionKind.NAME
            fields.update(mention=written, mention_start=ms, mention_end=me, mention_kind=kind)
        elif g.get("speaker"):
            fields["mention_kind"] = MentionKind.DROPPED if article.lang == "es" else MentionKind.NONE
        out.append(Quote.from_offsets(article.id, text, start, end, **fields))
    out.sort(key=lambda q: (q.start, q.end))
    return out
