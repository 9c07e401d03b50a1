"""The rule-based extractor: the construction families run in order, then merged (SPEC section 3).

Indirect, "según X" and "Para X" candidates come first; quotation marks then decide which of them are mixed
or direct, the quotations left are attributed on their own, and quotes nested in another quote's content go.
"""

from __future__ import annotations

import attrs
from spacy.tokens import Doc

from quotes.doctext import doc_text, quoted_spans
from quotes.extractors.registry import register
from quotes.extractors.rules.according import (
    according_to_quotes,
    as_reported_quotes,
    opinion_holder_quotes,
    possessive_opinion_quotes,
    thus_said_quotes,
)
from quotes.extractors.rules.candidates import Candidate
from quotes.extractors.rules.direct import against_quotations, direct_quotes
from quotes.extractors.rules.ends import EndModel, refit_end, shipped_end_model
from quotes.extractors.rules.headline import headline_quotes, labelled_quotes
from quotes.extractors.rules.indirect import indirect_quotes
from quotes.extractors.rules.nouns import noun_report_quotes
from quotes.extractors.rules.transcript import transcript_quotes
from quotes.lexicons import cue_verbs
from quotes.models import Article, Quote, QuoteKind


class RuleExtractor:
    """The rule-based extractor (registered as "rules").

    Args:
        end_weights: Per-language weights of the content-end model (:mod:`~quotes.extractors.rules.ends`);
            a language missing here uses the shipped weights, an empty mapping keeps the rules' ends.
    """

    name = "rules"

    def __init__(self, end_weights: dict[str, EndModel] | None = None):
        self._end_weights = end_weights or {}

    def clause_candidates(self, doc: Doc, lang: str) -> list[Candidate]:
        """The indirect, "según X" and "Para X" candidates, decided against the quotation marks, with the
        rules' own content ends."""
        cues = cue_verbs(lang)
        found: list[Candidate] = []
        found += indirect_quotes(doc, cues, lang)
        found += according_to_quotes(doc, lang)
        found += as_reported_quotes(doc, cues, lang)
        found += opinion_holder_quotes(doc, lang)
        found += possessive_opinion_quotes(doc, lang)
        # "Así lo explicó X" only where no other rule reads the sentence before ("Según el INE, ...").
        pointed = thus_said_quotes(doc, cues, lang)
        found += _unclaimed(pointed, found)
        return against_quotations(found, [s for s in quoted_spans(doc) if s.depth == 0], doc)

    def __call__(self, doc: Doc, article: Article, lang: str) -> list[Quote]:
        text = doc_text(doc)
        spans = [s for s in quoted_spans(doc) if s.depth == 0]
        cues = cue_verbs(lang)
        found = self.clause_candidates(doc, lang)
        weights = self._end_weights.get(lang, shipped_end_model(lang))
        if weights:
            found = [_refit(doc, c, weights, cues) for c in found]
        # "his suggestion that ...": the clause the noun governs ends the content, as parsed.
        nouns = against_quotations(noun_report_quotes(doc, lang), spans, doc)
        found += _unclaimed(nouns, found)
        found += direct_quotes(doc, spans, cues, lang, found)
        found += headline_quotes(doc)
        labelled = labelled_quotes(doc, lang)
        found = [_labelled_source(c, labelled) for c in found]
        found += _unclaimed(labelled, found)
        # An interview's answers first: what they hold is quoted inside them (SPEC section 3).
        found = _drop_nested(transcript_quotes(doc) + found)
        return [c.to_quote(article.id, text) for c in sorted(found, key=lambda c: (c.start, c.end))]


@register("rules")
def _factory() -> RuleExtractor:
    return RuleExtractor()


def _labelled_source(c: Candidate, labelled: list[Candidate]) -> Candidate:
    """A quotation with no source of its own inside a "Source: ..." line takes the label as its source: "Ted
    Cruz: 'Physically assaulting a reporter is a fireable offense.'", "Roberto Palazuelos: 'Conmigo no se
    meta'"."""
    if c.kind is not QuoteKind.DIRECT or c.mention is not None or c.cue is not None:
        return c
    label = next((x for x in labelled if x.start <= c.start and c.end <= x.end), None)
    if label is None:
        return c
    return attrs.evolve(c, mention=label.mention, mention_kind=label.mention_kind)


def _unclaimed(new: list[Candidate], found: list[Candidate]) -> list[Candidate]:
    """The candidates of `new` that overlap none of `found` (a weaker rule only reads what no other read)."""
    return [c for c in new if not any(c.start < f.end and f.start < c.end for f in found)]


def _refit(doc: Doc, c: Candidate, weights: EndModel, cues: dict[str, str]) -> Candidate:
    """A content that follows its cue, with its end chosen by the learned model."""
    if c.kind is QuoteKind.DIRECT or c.cue_end is None or c.cue_end > c.start:
        return c
    start, end = refit_end(doc, c.start, c.end, c.cue_start, weights, cues)
    if end == c.end:
        return c
    kind = c.kind
    if kind is QuoteKind.MIXED and not any(
        c.start <= s.start and s.end <= end + 1 for s in quoted_spans(doc) if s.depth == 0
    ):
        kind = QuoteKind.INDIRECT  # cut before its quotation: no longer mixed
    return attrs.evolve(c, end=end, kind=kind)


def _drop_nested(found: list[Candidate]) -> list[Candidate]:
    """Quotes inside another quote's content are not quotes (SPEC section 3); exact duplicates go too."""
    out: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    for c in found:
        if (c.start, c.end) in seen:
            continue
        nested = False
        for other in found:
            if other is c or c.cue_start is None:
                continue
            if other.start <= c.cue_start and c.cue_end is not None and c.cue_end <= other.end:
                # c's cue is inside other's content: c is reported inside other.
                if not (
                    other.start <= c.start and c.end <= other.end and (other.end - other.start) == (c.end - c.start)
                ) and not (_inside(other, c) and c.end < other.end):
                    nested = True
                    break
        if nested:
            continue
        # Two candidates for the same content (an indirect clause and a "según" phrase): keep the first.
        if any(o.start <= c.start < o.end or c.start <= o.start < c.end for o in out if _overlap(o, c) > 0.8):
            continue
        seen.add((c.start, c.end))
        out.append(c)
    return out


def _inside(c: Candidate, other: Candidate) -> bool:
    """Whether c's cue lies in other's content. When two contents each hold the other's cue ("The crisis
    claimed many lives, according to Health Canada": "claimed" with the rest of the sentence as its object),
    one is wrong; the one that ends first stays, the other ran on over an attribution."""
    return c.cue_start is not None and c.cue_end is not None and other.start <= c.cue_start and c.cue_end <= other.end


def _overlap(a: Candidate, b: Candidate) -> float:
    inter = min(a.end, b.end) - max(a.start, b.start)
    if inter <= 0:
        return 0.0
    return inter / min(a.end - a.start, b.end - b.start)
