"""Which records are more likely wrong than right? A learned estimate, per language, that a record's quote and
speaker are both right, and the records under a threshold left out.

The attributed-quote F1 counts a record as a hit only when its span matches a gold quote and its speaker is
right. A record whose chance of being a hit is p adds p hits and one record; leaving it out raises the F1 when p
is under about half the F1 itself (for an F1 near 0.7, about 0.35). The extractor's confidence alone says
little of that chance (over the annotated articles, out of fold, the ensemble's records with confidence 0.6 to
0.7 are hits half the time, those of 0.9 and over 88 %), so the chance is learned from the record's own fields:
how its source is written (a name, a pronoun, a dropped subject, none), its kind, its cue word and where the
cue stands, its confidence, the speaker's type and whether an organization and a role were found, its claim
type, the content's length and the distance from the source to the content.

The weights are fitted by :mod:`quotes.train.record_filter` on out-of-fold records of the ensemble (the
records `quotes cv` writes: every learned part refitted without the article) and stored, with each language's
threshold, in ``quotes/data/models/record_filter/model.json``. A record of another extractor, or of a language
without weights, is kept: the model has only seen the ensemble's records. ``QuotePipeline(record_filter=keep_all)``
keeps every record.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from attrs import frozen

from quotes.models import Quote
from quotes.shipped import model_path

#: The pipeline's filter: records of one article and their language -> the records kept.
RecordFilterFn = Callable[[Sequence[Quote], str], list[Quote]]

#: Fields of a record that are read as they are, each paired with the record's kind as well.
_PAIRED = ("conf", "stype", "cue", "len", "org", "role", "claim", "words", "cuepos", "dist")


def record_features(quote: Quote) -> list[str]:
    """The feature strings of one record (only its own fields: the text is not read again)."""
    kind = quote.kind.value
    mention = quote.mention_kind.value
    length = quote.end - quote.start
    if quote.cue_start is None:
        cuepos = "none"
    else:
        cuepos = "before" if quote.cue_start < quote.start else "after"
    if quote.mention_start is None or quote.mention_end is None:
        dist = "none"
    else:
        gap = quote.start - quote.mention_end if quote.mention_start < quote.start else quote.mention_start - quote.end
        dist = str(min(max(gap, 0) // 50, 6))
    own = {
        "conf": str(int(quote.confidence * 20)),
        "stype": str(quote.speaker_type),
        "cue": (quote.cue or "").lower(),
        "len": str(min(length // 40, 8)),
        "org": str(bool(quote.organization)),
        "role": str(bool(quote.role)),
        "claim": str(quote.claim_type),
        "words": str(min(len((quote.speaker or "").split()), 4)),
        "cuepos": cuepos,
        "dist": dist,
    }
    feats = ["bias", f"mention={mention}", f"kind={kind}", f"mention+kind={mention}|{kind}"]
    for name in _PAIRED:
        feats += [f"{name}={own[name]}", f"{name}={own[name]}|{kind}"]
    return feats


@frozen
class LanguageFilter:
    """One language's weights (feature -> weight of the log-odds) and the probability a record must reach."""

    weights: dict[str, float]
    threshold: float

    def probability(self, quote: Quote) -> float:
        return self.probability_of(record_features(quote))

    def probability_of(self, feats: Sequence[str]) -> float:
        """The chance of a record with these features (the logistic of the summed weights)."""
        z = sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def to_json(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "weights": {k: round(v, 6) for k, v in sorted(self.weights.items()) if round(v, 6) != 0.0},
        }


class RecordFilter:
    """Leaves out the records of `extractor` whose learned chance of being right is under their language's
    threshold (:class:`LanguageFilter`); other records are kept.

    Args:
        languages: Language code -> its weights and threshold.
        extractor: The extractor whose records the weights were fitted on.
        meta: Training data and figures, saved with the weights.
    """

    def __init__(self, languages: dict[str, LanguageFilter], extractor: str = "ensemble", meta: dict | None = None):
        self.languages = languages
        self.extractor = extractor
        self.meta = dict(meta or {})

    def probability(self, quote: Quote, lang: str) -> float | None:
        """The chance that the record is a hit, or None when the filter does not judge it."""
        model = self.languages.get(lang)
        if model is None or quote.extractor != self.extractor:
            return None
        return model.probability(quote)

    def __call__(self, quotes: Sequence[Quote], lang: str) -> list[Quote]:
        model = self.languages.get(lang)
        if model is None:
            return list(quotes)
        return [q for q in quotes if q.extractor != self.extractor or model.probability(q) >= model.threshold]

    def save(self, path: str | Path) -> None:
        data = {
            "extractor": self.extractor,
            "languages": {lang: m.to_json() for lang, m in sorted(self.languages.items())},
            "meta": self.meta,
        }
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> RecordFilter:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        languages = {
            lang: LanguageFilter({str(k): float(v) for k, v in m["weights"].items()}, float(m["threshold"]))
            for lang, m in data["languages"].items()
        }
        return cls(languages, data.get("extractor", "ensemble"), data.get("meta"))


def keep_all(quotes: Sequence[Quote], lang: str) -> list[Quote]:
    """The filter that keeps every record."""
    return list(quotes)


def shipped_path() -> Path:
    return model_path("record_filter", "model.json")


@cache
def shipped() -> RecordFilter | None:
    """The shipped filter, read once per process (None when the package was installed without it)."""
    path = shipped_path()
    return RecordFilter.load(path) if path.is_file() else None


def default_filter(quotes: Sequence[Quote], lang: str) -> list[Quote]:
    """The pipeline's default: the shipped filter, or every record when there is none."""
    model = shipped()
    return model(quotes, lang) if model is not None else list(quotes)
