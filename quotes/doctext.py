"""Cheap access to a Doc's text, sentences and tokens.

`Doc.text` joins every token on each call and `Token.sent` walks the sentence boundaries of the whole
document, so a rule that asks for either once per token turns linear work quadratic. These helpers compute
each once per Doc and keep it in `doc.user_data`. The others read token attributes from arrays
(:func:`token_indices_with`), a morphology once per distinct value (:func:`morph_values`), and where given
names occur as whole words in a text (:func:`whole_word_matches`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

import numpy
from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

from quotes.marks import QuotedSpan, find_quoted_spans

_TEXT = "quotes.text"
_SENTS = "quotes.sent_starts"


def doc_text(doc: Doc) -> str:
    """`doc.text`, computed once."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def sentence_of(doc: Doc, i: int) -> Span:
    """The sentence holding token `i`, without walking the document each time."""
    starts = doc.user_data.get(_SENTS)
    if starts is None:
        starts = doc.user_data[_SENTS] = [s.start for s in doc.sents] + [len(doc)]
    k = bisect_right(starts, i) - 1
    return doc[starts[k] : starts[k + 1]]


_SENT_CHARS = "quotes.sent_start_chars"


def sentence_start_chars(doc: Doc) -> list[int]:
    """The character offset of each sentence's first token (``[s.start_char for s in doc.sents]``), computed
    once."""
    chars = doc.user_data.get(_SENT_CHARS)
    if chars is None:
        chars = doc.user_data[_SENT_CHARS] = [s.start_char for s in doc.sents]
    return chars


_STARTS = "quotes.token_starts"


def token_index_at(doc: Doc, char: int) -> int:
    """Index of the token holding character `char`, or of the last token starting before it."""
    starts = doc.user_data.get(_STARTS)
    if starts is None:
        starts = doc.user_data[_STARTS] = doc.to_array([IDX]).reshape(-1).tolist()
    return max(0, bisect_right(starts, char) - 1)


_QUOTED = "quotes.quoted_spans"


def quoted_spans(doc: Doc) -> list[QuotedSpan]:
    """The paired quotation marks of the Doc's text (:func:`quotes.marks.find_quoted_spans`), found once."""
    spans = doc.user_data.get(_QUOTED)
    if spans is None:
        spans = doc.user_data[_QUOTED] = find_quoted_spans(doc_text(doc))
    return spans


def token_indices_with(doc: Doc, attr: int, values: Iterable[int | str]) -> list[int]:
    """Indices of the tokens whose `attr` (a ``spacy.attrs`` id such as POS or LOWER) is one of `values`
    (symbol ids, or strings for string attributes), in order: read from one array rather than token by token,
    so a rule that starts from a few words or parts of speech does not build a Token for every word."""
    ids = [doc.vocab.strings[v] if isinstance(v, str) else v for v in values]
    column = doc.to_array([attr]).reshape(-1)
    return numpy.flatnonzero(numpy.isin(column, numpy.asarray(ids, dtype=column.dtype))).tolist()


# (morphology hash, feature) -> its values: a MorphAnalysis parses its string on every `get`.
_MORPH_VALUES: dict[tuple[int, str], list[str]] = {}


def morph_values(token: Token, name: str) -> list[str]:
    """``token.morph.get(name, [])``, parsed once per distinct morphology (the list is shared: do not change
    it)."""
    morph = token.morph
    key = (morph.key, name)  # type: ignore[attr-defined]  # a property of the Cython class
    values = _MORPH_VALUES.get(key)
    if values is None:
        values = _MORPH_VALUES[key] = morph.get(name, [])
    return values


def is_possessive(token: Token) -> bool:
    """A possessor before its noun: "his", "sus", "the prosecutor's"."""
    return token.dep_ == "poss" or "Yes" in morph_values(token, "Poss")


def tokens_with(doc: Doc, attr: int, values: Iterable[int | str]) -> list[Token]:
    """The tokens of :func:`token_indices_with`."""
    return [doc[i] for i in token_indices_with(doc, attr, values)]


def _is_word_char(c: str) -> bool:
    """What a regular expression's ``[\\w-]`` matches."""
    return c.isalnum() or c in "_-"


def whole_word_matches(text: str, surfaces: list[str]) -> list[tuple[int, int]]:
    """Where `surfaces` occur in `text` as whole words, left to right without overlap, the first of `surfaces`
    that fits winning at a position: what ``(?<![\\w-])(?:s1|s2|...)(?![\\w-])`` finds, without compiling an
    alternation of them (as many as an article has names) each time."""
    if not surfaces:
        return []
    by_first: dict[str, list[str]] = {}
    for surface in surfaces:
        by_first.setdefault(surface[0], []).append(surface)
    starts = re.compile("[" + re.escape("".join(by_first)) + "]")
    out: list[tuple[int, int]] = []
    done = 0
    n = len(text)
    for m in starts.finditer(text):
        p = m.start()
        if p < done or (p > 0 and _is_word_char(text[p - 1])):
            continue
        for surface in by_first[text[p]]:
            end = p + len(surface)
            if text.startswith(surface, p) and (end == n or not _is_word_char(text[end])):
                out.append((p, end))
                done = end
                break
    return out
