"""Direct quotes: a pair of quotation marks and the cue that attributes it, and how quotation marks change
the other families' candidates.

A quotation is attributed by a reporting verb right after it ("«...», dijo X", '"...," X said'), before it
with a colon or comma ("X dijo: «...»", and in English 'X said on Friday "..."'), or by context (a quotation
that opens a paragraph continues the previous speaker). Right after the marks, a finite verb with nothing but
its subject reports the quotation whether or not it is listed ("«...», ironizó el economista Pablo Rey"): the
lexicon is evidence there, not a gate. An indirect content that contains quotation marks is a mixed quote;
one that is nothing but a quotation is direct.
"""

from __future__ import annotations

import re

import attrs
from spacy.tokens import Doc, Token

from quotes.doctext import doc_text, sentence_of, token_index_at
from quotes.extractors.rules.candidates import WORD, Candidate, cue_span, is_finite, trimmed
from quotes.extractors.rules.sources import (
    SUBJECT_DEPS,
    can_speak,
    names_after,
    person_noun,
    source_mention,
    subject_of,
    valid_subject,
)
from quotes.marks import QuotedSpan
from quotes.models import MentionKind, QuoteKind

# A quotation shorter than this many words needs an explicit cue right next to it to count (titles, terms and
# scare quotes are short and have none).
_MIN_DIRECT_WORDS = 4
_MIN_CONTEXT_WORDS = 8


def against_quotations(found: list[Candidate], spans: list[QuotedSpan], doc: Doc) -> list[Candidate]:
    """Decide direct / mixed for indirect candidates that meet quotation marks (evolved copies of them)."""
    text = doc_text(doc)
    out = []
    for c in found:
        if any(s.start < c.start < s.end and s.outer_end < c.end for s in spans):
            continue  # a clause that starts inside a quotation and ends after it is a misparse
        if c.mention is not None and any(s.open <= c.mention[0] < s.outer_end for s in spans):
            continue  # a source is not inside quotation marks ('... on “Fox and Friends.”')
        inside = [s for s in spans if c.start <= s.start and s.end <= c.end + 1]
        covering = [s for s in spans if s.open <= c.start and c.end <= s.outer_end]
        if covering:
            # The "indirect" content is the quotation itself ("«...», dijo X" parsed as ccomp): the direct
            # pass will take it with its exact marks, when a verb cues it. A phrase with no verb ("Según X,
            # «...»", "In the view of X, \"...\"") gives the quotation its source here.
            if _phrase_before(doc, c, covering[0]):
                start, end = _trimmed_direct(text, covering[0])
                out.append(attrs.evolve(c, start=start, end=end, kind=QuoteKind.DIRECT))
            continue
        if inside:
            s = inside[0]
            # "X dijo que: «...»" -> the quotation is the content: direct.
            before = text[c.start : s.open].strip(" :,")
            after = text[s.outer_end : c.end].strip(" .,;")
            if not before and not after:
                continue
            colon = text[max(c.start, s.open - 3) : s.open]
            if ":" in colon:
                # "Fine advierte ... en humanos: «...»": an indirect part, then a direct quotation.
                end = trimmed(text, c.start, s.open)[1]
                if end > c.start:
                    out.append(attrs.evolve(c, end=end))
                continue
            # A mixed content keeps its closing mark when the quotation ends the clause.
            end = s.outer_end if c.end < s.outer_end <= c.end + 2 else c.end
            c = attrs.evolve(c, kind=QuoteKind.MIXED, end=end)
        out.append(c)
    return out


def _phrase_before(doc: Doc, c: Candidate, s: QuotedSpan) -> bool:
    """Whether `c`'s cue is a phrase without a verb ("según", "en opinión de", "para") written before the
    quotation `s`."""
    if c.cue_start is None or c.cue_end is None or c.cue_end > s.open:
        return False
    cue = doc.char_span(c.cue_start, c.cue_end, alignment_mode="expand")
    # "According" is tagged a verb, but heads only a preposition.
    return cue is not None and not any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("prep", "case") for t in cue)


