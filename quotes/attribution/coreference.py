"""Who speaks each quote of an article: the loop over the quotes, with the speaker in context.

An extractor gives each quote the source *as written* next to its cue: a name ("Moorhead"), a pronoun ("he"),
a nominal ("la compañía"), nothing at all (Spanish drops the subject: "Añade que ..."), or no cue (a paragraph
that continues a quotation). :func:`attribute` walks the quotes in order and resolves each one:

- pronouns, dropped subjects and cue-less quotations go to the speaker in context: the previous quote's
  speaker, as news style makes it, or a person or organization named since as the subject of a main clause
  or by "para X," / "según X"; pronouns must agree in gender and number ("she" is not Omar Haddad, "they" is
  not one person), a singular verb does not continue a plural group, and a subject written after the cue
  counts ("..., explicó a AFP Factual Kenneth Witwer");
- every other mention goes to :func:`quotes.attribution.mentions.resolve`;
- organization and role carry over to every later quote of the same speaker, and an organization written as
  an acronym the article defines is given in full.

A source that cannot be found leaves `speaker` None rather than a guess.
"""

from __future__ import annotations

import attrs
from spacy.tokens import Doc, Span, Token

from quotes.attribution import descriptions
from quotes.attribution.acronyms import expand_quote_acronyms
from quotes.attribution.entities import Entity, is_plural_token
from quotes.attribution.mentions import resolve
from quotes.attribution.name_types import Typer, default_typer, retype
from quotes.attribution.names import (
    ArticleNames,
    Speaker,
    capitalized,
    clean_person_name,
    named,
    person_organizations,
)
from quotes.attribution.nominals import CONTEXT_CHARS, entity_in, nominal_type, other_source
from quotes.attribution.person_words import ONE_OF
from quotes.attribution.ranking import RANKED_KINDS, SpeakerRanker, candidates, default_ranker
from quotes.attribution.roles import has_finite_verb
from quotes.attribution.speaker_type import name_type
from quotes.doctext import doc_text, morph_values
from quotes.lexicons import COMMON
from quotes.lexicons import table as lexicon_table
from quotes.lexicons import words as word_list
from quotes.models import MentionKind, Quote, SpeakerType
from quotes.nameshape import is_acronym, is_person_name, lexicon, name_sex, org_shape


def attribute(
    doc: Doc, quotes: list[Quote], lang: str, ranker: SpeakerRanker | None = None, typer: Typer | None = None
) -> list[Quote]:
    """Resolve each quote's source mention to a speaker with type, organization and role.

    `ranker` chooses among the candidate speakers of a quote whose source is a pronoun, a dropped subject or
    nothing (:mod:`quotes.attribution.ranking`); by default the shipped learned ranker. `typer` decides
    whether a named speaker is a person or an organization (:mod:`quotes.attribution.name_types`); by default
    the shipped learned typer.
    """
    if not quotes:
        return []
    ranker = ranker if ranker is not None else default_ranker()
    typer = typer if typer is not None else default_typer()
    table = ArticleNames(doc, lang)
    contents = [(q.start, q.end) for q in quotes]
    table.subjects = _subject_entities(doc, table, contents)
    out: list[Quote] = []
    previous: Quote | None = None
    for quote in quotes:
        if quote.mention is not None and not any(ch.isalnum() for ch in quote.mention):
            # A dash or a quotation mark the parser took for the subject: no source is written.
            kind = MentionKind.DROPPED if lang == "es" and quote.cue is not None else MentionKind.NONE
            quote = quote.without_mention(kind)
        if _addressee(doc, quote):
            # "explica en diálogo con BBC Mundo", "declaró a Televisa": the medium addressed is not the
            # source; the subject is dropped (or written after it).
            quote = quote.without_mention(MentionKind.DROPPED)
        speaker, previous = _speaker(doc, quote, previous, out, table, lang)
        if speaker is None and quote.mention_kind is MentionKind.DROPPED and not _plural_cue(doc, quote):
            anchor = quote.cue_start if quote.cue_start is not None else quote.start
            speaker = _nearest_named(doc, anchor, table, contents)
            if speaker is None:
                speaker = _introduced_next(doc, quote, table)
        if _ranked(quote, speaker) and not _explicit(doc, quote, table, lang):
            speaker = _rank(doc, quote, speaker, out, table, lang, ranker)
        elif speaker is not None and descriptions.described(quote, speaker):
            speaker = _describe(doc, quote, speaker, out, table, lang, ranker)
        if speaker is None:
            # A quotation without a cue and without a speaker in context is most likely not a quote.
            if quote.mention_kind is MentionKind.NONE and quote.cue is None:
                continue
            resolved = attrs.evolve(quote, speaker=None, speaker_type=None, organization=None, role=None)
        else:
            resolved = attrs.evolve(
                quote,
                speaker=speaker.name,
                speaker_type=speaker.type,
                organization=speaker.organization,
                role=speaker.role,
            )
        out.append(resolved)
        if resolved.speaker is not None:
            previous = resolved
    out = retype(out, table, lang, typer)
    return expand_quote_acronyms(doc, person_organizations(doc, out, table, lang))


