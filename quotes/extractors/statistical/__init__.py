"""Statistical extractor: parse-based candidates scored by linear models trained on annotated news.

Two stages (see :mod:`~quotes.extractors.statistical.features`): content candidates from the parse and the
quotation marks, kept when the content model scores them above a threshold tuned on held-out training
articles; then, for each kept quote, the speaker mention chosen by a ranking model among the nominal heads
around the cue. The mention is resolved to the fullest name by :mod:`quotes.attribution`, like the rules' mentions.

Three variants ship: `en` (every feature; the annotated English articles and PolNeAR train) serves English;
`es` (every feature; the annotated Spanish articles) serves Spanish; `xx` (the universal features only, no
words or lemmas; every training article) serves any other language. See docs/model-card.md. The weights live
in `quotes/data/models/statistical/` and load lazily, once per process, without network.

Example:
    >>> from quotes import QuotePipeline
    >>> pipe = QuotePipeline("statistical")
    >>> [(q.kind.value, q.mention) for q in pipe.extract('"We will win," Smith said.', lang="en")]
    [('direct', 'Smith')]

Modules, in the order of the data flow:

- :mod:`~quotes.extractors.statistical.constructions`: where a quote could be (content candidates, one
  generator per construction);
- :mod:`~quotes.extractors.statistical.features`: what the model sees of each candidate, and its possible
  speakers;
- :mod:`~quotes.extractors.statistical.model`: the hashed sparse linear layers, their training and their bytes;
- :mod:`~quotes.extractors.statistical.extractor`: the trained model (weights, lexicon, threshold), its
  decoding and the extractor registered as "statistical".
"""

from __future__ import annotations

from quotes.extractors.statistical.extractor import (
    Prediction,
    StatisticalExtractor,
    StatisticalModel,
    shipped_model,
    to_quotes,
)

__all__ = ["Prediction", "StatisticalExtractor", "StatisticalModel", "shipped_model", "to_quotes"]
