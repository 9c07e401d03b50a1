"""Which organization does a quote's speaker belong to or speak for? Learned linking over the whole article.

The rules of :mod:`quotes.attribution.roles` read the organization written right next to a name. News also
writes it before the name ("El rector de la Universidad X, Name"), at the person's first mention, in a later
apposition, or only in the sentence that introduces the person; and a speaker written as a description names
its organization inside ("un portavoz de X"). This module gathers, for each quote with a speaker, every
candidate organization the article offers:

- the rules' own answer (kept as a candidate and as a feature);
- the article's organizations (and other non-person entities) from :mod:`quotes.attribution.entities`
  written within 120 characters of a mention of the speaker, with an acronym the article defines also in
  its full form;
- the speaker itself when it is shaped like an organization, the organization named inside a described
  source, and the organization inside the role string;
- "none" (SPEC: the field is empty when the article states no organization).

Each candidate gets binary features (where it stands relative to the speaker's mentions, what lies between,
its entity label, how often the article names it, the speaker's type ...), and a linear model scores them;
the best-scoring candidate wins, "none" included. The weights are plain numbers in
``quotes/data/models/organizations/model.json``, trained by :mod:`quotes.train.organizations` (``quotes train
--organizations``); without that file the rules' answer stays.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from pathlib import Path

import attrs
import numpy as np
from attrs import frozen
from spacy.tokens import Doc

from quotes.attribution import orgnames, person_words, roles
from quotes.attribution.acronyms import acronyms
from quotes.attribution.entities import Entity, article_entities
from quotes.doctext import doc_text
from quotes.models import Quote, SpeakerType
from quotes.nameshape import is_acronym, is_organization_name, is_person_name, strip_determiner
from quotes.shipped import model_path

#: What links organizations: (doc, the article's attributed quotes, language) -> the quotes.
OrganizationLinkerFn = Callable[[Doc, list[Quote], str], list[Quote]]

#: The name of the "no organization" candidate.
NONE = ""

_SENTENCE_END = re.compile(r"(?<=[.!?»”\"])\s+(?=[A-ZÁÉÍÓÚÑ¿¡«“\"])|\n+")
_DETERMINER = re.compile(r"^(?:el|la|los|las|the|un|una|a|an)\s+", re.IGNORECASE)
#: A name ending in an abbreviation whose period belongs to it: "S.A.", "U.S.", "Cía. S.A.".
_ABBREVIATION_END = re.compile(r"(?:^|[\s.])\w\.$")
_OF_WORDS = frozenset({"de", "del", "of", "at", "for", "en", "from", "with"})


#: Candidates kept wherever they stand: the rules' answer, the speaker itself, an organization inside the
#: speaker's description or role.
_OWN_SOURCES = ("src:rules", "src:speaker", "src:in_")
#: Distances (characters) from a speaker mention close enough for an entity to be a candidate.
_NEAR = 120
#: How far before a described speaker ("la legisladora") the person it stands for may be named.
_ANTECEDENT = 400


@frozen
class Candidate:
    """One possible organization of a quote's speaker, with its features (``NONE`` for no organization)."""

    text: str
    feats: tuple[str, ...]


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", _DETERMINER.sub("", text.strip()).lower()))


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans by punctuation (the selected parse leaves most sentences without a parse)."""
    spans, at = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((at, m.start()))
        at = m.end()
    spans.append((at, len(text)))
    return spans


def _is_word(char: str) -> bool:
    """What the regular expression ``\\w`` matches."""
    return char.isalnum() or char == "_"


def _bucket(value: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"


_Found = dict[str, tuple[str, list[str], list[tuple[int, int]]]]


@attrs.define
class _Article:
    """What every quote of one article shares: text, sentence starts, quote contents, the organizations'
    frequency rank, and the entity candidates with every place the article writes them (:func:`_article`)."""

    text: str
    sentence_starts: list[int]
    contents: list[tuple[int, int]]
    org_rank: dict[str, int]
    #: Where each string searched for is written in the text (every quote of a long article looks up the same
    #: names).
    written: dict[str, list[tuple[int, int]]] = attrs.field(factory=dict)
    #: Whether each occurrence lies inside a quote content, and whether each candidate text is a place.
    inside: dict[tuple[int, int], bool] = attrs.field(factory=dict)
    places: dict[str, bool] = attrs.field(factory=dict)
    #: The candidates every quote shares (the article's entities, the full forms of their acronyms), by
    #: normalized form; their occurrences as (start, end, key) by start; the longest occurrence.
    shared: _Found = attrs.field(factory=dict)
    index: list[tuple[int, int, str]] = attrs.field(factory=list)
    index_starts: list[int] = attrs.field(factory=list)
    longest: int = 0
    #: Where the article names persons, by start.
    persons: list[tuple[int, int]] = attrs.field(factory=list)

    def share(self, entities: Sequence[Entity], expansions: dict[str, str]) -> None:
        """Fill the shared candidates from the article's entities and its acronyms' full forms."""
        for e in entities:
            _add(self.shared, e.text, [f"src:ent_{e.label}"], [(e.start_char, e.end_char)])
            full = expansions.get(e.text)
            if full:
                _add(self.shared, full, ["src:acronym_full"], [(e.start_char, e.end_char)])
        for key, (text, feats, spans) in list(self.shared.items()):
            self.shared[key] = (text, feats, sorted(set(spans) | set(self.occurrences(text))))
        self.index = sorted((s, e, key) for key, (_, _, spans) in self.shared.items() for s, e in spans)
        self.index_starts = [s for s, _, _ in self.index]
        self.longest = max((e - s for s, e, _ in self.index), default=0)

    def near(self, mentions: list[tuple[int, int]], reach: int) -> set[str]:
        """The shared candidates written within `reach` characters of one of `mentions` (or overlapping it)."""
        keys: set[str] = set()
        for ms, me in mentions:
            i = bisect.bisect_left(self.index_starts, ms - reach - self.longest)
            while i < len(self.index) and self.index_starts[i] <= me + reach:
                s, e, key = self.index[i]
                if e >= ms - reach:
                    keys.add(key)
                i += 1
        return keys

    def in_quotation(self, span: tuple[int, int]) -> bool:
        """Whether `span` lies inside one of the article's quote contents (remembered per span)."""
        if span not in self.inside:
            self.inside[span] = any(span[0] >= a and span[1] <= b for a, b in self.contents)
        return self.inside[span]

    def occurrences(self, form: str) -> list[tuple[int, int]]:
        """Where `form` is written as a whole word sequence (no word character just before or after)."""
        if form not in self.written:
            text, found, at = self.text, [], self.text.find(form)
            while at >= 0:
                end = at + len(form)
                if not (at and _is_word(text[at - 1])) and not (end < len(text) and _is_word(text[end])):
                    found.append((at, end))
                    at = text.find(form, end)
                else:
                    at = text.find(form, at + 1)
            self.written[form] = found
        return self.written[form]

    def sentence_of(self, pos: int) -> int:
        """The index of the sentence holding `pos` (the first one for a position before every sentence)."""
        return max(bisect.bisect_right(self.sentence_starts, pos) - 1, 0)

    def is_place(self, doc: Doc, text: str, lang: str) -> bool:
        """:func:`quotes.attribution.roles.is_place`, remembered per text."""
        if text not in self.places:
            self.places[text] = roles.is_place(doc, text, lang)
        return self.places[text]


