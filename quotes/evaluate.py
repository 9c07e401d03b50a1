"""Score predicted quotes against a gold file (docs/evaluation.md).

The figures are those of the project's reference scorer, kept with its data, and give the same numbers on the
same files; this module adds figures per language, per claim type, a claim-type confusion matrix, and
speaker-type, role and date accuracy. The flow is the one a reader would expect:

1. :func:`load_gold` reads the gold articles and :func:`locate_gold_spans` turns each gold content string into
   character offsets (gold files store strings, predictions store offsets);
2. :func:`load_predictions` reads the predicted records;
3. :func:`match_spans` pairs gold and predicted spans one-to-one;
4. :func:`score` computes every figure from the matched pairs into a frozen :class:`Scores`, and
   :func:`evaluate` does so for the whole file and for each language (:class:`Evaluation`).

All figures are rounded to 4 decimals, as the reference scorer rounds them, and derived figures (F1,
macro-F1) are computed from the same rounded or unrounded values it uses, so the two agree to the last digit.

>>> normalize_name("El Ministerio de Salud")
'ministerio de salud'
>>> match_spans([(0, 10), (20, 30)], [(2, 12), (40, 50)], min_overlap=0.5)
[(0, 0)]
"""

from __future__ import annotations

import gzip
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from quotes.models import ClaimType, Quote

#: Every field of a gold quote (docs/evaluation.md). A gold article without `annotated` annotates all of them.
GOLD_FIELDS: frozenset[str] = frozenset(
    {"content", "kind", "cue", "speaker", "speaker_type", "organization", "role", "claim_type", "date"}
)

#: Articles dropped from the front of a name before comparing it: "El Ministerio de Salud" is the same
#: source as "Ministerio de Salud", "The New York Post" as "New York Post". Spanish and English articles,
#: plus the French/Portuguese ones that appear in names of foreign bodies in Spanish news ("le", "os").
#: English "a"/"an" matter for anonymous sources ("a source" vs "source"). The set is the reference
#: scorer's, so that both give the same numbers.
LEADING_ARTICLES: frozenset[str] = frozenset(
    {"el", "la", "los", "las", "lo", "the", "a", "an", "un", "una", "le", "les", "o", "os", "as"}
)

_WORD = re.compile(r"\w+")

#: How a label absent from a record (JSON null) is shown in per-type tables and the confusion matrix.
NO_LABEL = "none"


class EvaluationError(ValueError):
    """A gold or prediction file that cannot be scored; the message names the article or line."""


# --------------------------------------------------------------------------------------------------------
# Records


@frozen
class GoldQuote:
    """One annotated quote, with the character span its content was found at.

    Attributes:
        content: The quote content, copied exactly from the article text.
        start: Offset of `content` in the article text.
        end: `start + len(content)`.
        kind: `direct`, `indirect` or `mixed`.
        speaker: The fullest name of the source.
        speaker_aliases: Other names the source goes by in the article ("Moorhead").
        speaker_type: `person`, `organization` or `other`.
        organization: Organization the speaker belongs to or speaks for.
        role: Title or role as stated.
        claim_type: One of the claim types (docs/claims.md).
        date: The temporal phrase the statement is dated by ("la semana pasada").
        speaker_unresolved: True when the gold source is a bare pronoun (PolNeAR-derived files): any
            non-empty predicted speaker is then accepted.
    """

    content: str
    start: int
    end: int
    kind: str | None = None
    speaker: str | None = None
    speaker_aliases: tuple[str, ...] = ()
    speaker_type: str | None = None
    organization: str | None = None
    role: str | None = None
    claim_type: str | None = None
    date: str | None = None
    speaker_unresolved: bool = False


