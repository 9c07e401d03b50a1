"""Unquoted content before its reporting clause: "La línea reabrirá en otoño, informó una portavoz.",
"Los dos están casados bajo régimen de separación de bienes, agregó.", "..., ha informado hoy la NASA."."""

from __future__ import annotations

from spacy.tokens import Token

from quotes.doctext import sentence_of
from quotes.extractors.rules.candidates import Candidate, content_bounds, cue_span, is_finite
from quotes.extractors.rules.sources import SUBJECT_DEPS, name_bounds, names_after, source_mention, valid_subject
from quotes.models import MentionKind, QuoteKind


def inverted_candidate(verb: Token, lang: str) -> Candidate | None:
    """The content before its reporting clause, with the source after the cue (see :func:`_inverted`)."""
    inverted = _inverted(verb)
    if inverted is None:
        return None
    (lo, hi), source = inverted
    bounds = content_bounds(verb.doc, lo, hi, lang)
    if bounds is None or not valid_subject(source, lang):
        return None
    mention: tuple[int, int] | None
    if source is not None and source.pos_ == "PROPN" and source.dep_ not in SUBJECT_DEPS:
        mention, kind = name_bounds(source), MentionKind.NAME
    else:
        mention, kind = source_mention(source, verb, lang)
    if kind is MentionKind.NONE:
        return None
    return Candidate.create(bounds[0], bounds[1], QuoteKind.INDIRECT, cue_span(verb), mention, kind, 0.7)


_INVERTED_RIGHT_DEPS = frozenset(
    "nsubj nsubj:pass obj dobj iobj obl npadvmod advmod punct appos nmod prep compound:prt prt".split()
)


def _inverted(verb: Token) -> tuple[tuple[int, int], Token | None] | None:
    """Unquoted content before its reporting clause: "La línea reabrirá en otoño, informó una portavoz.",
    "Los dos están casados bajo régimen de separación de bienes, agregó.", "El estudio se realizó en un
    laboratorio ..., explica en un comunicado Daniel H. Fine.".

    The cue follows a comma, governs nothing that could be its own content (no "que" clause, no infinitive)
    and is hung on the clause before it, or that clause on the cue. Returns the content's token range and the
    source after the cue (its subject, or a noun the parser took for an object: "advierten los expertos"),
    or None for the source when the subject is dropped."""
    doc = verb.doc
    # The verb group starts at its first auxiliary: "..., ha informado hoy la NASA".
    first = min([verb.i] + [c.i for c in verb.children if c.dep_ in ("aux", "aux:pass") and c.i < verb.i])
    finite = is_finite(verb) or (first < verb.i and is_finite(doc[first]))
    # A participle after a comma reports its own object ("..., calling the agreements legitimate").
    if first < 2 or doc[first - 1].text != "," or not finite:
        return None
    before = verb.head.i < verb.i and verb.dep_ in ("advcl", "parataxis", "conj", "ccomp", "acl")
    if not before and not any(
        c.dep_ in ("ccomp", "parataxis", "advcl", "csubj", "xcomp") and c.i < verb.i for c in verb.children
    ):
        return None
    if any(c.dep_ in SUBJECT_DEPS and c.i < verb.i for c in verb.children):
        return None  # "CONTENT, X said": the ordinary clause-before path
    rights = [c for c in verb.children if c.i > verb.i]
    if any(c.dep_ not in _INVERTED_RIGHT_DEPS or c.left_edge.lower_ in ("que", "that") for c in rights):
        return None
    sent = sentence_of(doc, verb.i)
    subject = next((c for c in rights if c.dep_ in SUBJECT_DEPS), None)
    if subject is None:
        subject = next((c for c in rights if c.dep_ in ("obj", "dobj") and c.pos_ in ("NOUN", "PROPN")), None)
    if subject is None:
        names = names_after(verb, sent.end)
        subject = names[0] if names else None
    lo = sent.start
    for i in range(verb.i - 2, sent.start - 1, -1):
        if doc[i].text in (";", ":"):
            lo = i + 1
            break
    while lo < verb.i and (doc[lo].is_space or doc[lo].is_punct):
        lo += 1
    hi = first - 2
    if hi - lo < 3 or not any(is_finite(t) for t in doc[lo : hi + 1]):
        return None
    return (lo, hi), subject
