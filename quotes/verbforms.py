"""Repair of the verb lemmas and verb tags a rule lemmatizer with a verb index gets wrong (the Spanish pipeline).

`es_core_news_sm` lemmatizes by suffix rules chosen from the morphology the tagger predicts, and keeps a lemma
only when it is in its list of known verbs; when no rule gives a known verb it keeps the first rule's output.
So a stressed stem keeps its accent ("continúa" -> "continúar", "sitúa" -> "sitúar", "prohíbe" -> "prohíbir")
and a tense tagged wrong gives a word that does not exist ("asegurara" -> "asegurarar"): 1,409 verbs in the
1,448 Spanish annotated articles get a lemma that is no known verb, and this module mends them. Every rule that
reads a lemma (reporting verbs, claim-type signals, the statistical model's features) misses such a verb. 189
finite verbs there are tagged as adjectives or proper nouns ("«...», recalca." -> ADJ "recalco"; "asevera" -> PROPN).

:func:`repair` runs after the lemmatizer (the `quotes_verb_lemmas` component) and uses the lemmatizer's own
tables: the verb index and the verb suffix rules of every tense. A verb whose lemma is not a known verb gets
the known verb its lemma without the accent or its form leads to, when exactly one does. A lowercase adjective
or proper noun whose form leads to exactly one known verb becomes that verb, unless the form or its lemma is a
known noun or adjective, the form looks like a participle (an adjective in its own right: "financiado por la
NASA") or it has a determiner or a preposition ("del volcán"); a capitalized one only when it opens a sentence
as a past tense before a comma or colon ("Prosiguió: «...»").
"""

from __future__ import annotations

import unicodedata
from functools import cache

from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token

_ACCENTS = str.maketrans("áéíóú", "aeiou")
_VERB_ENDINGS = ("ar", "er", "ir", "ír")
_PARTICIPLE_ENDINGS = tuple(f"{stem}{end}" for stem in ("d", "t", "s", "ch") for end in ("o", "a", "os", "as"))


class VerbForms:
    """The verb index and the verb suffix rules of one rule lemmatizer."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        lookups = lemmatizer.lookups
        index = lookups.get_table("lemma_index")
        self.verbs = frozenset(index.get("verb", ()))
        self.adjectives = frozenset(index.get("adj", ()))
        self.nouns = frozenset(index.get("noun", ()))
        groups = lookups.get_table("lemma_rules_groups") if "lemma_rules_groups" in lookups.tables else {}
        rules = lookups.get_table("lemma_rules")
        names = {name for name, _features in groups.get("verb", ())}
        pairs: set[tuple[str, str]] = set()
        for name in names:
            pairs.update((old, new) for old, new in rules.get(name, ()))
        self.rules = tuple(sorted(pairs))

    @property
    def usable(self) -> bool:
        return bool(self.verbs and self.rules)

    def known(self, lemma: str) -> str | None:
        """`lemma` itself or without its accent, when that is a known verb."""
        if lemma in self.verbs:
            return lemma
        plain = lemma.translate(_ACCENTS)
        return plain if plain in self.verbs else None

    def from_form(self, form: str) -> str | None:
        """The one known verb the suffix rules of any tense lead `form` to, or None (none, or several)."""
        found = set()
        for old, new in self.rules:
            if form.endswith(old) and old != new:
                verb = self.known(form[: len(form) - len(old)] + new)
                if verb is not None:
                    found.add(verb)
        return found.pop() if len(found) == 1 else None


@cache
def _forms(lemmatizer: Lemmatizer) -> VerbForms:
    return VerbForms(lemmatizer)


def _verb_lemma(token: Token, forms: VerbForms) -> str | None:
    raw = token.lemma_.lower()
    lemma = raw.strip()
    if not lemma or " " in lemma:  # "pedirle" -> "pedir él" is meant
        return None
    if lemma in forms.verbs:
        return lemma if lemma != raw else None  # "asevera" -> "asevera " happens
    if lemma.endswith(_VERB_ENDINGS):
        known = forms.known(lemma)
        if known is not None:
            return known
    return forms.from_form(token.lower_)


def _mistagged_verb(token: Token, forms: VerbForms) -> str | None:
    text = token.text
    if not text.isalpha() or len(text) < 4:
        return None
    form = unicodedata.normalize("NFC", token.lower_)
    if text[0].isupper():
        # "Prosiguió: «...»", "Descartó, sin embargo, ...": a past tense opening a sentence; other capitalized
        # words are names ("Quito", "Lucas") and headline nouns far more often than verbs.
        following = token.nbor(1).text if token.i + 1 < len(token.doc) else ""
        if not (token.is_sent_start and text[1:].islower() and form.endswith("ó") and following in (",", ":")):
            return None
    words = (form, token.lemma_.lower())
    if any(w in forms.nouns or w in forms.adjectives for w in words) or form.endswith(_PARTICIPLE_ENDINGS):
        return None  # a noun or adjective, or a participle used as one ("financiado por la NASA")
    if any(c.dep_ in ("det", "case") for c in token.children):
        return None  # a noun the index lacks: "el pontífice", "del volcán"
    return forms.from_form(form)


def repair(doc: Doc, lemmatizer: Lemmatizer) -> Doc:
    """Mend `doc`'s verb lemmas and mistagged verbs in place (see the module)."""
    forms = _forms(lemmatizer)
    if not forms.usable:
        return doc
    for token in doc:
        if token.pos_ in ("VERB", "AUX"):
            lemma = _verb_lemma(token, forms)
            if lemma is not None:
                token.lemma_ = lemma
        elif token.pos_ in ("ADJ", "PROPN"):
            lemma = _mistagged_verb(token, forms)
            if lemma is not None:
                token.pos_ = "VERB"
                token.lemma_ = lemma
    return doc


class VerbLemmaRepair:
    """The pipeline component running :func:`repair` with the pipeline's lemmatizer."""

    def __init__(self, nlp: Language) -> None:
        lemmatizer = nlp.get_pipe("lemmatizer")
        if not isinstance(lemmatizer, Lemmatizer):
            raise ValueError("quotes_verb_lemmas needs a spaCy rule lemmatizer named 'lemmatizer'")
        self.lemmatizer = lemmatizer

    def __call__(self, doc: Doc) -> Doc:
        return repair(doc, self.lemmatizer)


@Language.factory("quotes_verb_lemmas", assigns=["token.lemma", "token.pos"])
def make_verb_lemma_repair(nlp: Language, name: str) -> VerbLemmaRepair:
    return VerbLemmaRepair(nlp)


def wants_repair(nlp: Language) -> bool:
    """Whether `nlp` has a rule lemmatizer with a verb index (the Spanish small pipeline does; English has none)."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if not isinstance(lemmatizer, Lemmatizer) or getattr(lemmatizer, "mode", None) != "rule":
        return False
    try:
        return _forms(lemmatizer).usable
    except (KeyError, ValueError):
        return False
