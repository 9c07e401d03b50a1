"""Quotes attributed by a phrase instead of a verb: "según X", "according to X", "como señaló X" / "as X
said", and "Para X, ...".

"según X", "de acuerdo con X", "according to X": the content is the clause the phrase modifies, after it
when the phrase opens the sentence ("Según X, CONTENT"), before it when a finite clause precedes it
("CONTENT, según X."); without a comma inside a clause the phrase counts only when X can speak ("varían según
el entorno" is "depending on"). "Para X, CONTENT" at the start of a sentence, X a person or organization, is
an opinion attributed to X. "Como informó AFP, CONTENT", "CONTENT, as the minister said.": a comparative
"como" / "as" clause around a reporting verb attributes the clause outside it the same way.
"""

from __future__ import annotations

from attrs import frozen
from spacy.attrs import LOWER
from spacy.tokens import Doc, Span, Token

from quotes.attribution.person_words import is_role_word
from quotes.doctext import morph_values, sentence_of, tokens_with
from quotes.extractors.rules.candidates import (
    Candidate,
    content_bounds,
    finite_or_aux,
    is_finite,
    opens_attribution,
    skip_connectives,
)
from quotes.extractors.rules.sources import (
    SUBJECT_DEPS,
    can_speak,
    finite_third_person,
    is_impersonal,
    is_nominal,
    name_bounds,
    names_after,
    owner_mention,
    person_noun,
    person_token,
    source_mention,
    subject_of,
)
from quotes.lexicons import ACCORDING_TO, COMMON, DOCUMENT_NOUNS, GROUP_SOURCES, NOMINALS, words, words_for
from quotes.models import MentionKind, QuoteKind


def according_to_quotes(doc: Doc, lang: str) -> list[Candidate]:
    """The candidates of "según X" / "according to X" phrases, in document order."""
    out = []
    phrases = ACCORDING_TO.get(lang, ())
    for token in tokens_with(doc, LOWER, {phrase[0] for phrase in phrases}):
        for phrase in phrases:
            if token.lower_ != phrase[0] or doc[token.i : token.i + len(phrase)].text.lower().split() != list(phrase):
                continue
            last = doc[token.i + len(phrase) - 1]
            candidate = _according_to_one(doc, token, last, lang)
            if candidate is not None:
                out.append(candidate)
    return out


def _according_to_one(doc: Doc, first: Token, last: Token, lang: str) -> Candidate | None:
    """The candidate of one "según X" phrase, from its first word to its last: its source, then its content."""
    sent = sentence_of(doc, first.i)
    follow = [t.lower_ for t in doc[last.i + 1 : min(sent.end, last.i + 3)]]
    if follow[:1] in (["which"], ["whom"]) or follow[1:2] in (["cual"], ["cuales"]):
        return None  # "la teoría según la cual ...", "a theory according to which ...": a relative clause
    phrase = _according_source(doc, first, last, sent, lang)
    if phrase is None:
        return None
    rng = _according_content(doc, first, phrase.end, sent)
    if rng is None:
        return None
    bounds = content_bounds(doc, rng[0], rng[1], lang)
    if bounds is None:
        return None
    cue = doc[first.i : phrase.cue_end]
    return Candidate.create(bounds[0], bounds[1], QuoteKind.INDIRECT, cue, phrase.mention, phrase.kind, 0.75)


def according_source(cue: Span, lang: str) -> tuple[tuple[int, int] | None, MentionKind] | None:
    """The source mention of a cue span that is a "según X" / "according to X" phrase (None when it is not
    one of the language's phrases, or names no source the rules accept)."""
    lowered = tuple(t.lower_ for t in cue)
    lengths = [len(phrase) for phrase in ACCORDING_TO.get(lang, ()) if lowered[: len(phrase)] == tuple(phrase)]
    if not lengths:
        return None
    first, last = cue[0], cue[lengths[0] - 1]
    found = _according_source(cue.doc, first, last, sentence_of(cue.doc, first.i), lang)
    return None if found is None else (found.mention, found.kind)


@frozen
class _Phrase:
    """A "según X" phrase as read: where its cue and the whole phrase end, and its source mention."""

    cue_end: int  # token index past the cue ("según", "según dijo")
    end: int  # token index of the phrase's last token
    mention: tuple[int, int] | None
    kind: MentionKind


