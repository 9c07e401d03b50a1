"""Benchmark of `quotes extract` against textacy, on the real articles of ../shared/data/unlabeled/.

Run from the repository root (needs `pip install 'quotes[bench]'`, i.e. textacy):

    python benchmarks/bench.py                      # full run: writes benchmarks/results.{json,md}
    python benchmarks/bench.py --limit 60 --memory ''   # a quick look

All options are those of `quotes bench` (see `quotes bench --help`); this script only sets the output files.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from quotes.cli import main  # noqa: E402

if __name__ == "__main__":
    args = sys.argv[1:]
    if "-o" not in args and "--output" not in args:
        args += ["-o", str(HERE / "results.json")]
    if "--markdown" not in args:
        args += ["--markdown", str(HERE / "results.md")]
    sys.exit(main(["bench", *args]))