def _words(text: str) -> int:
    return len(WORD.findall(text))


def direct_quotes(
    doc: Doc, spans: list[QuotedSpan], cues: dict[str, str], lang: str, found: list[Candidate]
) -> list[Candidate]:
    text = doc_text(doc)
    out: list[Candidate] = []
    for s in spans:
        if any(c.start <= s.start and s.end <= c.end for c in found if c.kind is QuoteKind.MIXED):
            continue  # part of a mixed quote
        content = text[s.start : s.end]
        n_words = _words(content)
        if n_words == 0:
            continue
        attribution = (
            _cue_after(doc, s, cues, lang, spans)
            or _cue_before(doc, s, cues, lang)
            or _attribution_after_closed(doc, s, cues, lang, spans)
        )
        # A quotation that is a sentence of its own.
        sentence = _opens_sentence(text, s) and _ends_sentence(text, s)
        alone = n_words >= _MIN_DIRECT_WORDS and sentence
        if attribution is None and alone:
            attribution = _introduced(doc, s, cues, lang)
        if attribution is None and n_words >= _MIN_DIRECT_WORDS:
            attribution = _colon_introduced(doc, s, lang)
        if attribution is None:
            # A sentence in marks right after a quotation and its attribution continues it, however short
            # ('"...," Pence said. "But, come on."'); titles and terms do not stand as sentences there.
            if sentence and (n_words >= _MIN_CONTEXT_WORDS or _after_quotation(text, s, spans)):
                # A paragraph or sentence that is nothing but a quotation continues the previous speaker.
                start, end = _trimmed_direct(text, s)
                out.append(Candidate.create(start, end, QuoteKind.DIRECT, None, None, MentionKind.NONE, 0.5))
            continue
        verb, mention, kind, confidence = attribution
        if n_words < _MIN_DIRECT_WORDS and not _opens_sentence(text, s):
            continue  # a term or scare quote next to a verb ("described as 'dastardly'") is not a quote
        start, end = _trimmed_direct(text, s)
        out.append(Candidate.create(start, end, QuoteKind.DIRECT, cue_span(verb), mention, kind, confidence))
    return out


def _trimmed_direct(text: str, s: QuotedSpan) -> tuple[int, int]:
    """Content between the marks, without surrounding spaces (punctuation inside the marks stays)."""
    start, end = s.start, s.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _opens_sentence(text: str, s: QuotedSpan) -> bool:
    before = text[max(0, s.open - 3) : s.open].rstrip(" \t")
    return not before or before[-1] in '\n.:!?»”"' or text[: s.open].strip() == ""


def _ends_sentence(text: str, s: QuotedSpan) -> bool:
    inner = text[s.start : s.end].rstrip()
    after_raw = text[s.outer_end : s.outer_end + 4]
    after = after_raw.lstrip(" \t\xa0")
    if not after or after[0] in ".\n" or "\n" in after_raw:
        return True
    return bool(inner) and inner[-1] in ".!?…" and (after[0].isupper() or after[0] in '«“"')


def _token_at(doc: Doc, char: int, *, before: bool = False) -> Token | None:
    """The token at or after (before, if asked) a character offset."""
    if not len(doc):
        return None
    i = token_index_at(doc, char)
    token = doc[i]
    if before:
        return token if token.idx <= char else None
    if token.idx + len(token.text) <= char:  # `char` falls in the whitespace after token i
        return doc[i + 1] if i + 1 < len(doc) else None
    return token


def _is_cue(token: Token, cues: dict[str, str]) -> bool:
    group = cues.get(token.lemma_.lower())
    return (
        group is not None
        and group not in ("evidential", "call")
        and token.pos_ in ("VERB", "AUX")
        and token.dep_ not in ("aux", "cop")
    )


