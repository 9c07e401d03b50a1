"""How do the figures of an evaluation read as text? The table `quotes evaluate` prints."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from quotes.evaluation.score import PRF, Accuracy, Evaluation, Scores, _label_order


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
    lines = [f"min overlap {evaluation.min_overlap:g} of both spans; accuracies on matched quotes", ""]
    lines += _table(
        ["", *(name for name, _ in columns)],
        [[label, *cells] for label, cells in _figure_rows([s for _, s in columns])],
    )
    if evaluation.overall.claim_per_type:
        lines += _claim_lines(evaluation.overall)
    if evaluation.unknown_docs:
        shown = ", ".join(evaluation.unknown_docs[:5]) + (" ..." if len(evaluation.unknown_docs) > 5 else "")
        lines += [
            "",
            f"warning: predictions for {len(evaluation.unknown_docs)} documents not in the gold file "
            f"were ignored ({shown})",
        ]
    return "\n".join(lines)


def _figure_rows(columns: Sequence[Scores]) -> list[tuple[str, list[str]]]:
    """One row per figure, one cell per column."""

    def prf_rows(label: str, get: Callable[[Scores], PRF]) -> list[tuple[str, list[str]]]:
        return [
            (f"{label} precision", [f"{get(s).precision:.4f}" for s in columns]),
            (f"{label} recall", [f"{get(s).recall:.4f}" for s in columns]),
            (f"{label} F1", [f"{get(s).f1:.4f}" for s in columns]),
        ]

    def acc_row(label: str, get: Callable[[Scores], Accuracy]) -> tuple[str, list[str]]:
        cells = []
        for s in columns:
            acc = get(s)
            cells.append(f"{acc.value:.4f} ({acc.correct}/{acc.total})" if acc.total else "-")
        return label, cells

    # The headline first (docs/evaluation.md), then span matching, then the counts behind them.
    return [
        *prf_rows("attributed", lambda s: s.attributed),
        *prf_rows("quote", lambda s: s.quote),
        ("articles", [str(s.articles) for s in columns]),
        ("gold quotes", [str(s.gold) for s in columns]),
        ("predicted quotes", [str(s.pred) for s in columns]),
        ("matched quotes", [str(s.matched) for s in columns]),
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
            [f"{s.claim_macro_f1:.4f}" if s.claim_macro_f1 is not None else "-" for s in columns],
        ),
    ]


def _claim_lines(overall: Scores) -> list[str]:
    """Per-type figures and the confusion matrix of claim types, on matched quotes."""
    lines = ["", "claim types (matched quotes)"]
    lines += _table(
        ["", "precision", "recall", "F1", "gold", "predicted"],
        [
            [lab, f"{v.precision:.4f}", f"{v.recall:.4f}", f"{v.f1:.4f}", str(v.gold), str(v.predicted)]
            for lab, v in overall.claim_per_type.items()
        ],
    )
    predicted_labels = sorted({p for row in overall.claim_confusion.values() for p in row}, key=_label_order)
    lines += ["", "claim confusion (rows gold, columns predicted)"]
    lines += _table(
        ["gold \\ predicted", *predicted_labels],
        [
            [g, *(str(row.get(p, 0)) if row.get(p) else "." for p in predicted_labels)]
            for g, row in overall.claim_confusion.items()
        ],
    )
    return lines


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    out = []
    for r in [header, *rows]:
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True)]
        out.append("  ".join(cells).rstrip())
    return out
