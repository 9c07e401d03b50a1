"""Where could a quote be? Content candidates from the parse and the quotation marks, one generator per
construction.

Candidates are generated generously, so that recall is decided here and precision by the classifier
(:mod:`~quotes.extractors.statistical.features` gives them their features):

- every clausal complement of a verb (`ccomp`, `parataxis`), and the object of a known speech verb;
- the object of a speech verb's preposition ("called for an investigation");
- the inverted construction, "The economy is strong, he said": the clause the cue hangs from;
- every sentence carrying an "according to X" / "según X" phrase: the rest of the sentence;
- every quoted segment (direct), with the verb whose complement it is, else the nearest plausible cue.

An indirect content that contains a quotation is mixed. A candidate carries its cue: the verb or preposition
that reports it. Relations are mapped to one coarse, Universal Dependencies-like inventory (the English
pipeline uses ClearNLP labels, the Spanish one UD), so that features transfer between languages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import numpy
from attrs import define, field
from spacy.attrs import IDX, IS_ALPHA, LOWER, ORTH, POS
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span, Token

from quotes.doctext import doc_text, token_indices_with, tokens_with
from quotes.lexicons import COMMON, words, words_for

# ClearNLP (English pipeline) -> the UD-like label both languages share in the features.
_UD: dict[str, str] = {
    "dobj": "obj",
    "attr": "obj",
    "dative": "iobj",
    "nsubjpass": "nsubj",
    "csubjpass": "csubj",
    "expl:pass": "expl",
    "relcl": "acl",
    "pobj": "obl",
    "agent": "obl",
    "npadvmod": "obl",
    "prep": "case",
    "acomp": "xcomp",
    "oprd": "xcomp",
    "pcomp": "ccomp",
    "poss": "nmod",
    "neg": "advmod",
    "auxpass": "aux",
    "cop": "aux",
    "quantmod": "advmod",
    "preconj": "cc",
    "predet": "det",
    "meta": "dep",
    "intj": "dep",
    "prt": "compound",
    "nn": "compound",
}

# Opening mark -> closing marks. The straight double quote opens and closes.
_OPEN: dict[str, str] = {"“": "”", "«": "»", "„": "“”", '"': '"', "‘": "’"}
#: Every character that opens or closes a quotation, and the apostrophe (two make a double mark).
_MARK_CHARS = re.compile("[" + re.escape("".join(sorted({*_OPEN, *"".join(_OPEN.values()), "'"}))) + "]")
_CONTENT_DEPS = {"ccomp", "parataxis"}
_OBJECT_DEPS = {"obj", "xcomp"}
MAX_CONTENT_TOKENS = 300
#: Whether a quotation without a listed reporting verb nearby takes the nearest verb of its sentence as cue.
ANY_VERB_CUE = True


@cache
def ud(dep: str) -> str:
    """The coarse UD-like relation of a spaCy dependency label, in either language."""
    dep = dep.lower()
    return _UD.get(dep, dep.split(":")[0] if dep not in ("nmod:poss",) else "nmod")


def quoted_segments(text: str) -> list[tuple[int, int]]:
    """Content offsets of top-level quotations, paragraph by paragraph.

    Marks pair within a paragraph; a quotation left open at the end of a paragraph runs to the paragraph's end
    (news style reopens it on the next paragraph). Quotations inside another are ignored (SPEC: nested quotes
    are not records). A curly apostrophe inside a word (don’t) is not a closing mark.
    """
    out: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        open_at: int | None = None
        closers = ""
        after = 0  # the second apostrophe of a '' pair is no mark of its own
        # Only marks can change the state: the loop visits them alone.
        for m in _MARK_CHARS.finditer(para):
            i = m.start()
            if i < after:
                continue
            ch = para[i]
            # Two apostrophes are a double quotation mark in some newswire (PolNeAR's New York Times text).
            width = 2 if para.startswith("''", i) else 1
            if width == 2:
                ch = '"'
            elif ch == "'":
                continue
            after = i + width
            prev = para[i - 1] if i else " "
            nxt = para[i + width] if i + width < len(para) else " "
            if open_at is None:
                if ch in _OPEN and not (ch == "‘" and prev.isalnum()) and not (ch == '"' and nxt.isspace()):
                    # (a straight mark followed by a space closes something we did not see)
                    open_at, closers = i + width, _OPEN[ch]
            elif ch in closers and not (ch == "’" and nxt.isalpha() and prev.isalpha()):
                if i > open_at:
                    out.append((pos + open_at, pos + i))
                open_at = None
        if open_at is not None and len(para) - open_at > 1:
            out.append((pos + open_at, pos + len(para.rstrip())))
        pos += len(para) + 1
    return [_strip(text, s, e) for s, e in out if text[s:e].strip()]


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


@define
class Mention:
    """A possible source of a candidate quote: a nominal head and the phrase around it."""

    head: int
    start: int  # character offsets of the phrase
    end: int
    kind: str  # name | pronoun | nominal
    features: list[str] = field(factory=list)


@define
class Candidate:
    """A possible quote: content offsets, its cue and how it was found."""

    start: int
    end: int
    kind: str  # direct | indirect | mixed
    source: str  # quote | clause | inverted | object | according
    cue: int | None  # token index of the cue word
    cue_end: int | None = None  # token index past the cue phrase
    head: int | None = None  # token index of the content's syntactic head
    mention_hint: int | None = None  # token the construction names as source ("according to X")
    features: list[str] = field(factory=list)
    _mentions: list[Mention] | None = field(default=None, alias="mentions")
    _find_mentions: Callable[[], list[Mention]] | None = field(default=None, repr=False, eq=False)

    @property
    def mentions(self) -> list[Mention]:
        """Possible sources, nearest first; computed on first use (decoding needs them only for the
        candidates it keeps, a few in a hundred)."""
        if self._mentions is None:
            self._mentions = self._find_mentions() if self._find_mentions is not None else []
        return self._mentions


class CueLexicon:
    """Reporting-verb lemmas per language: the curated lexicons plus the cues seen in training data."""

    def __init__(self, lemmas: dict[str, set[str]]):
        self.lemmas = {lang: {w.lower() for w in words} for lang, words in lemmas.items()}

    def __contains__(self, item: tuple[str, str]) -> bool:
        lang, lemma = item
        return lemma.lower() in self.lemmas.get(lang, ())

    def to_json(self) -> dict[str, list[str]]:
        return {lang: sorted(words) for lang, words in self.lemmas.items()}


@define
class TokenCounts:
    """Running counts over a Doc's tokens: ``verbs[j] - verbs[i]`` is the number of verbs (VERB or AUX) among
    tokens i..j-1; likewise alphabetic tokens and the alphabetic ones whose first letter is a capital."""

    verbs: numpy.ndarray
    alpha: numpy.ndarray
    capitalized: numpy.ndarray

    @classmethod
    def of(cls, doc: Doc) -> TokenCounts:
        pos, alpha, orth = doc.to_array([POS, IS_ALPHA, ORTH]).T
        alpha = alpha.astype(bool)
        forms, inverse = numpy.unique(orth, return_inverse=True)
        strings = doc.vocab.strings
        upper = numpy.asarray([strings[int(h)][:1].isupper() for h in forms.tolist()], dtype=bool)
        capitalized = alpha & upper[inverse.reshape(-1)] if len(forms) else alpha

        def running(flags: numpy.ndarray) -> numpy.ndarray:
            return numpy.concatenate([[0], numpy.cumsum(flags, dtype="int64")])

        return cls(running(numpy.isin(pos, [VERB, AUX])), running(alpha), running(capitalized))


class Ctx:
    """A parsed article indexed once: its sentences (`Token.sent` recomputes them on every call), its
    quotations, and which token each character and each quotation falls in."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)
        self.sents: list[Span] = list(doc.sents)
        self.sid = [0] * len(doc)
        for k, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self.sid[i] = k
        self.quotes = quoted_segments(self.text)
        self.c2t = _char_to_token(doc)
        self.in_quote = [False] * len(doc)
        self._questions: dict[int, bool] = {}
        self._by_pos: dict[frozenset[int], list[int]] = {}
        self._counts: TokenCounts | None = None
        #: Per-token facts of possible sources, filled by the feature extraction (it owns their type).
        self.mention_facts: dict[int, Any] = {}
        for s, e in self.quotes:
            for i in range(self.c2t[s], self.c2t[max(s, e - 1)] + 1):
                self.in_quote[i] = True

    def sent(self, i: int) -> Span:
        return self.sents[self.sid[i]]

    def sent_is_question(self, i: int) -> bool:
        """Whether the sentence of token `i` ends with a question mark (remembered per sentence)."""
        k = self.sid[i]
        found = self._questions.get(k)
        if found is None:
            sent = self.sents[k]
            found = self._questions[k] = self.text[sent.start_char : sent.end_char].rstrip().endswith("?")
        return found

    def indices_with_pos(self, tags: frozenset[int]) -> list[int]:
        """Indices of the tokens whose part of speech is one of `tags` (symbol ids), in order (read once per
        set)."""
        found = self._by_pos.get(tags)
        if found is None:
            found = self._by_pos[tags] = token_indices_with(self.doc, POS, tags)
        return found

    def token_counts(self) -> TokenCounts:
        """Running counts of verbs, alphabetic and capitalized alphabetic tokens (computed once)."""
        if self._counts is None:
            self._counts = TokenCounts.of(self.doc)
        return self._counts

    def sent_distance(self, a: int, b: int) -> int:
        """Sentences from token `a` forward to token `b`, clipped to [-3, 3]."""
        return max(-3, min(3, self.sid[b] - self.sid[a]))

    def kind(self, span: tuple[int, int]) -> str:
        """An indirect content's kind: "mixed" when it contains a quotation."""
        return "mixed" if any(s >= span[0] and e <= span[1] for s, e in self.quotes) else "indirect"