def _ranked(quote: Quote, speaker: Speaker | None) -> bool:
    """Whether the ranker chooses this quote's speaker: a source not written as a name, that the rules found
    (a quotation the rules leave without a speaker is no quote) or a dropped subject; never a quantifier
    ("Some said")."""
    if quote.mention_kind not in RANKED_KINDS:
        return False
    if quote.mention_kind is MentionKind.PRONOUN and _pronoun_form(quote.mention) is None:
        return False
    return speaker is not None or quote.mention_kind is MentionKind.DROPPED


def _explicit(doc: Doc, quote: Quote, table: ArticleNames, lang: str) -> bool:
    """Whether the rules read the source off the sentence itself: a subject written after the cue ("...,
    explicó a AFP Factual Kenneth Witwer") or a body as a place ("En el Ministerio aseguran"). The rules keep
    those; the ranker decides the sources found in the context."""
    if quote.mention_kind is not MentionKind.DROPPED:
        return False
    return _postposed_subject(doc, quote, table, lang) is not None or _place_as_source(doc, quote, table) is not None


def _rank(
    doc: Doc,
    quote: Quote,
    speaker: Speaker | None,
    earlier: list[Quote],
    table: ArticleNames,
    lang: str,
    ranker: SpeakerRanker,
) -> Speaker | None:
    found = candidates(doc, quote, speaker, earlier, table, lang, plural_cue=_plural_cue(doc, quote))
    if not found:
        return speaker
    return found[ranker.choose(quote, found, lang)].speaker


def _describe(
    doc: Doc,
    quote: Quote,
    speaker: Speaker,
    earlier: list[Quote],
    table: ArticleNames,
    lang: str,
    ranker: SpeakerRanker,
) -> Speaker:
    """The named speaker a description stands for, or the description (:mod:`quotes.attribution.descriptions`).
    A person chosen for "la vocera de la Casa Blanca" keeps the organization the description names."""
    found = descriptions.candidates(doc, quote, speaker, earlier, table, lang)
    if len(found) < 2:
        return speaker
    chosen = found[ranker.choose(quote, found, lang)].speaker
    if chosen is speaker:
        return speaker
    if chosen.organization is None and speaker.organization and speaker.type is not SpeakerType.ORGANIZATION:
        chosen = attrs.evolve(chosen, organization=speaker.organization)
    return chosen


def _speaker(
    doc: Doc, quote: Quote, previous: Quote | None, earlier: list[Quote], table: ArticleNames, lang: str
) -> tuple[Speaker | None, Quote | None]:
    """The speaker of one quote, and the previous source the next quotes continue (a dropped singular
    subject moves it back to the last singular source)."""
    if quote.mention_kind is MentionKind.DROPPED:
        postposed = _postposed_subject(doc, quote, table, lang)
        if postposed is not None:
            return postposed, previous
        if _plural_cue(doc, quote):
            return _plural_dropped(doc, quote, previous, table), previous
        return _singular_dropped(doc, quote, earlier, table, lang)
    form = _pronoun_form(quote.mention) if quote.mention_kind is MentionKind.PRONOUN else None
    if form is not None:
        return _agreeing_antecedent(doc, quote, form, earlier, table, lang), previous
    return resolve(doc, quote, previous, table, lang), previous


