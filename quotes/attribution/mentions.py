"""The speaker of one quote from its source as written: one resolver per kind of mention.

:func:`resolve` first widens a mention cut at a hyphen ("co" of "co-founder Maria Lund") and takes a person
named in apposition to a description ("His daughter, ..., Sharmistha Mukherjee wrote"); then the resolver of
the mention's kind (:data:`RESOLVERS`) decides:

- names go to the fullest form of the same name in the article ("Moorhead" -> "Patrick Moorhead"), and
  coordinated names are one source named in full ("Colombiacheck y La Silla Vacía");
- pronouns, dropped subjects and cue-less quotations go to the previous speaker nearby, as news style makes
  it (a reporter does not switch speakers without naming the new one);
- nominals go to the entity they stand for (:mod:`quotes.attribution.nominals`);
- other descriptions go to the author of a document or a person named inside, else stay as written.
"""

from __future__ import annotations

import re

import attrs
from spacy.tokens import Doc, Span

from quotes.attribution.entities import INDEFINITE, Entity, is_plural_token
from quotes.attribution.names import (
    POSSESSIVE,
    ArticleNames,
    Speaker,
    clean_person_name,
    name_in_mention,
    named,
)
from quotes.attribution.nominals import CONTEXT_CHARS, Resolver, document_source, other_source, resolve_nominal
from quotes.attribution.person_words import role_nouns, spanish_one
from quotes.attribution.roles import has_finite_verb, is_place
from quotes.attribution.speaker_type import name_type
from quotes.doctext import doc_text
from quotes.lexicons import COMMON, DOCUMENT_NOUNS
from quotes.lexicons import words as word_list
from quotes.models import MentionKind, Quote, SpeakerType
from quotes.nameshape import honorific_sex, is_organization_name, is_person_name, lexicon, strip_determiner

# Two capitalized names joined by "y"/"and" with nothing in lower case but name particles.
_COORDINATED_NAMES = re.compile(
    r"^(?:(?:the|el|la|los|las)\s+)?[A-ZÁÉÍÓÚÑ][\w&.'’-]*(?:\s+(?:[A-ZÁÉÍÓÚÑ][\w&.'’-]*|de|del|la|las|los|of|the|&))*"
    r"\s+(?:y|e|and)\s+(?:(?:La|El|Los|Las|The)\s+)?[A-ZÁÉÍÓÚÑ][\w&.'’-]*(?:\s+(?:[A-ZÁÉÍÓÚÑ][\w&.'’-]*|de|del|la|of|the|&))*$"
)



def resolve(doc: Doc, quote: Quote, previous: Quote | None, table: ArticleNames, lang: str) -> Speaker | None:
    """The speaker of `quote` from its mention, given the previous quote that has a speaker."""
    written = quote.mention_kind in (MentionKind.NAME, MentionKind.NOMINAL, MentionKind.OTHER)
    if written and quote.mention_start is not None:
        widened = _whole_hyphenated(doc, quote)
        if widened is not None:
            return resolve(doc, widened, previous, table, lang)
        described = _person_before_description(doc, quote, table)
        if described is not None:
            full = table.full_form(described.start_char, described.end_char, described.text)
            return named(doc, clean_person_name(full, lang), table, described.start_char, described.end_char)
        apposed = _apposed_person(doc, quote, table)
        if apposed is not None:
            full = table.full_form(apposed.start_char, apposed.end_char, apposed.text)
            return named(doc, clean_person_name(full, lang), table, apposed.start_char, apposed.end_char)
    return RESOLVERS[quote.mention_kind](doc, quote, previous, table, lang)


def _resolve_in_context(
    doc: Doc, quote: Quote, previous: Quote | None, table: ArticleNames, lang: str
) -> Speaker | None:
    """A dropped subject, a quotation without a cue or a pronoun: the previous speaker nearby; a pronoun
    that cannot stand for it goes to the nearest person named before it."""
    kind = quote.mention_kind
    near_previous = previous is not None and quote.start - previous.end < CONTEXT_CHARS
    if previous is not None and near_previous and previous.speaker is not None:
        if (
            kind is not MentionKind.PRONOUN
            or previous.speaker_type is not SpeakerType.ORGANIZATION
            or _plural(quote.mention)
        ):
            return Speaker.of(previous)
    if kind is MentionKind.PRONOUN:
        before = [e for e in table.ents if e.label == "PER" and e.end_char <= (quote.mention_start or 0)]
        if before:
            last = before[-1]
            return named(doc, table.fullest(last.text, at=last.start_char), table, last.start_char, last.end_char)
    return None


# "Some", "algunos", "otro", "todos": a pronoun that quantifies over people refers to no earlier speaker.
_QUANTIFIERS = INDEFINITE | word_list(COMMON, "quantifier_pronouns")