@frozen
class GoldArticle:
    """One gold article: its text, language, annotated fields and located quotes.

    `published` is kept (as written) so that the article can be fed back to the pipeline.
    """

    id: str
    text: str
    lang: str | None
    quotes: tuple[GoldQuote, ...]
    annotated: frozenset[str] = GOLD_FIELDS
    published: str | None = None
    #: ``mention`` when the gold speaker is the source as written at the cue ("Mr. Kamin", "he"), not the
    #: resolved entity (PolNeAR-derived files); a record's `mention` then counts as well as its `speaker`.
    speaker_level: str | None = None


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
            raise EvaluationError(f"predicted record lacks {', '.join(missing)}: {_preview(data)}")
        try:
            start, end = int(data["start"]), int(data["end"])
        except (TypeError, ValueError) as err:
            raise EvaluationError(f"predicted record has non-integer offsets: {_preview(data)}") from err
        return cls(
            doc=str(data["doc"]),
            start=start,
            end=end,
            text=_optional_str(data.get("text")),
            kind=_optional_str(data.get("kind")),
            speaker=_optional_str(data.get("speaker")),
            speaker_type=_optional_str(data.get("speaker_type")),
            organization=_optional_str(data.get("organization")),
            role=_optional_str(data.get("role")),
            claim_type=_optional_str(data.get("claim_type")),
            date_text=_optional_str(data.get("date_text")),
            mention=_optional_str(data.get("mention")),
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


# --------------------------------------------------------------------------------------------------------
# Loading


def read_jsonl(path: str | Path) -> list[tuple[int, Any]]:
    """Non-blank lines of a JSON Lines file (gzip-compressed if named `*.gz`), parsed, with line numbers.

    Raises:
        EvaluationError: naming the file and line of the first malformed line.
    """
    rows = []
    opener = gzip.open if str(path).endswith(".gz") else open  # `quotes extract -o OUT.jsonl.gz` compresses
    with opener(path, "rt", encoding="utf-8-sig") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rows.append((number, json.loads(line)))
            except json.JSONDecodeError as err:
                raise EvaluationError(f"{path}, line {number}: malformed JSON ({err.msg})") from err
    return rows


def locate_gold_spans(text: str, contents: Sequence[str], *, article_id: str = "") -> list[tuple[int, int]]:
    """Character spans of gold contents in the article text.

    Gold files store strings, not offsets. Quotes are annotated in reading order, so each content is first
    searched from where the previous one starts (not ends: a mixed quote may contain the next direct quote);
    a content found only earlier (annotated out of order) is taken at its first occurrence.

    Args:
        text: The article text.
        contents: The gold quote contents, in annotation order.
        article_id: Named in the error message.

    Raises:
        EvaluationError: when a content is empty or does not occur in the text.
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    for n, content in enumerate(contents, 1):
        if not content:
            raise EvaluationError(f"gold article {article_id!r}: quote {n} has an empty content")
        start = text.find(content, cursor)
        if start < 0:
            start = text.find(content)
        if start < 0:
            raise EvaluationError(
                f"gold article {article_id!r}: content of quote {n} is not in the text "
                f"(it must be copied exactly): {content[:80]!r}"
            )
        spans.append((start, start + len(content)))
        cursor = start
    return spans


def gold_article_from_dict(data: Mapping[str, Any]) -> GoldArticle:
    """A :class:`GoldArticle` from one parsed gold line, its quote contents located in the text.

    Raises:
        EvaluationError: when `id`, `text` or `quotes` is missing or a content cannot be located.
    """
    article_id = str(data.get("id", ""))
    text, raw_quotes = data.get("text"), data.get("quotes")
    if not article_id or not isinstance(text, str) or not isinstance(raw_quotes, list):
        raise EvaluationError(
            f"gold article {article_id or '(no id)'!r} needs an 'id', a 'text' string and a 'quotes' list"
        )
    contents = [str(q.get("content") or "") for q in raw_quotes]
    spans = locate_gold_spans(text, contents, article_id=article_id)
    quotes = tuple(
        GoldQuote(
            content=content,
            start=start,
            end=end,
            kind=_optional_str(q.get("kind")),
            speaker=_optional_str(q.get("speaker")),
            speaker_aliases=tuple(str(a) for a in q.get("speaker_aliases") or ()),
            speaker_type=_optional_str(q.get("speaker_type")),
            organization=_optional_str(q.get("organization")),
            role=_optional_str(q.get("role")),
            claim_type=_optional_str(q.get("claim_type")),
            date=_optional_str(q.get("date")),
            speaker_unresolved=bool(q.get("speaker_unresolved")),
        )
        for q, content, (start, end) in zip(raw_quotes, contents, spans, strict=True)
    )
    annotated = data.get("annotated")
    return GoldArticle(
        id=article_id,
        text=text,
        lang=_optional_str(data.get("lang")),
        quotes=quotes,
        annotated=GOLD_FIELDS if annotated is None else frozenset(annotated),
        published=_optional_str(data.get("published")),
        speaker_level=_optional_str(data.get("speaker_level")),
    )


def load_gold(path: str | Path) -> list[GoldArticle]:
    """Gold articles of a JSON Lines gold file (docs/evaluation.md).

    Raises:
        EvaluationError: naming the line and article of the first problem.
    """
    articles = []
    for number, data in read_jsonl(path):
        if not isinstance(data, dict):
            raise EvaluationError(f"{path}, line {number}: a gold line must be a JSON object")
        try:
            articles.append(gold_article_from_dict(data))
        except EvaluationError as err:
            raise EvaluationError(f"{path}, line {number}: {err}") from err
    return articles


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
# Matching and comparisons


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


def normalize_name(name: str | None) -> str:
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
    while words and words[0] in LEADING_ARTICLES:
        words.pop(0)
    return " ".join(words)


def _contains_either_way(a: str, b: str) -> bool:
    """One normalized name's words are a subset of the other's ("OMS" / "la OMS de Ginebra")."""
    wa, wb = set(a.split()), set(b.split())
    return wa <= wb or wb <= wa


def speaker_matches(predicted: str | None, gold: GoldQuote) -> bool:
    """The lenient speaker test of the headline figure (docs/evaluation.md).

    A predicted speaker is right when, normalized, it equals the gold speaker or one of its aliases; or, for
    a person, it ends with the same word (surname: "Moorhead" for "Patrick Moorhead"); or, for
    organizations and other sources, the words of one contain the other's ("Secretaría de Salud" for
    "la Secretaría de Salud de Jalisco"). A gold source left as a pronoun (`speaker_unresolved`) accepts any
    non-empty prediction. Surname and containment are tested against the gold speaker only, not aliases.
    """
    pred = normalize_name(predicted)
    if not pred:
        return False
    if gold.speaker_unresolved:
        return True
    main = normalize_name(gold.speaker)
    if pred == main or pred in {normalize_name(a) for a in gold.speaker_aliases}:
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


def score(
    articles: Sequence[GoldArticle], predictions: Iterable[Prediction], min_overlap: float = 0.5
) -> Scores:
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
        date=_accuracy(
            dated, "date", lambda p: normalize_name(p.pred.date_text) == normalize_name(p.gold.date)
        ),
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


# --------------------------------------------------------------------------------------------------------
# Report


def format_report(evaluation: Evaluation) -> str:
    """The figures as a plain-text table: headline first, one column per language.

    Accuracies show their counts; "-" marks a figure with nothing to count (e.g. claims in a file that
    does not annotate them).
    """
    # One language (or --lang): its column is the overall one; several: "all" then each language.
    columns: list[tuple[str, Scores]] = [("all", evaluation.overall)]
    if len(evaluation.by_lang) == 1:
        columns = [(next(iter(evaluation.by_lang)), evaluation.overall)]
    elif evaluation.by_lang:
        columns += list(evaluation.by_lang.items())

    def prf_rows(label: str, get: Callable[[Scores], PRF]) -> list[tuple[str, list[str]]]:
        return [
            (f"{label} precision", [f"{get(s).precision:.4f}" for _, s in columns]),
            (f"{label} recall", [f"{get(s).recall:.4f}" for _, s in columns]),
            (f"{label} F1", [f"{get(s).f1:.4f}" for _, s in columns]),
        ]

    def acc_row(label: str, get: Callable[[Scores], Accuracy]) -> tuple[str, list[str]]:
        cells = []
        for _, s in columns:
            acc = get(s)
            cells.append(f"{acc.value:.4f} ({acc.correct}/{acc.total})" if acc.total else "-")
        return label, cells

    # The headline first (docs/evaluation.md), then span matching, then the counts behind them.
    rows: list[tuple[str, list[str]]] = [
        *prf_rows("attributed", lambda s: s.attributed),
        *prf_rows("quote", lambda s: s.quote),
        ("articles", [str(s.articles) for _, s in columns]),
        ("gold quotes", [str(s.gold) for _, s in columns]),
        ("predicted quotes", [str(s.pred) for _, s in columns]),
        ("matched quotes", [str(s.matched) for _, s in columns]),
        acc_row("speaker (lenient)", lambda s: s.speaker),
        acc_row("speaker (strict)", lambda s: s.speaker_strict),
        acc_row("speaker type", lambda s: s.speaker_type),
        acc_row("kind", lambda s: s.kind),
        acc_row("organization", lambda s: s.organization),
        acc_row("role", lambda s: s.role),
        acc_row("date", lambda s: s.date),
        acc_row("claim type", lambda s: s.claim),
        (
            "claim macro-F1",
            [f"{s.claim_macro_f1:.4f}" if s.claim_macro_f1 is not None else "-" for _, s in columns],
        ),
    ]
    lines = [f"min overlap {evaluation.min_overlap:g} of both spans; accuracies on matched quotes", ""]
    lines += _table(["", *(name for name, _ in columns)], [[label, *cells] for label, cells in rows])

    overall = evaluation.overall
    if overall.claim_per_type:
        lines += ["", "claim types (matched quotes)"]
        lines += _table(
            ["", "precision", "recall", "F1", "gold", "predicted"],
            [
                [lab, f"{v.precision:.4f}", f"{v.recall:.4f}", f"{v.f1:.4f}", str(v.gold), str(v.predicted)]
                for lab, v in overall.claim_per_type.items()
            ],
        )
        predicted_labels = sorted(
            {p for row in overall.claim_confusion.values() for p in row}, key=_label_order
        )
        lines += ["", "claim confusion (rows gold, columns predicted)"]
        lines += _table(
            ["gold \\ predicted", *predicted_labels],
            [
                [g, *(str(row.get(p, 0)) if row.get(p) else "." for p in predicted_labels)]
                for g, row in overall.claim_confusion.items()
            ],
        )
    if evaluation.unknown_docs:
        shown = ", ".join(evaluation.unknown_docs[:5]) + (" ..." if len(evaluation.unknown_docs) > 5 else "")
        lines += [
            "",
            f"warning: predictions for {len(evaluation.unknown_docs)} documents not in the gold file "
            f"were ignored ({shown})",
        ]
    return "\n".join(lines)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    out = []
    for r in [header, *rows]:
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True)]
        out.append("  ".join(cells).rstrip())
    return out


# --------------------------------------------------------------------------------------------------------
# Helpers


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _value_or_none(acc: Accuracy) -> float | None:
    return acc.value if acc.total else None


def _preview(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, default=str)
    return text if len(text) <= 120 else text[:117] + "..."


__all__ = [
    "Accuracy",
    "Evaluation",
    "EvaluationError",
    "GoldArticle",
    "GoldQuote",
    "PRF",
    "Prediction",
    "Scores",
    "claim_macro_f1",
    "evaluate",
    "evaluate_files",
    "format_report",
    "load_gold",
    "load_predictions",
    "locate_gold_spans",
    "match_spans",
    "normalize_name",
    "organization_matches",
    "score",
    "speaker_matches",
    "speaker_matches_strictly",
]