def _plural_dropped(doc: Doc, quote: Quote, previous: Quote | None, table: ArticleNames) -> Speaker | None:
    """ "Denunciaron que ...": a plural dropped subject is a group or a body ("De igual forma, indican que ..."
    after "la organización explica"), never the last named person."""
    speaker = _place_as_source(doc, quote, table)
    if (
        speaker is None
        and previous is not None
        and previous.speaker_type in (SpeakerType.OTHER, SpeakerType.ORGANIZATION)
        and quote.start - previous.end < CONTEXT_CHARS
    ):
        speaker = Speaker.of(previous)
    return speaker


def _singular_dropped(
    doc: Doc, quote: Quote, earlier: list[Quote], table: ArticleNames, lang: str
) -> tuple[Speaker | None, Quote | None]:
    """Spanish drops the subject: the speaker is the last one named as a subject before the cue, a previous
    quote's speaker or a person introduced in a sentence of its own. A singular verb does not continue a
    plural group ("los investigadores advirtieron ... Thwaites expresó ... Aseguró ..."): the last singular
    source does, and it stays the previous source for the quotes that follow."""
    anchor = quote.cue_start if quote.cue_start is not None else quote.start
    singular = [q for q in earlier if q.speaker is not None and not _plural_source(doc, q)]
    previous = singular[-1] if singular else None
    named_before = [(pos, e) for pos, e in table.subjects if pos < anchor and anchor - pos < CONTEXT_CHARS]
    if named_before and (
        previous is None
        or previous.cue_start is None
        or named_before[-1][0] > (previous.mention_start or previous.cue_start)
    ):
        e = named_before[-1][1]
        if e.label == "ORG":
            return Speaker.organization_named(e.text), previous
        name = table.fullest(e.text, at=e.start_char) if e.label == "PER" else e.text
        return named(doc, name, table, e.start_char, e.end_char), previous
    return resolve(doc, quote, previous, table, lang), previous


# Pronouns that say the gender or number of their antecedent ("She added" is not Omar Haddad; "they" is
# not one person). "It"/"its" stand for an organization or a document, never a person.
_PRONOUN_FORMS: dict[str, str] = {row[0]: row[1] for row in lexicon_table(COMMON, "pronoun_forms")}


def _pronoun_form(mention: str | None) -> str | None:
    return _PRONOUN_FORMS.get((mention or "").strip().lower())


def _agrees(form: str, speaker: Speaker, lang: str) -> bool:
    """Whether a pronoun of `form` ("m", "f", "pl", "it") can stand for `speaker`."""
    if form in ("m", "f"):
        if speaker.type is not SpeakerType.PERSON:
            return False
        sex = name_sex(speaker.name, lang)
        return sex is None or sex == form
    # "They also said they believed ...": a department or a group; "its polling": an organization.
    return speaker.type is not SpeakerType.PERSON