def _according_source(doc: Doc, first: Token, last: Token, sent: Span, lang: str) -> _Phrase | None:
    """The source of the phrase: the first nominal or verb after it ("según Amazon", "según apuntan los
    autores")."""
    after = [t for t in doc[last.i + 1 : sent.end] if not t.is_punct and not t.is_space]
    if not after:
        return None
    nxt = after[0]
    # The source's head: the token the phrase attaches to, or its object ("according to Rutgers University
    # scholar Kelly Dittmar": "Dittmar"), else the first noun after it.
    objects = [c for c in last.children if c.dep_ == "pobj" and c.i > last.i]
    head = last.head if last.head.i > last.i else objects[0] if objects else nxt
    while head.head.i > last.i and head.head.i < sent.end and head.dep_ in ("det", "amod", "compound", "flat"):
        head = head.head
    if head.pos_ in ("VERB", "AUX"):
        return _verb_source(head, lang)
    return _nominal_source(doc, first, last, head, nxt, sent, lang)


def _verb_source(head: Token, lang: str) -> _Phrase | None:
    """ "..., según dijo, a fin de que ...": a verb after "según" (Spanish drops its subject); the cue runs to
    the verb."""
    subject = subject_of(head)
    if subject is None and not (lang == "es" and finite_third_person(head)):
        return None
    mention, kind = source_mention(subject, head, lang)
    end = max(head.i, subject.right_edge.i if subject is not None else head.i)
    return _Phrase(head.i + 1, end, mention, kind)


def _nominal_source(
    doc: Doc, first: Token, last: Token, head: Token, nxt: Token, sent: Span, lang: str
) -> _Phrase | None:
    """A noun phrase after "según" that can speak: a name, a person, an organization, or a document, whose
    named author then speaks through it."""
    if head.pos_ not in ("NOUN", "PROPN", "PRON", "NUM", "X"):
        return None
    bare = _bare_mid_sentence(doc, first, sent)
    if lang == "es" and bare and head.pos_ != "PROPN" and doc[first.i - 1].pos_ in ("VERB", "AUX"):
        # "varían según el municipio", "juzgados según las leyes": right after a verb, without a comma, "según"
        # says how (depending on, in line with). English "died according to officials" is a source.
        return None
    if bare and not can_speak(head, lang):
        # "Los requisitos varían según el entorno", "según la época del año": without a comma, inside
        # the clause, "según" / "according to" reads "depending on" unless its object can speak.
        return None
    # "según un informe del periodista Derek Thompson": a document's author speaks through it.
    inner = [
        t
        for t in head.subtree
        if t.i > head.i and t.pos_ == "PROPN" and t.dep_ in ("nmod", "appos", "flat", "compound", "pobj")
    ]
    person = next((t for t in inner if person_token(t, lang)), None)
    mention: tuple[int, int] | None
    if head.lemma_.lower() in DOCUMENT_NOUNS.get(lang, frozenset()) and person is not None:
        while person.dep_ in ("flat", "compound", "flat:name") and person.head.i < person.i:
            person = person.head
        mention = name_bounds(person)
        kind = MentionKind.NAME
    elif (owner := _named_owner(head, lang)) is not None:
        # "According to PG&E's schedule": a thing that cannot speak speaks for its named owner.
        mention, kind = name_bounds(owner), MentionKind.NAME
    elif (owned := _owner_mention(head, lang)) is not None:
        # "Según sus estimaciones", "according to its figures", "según el relato del fiscal": the owner.
        mention, kind = owned
    else:
        mention, kind = source_mention(head, None, lang)
        if mention is not None and mention[0] < last.idx + len(last.text):
            # "De acuerdo con la carpeta de investigación": the source starts after the phrase.
            mention = (nxt.idx, mention[1]) if nxt.idx < mention[1] else None
    phrase_end = max(head.right_edge.i, nxt.i)
    # Keep the phrase inside its own commas.
    for i in range(last.i + 1, phrase_end + 1):
        if doc[i].text in (",", ";", ":"):
            phrase_end = i - 1
            break
    # "Según Jerónimo García, director de la consultora X, la manera ...", "According to John Smith, a
    # professor at Yale, the plan ...": an apposition to the source between commas belongs to the phrase.
    appos = [
        c
        for c in head.rights
        if c.dep_ == "appos"
        and doc[phrase_end + 1].text == ","
        and next(t.i for t in c.subtree if not t.is_punct) == phrase_end + 2
    ]
    if appos:
        close = appos[0].right_edge.i if doc[appos[0].right_edge.i].text == "," else appos[0].right_edge.i + 1
        if close < sent.end - 1 and doc[close].text == ",":
            phrase_end = close - 1
    return _Phrase(last.i + 1, phrase_end, mention, kind)


