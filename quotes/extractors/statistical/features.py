"""What does the statistical model see? The candidates of an article with their features, and the possible
speakers of each.

The design is the classic two-stage one of attribution work (Pareti 2016; Newell et al. 2018 for PolNeAR):

1. **Content candidates** (:mod:`~quotes.extractors.statistical.constructions`) come from the parse and the
   punctuation, generously, so that recall is decided there and precision by the classifier.
2. **Mention candidates** for each content candidate: the nominal heads of the cue's sentence and of the two
   sentences before it, outside the content. A ranking model picks the speaker among them.

Features are strings hashed into a linear model. They come only from what the spaCy pipelines used at run
time give (dependency relations, POS, lemmas, morphology, entity types, punctuation, lexicon membership),
so that training and extraction see the same thing. Relations are mapped to one coarse, Universal
Dependencies-like inventory (:func:`~quotes.extractors.statistical.constructions.ud`) so that the
*universal* feature set, which leaves out words and lemmas, transfers from English training data to
Spanish.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from functools import partial
from typing import NamedTuple

from spacy.symbols import NOUN, PRON, PROPN
from spacy.tokens import Doc, Token

from quotes.doctext import morph_values
from quotes.extractors.statistical.constructions import (
    Candidate,
    Ctx,
    CueLexicon,
    Mention,
    content_candidates,
    is_cue_verb,
    ud,
)
from quotes.lexicons import COMMON, words

# Relations that attach the words of a name or noun phrase to its head: the head is the mention.
_NON_HEAD_DEPS = {"compound", "flat", "det", "case", "amod", "nummod", "fixed", "punct", "cc"}
_LEFT_MODIFIERS = {"det", "amod", "compound", "nmod", "nummod", "flat", "poss", "nmod:poss"}
_NOMINAL_POS_IDS = frozenset({PROPN, NOUN, PRON})
MAX_MENTIONS = 24


def candidates(doc: Doc, lang: str, lexicon: CueLexicon) -> list[Candidate]:
    """Content candidates of one parsed article, in document order, with features and mentions."""
    ctx = Ctx(doc)
    out = content_candidates(ctx, lang, lexicon)
    for cand in out:
        cand.features = content_features(ctx, cand, lang, lexicon)
        cand._find_mentions = partial(mention_candidates, ctx, cand, lang, lexicon)
    return out


def keep(features: list[str], universal: bool) -> list[str]:
    """The features a model uses: all, or the universal ones (no words or lemmas) for cross-lingual use."""
    if not universal:
        return features
    return [f for f in features if not f.startswith("w:")]


def _bucket(n: int, edges: Iterable[int] = (0, 1, 2, 3, 5, 8, 12, 20, 35, 60)) -> str:
    last = 0
    for e in edges:
        if n <= e:
            return str(e)
        last = e
    return f">{last}"


def _morph(tok: Token, name: str) -> str:
    """The first value of a morphological feature, or "-"."""
    values = morph_values(tok, name)
    return values[0] if values else "-"


# --- content features -------------------------------------------------------------------------------------


def content_features(ctx: Ctx, cand: Candidate, lang: str, lexicon: CueLexicon) -> list[str]:
    """Features of a content candidate. Lexical ones start with `w:` (left out of the universal set)."""
    first, last = ctx.c2t[cand.start], ctx.c2t[max(cand.start, cand.end - 1)]
    f = _shape_features(ctx, cand, first, last)
    f += _head_features(ctx.doc, cand)
    first_tok = ctx.doc[first]
    f.append(f"w:first={first_tok.lower_}|src={cand.source}")
    f.append(f"first_pos={first_tok.pos_}|src={cand.source}")
    if cand.cue is None:
        f.append("cue=none")
    else:
        f += _cue_features(ctx, cand, ctx.doc[cand.cue], lang, lexicon, first, last)
    return f


def _shape_features(ctx: Ctx, cand: Candidate, first: int, last: int) -> list[str]:
    """How the content looks: its construction, length, verbs, sentences and the punctuation around it."""
    text = ctx.text
    span = ctx.doc[first : last + 1]
    n = len(span)
    f = [
        f"src={cand.source}",
        f"kind={cand.kind}",
        f"len={_bucket(n)}",
        f"src={cand.source}|len={_bucket(n)}",
    ]
    counts = ctx.token_counts()
    verbs = int(counts.verbs[last + 1] - counts.verbs[first])
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
    alpha = int(counts.alpha[last + 1] - counts.alpha[first])
    if alpha:
        caps = int(counts.capitalized[last + 1] - counts.capitalized[first]) / alpha
        f.append(f"caps={round(caps * 4) / 4}|src={cand.source}")
    if n <= 4 and any(t.ent_type_ for t in span):
        f.append("short_entity")
    return f


def _head_features(doc: Doc, cand: Candidate) -> list[str]:
    """The content's syntactic head: its POS, relation, tense and mood, lemma and complementizer."""
    if cand.head is None:
        return []
    head = doc[cand.head]
    f = [
        f"head_pos={head.pos_}|src={cand.source}",
        f"head_rel={ud(head.dep_)}",
        f"head_tense={_morph(head, 'Tense')}|mood={_morph(head, 'Mood')}",
        f"w:head={head.lemma_.lower()}",
    ]
    if any(ud(c.dep_) == "mark" for c in head.children):
        m = next(c for c in head.children if ud(c.dep_) == "mark")
        f.append(f"w:mark={m.lower_}")
        f.append("has_mark")
    return f


