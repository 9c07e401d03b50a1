"""Where does an indirect content end? A learned choice among the clause boundaries after its start.

The parse gives a content clause's right edge, but news sentences hang more on it than the report: a relative
clause on the last noun ("..., which has implications for ..."), an adverbial or participial adjunct
("..., with officials reporting ...", "..., ya que ..."), a second clause coordinated by the journalist
("... y culpó al presidente ..."), and parse errors cut the clause too early ("los marcadores ... podrían
servir ..." parsed as a noun phrase). Whether the report goes on past such a boundary is a matter of degree,
so it is learned from the gold spans rather than written as rules.

The candidate ends of a content that follows its cue are the token before each boundary of its sentence after
the content's start (a comma, semicolon, colon, dash or parenthesis; a coordinating or subordinating
conjunction; a relative pronoun), the rules' own end and the sentence's end. A linear model scores each
candidate from the grammar of the cut: the boundary word (punctuation and closed-class words only), the
relation and form of the phrase after the cut and where it attaches (to the content, to the cue, elsewhere),
and where the candidate stands relative to the rules' end. The best-scoring candidate is the content's end
(the rules' end wins a tie).

The weights are trained by :mod:`quotes.train.span_end` on gold spans (see docs/model-card.md) and stored in
`quotes/data/models/span_end/{lang}.json`; a language without weights keeps the rules' end.
"""

from __future__ import annotations

import json
from functools import cache

from spacy.tokens import Doc, Token

from quotes.doctext import doc_text, morph_values, quoted_spans, sentence_of, token_index_at
from quotes.extractors.rules.candidates import QUOTE_MARKS, is_finite, opens_attribution, trimmed
from quotes.extractors.rules.sources import SUBJECT_DEPS
from quotes.shipped import model_path

#: Punctuation that can close a content.
_BOUNDARY_PUNCT = frozenset(",;:(—–")
#: Parts of speech whose words are grammar, so their form is a feature (not open-class words).
_CLOSED = frozenset(("ADP", "CCONJ", "SCONJ", "PRON", "DET", "AUX", "PART"))
#: At most this many candidate ends after the content's start.
_MAX_CANDIDATES = 30

EndModel = dict[str, float]


@cache
def shipped_end_model(lang: str) -> EndModel | None:
    """The shipped weights for `lang` (feature -> weight), or None when the language has none."""
    path = model_path("span_end", f"{lang}.json")
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): float(v) for k, v in data["weights"].items()}


def candidate_ends(doc: Doc, lo: int, rule_hi: int) -> list[int]:
    """Token indices that could end a content starting at token `lo` whose rules' end is `rule_hi`: the token
    before each boundary of the sentence after `lo` (outside quotation marks), `rule_hi` and the sentence's
    last word, in order."""
    sent = sentence_of(doc, lo)
    last = sent.end - 1
    while last > lo and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    # A content never runs over a second attribution phrase: "..., según Y." attributes what stands before it.
    for i in range(lo + 1, last):
        if doc[i].text == "," and opens_attribution(doc, i + 1, last + 1):
            last = i - 1
            break
    quoted = [(q.open, q.outer_end) for q in quoted_spans(doc)]
    ends = {rule_hi, last} if rule_hi <= last else {rule_hi}
    for i in range(lo + 2, last + 1):
        t = doc[i]
        if any(a <= t.idx < b for a, b in quoted):
            continue
        if _is_boundary(t) and not doc[i - 1].is_punct:
            ends.add(i - 1)
    out = sorted(e for e in ends if e > lo)
    if len(out) > _MAX_CANDIDATES:
        keep = set(out[:_MAX_CANDIDATES]) | {rule_hi}
        out = sorted(keep)
    return out


def _is_boundary(t: Token) -> bool:
    if t.text in _BOUNDARY_PUNCT:
        return True
    if t.pos_ in ("CCONJ", "SCONJ") or t.dep_ in ("cc", "mark"):
        return True
    return "Rel" in morph_values(t, "PronType") or t.tag_ in ("WDT", "WP", "WP$")


