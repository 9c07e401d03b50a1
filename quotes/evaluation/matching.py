"""Which predicted quote is which gold quote, and is its speaker (or organization) the right one? SPEC section 5.

This is the one copy of the matching rules, used by the scorer (:mod:`quotes.evaluation.score`), the
ensemble extractor (it pairs the rules' and the model's quotes by the same rule), the training of the
statistical extractor and the gold view. It imports nothing of the package but the word-list loader and the
gold records, so that any stage may use it.

* :func:`match_spans` pairs spans one-to-one: an overlap must cover over half of both spans;
  :func:`best_match` is the many-to-one variant (which gold quote does one candidate span fall on).
* :func:`normalize_name` reduces a name for comparison; :func:`speaker_matches` is the lenient speaker
  rule of the headline figure, :func:`organization_matches` the containment rule of organizations and roles.

>>> normalize_name("El Ministerio de Salud")
'ministerio de salud'
>>> match_spans([(0, 10), (20, 30)], [(2, 12), (40, 50)], min_overlap=0.5)
[(0, 0)]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence

from quotes import lexicons
from quotes.evaluation.gold import GoldQuote

#: Articles dropped from the front of a name before comparing it ("El Ministerio de Salud" is "Ministerio
#: de Salud"); the reference scorer's set (quotes/data/lexicons/common/leading_articles.txt).
LEADING_ARTICLES: frozenset[str] = lexicons.words(lexicons.COMMON, "leading_articles")

_WORD = re.compile(r"\w+")


def match_spans(
    gold_spans: Sequence[tuple[int, int]],
    pred_spans: Sequence[tuple[int, int]],
    min_overlap: float = 0.5,
) -> list[tuple[int, int]]:
    """One-to-one matching of gold and predicted spans.

    A pair qualifies when the overlap covers at least `min_overlap` of BOTH spans, so neither a short
    prediction inside a long quote nor a whole paragraph around a short one counts. Qualifying pairs are
    taken greedily by decreasing coverage (share of the gold span plus share of the predicted span); equal
    coverages go to the later gold quote, then the later prediction, the reference scorer's order.

    Args:
        gold_spans: `(start, end)` of each gold quote.
        pred_spans: `(start, end)` of each prediction.
        min_overlap: Share of each span the overlap must cover.

    Returns:
        `(gold index, prediction index)` pairs, best first.
    """
    candidates: list[tuple[float, int, int]] = []
    for gi, (gs, ge) in enumerate(gold_spans):
        for pi, (ps, pe) in enumerate(pred_spans):
            overlap = min(ge, pe) - max(gs, ps)
            if overlap <= 0:
                continue
            gold_cover = overlap / (ge - gs)
            pred_cover = overlap / max(1, pe - ps)
            if gold_cover >= min_overlap and pred_cover >= min_overlap:
                candidates.append((gold_cover + pred_cover, gi, pi))
    candidates.sort(reverse=True)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs


def best_match(span: tuple[int, int], gold_spans: Sequence[tuple[int, int]], min_overlap: float = 0.5) -> int | None:
    """Index of the gold span `span` matches under the rule of :func:`match_spans`, or None.

    Many-to-one: each span is matched on its own (the largest overlap wins, the first gold span on equal
    overlaps), so two candidate spans may fall on the same gold quote. Training labels candidates this way:
    every candidate that covers a gold quote is a positive example.
    """
    start, end = span
    best: tuple[int, int] | None = None
    for k, (gs, ge) in enumerate(gold_spans):
        overlap = min(end, ge) - max(start, gs)
        if overlap > 0 and overlap >= min_overlap * (ge - gs) and overlap >= min_overlap * (end - start):
            if best is None or overlap > best[0]:
                best = (overlap, k)
    return None if best is None else best[1]


def normalize_name(name: str | None, *, leading_articles: Collection[str] = LEADING_ARTICLES) -> str:
    """A name reduced for comparison: no accents, lowercase, words only, no leading articles.

    >>> normalize_name("  Los Ángeles Times.")
    'angeles times'
    >>> normalize_name("Moor Insights & Strategy")
    'moor insights strategy'
    """
    if not name:
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    words = _WORD.findall(bare)
    while words and words[0] in leading_articles:
        words.pop(0)
    return " ".join(words)


def _contains_either_way(a: str, b: str) -> bool:
    """One normalized name's words are a subset of the other's ("OMS" / "la OMS de Ginebra")."""
    wa, wb = set(a.split()), set(b.split())
    return wa <= wb or wb <= wa


def speaker_matches(
    predicted: str | None, gold: GoldQuote, *, leading_articles: Collection[str] = LEADING_ARTICLES
) -> bool:
    """The lenient speaker test of the headline figure (docs/evaluation.md).

    A predicted speaker is right when, normalized, it equals the gold speaker or one of its aliases; or, for
    a person, it ends with the same word (surname: "Moorhead" for "Patrick Moorhead"); or, for
    organizations and other sources, the words of one contain the other's ("Secretaría de Salud" for
    "la Secretaría de Salud de Jalisco"). A gold source left as a pronoun (`speaker_unresolved`) accepts any
    non-empty prediction. Surname and containment are tested against the gold speaker only, not aliases.

    `leading_articles`: the articles :func:`normalize_name` drops (the statistical extractor's training
    keeps its own, shorter list, so that its weights stay reproducible).
    """
    pred = normalize_name(predicted, leading_articles=leading_articles)
    if not pred:
        return False
    if gold.speaker_unresolved:
        return True
    main = normalize_name(gold.speaker, leading_articles=leading_articles)
    aliases = {normalize_name(a, leading_articles=leading_articles) for a in gold.speaker_aliases}
    if pred == main or pred in aliases:
        return True
    if gold.speaker_type == "person":
        return bool(main) and pred.split()[-1] == main.split()[-1]
    return _contains_either_way(pred, main)


def speaker_matches_strictly(predicted: str | None, gold: GoldQuote) -> bool:
    """The fullest name exactly, up to case, accents, punctuation and leading articles."""
    return normalize_name(predicted) == normalize_name(gold.speaker)


def organization_matches(predicted: str | None, gold: str | None) -> bool:
    """Same organization (or both absent), up to normalization and word containment either way.

    >>> organization_matches("Amazon Web Services", "Amazon")
    True
    >>> organization_matches(None, "Amazon")
    False
    """
    p, g = normalize_name(predicted), normalize_name(gold)
    if not p or not g:
        return p == g
    return p == g or _contains_either_way(p, g)