def _article(doc: Doc, quotes: Sequence[Quote], lang: str) -> _Article:
    text = doc_text(doc)
    entities = article_entities(doc, lang)
    counts: dict[str, int] = {}
    for e in entities:
        if e.label == "ORG":
            counts[_key(e.text)] = counts.get(_key(e.text), 0) + 1
    order = sorted(counts, key=lambda k: -counts[k])
    art = _Article(
        text,
        [start for start, _ in _sentences(text)],
        [(q.start, q.end) for q in quotes],
        {k: i for i, k in enumerate(order)},
    )
    art.share(entities, acronyms(doc))
    art.persons = sorted((e.start_char, e.end_char) for e in entities if e.label == "PER")
    return art


def _mentions(art: _Article, quote: Quote, lang: str) -> list[tuple[int, int]]:
    """Where the article names the speaker: its full form, its last word (persons), the mention at the cue."""
    speaker = quote.speaker or ""
    found: set[tuple[int, int]] = set()
    forms = {speaker}
    words = speaker.split()
    if quote.speaker_type is SpeakerType.PERSON and len(words) > 1 and len(words[-1]) > 2:
        forms.add(words[-1])
    for form in forms:
        if len(form) < 2:
            continue
        found.update(art.occurrences(form))
    if quote.mention_start is not None and quote.mention_end is not None:
        found.add((quote.mention_start, quote.mention_end))
    antecedent = _antecedent(art, quote, lang)
    if antecedent is not None:
        found.add(antecedent)
    return sorted(found)


