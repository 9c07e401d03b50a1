"""Candidates from the parse, and the features the statistical extractor scores them with.

The design is the classic two-stage one of attribution work (Pareti 2016; Newell et al. 2018 for PolNeAR):

1. **Content candidates** come from the parse and the punctuation, generously, so that recall is decided
   here and precision by the classifier: every quoted segment (direct), every clausal complement of a verb
   (`ccomp`, `parataxis`, and the object of a known speech verb: indirect), and every sentence carrying an
   "according to X" / "según X" phrase. A candidate carries its cue: the verb or preposition that reports it.
2. **Mention candidates** for each content candidate: the nominal heads of the cue's sentence and of the two
   sentences before it, outside the content. A ranking model picks the speaker among them.

Features are strings hashed into a linear model. They come only from what the spaCy pipelines used at run
time give (dependency relations, POS, lemmas, morphology, entity types, punctuation, lexicon membership),
so that training and extraction see the same thing. Relations are mapped to one coarse, Universal
Dependencies-like inventory (the English pipeline uses ClearNLP labels, the Spanish one UD) so that the
*universal* feature set, which leaves out words and lemmas, transfers from English training data to
Spanish.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import partial

from attrs import define, field
from spacy.tokens import Doc, Span, Token

from quotes.doctext import doc_text

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
_CLOSE_ONLY = set("”»’")
_CONTENT_DEPS = {"ccomp", "parataxis"}
_OBJECT_DEPS = {"obj", "xcomp"}
_COMPLEMENTIZERS = {"that", "que", "whether", "if", "si", "como"}
# Relations that attach the words of a name or noun phrase to its head: the head is the mention.
_NON_HEAD_DEPS = {"compound", "flat", "det", "case", "amod", "nummod", "fixed", "punct", "cc"}
_LEFT_MODIFIERS = {"det", "amod", "compound", "nmod", "nummod", "flat", "poss", "nmod:poss"}
_SOURCE_PREPOSITIONS = {"en": ("according",), "es": ("según", "segun")}
_NOMINAL_POS = {"PROPN", "NOUN", "PRON"}
MAX_MENTIONS = 24
MAX_CONTENT_TOKENS = 300
#: Whether a quotation without a listed reporting verb nearby takes the nearest verb of its sentence as cue.
ANY_VERB_CUE = True


def ud(dep: str) -> str:
    """The coarse UD-like relation of a spaCy dependency label, in either language."""
    dep = dep.lower()
    return _UD.get(dep, dep.split(":")[0] if dep not in ("nmod:poss",) else "nmod")


def _bucket(n: int, edges: Iterable[int] = (0, 1, 2, 3, 5, 8, 12, 20, 35, 60)) -> str:
    last = 0
    for e in edges:
        if n <= e:
            return str(e)
        last = e
    return f">{last}"


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
        i = 0
        while i < len(para):
            ch = para[i]
            # Two apostrophes are a double quotation mark in some newswire (PolNeAR's New York Times text).
            width = 2 if para.startswith("''", i) else 1
            if width == 2:
                ch = '"'
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
            i += width
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


def _trim(doc: Doc, toks: list[int]) -> tuple[int, int] | None:
    """Character span of sorted token indices, without edge punctuation and leading complementizers."""
    if not toks:
        return None
    lo, hi = toks[0], toks[-1]
    while lo <= hi and (
        doc[lo].is_punct or doc[lo].is_space or doc[lo].lower_ in _COMPLEMENTIZERS and doc[lo].dep_ == "mark"
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


class CueLexicon:
    """Reporting-verb lemmas per language: the curated lexicons plus the cues seen in training data."""

    def __init__(self, lemmas: dict[str, set[str]]):
        self.lemmas = {lang: {w.lower() for w in words} for lang, words in lemmas.items()}

    def __contains__(self, item: tuple[str, str]) -> bool:
        lang, lemma = item
        return lemma.lower() in self.lemmas.get(lang, ())

    def to_json(self) -> dict[str, list[str]]:
        return {lang: sorted(words) for lang, words in self.lemmas.items()}


def _char_to_token(doc: Doc) -> list[int]:
    index = [-1] * (len(doc_text(doc)) + 1)
    for t in doc:
        for c in range(t.idx, t.idx + len(t)):
            index[c] = t.i
    last = 0
    for c in range(len(index)):
        if index[c] < 0:
            index[c] = last
        else:
            last = index[c]
    return index


def _is_cue_verb(tok: Token, lang: str, lexicon: CueLexicon) -> bool:
    return tok.pos_ in ("VERB", "AUX") and (lang, tok.lemma_) in lexicon


def _subtree_ids(tok: Token) -> list[int]:
    return sorted(t.i for t in tok.subtree)


def candidates(doc: Doc, lang: str, lexicon: CueLexicon) -> list[Candidate]:
    """Content candidates of one parsed article, in document order, with features and mentions."""
    text = doc_text(doc)
    quotes = quoted_segments(text)
    c2t = _char_to_token(doc)
    ctx = _Ctx(doc)
    in_quote = [False] * len(doc)
    for s, e in quotes:
        for i in range(c2t[s], c2t[max(s, e - 1)] + 1):
            in_quote[i] = True
    out: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    structural_cue: dict[int, int] = {}  # quoted segment -> verb whose complement it is

    def add(cand: Candidate) -> None:
        if (cand.start, cand.end) in seen or cand.end <= cand.start:
            return
        seen.add((cand.start, cand.end))
        out.append(cand)

    # Indirect: clausal complements of verbs, and the inverted "..., he said" construction.
    for v in doc:
        if v.pos_ not in ("VERB", "AUX") or in_quote[v.i]:
            continue
        is_cue = _is_cue_verb(v, lang, lexicon)
        for c in v.children:
            rel = ud(c.dep_)
            if rel in _CONTENT_DEPS or (rel in _OBJECT_DEPS and is_cue):
                toks = _subtree_ids(c)
                if len(toks) > MAX_CONTENT_TOKENS:
                    continue
                span = _trim(doc, toks)
                if span is None:
                    continue
                k = _inside(quotes, *span)
                if k is not None:
                    structural_cue.setdefault(k, v.i)
                    continue
                kind = "mixed" if any(s >= span[0] and e <= span[1] for s, e in quotes) else "indirect"
                add(
                    Candidate(
                        span[0],
                        span[1],
                        kind,
                        "clause" if rel in _CONTENT_DEPS else "object",
                        v.i,
                        v.i + 1,
                        c.i,
                    )
                )
            # "called for an investigation", "spoke about the deal": the object of the preposition.
            if is_cue and c.dep_ == "prep" and c.i > v.i:
                objs = [x for x in c.children if x.dep_ in ("pobj", "pcomp")]
                if objs and len(toks := _subtree_ids(objs[0])) <= MAX_CONTENT_TOKENS:
                    span = _trim(doc, toks)
                    if span is not None and _inside(quotes, *span) is None:
                        kind = (
                            "mixed" if any(s >= span[0] and e <= span[1] for s, e in quotes) else "indirect"
                        )
                        add(Candidate(span[0], span[1], kind, "prepobj", v.i, v.i + 1, objs[0].i))
        # "The economy is strong, he said": the cue hangs from the clause it reports.
        h = v.head
        if is_cue and h.i != v.i and ud(v.dep_) in ("parataxis", "advcl", "ccomp", "conj") and h.i < v.i:
            own = {t.i for t in v.subtree}
            toks = [t.i for t in h.subtree if t.i not in own and t.i < v.left_edge.i]
            if 0 < len(toks) <= MAX_CONTENT_TOKENS:
                span = _trim(doc, toks)
                if span is not None:
                    k = _inside(quotes, *span)
                    if k is not None:
                        structural_cue.setdefault(k, v.i)
                    else:
                        kind = (
                            "mixed" if any(s >= span[0] and e <= span[1] for s, e in quotes) else "indirect"
                        )
                        add(Candidate(span[0], span[1], kind, "inverted", v.i, v.i + 1, h.i))

    # "according to X, ...", "según X, ...": the source is the preposition's object, the content the rest.
    for t in doc:
        if t.lower_ not in _SOURCE_PREPOSITIONS.get(lang, ()) or in_quote[t.i]:
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
        sent = ctx.sent(t.i)
        rest = [x.i for x in sent if x.i not in phrase]
        before = [i for i in rest if i < min(phrase)]
        after = [i for i in rest if i > max(phrase)]
        toks = after if len(after) >= len(before) else before
        span = _trim(doc, toks)
        if span is None:
            continue
        kind = "mixed" if any(s >= span[0] and e <= span[1] for s, e in quotes) else "indirect"
        add(
            Candidate(
                span[0],
                span[1],
                kind,
                "according",
                t.i,
                cue_end,
                mention_hint=src.i if src is not None else None,
            )
        )

    # Direct: every quoted segment, with the nearest plausible cue.
    for k, (s, e) in enumerate(quotes):
        first, last = c2t[s], c2t[max(s, e - 1)]
        cue = structural_cue.get(k)
        if cue is None:
            cue = _nearest_cue(ctx, first, last, in_quote, lang, lexicon)
        add(Candidate(s, e, "direct", "quote", cue, cue + 1 if cue is not None else None))

    out.sort(key=lambda c: (c.start, c.end))
    for cand in out:
        cand.features = content_features(ctx, cand, lang, lexicon, c2t)
        cand._find_mentions = partial(mention_candidates, ctx, cand, lang, lexicon, c2t, in_quote)
    return out


def _nearest_cue(
    ctx: _Ctx, first: int, last: int, in_quote: list[bool], lang: str, lexicon: CueLexicon
) -> int | None:
    """The reporting verb of a quoted segment: in its sentence, else the sentence before or after."""
    k0, k1 = ctx.sid[first], ctx.sid[last]
    order = [k0] + ([k1] if k1 != k0 else []) + [k0 - 1, k1 + 1]
    sents = [ctx.sents[k] for k in order if 0 <= k < len(ctx.sents)]
    for sent in sents:
        best = None
        for t in sent:
            if in_quote[t.i] or not _is_cue_verb(t, lang, lexicon):
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
            if in_quote[t.i] or t.pos_ != "VERB":
                continue
            d = first - t.i if t.i < first else t.i - last
            if best is None or d < best[0]:
                best = (d, t.i)
    return best[1] if best is not None else None


def _morph(tok: Token, name: str) -> str:
    vals = tok.morph.get(name, [])
    return vals[0] if vals else "-"


def content_features(ctx: _Ctx, cand: Candidate, lang: str, lexicon: CueLexicon, c2t: list[int]) -> list[str]:
    """Features of a content candidate. Lexical ones start with `w:` (left out of the universal set)."""
    doc = ctx.doc
    text = ctx.text
    first, last = c2t[cand.start], c2t[max(cand.start, cand.end - 1)]
    span = doc[first : last + 1]
    n = len(span)
    f = [
        f"src={cand.source}",
        f"kind={cand.kind}",
        f"len={_bucket(n)}",
        f"src={cand.source}|len={_bucket(n)}",
    ]
    verbs = sum(t.pos_ in ("VERB", "AUX") for t in span)
    f.append(f"verbs={_bucket(verbs, (0, 1, 2, 4))}")
    f.append(f"src={cand.source}|hasverb={verbs > 0}")
    nsents = ctx.sid[last] - ctx.sid[first] + 1
    f.append(f"sents={_bucket(nsents, (1, 2, 3, 5))}")
    ch0 = text[cand.start]
    f.append(f"first_upper={ch0.isupper()}|src={cand.source}")
    last_ch = text[cand.end - 1]
    f.append(f"ends_punct={last_ch in '.,?!:;'}|src={cand.source}")
    before = text[max(0, cand.start - 3) : cand.start]
    after = text[cand.end : cand.end + 3]
    f.append(f"colon_before={':' in before}")
    para_start = cand.start < 2 or "\n" in text[max(0, cand.start - 2) : cand.start]
    f.append(f"para_start={para_start}|src={cand.source}")
    f.append(f"comma_after={',' in after[:2]}|src={cand.source}")
    # Titles of works and scare quotes: short, capitalized, verbless.
    words = [t for t in span if t.is_alpha]
    if words:
        caps = sum(t.text[0].isupper() for t in words) / len(words)
        f.append(f"caps={round(caps * 4) / 4}|src={cand.source}")
    ents = {t.ent_type_ for t in span if t.ent_type_}
    if n <= 4 and ents:
        f.append("short_entity")
    head = doc[cand.head] if cand.head is not None else None
    if head is not None:
        f.append(f"head_pos={head.pos_}|src={cand.source}")
        f.append(f"head_rel={ud(head.dep_)}")
        f.append(f"head_tense={_morph(head, 'Tense')}|mood={_morph(head, 'Mood')}")
        f.append(f"w:head={head.lemma_.lower()}")
        if any(ud(c.dep_) == "mark" for c in head.children):
            m = next(c for c in head.children if ud(c.dep_) == "mark")
            f.append(f"w:mark={m.lower_}")
            f.append("has_mark")
    first_tok = doc[first]
    f.append(f"w:first={first_tok.lower_}|src={cand.source}")
    f.append(f"first_pos={first_tok.pos_}|src={cand.source}")
    if cand.cue is None:
        f.append("cue=none")
    else:
        v = doc[cand.cue]
        lex = (lang, v.lemma_) in lexicon
        cue_sent_d = ctx.sent_distance(v.i, first)
        d = first - v.i if v.i < first else v.i - last
        f += [
            f"cue_lex={lex}",
            f"cue_lex={lex}|src={cand.source}",
            f"cue_pos={v.pos_}",
            f"cue_rel={ud(v.dep_)}",
            f"cue_rel={ud(v.dep_)}|src={cand.source}",
            f"cue_tense={_morph(v, 'Tense')}",
            f"cue_form={_morph(v, 'VerbForm')}",
            f"cue_person={_morph(v, 'Person')}",
            f"cue_after={v.i > last}|src={cand.source}",
            f"cue_dist={_bucket(d)}|src={cand.source}",
            f"cue_sent={cue_sent_d}|src={cand.source}",
            f"w:cue={v.lemma_.lower()}",
            f"w:cue={v.lemma_.lower()}|src={cand.source}",
            f"w:cue={v.lemma_.lower()}|kind={cand.kind}",
        ]
        children = list(v.children)
        subj = [c for c in children if ud(c.dep_) in ("nsubj", "csubj")]
        f.append(f"cue_subj={subj[0].pos_ if subj else 'none'}")
        if subj:
            f.append(f"cue_subj_ent={subj[0].ent_type_ or '-'}")
            f.append(f"w:cue_subj={subj[0].lower_}" if subj[0].pos_ == "PRON" else "cue_subj_nonpron")
        aux = [c for c in children if ud(c.dep_) == "aux"]
        for a in aux:
            f.append(f"w:cue_aux={a.lemma_.lower()}")
            f.append(f"cue_aux_mood={_morph(a, 'VerbType')}{_morph(a, 'Mood')}")
        if any(
            ud(c.dep_) == "advmod" and c.lower_ in ("not", "no", "n't", "nunca", "never") for c in children
        ):
            f.append("cue_negated")
        if any(c.dep_ == "agent" or (c.lower_ == "by" and ud(c.dep_) == "case") for c in children):
            f.append("cue_agent")
        if cand.cue_end is not None and cand.cue_end < len(doc):
            f.append(f"w:cue_next={doc[cand.cue_end].lower_}")
        if v.i > 0:
            f.append(f"w:cue_prev={doc[v.i - 1].lower_}")
        # Questions to someone, "asked whether": a question mark at the end of the sentence.
        f.append(f"sent_q={ctx.sent(v.i).text.rstrip().endswith('?')}")
    return f


class _Ctx:
    """A parsed article with its sentences indexed once (`Token.sent` recomputes them on every call)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)
        self.sents: list[Span] = list(doc.sents)
        self.sid = [0] * len(doc)
        for k, s in enumerate(self.sents):
            for i in range(s.start, s.end):
                self.sid[i] = k

    def sent(self, i: int) -> Span:
        return self.sents[self.sid[i]]

    def sent_distance(self, a: int, b: int) -> int:
        """Sentences from token `a` forward to token `b`, clipped to [-3, 3]."""
        return max(-3, min(3, self.sid[b] - self.sid[a]))