def _cue_features(
    ctx: Ctx, cand: Candidate, v: Token, lang: str, lexicon: CueLexicon, first: int, last: int
) -> list[str]:
    """The cue `v`: listed or not, its form and place, its subject, auxiliaries, negation and neighbours."""
    doc = ctx.doc
    lex = (lang, v.lemma_) in lexicon
    cue_sent_d = ctx.sent_distance(v.i, first)
    d = first - v.i if v.i < first else v.i - last
    f = [
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
    if any(ud(c.dep_) == "advmod" and c.lower_ in ("not", "no", "n't", "nunca", "never") for c in children):
        f.append("cue_negated")
    if any(c.dep_ == "agent" or (c.lower_ == "by" and ud(c.dep_) == "case") for c in children):
        f.append("cue_agent")
    if cand.cue_end is not None and cand.cue_end < len(doc):
        f.append(f"w:cue_next={doc[cand.cue_end].lower_}")
    if v.i > 0:
        f.append(f"w:cue_prev={doc[v.i - 1].lower_}")
    # Questions to someone, "asked whether": a question mark at the end of the sentence.
    f.append(f"sent_q={ctx.sent_is_question(v.i)}")
    return f


# --- mention candidates -----------------------------------------------------------------------------------


def mention_candidates(ctx: Ctx, cand: Candidate, lang: str, lexicon: CueLexicon) -> list[Mention]:
    """Possible sources of a candidate, nearest first, each with its pair features."""
    doc = ctx.doc
    first, last = ctx.c2t[cand.start], ctx.c2t[max(cand.start, cand.end - 1)]
    anchor = cand.cue if cand.cue is not None else first
    pool = _mention_pool(ctx, cand, first, last, anchor)
    cue = doc[cand.cue] if cand.cue is not None else None
    subj_of_cue = _subject_of(cue) if cue is not None else None
    mentions = []
    by_kind_rank: dict[str, int] = {}
    for rank, t in enumerate(pool):
        facts = _facts(ctx, t, lang, lexicon)
        kind = facts.kind
        kr = by_kind_rank.get(kind, 0)
        by_kind_rank[kind] = kr + 1
        f = [
            facts.pos,
            facts.mkind,
            facts.ent,
            f"rank={min(rank, 6)}",
            f"krank={min(kr, 4)}|{kind}",
            facts.rel,
            f"src={cand.source}",
            f"sent={ctx.sent_distance(t.i, anchor)}",
            f"before={t.i < anchor}",
            facts.inq,
            facts.word,
        ]
        if cue is not None:
            f += _cue_pair_features(cand, t, kind, cue, subj_of_cue)
        else:
            f.append(f"nocue_dist={_bucket(abs(t.i - first))}")
        # The subject of another reporting verb nearby is the source of a quote that continues its words.
        if facts.subject_of_cue:
            f.append(f"subj_of_other_cue|sent={ctx.sent_distance(t.i, anchor)}")
        if facts.appos:
            f.append("appos")
        mentions.append(Mention(t.i, facts.start, facts.end, kind, f))
    return mentions


class _Facts(NamedTuple):
    """What a possible source is, whichever quote it is a candidate for: found once per token and article
    (the same nominals are candidates of every quote around them)."""

    start: int
    end: int
    kind: str
    pos: str
    mkind: str
    ent: str
    rel: str
    inq: str
    word: str
    subject_of_cue: bool
    appos: bool


def _facts(ctx: Ctx, t: Token, lang: str, lexicon: CueLexicon) -> _Facts:
    found = ctx.mention_facts.get(t.i)
    if found is None:
        s, e = _mention_span(ctx.doc, t)
        kind = _mention_kind(t)
        rel = ud(t.dep_)
        found = ctx.mention_facts[t.i] = _Facts(
            s,
            e,
            kind,
            f"pos={t.pos_}",
            f"mkind={kind}",
            f"ent={t.ent_type_ or '-'}",
            f"rel={rel}",
            f"inq={ctx.in_quote[t.i]}",
            f"w:m={t.lower_}" if kind == "pronoun" else f"number={_morph(t, 'Number')}",
            rel == "nsubj" and is_cue_verb(t.head, lang, lexicon),
            rel == "appos" or any(ud(c.dep_) == "appos" for c in t.children),
        )
    return found


def _mention_pool(ctx: Ctx, cand: Candidate, first: int, last: int, anchor: int) -> list[Token]:
    """The nominal heads around the cue (its sentence and the two before it; without a cue, up to the sentence
    after the content), outside the content, nearest first."""
    lo = ctx.sents[max(0, ctx.sid[anchor] - 2)].start
    hi = ctx.sents[ctx.sid[anchor]].end
    if cand.cue is None:
        hi = ctx.sents[min(len(ctx.sents) - 1, ctx.sid[last] + 1)].end
    # Pronouns that never stand for a speaker: expletives, relatives, demonstratives, objects.
    not_sources = words(COMMON, "mention_stop_pronouns")
    pool = []
    nominals = ctx.indices_with_pos(_NOMINAL_POS_IDS)
    doc = ctx.doc
    for i in nominals[bisect_left(nominals, lo) : bisect_left(nominals, hi)]:
        if first <= i <= last:
            continue
        t = doc[i]
        rel = ud(t.dep_)
        if rel in _NON_HEAD_DEPS or (rel == "nmod" and t.pos_ == "PRON"):
            continue
        if t.pos_ == "PRON" and t.lower_ in not_sources:
            continue
        pool.append(t)
    pool.sort(key=lambda t: abs(t.i - anchor))
    return pool[:MAX_MENTIONS]


def _cue_pair_features(cand: Candidate, t: Token, kind: str, cue: Token, subj_of_cue: Token | None) -> list[str]:
    """How a possible source relates to the cue: its argument, its subject, its agent, its distance."""
    f = []
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
    return f


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
