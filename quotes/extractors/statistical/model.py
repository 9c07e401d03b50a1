"""The two linear models of the statistical extractor, on thinc's hashed sparse linear layer.

* the **content model** scores each content candidate (is it a reported statement?) with a logistic loss;
* the **speaker model** ranks the mention candidates of one quote with a softmax over the group (a
  mention-ranking model, as in coreference work), so scores compete within a quote rather than being
  calibrated across quotes.

Both are `thinc` `SparseLinear` layers over feature strings hashed with spaCy's 64-bit MurmurHash, the same
model family as spaCy's bag-of-words text classifier. Training is deterministic: fixed seed, fixed batch
order, single-threaded CPU kernels.
"""

from __future__ import annotations

import numpy as np
from spacy.strings import hash_string  # type: ignore[attr-defined]  # compiled; spaCy's stub omits it
from thinc.api import Adam, Model, SparseLinear_v2, fix_random_seed

#: Hash bins per model. 2**17 float32 weights are 512 KiB: the four shipped models take about 2 MB.
N_BINS = 2**17


def hashed(row: list[str]) -> np.ndarray:
    """The hash keys of one feature row."""
    return np.fromiter(map(hash_string, row), dtype="uint64", count=len(row))


def _batch(rows: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return _batch_keys([hashed(r) for r in rows])


def _batch_keys(rows: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    keys = np.concatenate(rows) if rows else np.zeros(0, dtype="uint64")
    vals = np.ones(len(keys), dtype="float32")
    lengths = np.array([len(r) for r in rows], dtype="int32")
    return keys, vals, lengths


def new_layer(n_bins: int = N_BINS) -> Model:
    layer = SparseLinear_v2(nO=1, length=n_bins)
    layer.initialize()
    return layer


def scores(layer: Model, rows: list[list[str]]) -> np.ndarray:
    """Raw linear scores, one per feature row."""
    if not rows:
        return np.zeros(0, dtype="float32")
    out = layer.predict(_batch(rows))
    return np.asarray(out).reshape(-1)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max())
    return e / e.sum()


def train_binary(
    rows: list[list[str]],
    labels: list[int],
    *,
    epochs: int,
    seed: int,
    lr: float = 0.01,
    batch_size: int = 64,
    l2: float = 1e-6,
    n_bins: int = N_BINS,
    weights: list[float] | None = None,
) -> Model:
    """Logistic regression on hashed features, trained with Adam; `weights` scale each row's loss."""
    fix_random_seed(seed)
    layer = new_layer(n_bins)
    opt = Adam(lr, L2=l2, use_averages=False)
    y = np.asarray(labels, dtype="float32")
    w = np.ones(len(rows), dtype="float32") if weights is None else np.asarray(weights, dtype="float32")
    keys = [hashed(r) for r in rows]  # hashed once, not once per epoch
    rng = np.random.RandomState(seed)
    order = np.arange(len(rows))
    for _ in range(epochs):
        rng.shuffle(order)
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            out, backprop = layer.begin_update(_batch_keys([keys[i] for i in idx]))
            p = sigmoid(np.asarray(out).reshape(-1))
            d = ((p - y[idx]) * w[idx] / len(idx)).reshape(-1, 1).astype("float32")
            backprop(d)
            layer.finish_update(opt)
    return layer


def train_ranker(
    groups: list[tuple[list[list[str]], int]],
    *,
    epochs: int,
    seed: int,
    lr: float = 0.01,
    batch_size: int = 32,
    l2: float = 1e-6,
    n_bins: int = N_BINS,
    weights: list[float] | None = None,
) -> Model:
    """Softmax ranking over groups of candidates; each group is (feature rows, index of the right one);
    `weights` scale each group's loss."""
    fix_random_seed(seed)
    layer = new_layer(n_bins)
    opt = Adam(lr, L2=l2, use_averages=False)
    rng = np.random.RandomState(seed)
    order = np.arange(len(groups))
    keys = [[hashed(r) for r in rows] for rows, _ in groups]
    for _ in range(epochs):
        rng.shuffle(order)
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            out, backprop = layer.begin_update(_batch_keys([r for i in idx for r in keys[i]]))
            out = np.asarray(out).reshape(-1)
            d = np.zeros_like(out)
            pos = 0
            for i in idx:
                n, gold = len(groups[i][0]), groups[i][1]
                p = softmax(out[pos : pos + n])
                p[gold] -= 1.0
                d[pos : pos + n] = p * (1.0 if weights is None else weights[i]) / len(idx)
                pos += n
            backprop(d.reshape(-1, 1).astype("float32"))
            layer.finish_update(opt)
    return layer


def to_bytes(layer: Model) -> bytes:
    return layer.to_bytes()


def from_bytes(data: bytes, n_bins: int = N_BINS) -> Model:
    layer = SparseLinear_v2(nO=1, length=n_bins)
    layer.initialize()
    return layer.from_bytes(data)