def _named_owner(head: Token, lang: str) -> Token | None:
    """The name in the possessive before a noun that is neither a name nor a person, group or organization
    noun ("PG&E's schedule", "the company's website" has no name); "Trump's spokesman" speaks himself."""
    if head.pos_ != "NOUN" or head.lower_ in NOMINALS.get(lang, {}) or is_role_word(head.lower_, lang, by_shape=True):
        return None  # "Windsor Locks' first selectman": a person
    if head.lemma_.lower() in GROUP_SOURCES.get(lang, frozenset()) or any(c.dep_ == "appos" for c in head.children):
        return None  # "Windsor Locks' first selectman, Chris Kervick": the name in apposition speaks
    owner = next((c for c in head.children if c.dep_ == "poss" and c.i < head.i), None)
    if owner is None or owner.pos_ != "PROPN":
        return None
    return owner


def _cannot_speak(head: Token, lang: str) -> bool:
    """A common noun that is no person, group or organization ("estimaciones", "schedule", "relato")."""
    return (
        head.pos_ == "NOUN"
        and not is_nominal(head, lang)
        and not person_noun(head, lang, described=True)  # "sus defensores", "sus padres"
        and not any(c.dep_ == "appos" for c in head.children)
    )


def _owner_mention(head: Token, lang: str) -> tuple[tuple[int, int] | None, MentionKind] | None:
    """The owner of a thing that cannot speak (:func:`~quotes.extractors.rules.sources.owner_mention`): "según
    sus datos", "according to the prosecutor's account", "el relato del fiscal"."""
    return owner_mention(head, lang) if _cannot_speak(head, lang) else None


def _according_content(doc: Doc, first: Token, phrase_end: int, sent: Span) -> tuple[int, int] | None:
    """Token range of the content: the rest of the clause, after or before the phrase."""
    sent_tokens = [t for t in sent if not t.is_space]
    if not sent_tokens:
        return None
    lo = phrase_end + 1
    hi = _clause_end(doc, lo, sent)
    # "Según X, CONTENT." or "que, según X, CONTENT"; a phrase that ends its sentence after a comma follows
    # its content even when the tagger found no finite verb before it ("Roza ya el umbral ..., según X.").
    ends_sentence = all(t.is_punct for t in doc[lo : hi + 1]) and first.i > 0 and doc[first.i - 1].text == ","
    if ends_sentence or (_postposed(doc, first, sent_tokens[0].i) and not _completed_after(doc, first, lo, hi)):
        # "CONTENT, según X."
        hi = first.i - 1
        lo = _clause_start(doc, hi, sent)
    # "According to Agence France-Presse, which cited sources close to the investigation, the man had ...":
    # a relative clause on the source is not part of the content.
    while lo < hi and doc[lo].is_punct:
        lo += 1
    if lo <= hi and doc[lo].lower_ in words(COMMON, "relative_clause_openers"):
        commas = [t.i for t in doc[lo : hi + 1] if t.text == ","]
        if not commas:
            return None
        lo = commas[0] + 1
    if lo > hi:
        return None
    return lo, hi


def _bare_mid_sentence(doc: Doc, first: Token, sent: Span) -> bool:
    prev = [t for t in doc[sent.start : first.i] if not t.is_space]
    return len(prev) > 1 and not prev[-1].is_punct and prev[-1].lower_ not in ("que", "that", "y", "and")


#: Words after which a comma-bounded "según X" opens the clause that follows it.
_OPENS_CLAUSE = frozenset(("que", "that", "and", "y", "e", "but", "pero", "or", "o", "because", "porque"))