def _antecedent(art: _Article, quote: Quote, lang: str) -> tuple[int, int] | None:
    """For a speaker left as a description ("la legisladora", "el morenista"), the person named last before
    it (within :data:`_ANTECEDENT` characters): the organization is usually written beside that name ("la
    diputada de Morena, Felipe Félix"). Measured by the linker's 5-fold CV (docs/entities.md)."""
    speaker = quote.speaker or ""
    if not speaker or is_person_name(speaker, _lx(lang)):
        return None
    if not (speaker[:1].islower() or strip_determiner(speaker) != speaker):
        return None
    at = quote.mention_start if quote.mention_start is not None else quote.start
    i = bisect.bisect_left(art.persons, (at, -1)) - 1
    if i >= 0 and at - art.persons[i][0] <= _ANTECEDENT:
        return art.persons[i]
    return None


_TOKEN = re.compile(r"\w+(?:['’]\w+)?|[^\w\s]")


@lru_cache(maxsize=1 << 16)
def signature(gap: str, lang: str, limit: int = 6) -> str:
    """The shape of a short stretch of text: ", director de la " -> ", ROLE OF DET"; repeats collapsed."""
    out: list[str] = []
    for tok in _TOKEN.findall(gap):
        low = tok.lower()
        if low in _OF_WORDS:
            cls = "OF"
        elif low in ("el", "la", "los", "las", "the", "a", "an", "un", "una"):
            cls = "DET"
        elif low in ("'s", "’s"):
            cls = "POSS"
        elif not tok[0].isalnum():
            cls = tok if tok in ",()" else "P"
        elif person_words.is_role_word(low, lang, by_shape=True):
            cls = "ROLE"
        elif tok[0].isupper():
            cls = "CAP"
        elif low in ("que", "that", "who", "quien", "which"):
            cls = "REL"
        else:
            cls = "w"
        if not out or out[-1] != cls:
            out.append(cls)
    return " ".join(out[:limit]) + (" +" if len(out) > limit else "")


def _between_feats(text: str, lang: str, gap: str, where: str) -> list[str]:
    """The words between a speaker mention and a candidate close to it."""
    words = gap.split()
    feats = [f"{where}:n_words={_bucket(len(words), (0, 1, 3, 6, 10))}", f"{where}:sig={signature(gap, lang)}"]
    if "," in gap:
        feats.append(f"{where}:comma")
    if any(c in gap for c in ".;:«»“”\"()"):
        feats.append(f"{where}:punct")
    lowered = [w.strip(",.;:()").lower() for w in words]
    if any(person_words.is_role_word(w, lang, by_shape=True) for w in lowered):
        feats.append(f"{where}:role_noun")
    if any(person_words.is_role_word(w, lang) for w in lowered):
        feats.append(f"{where}:listed_role")
    if lowered and lowered[-1] in _OF_WORDS | {"la", "el", "los", "las", "the"}:
        feats.append(f"{where}:of_last")
    if any(w in ("dijo", "said", "says", "afirmó", "told", "que", "that") for w in lowered):
        feats.append(f"{where}:verb_or_que")
    if where == "before" and gap.strip() in ("", "'s", "’s"):
        feats.append("before:adjacent" + ("_poss" if gap.strip() else ""))
    return feats


