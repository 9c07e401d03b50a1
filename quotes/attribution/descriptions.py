"""Which named speaker does a description stand for? "El sindicato" for CCOO, "la responsable ministerial" for
Elvira Rodríguez.

News names a source once and then describes it: "el ministro", "la organización", "the senator", "El
entrenador andaluz". The rules of :mod:`quotes.attribution.nominals` resolve the shapes they know (an office
the article states, an organization last named as a subject); every other description stays the speaker as
written. The scorer accepts a description the annotators list among the speaker's aliases, but the
organization, the strict speaker figure and the later quotes that continue it need the name.

For each quote whose resolved speaker is still a description (a nominal or other mention), :func:`candidates`
lists the named speakers of the context (the speaker ranker's candidates: earlier quotes' speakers, subjects,
persons and organizations named before) after a first candidate that keeps the description. Every feature is
prefixed ``d|`` so that the same :class:`~quotes.attribution.ranking.LinearRanker` holds the weights of both
decisions, trained together by :mod:`quotes.train.speakers`; without ``d|`` weights every candidate scores
zero and the first one, the description, stays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc

from quotes.attribution import ranking
from quotes.attribution.names import ArticleNames, Speaker, norm, norm_prefix
from quotes.attribution.nominals import nominal_type
from quotes.doctext import morph_values
from quotes.models import MentionKind, Quote, SpeakerType
from quotes.nameshape import DETERMINERS

#: The mention kinds whose description may stand for a named speaker.
DESCRIBED_KINDS = (MentionKind.NOMINAL, MentionKind.OTHER)

#: The feature every candidate of this decision carries first: the ranker tells the two decisions apart by it.
PREFIX = "d|"
KEEP = PREFIX + "keep"

_DEFINITE = frozenset({"el", "la", "the", "this", "that", "este", "esta", "ese", "esa", "dicho", "dicha"})
_DEFINITE_PLURAL = frozenset({"los", "las", "these", "those", "estos", "estas", "esos", "esas"})
_INDEFINITE = frozenset({"un", "una", "unos", "unas", "a", "an"})
_LEADING = DETERMINERS | _DEFINITE | _DEFINITE_PLURAL
#: How near (characters) the description's head noun must be written to a mention of a candidate.
_NEAR = 80


def keeps(features: Sequence[str]) -> bool:
    """Whether a candidate's features are those of the description itself: the first candidate of this
    decision, by which a group of candidates is told to be one of this decision's."""
    return tuple(features[:1]) == (KEEP,)


def is_description(name: str | None) -> bool:
    """A source written as a common noun phrase ("el sindicato", "fuentes oficiales"), not as a name."""
    words = (name or "").split()
    if not words:
        return False
    if words[0].lower() in _LEADING:
        return True
    return words[0][:1].islower()


def described(quote: Quote, speaker: Speaker | None) -> bool:
    """Whether the quote's speaker, as resolved by the rules, is still a description of its mention."""
    return quote.mention_kind in DESCRIBED_KINDS and speaker is not None and is_description(speaker.name)


def _determiner(name: str) -> str:
    first = name.split()[0].lower()
    if first in _DEFINITE:
        return "def"
    if first in _DEFINITE_PLURAL:
        return "defpl"
    if first in _INDEFINITE:
        return "indef"
    return "bare"


def _head(doc: Doc, quote: Quote, name: str) -> tuple[str, bool]:
    """The description's head noun (lower case, no accents) and whether it is plural."""
    if quote.mention_start is not None and quote.mention_end is not None:
        span = doc.char_span(quote.mention_start, quote.mention_end, alignment_mode="expand")
        if span is not None and len(span):
            root = span.root
            plural = morph_values(root, "Number") == ["Plur"] or root.tag_ in ("NNS", "NNPS")
            return norm(root.text), plural
    words = [w for w in name.split() if w.lower() not in DETERMINERS]
    return (norm(words[0]) if words else ""), False


def _written_near(before: str, name: str, head: str) -> bool:
    """Whether the head noun is written within a few words of a mention of the name ("CCOO ... el sindicato",
    "Elvira Rodríguez, responsable ministerial")."""
    if len(head) < 3:
        return False
    last = norm(name).split()[-1] if name.split() else ""
    if len(last) < 2:
        return False
    for m in re.finditer(re.escape(last), before):
        if head in before[max(0, m.start() - _NEAR) : m.end() + _NEAR]:
            return True
    return False


def _inside(doc: Doc, quote: Quote, table: ArticleNames) -> list[ranking.Candidate]:
    """The persons and organizations the article names inside the description's own words."""
    if quote.mention_start is None or quote.mention_end is None:
        return []
    out = []
    for e in table.ents:
        if e.label in ("PER", "ORG") and quote.mention_start <= e.start_char and e.end_char <= quote.mention_end:
            out.append(ranking.Candidate(ranking.entity_speaker(doc, e, table), ("src=inside",)))
    return out


def candidates(
    doc: Doc, quote: Quote, speaker: Speaker, earlier: Sequence[Quote], table: ArticleNames, lang: str
) -> list[ranking.Candidate]:
    """The description itself (first) and the named speakers of the context it may stand for."""
    name = speaker.name
    det = _determiner(name)
    head, plural = _head(doc, quote, name)
    klass = nominal_type(name, lang)
    capitalized = any(w[:1].isupper() for w in name.split()[1:])
    kind = quote.mention_kind.value
    named = [
        c
        for c in ranking.candidates(doc, quote, None, earlier, table, lang)
        if not is_description(c.speaker.name) and norm(c.speaker.name) not in norm(name)
    ]
    # Names written inside the description: "la vocera de la Casa Blanca Sarah Huckabee Sanders" (the person
    # is the speaker), "un portavoz de la OMS" (the organization is not).
    inside = _inside(doc, quote, table)
    seen = {norm(c.speaker.name) for c in named}
    named += [c for c in inside if norm(c.speaker.name) not in seen]
    inner = {norm(c.speaker.name) for c in inside}
    keep = [f"det={det}", f"class={klass}", f"plural={plural}", f"cap={capitalized}", f"kind={kind}", f"head={head}"]
    keep.append(f"others={min(len(named), 3)}")
    out = [ranking.Candidate(speaker, (KEEP,) + tuple(PREFIX + "keep|" + f for f in keep))]
    anchor = quote.mention_start if quote.mention_start is not None else quote.start
    before = norm_prefix(doc, anchor)
    for c in named:
        ctype = c.speaker.type.value if c.speaker.type is not None else "none"
        own = [f"class={klass}|type={ctype}", f"det={det}|type={ctype}", f"plural={plural}|type={ctype}"]
        own.append(f"head={head}|type={ctype}")
        if c.speaker.role and head and head in norm(c.speaker.role):
            own.append("role_has_head")
        if _written_near(before, c.speaker.name, head):
            own.append(f"head_near|type={ctype}")
        if c.speaker.type is SpeakerType.PERSON and klass == "person" and not plural:
            own.append("person_for_person")
        if norm(c.speaker.name) in inner:
            own.append(f"inside|type={ctype}")
        feats = tuple(PREFIX + f for f in c.features) + tuple(PREFIX + f for f in own)
        out.append(ranking.Candidate(c.speaker, feats))
    return out