def _mention_span(doc: Doc, tok: Token) -> tuple[int, int]:
    """Character span of the phrase a nominal head stands for: its entity, else head plus modifiers."""
    if tok.ent_iob_ != "O" and tok.ent_type_:
        i, j = tok.i, tok.i
        while i > 0 and doc[i].ent_iob_ == "I":
            i -= 1
        while j + 1 < len(doc) and doc[j + 1].ent_iob_ == "I":
            j += 1
        return doc[i].idx, doc[j].idx + len(doc[j])
    lo, hi = tok.i, tok.i
    for c in tok.lefts:
        if ud(c.dep_) in _LEFT_MODIFIERS or c.dep_ in _LEFT_MODIFIERS:
            lo = min(lo, c.left_edge.i)
    for c in tok.rights:
        if ud(c.dep_) in ("flat", "compound"):
            hi = max(hi, c.right_edge.i)
    while lo < tok.i and doc[lo].is_punct:
        lo += 1
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def _mention_kind(tok: Token) -> str:
    if tok.pos_ == "PRON":
        return "pronoun"
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "PER", "ORG", "GPE", "NORP"):
        return "name"
    return "nominal"


def mention_candidates(
    ctx: _Ctx, cand: Candidate, lang: str, lexicon: CueLexicon, c2t: list[int], in_quote: list[bool]
) -> list[Mention]:
    """Possible sources of a candidate, nearest first, each with its pair features."""
    doc = ctx.doc
    first, last = c2t[cand.start], c2t[max(cand.start, cand.end - 1)]
    anchor = cand.cue if cand.cue is not None else first
    lo = ctx.sents[max(0, ctx.sid[anchor] - 2)].start
    hi = ctx.sents[ctx.sid[anchor]].end
    if cand.cue is None:
        hi = ctx.sents[min(len(ctx.sents) - 1, ctx.sid[last] + 1)].end
    pool = []
    for t in doc[lo:hi]:
        if t.pos_ not in _NOMINAL_POS or (first <= t.i <= last):
            continue
        rel = ud(t.dep_)
        if rel in _NON_HEAD_DEPS or (rel == "nmod" and t.pos_ == "PRON"):
            continue
        if t.pos_ == "PRON" and t.lower_ in (
            "it",
            "that",
            "this",
            "what",
            "which",
            "who",
            "lo",
            "que",
            "se",
            "this",
            "there",
            "me",
            "him",
            "them",
            "her",
            "us",
        ):
            continue
        pool.append(t)
    pool.sort(key=lambda t: abs(t.i - anchor))
    pool = pool[:MAX_MENTIONS]
    cue = doc[cand.cue] if cand.cue is not None else None
    subj_of_cue = _subject_of(cue) if cue is not None else None
    mentions = []
    by_kind_rank: dict[str, int] = {}
    for rank, t in enumerate(pool):
        s, e = _mention_span(doc, t)
        kind = _mention_kind(t)
        kr = by_kind_rank.get(kind, 0)
        by_kind_rank[kind] = kr + 1
        f = [
            f"pos={t.pos_}",
            f"mkind={kind}",
            f"ent={t.ent_type_ or '-'}",
            f"rank={min(rank, 6)}",
            f"krank={min(kr, 4)}|{kind}",
            f"rel={ud(t.dep_)}",
            f"src={cand.source}",
            f"sent={ctx.sent_distance(t.i, anchor)}",
            f"before={t.i < anchor}",
            f"inq={in_quote[t.i]}",
            f"w:m={t.lower_}" if kind == "pronoun" else f"number={_morph(t, 'Number')}",
        ]
        if cue is not None:
            if t.head.i == cue.i:
                r = ud(t.dep_)
                f += [f"cue_child={r}", f"cue_child={r}|{kind}"]
                if t.dep_ == "agent" or any(c.lower_ == "by" for c in t.children):
                    f.append("agent")
            if subj_of_cue is not None and t.i == subj_of_cue.i:
                f += ["subj_of_cue", f"subj_of_cue|{kind}", f"subj_of_cue|src={cand.source}"]
            if t.head.head.i == cue.i and t.head.lower_ == "by":
                f.append("agent")
            if cand.mention_hint is not None and t.i == cand.mention_hint:
                f.append("according_obj")
            f.append(f"dist={_bucket(abs(t.i - cue.i))}")
        else:
            f.append(f"nocue_dist={_bucket(abs(t.i - first))}")
        # The subject of another reporting verb nearby is the source of a quote that continues its words.
        if ud(t.dep_) == "nsubj" and _is_cue_verb(t.head, lang, lexicon):
            f.append(f"subj_of_other_cue|sent={ctx.sent_distance(t.i, anchor)}")
        if ud(t.dep_) == "appos" or any(ud(c.dep_) == "appos" for c in t.children):
            f.append("appos")
        mentions.append(Mention(t.i, s, e, kind, f))
    return mentions


def _subject_of(v: Token) -> Token | None:
    """The subject of a verb, inherited through xcomp/conj chains ("X went on to say", "X smiled and said").

    Returns:
        The subject token, or None.
    """
    for _ in range(3):
        subj = [c for c in v.children if ud(c.dep_) == "nsubj"]
        if subj:
            return subj[0]
        if ud(v.dep_) in ("xcomp", "conj", "advcl") and v.head.i != v.i:
            v = v.head
        else:
            return None
    return None


def keep(features: list[str], universal: bool) -> list[str]:
    """The features a model uses: all, or the universal ones (no words or lemmas) for cross-lingual use."""
    if not universal:
        return features
    return [f for f in features if not f.startswith("w:")]


def clean_text(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()
