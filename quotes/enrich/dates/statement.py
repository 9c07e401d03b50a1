"""Which temporal expression dates the statement? The one the parse attaches to the quote's cue.

Of the phrases that :mod:`.expressions` finds in the cue's sentence, only one attached to the cue in the
dependency parse counts (a dependent of the cue, of the verb the cue's clause depends on, or of a noun whose
relative clause holds the cue; or an adverbial between the cue and the content, or one that opens the cue's
clause), and never one inside the quote content, which dates the reported event rather than the statement.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Span, Token

from quotes.doctext import doc_text, morph_values, sentence_of
from quotes.enrich.dates.expressions import (
    TemporalExpression,
    dateparser_fallback,
    find_temporal_expressions,
    shift,
)
from quotes.lexicons import words
from quotes.models import Quote

# How a cue's own clause reaches up to the verb that carries its time: a gerund or participle ("saying",
# "argumentando", "announcing") or an adverbial clause ("mientras anunciaba") shares the time of its head
# verb; an infinitive complement ("se negó a comentar") shares the time of its governor.
_CLIMB_DEPS = {"advcl", "xcomp", "acl", "relcl"}
# Subordinators of a clause that happens at the time of its head: "mientras anunciaba", "when he said".
_SIMULTANEOUS = words("es", "simultaneity_subordinators") | words("en", "simultaneity_subordinators")
# A noun whose relative clause holds the cue ("un video de agosto pasado en el que Martínez afirmaba"): the
# document or occasion that carried the statement, whose date is the statement's.
_NOUN_POS = {"NOUN", "PROPN"}
_VERB_POS = {"VERB", "AUX"}
# Crossing one of these relations leaves the clause of the cue.
_CLAUSE_DEPS = {"acl", "relcl", "advcl", "ccomp", "csubj", "parataxis", "xcomp", "conj", "acl:relcl"}
# Prepositions that bound a period or place an event relative to another one: the expression they
# introduce is not when the statement was made ("hasta el próximo año", "since Monday", "as of Thursday").
_BOUNDS = re.compile(
    r"(?:\b(?:hasta|desde|para|a\s+partir\s+del?|antes\s+del?|despu[ée]s\s+del?|luego\s+del?|tras|"
    r"until|till|since|by|before|after|from|through|for|as\s+of|ahead\s+of|prior\s+to))\s*$",
    re.IGNORECASE,
)
_BOUNDS_WORDS = words("es", "time_bound_words") | words("en", "time_bound_words")
# An expression in these roles is not an adverbial of time ("El martes fue un día difícil").
_NON_ADVERBIAL_DEPS = {"nsubj", "nsubjpass", "nsubj:pass", "csubj", "compound", "poss", "amod", "appos"}


def _is_future(token: Token, lang: str) -> bool:
    """True when the cue verb is in the future: "anunciará", "va a anunciar", "will announce"."""
    if "Fut" in morph_values(token, "Tense"):
        return True
    for child in token.children:
        low = child.lower_
        if lang == "en" and child.dep_ == "aux" and low in {"will", "'ll", "shall"}:
            return True
        if lang == "es" and child.lemma_ == "ir" and child.dep_ in {"aux", "aux:pass"}:
            return True
    return False


def _sentence(token: Token) -> Span:
    """The sentence of `token` (`Token.sent` walks the whole document)."""
    return sentence_of(token.doc, token.i)


def _cue_span(doc: Doc, quote: Quote) -> Span | None:
    """The cue as a span of tokens, or the root of the quote's first sentence when the cue is not known."""
    if quote.cue_start is not None and quote.cue_end is not None and quote.cue_end > quote.cue_start:
        span = doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand")
        if span is not None and len(span):
            return span
    start = doc.char_span(quote.start, min(quote.end, quote.start + 1), alignment_mode="expand")
    if start is None or not len(start):
        return None
    root = _sentence(start[0]).root
    if quote.start <= root.idx < quote.end:
        return None  # the sentence is the quote itself: no reporting verb to date
    return doc[root.i : root.i + 1]


# Opening and closing marks of SPEC section 3; a quoted stretch is found within one sentence only.
_QUOTED = re.compile(r"«[^«»]*»|“[^“”]*”|„[^„“”]*[“”]|\"[^\"]*\"|‘[^‘’]*’")


