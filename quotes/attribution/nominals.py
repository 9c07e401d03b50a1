"""Sources written as common nouns: "la compañía", "the ministry", "los expertos", "el estudio".

A definite singular nominal stands for an entity named elsewhere in the article: "la compañía" -> the
organization last named as a subject ("Amazon"), "the Prime Minister" -> the person whose stated role it
names ("Igor Matovič"), a generic title ("el mandatario") -> the person in focus. A plural or indefinite one
("especialistas de la UNAM", "a spokesperson") is a group or an anonymous source, kept as written with the
organization named inside it. A document speaks for its author ("Según el estudio" -> the university that
published it).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import attrs
from spacy.tokens import Doc, Span, Token

from quotes.attribution.entities import Entity
from quotes.attribution.names import ArticleNames, Speaker, clean_person_name, named, norm
from quotes.attribution.person_words import TITLE_WORDS, is_person_word
from quotes.attribution.roles import OF
from quotes.attribution.speaker_type import name_type
from quotes.doctext import is_possessive, morph_values
from quotes.lexicons import COMMON, DOCUMENT_NOUNS, NOMINALS
from quotes.lexicons import words as word_list
from quotes.models import MentionKind, Quote, SpeakerType
from quotes.nameshape import is_person_name, strip_determiner

#: A resolver: (doc, quote, previous quote with a speaker, the article's names, lang) -> the speaker or None.
Resolver = Callable[[Doc, Quote, "Quote | None", ArticleNames, str], "Speaker | None"]

# Generic titles that stand for whoever is in focus (unlike "the mayor", which names an office).
_GENERIC_PERSON_NOMINALS = word_list(COMMON, "generic_person_nominals")
# How far back (characters) an organization named as a subject still stands for "la compañía".
_NOMINAL_CHARS = 800


# How far back (characters) the previous speaker still holds for a pronoun, a dropped subject or a
# quotation without a cue.
CONTEXT_CHARS = 1500


def _after_preposition(doc: Doc, start: int) -> bool:
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return span is not None and span[0].i > 0 and doc[span[0].i - 1].pos_ == "ADP"


def _named_modifier(doc: Doc, quote: Quote) -> bool:
    """Whether a nominal source carries a proper-noun modifier before its head: "the Saudi government"."""
    assert quote.mention_start is not None and quote.mention_end is not None
    span = doc.char_span(quote.mention_start, quote.mention_end, alignment_mode="expand")
    if span is None or len(span) < 2:
        return False
    root = span.root
    # "the director of X", "el gobierno de Nicolás Maduro": a head with its own complement; "A Hampshire
    # Police spokesman": a person, left to the role rules.
    if root.i != span.end - 1 or root.pos_ != "NOUN" or NOMINALS.get(doc.lang_, {}).get(root.lower_) == "person":
        return False
    before = doc[root.i - 1]
    return before.i > span.start and before.text[:1].isupper() and before.dep_ in ("amod", "compound", "nmod")


def _definite_singular(doc: Doc, quote: Quote) -> bool:
    """ "la compañía", "the company" refer back to an entity; "especialistas", "a spokesperson" do not."""
    assert quote.mention_start is not None and quote.mention_end is not None
    span = doc.char_span(quote.mention_start, quote.mention_end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    if morph_values(root, "Number") == ["Plur"] or root.tag_ in ("NNS", "NNPS"):
        return False
    first = span[0]
    return first.lower_ in ("el", "la", "the", "this", "este", "esta", "dicha", "dicho") or (
        morph_values(first, "Definite") == ["Def"]
    )


def nominal_type(mention: str, lang: str) -> str:
    words = strip_determiner(mention).lower().split()
    nominals = NOMINALS.get(lang, {})
    for w in words:
        if w in nominals:
            return nominals[w]
    if words and is_person_word(words[0], lang, described=True):
        return "person"  # "la actriz", "the lawyer": a person noun outside the list
    return "organization"


def other_source(doc: Doc, quote: Quote, table: ArticleNames, lang: str) -> Speaker | None:
    """A source written as a common noun phrase: "fuentes oficiales", "un informe de la OMS", "the government"."""
    if quote.mention is None:
        return None
    text = quote.mention.strip()
    stype = None
    if quote.mention_start is not None and quote.mention_end is not None:
        stype = name_type(doc, quote.mention_start, quote.mention_end, lang)
    words = strip_determiner(text).lower().split()
    if stype is None:
        head = words[0] if words else ""
        if head in NOMINALS.get(lang, {}) and NOMINALS[lang][head] == "organization":
            stype = SpeakerType.ORGANIZATION
        else:
            stype = SpeakerType.OTHER
    org = _org_inside(text, lang)
    if stype is SpeakerType.ORGANIZATION:
        org = text
    elif org is None and words and words[0] in DOCUMENT_NOUNS.get(lang, frozenset()):
        org = None
    return Speaker(text, stype, org, None)


def _org_inside(text: str, lang: str) -> str | None:
    """ "un informe de la OMS" -> "OMS"; "a Coast Guard spokesperson" -> "Coast Guard"."""
    m = re.search(
        rf"\b{OF.get(lang, 'of')}\s+((?:[A-ZÁÉÍÓÚÑ][\w&.'-]*\s*)+"
        r"(?:(?:de|of|y|and|&)\s+(?:[A-ZÁÉÍÓÚÑ][\w&.'-]*\s*)+)*)",
        text,
    )
    if m:
        return m.group(1).strip()
    if lang == "en":
        m = re.match(r"^(?:a|an|the)\s+((?:[A-Z][\w&.'-]*\s+)+)[a-z]", text)
        if m and m.group(1).split()[0].lower() not in TITLE_WORDS | {"state", "federal", "local"}:
            return m.group(1).strip()
    return None


# --- documents ----------------------------------------------------------------------------------------------


# Documents and other written artifacts that speak for their author ("the statement", "el escrito").
_ARTIFACT_NOUNS = {lang: word_list(lang, "artifact_nouns") for lang in ("es", "en")}


# Prepositions that attach an author to a document ("un informe del Banco de España", "a poll by NBC
# News"); "en"/"in" attach where it was published ("publicado en la revista Pathogens"), "to" where it was
# posted ("posted to his Twitter account"), and neither names the author.
_AUTHOR_PREPOSITIONS = word_list(COMMON, "author_prepositions")


def entity_in(table: ArticleNames, token: Token) -> Entity | None:
    """The first person or organization named as the subject `token` or as its author ("de X", "by X")."""
    doc = token.doc
    lo, hi = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    for e in table.ents:
        if e.label not in ("PER", "ORG") or not (lo <= e.start_char and e.end_char <= hi):
            continue
        if not any(c.isalpha() for c in e.text) or e.text.strip("*") == "NUMBER":
            continue
        span = doc.char_span(e.start_char, e.end_char, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        if head.i == token.i or token.dep_.startswith("nsubj") and token.left_edge.i <= head.i <= token.i:
            return e
        case = [c.lower_ for c in head.children if c.dep_ == "case"]
        if head.dep_ == "pobj":
            case.append(head.head.lower_)
        if head.dep_ == "agent" or (head.head.dep_ == "agent" and head.dep_ == "pobj"):
            case.append("by")
        if any(c in _AUTHOR_PREPOSITIONS for c in case):
            return e
    return None


def _entity_speaker(doc: Doc, e: Entity, table: ArticleNames) -> Speaker:
    if e.label == "ORG":
        name = table.org_fullest(e.text) or e.text
        return Speaker.organization_named(name)
    return named(doc, table.full_form(e.start_char, e.end_char, e.text), table, e.start_char, e.end_char)


def document_source(
    doc: Doc,
    quote: Quote,
    previous: Quote | None,
    table: ArticleNames,
    lang: str,
    resolve: Resolver,
) -> Speaker | None:
    """The author of a document written as the source (SPEC: the organization or author named).

    A named possessor is resolved like any source, by `resolve` (:func:`quotes.attribution.mentions.resolve`).

    * a possessor: "The chain's press release" -> the chain; "sus datos" -> whoever "su" stands for;
    * a name inside: "un informe del Banco de España publicado este lunes" -> Banco de España;
    * the same document introduced earlier with its author: "La Universidad de Valparaíso publicó ayer un
      estudio ... Según el estudio, ..." -> Universidad de Valparaíso; "The Harbor Safety Board released its
      annual report. The report says ..." -> the board.
    """
    if quote.mention_start is None or quote.mention_end is None:
        return None
    span = doc.char_span(quote.mention_start, quote.mention_end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    root = span.root
    lemma = root.lemma_.lower()
    nouns = DOCUMENT_NOUNS.get(lang, frozenset()) | _ARTIFACT_NOUNS.get(lang, frozenset())
    if lemma not in nouns and root.lower_ not in nouns:
        return None
    # A possessor: a pronoun continues the speaker in context, a noun phrase is resolved like a source.
    possessor = next((c for c in root.children if is_possessive(c) and c.i >= span.start), None)
    if possessor is not None:
        return _possessor_source(doc, quote, possessor, previous, table, lang, resolve)
    inside = entity_in(table, root)
    if inside is not None:
        return _entity_speaker(doc, inside, table)
    first = span[0].lower_
    if first not in ("el", "la", "los", "las", "the", "this", "that", "este", "esta", "dicho", "dicha"):
        return None
    return _introduced_document(doc, span, lemma, table)


def _possessor_source(
    doc: Doc,
    quote: Quote,
    child: Token,
    previous: Quote | None,
    table: ArticleNames,
    lang: str,
    resolve: Resolver,
) -> Speaker | None:
    """The owner of "The chain's press release", "sus datos": a pronoun continues the speaker in context, a
    named owner is resolved like a source."""
    if child.pos_ in ("PRON", "DET"):
        near = previous is not None and quote.start - previous.end < CONTEXT_CHARS
        if near and previous is not None and previous.speaker is not None:
            return Speaker.of(previous)
        return None
    owner = doc[child.left_edge.i : child.i + 1]
    words = [t for t in owner if t.tag_ != "POS" and t.lower_ not in ("'s", "’s")]
    # Only a named owner: "the hotel's website" is not resolved through whatever "the hotel" may be.
    if words and words[-1].pos_ == "PROPN":
        sub = attrs.evolve(
            quote,
            mention=doc[words[0].i : words[-1].i + 1].text,
            mention_start=words[0].idx,
            mention_end=words[-1].idx + len(words[-1]),
            mention_kind=MentionKind.NAME if words[-1].pos_ == "PROPN" else MentionKind.NOMINAL,
        )
        found = resolve(doc, sub, previous, table, lang)
        if found is not None and found.type is not SpeakerType.OTHER:
            return found
    return None


def _introduced_document(doc: Doc, span: Span, lemma: str, table: ArticleNames) -> Speaker | None:
    """The same document named earlier, with its author as the subject of the verb that brought it out or
    inside its own phrase ("un estudio de la Universidad de Cádiz")."""
    for t in reversed(doc[max(0, span.start - 400) : span.start]):
        if t.lemma_.lower() != lemma or t.pos_ not in ("NOUN", "PROPN"):
            continue
        inside = entity_in(table, t)
        if inside is None and t.head.pos_ in ("VERB", "AUX") and t.dep_ in ("obj", "dobj"):
            subjects = [c for c in t.head.children if c.dep_ in ("nsubj", "nsubj:pass")]
            if subjects:
                inside = entity_in(table, subjects[0])
        if inside is not None:
            return _entity_speaker(doc, inside, table)
    return None


# --- resolving a nominal ---------------------------------------------------------------------------------------


def resolve_nominal(doc: Doc, quote: Quote, previous: Quote | None, table: ArticleNames, lang: str) -> Speaker | None:
    """The speaker a nominal source stands for ("la compañía", "the Prime Minister", "el mandatario")."""
    mention = quote.mention
    if mention is None:
        return None
    if quote.mention_start is not None and quote.mention_end is not None:
        # "el ministro de Gobierno Eduardo del Castillo": the nominal ends with the person's full name.
        last = [
            e
            for e in table.ents
            if e.label == "PER"
            and quote.mention_start < e.start_char
            and e.end_char == quote.mention_end
            and is_person_name(clean_person_name(e.text, lang), lang)
            and not _after_preposition(doc, e.start_char)  # "el gobierno de Nicolás Maduro"
        ]
        if last:
            e = last[-1]
            full = table.full_form(e.start_char, e.end_char, e.text)
            return named(doc, clean_person_name(full, lang), table, e.start_char, e.end_char)
        if nominal_type(mention, lang) != "person" and _named_modifier(doc, quote):
            # "the Saudi government", "The Seoul government": the modifier says which one; it is not the
            # organization last named.
            return Speaker.organization_named(strip_determiner(mention.strip()))
    if not _definite_singular(doc, quote):
        # "especialistas de la UNAM", "los autores": a group, not an entity named elsewhere.
        return other_source(doc, quote, table, lang)
    if nominal_type(mention, lang) == "person":
        found = _person_nominal(doc, quote, mention, previous, table)
    else:
        found = _organization_nominal(quote, previous, table)
    # Unresolved nominal: keep it as written, as the gold standard does for "the government".
    return found if found is not None else other_source(doc, quote, table, lang)


def _person_nominal(
    doc: Doc, quote: Quote, mention: str, previous: Quote | None, table: ArticleNames
) -> Speaker | None:
    """ "the Prime Minister" -> the person whose stated role it names; "el mandatario", "el funcionario": a
    generic title for the person in focus, the previous speaker. A specific one ("the mayor") whose holder is
    not named stays as written (None)."""
    person = table.person_with_role(mention, quote.mention_start)
    if person is not None:
        return named(doc, person, table, None, None)
    words = [w for w in norm(strip_determiner(mention)).split() if w not in ("primer", "primera", "alto", "alta")]
    if not (words and words[0] in _GENERIC_PERSON_NOMINALS):
        return None
    start = quote.mention_start or 0
    subjects = [
        (pos, e) for pos, e in table.subjects if e.label == "PER" and pos < start and start - pos < CONTEXT_CHARS
    ]
    prev_pos = (previous.mention_start or previous.cue_start or previous.start) if previous is not None else -1
    if subjects and subjects[-1][0] > prev_pos:
        e = subjects[-1][1]
        return named(doc, table.fullest(e.text), table, e.start_char, e.end_char)
    near_previous = previous is not None and quote.start - previous.end < CONTEXT_CHARS
    if previous is not None and near_previous and previous.speaker_type is SpeakerType.PERSON:
        return Speaker.of(previous)
    return None


def _organization_nominal(quote: Quote, previous: Quote | None, table: ArticleNames) -> Speaker | None:
    """ "la compañía", "the ministry": the previous speaker when it is an organization, else the organization
    last named as a subject nearby ("Amazon anunció ... La compañía afirmó")."""
    near_previous = previous is not None and quote.start - previous.end < CONTEXT_CHARS
    if previous is not None and previous.speaker_type is SpeakerType.ORGANIZATION and near_previous:
        return Speaker.of(previous)
    start = quote.mention_start or 0
    orgs = [e for pos, e in table.subjects if e.label == "ORG" and pos < start and start - pos < _NOMINAL_CHARS]
    if orgs:
        return Speaker.organization_named(orgs[-1].text)
    return None
