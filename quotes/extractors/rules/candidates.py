"""What the rules build before a quote is a record, and the span helpers every construction family shares.

A :class:`Candidate` holds character offsets, kind, cue and source mention; the families of
:mod:`quotes.extractors.rules` produce them, and :class:`~quotes.extractors.rules.extractor.RuleExtractor`
turns the survivors into :class:`~quotes.models.Quote` records.
"""

from __future__ import annotations

import re

from attrs import frozen
from spacy.tokens import Doc, Span, Token

from quotes.doctext import doc_text, morph_values
from quotes.lexicons import ACCORDING_TO, words_for
from quotes.models import MentionKind, Quote, QuoteKind

_TRIM = " \t\n\r,;:—–-.…"
WORD = re.compile(r"\w+")
#: The double quotation marks whose presence shows someone's words are quoted (straight, angle and curly).
QUOTE_MARKS = frozenset(("«", "»", '"', "“", "”"))


@frozen
class Candidate:
    """A quote found by a family of rules: content offsets, kind, cue and source mention, turned into a
    :class:`Quote` at the end (the families change one with :func:`attrs.evolve`)."""

    start: int
    end: int
    kind: QuoteKind
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    mention: tuple[int, int] | None
    mention_kind: MentionKind
    confidence: float

    @classmethod
    def create(
        cls,
        start: int,
        end: int,
        kind: QuoteKind,
        cue: Span | None,
        mention: tuple[int, int] | None,
        mention_kind: MentionKind,
        confidence: float,
    ) -> Candidate:
        """A candidate whose cue is a span of the parse (its text and offsets are kept), or None."""
        return cls(
            start,
            end,
            kind,
            cue.text if cue is not None else None,
            cue.start_char if cue is not None else None,
            cue.end_char if cue is not None else None,
            mention,
            mention_kind,
            confidence,
        )

    def to_quote(self, doc_id: str, text: str) -> Quote:
        m = self.mention
        return Quote.from_offsets(
            doc_id,
            text,
            self.start,
            self.end,
            kind=self.kind,
            cue=self.cue,
            cue_start=self.cue_start,
            cue_end=self.cue_end,
            mention=text[m[0] : m[1]] if m else None,
            mention_start=m[0] if m else None,
            mention_end=m[1] if m else None,
            mention_kind=self.mention_kind,
            speaker=text[m[0] : m[1]] if m and self.mention_kind is MentionKind.NAME else None,
            extractor="rules",
            confidence=self.confidence,
        )


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


#: Spanish prepositions a reporting verb governs before its "que" clause ("insistir en que", "advertir de que").
_PREPOSITIONS_BEFORE_QUE = frozenset(("en", "de", "a", "con", "por"))


def content_bounds(doc: Doc, lo: int, hi: int, lang: str) -> tuple[int, int] | None:
    """Characters of tokens lo..hi without the complementizer and outer punctuation."""
    if lo < hi and doc[lo].lower_ in _PREPOSITIONS_BEFORE_QUE and doc[lo + 1].lower_ == "que":
        lo += 1  # "insistió en que ...", "advirtió de que ...": the preposition belongs to the verb
    first = lo
    while lo <= hi and (
        doc[lo].lower_ in ("que", "that") and (lo == first or doc[lo].dep_ == "mark") or doc[lo].is_punct
    ):
        if doc[lo].text in ("«", "“", '"', "„", "‘", "'"):
            break
        lo += 1
    if lo > hi:
        return None
    start, end = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
    start, end = trimmed(doc_text(doc), start, end)
    if len(WORD.findall(doc_text(doc)[start:end])) < 2:
        return None
    return start, end


#: Prepositions a reporting verb takes before what was said ("called for", "warned of", "advirtió de").
_CUE_PREPOSITIONS = frozenset({"for", "of", "about", "against", "on", "de", "por", "sobre", "contra"})


def past_cue_preposition(verb: Token, lo: int, hi: int) -> int:
    """Where a content right after its cue starts: after the preposition the verb takes ("called for the
    impeachment", "warned of a war", "advirtió de un aumento", "criticó por su gestión"), which belongs to
    the cue, as the annotations have it (outside the content in 423 of 447 cases); not the "de" of a
    description ("calificó de ilegal la detención")."""
    doc = verb.doc
    if not (lo < hi and doc[lo].pos_ == "ADP" and doc[lo].lower_ in _CUE_PREPOSITIONS):
        return lo  # the common case: no preposition, and no cue span to compute
    if verb.lemma_.lower() in words_for(doc.lang_, "describing_verbs"):
        return lo  # "calificó de ilegal la detención": "de" says "as", part of what was said
    return lo + 1 if lo == cue_span(verb).end else lo


def cue_span(verb: Token) -> Span:
    """The cue as written: the verb with its auxiliaries and particles ("has said", "called for")."""
    doc = verb.doc
    lo = verb.i
    for child in verb.lefts:
        if child.dep_ in ("aux", "aux:pass", "auxpass") and child.i >= verb.i - 3:
            lo = min(lo, child.i)
    hi = verb.i
    for child in verb.rights:
        if child.dep_ in ("prt", "compound:prt") and child.i == hi + 1:
            hi = child.i
    # Only contiguous auxiliaries ("has said", not "has also said" -> keep "said").
    if any(doc[i].pos_ not in ("AUX", "VERB", "PART") for i in range(lo, verb.i)):
        lo = verb.i
    return doc[lo : hi + 1]


def is_finite(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and (
        morph_values(token, "VerbForm") == ["Fin"] or token.tag_ in ("VBD", "VBZ", "VBP", "MD")
    )


def finite_or_aux(verb: Token) -> bool:
    """A finite verb, or a participle or infinitive with a finite auxiliary ("ha dicho", "va a anunciar")."""
    return is_finite(verb) or any(c.dep_ in ("aux", "aux:pass", "auxpass") and is_finite(c) for c in verb.children)


def skip_connectives(doc: Doc, lo: int, hi: int, lang: str) -> int:
    """The first token of a content after any leading connective ("Sin embargo, ...", "Y ..."): discourse
    connectives and conjunctions belong to the narration, not to the reported content ("Sin embargo, el país
    sí cuenta con ...", "Y Santo Domingo también ...")."""
    conjunctions = words_for(lang, "leading_conjunctions")
    connectives = words_for(lang, "discourse_connectives")
    while lo <= hi:
        if doc[lo].is_punct or doc[lo].is_space or doc[lo].lower_ in conjunctions:
            lo += 1
            continue
        for n in (3, 2, 1):
            words = doc[lo : lo + n]
            if lo + n <= hi and words.text.lower() in connectives and doc[lo + n].text == ",":
                lo += n + 1
                break
        else:
            return lo
    return lo


def opens_attribution(doc: Doc, i: int, end: int) -> bool:
    """Whether an attribution phrase of any language ("según", "de acuerdo con", "according to") starts at
    token `i` (before `end`)."""
    words = [t.lower_ for t in doc[i : min(end, i + 4)]]
    return any(words[: len(p)] == list(p) for phrases in ACCORDING_TO.values() for p in phrases)
