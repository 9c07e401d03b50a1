"""Throughput, scaling and memory of `quotes extract`, against textacy's `direct_quotations` (`quotes bench`).

A benchmark of the library, not a part of it: nothing in the pipeline imports this package. Its measurements,
on the same real articles:

1. **One process, this library against the baseline** (:mod:`quotes.bench.single`): the full job against
   textacy on the same spaCy pipelines, interleaved chunk by chunk. Documents and tokens per second for each.
2. **Scaling with workers** and 3. **peak memory against corpus size** (:mod:`quotes.bench.processes`):
   ``quotes extract`` in a fresh process per setting, wall time including model loading, peak resident
   memory of the whole process tree.
4. **Accuracy** of the same pipeline, by the reference scorer (:mod:`quotes.bench.accuracy`).

:func:`run_benchmark` runs them (:mod:`quotes.bench.harness`); :func:`to_markdown` writes the tables
(:mod:`quotes.bench.report`). textacy is an optional extra: ``pip install 'quotes[bench]'``.
"""

from quotes.bench.harness import load_articles, run_benchmark
from quotes.bench.report import to_markdown
from quotes.bench.single import compare_with_textacy

__all__ = ["compare_with_textacy", "load_articles", "run_benchmark", "to_markdown"]