def _postposed(doc: Doc, first: Token, sent_start: int) -> bool:
    """Whether a "según X" / "according to X" phrase follows its content ("CONTENT, según X.").

    A phrase that opens the sentence, follows "que"/"that" ("dijo que, según X, ...") or follows only an
    adverbial ("Entre 2016 y 2019, según datos del Inegi, murieron ...") precedes its content. After a comma,
    the phrase follows its content when a finite clause stands before it: "Las ventas cayeron un 8 % en
    marzo, según la Asociación ...", "The ferry left port late, according to the harbour authority, and ...".
    """
    if first.i <= sent_start + 1:
        return False
    prev = [t for t in doc[sent_start : first.i] if not t.is_space]
    if not prev:
        return False
    if prev[-1].text != ",":
        # "que, según X", "(según X", and a connective right before the phrase ("Aunado a esto y según X, ...")
        # open the clause that follows.
        return prev[-1].text != "(" and prev[-1].lower_ not in _OPENS_CLAUSE
    if len(prev) >= 2 and prev[-2].lower_ in _OPENS_CLAUSE:
        return False  # "dijo que, según X, ...", "had a strong economy and, according to CNN, was called ..."
    start = _clause_start(doc, first.i - 1, doc[sent_start : first.i + 1])
    return any(is_finite(t) for t in doc[start : first.i])


_COMPLETING_DEPS = frozenset({"obj", "dobj", "attr", "ccomp", "xcomp", "nsubj", "csubj", "cop"})


def _completed_after(doc: Doc, first: Token, lo: int, hi: int) -> bool:
    """Whether the clause interrupted by the phrase is completed after it: "La cirugía torácica es, según el
    consejero, la asignatura pendiente", "Acuña presentará, según informó IU, una iniciativa ...": the words
    after the phrase hold the verb or an argument of a verb before it, so the content is what follows."""
    for t in doc[lo : hi + 1]:
        head = t.head
        if head.i < first.i and t.dep_ in _COMPLETING_DEPS and head.pos_ in ("VERB", "AUX"):
            return True
        completes = t.pos_ in ("VERB", "AUX", "NOUN", "ADJ", "PRON")
        if completes and any(c.i < first.i and c.dep_ in _COMPLETING_DEPS for c in t.children):
            return True
    return False


def opinion_holder_quotes(doc: Doc, lang: str) -> list[Candidate]:
    """ "Para la economista Laura Méndez, de la Universidad de Sevilla, la subida de tipos llegará tarde.":
    an opening "para" phrase whose object is a person or an organization attributes the clause after it.

    Only at the start of the sentence (after connectives at most): elsewhere "para" is mostly purpose or
    beneficiary ("trabaja para la empresa"). The holder must be a name, a personal pronoun or a nominal that
    can speak ("el juez", "los expertos"), so "Para ello, ..." and "Para 2021, ..." are not attributions."""
    if lang != "es":
        return []
    out = []
    for token in doc:
        if token.lower_ != "para" or token.pos_ != "ADP":
            continue
        head = _opinion_holder(token, lang)
        if head is None:
            continue
        found = _opinion(token, head, lang)
        if found is not None:
            out.append(found)
    return out


def possessive_opinion_quotes(doc: Doc, lang: str) -> list[Candidate]:
    """ "En su opinión, el plan llega tarde", "In her view, the plan is late": a phrase of the language's
    ``possessive_opinion_frames`` list opening its sentence (after connectives at most) and a comma give the
    clause after it to the person the possessive points to (a pronoun mention, resolved like "she said")."""
    frames = [tuple(f.split()) for f in words_for(lang, "possessive_opinion_frames")]
    out = []
    for token in tokens_with(doc, LOWER, {frame[0] for frame in frames}):
        end = next(
            (token.i + len(f) for f in frames if tuple(t.lower_ for t in doc[token.i : token.i + len(f)]) == f), None
        )
        sent = sentence_of(doc, token.i)
        if end is None or end >= sent.end or doc[end].text != ",":
            continue
        if skip_connectives(doc, sent.start, token.i, lang) != token.i:
            continue  # only at the start of its sentence
        lo = skip_connectives(doc, end + 1, sent.end - 1, lang)
        hi = _clause_end(doc, lo, sent)
        if not any(is_finite(t) for t in doc[lo : hi + 1]):
            continue
        bounds = content_bounds(doc, lo, hi, lang)
        poss = [t for t in doc[token.i : end] if t.pos_ in ("DET", "PRON")]
        if bounds is not None and poss:
            mention = (poss[0].idx, poss[0].idx + len(poss[0].text))
            out.append(
                Candidate.create(
                    bounds[0], bounds[1], QuoteKind.INDIRECT, doc[token.i : end], mention, MentionKind.PRONOUN, 0.7
                )
            )
    return out


