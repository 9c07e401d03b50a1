"""A learned choice among the candidate speakers of a quote whose source is not written as a name.

A pronoun ("She added"), a dropped subject ("Añade que ...") or a quotation without a cue gets its speaker from
the context, and the context often holds several persons: the previous quote's speaker, a person named as the
subject since, a person named inside a parenthesis or a quotation. :func:`candidates` lists them, each with
features (how far back, in which role it was named, whether it agrees with the pronoun, whether it was the
rules' own choice ...), and a :class:`LinearRanker` scores them with weights learned from the annotated articles
(`quotes train --speakers`, :mod:`quotes.train.speakers`; docs/model-card.md). The rules keep the quotes whose
source is written as a name or a description; the same weights, under features of their own (``d|``), also
decide whether a description stands for a named speaker (:mod:`quotes.attribution.descriptions`).

The weights are a JSON object `{"weights": {feature: weight}}` under `quotes/data/models/speakers/`; without
it, the rules' choice stands.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Sequence
from typing import Protocol

import attrs
from spacy.tokens import Doc

from quotes.attribution.entities import Entity
from quotes.attribution.linear import LinearWeights
from quotes.attribution.names import ArticleNames, Speaker, named, norm, norm_prefix
from quotes.doctext import doc_text, sentence_start_chars
from quotes.lexicons import COMMON, DOCUMENT_NOUNS
from quotes.lexicons import table as lexicon_table
from quotes.models import MentionKind, Quote, SpeakerType
from quotes.nameshape import name_sex
from quotes.shipped import model_path

#: Where the shipped weights live.
MODEL_PATH = model_path("speakers", "ranker.json")

#: The mention kinds whose speaker the ranker chooses: the source is not written as a name at the cue.
RANKED_KINDS = (MentionKind.DROPPED, MentionKind.PRONOUN, MentionKind.NONE)

# How far back (characters) a candidate may have been named, and how many of each source are kept.
_WINDOW = 1500
_PER_SOURCE = 4

_PRONOUN_FORMS: dict[str, str] = {row[0]: row[1] for row in lexicon_table(COMMON, "pronoun_forms")}


@attrs.frozen
class Candidate:
    """A possible speaker and the features that describe it relative to the quote."""

    speaker: Speaker
    features: tuple[str, ...]


class SpeakerRanker(Protocol):
    """Chooses one of the candidates (an index), given the quote they compete for."""

    def choose(self, quote: Quote, candidates: Sequence[Candidate], lang: str) -> int: ...


@attrs.frozen
class LinearRanker(LinearWeights):
    """A linear score over the candidates' features; the highest scoring candidate wins (the first on ties)."""

    def score(self, candidate: Candidate) -> float:
        return sum(self.weights.get(f, 0.0) for f in candidate.features)

    def choose(self, quote: Quote, candidates: Sequence[Candidate], lang: str) -> int:
        scores = [self.score(c) for c in candidates]
        return max(range(len(candidates)), key=lambda i: (scores[i], -i))


class RulesChoice:
    """The rules' own choice (the candidate marked `rules`): the behaviour without a learned model."""

    def choose(self, quote: Quote, candidates: Sequence[Candidate], lang: str) -> int:
        return next((i for i, c in enumerate(candidates) if "src=rules" in c.features), 0)


@functools.cache
def default_ranker() -> SpeakerRanker:
    """The shipped ranker, or the rules' choice when no weights are shipped."""
    if MODEL_PATH.exists():
        return LinearRanker.load(MODEL_PATH)
    return RulesChoice()


def _bucket(value: float, edges: Sequence[float]) -> int:
    return bisect.bisect_right(list(edges), value)


@attrs.define
class _Draft:
    speaker: Speaker
    pos: int
    sources: set[str] = attrs.field(factory=set)


def _position(q: Quote) -> int:
    for at in (q.mention_start, q.cue_start):
        if at is not None:
            return at
    return q.start