def _char_to_token(doc: Doc) -> list[int]:
    """For each character of the text (and one past its end), the token it is in, else the last token
    before it (0 before the first)."""
    index = numpy.zeros(len(doc_text(doc)) + 1, dtype="int64")
    index[doc.to_array([IDX]).astype("int64").reshape(-1)] = numpy.arange(len(doc))
    return numpy.maximum.accumulate(index).tolist()


def _trim(doc: Doc, toks: list[int]) -> tuple[int, int] | None:
    """Character span of sorted token indices, without edge punctuation and leading complementizers."""
    if not toks:
        return None
    complementizers = words(COMMON, "content_complementizers")
    lo, hi = toks[0], toks[-1]
    while lo <= hi and (
        doc[lo].is_punct or doc[lo].is_space or doc[lo].lower_ in complementizers and doc[lo].dep_ == "mark"
    ):
        lo += 1
    while hi >= lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    if hi < lo:
        return None
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def _inside(spans: list[tuple[int, int]], s: int, e: int, frac: float = 0.8) -> int | None:
    for k, (qs, qe) in enumerate(spans):
        ov = min(e, qe) - max(s, qs)
        if ov > 0 and ov >= frac * (e - s):
            return k
    return None


def is_cue_verb(tok: Token, lang: str, lexicon: CueLexicon) -> bool:
    return tok.pos_ in ("VERB", "AUX") and (lang, tok.lemma_) in lexicon