def _cue_after(
    doc: Doc, s: QuotedSpan, cues: dict[str, str], lang: str, spans: list[QuotedSpan]
) -> tuple[Token, tuple[int, int] | None, MentionKind, float] | None:
    """'«...», dijo X' / '"...," X said' / '«...», comenta.': the cue within a few words after the marks."""
    window = _window_after(doc, s)
    for t in window:
        if _is_cue(t, cues):
            subject = _quoted_cue_subject(t, window, spans)
            if subject is not None and not valid_subject(subject, lang):
                return None
            if subject is None:
                # "said Delfin Lorenzana" is sometimes parsed with the name as object.
                names = names_after(t, window[-1].i + 1)
                if names:
                    subject = names[0]
            mention, kind = source_mention(subject, t, lang)
            return t, mention, kind, 0.9
        if t.pos_ in ("VERB",) and t.lemma_.lower() not in cues:
            if _reporting_by_position(t, window):
                subject = subject_of(t)
                if subject is not None and not valid_subject(subject, lang):
                    return None
                mention, kind = source_mention(subject, t, lang)
                if kind is MentionKind.NONE:
                    return None
                return t, mention, kind, 0.8
            break
    return None


def _window_after(doc: Doc, s: QuotedSpan) -> list[Token]:
    """The words after the closing mark up to the end of the clause, when the punctuation lets a cue follow
    (a comma or dash after the marks, or a comma, "?" or "!" inside them); else none."""
    text = doc_text(doc)
    rest = text[s.outer_end : s.outer_end + 4]
    inner_end = text[s.start : s.end].rstrip()[-1:]
    if not (rest[:1] in (",", "—", "–", " ", "") or inner_end in (",", "?", "!")):
        return []
    if (
        rest[:1] == " "
        and inner_end not in (",", "?", "!", "—", "–")
        and rest.lstrip()[:1] not in ("—", "–", ",")
    ):
        return []
    first = _token_at(doc, s.outer_end)
    if first is None:
        return []
    window = []
    for t in doc[first.i : first.i + 8]:
        if t.text in (".", "!", "?", "«", "“", '"', "\n", ";") or "\n" in t.text:
            break
        window.append(t)
    return window


def _attribution_after_closed(
    doc: Doc, s: QuotedSpan, cues: dict[str, str], lang: str, spans: list[QuotedSpan]
) -> tuple[Token, tuple[int, int] | None, MentionKind, float] | None:
    """'"... a legitimate claim." Amy Pope, deputy adviser, said on a call.': a quotation closed without a
    comma, then a clause with its subject before its cue, whose cue reports nothing of its own (no object, no
    clause after it), so the quotation is what it reports."""
    text = doc_text(doc)
    if text[s.outer_end : s.outer_end + 1] != " ":
        return None
    first = _token_at(doc, s.outer_end)
    if first is None:
        return None
    window = []
    for t in doc[first.i : first.i + 12]:
        if t.text in (".", "!", "?", ";", ":") or t.text in _OPENING_MARKS or "\n" in t.text:
            break
        window.append(t)
    verbs = [t for t in window if _is_cue(t, cues)]
    if len(verbs) != 1:
        return None
    verb = verbs[0]
    if any(c.dep_ in ("ccomp", "xcomp", "obj", "dobj", "parataxis") and c.i > verb.i for c in verb.children):
        return None  # the clause reports something of its own: "Pope said that ..."
    subject = _quoted_cue_subject(verb, window, spans)
    if subject is None or not valid_subject(subject, lang) or subject.i < first.i:
        return None
    mention, kind = source_mention(subject, verb, lang)
    if kind is MentionKind.NONE:
        return None
    return verb, mention, kind, 0.8


_OPENING_MARKS = frozenset(("«", "“", '"', "‘", "„"))