def _quoted_ranges(sent: Span, quote: Quote) -> list[range]:
    """Character ranges of the quote content and of every quoted stretch of the sentence."""
    ranges = [range(quote.start, quote.end)]
    text = doc_text(sent.doc)[sent.start_char : sent.end_char]
    ranges.extend(range(sent.start_char + m.start(), sent.start_char + m.end()) for m in _QUOTED.finditer(text))
    return ranges


def _shares_time(token: Token) -> bool:
    """True when a dependent clause's verb happens at the time of its head verb.

    Gerunds, participles and infinitives do ("presentó una moción ..., argumentando que", "filed a lawsuit,
    saying"), and so do finite clauses of simultaneity ("mientras anunciaba", "when he said"). Other
    subordinate clauses are events of their own ("en el aniversario desde que la OMS declaró ...",
    "falsedades como que Gates reconoce ...").
    """
    if set(morph_values(token, "VerbForm")) & {"Ger", "Part", "Inf"} or token.tag_ in {"VBG", "VBN"}:
        return True
    return any(c.dep_ == "mark" and c.lower_ in _SIMULTANEOUS for c in token.children)


def _anchors(cue: Span, quote: Quote) -> dict[int, int]:
    """Tokens whose time is the statement's time, with a tier: 0 the cue, 1 its head verbs, 2 a noun."""
    quoted = _quoted_ranges(_sentence(cue.root), quote)
    anchors = {t.i: 0 for t in cue}
    token = cue.root
    for _ in range(3):
        if token.dep_ not in _CLIMB_DEPS or token.head.i == token.i:
            break
        head = token.head
        if not _shares_time(token) and not (token.dep_ in {"acl", "relcl"} and head.pos_ in _NOUN_POS):
            break
        if any(head.idx in r for r in quoted):
            # Direct quotes mislead the parser: it makes the quoted verb the root and the reporting verbs its
            # adverbial clauses («...», mencionó la semana pasada, mientras anunciaba que ...). The reporting
            # verb just before the cue, a sibling outside the quote, carries the time.
            siblings = [
                s
                for s in head.children
                if s.i < token.i
                and s.pos_ in _VERB_POS
                and s.dep_ in _CLIMB_DEPS
                and not any(s.idx in r for r in quoted)
            ]
            if siblings:
                anchors.setdefault(siblings[-1].i, 1)
            break
        if token.dep_ in {"acl", "relcl"} and head.pos_ in _NOUN_POS:
            anchors.setdefault(head.i, 2)
            break
        anchors.setdefault(head.i, 1)
        token = head
    return anchors


def _attachment(expr_span: Span, anchors: dict[int, int], quote: Quote) -> tuple[int, int] | None:
    """(tier, path length) when the expression depends on an anchor within its clause, else None.

    The walk goes up from the expression's root at most two steps, through one noun or preposition at most
    ("a message on Facebook on Friday", "la reunión del martes"). It fails at any other verb, at the edge of
    another clause (a copular relative clause has a noun head: "del que México es miembro hasta el próximo
    año"), at a preposition that bounds time rather than placing it ("After an attack in 2015"), and inside
    the quote content.
    """
    root = expr_span.root
    if root.dep_ in _NON_ADVERBIAL_DEPS:
        return None
    token, steps = root, 0
    while True:
        head = token.head
        if head.i == token.i:
            return None
        if token not in expr_span and token.dep_ in _CLAUSE_DEPS:
            return None
        if head.i in anchors:
            return anchors[head.i], steps + 1
        if head not in expr_span:
            steps += 1
            if (
                steps >= 2
                or head.pos_ in _VERB_POS
                or head.lower_ in _BOUNDS_WORDS
                or quote.start <= head.idx < quote.end
            ):
                return None
        token = head


def _in_attribution_gap(expr_span: Span, cue: Span, quote: Quote) -> tuple[int, int] | None:
    """(3, 0) when the expression sits between a cue and the content that follows it, with no verb between.

    The attribution phrase of "según"/"according to" is cue + source + adverbials, then a comma and the
    content: "According to Johns Hopkins Center late today, 291 patients have recovered". The parser often
    hangs the adverbial on the content's verb; its position says it belongs to the attribution.
    """
    if not (cue.end_char <= expr_span.start_char and expr_span.end_char <= quote.start):
        return None
    doc = expr_span.doc
    between = doc[cue.end : expr_span.end]
    after = doc.char_span(expr_span.end_char, quote.start, alignment_mode="expand")
    if any(t.pos_ in _VERB_POS for t in between if t not in expr_span):
        return None
    if after is None or any(not t.is_punct and not t.is_space and t.lower_ not in {"que", "that"} for t in after):
        return None
    return 3, 0