def _agreeing_antecedent(
    doc: Doc, quote: Quote, form: str, earlier: list[Quote], table: ArticleNames, lang: str
) -> Speaker | None:
    """The most recent source that agrees with the pronoun: an earlier quote's speaker or a person or
    organization named as the subject of a main clause, newest first.

    "Mayor Lisa Grant said ... Councillor Omar Haddad warned ... She added ...": the previous speaker is a man,
    so "She" goes back to Lisa Grant. When no source agrees, the nearest named person who does (any clause).
    """
    start = quote.mention_start if quote.mention_start is not None else quote.start
    candidates: list[tuple[int, int, object]] = []
    for q in earlier:
        if q.speaker is None:
            continue
        pos = q.mention_start if q.mention_start is not None else (q.cue_start if q.cue_start is not None else q.start)
        if pos < start and start - pos < CONTEXT_CHARS:
            candidates.append((pos, 1, q))
    # A sentence that already gave a quote its source is represented by that quote: "said Delfin
    # Lorenzana, the Defence Secretary" names one person, not a second one called "Defence Secretary".
    sourced = set()
    for q in earlier:
        at = q.mention_start if q.mention_start is not None else q.cue_start
        span = doc.char_span(at, at + 1, alignment_mode="expand") if at is not None else None
        if span is not None and len(span):
            sourced.add(span[0].sent.start)
    for pos, e in table.subjects:
        if pos < start and start - pos < CONTEXT_CHARS:
            span = doc.char_span(e.start_char, e.end_char, alignment_mode="expand")
            if span is not None and len(span) and span[0].sent.start in sourced:
                continue
            candidates.append((pos, 0, e))
    candidates.sort(key=lambda c: (c[0], c[1]))
    for _pos, _rank, c in reversed(candidates):
        if isinstance(c, Quote):
            speaker = Speaker.of(c)
        else:
            assert isinstance(c, Entity)
            if c.label == "ORG":
                speaker = Speaker.organization_named(c.text)
            else:
                speaker = named(doc, table.fullest(c.text, at=c.start_char), table, c.start_char, c.end_char)
        if _agrees(form, speaker, lang):
            return speaker
    if form in ("m", "f"):
        for e in reversed([e for e in table.ents if e.label == "PER" and e.end_char <= start]):
            speaker = named(doc, table.fullest(e.text, at=e.start_char), table, e.start_char, e.end_char)
            if _agrees(form, speaker, lang):
                return speaker
    return None


# Prepositions that introduce the one spoken to or the medium spoken in, never the speaker.
_ADDRESSEE_PREPOSITIONS = {lang: word_list(lang, "addressee_prepositions") for lang in ("es", "en")}


def _addressee(doc: Doc, quote: Quote) -> bool:
    """Whether the source as written is the object of "a", "con", "en", "to": "dijo a EL UNIVERSAL"."""
    if quote.mention_start is None or quote.mention_kind not in (
        MentionKind.NAME, MentionKind.NOMINAL, MentionKind.OTHER
    ):
        return False
    span = doc.char_span(quote.mention_start, quote.mention_start + 1, alignment_mode="expand")
    if span is None or not len(span) or span[0].i == 0:
        return False
    before = span[0] if span[0].pos_ == "ADP" else doc[span[0].i - 1]
    if before.pos_ != "ADP" or before.lower_ not in _ADDRESSEE_PREPOSITIONS.get(doc.lang_, frozenset()):
        return False
    # "de acuerdo a X", "conforme a X", "according to X" introduce the source itself.
    lead = " ".join(t.lower_ for t in doc[max(0, before.i - 2) : before.i])
    return not lead.endswith(("acuerdo", "conforme", "according", "acorde"))