def _opinion_holder(token: Token, lang: str) -> Token | None:
    """The object of an opening "para" when it can hold an opinion, else None."""
    doc = token.doc
    head = token.head
    # Pronouns that name no holder: "Para ello, ...".
    non_holders = words_for(lang, "opinion_non_holders")
    # A role the tagger reads as an adjective is a noun when it has an article ("la urbanista Marta Solís").
    nominal_adj = head.pos_ == "ADJ" and any(c.dep_ == "det" for c in head.children)
    if head.i <= token.i or head.lower_ in non_holders or not (head.pos_ in ("NOUN", "PROPN", "PRON") or nominal_adj):
        return None
    if head.head.i <= head.i or head.dep_ not in ("obl", "obj", "iobj", "nmod", "advmod"):
        return None
    sent = sentence_of(doc, token.i)
    before = [t for t in doc[sent.start : token.i] if not (t.is_space or t.is_punct)]
    if any(t.pos_ not in ("CCONJ", "SCONJ", "ADV", "PART") and t.dep_ not in ("fixed", "advmod") for t in before):
        return None  # only connectives before it: "No obstante, para Lozano ..."
    nominals = NOMINALS.get(lang, {})
    if head.pos_ == "PRON":
        # Personal pronouns, and "Para muchos, ...".
        if "Prs" not in morph_values(head, "PronType") and head.lower_ not in words_for(
            lang, "opinion_holder_quantifiers"
        ):
            return None
    elif head.pos_ == "PROPN":
        if head.ent_type_ in ("LOC", "GPE", "MISC"):
            return None
    elif not (
        head.lemma_.lower() in nominals
        or head.lower_ in nominals
        or person_noun(head, lang)
        or any(c.pos_ == "PROPN" and c.dep_ in ("appos", "flat") for c in head.children)
    ):
        return None
    return head




def _opinion(token: Token, head: Token, lang: str) -> Candidate | None:
    """The clause after "Para X," attributed to X."""
    doc = token.doc
    sent = sentence_of(doc, token.i)
    phrase_end = head.right_edge.i
    # "Para el juez, en cambio, la cosa está clara": past the comma and any connective.
    lo = skip_connectives(doc, phrase_end + 1, sent.end - 1, lang)
    hi = _clause_end(doc, lo, sent)
    for i in range(lo, hi + 1):
        if doc[i].text == ":":
            hi = i - 1
            break
    if lo > hi or not any(is_finite(t) for t in doc[lo : hi + 1]):
        return None
    bounds = content_bounds(doc, lo, hi, lang)
    if bounds is None:
        return None
    mention, kind = source_mention(head, None, lang)
    if mention is None or kind is MentionKind.NONE:
        return None
    if head.pos_ == "PRON":
        kind = MentionKind.PRONOUN
    cue = doc[token.i : token.i + 1]
    return Candidate.create(bounds[0], bounds[1], QuoteKind.INDIRECT, cue, mention, kind, 0.75)


def _clause_end(doc: Doc, lo: int, sent: Span) -> int:
    hi = sent.end - 1
    for i in range(lo, sent.end):
        if doc[i].text in (";",) or (doc[i].text == "." and i == sent.end - 1):
            return i - 1
        if doc[i].text == "," and opens_attribution(doc, i + 1, sent.end):
            return i - 1  # "Según X, A, según Y.": the second phrase attributes what stands before it
    return hi


def _clause_start(doc: Doc, hi: int, sent: Span) -> int:
    lo = sent.start
    for i in range(hi, sent.start - 1, -1):
        if doc[i].text in (";",):
            return i + 1
        if opens_attribution(doc, i, hi) and (i == sent.start or doc[i - 1].text in (",", "(")):
            # "Según X, A, según Y.": A stops at the first phrase, which attributes what follows it.
            comma = next((t.i for t in doc[i:hi] if t.text == ","), None)
            return comma + 1 if comma is not None else lo
    return lo


_AS_OPENERS = {"es": ("como",), "en": ("as",)}
_AS_GROUPS = ("assert", "announce", "evidential")