def _subtree_ids(tok: Token) -> list[int]:
    return sorted(t.i for t in tok.subtree)


def content_candidates(ctx: Ctx, lang: str, lexicon: CueLexicon) -> list[Candidate]:
    """Content candidates of one parsed article, in document order, without features.

    Two constructions proposing the same span count once, the first in the order of the constructions.
    """
    structural_cue: dict[int, int] = {}  # quoted segment -> verb whose complement it is
    found = list(_verb_constructions(ctx, lang, lexicon, structural_cue))
    found += _according_to(ctx, lang)
    # After the verbs: a quotation that is a verb's complement takes that verb as its cue.
    found += _quotations(ctx, lang, lexicon, structural_cue)
    out: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    for cand in found:
        if (cand.start, cand.end) in seen or cand.end <= cand.start:
            continue
        seen.add((cand.start, cand.end))
        out.append(cand)
    out.sort(key=lambda c: (c.start, c.end))
    return out


def _verb_constructions(
    ctx: Ctx, lang: str, lexicon: CueLexicon, structural_cue: dict[int, int]
) -> Iterator[Candidate]:
    """Indirect: clausal complements of verbs, objects of cue verbs, and the inverted "..., he said"."""
    for v in tokens_with(ctx.doc, POS, (VERB, AUX)):
        if ctx.in_quote[v.i]:
            continue
        is_cue = is_cue_verb(v, lang, lexicon)
        for c in v.children:
            yield from _complement(ctx, v, c, is_cue, structural_cue)
            yield from _prepositional_object(ctx, v, c, is_cue)
        yield from _inverted(ctx, v, is_cue, structural_cue)