def _postposed_subject(doc: Doc, quote: Quote, table: ArticleNames, lang: str) -> Speaker | None:
    """A subject written after the cue that the parse did not attach as one.

    "..., explicó a AFP Factual Kenneth Witwer, profesor de patología ...": the addressee "a AFP Factual"
    comes first, then the speaker; "«...», aseguran fuentes de la consejería.": the parser reads "fuentes"
    as an object. The phrase must close the clause (a comma, a full stop or the end) and agree in number
    with the verb; a person right after "a"/"to" is the addressee, not the speaker.
    """
    if quote.cue_end is None or quote.cue_start is None or quote.cue_start < quote.end:
        return None  # only "CONTENT, cue SUBJECT": the cue after the content
    cue = doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand")
    if cue is None or not len(cue):
        return None
    verb = cue[-1]
    if any(c.dep_ in ("nsubj", "nsubj:pass", "nsubjpass") for c in verb.children):
        return None
    plural = _plural_cue(doc, quote)
    k = verb.i + 1
    sent_end = verb.sent.end
    # An addressee first: "a AFP Factual", "al diario El País", "to Reuters".
    if k < sent_end and doc[k].lower_ in ("a", "al", "to"):
        past = _past_addressee(doc, k + 1, sent_end, table, lang)
        if past is None or isinstance(past, Speaker):
            return past
        k = past
    if k >= sent_end or doc[k].pos_ not in ("DET", "NOUN", "PROPN", "NUM"):
        return None
    head = doc[k]
    while head.i + 1 < sent_end and head.pos_ == "DET":
        head = doc[head.i + 1]
    if head.pos_ not in ("NOUN", "PROPN") and head.lower_ not in ONE_OF:
        return None
    if is_plural_token(head) != plural and head.pos_ == "NOUN":
        return None
    # The phrase: up to the first comma, full stop or end of sentence.
    j = k
    while j < sent_end and doc[j].text not in (",", ".", ";", ":", "(", "—"):
        j += 1
    if j - k > 12 or has_finite_verb(doc, doc[k].idx, doc[j - 1].idx + len(doc[j - 1])):
        return None
    phrase = doc[k:j]
    person = next(
        (e for e in table.ents if e.label == "PER" and e.start_char == doc[k].idx and e.end_char <= phrase.end_char),
        None,
    ) or _described_person(doc, head, phrase, table)
    if person is not None:
        full = table.full_form(person.start_char, person.end_char, person.text)
        return named(doc, clean_person_name(full, lang), table, person.start_char, person.end_char)
    if plural and head.pos_ == "NOUN":
        sub = attrs.evolve(
            quote,
            mention=phrase.text,
            mention_start=phrase.start_char,
            mention_end=phrase.end_char,
            mention_kind=MentionKind.OTHER,
        )
        return other_source(doc, sub, table, lang)
    return None


#: The most words read as the addressee's name before the speaker ("a BBC Mundo | Lucía Dammert").
_ADDRESSEE_WORDS = 6
_QUOTE_MARKS = frozenset('"«»“”‘’\'')


def _past_addressee(doc: Doc, j: int, sent_end: int, table: ArticleNames, lang: str) -> int | Speaker | None:
    """After "a"/"to" behind a postposed cue: where the speaker's phrase starts, the speaker itself when the
    parse ran it into the addressee's name, or None (the one addressed is a person, or no speaker follows).

    "explicó a AFP Factual Kenneth Witwer" (the recognizer's person after the medium), 'declaró a "Reforma"
    el actor Enrique Roca' (a described person after the medium), "le dice a BBC Mundo Lucía Dammert,
    socióloga ..." (one run of proper nouns; the person closes it and a description follows)."""
    person_starts = {e.start_char for e in table.ents if e.label == "PER"}
    while j < sent_end and doc[j].pos_ == "DET":
        j += 1
    start = j
    while j < sent_end and j - start < _ADDRESSEE_WORDS and (capitalized(doc[j]) or doc[j].text in _QUOTE_MARKS):
        if doc[j].idx in person_starts and j > start:
            return j
        j += 1
    if j == start or j >= sent_end:
        return None
    if doc[j].pos_ == "DET" or doc[j].lower_ in ONE_OF:
        return j  # 'a "Reforma" el actor ...', "a Newsweek uno de los autores": a described speaker follows
    # The recognizer may run the medium into the person ("BBC Farouk Soussa" as one person).
    return _person_closing_run(doc, start, j, table, lang, person_starts)