def _quoted_cue_subject(verb: Token, window: list[Token], spans: list[QuotedSpan]) -> Token | None:
    """The subject of a cue after a quotation, not a word inside quotation marks."""
    subject = subject_of(verb)
    if subject is not None and any(q.open <= subject.idx < q.outer_end for q in spans):
        # The parser took a quoted word as the verb's subject ('"... Full panic mode," said Leslie
        # Wimes', '..., Flynn said on “Fox and Friends.”'): the source is the phrase between the
        # marks and the verb, or else the name after the verb.
        between = [w for w in window if w.i < verb.i]
        subject = next(
            (
                w
                for w in between
                if w.pos_ in ("NOUN", "PROPN") and (w.head.i == verb.i or w.head not in between)
            ),
            None,
        )
    return subject


def _reporting_by_position(verb: Token, window: list[Token]) -> bool:
    """A verb outside the lexicon that reports a quotation by its position alone: «Esto no es una crisis»,
    ironizó el economista Pablo Rey. / "Not today," quipped Ms Lund. / "Not today," she quipped.

    Right after the closing mark and its comma, a finite verb whose only company is its subject (before or
    after it) and adjuncts has nothing to say but the quotation: it takes no object or clause of its own."""
    if not is_finite(verb) or verb.dep_ in ("aux", "cop", "aux:pass", "auxpass"):
        return False
    before = [w for w in window if w.i < verb.i and not w.is_punct]
    if before:
        # "she quipped", "Ms Lund quipped": only the subject stands between the marks and the verb.
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i < verb.i]
        if not subjects or any(w.i < subjects[0].left_edge.i for w in before) or len(before) > 4:
            return False
    return not any(
        c.dep_ in ("obj", "dobj", "ccomp", "xcomp", "csubj", "attr", "acomp", "oprd") and c.i > verb.i
        for c in verb.children
    )


def _cue_before(
    doc: Doc, s: QuotedSpan, cues: dict[str, str], lang: str
) -> tuple[Token, tuple[int, int] | None, MentionKind, float] | None:
    """'X dijo: «...»' / 'X said, "..."': a cue before the marks, ending with a colon or comma."""
    text = doc_text(doc)
    before = text[max(0, s.open - 6) : s.open].rstrip()
    last = _token_at(doc, s.open - 1, before=True)
    if last is None:
        return None
    # 'X said "..."' (no punctuation, common in English news) counts when the verb is right before the mark.
    bare_cue = _is_cue(last, cues) and last.idx + len(last.text) >= len(text[: s.open].rstrip())
    if not bare_cue and lang == "en":
        bare_cue = _cue_before_adjunct(last, cues)
    if not before or not (before[-1] in (":", ",") or re.search(r"\b(?:que|that)$", before) or bare_cue):
        return None
    lo = max(sentence_of(doc, last.i).start, last.i - 40)
    for t in reversed(doc[lo : last.i + 1]):
        if "\n" in t.text:
            break
        if _is_cue(t, cues):
            subject = subject_of(t)
            if subject is not None and not valid_subject(subject, lang):
                return None
            mention, kind = source_mention(subject, t, lang)
            if subject is None and kind is MentionKind.NONE:
                return None
            return t, mention, kind, 0.85
    return None


def _after_quotation(text: str, s: QuotedSpan, spans: list[QuotedSpan]) -> bool:
    """Whether a quotation follows another one in the same paragraph with only its attribution between
    them ("«Me sentí tranquilo», dijo Dempster. «Dormí mejor esa noche»."): a short one continues it."""
    before = [p for p in spans if p.outer_end <= s.open]
    if not before or text[s.start : s.end].isupper():
        return False  # a heading in capitals is no continuation
    gap = text[before[-1].outer_end : s.open]
    return "\n" not in gap and len(WORD.findall(gap)) <= 8


