"""Reports written as a speech noun with its content clause: "his suggestion that supporters could revolt",
"Trump's assertion that Russia should hack ...", "Reid made the suggestion that ...", "su advertencia de que
habrá recortes".

The noun names a speech act: it is a reporting verb of the cue lexicon ("claim", "report", "denuncia") or
derives from one by a nominal ending ("suggestion" from "suggest", "afirmación" from "afirmar"). Its content is a
clause the noun governs, opened by a complementizer ("that", "de que"), not a relative clause ("the claim that
he made"). The source is the noun's possessor ("his", "Mr. Trump's", "su", "del ministro") or else the subject
of the verb the noun is an argument of ("Woods shared her belief", "Reid made the suggestion"); with neither
("the claim that vaccines cause autism"), no one is named and no quote is made.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Token

from quotes.doctext import sentence_of
from quotes.extractors.rules.candidates import Candidate, content_bounds
from quotes.extractors.rules.sources import SUBJECT_DEPS, owner_mention, source_mention, subject_of, valid_subject
from quotes.lexicons import cue_verbs
from quotes.models import MentionKind, QuoteKind

#: Endings that make a noun of a verb, longest first ("suggestion" <- "suggest", "declaración" <- "declarar").
_NOMINAL_ENDINGS = {
    "en": ("ation", "ition", "tion", "sion", "ment", "ence", "ance", "ion", "ing", "al"),
    "es": ("ación", "ición", "ción", "sión", "miento", "encia", "ancia", "o", "a"),
}
#: What a verb adds to the stem it shares with its noun ("afirm-ar", "advert-ir", "suggest", "accus-e").
_VERB_ENDINGS = {"en": ("", "e"), "es": ("ar", "er", "ir")}
#: Shortest verb stem a derived noun may share with its verb.
_MIN_STEM = 4


@cache
def speech_noun(lemma: str, lang: str) -> bool:
    """Whether a noun lemma names a speech act of the cue lexicon ("claim", "suggestion", "advertencia")."""
    cues = cue_verbs(lang)
    if cues.get(lemma) in ("assert", "announce", "demand"):
        return True
    for ending in _NOMINAL_ENDINGS.get(lang, ()):
        stem = lemma[: -len(ending)]
        if lemma.endswith(ending) and len(stem) >= _MIN_STEM:
            verbs = (stem + tail for tail in _VERB_ENDINGS.get(lang, ("",)))
            if any(cues.get(v) in ("assert", "announce", "demand") for v in verbs):
                return True
    return False


def noun_report_quotes(doc: Doc, lang: str) -> list[Candidate]:
    """Candidates of the speech nouns of a parsed article that govern a content clause and name a source."""
    out = []
    for noun in doc:
        if noun.pos_ != "NOUN" or not speech_noun(noun.lemma_.lower(), lang):
            continue
        clause = _content_clause(noun, lang)
        if clause is None:
            continue
        source = _source(noun, lang)
        if source is None:
            continue
        mention, kind = source
        sent = sentence_of(doc, noun.i)
        lo = clause.left_edge.i
        while lo < clause.i and (doc[lo].dep_ == "mark" or doc[lo].lower_ in ("de", "that", "que")):
            lo += 1  # the complementizer is not content
        hi = min(clause.right_edge.i, sent.end - 1)
        bounds = content_bounds(doc, lo, hi, lang)
        if bounds is None:
            continue
        cue = doc[noun.i : noun.i + 1]
        out.append(Candidate.create(bounds[0], bounds[1], QuoteKind.INDIRECT, cue, mention, kind, 0.7))
    return out


def _content_clause(noun: Token, lang: str) -> Token | None:
    """The finite clause the noun governs through a complementizer: "that" marking it ("the claim that ..."),
    or Spanish "de que" ("la advertencia de que ...")."""
    for child in noun.rights:
        if child.pos_ not in ("VERB", "AUX", "ADJ", "NOUN") or child.dep_ not in ("acl", "ccomp", "nmod", "appos"):
            continue
        marks = [m.lower_ for m in child.children if m.dep_ in ("mark", "case") and m.i < child.i]
        if lang == "en" and "that" in marks:
            return child
        if lang == "es" and "que" in marks and "de" in marks:
            return child
    return None


def _source(noun: Token, lang: str) -> tuple[tuple[int, int] | None, MentionKind] | None:
    """The possessor of the noun, or the subject of the verb it is an argument of; None when neither names
    anyone."""
    owner = owner_mention(noun, lang)  # "his suggestion that", "la advertencia del ministro de que"
    if owner is not None:
        return owner
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        noun, head = head, head.head  # "stirred controversy with an assertion that ..."
    if noun.dep_ in ("obj", "dobj", "prep") and head.pos_ in ("VERB", "AUX"):
        subject = subject_of(head)
        if subject is None or subject.dep_ not in SUBJECT_DEPS or not valid_subject(subject, lang):
            return None
        mention, kind = source_mention(subject, head, lang)
        if kind in (MentionKind.NONE, MentionKind.OTHER):
            return None
        return mention, kind
    return None
