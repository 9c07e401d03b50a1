"""The small linear models of attribution: weights over feature strings, read and written as one JSON object.

The speaker ranker (:mod:`quotes.attribution.ranking`) and the speaker typer
(:mod:`quotes.attribution.name_types`) score feature strings with the same kind of weights; this is their
common storage: ``{"weights": {feature: weight}}``, sorted, rounded to 6 decimals, zero weights left out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Self

import attrs


@attrs.frozen
class LinearWeights:
    """Weights by feature string, with their JSON form."""

    weights: dict[str, float]

    def to_json(self) -> dict[str, object]:
        return {"weights": {k: round(v, 6) for k, v in sorted(self.weights.items()) if v != 0.0}}

    @classmethod
    def load(cls, path: str | Path) -> Self:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls({str(k): float(v) for k, v in data["weights"].items()})
