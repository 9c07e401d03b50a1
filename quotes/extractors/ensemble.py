"""Ensemble extractor: the rules and the statistical model, combined by agreement and confidence.

The two extractors fail differently: the rules are precise on the constructions they know and follow the
SPEC's content boundaries; the trained model finds quotes without marks or with unusual cues and picks
speakers among many candidates, but also proposes spans the rules would rightly reject. So:

* a quote both find (their spans overlap over half of both, the evaluation's own matching rule) is kept with
  the rules' span and kind; where the rules read no source mention, it takes the model's when the language's
  `fill_mention` says so (the model's mention is the text's own, next to the quote, where attribution would
  otherwise pick a speaker from the context); a mention of the rules stays unless the model's differs and its
  confidence exceeds the rules' by more than a per-language margin (`speaker_margin`; None: never); its
  confidence is that of either being right, `1 - (1 - c_rules)(1 - c_model)`;
* a quote only the rules find is kept with its own confidence, lowered by the model's silence, unless the
  model weighed a candidate span matching it and gave the best such span a content probability under a
  per-language floor (`rules_only_min`; None: always kept): the rules' quotes the model doubts most are
  wrong more often than right. A quote of a construction the model has no candidate for is kept;
* a quote only the model finds is kept when its content probability reaches `model_only` (per language);
  when the model's cue is a verb with a subject the rules can read (:func:`cue_subject`), that subject is its
  source mention (a dropped subject is left to the attribution's ranker): the model ranks only names,
  pronouns and nominals, and misses subjects such as "asociaciones médicas y sindicatos advirtieron que ..."
  or "El decreto establece que ..."; where it overlaps an interview's answer (the transcript reader's
  bounds, which the rules quote as a whole), it is dropped.

`model_only`, `fill_mention`, `speaker_margin` and `rules_only_min` are learned per language when the model is trained
(:mod:`quotes.train.stack`: chosen on out-of-fold outputs of the statistical model, so the rules are weighed
against a model that never saw the article) and stored with the model's weights (`meta.json`, key
`ensemble`); the constants below serve a model without them.

Every record carries `confidence` in [0, 1] and `extractor="ensemble"`.
"""

from __future__ import annotations

from typing import Any

import attrs
from spacy.tokens import Doc

from quotes.doctext import doc_text
from quotes.evaluation.matching import match_spans
from quotes.extractors.registry import Extractor, ScoredExtractor, get_extractor, register
from quotes.extractors.rules.according import according_source
from quotes.extractors.rules.sources import source_mention, subject_of
from quotes.extractors.rules.transcript import doc_answers
from quotes.models import Article, MentionKind, Quote

#: Content probability a quote found only by the model needs, per language ("*" for any other).
MODEL_ONLY: dict[str, float] = {"en": 0.6, "es": 0.85, "*": 0.85}
#: Whether the model's source mention fills in one the rules did not read, per language ("*" for any other):
#: English yes; Spanish no (its rules leave dropped subjects without a mention, which the attribution's ranker
#: resolves better than the model: out-of-fold attributed F1 0.700 against 0.681 in one inner fit).
FILL_MENTION: dict[str, bool] = {"en": True, "*": False}
#: Margin by which the model's confidence must beat the rules' to overrule their source mention, per language
#: (None: never; "*" for any other language).
SPEAKER_MARGIN: dict[str, float | None] = {"en": 0.0, "*": None}
#: Content probability under which the model's best candidate matching a quote only the rules find drops it,
#: per language (None: never; "*" for any other language).
RULES_ONLY_MIN: dict[str, float | None] = {"*": None}
#: Confidence kept by a quote only the rules find: the model's silence is evidence against it.
RULES_ONLY_FACTOR = 0.8
#: Speaker probability under which the model's source mention is dropped and the context decides: of the
#: quotes only the model finds, those with a mention like "la licenciatura", "La Paz" or "Dios".
MODEL_SOURCE_MIN = 0.5


def match(a: list[Quote], b: list[Quote]) -> list[tuple[int, int]]:
    """One-to-one pairs (i, j) of quotes whose spans overlap over half of both, largest overlaps first."""
    return match_spans([(q.start, q.end) for q in a], [(q.start, q.end) for q in b])


