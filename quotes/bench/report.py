"""The benchmark's results as Markdown: one paragraph or table per measurement, in the order they run."""

from __future__ import annotations

from typing import Any


def to_markdown(results: dict[str, Any]) -> str:
    """The results as Markdown tables."""
    lines = _machine(results)
    for section in (_single_process, _end_to_end, _accuracy, _scaling, _memory):
        lines += section(results)
    return "\n".join(lines)


def _machine(results: dict[str, Any]) -> list[str]:
    m = results["machine"]
    return [
        f"Benchmark of {results['date']} on {m.get('cpu', '?')} "
        f"({m['cpus']} CPUs, {m.get('memory_gb', '?')} GB), "
        f"Python {m['python']}, spaCy {m['spacy']}, textacy {m.get('textacy', '-')}; load average "
        f"{m['load_average_start'][0]:.1f} at the start, {results['load_average_end'][0]:.1f} at the end.",
        "",
    ]


#: The rows of the one-process table: label and key of each arm that extracts quotes.
_SINGLE_PROCESS_ARMS = (
    ("quotes (full job)", "quotes"),
    ("spaCy + textacy direct_quotations, same pipeline (no NER)", "textacy"),
    ("spaCy + textacy direct_quotations, full pipeline as `spacy.load` gives it", "textacy_full_pipeline"),
)


def _single_process(results: dict[str, Any]) -> list[str]:
    s = results.get("single_process")
    if not s or "skipped" in s:
        return []
    lines = [
        f"One process, {s['articles']} articles "
        f"({', '.join(f'{v} {k}' for k, v in s['languages'].items())}), "
        f"{s['tokens']:,} tokens, same spaCy pipelines, interleaved:",
        "",
        "| | docs/s | tokens/s | seconds | records | failed docs |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, key in _SINGLE_PROCESS_ARMS:
        if key not in s:
            continue
        r = s[key]
        lines.append(
            f"| {name} | {r['docs_per_s']} | {r['tokens_per_s']:,} | {r['seconds']} | {r['records']} | "
            f"{r['failed_documents']} |"
        )
    if "parse_only" in s:
        r = s["parse_only"]
        lines.append(
            f"| spaCy parse alone (the floor of both) | {r['docs_per_s']} | {r['tokens_per_s']:,} | "
            f"{r['seconds']} | | |"
        )
    lines += [
        "",
        f"Throughput ratio quotes / textacy on the same pipeline: **{s['ratio']}**; "
        f"against textacy on the full pipeline: **{s.get('ratio_full_pipeline', '-')}**",
    ]
    if s.get("parsed_share") is not None:
        lines.append(f"(tokens handed to the parser by the selected parse: {s['parsed_share']:.1%})")
    if s.get("load_average"):
        lo, mean, hi = s["load_average"]
        lines.append(f"Load average during the arms: {lo} to {hi} (mean {mean}).")
    return [*lines, ""]


def _end_to_end(results: dict[str, Any]) -> list[str]:
    e = results.get("end_to_end")
    if not e or "skipped" in e:
        return []
    return [
        f"End to end, fresh process each, model loading included, best of the repeats, {e['articles']} "
        f"articles: `quotes extract` {e['quotes_seconds']} s, spaCy `spacy.load` + `nlp(text)` per article "
        f"+ textacy `direct_quotations` {e['textacy_seconds']} s: ratio **{e['ratio']}** (load average "
        f"{e['load_average'][0]} to {e['load_average'][1]}).",
        "",
    ]


def _accuracy(results: dict[str, Any]) -> list[str]:
    acc = results.get("accuracy")
    if not acc:
        return []
    lines = [
        "Accuracy of the same pipeline, reference scorer. The shipped models learned from these articles (the "
        "statistical model excepted for the dev set), so this table only shows that a speed change left the output "
        "as it was; it is not an accuracy figure (docs/figures.md gives the cross-validated ones):",
        "",
        "| file | lang | gold | attributed F1 | quote F1 | speaker acc | organization acc | claim acc |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for a in acc:
        if "skipped" in a:
            continue
        lines.append(
            f"| {a['file']} | {a['lang']} | {a['gold']} | {a['attributed_f1']} | {a['quote_f1']} | "
            f"{a['speaker_acc']} | {a['organization_acc']} | {a['claim_acc']} |"
        )
    return [*lines, ""]


def _scaling(results: dict[str, Any]) -> list[str]:
    if not results.get("scaling"):
        return []
    lines = [
        "`quotes extract`, fresh process per run (model loading included), best of the repeats:",
        "",
        "| workers | articles | seconds | docs/s | speedup | CPU s | peak RSS, all processes (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results["scaling"]:
        lines.append(
            f"| {r['workers']} | {r['articles']} | {r['seconds']} | {r['docs_per_s']} | "
            f"{r['speedup']} | {r.get('cpu_seconds', '')} | {r['peak_rss_mb']} |"
        )
    for n, speedup in results.get("parallel_capacity", {}).items():
        lines += [
            "",
            f"Control: {n} independent pure-Python busy loops run {speedup} times as fast as one "
            "on this machine at the same time (the ceiling of any speedup here).",
        ]
    return [*lines, ""]


def _memory(results: dict[str, Any]) -> list[str]:
    if not results.get("memory"):
        return []
    lines = [
        "Peak memory against corpus size:",
        "",
        "| articles | workers | seconds | docs/s | peak RSS, all processes (MB) | largest process (MB) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results["memory"]:
        lines.append(
            f"| {r['articles']} | {r['workers']} | {r['seconds']} | {r['docs_per_s']} | "
            f"{r['peak_rss_mb']} | {r['peak_rss_per_process_mb']} |"
        )
    if len(results["memory"]) >= 2:
        ratio = results["memory"][-1]["peak_rss_mb"] / results["memory"][0]["peak_rss_mb"]
        lines += ["", f"Peak ratio largest / smallest corpus: **{ratio:.3f}**"]
    return [*lines, ""]