def _resolve_pronoun(doc: Doc, quote: Quote, previous: Quote | None, table: ArticleNames, lang: str) -> Speaker | None:
    if quote.mention is None:
        return None
    if quote.mention.strip().lower() in _QUANTIFIERS:
        # "Some say the vaccine came too late": the group is the source as written, not the last speaker.
        return Speaker(quote.mention.strip(), SpeakerType.OTHER, None, None)
    return _resolve_in_context(doc, quote, previous, table, lang)


def _resolve_name(doc: Doc, quote: Quote, previous: Quote | None, table: ArticleNames, lang: str) -> Speaker | None:
    """A proper name: the person inside the mention in its fullest form, or the name as an organization."""
    mention = quote.mention
    if mention is None:
        return None
    assert quote.mention_start is not None and quote.mention_end is not None
    person_of = _person_of_organization(doc, quote, table, lang)
    if person_of is not None:
        return person_of
    if _COORDINATED_NAMES.match(mention.strip()):
        # "Colombiacheck y La Silla Vacía", "the ACLU of Montana and Native American Rights Fund": sources
        # that speak together are one source, named in full.
        both = strip_determiner(mention.strip())
        stype = name_type(doc, quote.mention_start, quote.mention_end, lang) or SpeakerType.OTHER
        return Speaker(both, stype, both if stype is SpeakerType.ORGANIZATION else None, None)
    name_span = name_in_mention(doc, quote.mention_start, quote.mention_end)
    if name_span is not None:
        person = table.person_inside(name_span.start_char, name_span.end_char)
        if person is not None and person.end_char == name_span.end_char:
            # The person entity, without the titles and places of the run ("Montana Secretary of State
            # Corey Stapleton" -> "Corey Stapleton").
            cleaned = clean_person_name(person.text, lang)
            if person.text.endswith(cleaned):
                span = doc.char_span(person.end_char - len(cleaned), person.end_char, alignment_mode="expand")
                name_span = span if span is not None else person
            else:
                name_span = person
        full = table.full_form(name_span.start_char, name_span.end_char, name_span.text)
        return named(doc, full, table, name_span.start_char, name_span.end_char)
    if not any(c.isupper() for c in mention):
        # A common noun the parser took for a name ("el galeno"): a nominal.
        return resolve_nominal(doc, attrs.evolve(quote, mention_kind=MentionKind.NOMINAL), previous, table, lang)
    name = strip_determiner(POSSESSIVE.sub("", mention.strip()))
    sex = honorific_sex(doc, quote.mention_start) if quote.mention_start is not None else None
    return named(doc, table.fullest(name, sex, at=quote.mention_start), table, quote.mention_start, quote.mention_end)


# "Nils-Erik Haagenrud of Rogaland Fire and Rescue": capitalized words, then the body after "of", "from", "at".
_PERSON_OF = re.compile(
    r"^(?P<person>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,4})\s+(?:of|from|at)\s+(?:the\s+)?(?P<org>[A-Z].*)$"
)


def _person_of_organization(doc: Doc, quote: Quote, table: ArticleNames, lang: str) -> Speaker | None:
    """An English person written with the body he or she speaks for: "Commissioner James Rovella of the
    Connecticut Department of Emergency Services" is James Rovella, of that department, commissioner."""
    assert quote.mention is not None and quote.mention_start is not None
    match = _PERSON_OF.match(quote.mention.strip()) if lang == "en" else None
    if match is None:
        return None
    person = clean_person_name(match["person"], lang)
    at = quote.mention_start + quote.mention.index(person)
    # A person's shape, or a recognized person's name with no organization word ("Nils-Erik Haagenrud").
    recognized = any(e.label == "PER" and e.start_char < at + len(person) and e.end_char > at for e in table.ents)
    if not is_person_name(person, lang) and not (recognized and not is_organization_name(person, lang)):
        return None
    speaker = named(doc, table.full_form(at, at + len(person), person), table, at, at + len(person))
    if speaker.type is not SpeakerType.PERSON:
        return None
    title = match["person"][: -len(person)].strip() or None
    # "Hassan Rouhani of Iran": a place is where the person is from or what he governs, not a body.
    place = is_place(doc, match["org"], lang)
    return attrs.evolve(speaker, organization=None if place else match["org"], role=speaker.role or title)