def _person_closing_run(
    doc: Doc, start: int, end: int, table: ArticleNames, lang: str, person_starts: set[int]
) -> Speaker | None:
    """A person at the end of one run of proper nouns after "a", followed by a comma and a description ("a
    BBC Mundo Lucía Dammert, socióloga", "a la BBC Farouk Soussa, economista", "a DW Hugo Contreras, quien
    ..."): from a known given name on, or, after a medium written as an acronym, the last two words."""
    if end >= len(doc) - 1 or doc[end].text != "," or not (doc[end + 1].is_lower or doc[end + 1].lower_ == "quien"):
        return None
    if any(doc[i].text in _QUOTE_MARKS for i in range(start, end)):
        return None
    lex = lexicon(lang)
    if doc[start].idx in person_starts and not is_acronym(doc[start].text):
        return None  # a person addressed: "dijo a Juan Pérez, su asesor, que ..."
    cut = next((c for c in range(start + 1, end) if is_person_name(doc[c:end].text, lang)), None)
    if cut is None and end - start >= 3 and is_acronym(doc[start].text):
        last = [t.text for t in doc[end - 2 : end]]
        if not any(is_acronym(w) or w in lex.locs for w in last) and org_shape(last, lex) == 0:
            cut = end - 2
    if cut is None:
        return None
    name = doc[cut:end]
    speaker = named(doc, clean_person_name(name.text, lang), table, name.start_char, name.end_char)
    if speaker.type is SpeakerType.PERSON:
        return speaker
    return Speaker(speaker.name, SpeakerType.PERSON)  # a run the recognizer read as one organization


def _described_person(doc: Doc, head: Token, phrase: Span, table: ArticleNames) -> Entity | None:
    """The person a postposed description closes with or puts in apposition: "el actor Enrique Roca", "el
    investigador de la Universidad Pompeu Fabra Lorenzo Gabrielli", "uno de los autores del estudio, Michael
    Shay," (not "el hijo de Juan Pérez", whose person is another)."""
    if head.pos_ != "NOUN" and head.lower_ not in ONE_OF:
        return None
    after = phrase.end
    if after + 1 < len(doc) and doc[after].text == "," and not is_plural_token(head):
        appos = next((e for e in table.ents if e.label == "PER" and e.start_char == doc[after + 1].idx), None)
        if appos is not None:
            return appos
    for e in table.ents:
        if e.label == "PER" and e.end_char == phrase.end_char and e.start_char > head.idx:
            span = doc.char_span(e.start_char, e.end_char, alignment_mode="expand")
            if span is not None and span.start > 0 and doc[span.start - 1].pos_ != "ADP":
                return e
    return None


def _plural_source(doc: Doc, quote: Quote) -> bool:
    """Whether a resolved quote's source is a plural group: "los expertos", "fuentes", "Denunciaron"."""
    if quote.mention_kind is MentionKind.DROPPED:
        return _plural_cue(doc, quote)
    if quote.mention_kind not in (MentionKind.NOMINAL, MentionKind.OTHER) or quote.mention_start is None:
        return False
    span = doc.char_span(quote.mention_start, quote.mention_end or quote.mention_start, alignment_mode="expand")
    return span is not None and len(span) > 0 and is_plural_token(span.root)


def _place_as_source(doc: Doc, quote: Quote, table: ArticleNames) -> Speaker | None:
    """Spanish impersonal plural with the body as a place: "En el Ministerio de Vivienda aseguran que ..."
    -> the ministry; "En la oficina de prensa de la Policía indicaron ..." -> that office."""
    if quote.cue_start is None or quote.cue_end is None:
        return None
    span = doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    verb = span.root
    for child in verb.children:
        if child.dep_ not in ("obl", "obl:arg", "nmod") or child.i > verb.i:
            continue
        if not any(c.dep_ == "case" and c.lower_ == "en" for c in child.children):
            continue
        lo = child.left_edge.i
        while lo <= child.i and doc[lo].pos_ in ("ADP", "DET"):
            lo += 1
        phrase = doc[lo : child.right_edge.i + 1]
        if not len(phrase):
            continue
        inside = entity_in(table, child)
        is_org = (inside is not None and inside.label == "ORG") or (
            nominal_type(phrase.text, "es") == "organization"
            and name_type(doc, phrase.start_char, phrase.end_char, "es") is SpeakerType.ORGANIZATION
        )
        if is_org:
            org = inside.text if inside is not None and inside.label == "ORG" else phrase.text
            return Speaker(phrase.text, SpeakerType.ORGANIZATION, org, None)
    return None


