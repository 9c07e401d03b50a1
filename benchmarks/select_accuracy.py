"""Accuracy of the whole `extract_article` path with and without the selected parse (quotes.select).

Runs `QuotePipeline.pipe` over annotated JSONL files (raw text in, records out, no parse cache) and scores
the records with the reference scorer, per file and language.

usage (from the repository root):
  python3 benchmarks/select_accuracy.py [--full] [--files GOLD.jsonl ...] [--scorer score.py] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quotes.models import Article  # noqa: E402
from quotes.pipeline import QuotePipeline  # noqa: E402

# ../shared beside the checkout (main) or beside the worktrees' folder.
SHARED = next(
    (p / "shared" for p in Path(__file__).resolve().parents[1:4] if (p / "shared").is_dir()),
    Path(__file__).resolve().parents[2] / "shared",
)
DEFAULT_FILES = [SHARED / "data/gold/dev.jsonl", SHARED / "data/gold/train.jsonl"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--full", action="store_true", help="parse every sentence (select=False)")
    ap.add_argument("--files", nargs="*", type=Path, default=DEFAULT_FILES)
    ap.add_argument("--scorer", type=Path, default=SHARED / "eval/score.py")
    ap.add_argument("--out", type=Path, default=Path("/tmp/select-accuracy"))
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    pipe = QuotePipeline(select=not args.full)
    for path in args.files:
        rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
        arts = [Article.from_dict({k: v for k, v in r.items() if k != "quotes"}) for r in rows if r.get("text")]
        start = time.perf_counter()
        pred = args.out / f"{path.stem}.{'full' if args.full else 'select'}.jsonl"
        with open(pred, "w", encoding="utf-8") as f:
            for _, quotes in pipe.pipe(arts):
                if isinstance(quotes, Exception):
                    raise quotes
                for q in quotes:
                    f.write(json.dumps(q.to_dict(), ensure_ascii=False) + "\n")
        seconds = time.perf_counter() - start
        for lang in sorted({(r.get("lang") or "en") for r in rows}):
            res = subprocess.run(
                [sys.executable, str(args.scorer), str(path), str(pred), "--lang", lang, "--json"],
                capture_output=True,
                text=True,
                check=True,
            )
            d = json.loads(res.stdout)
            print(
                f"{path.stem:12s} {lang} {'full' if args.full else 'select'}  attributed F1 "
                f"{d['attributed_prf'][2]:.3f}  quote F1 {d['quote_prf'][2]:.3f}  spk {d.get('speaker_acc')}  "
                f"org {d.get('organization_acc')}  claim {d.get('claim_acc')}  ({seconds:.0f}s for the file)",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