def _occurrence_feats(art: _Article, spans: list[tuple[int, int]], mentions: list[tuple[int, int]],
                      best: tuple[int, str, int, int] | None, quote: Quote, lang: str,
                      sentence_of_mention: dict[tuple[int, int], int]) -> list[str]:
    """Features of a candidate's occurrences relative to the speaker's mentions (`best`: their
    :func:`_nearest_pair`) and to the quote; `sentence_of_mention`: the sentence of each mention, computed
    once per quote."""
    feats: list[str] = []
    if not spans:
        return ["occ:none"]
    feats.append(f"occ:count={_bucket(len(spans), (1, 2, 4))}")
    if all(art.in_quotation(span) for span in spans):
        feats.append("occ:only_in_quotes")
    if any(s >= quote.start and e <= quote.end for s, e in spans):
        feats.append("occ:in_this_quote")
    mention_sents = {sentence_of_mention[m] for m in mentions}
    quote_sent = art.sentence_of(quote.cue_start if quote.cue_start is not None else quote.start)
    sents = {art.sentence_of(s) for s, _ in spans}
    if sents & mention_sents:
        feats.append("occ:same_sentence_as_mention")
    if quote_sent in sents:
        feats.append("occ:same_sentence_as_quote")
    if mentions:
        first_mention = mentions[0][0]
        if art.sentence_of(first_mention) in sents:
            feats.append("occ:first_mention_sentence")
        if spans[0][0] < first_mention:
            feats.append("occ:named_before_speaker")
    nearest = _near(spans, mentions)
    for s, e in spans[:1] + [sp for sp in spans[1:] if sp in nearest]:
        left = signature(art.text[max(0, s - 40) : s].split("\n")[-1], lang, 20).rstrip(" +").split()
        feats.append("left:" + " ".join(left[-3:]))
        feats.append("right:" + signature(art.text[e : e + 25].split("\n")[0], lang, 3))
    if best is not None:
        dist, where, lo, hi = best
        gap = art.text[lo:hi]
        feats.append(f"near:{where}:{_bucket(dist, (2, 10, 30, 60, 120, 300, 1000))}")
        if dist <= 120 and where != "overlap":
            feats.extend(_between_feats(art.text, lang, gap, where))
    dq = min(abs(s - quote.start) for s, _ in spans)
    feats.append(f"quote_dist={_bucket(dq, (100, 300, 1000, 3000))}")
    return feats


