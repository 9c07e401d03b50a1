"""The learned claim-type classifier: the rules' grammatical signals as features of a multinomial logistic
regression trained on the annotated quotes (see docs/claims.md and :mod:`quotes.train.claims`).

The rule classifier (:mod:`quotes.enrich.claims`) decides by the first detector that fires, in SPEC order, so a
single listed word can decide a quote: "the tanks will be at the border" is a prediction whoever says it, and
"es una vergüenza" is a fact because "vergüenza" is not in the evaluative list. Here every signal the rules
compute becomes a feature (each detector's verdict and reason, the tense, mood and person of the content's
main verb, whether its subject is the speaker, the cue's lemma and class, negation, numbers, lexicon hits),
next to a few lexical features (lemmas of the root and its dependents, word unigrams and bigrams), and the
weights are learned. A lexicon hit is therefore evidence, not a verdict.

Everything is computed from ``(doc, quote, lang)``: at run time the quote is the predicted span with the
predicted speaker, so the features never read the gold.

The model is plain numpy: a weight matrix over a fixed feature vocabulary, one row per feature string, one
column per claim type. The shipped weights (``quotes/data/models/claims/``) are read once per process, on
first use.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token

from quotes.enrich import claims as rules
from quotes.lexicons import cue_verbs
from quotes.models import ClaimType, Quote, QuoteKind

#: Claim types in SPEC order: the columns of the weight matrix.
LABELS: tuple[str, ...] = tuple(t.value for t in ClaimType)

#: Detectors of the rule classifier, in the order the rules try them (later ones read state set by earlier
#: ones: ``_prediction`` records the speaker's own future actions that ``_quantity`` and ``_announcement`` use).
_DETECTORS = (
    ("prediction", rules._prediction),
    ("quantity", rules._quantity),
    ("causal", rules._causal),
    ("rule", rules._rule),
    ("announcement", rules._announcement),
    ("experience", rules._experience),
    ("opinion", rules._opinion),
)

_NEGATION = frozenset({"no", "not", "n't", "never", "nunca", "jamás", "tampoco", "ni", "nor", "nadie", "nobody"})
_ES_MODALS = frozenset({"poder", "deber", "tener", "haber", "necesitar", "querer", "soler"})


def _context(doc: Doc, quote: Quote, lang: str) -> rules._Context | None:
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return rules._Context(
        lang=lang,
        cues=rules.load_cues(lang),
        quote=quote,
        tokens=list(span),
        cue_tokens=rules._cue_tokens(doc, quote),
        speaker_words=rules._name_words(quote.speaker, quote.organization, quote.mention),
        indirect=quote.kind is not QuoteKind.DIRECT,
    )


def _verb_features(prefix: str, verb: Token, ctx: rules._Context) -> list[str]:
    """Morphology of a verb's clause: tense, mood, person, verb form of the verb and its auxiliaries, and
    whether its subject is the speaker (own decision or experience) or someone else (a report or forecast)."""
    out = [f"{prefix}:pos={verb.pos_}", f"{prefix}:lemma={verb.lemma_.lower()}"]
    for form in rules._finite_forms(verb):
        m = form.morph
        for key in ("Tense", "Mood", "VerbForm"):
            for v in m.get(key):
                out.append(f"{prefix}:{key}={v}")
        if form.tag_:
            out.append(f"{prefix}:tag={form.tag_}")
        if form is not verb:
            out.append(f"{prefix}:aux={form.lemma_.lower()}")
    person = rules._person(verb)
    out.append(f"{prefix}:person={person}")
    subj = rules._subject(verb)
    if subj is None:
        out.append(f"{prefix}:subj=none")
    else:
        out.append(f"{prefix}:subj_pos={subj.pos_}")
        if subj.lower_ in rules._PRONOUNS_1 | rules._PRONOUNS_3:
            out.append(f"{prefix}:subj={subj.lower_}")
        if rules._refers_to_speaker(subj, ctx):
            out.append(f"{prefix}:subj=speaker")
    agent = rules._own_agent(verb, ctx, dropped_ok=True)
    out.append(f"{prefix}:own={agent}")
    if rules._is_passive(verb):
        out.append(f"{prefix}:passive")
    if rules._is_past(verb):
        out.append(f"{prefix}:past")
    if ctx.lang == "es" and rules._es_is_future(verb):
        out.append(f"{prefix}:future")
    if rules._has_conditional(verb, ctx.lang):
        out.append(f"{prefix}:conditional")
    aspect = rules._aspect_of_action(verb, ctx.lang)
    if aspect:
        out.append(f"{prefix}:aspect={aspect}")
    return out


def claim_features(doc: Doc, quote: Quote, lang: str) -> list[str] | None:
    """The feature strings of one quote, or None when its content is not in the Doc.

    Feature families (prefix): ``det`` each rule detector that fired, with its reason (``why``) and the words
    that triggered it (``ev``); ``rule`` the rule classifier's decision; ``root`` / ``v`` the main verb's and
    every verb's grammar; ``dep`` lemmas of the root's dependents; ``cue`` the cue lemma and its class;
    ``lex`` lexicon families found in the content; ``w`` / ``b`` lowercased word unigrams and bigrams; plus
    kind, speaker type, negation, numbers, first person, punctuation and length.
    """
    if lang not in rules.LANGUAGES:
        return None
    ctx = _context(doc, quote, lang)
    if ctx is None:
        return None
    feats = [f"lang={lang}", f"kind={quote.kind.value}", f"stype={quote.speaker_type}"]
    decision = None
    for name, detect in _DETECTORS:
        found = detect(ctx)
        if found is None:
            continue
        reason, words = found
        feats += [f"det={name}", f"why={name}:{reason}"]
        feats += [f"ev={name}:{w.lower()}" for w in words[:3]]
        decision = decision or name
    feats.append(f"rule={decision or 'fact'}")
    if ctx.own_future:
        feats.append("own_future")

    toks = ctx.tokens
    root = rules._clause_root(toks)
    if root is not None:
        feats += _verb_features("root", root, ctx)
        for child in root.children:
            if child.is_punct:
                continue
            feats.append(f"dep={child.dep_}:{child.lemma_.lower()}")
            feats.append(f"depr={child.dep_}")
    verbs = [t for t in toks if t.pos_ in ("VERB", "AUX") and not t.dep_.startswith("aux")]
    for verb in verbs[:6]:
        feats += [f for f in _verb_features("v", verb, ctx) if ":lemma=" not in f]
    for marker, _verb, kind in rules._future_markers(ctx):
        feats.append(f"future={kind}")
        feats.append(f"future_word={marker.lower_}")

    # Cue: the reporting word itself and its class in the reporting-verb lexicon and the claim cue lists.
    groups = cue_verbs(lang)
    for tok in ctx.cue_tokens:
        if tok.is_punct:
            continue
        lemma = tok.lemma_.lower()
        feats.append(f"cue={lemma}")
        if lemma in groups:
            feats.append(f"cue_class={groups[lemma]}")
    if not ctx.cue_tokens:
        feats.append("cue=none" if not quote.cue else f"cue_text={quote.cue.lower()}")
    for family in ("prediction", "warning_cues", "causal_cues", "announcement_cues", "opinion_cues"):
        if ctx.cue_in(family):
            feats.append(f"cue_lex={family}")

    # Lexicon families found in the content, each a feature rather than a verdict.
    for family in rules.FAMILIES:
        if family.endswith("_cues") or family in ("dates", "number_labels"):
            continue
        n = len(ctx.cues[family].find(toks))
        if n:
            feats.append(f"lex={family}")
    amounts = [t for t in toks if rules._is_amount(t, ctx)]
    if amounts:
        feats.append("amount")
    if any(t.text == "%" or t.lower_ in ("percent", "per cent", "ciento", "porcentaje") for t in toks):
        feats.append("percent_word")
    if any(t.like_num for t in toks):
        feats.append("like_num")
    if rules._rank(ctx):
        feats.append("rank")
    if any("Sup" in t.morph.get("Degree") or t.tag_ in ("JJS", "RBS") for t in toks):
        feats.append("superlative")
    if any(t.lower_ in _NEGATION or t.dep_ == "neg" for t in toks):
        feats.append("negation")
    if any(t.lower_ in rules._PRONOUNS_1 or t.lower_ in ("nuestro", "nuestra", "our", "my", "mi") for t in toks):
        feats.append("first_person_word")
    if any(t.pos_ == "PRON" and "1" in t.morph.get("Person") for t in toks):
        feats.append("first_person_pron")
    if any(t.pos_ == "PRON" and "2" in t.morph.get("Person") or t.lower_ in ("you", "usted") for t in toks):
        feats.append("second_person")
    if any("Imp" in t.morph.get("Mood") for t in toks):
        feats.append("imperative")
    if any("Sub" in t.morph.get("Mood") for t in toks):
        feats.append("subjunctive")
    for t in toks:
        if lang == "en" and t.tag_ == "MD":
            feats.append(f"modal={t.lower_}")
        elif lang == "es" and t.lemma_.lower() in _ES_MODALS and t.pos_ in ("VERB", "AUX"):
            feats.append(f"modal={t.lemma_.lower()}")
        if t.pos_ == "ADJ":
            feats.append(f"adj={t.lemma_.lower()}")
    if any(t.text in ("!", "¡") for t in toks):
        feats.append("exclamation")
    if any(t.text in ("?", "¿") for t in toks):
        feats.append("question")
    n = len(toks)
    feats.append(f"len={'short' if n < 8 else 'mid' if n < 25 else 'long'}")

    words = [t.lower_ for t in toks if not t.is_punct and not t.is_space]
    feats += [f"w={w}" for w in words]
    feats += [f"b={a}_{b}" for a, b in zip(words, words[1:], strict=False)]
    return feats


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
        np.savez_compressed(path / "weights.npz", weights=self.weights.astype("float32"), bias=self.bias)
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


class LearnedClaimClassifier:
    """Claim type from a :class:`LogisticModel` per language (or one joint model under the key ``*``).

    Falls back to the rules for a language without a model, and gives None where the rules give None.
    """

    def __init__(self, models: dict[str, LogisticModel]) -> None:
        self.models = models
        self._rules = rules.RuleClaimClassifier()

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
    return Path(str(resources.files("quotes") / "data" / "models" / "claims"))


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
            return rules.RuleClaimClassifier()(doc, quote, lang)
        return model(doc, quote, lang)
