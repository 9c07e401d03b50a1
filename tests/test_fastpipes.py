"""The array versions of spaCy's attribute ruler and rule lemmatizer write what spaCy's components write."""

import pytest
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

from quotes import QuotePipeline
from quotes.fastpipes import apply_attribute_ruler, apply_lemmatizer, run_components

TEXTS = {
    "en": "Y'all ain't seen nothin' yet, she said. It's not what they're doing. The U.S. isn't here.\n\n"
    "Officials were warned; the reports say markets fell 3% as investors' fears grew.",
    "es": "El gobierno anunció que no habrá cambios.\n\nLa ministra lo dijo ayer. Según ellos, "
    "Ésta es la peor crisis que vivieron las empresas. Dijéronlo los portavoces.",
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_fast_attribute_ruler_writes_what_spacy_writes(lang):
    nlp = QuotePipeline("ensemble").nlp(lang)
    ruler = nlp.get_pipe("attribute_ruler")
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        doc = nlp(TEXTS[lang])
    mine, theirs = apply_attribute_ruler(ruler, doc.copy()), ruler(doc.copy())
    cols = [TAG, POS, MORPH, LEMMA, DEP]
    assert (mine.to_array(cols) == theirs.to_array(cols)).all()
    assert (mine.to_array(cols) != doc.to_array(cols)).any()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_fast_lemmatizer_writes_what_spacy_writes(lang):
    nlp = QuotePipeline("ensemble").nlp(lang)
    lemmatizer = nlp.get_pipe("lemmatizer")
    with nlp.select_pipes(disable=["lemmatizer"]):
        doc = nlp(TEXTS[lang])
    # twice: the second time every lemma comes from what the first call remembered
    for _ in range(2):
        mine, theirs = apply_lemmatizer(lemmatizer, doc.copy()), lemmatizer(doc.copy())
        assert [t.lemma_ for t in mine] == [t.lemma_ for t in theirs]
    assert any(t.lemma_ != t.text.lower() for t in mine)
    # spaCy's own tables are left as they were (the faster word sets belong to a twin)
    index = lemmatizer.lookups.get_table("lemma_index")
    assert all(isinstance(v, list) for v in index.values())


def test_run_components_gives_what_nlp_gives():
    nlp = QuotePipeline("ensemble").nlp("en")
    text = TEXTS["en"]
    mine = run_components(nlp, [nlp.make_doc(text)])[0]
    theirs = nlp(text)
    cols = [TAG, POS, MORPH, LEMMA, DEP]
    assert (mine.to_array(cols) == theirs.to_array(cols)).all()