def _gather(
    doc: Doc, quote: Quote, rules: Speaker | None, earlier: Sequence[Quote], table: ArticleNames, anchor: int
) -> list[_Draft]:
    """The candidates of the article, newest first within each source, merged by name."""
    drafts: dict[str, _Draft] = {}

    def add(speaker: Speaker, pos: int, source: str) -> None:
        if not speaker.name.strip():
            return
        draft = drafts.setdefault(_key(speaker), _Draft(speaker, -1))
        if pos >= 0 and (draft.pos < 0 or draft.pos < pos <= anchor):
            draft.pos = pos
        draft.sources.add(source)

    if rules is not None:
        add(rules, -1, "rules")
    seen: list[str] = []
    for q in reversed(earlier):
        if q.speaker is None or anchor - _position(q) > _WINDOW:
            continue
        key = norm(q.speaker)
        if key in seen:
            continue
        seen.append(key)
        if len(seen) > _PER_SOURCE:
            break
        add(Speaker.of(q), _position(q), f"prevq{min(len(seen) - 1, 2)}")
        if q.mention_kind in (MentionKind.NAME, MentionKind.NOMINAL) and len(seen) == 1:
            add(Speaker.of(q), _position(q), "lastwritten")
    subjects = [(p, e) for p, e in table.subjects if p < anchor and anchor - p < _WINDOW][-_PER_SOURCE:]
    for rank, (pos, e) in enumerate(reversed(subjects)):
        add(entity_speaker(doc, e, table), pos, f"subj{min(rank, 2)}")
    for label, tag in (("PER", "per"), ("ORG", "org")):
        named_before = [
            e for e in table.ents if e.label == label and e.end_char <= anchor and anchor - e.start_char < _WINDOW
        ]
        for rank, e in enumerate(reversed(named_before[-_PER_SOURCE:])):
            add(entity_speaker(doc, e, table), e.start_char, f"{tag}{min(rank, 2)}")
    for draft in drafts.values():
        if draft.pos < 0:
            # Only the rules found it (a subject after the cue, a source introduced next): where it is named.
            draft.pos = _named_at(doc_text(doc), draft.speaker.name, anchor)
    return list(drafts.values())


def _named_at(text: str, name: str, anchor: int) -> int:
    """The last place before `anchor` where the name's last word is written, else the first after it."""
    last = name.split()[-1]
    before = text.rfind(last, 0, anchor)
    if before >= 0:
        return before
    after = text.find(last, anchor)
    return after if after >= 0 else anchor


def _key(speaker: Speaker) -> str:
    """Candidates merge by name; persons by surname ("Councillor Omar Haddad" is "Omar Haddad"), as the
    scorer compares them."""
    words = norm(speaker.name).split()
    if speaker.type is SpeakerType.PERSON and words:
        return "person:" + words[-1]
    return " ".join(words)


def entity_speaker(doc: Doc, e: Entity, table: ArticleNames) -> Speaker:
    """The speaker an entity names (once per entity and article: each quote's candidates read it again)."""
    found = table.entity_speakers.get(e)
    if found is None:
        if e.label == "ORG":
            found = Speaker.organization_named(e.text)
        else:
            found = named(doc, table.fullest(e.text, at=e.start_char), table, e.start_char, e.end_char)
        table.entity_speakers[e] = found
    return found


def candidates(
    doc: Doc,
    quote: Quote,
    rules: Speaker | None,
    earlier: Sequence[Quote],
    table: ArticleNames,
    lang: str,
    *,
    plural_cue: bool = False,
) -> list[Candidate]:
    """The candidate speakers of `quote` with their features; `rules` is the rules' own choice."""
    anchor = _position(quote)
    text = doc_text(doc)
    drafts = _gather(doc, quote, rules, earlier, table, anchor)
    contents = [(q.start, q.end) for q in earlier]
    sent_starts = sentence_start_chars(doc)
    kind = quote.mention_kind.value
    form = _form(quote)
    before = norm_prefix(doc, anchor)
    mentions = [_mentions(before, d.speaker.name) for d in drafts]
    quoted = [sum(1 for q in earlier if q.speaker and norm(q.speaker) == norm(d.speaker.name)) for d in drafts]
    first = [_first_named(before, d.speaker.name) for d in drafts]
    persons = [d.pos for d in drafts if d.speaker.type is SpeakerType.PERSON and d.pos <= anchor]
    out = []
    for i, d in enumerate(drafts):
        feats = _features(d, anchor, text, sent_starts, contents, form, plural_cue, lang)
        feats += [f"count={_bucket(mentions[i], (1, 2, 3, 5))}", f"quoted={_bucket(quoted[i], (1, 2, 3, 6))}"]
        # Relative to the other candidates: the most named, the most quoted, the first named, the nearest person.
        if mentions[i] and mentions[i] == max(mentions):
            feats.append("most_named")
        if quoted[i] and quoted[i] == max(quoted):
            feats.append("most_quoted")
        if first[i] >= 0 and first[i] == min(f for f in first if f >= 0):
            feats.append("first_named")
        if persons and d.pos == max(persons) and d.speaker.type is SpeakerType.PERSON:
            feats.append("nearest_person")
        # Each feature also by the kind of mention: a pronoun and a dropped subject weigh distance differently.
        out.append(Candidate(d.speaker, tuple(feats + [f"{f}|kind={kind}" for f in feats])))
    return out