def _complement(ctx: Ctx, v: Token, c: Token, is_cue: bool, structural_cue: dict[int, int]) -> Iterator[Candidate]:
    """A clausal complement of any verb, or the object or `xcomp` of a cue verb ("urged Democrats to ...")."""
    rel = ud(c.dep_)
    if not (rel in _CONTENT_DEPS or (rel in _OBJECT_DEPS and is_cue)):
        return
    toks = _subtree_ids(c)
    if len(toks) > MAX_CONTENT_TOKENS:
        return
    source = "clause" if rel in _CONTENT_DEPS else "object"
    found = _unquoted_candidate(ctx, toks, v, c.i, source, structural_cue)
    if found is not None:
        yield found


def _unquoted_candidate(
    ctx: Ctx, toks: list[int], v: Token, head: int, source: str, structural_cue: dict[int, int]
) -> Candidate | None:
    """The candidate over `toks` (trimmed) for cue `v`; None when it trims to nothing or lies inside a
    quotation, which then only learns `v` as its structural cue."""
    span = _trim(ctx.doc, toks)
    if span is None:
        return None
    k = _inside(ctx.quotes, *span)
    if k is not None:
        structural_cue.setdefault(k, v.i)
        return None
    return Candidate(span[0], span[1], ctx.kind(span), source, v.i, v.i + 1, head)


def _prepositional_object(ctx: Ctx, v: Token, c: Token, is_cue: bool) -> Iterator[Candidate]:
    """"called for an investigation", "spoke about the deal": the object of a cue verb's preposition."""
    if not (is_cue and c.dep_ == "prep" and c.i > v.i):
        return
    objs = [x for x in c.children if x.dep_ in ("pobj", "pcomp")]
    if objs and len(toks := _subtree_ids(objs[0])) <= MAX_CONTENT_TOKENS:
        span = _trim(ctx.doc, toks)
        if span is not None and _inside(ctx.quotes, *span) is None:
            yield Candidate(span[0], span[1], ctx.kind(span), "prepobj", v.i, v.i + 1, objs[0].i)


def _inverted(ctx: Ctx, v: Token, is_cue: bool, structural_cue: dict[int, int]) -> Iterator[Candidate]:
    """"The economy is strong, he said": the cue hangs from the clause it reports."""
    h = v.head
    if not (is_cue and h.i != v.i and ud(v.dep_) in ("parataxis", "advcl", "ccomp", "conj") and h.i < v.i):
        return
    own = {t.i for t in v.subtree}
    toks = [t.i for t in h.subtree if t.i not in own and t.i < v.left_edge.i]
    if not 0 < len(toks) <= MAX_CONTENT_TOKENS:
        return
    found = _unquoted_candidate(ctx, toks, v, h.i, "inverted", structural_cue)
    if found is not None:
        yield found