def same_source(a: Quote, b: Quote) -> bool:
    """Whether two records name the same source mention (overlapping offsets, or equal text)."""
    if a.mention_start is not None and b.mention_start is not None and a.mention_end and b.mention_end:
        return a.mention_start < b.mention_end and b.mention_start < a.mention_end
    if a.mention and b.mention:
        return a.mention.lower() == b.mention.lower()
    return a.mention is None and b.mention is None


#: Mention kinds of a cue's subject that replace the model's own source mention.
_SUBJECT_KINDS = frozenset({MentionKind.NAME, MentionKind.NOMINAL, MentionKind.OTHER})


def cue_subject(doc: Doc, quote: Quote, lang: str) -> Quote | None:
    """The quote with the subject of its cue verb, or the object of its "según X" / "according to X" phrase,
    as source mention, as the rules read them; None when the cue is neither (a copula, a noun), has no
    subject, or its subject is a pronoun or the model's own mention already. A Spanish finite cue without a
    subject ("Añade que ...") leaves the quote with a dropped subject and no mention: the attribution's
    ranker, trained on such quotes, resolves it, where the model's own choice among the names before it is
    right less often."""
    if quote.cue_start is None or quote.cue_end is None:
        return None
    cue = doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand")
    if cue is None:
        return None
    according = according_source(cue, lang)
    if according is not None:  # "según X": X, as the rules read it
        bounds, kind = according
    elif cue.root.pos_ == "VERB":
        verb = cue.root
        bounds, kind = source_mention(subject_of(verb), verb, lang)
    else:
        return None
    if kind is MentionKind.DROPPED:
        return attrs.evolve(quote.without_mention(MentionKind.DROPPED), speaker=None)
    if bounds is None or kind not in _SUBJECT_KINDS or (bounds[0] < quote.end and quote.start < bounds[1]):
        return None
    if quote.mention_start is not None and quote.mention_end is not None:
        if bounds[0] < quote.mention_end and quote.mention_start < bounds[1]:
            return None
    text = doc_text(doc)[bounds[0] : bounds[1]]
    return attrs.evolve(
        quote,
        mention=text,
        mention_start=bounds[0],
        mention_end=bounds[1],
        mention_kind=kind,
        speaker=text if kind is MentionKind.NAME else None,
    )


def _with_source(base: Quote, donor: Quote) -> Quote:
    return attrs.evolve(
        base,
        mention=donor.mention,
        mention_start=donor.mention_start,
        mention_end=donor.mention_end,
        mention_kind=donor.mention_kind,
        speaker=donor.speaker,
        cue=donor.cue if base.cue is None else base.cue,
    )


