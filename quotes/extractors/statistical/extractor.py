"""Which quotes does the trained model keep, and whose are they? Decoding with the shipped weights.

:class:`StatisticalModel` holds the content and speaker layers of each variant, the cue lexicon and the
decision thresholds, and reads and writes them (`quotes/data/models/statistical/`);
:class:`StatisticalExtractor` is the extractor registered as "statistical".
"""

from __future__ import annotations

import gzip
import json
import threading
from pathlib import Path
from typing import Any

from attrs import define
from spacy.tokens import Doc

from quotes.doctext import morph_values
from quotes.extractors.registry import register
from quotes.extractors.statistical import model as lm
from quotes.extractors.statistical.constructions import Candidate, CueLexicon, Mention, ud
from quotes.extractors.statistical.features import candidates, keep
from quotes.models import Article, MentionKind, Quote
from quotes.shipped import model_path

_MENTION_KINDS = {"name": MentionKind.NAME, "pronoun": MentionKind.PRONOUN, "nominal": MentionKind.NOMINAL}


@define
class Prediction:
    """A kept candidate with its chosen mention and probabilities."""

    cand: Candidate
    p_content: float
    mention: Mention | None
    p_speaker: float
    dropped: bool = False


class StatisticalModel:
    """The trained models of both variants, the cue lexicon and the decision threshold.

    Args:
        layers: `{variant: (content, speaker)}` thinc layers (`en`, `es`, `xx`).
        lexicon: Cue lemmas per language used by the candidate generator.
        meta: Training settings and figures; `threshold` is the content probability a quote needs.
    """

    def __init__(self, layers: dict[str, tuple[Any, Any]], lexicon: CueLexicon, meta: dict[str, Any]):
        self.layers = layers
        self.lexicon = lexicon
        self.meta = meta

    @property
    def threshold(self) -> float:
        return float(self.meta.get("threshold", 0.5))

    def variant(self, lang: str) -> str:
        """The variant decoding `lang`: its own (`en`; `es` when trained on silver data), else `xx`."""
        if lang in self.layers and lang != "xx":
            return lang
        return "xx" if "xx" in self.layers else next(iter(self.layers))

    def content_probabilities(
        self, doc: Doc, lang: str, cands: list[Candidate] | None = None
    ) -> tuple[list[Candidate], list[float]]:
        """Every content candidate of one parsed article and the content model's probability of each."""
        variant = self.variant(lang)
        if cands is None:
            cands = candidates(doc, lang, self.lexicon)
        rows = [keep(c.features, variant == "xx") for c in cands]
        return cands, [float(p) for p in lm.sigmoid(lm.scores(self.layers[variant][0], rows))]

    def decode(
        self,
        doc: Doc,
        lang: str,
        *,
        threshold: float | None = None,
        cands: list[Candidate] | None = None,
        probs: list[float] | None = None,
    ) -> list[Prediction]:
        """Quotes of one parsed article, in document order (`cands`, `probs`: its candidates and their content
        probabilities, if already computed)."""
        variant = self.variant(lang)
        universal = variant == "xx"
        speaker_layer = self.layers[variant][1]
        if cands is None or probs is None:
            cands, probs = self.content_probabilities(doc, lang, cands)
        if threshold is None:
            # A variant's threshold, or the one calibrated for this language ("xx:es").
            ths = self.meta.get("thresholds", {})
            threshold = float(ths.get(f"{variant}:{lang}", ths.get(variant, self.threshold)))
        t = threshold
        kept: list[tuple[Candidate, float]] = []
        # Greedy suppression: a span that shares half of itself with a more probable kept span is the same
        # attribution found twice (a quote and the clause around it, say).
        for k in sorted(range(len(cands)), key=lambda k: -probs[k]):
            if probs[k] < t:
                break
            c = cands[k]
            if any(_overlaps(c, o) for o, _ in kept):
                continue
            kept.append((c, float(probs[k])))
        kept.sort(key=lambda x: (x[0].start, x[0].end))
        out: list[Prediction] = []
        previous: Mention | None = None
        for c, p in kept:
            mention, ps = None, 0.0
            if c.mentions:
                sc = lm.scores(speaker_layer, [keep(m.features, universal) for m in c.mentions])
                dist = lm.softmax(sc)
                best = int(dist.argmax())
                mention, ps = c.mentions[best], float(dist[best])
            dropped = False
            if lang == "es" and _dropped_subject(doc, c, mention):
                # Spanish drops the subject: "Añade que ...", "..., comentó." belong to the speaker in
                # context, the previous one in news style.
                dropped = True
                mention = previous or mention
            out.append(Prediction(c, p, mention, ps, dropped))
            if mention is not None:
                previous = mention
        return out

    def save(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for variant, (content, speaker) in self.layers.items():
            (path / f"{variant}_content.bin.gz").write_bytes(gzip.compress(lm.to_bytes(content), mtime=0))
            (path / f"{variant}_speaker.bin.gz").write_bytes(gzip.compress(lm.to_bytes(speaker), mtime=0))
        meta = dict(self.meta, lexicon=self.lexicon.to_json(), variants=sorted(self.layers))
        (path / "meta.json").write_text(
            json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )

    @classmethod
    def load(cls, path: str | Path | None = None) -> StatisticalModel:
        """Load a model directory; the shipped one when `path` is None.

        Raises:
            FileNotFoundError: when the directory holds no model (train one with `quotes train`).
        """
        root = model_path("statistical") if path is None else Path(path)
        meta_file = root.joinpath("meta.json")
        if not meta_file.is_file():
            raise FileNotFoundError(
                f"no statistical model in {root}: train one with `quotes train --out DIR` and pass its path"
            )
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        n_bins = int(meta.get("n_bins", lm.N_BINS))
        layers = {}
        for variant in meta["variants"]:
            content = lm.from_bytes(
                gzip.decompress(root.joinpath(f"{variant}_content.bin.gz").read_bytes()), n_bins
            )
            speaker = lm.from_bytes(
                gzip.decompress(root.joinpath(f"{variant}_speaker.bin.gz").read_bytes()), n_bins
            )
            layers[variant] = (content, speaker)
        lexicon = CueLexicon({k: set(v) for k, v in meta.pop("lexicon").items()})
        return cls(layers, lexicon, meta)


def _overlaps(a: Candidate, b: Candidate) -> bool:
    ov = min(a.end, b.end) - max(a.start, b.start)
    return ov > 0 and (ov >= 0.5 * (a.end - a.start) or ov >= 0.5 * (b.end - b.start))


def _dropped_subject(doc: Doc, c: Candidate, mention: Mention | None) -> bool:
    """A finite Spanish cue verb without an expressed subject whose best mention is not its own argument."""
    if c.cue is None or c.source == "according":
        return mention is None
    verb = doc[c.cue]
    if any(ud(t.dep_) == "nsubj" for t in verb.children):
        return False
    if "Fin" not in morph_values(verb, "VerbForm"):
        return False
    return mention is None or doc[mention.head].head.i != verb.i


_LOCK = threading.Lock()
_SHIPPED: dict[str, StatisticalModel] = {}


def shipped_model() -> StatisticalModel:
    """The model shipped in the package, loaded once per process."""
    with _LOCK:
        if "model" not in _SHIPPED:
            _SHIPPED["model"] = StatisticalModel.load()
        return _SHIPPED["model"]


def to_quotes(
    preds: list[Prediction], doc: Doc, article: Article, *, extractor: str = "statistical"
) -> list[Quote]:
    """Records for decoded predictions: content offsets, cue, mention, and speaker set to the mention text."""
    text = article.text
    out = []
    for pr in preds:
        c = pr.cand
        fields: dict[str, Any] = {"kind": c.kind, "extractor": extractor}
        if c.cue is not None:
            cs = doc[c.cue].idx
            last = doc[(c.cue_end or c.cue + 1) - 1]
            ce = last.idx + len(last)
            fields.update(cue=text[cs:ce], cue_start=cs, cue_end=ce)
        m = pr.mention
        if m is not None:
            fields.update(
                mention=text[m.start : m.end],
                mention_start=m.start,
                mention_end=m.end,
                mention_kind=MentionKind.DROPPED if pr.dropped else _MENTION_KINDS[m.kind],
                speaker=text[m.start : m.end],
            )
        elif pr.dropped:
            fields["mention_kind"] = MentionKind.DROPPED
        # Probability that both the span and the speaker are right, the two models taken as independent.
        conf = pr.p_content * (pr.p_speaker if m is not None else 0.5)
        fields["confidence"] = round(min(1.0, max(0.0, conf)), 4)
        out.append(Quote.from_offsets(article.id, text, c.start, c.end, **fields))
    return out


class StatisticalExtractor:
    """The trained extractor behind the :class:`~quotes.extractors.Extractor` interface.

    Args:
        model: A loaded model; the shipped one (loaded on first call) when None.
    """

    name = "statistical"

    def __init__(self, model: StatisticalModel | None = None):
        self._model = model

    @property
    def model(self) -> StatisticalModel:
        if self._model is None:
            self._model = shipped_model()
        return self._model

    def __call__(self, doc: Doc, article: Article, lang: str) -> list[Quote]:
        return to_quotes(self.model.decode(doc, lang), doc, article)

    def scored(self, doc: Doc, article: Article, lang: str) -> list[tuple[Quote, float, float]]:
        """Quotes with the content probability and the speaker probability behind each confidence."""
        return self.scored_with_spans(doc, article, lang)[0]

    def scored_with_spans(
        self, doc: Doc, article: Article, lang: str
    ) -> tuple[list[tuple[Quote, float, float]], list[tuple[int, int, float]]]:
        """:meth:`scored`, and every candidate span the model weighed, kept or not, as (start, end, content
        probability): what the model thinks of a span another extractor proposes."""
        cands, probs = self.model.content_probabilities(doc, lang)
        preds = self.model.decode(doc, lang, cands=cands, probs=probs)
        quotes = to_quotes(preds, doc, article)
        spans = [(c.start, c.end, p) for c, p in zip(cands, probs, strict=True)]
        return [(q, p.p_content, p.p_speaker) for q, p in zip(quotes, preds, strict=True)], spans


@register("statistical")
def _factory() -> StatisticalExtractor:
    return StatisticalExtractor()