def _resolve_other(doc: Doc, quote: Quote, previous: Quote | None, table: ArticleNames, lang: str) -> Speaker | None:
    """A description: the author of a document, a person named inside, a person seen in full, or as written."""
    mention = quote.mention
    if mention is None:
        return None
    assert quote.mention_start is not None and quote.mention_end is not None
    document = document_source(doc, quote, previous, table, lang, resolve)
    if document is not None:
        return document
    # "es el mensaje que da el genetista argentino Luis Marcelo Martínez": a person named inside.
    person = table.person_inside(quote.mention_start, quote.mention_end)
    span = doc.char_span(quote.mention_start, quote.mention_end, alignment_mode="expand")
    if (
        person is not None
        and span is not None
        and span.root.lemma_.lower() not in DOCUMENT_NOUNS.get(lang, frozenset())
        and not spanish_one(span[0].text, lang)  # "uno de los abogados de Donald Trump": not Trump
    ):
        full = table.full_form(person.start_char, person.end_char, person.text)
        return named(doc, full, table, person.start_char, person.end_char)
    # A capitalized word the parser did not tag as a name, but that names a person seen in full ("Mijares").
    plain = strip_determiner(mention.strip())
    if plain[:1].isupper() and len(plain.split()) <= 2:
        full = table.fullest(plain)
        if full != plain:
            return named(doc, full, table, None, None)
    return other_source(doc, quote, table, lang)


RESOLVERS: dict[MentionKind, Resolver] = {
    MentionKind.DROPPED: _resolve_in_context,
    MentionKind.NONE: _resolve_in_context,
    MentionKind.PRONOUN: _resolve_pronoun,
    MentionKind.NOMINAL: resolve_nominal,
    MentionKind.NAME: _resolve_name,
    MentionKind.OTHER: _resolve_other,
}


def _plural(mention: str | None) -> bool:
    return (mention or "").lower() in ("they", "ellos", "ellas")


def _whole_hyphenated(doc: Doc, quote: Quote) -> Quote | None:
    """A mention cut at a hyphen, widened to the noun phrase: "said co-founder Maria Lund" gives the
    mention "co"; the source is the whole "co-founder Maria Lund"."""
    assert quote.mention_start is not None and quote.mention_end is not None
    text = doc_text(doc)
    end = quote.mention_end
    if not (end + 1 < len(text) and text[end] in "-‐" and text[end + 1].isalpha()):
        return None
    span = doc.char_span(end, end + 1, alignment_mode="expand")
    if span is None:
        return None
    k = span[0].i
    while k < len(doc) and (
        doc[k].text in "-‐" or (doc[k].is_alpha and doc[k].idx == doc[k - 1].idx + len(doc[k - 1]))
    ):
        k += 1  # the rest of the hyphenated word ("-", "founder")
    while k < len(doc) and doc[k].text[:1].isupper() and doc[k].is_alpha:
        k += 1  # the name after the title
    if k >= len(doc) or doc[k - 1].idx + len(doc[k - 1]) <= end:
        return None
    new_end = doc[k - 1].idx + len(doc[k - 1])
    return attrs.evolve(
        quote,
        mention=text[quote.mention_start : new_end],
        mention_end=new_end,
        mention_kind=MentionKind.NAME if doc[k - 1].text[:1].isupper() else quote.mention_kind,
    )


def _names_someone(e: Entity, lang: str) -> bool:
    """Whether a person entity is a name rather than a title or a phrase the recognizer took for one: "A
    Republican Assemblywoman, Jill Tolles, said" (a title: its head is an office noun), "Dave Lewis, CEO of
    Tesco, stated" ("of Tesco" starts with a preposition)."""
    words = e.text.split()
    return bool(words) and words[0][:1].isupper() and words[-1].lower().rstrip(".") not in role_nouns(lang)


# After the description that closes "NAME, DESCRIPTION,", before the cue: nothing, or a relative pronoun.
_CLOSED_DESCRIPTION = re.compile(r"\s*,\s*(?:quien|quienes|who|que)?\s*$")


def _person_before_description(doc: Doc, quote: Quote, table: ArticleNames) -> Entity | None:
    """The person a description is set off after, when the source as written lies in that description.

    "Russell Zimmerman, executive director of the Australian Retailers Association, said ...", "Lucía Iglesias,
    funcionaria de la oficina de prensa de la UNESCO, quien relató ...": the parse gives the organization (or
    the role) as the source, but a description between commas that opens with a role is an apposition to the
    name before it, and the name is the subject of the cue.
    """
    assert quote.mention_start is not None and quote.mention_end is not None
    ms, me = quote.mention_start, quote.mention_end
    if quote.cue_start is None or quote.cue_start < me:
        return None
    text = doc_text(doc)
    if not _CLOSED_DESCRIPTION.fullmatch(text[me : quote.cue_start]):
        return None
    comma = text.rfind(",", 0, ms)
    if comma < 0 or ms - comma > 80 or re.search(r"[.;:!?\n()«»“”\"]", text[comma:ms]):
        return None
    if has_finite_verb(doc, comma + 1, me):
        return None
    words = strip_determiner(text[comma + 1 : me].strip()).split()
    offices = role_nouns(doc.lang_)
    opens_with_role = bool(words) and (
        (words[0].isalpha() and words[0].islower()) or any(w.lower().rstrip(".") in offices for w in words[:3])
    )
    if not opens_with_role:
        return None
    for e in table.ents:
        if e.label != "PER" or not 0 <= comma - e.end_char <= 1 or not _names_someone(e, doc.lang_):
            continue
        span = doc.char_span(e.start_char, e.end_char, alignment_mode="expand")
        # "Tras reunirse con Ana Ruiz, el ministro, dijo": a name after a preposition is no subject.
        if span is None or span.root.dep_ == "pobj" or any(c.dep_ == "case" for c in span.root.children):
            return None
        return e
    return None


