"""Compare extractors on gold files: predictions through the whole pipeline, scored by `quotes.evaluation`.

Usage::

    quotes train --compare corpora/dev/dev.jsonl ../shared/data/polnear/dev_speech.jsonl --out out/compare

For each gold file, extractor and language it writes the predictions (`Quote.to_dict()` lines) and prints a
Markdown table row: quote F1, attributed-quote F1 (the headline), speaker accuracy (lenient and strict),
organization and claim-type figures on matched quotes where the file annotates them, and throughput of the
whole pipeline (parse included) in articles and thousand characters per second.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from quotes.evaluation import Accuracy, evaluate, load_gold, load_predictions
from quotes.evaluation.gold import read_jsonl
from quotes.models import Article
from quotes.pipeline import QuotePipeline


def run_extractor(name: str, records: list[dict], out: Path) -> tuple[float, int]:
    """Write predictions of extractor `name` for gold `records`; return (seconds, characters)."""
    pipe = QuotePipeline(name)
    articles = [Article.from_dict({k: v for k, v in r.items() if k != "quotes"}) for r in records]
    # Load the spaCy pipelines and the model before timing.
    for lang in {a.lang or "en" for a in articles}:
        pipe.extract("Warm-up.", lang=lang)
    t0 = time.perf_counter()
    with open(out, "w", encoding="utf-8") as f:
        for article, result in pipe.pipe(articles, batch_size=16):
            if isinstance(result, Exception):
                print(f"{article.id}: {result}", file=sys.stderr)
                continue
            for q in result:
                f.write(json.dumps(q.to_dict(), ensure_ascii=False) + "\n")
    return time.perf_counter() - t0, sum(len(a.text) for a in articles)


def compare(gold_files: Sequence[str | Path], extractors: Sequence[str], out: str | Path) -> Iterator[str]:
    """Run each extractor on each gold file, per language, and yield one Markdown row of figures each.

    The predictions are written to `out` (`{gold stem}.{lang}.{extractor}.jsonl`); the header comes first.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    yield (
        "| file | lang | extractor | gold | pred | quote F1 | attributed P | attributed R | attributed F1 "
        "| speaker | strict speaker | organization | claim acc | claim macro-F1 | articles/s | kchars/s |"
    )
    yield "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    for gold in gold_files:
        records = [r for _, r in read_jsonl(gold)]
        golds = load_gold(gold)
        for lang in sorted({r.get("lang") or "en" for r in records}):
            sub = [r for r in records if (r.get("lang") or "en") == lang]
            for name in extractors:
                pred = out / f"{Path(gold).stem}.{lang}.{name}.jsonl"
                secs, chars = run_extractor(name, sub, pred)
                res = evaluate(golds, load_predictions(pred), lang=lang).overall
                yield (
                    f"| {Path(gold).name} | {lang} | {name} | {res.gold} | {res.pred} | "
                    f"{res.quote.f1:.3f} | {res.attributed.precision:.3f} | {res.attributed.recall:.3f} | "
                    f"{res.attributed.f1:.3f} | {_acc(res.speaker)} | {_acc(res.speaker_strict)} | "
                    f"{_acc(res.organization)} | {_acc(res.claim)} | "
                    f"{'-' if res.claim_macro_f1 is None else f'{res.claim_macro_f1:.3f}'} | "
                    f"{len(sub) / secs:.1f} | {chars / secs / 1000:.1f} |"
                )


def _acc(accuracy: Accuracy) -> str:
    return f"{accuracy.value:.3f}" if accuracy.total else "-"