class EnsembleExtractor:
    """Rules and statistical model combined (see the module docstring).

    Args:
        rules: The rule-based extractor (the registered "rules" one when None).
        statistical: The trained extractor (the registered "statistical" one when None).
        model_only: Per-language content probability for quotes only the model finds (default: learned with
            the statistical model, else :data:`MODEL_ONLY`).
        speaker_margin: Per-language margin for the model to overrule the rules' speaker (default: learned
            with the statistical model, else :data:`SPEAKER_MARGIN`).
        fill_mention: Per-language choice for the model's mention to fill in one the rules did not read
            (default: learned with the statistical model, else :data:`FILL_MENTION`).
        rules_only_min: Per-language floor of the model's content probability for a quote only the rules find
            (default: learned with the statistical model, else :data:`RULES_ONLY_MIN`).
    """

    name = "ensemble"

    def __init__(
        self,
        rules: Extractor | None = None,
        statistical: Extractor | None = None,
        model_only: dict[str, float] | None = None,
        speaker_margin: dict[str, float | None] | None = None,
        rules_only_min: dict[str, float | None] | None = None,
        fill_mention: dict[str, bool] | None = None,
    ):
        self.rules = rules or get_extractor("rules")
        self.statistical = statistical or get_extractor("statistical")
        self._model_only = model_only
        self._speaker_margin = speaker_margin
        self._rules_only_min = rules_only_min
        self._fill_mention = fill_mention

    def _learned(self, lang: str) -> dict[str, Any]:
        model = getattr(self.statistical, "model", None)
        meta = getattr(model, "meta", None) or {}
        learned = meta.get("ensemble") or {}
        return learned.get(lang) or {}

    def decisions(self, lang: str) -> tuple[float, float | None]:
        """The `model_only` threshold and the `speaker_margin` used for `lang`."""
        learned = self._learned(lang)
        if self._model_only is not None and lang in self._model_only:
            only = self._model_only[lang]
        elif "model_only" in learned:
            only = float(learned["model_only"])
        else:
            only = MODEL_ONLY.get(lang, MODEL_ONLY["*"])
        if self._speaker_margin is not None and lang in self._speaker_margin:
            margin = self._speaker_margin[lang]
        elif "speaker_margin" in learned:
            margin = learned["speaker_margin"]
        else:
            margin = SPEAKER_MARGIN.get(lang, SPEAKER_MARGIN["*"])
        return only, margin

    def fills(self, lang: str) -> bool:
        """Whether the model's source mention fills in one the rules did not read, for `lang`."""
        if self._fill_mention is not None and lang in self._fill_mention:
            return self._fill_mention[lang]
        learned = self._learned(lang)
        if "fill_mention" in learned:
            return bool(learned["fill_mention"])
        return FILL_MENTION.get(lang, FILL_MENTION["*"])

    def rules_floor(self, lang: str) -> float | None:
        """The `rules_only_min` used for `lang` (None: quotes only the rules find are always kept)."""
        if self._rules_only_min is not None and lang in self._rules_only_min:
            return self._rules_only_min[lang]
        learned = self._learned(lang)
        if "rules_only_min" in learned:
            return learned["rules_only_min"]
        return RULES_ONLY_MIN.get(lang, RULES_ONLY_MIN["*"])

    def __call__(self, doc: Doc, article: Article, lang: str) -> list[Quote]:
        by_rules = self.rules(doc, article, lang)
        only, margin = self.decisions(lang)
        outputs = self.model_outputs(doc, article, lang)
        return combine_outputs(
            by_rules, outputs, only, margin, self.rules_floor(lang), doc=doc, lang=lang, fill_mention=self.fills(lang)
        )

    def model_outputs(self, doc: Doc, article: Article, lang: str) -> ModelOutputs:
        """The statistical model's quotes with their probabilities, and the spans it weighed."""
        return model_outputs(self.statistical, doc, article, lang)


@attrs.frozen
class ModelOutputs:
    """What the ensemble reads from the statistical model for one article.

    Attributes:
        quotes: The model's quotes.
        p_content, p_speaker: For each quote, the content probability and the speaker probability.
        spans: Every candidate span the model weighed, kept or not, as (start, end, content probability);
            empty for a model that does not tell.
    """

    quotes: list[Quote]
    p_content: list[float]
    p_speaker: list[float]
    spans: list[tuple[int, int, float]] = attrs.field(factory=list)


def model_outputs(statistical: Extractor, doc: Doc, article: Article, lang: str) -> ModelOutputs:
    """The :class:`ModelOutputs` of an extractor: probabilities and spans when it gives them (the statistical
    extractor does), else each quote's confidence as its content probability."""
    with_spans = getattr(statistical, "scored_with_spans", None)
    if with_spans is not None:
        scored, spans = with_spans(doc, article, lang)
        return ModelOutputs(*unzip_scored(scored), spans)
    if isinstance(statistical, ScoredExtractor):
        return ModelOutputs(*unzip_scored(statistical.scored(doc, article, lang)))
    quotes = statistical(doc, article, lang)
    return ModelOutputs(quotes, [q.confidence for q in quotes], [1.0] * len(quotes))


def unzip_scored(triples: list[tuple[Quote, float, float]]) -> tuple[list[Quote], list[float], list[float]]:
    """The quotes, content probabilities and speaker probabilities of a scored extractor's output."""
    return [q for q, _, _ in triples], [p for _, p, _ in triples], [s for _, _, s in triples]


def combine_outputs(
    by_rules: list[Quote],
    outputs: ModelOutputs,
    model_only: float,
    speaker_margin: float | None,
    rules_only_min: float | None,
    *,
    doc: Doc | None,
    lang: str,
    fill_mention: bool = True,
) -> list[Quote]:
    """:func:`combine` of the rules' quotes and the statistical model's :class:`ModelOutputs` under one setting
    of the ensemble's four decisions."""
    return combine(
        by_rules,
        outputs.quotes,
        outputs.p_content,
        model_only,
        speaker_margin=speaker_margin,
        p_speaker=outputs.p_speaker,
        doc=doc,
        lang=lang,
        spans=outputs.spans,
        rules_only_min=rules_only_min,
        fill_mention=fill_mention,
    )


