"""The Spanish verb lemma and verb tag repair (quotes.verbforms) on invented sentences."""

from __future__ import annotations

import pytest

from quotes.languages import NOT_NEEDED, default_pipeline


@pytest.fixture(scope="module")
def es_nlp():
    return default_pipeline("es", NOT_NEEDED)


def _token(nlp, text, word):
    return next(t for t in nlp(text) if t.text == word)


def test_spanish_pipeline_has_the_repair_after_its_lemmatizer(es_nlp):
    names = es_nlp.pipe_names
    assert names.index("quotes_verb_lemmas") == names.index("lemmatizer") + 1


def test_english_pipeline_has_no_verb_index_and_no_repair():
    assert "quotes_verb_lemmas" not in default_pipeline("en", NOT_NEEDED).pipe_names


@pytest.mark.parametrize(
    ("text", "word", "lemma"),
    [
        ("La investigación continúa en el juzgado de guardia.", "continúa", "continuar"),
        ("El informe sitúa la cifra de afectados en más de mil.", "sitúa", "situar"),
        ("La nueva ley prohíbe la venta de alcohol a menores.", "prohíbe", "prohibir"),
        ("El Gobierno actúa con cautela ante la crisis.", "actúa", "actuar"),
        ("Pidió que el ministro asegurara la financiación del plan.", "asegurara", "asegurar"),
    ],
)
def test_verb_gets_a_known_lemma(es_nlp, text, word, lemma):
    token = _token(es_nlp, text, word)
    assert token.pos_ in ("VERB", "AUX")
    assert token.lemma_ == lemma


@pytest.mark.parametrize(
    ("text", "word", "lemma"),
    [
        ("«La especie ocupa sobre todo zonas templadas», recalca la bióloga Ana Gil.", "recalca", "recalcar"),
        ("«Dicen que no lo castigan, claro que sí», asevera. Luego se marcha.", "asevera", "aseverar"),
        ("«Hemos cumplido», dijo la alcaldesa. Descartó, sin embargo, subir impuestos.", "Descartó", "descartar"),
    ],
)
def test_verb_tagged_as_adjective_or_name_becomes_a_verb(es_nlp, text, word, lemma):
    token = _token(es_nlp, text, word)
    assert (token.pos_, token.lemma_) == ("VERB", lemma)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("El informe, financiado por la NASA, se publicó ayer.", "financiado"),
        ("El pontífice sostuvo que la Iglesia debe cambiar.", "pontífice"),
        ("Unos campesinos viven en las faldas del volcán San Cristóbal.", "volcán"),
        ("Quito, 23 may (EFE). El presidente viajó a la costa.", "Quito"),
        ("Lima es la capital del Perú.", "Lima"),
    ],
)
def test_nouns_names_and_participles_stay(es_nlp, text, word):
    assert _token(es_nlp, text, word).pos_ != "VERB"


def test_the_repair_finds_the_quote_a_mistagged_cue_lost():
    from quotes.pipeline import QuotePipeline

    text = "«La especie ocupa sobre todo zonas templadas», recalca la bióloga Ana Gil."
    found = QuotePipeline("rules").extract(text, lang="es")
    assert [(q.text, q.speaker) for q in found] == [("La especie ocupa sobre todo zonas templadas", "Ana Gil")]
