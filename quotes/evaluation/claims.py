"""Claim-type figures on a gold file: is the claim type right when the quote span is given?

This scores a claim classifier alone, on the gold quotes of a gold file (SPEC section 5), so its errors are
not mixed with the extractor's: accuracy, macro-F1 over the gold types, per-type precision/recall/F1 and a
confusion matrix per language, plus one row per quote for error analysis.

``quotes evaluate --claims GOLD.jsonl [--errors]`` prints them (:func:`format_errors` the error rows).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from attrs import frozen

from quotes.enrich.claims import ClaimClassifier, ClaimDecision, RuleClaimClassifier
from quotes.evaluation.gold import locate_gold_spans, nearest_occurrence, read_jsonl
from quotes.languages import default_pipeline
from quotes.models import ClaimType, Quote


def gold_quotes(article: dict, *, doc_id: str | None = None) -> list[tuple[Quote, str | None]]:
    """Quotes built from one gold article (SPEC section 5) with their gold claim type.

    Content offsets are located as the scorer locates them (:func:`quotes.evaluation.gold.locate_gold_spans`);
    the cue offsets are those of the occurrence of the gold cue nearest the content, outside it; speaker
    fields are copied from the gold record.

    Raises:
        EvaluationError: when a gold content is empty or not in the text.
    """
    text = article["text"]
    raw = article.get("quotes", [])
    spans = locate_gold_spans(text, [str(g.get("content") or "") for g in raw], article_id=str(article.get("id", "")))
    out = []
    for g, (start, end) in zip(raw, spans, strict=True):
        cue = g.get("cue")
        cue_span = nearest_occurrence(text, cue, start, end, inside="skip") if cue else None
        quote = Quote.from_offsets(
            doc_id or article.get("id", ""),
            text,
            start,
            end,
            kind=g.get("kind") or "indirect",
            cue=cue,
            cue_start=cue_span[0] if cue_span else None,
            cue_end=cue_span[1] if cue_span else None,
            speaker=g.get("speaker"),
            speaker_type=g.get("speaker_type"),
            organization=g.get("organization"),
            role=g.get("role"),
            lang=article.get("lang", ""),
        )
        out.append((quote, g.get("claim_type")))
    return out


@frozen
class ClaimReport:
    """Claim-type figures of one language: accuracy, macro-F1 over gold types, per-type P/R/F1, confusion."""

    lang: str
    n: int
    accuracy: float
    macro_f1: float
    per_type: dict[str, tuple[float, float, float, int]]
    confusion: dict[str, dict[str, int]]

    def format(self) -> str:
        """A plain-text table of the figures."""
        names = [t.value for t in ClaimType]
        lines = [
            f"[{self.lang}] n={self.n} accuracy={self.accuracy:.3f} macro-F1={self.macro_f1:.3f}",
            f"  {'type':<13}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}",
        ]
        for name, (p, r, f, n) in self.per_type.items():
            lines.append(f"  {name:<13}{p:>7.3f}{r:>7.3f}{f:>7.3f}{n:>6}")
        short = [n[:5] for n in names]
        lines.append("  confusion (rows gold, columns predicted):")
        lines.append("  " + " " * 13 + "".join(f"{s:>6}" for s in short))
        for gold in names:
            row = self.confusion.get(gold, {})
            if sum(row.values()):
                lines.append(f"  {gold:<13}" + "".join(f"{row.get(p, 0):>6}" for p in names))
        return "\n".join(lines)


def score_pairs(lang: str, pairs: Sequence[tuple[str | None, str | None]]) -> ClaimReport:
    """Figures for ``(gold, predicted)`` claim-type pairs; macro-F1 averages the types present in gold."""
    n = len(pairs)
    correct = sum(g == p for g, p in pairs)
    per_type = {}
    for name in [t.value for t in ClaimType]:
        tp = sum(g == name and p == name for g, p in pairs)
        n_pred = sum(p == name for _, p in pairs)
        n_gold = sum(g == name for g, _ in pairs)
        if not n_gold and not n_pred:
            continue
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per_type[name] = (prec, rec, f1, n_gold)
    gold_types = [name for name, v in per_type.items() if v[3]]
    macro = sum(per_type[name][2] for name in gold_types) / len(gold_types) if gold_types else 0.0
    confusion: dict[str, dict[str, int]] = defaultdict(dict)
    for (g, p), k in Counter(pairs).items():
        confusion[str(g)][str(p)] = k
    return ClaimReport(lang, n, correct / n if n else 0.0, macro, per_type, dict(confusion))


def evaluate_gold(
    path: str, classifier: ClaimClassifier | None = None, *, nlp_for: dict | None = None
) -> tuple[dict[str, ClaimReport], list[dict]]:
    """Classify every gold quote of a gold file and score the claim types per language.

    Args:
        path: A gold JSON Lines file (SPEC section 5).
        classifier: The classifier to score (default :class:`RuleClaimClassifier`).
        nlp_for: Optional ``{lang: Language}``; default pipelines otherwise.

    Returns:
        The report per language and one row per quote (``doc``, ``lang``, ``gold``, ``pred``, ``reason``,
        ``evidence``, ``text``) for error analysis.
    """
    classifier = classifier or RuleClaimClassifier()
    pairs: dict[str, list[tuple[str | None, str | None]]] = defaultdict(list)
    rows = []
    articles = [article for _, article in read_jsonl(path)]
    for article in articles:
        lang = article.get("lang") or "es"
        nlp = (nlp_for or {}).get(lang) or default_pipeline(lang)
        doc = nlp(article["text"])
        for quote, gold in gold_quotes(article):
            if isinstance(classifier, RuleClaimClassifier):
                decision = classifier.explain(doc, quote, lang)
            else:
                decision = ClaimDecision(classifier(doc, quote, lang), "external")
            pred = decision.claim_type.value if decision.claim_type else None
            pairs[lang].append((gold, pred))
            rows.append(
                {
                    "doc": article.get("id"),
                    "lang": lang,
                    "gold": gold,
                    "pred": pred,
                    "reason": decision.reason,
                    "evidence": list(decision.evidence),
                    "cue": quote.cue,
                    "text": quote.text,
                }
            )
    return {lang: score_pairs(lang, p) for lang, p in sorted(pairs.items())}, rows


def format_errors(rows: Sequence[dict]) -> str:
    """One line per misclassified quote of :func:`evaluate_gold`: types, the rule's reason and evidence, cue, text."""
    return "\n".join(
        f"{row['lang']} gold={row['gold']} pred={row['pred']} [{row['reason']}: "
        f"{', '.join(row['evidence'])}] cue={row['cue']!r} | {row['text'][:160]}"
        for row in rows
        if row["gold"] != row["pred"]
    )