def _fronted(expr_span: Span, cue: Span, quote: Quote, win_start: int) -> tuple[int, int] | None:
    """(3, 1) when the expression opens the cue's clause, before a comma, with no other verb up to the cue.

    A fronted adverbial of time belongs to the main verb of its clause ("Yesterday afternoon, Nancy Pelosi,
    the Speaker of the House, announced that ..."), whatever the parser hung it on (a dateline glued to the
    sentence, an apposition).
    """
    doc = expr_span.doc
    if expr_span.end_char > cue.start_char or quote.start < cue.start_char:
        return None
    if not doc_text(doc)[expr_span.end_char : expr_span.end_char + 2].lstrip(" ").startswith(","):
        return None
    before = doc.char_span(win_start, expr_span.start_char, alignment_mode="expand")
    if before is not None and (len(before) > 3 or any(t.pos_ in _VERB_POS for t in before)):
        return None
    between = doc[expr_span.end : cue.start]
    if any(t.pos_ in _VERB_POS for t in between):
        return None
    return 3, 1


def statement_expression(doc: Doc, quote: Quote, published: dt.date | None, lang: str) -> TemporalExpression | None:
    """The temporal expression that dates the statement, or None.

    Searches only the sentence of the cue (of the quote start when the cue is unknown), outside the quote
    content, and keeps an expression only when the parse attaches it to the cue: a direct dependent first,
    then a dependent of the verb the cue's clause depends on, then of a noun whose relative clause holds the
    cue; ties go to the expression nearest the cue.
    """
    cue = _cue_span(doc, quote)
    if cue is None:
        return None
    sent = _sentence(cue.root)
    text = doc_text(doc)
    # The window: the cue's sentence, cut at line breaks, since the parser glues datelines ("Wednesday,
    # September 25, 2019") and headlines to the first sentence below them.
    win_start = max(sent.start_char, text.rfind("\n", 0, cue.start_char) + 1)
    newline = text.find("\n", cue.end_char, sent.end_char)
    win_end = sent.end_char if newline < 0 else newline
    window = text[win_start:win_end]
    future = _is_future(cue.root, lang)
    exprs = find_temporal_expressions(window, lang, published=published, future=future, offset=win_start)
    if not exprs:
        fallback = dateparser_fallback(window, lang, published)
        exprs = [shift(fallback, win_start)] if fallback else []
    anchors = _anchors(cue, quote)
    quoted = _quoted_ranges(sent, quote)
    best: tuple[tuple[int, int, int], TemporalExpression] | None = None
    for expr in exprs:
        if any(expr.start < r.stop and r.start < expr.end for r in quoted):
            continue  # inside the content or another quotation: the time of the reported event
        if expr.start < cue.end_char and cue.start_char < expr.end:
            continue
        if _BOUNDS.search(text[max(win_start, expr.start - 20) : expr.start]):
            continue
        span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        attached = (
            _attachment(span, anchors, quote)
            or _in_attribution_gap(span, cue, quote)
            or _fronted(span, cue, quote, win_start)
        )
        if attached is None:
            continue
        distance = min(abs(expr.start - cue.end_char), abs(cue.start_char - expr.end))
        key = (attached[0], attached[1], distance)
        if best is None or key < best[0]:
            best = (key, expr)
    return best[1] if best else None


def statement_date(doc: Doc, quote: Quote, published: dt.date | None, lang: str) -> tuple[dt.date | None, str | None]:
    """The temporal expression attached to the quote's cue and its resolution against `published`.

    Args:
        doc: The parsed article.
        quote: The quote; its `cue_start`/`cue_end` locate the reporting word.
        published: The article's publication date; None leaves relative expressions unresolved.
        lang: The article's language ("es" or "en"; others get no date).

    Returns:
        (date, date_text): the resolved date (or None when the phrase is relative and `published` is unknown,
        or too coarse to name a day: see the module docstring) and the phrase exactly as written, or
        (None, None) when no temporal expression is attached to the cue.
    """
    expr = statement_expression(doc, quote, published, lang)
    if expr is None:
        return None, None
    return expr.date, expr.text
