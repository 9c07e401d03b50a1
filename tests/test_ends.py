"""Where an indirect content ends: the learned choice among clause boundaries (quotes/extractors/rules/ends.py).

Sentences are shapes from the annotated Spanish news (shortened, names changed).
"""

from __future__ import annotations

import pytest

from quotes.doctext import token_index_at
from quotes.extractors.rules import RuleExtractor
from quotes.extractors.rules.ends import candidate_ends, end_features, shipped_end_model
from quotes.lexicons import cue_verbs
from quotes.pipeline import QuotePipeline


@pytest.fixture(scope="module")
def without_model() -> QuotePipeline:
    return QuotePipeline(RuleExtractor(end_weights={"es": {}, "en": {}}))


# (text, lang, the content with the learned end, the content at the rules' own end)
ENDS = [
    pytest.param(
        "Los investigadores encontraron que la mayoría de los casos de ahogamiento en piscinas portátiles "
        "involucran a niños menores de cinco años y ocurren en sus propios patios.",
        "es",
        "la mayoría de los casos de ahogamiento en piscinas portátiles involucran a niños menores de cinco años "
        "y ocurren en sus propios patios",
        "la mayoría de los casos de ahogamiento en piscinas portátiles",
        id="es-clause-cut-at-its-subject-by-the-parse",
    ),
    pytest.param(
        "El organismo explicó que a partir de este año se observa un aumento paulatino que se debe a un efecto "
        "doble; así, incrementó el número de divorcios.",
        "es",
        "a partir de este año se observa un aumento paulatino que se debe a un efecto doble; así, incrementó el "
        "número de divorcios",
        "a partir de este año se observa un aumento paulatino que se debe a un efecto doble",
        id="es-content-goes-on-after-a-semicolon",
    ),
]


@pytest.mark.parametrize(("text", "lang", "learned", "rules_end"), ENDS)
def test_ends_learned_choice(pipeline, without_model, text, lang, learned, rules_end):
    assert [q.text for q in without_model.extract(text, lang=lang)] == [rules_end]
    assert [q.text for q in pipeline.extract(text, lang=lang)] == [learned]


def test_ends_candidates_hold_the_rules_end_and_the_sentence_end(pipeline):
    text = (
        "Police also said the suspect had appeared to be wearing a suicide vest, though it was later found to "
        "be a harmless fake."
    )
    doc = pipeline.nlp("en")(text)
    start = text.index("the suspect")
    lo = token_index_at(doc, start)
    rule_hi = token_index_at(doc, text.index(" vest") + 1)
    ends = candidate_ends(doc, lo, rule_hi)
    assert rule_hi in ends
    assert doc[ends[-1]].text == "fake"  # the sentence's last word, without the period
    assert all(lo < e for e in ends) and ends == sorted(ends)
    cue = doc[token_index_at(doc, text.index("said"))]
    feats = end_features(doc, lo, rule_hi, rule_hi, cue, ends, cue_verbs("en"))
    assert "where=rule" in feats and "cut=," in feats
    # The content up to the rules' end holds a finite verb, and no quotation follows in the sentence.
    assert "cfin=True|," in feats and "qafter=False" in feats
    assert any(f.startswith("len=") and f.endswith("|rule") for f in feats)


def test_ends_features_see_a_quotation_after_the_cut(pipeline):
    text = 'El ministro afirmó que el plan avanza, aunque sus críticos lo llaman "un fracaso".'
    doc = pipeline.nlp("es")(text)
    lo = token_index_at(doc, text.index("el plan"))
    hi = token_index_at(doc, text.index("avanza"))
    ends = candidate_ends(doc, lo, hi)
    cue = doc[token_index_at(doc, text.index("afirmó"))]
    feats = end_features(doc, lo, hi, hi, cue, ends, cue_verbs("es"))
    assert "qafter=True" in feats


def test_ends_boundaries_inside_quotation_marks_are_no_candidates(pipeline):
    text = 'La ministra afirmó que el plan "es bueno, justo y necesario" para el país, según sus asesores.'
    doc = pipeline.nlp("es")(text)
    lo = token_index_at(doc, text.index("el plan"))
    ends = candidate_ends(doc, lo, token_index_at(doc, text.index("país")))
    opening, closing = text.index('"es'), text.index('rio"') + 3
    assert ends and not any(opening < doc[e + 1].idx < closing for e in ends)


def test_ends_shipped_weights_for_spanish_and_english_only():
    # Spanish and English ship weights (English since its cross-validated figure rose with 963 articles); any
    # other language keeps the rules' ends.
    for lang in ("es", "en"):
        weights = shipped_end_model(lang)
        assert weights
        assert any(k.startswith("where=") for k in weights)
    assert shipped_end_model("xx") is None


def test_ends_a_mixed_content_cut_before_its_quotation_is_indirect():
    # Weights that always take the boundary before the rules' end: the content stops before ", calling it
    # "..."", so it is no longer mixed, and the report after the cut is a quote of its own.
    cut_early = QuotePipeline(RuleExtractor(end_weights={"en": {"where=before1": 10.0}}))
    text = 'The mayor said the new tax was fair to everyone, calling it "a step toward justice".'
    found = [(q.kind.value, q.text) for q in cut_early.extract(text, lang="en")]
    assert found[0] == ("indirect", "the new tax was fair to everyone")
    assert ("mixed", 'the new tax was fair to everyone, calling it "a step toward justice"') not in found
