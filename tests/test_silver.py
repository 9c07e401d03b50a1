"""Silver Spanish training data: the construction filter, the exclusion of evaluation articles, training."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotes.cli import main
from quotes.extractors.statistical.constructions import CueLexicon
from quotes.languages import NOT_NEEDED, default_pipeline
from quotes.models import Article
from quotes.train.loop import examples
from quotes.train.silver import PRECISE, label, overlapping, silver_articles

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
LEXICONS = Path(__file__).resolve().parents[2] / "shared" / "lexicons"


@pytest.fixture(scope="module")
def nlp():
    return default_pipeline("es", NOT_NEEDED)


def _label(nlp, text):
    return label(nlp(text), Article(id="x", text=text, lang="es"), "es")


@pytest.mark.parametrize(
    "text, construction, content, mention",
    [
        (
            "«Vamos a crecer mucho este año», dijo Ana Pérez, directora de Acme.",
            "direct-after|name",
            "Vamos a crecer mucho este año",
            "Ana Pérez",
        ),
        (
            "La ministra de Economía, Nadia Calviño, afirmó que la inflación bajará en otoño.",
            "indirect|name",
            "la inflación bajará en otoño",
            "Nadia Calviño",
        ),
        (
            "Según la Organización Mundial de la Salud, la vacuna es segura.",
            "according|name",
            "la vacuna es segura",
            "la Organización Mundial de la Salud",
        ),
    ],
)
def test_silver_keeps_precise_constructions(nlp, text, construction, content, mention):
    kept, ignored, kinds = _label(nlp, text)
    assert kinds == [construction] and construction in PRECISE
    assert [text[q.start : q.end] for q in kept] == [content]
    assert [text[q.mention[0] : q.mention[1]] for q in kept if q.mention] == [mention]
    assert ignored == []


@pytest.mark.parametrize(
    "text, construction",
    [
        # "según" with a vague source: 3 of 5 right on the Spanish dev articles.
        ("Según fuentes cercanas al caso, el juez dictará sentencia el lunes.", "according|other"),
        # A quotation attributed by context only (no cue): 7 of 8.
        (
            "Ana Pérez habló con la prensa.\n«El país necesita un cambio profundo en la manera de gobernar y "
            "de escuchar a todos.»",
            "direct-context|none",
        ),
    ],
)
def test_silver_leaves_out_imprecise_constructions(nlp, text, construction):
    kept, ignored, kinds = _label(nlp, text)
    assert kinds == [construction] and construction not in PRECISE
    assert kept == [] and len(ignored) == 1


def test_silver_candidates_overlapping_untrusted_quotes_are_not_negatives(nlp):
    text = "Según fuentes cercanas al caso, el juez dictará sentencia el lunes. Ana Pérez afirmó que no habrá recurso."
    rows = [{"id": "a", "text": text}]
    golds, skip, counts = silver_articles(rows, [nlp(text)], "es")
    assert counts == {"according|other": 1, "indirect|name": 1}
    lexicon = CueLexicon({"es": {"afirmar", "decir"}})
    with_skip = examples(golds, [nlp(text)], lexicon, skip)
    without = examples(golds, [nlp(text)], lexicon)
    assert [e["label"] for e in with_skip] == [1]  # "no habrá recurso"; "el juez dictará ..." left out
    assert sorted(e["label"] for e in without) == [0, 1]  # otherwise the untrusted quote is a negative


def test_silver_excludes_evaluation_articles():
    dev = "El ministro afirmó que la economía crecerá un tres por ciento el próximo año, según sus cálculos."
    other = "La alcaldesa anunció que el metro abrirá una nueva línea en primavera, con doce estaciones más."
    assert overlapping([other, dev + " Más texto del artículo."], [dev]) == {1}


def test_silver_measure_command_prints_one_row_per_construction(tmp_path, capsys):
    text = "«Vamos a crecer mucho este año», dijo Ana Pérez, directora de Acme."
    quote = {"content": "Vamos a crecer mucho este año", "speaker": "Ana Pérez", "speaker_type": "person"}
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "a1", "lang": "es", "text": text, "quotes": [quote]}) + "\n", encoding="utf-8")
    assert main(["train", "--measure-silver", str(gold)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("| construction | rules quotes | span P | attributed P | silver |")
    assert "| direct-after|name | 1 | 1.000 | 1.000 | yes |" in out