def _form(quote: Quote) -> str | None:
    """The gender or number a pronoun tells: "she", "ellos"."""
    if quote.mention_kind is MentionKind.PRONOUN:
        return _PRONOUN_FORMS.get((quote.mention or "").strip().lower())
    return None


def _postposed(quote: Quote) -> bool:
    return quote.cue_start is not None and quote.cue_start >= quote.end


def _features(
    d: _Draft,
    anchor: int,
    text: str,
    sent_starts: list[int],
    contents: list[tuple[int, int]],
    form: str | None,
    plural_cue: bool,
    lang: str,
) -> list[str]:
    feats = ["bias"] + sorted(f"src={s}" for s in d.sources)
    after = d.pos > anchor
    distance = abs(anchor - d.pos)
    feats.append(f"after={after}")
    feats.append(f"chars={_bucket(math.log2(1 + distance / 50), (0.5, 1.5, 2.5, 3.5, 4.5))}")
    lo, hi = sorted((d.pos, anchor))
    feats.append(f"paras={min(text.count(chr(10), lo, hi), 3)}")
    sents = bisect.bisect_right(sent_starts, hi) - bisect.bisect_right(sent_starts, lo)
    feats.append(f"sents={min(sents, 4)}")
    stype = d.speaker.type.value if d.speaker.type is not None else "none"
    feats.append(f"type={stype}")
    words = norm(d.speaker.name).split()
    if words and (set(words[:2]) & DOCUMENT_NOUNS.get(lang, frozenset())):
        feats.append("document")
    if stype == "other" and words and words[0] in ("el", "la", "the", "los", "las"):
        feats.append("description")
    if _inside_parentheses(text, d.pos):
        feats.append("parenthesis")
    if any(s <= d.pos < e for s, e in contents):
        feats.append("in_quote")
    if len(d.speaker.name.split()) >= 2:
        feats.append("multiword")
    feats.append(f"agree={_agreement(d.speaker, form, plural_cue, lang)}")
    return feats


def _surname(name: str) -> str:
    words = norm(name).split()
    return words[-1] if words and len(words[-1]) > 2 else ""


def _mentions(before: str, name: str) -> int:
    """How often the name's last word is written before the quote (a speaker in focus is named often)."""
    surname = _surname(name)
    return before.count(surname) if surname else 0


def _first_named(before: str, name: str) -> int:
    surname = _surname(name)
    return before.find(surname) if surname else -1


def _inside_parentheses(text: str, pos: int) -> bool:
    before = text[max(0, text.rfind("\n", 0, pos)) : pos]
    return before.count("(") > before.count(")")


def _agreement(speaker: Speaker, form: str | None, plural_cue: bool, lang: str) -> str:
    """How the candidate agrees with the pronoun's gender and number, or with the verb's number."""
    person = speaker.type is SpeakerType.PERSON
    if form in ("m", "f"):
        if not person:
            return "no"
        sex = name_sex(speaker.name, lang)
        return "unknown" if sex is None else ("yes" if sex == form else "no")
    if form in ("pl", "it"):
        return "no" if person else "yes"
    if plural_cue:
        return "no" if person else "yes"
    return "person" if person else "nonperson"
