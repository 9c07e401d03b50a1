"""Every figure of predicted quotes against gold articles (docs/evaluation.md).

The figures are those of the project's reference scorer, kept with its data, and give the same numbers on the
same files; this module adds figures per language, per claim type, a claim-type confusion matrix, and
speaker-type, role and date accuracy. The flow is the one a reader would expect:

1. :func:`quotes.evaluation.gold.load_gold` reads the gold articles, their contents located in the text;
2. :func:`load_predictions` reads the predicted records;
3. :func:`quotes.evaluation.matching.match_spans` pairs gold and predicted spans one-to-one;
4. :func:`score` computes every figure from the matched pairs into a frozen :class:`Scores`, and
   :func:`evaluate` does so for the whole file and for each language (:class:`Evaluation`).

All figures are rounded to 4 decimals, as the reference scorer rounds them, and derived figures (F1,
macro-F1) are computed from the same rounded or unrounded values it uses, so the two agree to the last digit.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from quotes.evaluation.gold import (
    EvaluationError,
    GoldArticle,
    GoldQuote,
    load_gold,
    optional_str,
    read_jsonl,
    record_preview,
)
from quotes.evaluation.matching import (
    match_spans,
    normalize_name,
    organization_matches,
    speaker_matches,
    speaker_matches_strictly,
)
from quotes.models import ClaimType, Quote

#: How a label absent from a record (JSON null) is shown in per-type tables and the confusion matrix.
NO_LABEL = "none"


@frozen
class Prediction:
    """The fields of a predicted quote record (docs/records.md) that evaluation reads.

    Only `doc`, `start` and `end` are required; any other field may be absent (None).
    """

    doc: str
    start: int
    end: int
    text: str | None = None
    kind: str | None = None
    speaker: str | None = None
    speaker_type: str | None = None
    organization: str | None = None
    role: str | None = None
    claim_type: str | None = None
    date_text: str | None = None
    mention: str | None = None

    @classmethod
    def from_record(cls, record: Mapping[str, Any] | Quote) -> Prediction:
        """A prediction from a JSON record or a :class:`quotes.models.Quote`.

        Raises:
            EvaluationError: when `doc`, `start` or `end` is missing or the offsets are not integers.
        """
        data = record.to_dict() if isinstance(record, Quote) else record
        missing = [k for k in ("doc", "start", "end") if data.get(k) is None]
        if missing:
            raise EvaluationError(f"predicted record lacks {', '.join(missing)}: {record_preview(data)}")
        try:
            start, end = int(data["start"]), int(data["end"])
        except (TypeError, ValueError) as err:
            raise EvaluationError(f"predicted record has non-integer offsets: {record_preview(data)}") from err
        return cls(
            doc=str(data["doc"]),
            start=start,
            end=end,
            text=optional_str(data.get("text")),
            kind=optional_str(data.get("kind")),
            speaker=optional_str(data.get("speaker")),
            speaker_type=optional_str(data.get("speaker_type")),
            organization=optional_str(data.get("organization")),
            role=optional_str(data.get("role")),
            claim_type=optional_str(data.get("claim_type")),
            date_text=optional_str(data.get("date_text")),
            mention=optional_str(data.get("mention")),
        )


@frozen
class PRF:
    """Precision, recall and F1 from counts, rounded to 4 decimals like the reference scorer."""

    tp: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return round(self.tp / self.predicted, 4) if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return round(self.tp / self.gold, 4) if self.gold else 0.0

    @property
    def f1(self) -> float:
        # F1 from the unrounded precision and recall, then rounded: the reference scorer's order.
        p = self.tp / self.predicted if self.predicted else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return round(2 * p * r / (p + r), 4) if p + r else 0.0

    def as_tuple(self) -> tuple[float, float, float]:
        """`(precision, recall, f1)`."""
        return self.precision, self.recall, self.f1


@frozen
class Accuracy:
    """A share of correct decisions; `value` is 0.0 when nothing was counted."""

    correct: int
    total: int

    @property
    def value(self) -> float:
        return round(self.correct / self.total, 4) if self.total else 0.0


@frozen
class Scores:
    """Every figure for one set of gold articles (docs/evaluation.md: the reference figures plus this project's extras).

    Accuracies are over matched quotes. `organization`, `role`, `claim`, `speaker_type` and `date` count only
    quotes of articles that annotate the field; `date` further counts only pairs where the gold `date` or
    the predicted `date_text` is set (both empty would be a free point on most quotes).

    Attributes:
        articles: Number of gold articles scored.
        gold: Number of gold quotes.
        pred: Number of predicted quotes on those articles (predictions for other documents are ignored).
        quote: Span-match precision, recall and F1.
        attributed: The headline: a true positive needs a matching span and the right speaker.
        speaker: Lenient speaker accuracy (aliases, surname, word containment).
        speaker_strict: The fullest name exactly (after normalization).
        kind: Quote kind accuracy.
        organization: Organization accuracy (word containment).
        claim: Claim-type accuracy.
        claim_macro_f1: Macro-F1 over the claim types present in gold, None if claims are not annotated.
        claim_per_type: Precision/recall/F1 for every claim type in gold or predictions, on matched quotes.
        claim_confusion: `claim_confusion[gold][predicted]` counts matched quotes.
        speaker_type: Speaker-type accuracy.
        role: Role accuracy (word containment, as for organizations).
        date: Predicted `date_text` equals the gold `date` after name normalization.
    """

    articles: int
    gold: int
    pred: int
    quote: PRF
    attributed: PRF
    speaker: Accuracy
    speaker_strict: Accuracy
    kind: Accuracy
    organization: Accuracy
    claim: Accuracy
    claim_macro_f1: float | None
    claim_per_type: Mapping[str, PRF]
    claim_confusion: Mapping[str, Mapping[str, int]]
    speaker_type: Accuracy
    role: Accuracy
    date: Accuracy

    @property
    def matched(self) -> int:
        """Number of matched (gold, predicted) pairs."""
        return self.quote.tp

    def to_json(self) -> dict[str, Any]:
        """The reference scorer's `--json` keys and values, followed by the extras.

        `organization_acc`, `claim_acc` and `claim_macro_f1` are absent when no matched quote annotates
        them, as in the reference scorer; the extras use null instead.
        """
        out: dict[str, Any] = {
            "articles": self.articles,
            "gold": self.gold,
            "pred": self.pred,
            "quote_prf": list(self.quote.as_tuple()),
            "attributed_prf": list(self.attributed.as_tuple()),
            "speaker_acc": self.speaker.value,
            "speaker_strict_acc": self.speaker_strict.value,
            "kind_acc": self.kind.value,
        }
        if self.organization.total:
            out["organization_acc"] = self.organization.value
        if self.claim.total:
            out["claim_acc"] = self.claim.value
            out["claim_macro_f1"] = self.claim_macro_f1
        out.update(
            {
                "matched": self.matched,
                "speaker_type_acc": _value_or_none(self.speaker_type),
                "role_acc": _value_or_none(self.role),
                "date_acc": _value_or_none(self.date),
                "date_n": self.date.total,
                "claim_per_type": {k: list(v.as_tuple()) for k, v in self.claim_per_type.items()},
                "claim_confusion": {g: dict(row) for g, row in self.claim_confusion.items()},
            }
        )
        return out


@frozen
class Evaluation:
    """Scores for a whole gold file and for each of its languages.

    Attributes:
        overall: Scores over every article scored.
        by_lang: Scores per gold `lang`, languages sorted.
        min_overlap: The share of both spans an overlap must cover for a match.
        unknown_docs: Ids of predicted documents absent from the gold file (a sign of mismatched ids).
    """

    overall: Scores
    by_lang: Mapping[str, Scores]
    min_overlap: float = 0.5
    unknown_docs: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Overall figures (reference scorer keys first), then `by_lang`, `min_overlap`, `unknown_docs`."""
        out = self.overall.to_json()
        out["by_lang"] = {lang: s.to_json() for lang, s in self.by_lang.items()}
        out["min_overlap"] = self.min_overlap
        out["unknown_docs"] = list(self.unknown_docs)
        return out


def load_predictions(path: str | Path) -> list[Prediction]:
    """Predicted quote records of a JSON Lines file (docs/records.md).

    Raises:
        EvaluationError: naming the line of the first record without `doc`, `start` or `end`.
    """
    predictions = []
    for number, data in read_jsonl(path):
        if not isinstance(data, dict):
            raise EvaluationError(f"{path}, line {number}: a prediction must be a JSON object")
        try:
            predictions.append(Prediction.from_record(data))
        except EvaluationError as err:
            raise EvaluationError(f"{path}, line {number}: {err}") from err
    return predictions


# --------------------------------------------------------------------------------------------------------
# Scoring


@frozen
class _Pair:
    """A matched gold and predicted quote, with the fields the gold article annotates."""

    gold: GoldQuote
    pred: Prediction
    annotated: frozenset[str]
    speaker_level: str | None = None

    @property
    def said(self) -> tuple[str | None, ...]:
        """The predicted names the speaker tests accept: the resolved speaker, and on mention-level gold
        also the source as written (docs/evaluation.md)."""
        if self.speaker_level == "mention":
            return (self.pred.speaker, self.pred.mention)
        return (self.pred.speaker,)


def _accuracy(pairs: Iterable[_Pair], fieldname: str, correct: Callable[[_Pair], bool]) -> Accuracy:
    counted = [p for p in pairs if fieldname in p.annotated]
    return Accuracy(sum(1 for p in counted if correct(p)), len(counted))


def _claim_label(value: str | None) -> str:
    return value if value is not None else NO_LABEL


def _label_order(label: str) -> tuple[int, str]:
    # SPEC section 4 order first, then any unexpected label alphabetically, "none" last.
    order = [c.value for c in ClaimType]
    if label in order:
        return order.index(label), label
    return (len(order) + (label == NO_LABEL), label)


def claim_macro_f1(pairs: Sequence[tuple[str | None, str | None]]) -> float:
    """Mean F1 over the claim types present in gold (a gold null counts as a type of its own).

    Each per-type F1 is rounded before averaging, as in the reference scorer. Types only ever predicted are
    left out: they lower the precision of the others rather than adding a zero.
    """
    # Sorted, and summed exactly: the reference scorer sums over a set, whose order (and so the last bit of
    # the sum, which can flip the 4th decimal) changes from run to run with Python's hash seed.
    labels = sorted({g for g, _ in pairs}, key=lambda g: (g is None, g or ""))
    if not labels:
        return 0.0
    f1s = [
        PRF(
            tp=sum(1 for g, p in pairs if g == label and p == label),
            predicted=sum(1 for _, p in pairs if p == label),
            gold=sum(1 for g, _ in pairs if g == label),
        ).f1
        for label in labels
    ]
    return round(math.fsum(f1s) / len(f1s), 4)


def _claim_tables(
    claim_pairs: Sequence[tuple[str | None, str | None]],
) -> tuple[dict[str, PRF], dict[str, dict[str, int]]]:
    gold_counts = Counter(_claim_label(g) for g, _ in claim_pairs)
    pred_counts = Counter(_claim_label(p) for _, p in claim_pairs)
    hits = Counter(_claim_label(g) for g, p in claim_pairs if g == p)
    labels = sorted((set(gold_counts) | set(pred_counts)) - {NO_LABEL}, key=_label_order)
    per_type = {lab: PRF(hits[lab], pred_counts[lab], gold_counts[lab]) for lab in labels}
    confusion: dict[str, dict[str, int]] = defaultdict(dict)
    for (g, p), n in sorted(
        Counter((_claim_label(g), _claim_label(p)) for g, p in claim_pairs).items(),
        key=lambda item: (_label_order(item[0][0]), _label_order(item[0][1])),
    ):
        confusion[g][p] = n
    return per_type, dict(confusion)


def _matched_pairs(
    articles: Sequence[GoldArticle], by_doc: Mapping[str, Sequence[Prediction]], min_overlap: float
) -> list[_Pair]:
    pairs: list[_Pair] = []
    for article in articles:
        preds = by_doc.get(article.id, ())
        matches = match_spans(
            [(q.start, q.end) for q in article.quotes], [(p.start, p.end) for p in preds], min_overlap
        )
        pairs.extend(
            _Pair(article.quotes[gi], preds[pi], article.annotated, article.speaker_level) for gi, pi in matches
        )
    return pairs


def attributed_hits(article: GoldArticle, predictions: Sequence[Prediction], min_overlap: float = 0.5) -> list[bool]:
    """For each prediction of one article, whether the headline figure counts it a true positive: its span
    matches a gold quote's and its speaker is right (:func:`score`'s own test)."""
    gold_spans = [(q.start, q.end) for q in article.quotes]
    matches = match_spans(gold_spans, [(p.start, p.end) for p in predictions], min_overlap)
    hits = [False] * len(predictions)
    for gi, pi in matches:
        pair = _Pair(article.quotes[gi], predictions[pi], article.annotated, article.speaker_level)
        hits[pi] = any(speaker_matches(name, pair.gold) for name in pair.said)
    return hits


def score(articles: Sequence[GoldArticle], predictions: Iterable[Prediction], min_overlap: float = 0.5) -> Scores:
    """Every figure for `articles`; predictions for documents not among them are ignored.

    Args:
        articles: Gold articles (see :func:`load_gold`).
        predictions: Predicted quotes of any documents.
        min_overlap: Share of BOTH spans an overlap must cover for a match.
    """
    by_doc: dict[str, list[Prediction]] = defaultdict(list)
    for p in predictions:
        by_doc[p.doc].append(p)
    n_gold = sum(len(a.quotes) for a in articles)
    n_pred = sum(len(by_doc.get(a.id, ())) for a in articles)
    pairs = _matched_pairs(articles, by_doc, min_overlap)

    speaker_ok = [any(speaker_matches(name, p.gold) for name in p.said) for p in pairs]
    claim = [p for p in pairs if "claim_type" in p.annotated]
    claim_pairs = [(p.gold.claim_type, p.pred.claim_type) for p in claim]
    per_type, confusion = _claim_tables(claim_pairs)
    dated = [p for p in pairs if p.gold.date or p.pred.date_text]
    return Scores(
        articles=len(articles),
        gold=n_gold,
        pred=n_pred,
        quote=PRF(len(pairs), n_pred, n_gold),
        attributed=PRF(sum(speaker_ok), n_pred, n_gold),
        speaker=Accuracy(sum(speaker_ok), len(pairs)),
        speaker_strict=Accuracy(
            sum(any(speaker_matches_strictly(name, p.gold) for name in p.said) for p in pairs), len(pairs)
        ),
        kind=Accuracy(sum(p.pred.kind == p.gold.kind for p in pairs), len(pairs)),
        organization=_accuracy(
            pairs, "organization", lambda p: organization_matches(p.pred.organization, p.gold.organization)
        ),
        claim=Accuracy(sum(g == p for g, p in claim_pairs), len(claim_pairs)),
        claim_macro_f1=claim_macro_f1(claim_pairs) if claim_pairs else None,
        claim_per_type=per_type,
        claim_confusion=confusion,
        speaker_type=_accuracy(pairs, "speaker_type", lambda p: p.pred.speaker_type == p.gold.speaker_type),
        role=_accuracy(pairs, "role", lambda p: organization_matches(p.pred.role, p.gold.role)),
        date=_accuracy(dated, "date", lambda p: normalize_name(p.pred.date_text) == normalize_name(p.gold.date)),
    )


def evaluate(
    articles: Sequence[GoldArticle],
    predictions: Iterable[Prediction | Quote | Mapping[str, Any]],
    *,
    lang: str | None = None,
    min_overlap: float = 0.5,
) -> Evaluation:
    """Scores over all gold articles (or those of one language) and per language.

    Args:
        articles: Gold articles (see :func:`load_gold`).
        predictions: Predictions, :class:`quotes.models.Quote` records or their JSON dicts.
        lang: Score only gold articles whose `lang` is this.
        min_overlap: Share of BOTH spans an overlap must cover for a match.

    Raises:
        ValueError: when `min_overlap` is not in (0, 1].
    """
    if not 0.0 < min_overlap <= 1.0:
        raise ValueError(f"min_overlap must be in (0, 1], got {min_overlap}")
    preds = [p if isinstance(p, Prediction) else Prediction.from_record(p) for p in predictions]
    known = {a.id for a in articles}
    unknown = tuple(sorted({p.doc for p in preds} - known))
    if lang is not None:
        articles = [a for a in articles if a.lang == lang]
    languages = sorted({a.lang or "" for a in articles})
    return Evaluation(
        overall=score(articles, preds, min_overlap),
        by_lang={
            code or "unknown": score([a for a in articles if (a.lang or "") == code], preds, min_overlap)
            for code in languages
        },
        min_overlap=min_overlap,
        unknown_docs=unknown,
    )


def evaluate_files(
    gold_path: str | Path, pred_path: str | Path, *, lang: str | None = None, min_overlap: float = 0.5
) -> Evaluation:
    """:func:`evaluate` on a gold file and a predictions file (both JSON Lines).

    Raises:
        EvaluationError: when either file is malformed or a gold content is not in its article.
        OSError: when a file cannot be read.
    """
    return evaluate(load_gold(gold_path), load_predictions(pred_path), lang=lang, min_overlap=min_overlap)


def _value_or_none(acc: Accuracy) -> float | None:
    return acc.value if acc.total else None
