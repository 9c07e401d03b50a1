"""Training of the organization-name model (:mod:`quotes.attribution.orgnames`) on CoNLL-2002 files.

The shipped weights, from the checkout's root with the project data directory (DATA)::

    quotes train --orgnames DATA/conll2002_es/esp.train.utf8.conll \\
        --dev DATA/conll2002_es/esp.testa.utf8.conll --out quotes/data/models/orgnames/model.json

Each entity of the files (a B- tag and the I- tags after it) is one example, labelled by whether it is an ORG.
The fit is the speaker typer's two-candidate conditional logit (a binary logistic regression; full-batch Adam
from zero weights over a sorted vocabulary: deterministic). `--dev` files are only reported on.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

from quotes.attribution.linear import LinearWeights
from quotes.attribution.orgnames import OrgNameModel, features
from quotes.train.speakers import Group, Settings, fit, write_weights

log = logging.getLogger("quotes.train")

SETTINGS = Settings(l2=1e-4)


def read_conll(path: str | Path) -> Iterator[tuple[str, str]]:
    """``(text, label)`` of each entity of a CoNLL-2002 file (``token [POS] tag`` lines, IOB tags, blank lines
    between sentences); an I- tag after another type or outside an entity starts one."""
    words: list[str] = []
    label = ""
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            tag = parts[-1] if len(parts) >= 2 else "O"
            inside = tag.startswith("I-") and words and tag[2:] == label
            if words and not inside:
                yield " ".join(words), label
                words = []
            if tag.startswith(("B-", "I-")) and not inside:
                words, label = [parts[0]], tag[2:]
            elif inside:
                words.append(parts[0])
    if words:
        yield " ".join(words), label


def fit_entities(entities: Sequence[tuple[str, str]], settings: Settings = SETTINGS) -> OrgNameModel:
    groups = [Group("", "", ((), tuple(features(text))), (label != "ORG", label == "ORG")) for text, label in entities]
    return OrgNameModel(fit(groups, settings).weights)


def accuracy(model: OrgNameModel, entities: Sequence[tuple[str, str]]) -> dict[str, float]:
    """Accuracy of ``probability >= 0.5`` as "ORG", and the share of the majority answer ("not ORG")."""
    right = sum((model.probability(text) >= 0.5) == (label == "ORG") for text, label in entities)
    majority = sum(label != "ORG" for _, label in entities)
    n = max(1, len(entities))
    return {"entities": len(entities), "accuracy": round(right / n, 4), "majority": round(majority / n, 4)}


def train_orgnames(paths: Sequence[str | Path], *, out: str | Path | None = None,
                   dev: Sequence[str | Path] = ()) -> dict[str, object]:
    """Fit on the entities of `paths`, report on those of `dev`, write the weights to `out`."""
    entities = [e for p in paths for e in read_conll(p)]
    log.info("%d entities: %s", len(entities), dict(sorted(Counter(label for _, label in entities).items())))
    model = fit_entities(entities)
    figures: dict[str, object] = {"train": accuracy(model, entities)}
    for path in dev:
        figures[Path(path).name] = accuracy(model, list(read_conll(path)))
    figures["features"] = len(model.weights)
    if out is not None:
        write_weights(LinearWeights(model.weights).to_json(), Path(out))
    return figures