def _according_to(ctx: Ctx, lang: str) -> Iterator[Candidate]:
    """"according to X, ...", "según X, ...": the source is the preposition's object, the content the rest
    of the sentence on the longer side of the phrase."""
    doc = ctx.doc
    prepositions = words_for(lang, "according_prepositions")
    for t in tokens_with(doc, LOWER, prepositions):
        if ctx.in_quote[t.i]:
            continue
        if lang == "en":
            nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
            if nxt is None or nxt.lower_ != "to":
                continue
            objs = [c for c in nxt.children if ud(c.dep_) == "obl"]
            src = objs[0] if objs else None
            phrase = {x.i for x in t.subtree} | {t.i, nxt.i}
            cue_end = nxt.i + 1
        else:
            src = t.head if t.head.i != t.i else None
            phrase = {x.i for x in src.subtree} if src is not None else {t.i}
            cue_end = t.i + 1
        rest = [x.i for x in ctx.sent(t.i) if x.i not in phrase]
        before = [i for i in rest if i < min(phrase)]
        after = [i for i in rest if i > max(phrase)]
        # A phrase inside a clause ("chips que, según Amazon, se utilizarán ..."): words before it that hang
        # from words after it begin the clause after it, so the side before is no content of its own.
        after_set = set(after)
        straddles = any(doc[i].head.i in after_set for i in before)
        span = _trim(doc, after if straddles or len(after) >= len(before) else before)
        if span is None:
            continue
        hint = src.i if src is not None else None
        yield Candidate(span[0], span[1], ctx.kind(span), "according", t.i, cue_end, mention_hint=hint)


def _quotations(
    ctx: Ctx, lang: str, lexicon: CueLexicon, structural_cue: dict[int, int]
) -> Iterator[Candidate]:
    """Direct: every quoted segment, with the verb whose complement it is, else the nearest plausible cue."""
    for k, (s, e) in enumerate(ctx.quotes):
        first, last = ctx.c2t[s], ctx.c2t[max(s, e - 1)]
        cue = structural_cue.get(k)
        if cue is None:
            cue = _nearest_cue(ctx, first, last, lang, lexicon)
        yield Candidate(s, e, "direct", "quote", cue, cue + 1 if cue is not None else None)


def _nearest_cue(ctx: Ctx, first: int, last: int, lang: str, lexicon: CueLexicon) -> int | None:
    """The reporting verb of a quoted segment: in its sentence, else the sentence before or after."""
    k0, k1 = ctx.sid[first], ctx.sid[last]
    order = [k0] + ([k1] if k1 != k0 else []) + [k0 - 1, k1 + 1]
    sents = [ctx.sents[k] for k in order if 0 <= k < len(ctx.sents)]
    for sent in sents:
        best = None
        for t in sent:
            if ctx.in_quote[t.i] or not is_cue_verb(t, lang, lexicon):
                continue
            d = first - t.i if t.i < first else t.i - last
            if best is None or d < best[0]:
                best = (d, t.i)
        if best is not None:
            return best[1]
    if not ANY_VERB_CUE:
        return None
    # No listed verb: the nearest verb of the quotation's own sentence, the lexicon then only a feature
    # (`cue_lex=False`). '"Es una vergüenza", lamentó la alcaldesa' has a cue the lists may lack.
    best = None
    for sent in sents[: 1 if k1 == k0 else 2]:
        for t in sent:
            if ctx.in_quote[t.i] or t.pos_ != "VERB":
                continue
            d = first - t.i if t.i < first else t.i - last
            if best is None or d < best[0]:
                best = (d, t.i)
    return best[1] if best is not None else None