def as_reported_quotes(doc: Doc, cues: dict[str, str], lang: str) -> list[Candidate]:
    """ "Como reportó AFP, cuando se viralizó la captura, Fox 2 publicó ...", "Tal y como muestran los datos
    del Ministerio, solo 5 regiones ...", "The company lost money, as its chief executive said.": a "como" /
    "as" clause with a reporting verb, set off by a comma, attributes the rest of its clause to the verb's
    subject.

    The clause runs from "como" / "as" to the next comma or the end of the sentence and holds a cue of
    statement or evidence with no content of its own (not "como dijo que vendría, ..."). The content is the
    clause after it, or before it when it closes the sentence."""
    openers = _AS_OPENERS.get(lang, ())
    out = []
    for token in tokens_with(doc, LOWER, set(openers)):
        found = _as_reported(doc, token, cues, lang)
        if found is not None:
            out.append(found)
    return out


def _as_reported(doc: Doc, opener: Token, cues: dict[str, str], lang: str) -> Candidate | None:
    """The candidate of one "como" / "as" clause: its reporting verb, its source, then the content."""
    sent = sentence_of(doc, opener.i)
    end = next((t.i for t in doc[opener.i + 1 : sent.end] if t.text in (",", ";", ":", ".")), sent.end)
    phrase = doc[opener.i + 1 : end]
    verbs = [t for t in phrase if t.pos_ == "VERB" and cues.get(t.lemma_.lower()) in _AS_GROUPS]
    if len(verbs) != 1 or len(phrase) > 12:
        return None
    verb = verbs[0]
    if (opener.i > 0 and doc[opener.i - 1].lower_ in ("así", "such", "so")) or is_impersonal(verb):
        return None  # "así como", "como se comentó": no third party speaks
    if not finite_third_person(verb) or any(
        c.dep_ in ("ccomp", "xcomp") or c.lower_ in ("que", "that") for c in verb.children if c.i >= opener.i
    ):
        return None  # "como escribimos"; "como dijo que vendría": a clause of its own, not an attribution
    start = opener.i
    if start >= 2 and doc[start - 2 : start].text.lower() in ("tal y", "tal e"):
        start -= 2
    if start >= 1 and doc[start - 1].lower_ == "tal":
        start -= 1
    before = [t for t in doc[sent.start : start] if not (t.is_space or t.is_punct)]
    opens = all(t.pos_ in ("CCONJ", "SCONJ", "ADV") or t.dep_ in ("fixed", "advmod") for t in before)
    if not opens and doc[start - 1].text != ",":
        return None  # "lo hizo como dijo": a manner, not an attribution
    source = _as_source(doc, opener, verb, end, lang)
    if source is None:
        return None
    mention, kind, subject = source
    rng = _as_content(doc, sent, start, end, opens, cues, lang)
    bounds = content_bounds(doc, rng[0], rng[1], lang) if rng is not None else None
    if bounds is None or kind is MentionKind.NONE or (subject is not None and not can_speak(subject, lang)):
        return None  # "como muestran algunas capturas de pantalla", "as its name suggests": nobody speaks
    return Candidate.create(bounds[0], bounds[1], QuoteKind.INDIRECT, doc[start : verb.i + 1], mention, kind, 0.75)