#: A title written before a name in apposition: "..., director, Dr. Anthony Fauci, said".
_TITLE_ABBREVIATION = re.compile(r"\b(?:Dr|Dra|Mr|Mrs|Ms|Prof|Sr|Sra|Srta|Lic|Ing|Gen|Sen|Rep|Gov|Rev)\.")


def _modifies(span: Span, e: Entity) -> bool:
    """Whether the name `e` inside the mention `span` only qualifies a description headed by a common noun:
    "la coordinadora de campaña de López Obrador", "The American Samoan delegate to the U.S. House", not the
    person the description is ("el ministro de Gobierno Eduardo del Castillo")."""
    root = span.root
    if root.pos_ != "NOUN" or not root.text[:1].islower() or e.start_char <= root.idx < e.end_char:
        return False
    inside = [t for t in span if e.start_char <= t.idx < e.end_char]
    return not any(t.head.i == root.i and t.dep_ in ("appos", "flat", "flat:name") for t in inside)


def _apposed_person(doc: Doc, quote: Quote, table: ArticleNames) -> Entity | None:
    """A person named in apposition to a source written as a description: the name is the source.

    * after it: "His daughter, and member of the INC, Sharmistha Mukherjee wrote", "speaker of the
      parliament Ali Larijani wrote", "dijo el vocal de la Asociación, Moisés Muñoz.";
    * before it: "Dr Alan Reed, Head of Urban Planning at Northfield University, said" (the mention is the
      role).
    """
    assert quote.mention_start is not None and quote.mention_end is not None
    ms, me = quote.mention_start, quote.mention_end
    span = doc.char_span(ms, me, alignment_mode="expand")
    if span is None or not len(span):
        return None
    if any(
        e.label == "PER" and ms <= e.start_char < me and _names_someone(e, doc.lang_) and not _modifies(span, e)
        for e in table.ents
    ):
        return None  # a name is already there
    if is_plural_token(span.root):
        return None  # "scientists", "los expertos en salud": a group, not the person named next to it
    # "Uno de los hijos de la actriz, Ana Belén, ...": the rules judged a bare name in apposition to "uno de ...",
    # but "Uno de los abogados de la familia, el letrado Juan Pérez, ..." names the person after a title.
    one_of = spanish_one(span[0].text, doc.lang_)
    text = doc_text(doc)
    locs = lexicon(doc.lang_).locs
    cue_after = quote.cue_start is not None and quote.cue_start >= me
    limit = quote.cue_start if cue_after and quote.cue_start is not None else me + 150
    for e in table.ents:
        if e.label != "PER" or e.start_char < me or e.end_char > limit:
            continue
        between = _TITLE_ABBREVIATION.sub("", text[me : e.start_char])
        if "\n" in between or re.search(r"[.;:!?()«»“”\"]", between):
            break
        if between.strip() and not between.lstrip().startswith(","):
            break  # "said the mayor of Springfield John Doe's ..." : not an apposition
        if one_of and not between.strip(" ,"):
            break
        if has_finite_verb(doc, me, e.start_char):
            break
        rest = text[e.end_char : e.end_char + 3]
        closes = (cue_after and not text[e.end_char : limit].strip(" ,")) or not rest or rest[0] in ",.;\n"
        # A person's name has a given name and a surname; a place or a day the recognizer took for one
        # ("Monday", "United States") is no apposition.
        if closes and len(e.text.split()) >= 2 and e.text not in locs:
            return e
        break
    first = strip_determiner(quote.mention or "").split()[:1]
    role_like = bool(first) and (first[0][:1].islower() or first[0].lower().rstrip(".") in role_nouns(doc.lang_))
    # The role must be a closed apposition right before the cue: "NAME, ROLE, said".
    closed = cue_after and quote.cue_start is not None and text[me : quote.cue_start].rstrip().endswith(",")
    if closed and not has_finite_verb(doc, me, quote.cue_start or me):
        closed = True
    else:
        closed = False
    if role_like and closed and re.search(r",\s*$", text[max(0, ms - 3) : ms]):
        comma = text.rfind(",", 0, ms)
        for e in table.ents:
            if e.label == "PER" and 0 <= comma - e.end_char <= 1:
                return e
    return None