def best_span_probability(quote: Quote, spans: list[tuple[int, int, float]]) -> float | None:
    """The highest content probability among the weighed spans that match `quote` (overlap over half of both,
    the evaluation's rule); None when no span matches."""
    best: float | None = None
    for start, end, p in spans:
        overlap = min(quote.end, end) - max(quote.start, start)
        if overlap > 0 and 2 * overlap > quote.end - quote.start and 2 * overlap > end - start:
            best = p if best is None else max(best, p)
    return best


def combine(
    by_rules: list[Quote],
    by_model: list[Quote],
    p_content: list[float],
    model_only: float,
    *,
    speaker_margin: float | None = 0.0,
    p_speaker: list[float] | None = None,
    doc: Doc | None = None,
    lang: str = "en",
    spans: list[tuple[int, int, float]] | None = None,
    rules_only_min: float | None = None,
    fill_mention: bool = True,
) -> list[Quote]:
    """The ensemble's decision on the candidates of both extractors for one article, in document order.

    Args:
        by_rules: The rules' quotes.
        by_model: The model's quotes.
        p_content: For each of the model's quotes, the probability that its span is a quote (its
            `confidence` also counts the speaker choice).
        model_only: Content probability a quote found only by the model needs.
        speaker_margin: The model overrules a differing source mention of the rules when its confidence
            exceeds theirs by more than this (None: never).
        p_speaker: For each of the model's quotes, the probability of its source mention; a quote only the
            model finds keeps its mention when this reaches :data:`MODEL_SOURCE_MIN` or the mention is a
            pronoun, else attribution chooses its speaker from the context (as for a quotation without a
            cue; a quote the model finds without a cue always goes to the context).
        doc, lang: The article's parse and language: a quote only the model finds takes its cue's subject as
            source (:func:`cue_subject`) when there is one, and is dropped where it overlaps an interview's
            answer as :func:`quotes.extractors.rules.transcript.answers` reads it from the text (neither
            without a parse).
        spans: Every candidate span the model weighed, as (start, end, content probability).
        rules_only_min: A quote only the rules find is dropped when the best of the `spans` matching it has a
            lower content probability (None: never; a quote no span matches is kept).
        fill_mention: A quote both find for which the rules read no source mention takes the model's.
    """
    pairs = match(by_rules, by_model)
    paired_r = {i for i, _ in pairs}
    paired_m = {j for _, j in pairs}
    out: list[Quote] = []
    for i, j in pairs:
        r, m = by_rules[i], by_model[j]
        base = r
        if r.mention is None:
            replace = fill_mention
        else:
            replace = speaker_margin is not None and m.confidence > r.confidence + speaker_margin
        if replace and m.mention is not None and not same_source(r, m):
            base = _with_source(r, m)
        conf = 1.0 - (1.0 - r.confidence) * (1.0 - m.confidence)
        out.append(attrs.evolve(base, extractor="ensemble", confidence=round(min(1.0, conf), 4)))
    for i, r in enumerate(by_rules):
        if i in paired_r:
            continue
        if rules_only_min is not None and spans:
            best = best_span_probability(r, spans)
            if best is not None and best < rules_only_min:
                continue
        out.append(attrs.evolve(r, extractor="ensemble", confidence=round(r.confidence * RULES_ONLY_FACTOR, 4)))
    # An interview's answers are quotes as a whole (the rules read them): what they hold is not quoted again.
    answered = [bounds for bounds, _ in doc_answers(doc)] if doc is not None else []
    for j, m in enumerate(by_model):
        if j in paired_m or p_content[j] < model_only or any(lo < m.end and m.start < hi for lo, hi in answered):
            continue
        read = cue_subject(doc, m, lang) if doc is not None else None
        if read is not None:
            m = read
        elif m.mention_kind is not MentionKind.PRONOUN and (
            m.cue_start is None or (p_speaker is not None and p_speaker[j] < MODEL_SOURCE_MIN)
        ):
            # No source: attribution chooses the speaker from the context, as for a quotation without a
            # cue (and always for a quote the model finds without a cue: the ranker, trained on such
            # quotes, is right more often than the model's pick). A pronoun stays: attribution resolves it
            # from the context anyway.
            m = attrs.evolve(m.without_mention(), speaker=None)
        out.append(attrs.evolve(m, extractor="ensemble"))
    out.sort(key=lambda q: (q.start, q.end))
    return out


@register("ensemble")
def _factory() -> EnsembleExtractor:
    return EnsembleExtractor()