def _near(spans: list[tuple[int, int]], mentions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The occurrence closest to a speaker mention's start (the first of equals)."""
    if not mentions:
        return []
    starts = sorted(m[0] for m in mentions)
    best, best_dist = spans[0], -1
    for sp in spans:
        i = bisect.bisect_left(starts, sp[0])
        dist = min(abs(sp[0] - starts[j]) for j in (i - 1, i) if 0 <= j < len(starts))
        if best_dist < 0 or dist < best_dist:
            best, best_dist = sp, dist
    return [best]


def _add(found: _Found, text: str, feats: list[str],
         spans: list[tuple[int, int]]) -> None:
    text = text.strip().strip(",;:")
    if text.endswith(".") and not _ABBREVIATION_END.search(text):
        text = text.rstrip(".")
    key = _key(text)
    if not key:
        return
    if key in found:
        old = found[key]
        found[key] = (old[0], old[1] + feats, sorted(set(old[2]) | set(spans)))
    else:
        found[key] = (text, list(feats), list(spans))


def _gather(art: _Article, quote: Quote, lang: str) -> _Found:
    """Candidate organizations of one quote, by normalized form: (text, source features, occurrences)."""
    found = dict(art.shared)
    own: _Found = {}
    if quote.organization:
        _add(own, quote.organization, ["src:rules"], [])
    speaker = quote.speaker or ""
    if speaker and (quote.speaker_type is not SpeakerType.PERSON or not is_person_name(speaker, _lx(lang))):
        if is_organization_name(speaker, _lx(lang)) or quote.speaker_type is SpeakerType.ORGANIZATION:
            _add(own, speaker, ["src:speaker"], [])
        inside = roles.organization_in_phrase(speaker, lang)
        if inside and _key(inside) != _key(speaker):
            _add(own, inside, ["src:in_speaker_phrase"], [])
    if quote.role:
        split = roles.split_org_noun(quote.role, lang)
        if split is not None:
            _add(own, split[1], ["src:in_role"], [])
    for key, (text, feats, _) in own.items():
        if key in found:  # an entity too: its occurrences are already there
            old = found[key]
            found[key] = (old[0], old[1] + feats, old[2])
        else:  # written anywhere (the rules' answer and the speaker's own name too)
            found[key] = (text, feats, list(art.occurrences(text)))
    return found


def _lx(lang: str) -> str:
    return lang if lang in ("es", "en") else "en"


def _quote_feats(quote: Quote) -> list[str]:
    stype = quote.speaker_type.value if quote.speaker_type is not None else "unknown"
    return [
        f"stype={stype}",
        f"rules_org={'yes' if quote.organization else 'no'}",
        f"role={'yes' if quote.role else 'no'}",
        f"mention={quote.mention_kind.value}",
    ]


def candidates(doc: Doc, quote: Quote, lang: str, art: _Article | None = None) -> list[Candidate]:
    """Every candidate organization of `quote` (its speaker resolved), "none" first, with features.

    Each feature is given plain, with the speaker's type, and with the language prefixed
    (``es|near:before:10``), so one model serves both languages.
    """
    art = art or _article(doc, [quote], lang)
    qfeats = _quote_feats(quote)
    out = [Candidate(NONE, _finish(["none"] + [f"none&{f}" for f in qfeats], qfeats[0], lang))]
    mentions = _mentions(art, quote, lang)
    speaker_key = _key(quote.speaker or "")
    rules_key = _key(quote.organization or "")
    near = art.near(mentions, _NEAR)
    starts = [m[0] for m in mentions]
    longest = max((e - s for s, e in mentions), default=0)
    sentence_of_mention = {m: art.sentence_of(m[0]) for m in mentions}
    names = orgnames.shipped()
    for key, (text, feats, spans) in sorted(_gather(art, quote, lang).items()):
        if key == speaker_key and "src:speaker" not in feats:
            continue  # a person is not their own organization
        kept_anywhere = any(f.startswith(_OWN_SOURCES) for f in feats)
        if key not in near and not kept_anywhere:
            continue  # written nowhere near the speaker (the test below, cheaply)
        apart = _apart(mentions, starts, longest, spans)
        pair = _nearest_pair(spans, apart)
        if not kept_anywhere and (pair is None or pair[0] > _NEAR):
            # An organization the article names only far from every mention of the speaker: measured, such
            # candidates cost more than they bring (5-fold CV, docs/entities.md).
            continue
        own = sorted(set(feats))
        own += _occurrence_feats(art, spans, apart, pair, quote, lang, sentence_of_mention)
        words = key.split()
        own.append(f"n_words={_bucket(len(words), (1, 2, 4, 7))}")
        # The candidate's first and last words ("universidad", "partido", "cf"): what kind of body it names.
        own.append(f"first={words[0]}")
        own.append(f"last={words[-1]}")
        if is_acronym(text.strip()):
            own.append("shape:acronym")
        if is_organization_name(text, _lx(lang)):
            own.append("shape:org_name")
        if art.is_place(doc, text, lang):
            own.append("shape:place")
        if rules_key and (key == rules_key or set(words) <= set(rules_key.split())
                          or set(rules_key.split()) <= set(words)):
            own.append("rules:contains_or_contained")
        if speaker_key and key != speaker_key and set(words) <= set(speaker_key.split()):
            own.append("in_speaker_name")
        rank = art.org_rank.get(key)
        own.append(f"org_rank={_bucket(rank, (0, 1, 3)) if rank is not None else 'x'}")
        if names is not None:  # how much the string reads like an organization's name (CoNLL-2002-trained)
            own.append(f"orgp={names.bucket(text.strip())}")
        out.append(Candidate(text, _finish(own, qfeats[0], lang)))
    return out


def _nearest_pair(spans: list[tuple[int, int]], mentions: list[tuple[int, int]]) -> tuple[int, str, int, int] | None:
    """The nearest (occurrence, mention) pair, the first of equals: the characters between them (0 when they
    overlap), where the occurrence stands ("after" the mention, "before" it, "overlap"), and the bounds of
    the words between; None without a pair."""
    if len(spans) * len(mentions) > _VECTOR_PAIRS:
        return _nearest_pair_array(spans, mentions)
    return _nearest_pair_loop(spans, mentions)


def _nearest_pair_loop(
    spans: list[tuple[int, int]], mentions: list[tuple[int, int]]
) -> tuple[int, str, int, int] | None:
    """:func:`_nearest_pair` by a loop over every pair (cheaper than arrays for a few pairs)."""
    best: tuple[int, str, int, int] | None = None
    for s, e in spans:
        for ms, me in mentions:
            if me <= s:
                pair = (s - me, "after", me, s)
            elif e <= ms:
                pair = (ms - e, "before", e, ms)
            else:
                pair = (0, "overlap", 0, 0)
            if best is None or pair[0] < best[0]:
                best = pair
    return best


#: Above this many (occurrence, mention) pairs the nearest one is found with arrays (an interview names its
#: speaker at every answer): same pair, same order of equals.
_VECTOR_PAIRS = 256


def _nearest_pair_array(
    spans: list[tuple[int, int]], mentions: list[tuple[int, int]]
) -> tuple[int, str, int, int]:
    """:func:`_nearest_pair` over arrays: the first minimum in the loop's order (occurrences, then mentions)."""
    occ = np.asarray(spans, dtype=np.int64)
    men = np.asarray(mentions, dtype=np.int64)
    s, e = occ[:, :1], occ[:, 1:]
    ms, me = men[:, 0][None, :], men[:, 1][None, :]
    after = me <= s
    before = ~after & (e <= ms)
    dist = np.where(after, s - me, np.where(before, ms - e, 0))
    i, j = divmod(int(dist.argmin()), len(mentions))
    (so, eo), (ms_, me_) = spans[i], mentions[j]
    if after[i, j]:
        return (so - me_, "after", me_, so)
    if before[i, j]:
        return (ms_ - eo, "before", eo, ms_)
    return (0, "overlap", 0, 0)


def _apart(
    mentions: list[tuple[int, int]], starts: list[int], longest: int, spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The mentions (sorted, `starts` their starts, `longest` the longest) that overlap none of `spans`: only
    mentions starting within a mention's length before a span can overlap it, found by bisection (a long
    article's quotes ask this of thousands of candidates)."""
    hit: set[int] = set()
    for s, e in spans:
        for i in range(bisect.bisect_right(starts, s - longest), bisect.bisect_left(starts, e)):
            if mentions[i][1] > s:
                hit.add(i)
    return [m for i, m in enumerate(mentions) if i not in hit] if hit else mentions


def _finish(feats: list[str], stype: str, lang: str) -> tuple[str, ...]:
    out = set(feats)
    out.update(f"{stype}&{f}" for f in feats if not f.startswith("none&"))
    out.update(f"{lang}|{f}" for f in feats)
    return tuple(sorted(out))


# ------------------------------------------------------------------------------------------------- the model


class OrganizationLinker:
    """A linear score per candidate; the best one is the quote's organization.

    Args:
        weights: Feature string -> weight.
        meta: Training settings and figures, saved beside the weights.
    """

    def __init__(self, weights: dict[str, float], meta: dict | None = None) -> None:
        self.weights = weights
        self.meta = dict(meta or {})

    def score(self, cand: Candidate) -> float:
        return sum(self.weights.get(f, 0.0) for f in cand.feats)

    def choose(self, cands: Sequence[Candidate]) -> Candidate:
        """The best-scoring candidate (the first of equals: "none" comes first)."""
        best = cands[0]
        best_score = self.score(best)
        for cand in cands[1:]:
            s = self.score(cand)
            if s > best_score:
                best, best_score = cand, s
        return best

    def __call__(self, doc: Doc, quotes: list[Quote], lang: str) -> list[Quote]:
        """Each quote with a speaker gets the organization the model prefers (or none); a language the model
        was not shipped for (``meta["languages"]``) keeps the rules' organizations."""
        if not quotes or lang not in self.meta.get("languages", (lang,)):
            return quotes
        art = _article(doc, quotes, lang)
        out = []
        for q in quotes:
            if q.speaker:
                chosen = self.choose(candidates(doc, q, lang, art))
                q = attrs.evolve(q, organization=chosen.text or None)
            out.append(q)
        return one_per_speaker(out)

    def save(self, path: str | Path) -> None:
        """One JSON file: sorted features with weights rounded to 6 decimals, and the meta."""
        data = {"meta": self.meta, "weights": {f: round(w, 6) for f, w in sorted(self.weights.items()) if w}}
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n", "utf-8")

    @classmethod
    def load(cls, path: str | Path) -> OrganizationLinker:
        data = json.loads(Path(path).read_text("utf-8"))
        return cls({f: float(w) for f, w in data["weights"].items()}, data.get("meta"))


def one_per_speaker(quotes: list[Quote]) -> list[Quote]:
    """A speaker has one organization throughout an article (the gold files never give the same speaker two):
    the one chosen most often for the speaker's quotes, the first of equals, also for the quotes where none
    was chosen. Measured on the out-of-fold predictions of `quotes cv`: English organization accuracy 0.740
    -> 0.746, Spanish unchanged (docs/entities.md)."""
    chosen: dict[str, list[str]] = {}
    for q in quotes:
        if q.speaker and q.organization:
            chosen.setdefault(q.speaker.lower(), []).append(q.organization)
    out = []
    for q in quotes:
        orgs = chosen.get((q.speaker or "").lower())
        if orgs:
            best = max(orgs, key=lambda o: (orgs.count(o), -orgs.index(o)))
            if best != q.organization:
                q = attrs.evolve(q, organization=best)
        out.append(q)
    return out


def article_context(doc: Doc, quotes: Sequence[Quote], lang: str) -> _Article:
    """The shared per-article context of :func:`candidates` (training builds it once per article)."""
    return _article(doc, quotes, lang)


def shipped_path() -> Path:
    return model_path("organizations", "model.json")


@cache
def shipped() -> OrganizationLinker | None:
    """The shipped weights, loaded once per process; None when the package has none."""
    path = shipped_path()
    return OrganizationLinker.load(path) if path.is_file() else None


def keep_rules(doc: Doc, quotes: list[Quote], lang: str) -> list[Quote]:
    """The organizations as the rules gave them (no linking)."""
    return quotes


def default_linker(doc: Doc, quotes: list[Quote], lang: str) -> list[Quote]:
    """The shipped model when there is one, else the rules' organizations."""
    model = shipped()
    return quotes if model is None else model(doc, quotes, lang)
