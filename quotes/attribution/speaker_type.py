"""What kind of source a mention is: a person, an organization or other (SPEC section 2).

The head noun decides for noun phrases ("la Secretaría de Salud": an organization; "el portavoz": a person;
"los analistas", "fuentes oficiales": other); a head inside a name takes the label of the article's entities
(:mod:`quotes.attribution.entities`); a name the entities missed is decided by its shape.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from quotes.attribution.entities import (
    INDEFINITE,
    ArticleEntities,
    Entity,
    analyse_article,
    is_plural_token,
    starts_sentence,
)
from quotes.models import SpeakerType
from quotes.nameshape import Lexicon, is_cap, lexicon, noun_kind, org_shape, person_shape

_LABEL_TYPE = {
    "PER": SpeakerType.PERSON,
    "ORG": SpeakerType.ORGANIZATION,
    # A place that speaks is its government or institution: "Rusia afirmó", "Washington said".
    "LOC": SpeakerType.ORGANIZATION,
}


def _is_indefinite(tok: Token, span: Span) -> bool:
    return any(c.lower_ in INDEFINITE for c in tok.children if c.dep_ in ("det", "amod", "nummod", "quantmod")) or (
        span[0].lower_ in INDEFINITE and span[0].i < tok.i
    )


def _token_type(tok: Token, span: Span, analysis: ArticleEntities, lex: Lexicon) -> SpeakerType:
    """The speaker type given by one head token of a source mention."""
    ent = analysis.at(tok.idx, tok.idx + len(tok))
    kind = None if ent is not None and ent.label in _LABEL_TYPE and tok.pos_ == "PROPN" else noun_kind(tok, lex)
    if kind == "org":
        # "una empresa", "a group of parents": an organization that is not identified is an anonymous source.
        return SpeakerType.OTHER if _is_indefinite(tok, span) else SpeakerType.ORGANIZATION
    if kind == "person":
        # "los analistas", "a Coast Guard spokesperson", "una mujer identificada como ...": a group or an
        # anonymous source, not an identifiable person.
        if is_plural_token(tok) or _is_indefinite(tok, span):
            return SpeakerType.OTHER
        return SpeakerType.PERSON
    if kind == "other":
        return SpeakerType.OTHER
    if ent is not None and ent.label in _LABEL_TYPE:
        return _LABEL_TYPE[ent.label]
    if tok.tag_ == "NNPS" or (ent is not None and ent.label == "MISC" and is_plural_token(tok)):
        return SpeakerType.OTHER  # members of a party or a people: "Republicans", "los demócratas"
    if tok.pos_ == "PROPN" or (is_cap(tok.text) and not starts_sentence(tok)):
        # A name the entities missed: decide by its shape over the flat name around the head.
        name = [t.text for t in tok.subtree if t.dep_ in ("flat", "compound", "flat:name") or t == tok]
        if org_shape(name, lex):
            return SpeakerType.ORGANIZATION
        if person_shape(name, lex):
            return SpeakerType.PERSON
        return SpeakerType.ORGANIZATION if len(name) == 1 else SpeakerType.PERSON
    return SpeakerType.OTHER


def name_type(doc: Doc, start_char: int, end_char: int, lang: str) -> SpeakerType | None:
    """Whether a source mention is a person, an organization or other (SPEC section 2).

    The head noun decides for noun phrases: organization nouns ("la Secretaría de Salud", "the company";
    "una empresa" is anonymous: other), group, anonymous and document nouns ("fuentes oficiales", "un informe
    de la OMS", "sources") and role nouns ("el portavoz": a person; "a spokesperson", "los analistas":
    other). A head inside a name takes the label of the article's improved entities
    (:func:`article_entities`). An apposition after a comma describes the name before it and is ignored.
    Coordinated sources ("X y otros firmantes") are organizations when all are organizations, one person
    when they are roles of one person, otherwise a group (other).

    Args:
        doc: The parsed article.
        start_char: Start of the mention in ``doc.text``.
        end_char: End of the mention.
        lang: The article's language.

    Returns:
        The speaker type, or None when the span holds no word.
    """
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or not any(t.is_alpha for t in span):
        return None
    analysis = analyse_article(doc, lang)
    lex = lexicon(lang)
    # Drop the articles and punctuation around the mention; the head is the token nearest the sentence root.
    # An apposition describes the source named before it: "Kenneth Baer, a former Obama administration
    # official who ...", "Scott Pruitt, the Republican attorney general of Oklahoma,".
    comma = next((t for t in span if t.text == "," and analysis.at(t.idx, t.idx + 1) is None), None)
    if comma is not None and any(t.is_alpha for t in span[: comma.i - span.start]):
        span = span[: comma.i - span.start]
    toks = [t for t in span if not t.is_punct or t.text == "&"]
    while toks and toks[0].pos_ in ("DET", "ADP") and toks[0].lower_ not in INDEFINITE:
        toks = toks[1:]
    while toks and (toks[-1].tag_ == "POS" or toks[-1].lower_ in ("'s", "’s")):
        toks = toks[:-1]  # "Tulsa police's"
    if not toks:
        return None
    inner = doc[toks[0].i : toks[-1].i + 1]
    # Coordinated sources are split at a conjunction outside any name ("Marcelo Martínez y otros firmantes",
    # but not "Pacific Gas and Electric Company"); the parse alone is not trusted to attach the conjuncts.
    parts, begin = [], inner.start
    for t in inner:
        if t.pos_ == "CCONJ" and t.lower_ in ("y", "e", "and") and analysis.at(t.idx, t.idx + len(t)) is None:
            if t.i > begin:
                parts.append(doc[begin : t.i])
            begin = t.i + 1
    if begin < inner.end:
        parts.append(doc[begin : inner.end])
    types = [_token_type(part.root, part, analysis, lex) for part in parts]
    if len(types) == 1:
        return types[0]
    if all(t is SpeakerType.ORGANIZATION for t in types):
        return SpeakerType.ORGANIZATION
    named = sum(any(e.label == "PER" for e in _entities_in(analysis, part)) for part in parts)
    if all(t is SpeakerType.PERSON for t in types) and named < 2:
        # Coordinated roles of one person: "the former secretary of state and current Democratic nominee".
        return SpeakerType.PERSON
    return SpeakerType.OTHER


def _entities_in(analysis: ArticleEntities, part: Span) -> list[Entity]:
    start, end = part.start_char, part.end_char
    return [e for e in analysis.entities if e.start_char < end and start < e.end_char]