def _introduced(
    doc: Doc, s: QuotedSpan, cues: dict[str, str], lang: str
) -> tuple[Token, tuple[int, int] | None, MentionKind, float] | None:
    """A quotation standing as its own sentence right after a sentence whose reporting verb has a subject
    and nothing to report of its own: "El portavoz, Pablo Echenique, lo explica con naturalidad. «El PSOE es
    un partido monárquico»." The verb introduces the quotation as a colon would."""
    text = doc_text(doc)
    gap = text[max(0, s.open - 4) : s.open]
    if "\n" in gap or not gap.rstrip(" \t\xa0").endswith("."):
        return None
    last = _token_at(doc, s.open - 1, before=True)
    if last is None:
        return None
    sent = sentence_of(doc, last.i)
    verbs = [t for t in sent if t.dep_ == "ROOT" and _is_cue(t, cues)]
    if not verbs:
        return None
    verb = verbs[0]
    if any(c.dep_ in ("ccomp", "xcomp", "parataxis", "obj", "dobj") and c.pos_ != "PRON" for c in verb.children):
        return None  # the verb reports something of its own ("explicó que ...", "anunció el cierre")
    subject = subject_of(verb)
    if subject is None or subject.i > verb.i or not valid_subject(subject, lang):
        return None
    mention, kind = source_mention(subject, verb, lang)
    if kind is MentionKind.NONE:
        return None
    return verb, mention, kind, 0.6


def _colon_introduced(
    doc: Doc, s: QuotedSpan, lang: str
) -> tuple[Token, tuple[int, int] | None, MentionKind, float] | None:
    """A quotation after a colon that ends a clause whose verb is no listed cue: "Bolsonaro opposed Macron's
    statement: «...»", "La ministra lanzó un mensaje a los empresarios: «...»". The colon introduces the words
    as "dijo:" would; the source is the subject of the clause's main verb (a finite verb, in the paragraph)."""
    text = doc_text(doc)
    if not text[max(0, s.open - 3) : s.open].rstrip().endswith(":"):
        return None
    colon = _token_at(doc, s.open - 1, before=True)
    while colon is not None and colon.is_space and colon.i > 0:
        colon = doc[colon.i - 1]  # "Hewitt writes:\n\n«...»"
    if colon is None or colon.text != ":":
        return None
    inside = doc.char_span(s.start, s.end, alignment_mode="expand")
    if inside is None or not any(is_finite(t) for t in inside):
        return None  # a name or a title ("a long name: «Songs for the Road»"), not something said
    verb = colon.head
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") and is_finite(verb) or verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or not is_finite(verb) or verb.i > colon.i:
        return None
    if "\n" in doc[verb.i : colon.i].text:
        return None
    subject = subject_of(verb)
    if subject is not None and (
        subject.i > colon.i
        or not valid_subject(subject, lang)
        or not (can_speak(subject, lang) or person_noun(subject, lang))
    ):
        return None  # "The film is called: «...»": a title, not words someone said
    mention, kind = source_mention(subject, verb, lang)
    if kind is MentionKind.NONE or (subject is None and lang != "es"):
        return None
    return verb, mention, kind, 0.55


def _cue_before_adjunct(last: Token, cues: dict[str, str]) -> bool:
    """'Trump said on Friday "I can do it if I want."', 'Pelosi said in a statement "We are committed ..."':
    English news puts a short adjunct between the cue and the opening mark, without a comma. The words
    before the mark must all belong to adjuncts of a cue verb just before them."""
    doc = last.doc
    lo = last.i
    while lo > 0 and last.i - lo < 6 and doc[lo].dep_ in _ADJUNCT_DEPS and not doc[lo].is_punct:
        lo -= 1
    verb = doc[lo]
    if lo == last.i or not _is_cue(verb, cues):
        return False
    return all(
        doc[i].head.i == verb.i or verb.i < doc[i].head.i <= last.i for i in range(verb.i + 1, last.i + 1)
    )


_ADJUNCT_DEPS = frozenset("prep pobj npadvmod advmod det compound nummod amod poss case obl nmod".split())
