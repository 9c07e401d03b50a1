"""Compare extractors on gold files: predictions through the whole pipeline, scored by `quotes.evaluate`.

Usage::

    python -m quotes.train.compare --out out/compare corpora/dev/dev.jsonl ../shared/data/polnear/dev_speech.jsonl

For each gold file, extractor and language it writes the predictions (`Quote.to_dict()` lines) and prints a
Markdown table row: quote F1, attributed-quote F1 (the headline), speaker accuracy (lenient and strict),
organization and claim-type figures on matched quotes where the file annotates them, and throughput of the
whole pipeline (parse included) in articles and thousand characters per second.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from quotes.evaluate import Accuracy, evaluate, load_gold, load_predictions
from quotes.models import Article
from quotes.pipeline import QuotePipeline
from quotes.train.data import read_jsonl


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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="+")
    ap.add_argument("--extractors", default="rules,statistical,ensemble")
    ap.add_argument("--out", default="out/compare")
    a = ap.parse_args(argv)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    print(
        "| file | lang | extractor | gold | pred | quote F1 | attributed P | attributed R | attributed F1 "
        "| speaker | strict speaker | organization | claim acc | claim macro-F1 | articles/s | kchars/s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for gold in a.gold:
        records = read_jsonl(gold)
        golds = load_gold(gold)
        for lang in sorted({r.get("lang") or "en" for r in records}):
            sub = [r for r in records if (r.get("lang") or "en") == lang]
            for name in a.extractors.split(","):
                pred = out / f"{Path(gold).stem}.{lang}.{name}.jsonl"
                secs, chars = run_extractor(name, sub, pred)
                res = evaluate(golds, load_predictions(pred), lang=lang).overall
                print(
                    f"| {Path(gold).name} | {lang} | {name} | {res.gold} | {res.pred} | "
                    f"{res.quote.f1:.3f} | {res.attributed.precision:.3f} | {res.attributed.recall:.3f} | "
                    f"{res.attributed.f1:.3f} | {_acc(res.speaker)} | {_acc(res.speaker_strict)} | "
                    f"{_acc(res.organization)} | {_acc(res.claim)} | "
                    f"{'-' if res.claim_macro_f1 is None else f'{res.claim_macro_f1:.3f}'} | "
                    f"{len(sub) / secs:.1f} | {chars / secs / 1000:.1f} |",
                    flush=True,
                )
    return 0


def _acc(accuracy: Accuracy) -> str:
    return f"{accuracy.value:.3f}" if accuracy.total else "-"


if __name__ == "__main__":
    sys.exit(main())