def _as_source(
    doc: Doc, opener: Token, verb: Token, end: int, lang: str
) -> tuple[tuple[int, int] | None, MentionKind, Token | None] | None:
    """The source of a "como" / "as" clause from `opener` to before token `end`: the verb's subject, a name the
    parser hung on something else ("como subrayó el jueves Trudeau"), or a dropped Spanish subject."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and opener.i < c.i < end]
    subject = subjects[0] if subjects else None
    if subject is not None:
        return (*source_mention(subject, verb, lang), subject)
    names = names_after(verb, end)
    if names:
        return name_bounds(names[0]), MentionKind.NAME, None
    if lang == "es":
        return (*source_mention(None, verb, lang), None)
    return None


def _as_content(
    doc: Doc, sent: Span, start: int, end: int, opens: bool, cues: dict[str, str], lang: str
) -> tuple[int, int] | None:
    """Token range of what a "como" / "as" clause [start, end) attributes: the rest of the sentence after
    it, or the clause before it when it closes the sentence (in English also when it stands inside it)."""
    lo = skip_connectives(doc, end + 1, sent.end - 1, lang) if end < sent.end and doc[end].text == "," else None
    if lo is not None and not opens and (lang != "es" or sent.end - 1 - lo < 3):
        lo = None
    if lo is not None:
        hi = _clause_end(doc, lo, sent)
    elif not opens:
        lo, hi = skip_connectives(doc, sent.start, start - 2, lang), start - 2
    else:
        return None
    if lo > hi or not any(is_finite(t) for t in doc[lo : hi + 1]):
        return None
    if _reports(doc, lo, hi, cues):
        return None  # "X argued that ..., as the court found": a report of its own
    if doc[lo].lower_ in words(COMMON, "relative_clause_openers"):
        return None  # "como prometió a su llegada, donde dará ...": a relative clause, no content
    return lo, hi


def _reports(doc: Doc, lo: int, hi: int, cues: dict[str, str]) -> bool:
    """Whether tokens lo..hi hold a reporting verb of their own, finite or with a finite auxiliary: a report,
    not a content to attribute ("had good things to say about China" reports nothing)."""
    return any(
        t.lemma_.lower() in cues and finite_or_aux(t) for t in doc[lo : hi + 1] if t.pos_ == "VERB"
    )


#: What opens a sentence that points its reporting verb back at the sentence before: "Así lo explicó ...".
_BACK_POINTERS = {"es": ("así", "lo")}


def thus_said_quotes(doc: Doc, cues: dict[str, str], lang: str) -> list[Candidate]:
    """ "La asociación ha puesto en marcha un concurso de fotografía. Así lo explicó hoy el presidente del
    colectivo, Mariano Marcén.": a sentence opening with "Así lo" and a reporting verb attributes the sentence
    before it to the verb's subject (to the context's speaker when the subject is dropped). As for "como X
    dijo": a verb of statement, announcement or evidence in the third person ("Así lo preguntó", "Así lo
    hemos explicado" are no attribution), a source that can speak ("Así lo indica su nombre" is none). The
    sentence before must be a statement of its own, not a question nor a report with its own reporting verb;
    one that opens with "según X" or "Para X" is left to those rules (the extractor drops a candidate of this
    rule that overlaps another)."""
    pair = _BACK_POINTERS.get(lang)
    if pair is None:
        return []
    out = []
    for opener in tokens_with(doc, LOWER, {pair[0]}):
        sent = sentence_of(doc, opener.i)
        words_before = [t for t in doc[sent.start : opener.i] if not (t.is_space or t.is_punct)]
        if words_before or sent.start == 0 or opener.i + 2 >= sent.end or doc[opener.i + 1].lower_ != pair[1]:
            continue
        verb = next((t for t in doc[opener.i + 2 : sent.end] if t.pos_ != "AUX"), None)
        if verb is None or verb.pos_ != "VERB" or cues.get(verb.lemma_.lower()) not in _AS_GROUPS:
            continue
        if not all(finite_third_person(t) for t in doc[opener.i + 2 : verb.i + 1]) or is_impersonal(verb):
            continue  # "Así lo hemos explicado", "Así lo recordamos", "Así se dijo": no third party speaks
        before = sentence_of(doc, sent.start - 1)
        while before.start > 0 and all(t.is_space for t in before):  # a line break parsed as a sentence
            before = sentence_of(doc, before.start - 1)
        lo = skip_connectives(doc, before.start, before.end - 1, lang)
        hi = before.end - 1
        while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
            hi -= 1
        if lo > hi or not any(is_finite(t) for t in doc[lo : hi + 1]) or "?" in doc[hi : before.end].text:
            continue
        if _reports(doc, lo, hi, cues):
            continue  # "El alcalde dijo que ... Así lo explicó ...": the report is written out already
        source = _as_source(doc, opener, verb, sent.end, lang)
        bounds = content_bounds(doc, lo, hi, lang)
        if source is None or bounds is None:
            continue
        mention, kind, subject = source
        if kind is MentionKind.NONE or (subject is not None and not can_speak(subject, lang)):
            continue
        cue = doc[verb.i : verb.i + 1]
        out.append(Candidate.create(bounds[0], bounds[1], QuoteKind.INDIRECT, cue, mention, kind, 0.75))
    return out
