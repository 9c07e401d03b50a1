"""Which claim type do learned weights give a quote? The pipeline's default classifier: a multinomial logistic
regression over the features of :mod:`.features`, trained on the annotated quotes (see docs/claims.md and
:mod:`quotes.train.claims`).

The rule classifier (:mod:`.rules`) decides by the first detector that fires, in SPEC order, so a single listed
word can decide a quote: "the tanks will be at the border" is a prediction whoever says it, and "es una
vergüenza" is a fact because "vergüenza" is not in the evaluative list. Here the rules' verdicts are features
among others and the weights are learned.

The model is plain numpy: a weight matrix over a fixed feature vocabulary, one row per feature string, one
column per claim type. The shipped weights (``quotes/data/models/claims/``) are read once per process, on
first use.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from quotes.enrich.claims.features import claim_features
from quotes.enrich.claims.rules import RuleClaimClassifier
from quotes.models import ClaimType, Quote
from quotes.shipped import model_path

#: Claim types in SPEC order: the columns of the weight matrix.
LABELS: tuple[str, ...] = tuple(t.value for t in ClaimType)


# ------------------------------------------------------------------------------------------------- the model


class LogisticModel:
    """Multinomial logistic regression over binary feature strings (a fixed vocabulary, numpy weights).

    Args:
        vocab: Feature string -> row of `weights`.
        weights: ``(len(vocab), len(labels))`` float32.
        bias: ``(len(labels),)`` float32.
        labels: Column names.
        meta: Training settings and figures, saved beside the weights.
    """

    def __init__(
        self,
        vocab: dict[str, int],
        weights: np.ndarray,
        bias: np.ndarray,
        labels: Sequence[str] = LABELS,
        meta: dict | None = None,
    ) -> None:
        self.vocab = vocab
        self.weights = weights
        self.bias = bias
        self.labels = tuple(labels)
        self.meta = dict(meta or {})

    def scores(self, feats: Sequence[str]) -> np.ndarray:
        idx = sorted({self.vocab[f] for f in feats if f in self.vocab})
        return self.bias + self.weights[idx].sum(axis=0) if idx else self.bias.copy()

    def predict(self, feats: Sequence[str]) -> str:
        return self.labels[int(np.argmax(self.scores(feats)))]

    def save(self, path: str | Path) -> None:
        """Write ``weights.npz`` and ``vocab.json`` (features in row order, labels, meta) into `path`."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        features = sorted(self.vocab, key=self.vocab.__getitem__)
        _write_npz(path / "weights.npz", {"weights": self.weights.astype("float32"), "bias": self.bias})
        with open(path / "vocab.json", "w", encoding="utf-8") as f:
            json.dump({"labels": list(self.labels), "meta": self.meta, "features": features}, f, ensure_ascii=False)

    @classmethod
    def load(cls, path: str | Path) -> LogisticModel:
        path = Path(path)
        with open(path / "vocab.json", encoding="utf-8") as f:
            info = json.load(f)
        with np.load(path / "weights.npz") as npz:
            weights, bias = npz["weights"], npz["bias"]
        vocab = {feat: i for i, feat in enumerate(info["features"])}
        return cls(vocab, weights, bias, info["labels"], info.get("meta"))


def _write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """``np.savez_compressed`` without its clock: every member gets the same fixed zip timestamp, so the same
    weights give the same bytes (numpy stamps each member with the time of writing)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, array in arrays.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w", force_zip64=True) as f:
                np.lib.format.write_array(f, np.asanyarray(array), allow_pickle=False)


class LearnedClaimClassifier:
    """Claim type from a :class:`LogisticModel` per language (or one joint model under the key ``*``).

    Falls back to the rules for a language without a model, and gives None where the rules give None.
    """

    def __init__(self, models: dict[str, LogisticModel]) -> None:
        self.models = models
        self._rules = RuleClaimClassifier()

    def model_for(self, lang: str) -> LogisticModel | None:
        return self.models.get(lang) or self.models.get("*")

    def __call__(self, doc: Doc, quote: Quote, lang: str) -> ClaimType | None:
        model = self.model_for(lang)
        if model is None:
            return self._rules(doc, quote, lang)
        feats = claim_features(doc, quote, lang)
        if feats is None:
            return None
        return ClaimType(model.predict(feats))

    def save(self, path: str | Path) -> None:
        """One sub-folder per model key (``es``, ``en`` or ``joint``)."""
        path = Path(path)
        for key, model in self.models.items():
            model.save(path / ("joint" if key == "*" else key))

    @classmethod
    def load(cls, path: str | Path) -> LearnedClaimClassifier:
        path = Path(path)
        models = {}
        for sub in sorted(p for p in path.iterdir() if (p / "vocab.json").is_file()):
            models["*" if sub.name == "joint" else sub.name] = LogisticModel.load(sub)
        if not models:
            raise FileNotFoundError(f"no claim-type model under {path}")
        return cls(models)


def shipped_path() -> Path:
    return model_path("claims")


@cache
def shipped() -> LearnedClaimClassifier:
    """The shipped model, loaded once per process."""
    return LearnedClaimClassifier.load(shipped_path())


class DefaultClaimClassifier:
    """The library's default: the shipped learned model, loaded on the first quote; the rules when the
    package was installed without it."""

    def __call__(self, doc: Doc, quote: Quote, lang: str) -> ClaimType | None:
        try:
            model = shipped()
        except FileNotFoundError:
            return RuleClaimClassifier()(doc, quote, lang)
        return model(doc, quote, lang)