def _nearest_named(doc: Doc, anchor: int, table: ArticleNames, contents: list[tuple[int, int]]) -> Speaker | None:
    """For a dropped subject left without a source: the nearest person named before the cue in the same
    paragraph, outside quotations, whatever the parse made of its clause.

    "Jaime Rodríguez Calderón "El Bronco", candidato independiente, aseguró que ...": the nickname in marks
    breaks the parse, so the name is not seen as the subject, yet it is the only one the verb can have.
    """
    text = doc_text(doc)
    paragraph = text.rfind("\n", 0, anchor) + 1
    for e in reversed(table.ents):
        if e.label != "PER" or e.end_char > anchor or e.start_char < paragraph:
            continue
        if any(s <= e.start_char < t for s, t in contents):
            continue
        return named(doc, table.fullest(e.text, at=e.start_char), table, e.start_char, e.end_char)
    return None


# How far after a quotation (characters) the source may still be introduced for the first time.
_CATAPHORA_CHARS = 300


def _introduced_next(doc: Doc, quote: Quote, table: ArticleNames) -> Speaker | None:
    """A headline or lead quotation with no source yet: the person or organization named as the subject
    right after it.

    ""Se trata de un don, nunca un derecho", asegura / El obispo de Córdoba, Demetrio Fernández, ha
    subrayado ...": news headlines quote before they name.
    """
    for pos, e in table.subjects:
        if quote.end <= pos < quote.end + _CATAPHORA_CHARS:
            if e.label == "ORG":
                return Speaker.organization_named(e.text)
            return named(doc, table.fullest(e.text, at=e.start_char), table, e.start_char, e.end_char)
    return None


def _subject_entities(doc: Doc, table: ArticleNames, contents: list[tuple[int, int]]) -> list[tuple[int, Entity]]:
    """Persons and organizations named as the subject of a clause, outside quote contents, by position."""
    out = []
    for e in table.ents:
        if e.label not in ("PER", "ORG"):
            continue
        if any(s <= e.start_char < t for s, t in contents):
            continue
        span = doc.char_span(e.start_char, e.end_char, alignment_mode="expand")
        if span is None or not len(span):
            continue
        t = span.root
        for _ in range(3):
            if t.dep_ == "compound" and t.head.pos_ != "PROPN":
                break  # a name modifying a noun is no subject: "a Trump supporter", "the Clinton campaign"
            if t.dep_ in ("flat", "flat:name", "compound", "appos") and t.head.i != t.i:
                t = t.head
            else:
                break
        # Only subjects of main clauses introduce a speaker ("la vacuna que aprobó la OMS" does not).
        if t.dep_ in ("nsubj", "nsubj:pass", "nsubjpass") and t.head.dep_ in ("ROOT", "conj", "parataxis"):
            out.append((e.start_char, e))
        elif _source_phrase(t):
            # "Para la urbanista Marta Solís, el plan llega tarde. «...», explica.": a source introduced by
            # "para" / "según" / "according to" is the one a later bare cue continues.
            out.append((e.start_char, e))
    return out


_SOURCE_PREPOSITIONS = word_list(COMMON, "source_prepositions")


def _source_phrase(token: Token) -> bool:
    """Whether `token` heads the object of "para X," / "según X" / "according to X" opening its clause."""
    if token.dep_ not in ("obl", "nmod", "pobj", "obl:arg"):
        return False
    case = [c for c in token.children if c.dep_ == "case"] or ([token.head] if token.dep_ == "pobj" else [])
    if not case or case[0].lower_ not in _SOURCE_PREPOSITIONS:
        return False
    if case[0].lower_ == "to" and not (case[0].i > 0 and token.doc[case[0].i - 1].lower_ == "according"):
        return False
    # The phrase stands before the clause it qualifies, set off by a comma ("Para X, ..."), or after it.
    return any(t.text == "," for t in token.doc[token.i : min(len(token.doc), token.i + 30)])


def _plural_cue(doc: Doc, quote: Quote) -> bool:
    if quote.cue_start is None or quote.cue_end is None:
        return False
    span = doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    verb = span[-1]
    numbers = set(morph_values(verb, "Number")) | {n for t in span for n in morph_values(t, "Number")}
    return numbers == {"Plur"}
