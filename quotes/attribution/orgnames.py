"""How much does a string read like the name of an organization? A logistic regression over the string's words,
its first and last word, the character trigrams of its words and its capitalization, learned from the entities
of the CoNLL-2002 Spanish newswire (ORG against PER, LOC and MISC; :mod:`quotes.train.orgnames`).

The organization linker (:mod:`quotes.attribution.orglink`) reads its probability, in buckets, as one feature of
each candidate. The Spanish pipeline's entity recognizer labels many organizations as persons or places ("Fase
Consulting", "Audiencia de Palma"), and a candidate the article never labels ORG was the strongest evidence for
"no organization" in the linker's errors; the trigrams carry what the recognizer misses ("-ción", "consult",
"S.A."). The weights are ``quotes/data/models/orgnames/model.json``; without them the feature is left out.
"""

from __future__ import annotations

import math
import re
from functools import cache
from pathlib import Path

from quotes.attribution.linear import LinearWeights
from quotes.shipped import model_path

#: Where the shipped weights live.
MODEL_PATH = model_path("orgnames", "model.json")

#: Upper edges of the probability buckets the linker reads.
BUCKETS = (0.1, 0.3, 0.5, 0.7, 0.9)

_TOKEN = re.compile(r"\w+|[^\w\s]")


def _shape(word: str) -> str:
    if word.isupper() and len(word) > 1:
        return "A"
    if word[:1].isupper():
        return "C"
    if word.isalpha():
        return "l"
    return "d" if word.isdigit() else "p"


def features(text: str) -> list[str]:
    """The feature strings of one name (repeated trigrams count once)."""
    words = _TOKEN.findall(text)
    lower = [w.lower() for w in words]
    out = ["bias", f"n={min(len(words), 5)}"]
    if lower:
        out += [f"first={lower[0]}", f"last={lower[-1]}"]
    for word in lower:
        out.append(f"w={word}")
        padded = f"<{word}>"
        out += [f"c3={padded[i : i + 3]}" for i in range(len(padded) - 2)]
    out.append("shape=" + "".join(_shape(w) for w in words)[:6])
    return sorted(set(out))


class OrgNameModel:
    """The probability that a string names an organization; each string is scored once per model."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights
        self._seen: dict[str, float] = {}

    def probability(self, text: str) -> float:
        p = self._seen.get(text)
        if p is None:
            z = sum(self.weights.get(f, 0.0) for f in features(text))
            p = 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))
            if len(self._seen) < 100_000:
                self._seen[text] = p
        return p

    def bucket(self, text: str) -> str:
        """The probability's bucket: the first edge of :data:`BUCKETS` above it, or ``1``."""
        p = self.probability(text)
        return next((str(edge) for edge in BUCKETS if p < edge), "1")

    @classmethod
    def load(cls, path: str | Path) -> OrgNameModel:
        return cls(LinearWeights.load(path).weights)


@cache
def shipped() -> OrgNameModel | None:
    """The shipped model, read once per process; None when the package was installed without it."""
    return OrgNameModel.load(MODEL_PATH) if MODEL_PATH.is_file() else None