def end_features(
    doc: Doc, lo: int, hi: int, rule_hi: int, cue: Token | None, ends: list[int], cues: dict[str, str]
) -> list[str]:
    """What the model sees of ending the content [lo, hi]: the grammar of the cut after `hi` (`cues`: the
    language's cue lexicon; a report after the cut is a quote of its own)."""
    sent = sentence_of(doc, lo)
    k, k_rule = ends.index(hi), ends.index(rule_hi)
    if hi == rule_hi:
        where = "rule"
    elif hi < rule_hi:
        where = f"before{min(k_rule - k, 3)}"
    else:
        where = f"after{min(k - k_rule, 3)}"
    head = _segment_head(doc, lo, hi)
    feats = ["bias", f"where={where}", f"chead={head.pos_}", f"len={_bin(hi - lo + 1)}"]
    b = hi + 1
    if b >= sent.end or all(t.is_punct or t.is_space for t in doc[b : sent.end]):
        feats += ["cut=EOS", f"cut=EOS|{where}"]
        return feats
    bword = _form(doc[b])
    feats += [f"cut={bword}", f"cut={bword}|{where}", f"rest={_bin(sent.end - b)}"]
    # How long the content is where the candidate stands, whether it already holds a finite verb before this
    # cut, and whether the rest of the sentence quotes someone's words (then the journalist's narration goes on).
    feats.append(f"len={_bin(hi - lo + 1)}|{where}")
    feats.append(f"cfin={any(is_finite(t) for t in doc[lo : hi + 1])}|{bword}")
    rest = doc.text[doc[b].idx : doc[sent.end - 1].idx + len(doc[sent.end - 1].text)]
    feats.append(f"qafter={any(c in QUOTE_MARKS for c in rest)}")
    nxt = doc[b + 1] if doc[b].is_punct and b + 1 < sent.end else doc[b]
    if nxt.i != b:
        feats += [f"next={_form(nxt)}", f"cut+next={bword}|{_form(nxt)}"]
    # The phrase after the cut, up to the next candidate end: its head and where it hangs.
    following = [e for e in ends if e > hi]
    seg_hi = following[0] if following else sent.end - 1
    r = _segment_head(doc, b, max(b, seg_hi))
    attach = _attachment(r, lo, hi, cue)
    feats += [
        f"rdep={r.dep_}",
        f"rpos={r.pos_}",
        f"attach={attach}",
        f"rdep+attach={r.dep_}|{attach}",
        f"cut+rdep={bword}|{r.dep_}",
        f"cut+attach={bword}|{attach}",
    ]
    if r.pos_ in ("VERB", "AUX"):
        feats.append(f"rfin={is_finite(r)}")
        feats.append(f"rsubj={any(c.dep_ in SUBJECT_DEPS for c in r.children)}")
        form = morph_values(r, "VerbForm")
        feats.append(f"rform={form[0] if form else r.tag_}")
        if r.lemma_.lower() in cues:
            feats += ["rcue", f"rcue|{bword}|{attach}"]
        # "sostuvo que el colapso se debe a ... y culpó a Trump": a verb after the cut in the cue's tense,
        # not the content's, is the journalist's narration going on.
        tense = _tense(r)
        if tense:
            like_cue = cue is not None and cue.pos_ in ("VERB", "AUX") and tense == _tense(cue)
            like_head = head.pos_ in ("VERB", "AUX") and tense == _tense(head)
            feats += [f"rtense={like_cue}|{like_head}", f"rtense={like_cue}|{like_head}|{bword}"]
    return feats


def _tense(verb: Token) -> str:
    """The tense and mood a finite verb shows, on itself or on its finite auxiliary ("" when none)."""
    for t in [*(c for c in verb.children if c.dep_ in ("aux", "aux:pass", "auxpass", "cop")), verb]:
        if is_finite(t):
            return "|".join(morph_values(t, "Tense") + morph_values(t, "Mood")) or t.tag_
    return ""


def _form(t: Token) -> str:
    """A token as a feature: punctuation and closed-class words as written, others by part of speech."""
    if t.is_punct:
        return t.text
    if t.pos_ in _CLOSED or t.dep_ in ("cc", "mark"):
        return f"{t.pos_}:{t.lower_}"
    return t.pos_


def _bin(n: int) -> str:
    for b in (2, 4, 8, 16, 32):
        if n <= b:
            return str(b)
    return "33+"


def _segment_head(doc: Doc, lo: int, hi: int) -> Token:
    """The token of doc[lo..hi] whose head lies outside it (the first such, the segment's root)."""
    for t in doc[lo : hi + 1]:
        if not lo <= t.head.i <= hi or t.head.i == t.i:
            if not t.is_punct:
                return t
    return doc[lo]


def _attachment(r: Token, lo: int, hi: int, cue: Token | None) -> str:
    h = r.head
    if cue is not None and r.is_ancestor(cue):
        return "governs-cue"  # the clause the report hangs on: narration again
    if h.i == r.i:
        return "root"
    if cue is not None and h.i == cue.i:
        return "cue"
    if lo <= h.i <= hi:
        return "content-head" if h.i == _segment_head(r.doc, lo, hi).i else "content"
    return "before" if h.i < lo else "after"


def score(weights: EndModel, feats: list[str]) -> float:
    return sum(weights.get(f, 0.0) for f in feats)


def refit_end(
    doc: Doc, start: int, end: int, cue_start: int | None, weights: EndModel, cues: dict[str, str]
) -> tuple[int, int]:
    """The content [start, end) with its end chosen by the model among the candidate ends."""
    text = doc_text(doc)
    lo = token_index_at(doc, start)
    rule_hi = token_index_at(doc, end - 1)
    if rule_hi <= lo:
        return start, end
    cue = doc[token_index_at(doc, cue_start)] if cue_start is not None else None
    ends = candidate_ends(doc, lo, rule_hi)
    if rule_hi not in ends:
        return start, end
    best = rule_hi
    if weights:
        best_score = score(weights, end_features(doc, lo, rule_hi, rule_hi, cue, ends, cues))
        for hi in ends:
            s = score(weights, end_features(doc, lo, hi, rule_hi, cue, ends, cues))
            if s > best_score + 1e-9:
                best, best_score = hi, s
    if best == rule_hi:
        return start, end
    new_end = trimmed(text, start, doc[best].idx + len(doc[best].text))[1]
    return (start, new_end) if new_end > start else (start, end)


__all__ = ["EndModel", "score", "candidate_ends", "end_features", "refit_end", "shipped_end_model"]
