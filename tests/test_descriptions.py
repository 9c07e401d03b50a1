"""Descriptions standing for a named speaker ("El sindicato" for Comisiones Obreras): the shape test, the
candidates and their features on real sentence shapes, the wiring into attribution, and the training labels
(quotes.attribution.descriptions; docs/model-card.md, "The speaker ranker")."""

from __future__ import annotations

import pytest

from quotes.attribution import attribute, descriptions
from quotes.attribution.ranking import Candidate, LinearRanker
from quotes.evaluation.gold import GoldQuote
from quotes.models import Article, MentionKind
from quotes.train.speakers import Group, Settings, _labels, fit

# The union is named inside a participle phrase, not as a subject: the rules' own resolution of "el sindicato"
# (an organization last named as a subject) does not apply, so the description reaches the ranker.
UNION = (
    "La huelga convocada por el sindicato Comisiones Obreras empezó ayer en el sector del metal. "
    "El sindicato afirmó que la protesta será un éxito."
)
MINISTER = (
    "La ministra de Hacienda, Elvira Rodríguez, presentó ayer los presupuestos en el Congreso. "
    "La responsable ministerial explicó que el déficit bajará el próximo año."
)


class _Spy:
    """Records every decision's candidates and answers with a fixed ranker."""

    def __init__(self, ranker: LinearRanker) -> None:
        self.ranker = ranker
        self.seen: list[list[Candidate]] = []

    def choose(self, quote, candidates, lang):  # type: ignore[no-untyped-def]
        self.seen.append(list(candidates))
        return self.ranker.choose(quote, candidates, lang)


def _run(pipeline, text: str, lang: str, ranker: LinearRanker):  # type: ignore[no-untyped-def]
    spy = _Spy(ranker)
    doc = pipeline.parse([text], lang)[0]
    found = pipeline.extractor(doc, Article(id="t", text=text, lang=lang), lang)
    return attribute(doc, found, lang, spy), spy


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("el sindicato", True),
        ("La responsable ministerial", True),
        ("fuentes oficiales", True),
        ("The senator", True),
        ("Comisiones Obreras", False),
        ("Elvira Rodríguez", False),
        ("CCOO", False),
        ("", False),
        (None, False),
    ],
)
def test_descriptions_shape(name, expected):
    assert descriptions.is_description(name) is expected


def test_descriptions_candidates_keep_first_and_head_near(pipeline):
    quotes, spy = _run(pipeline, UNION, "es", LinearRanker({}))
    decisions = [c for c in spy.seen if c and c[0].features[:1] == (descriptions.KEEP,)]
    assert decisions, "the description's quote went to the description ranker"
    cands = decisions[-1]
    assert cands[0].speaker.name == "El sindicato"
    named = {c.speaker.name: c for c in cands[1:]}
    assert "Comisiones Obreras" in named
    # "el sindicato Comisiones Obreras": the head noun is written next to the name.
    assert "d|head_near|type=organization" in named["Comisiones Obreras"].features
    assert all(f.startswith(descriptions.PREFIX) for c in cands for f in c.features)


def test_descriptions_without_weights_the_description_stays(pipeline):
    quotes, _ = _run(pipeline, UNION, "es", LinearRanker({}))
    assert quotes[-1].mention_kind is MentionKind.NOMINAL
    assert quotes[-1].speaker == "El sindicato"


def test_descriptions_chosen_name_is_the_speaker_and_its_organization(pipeline):
    ranker = LinearRanker({"d|head_near|type=organization": 2.0})
    quotes, _ = _run(pipeline, UNION, "es", ranker)
    assert quotes[-1].speaker == "Comisiones Obreras"
    assert quotes[-1].organization == "Comisiones Obreras"  # an organization speaks for itself


def test_descriptions_person_candidate(pipeline):
    quotes, spy = _run(pipeline, MINISTER, "es", LinearRanker({"d|head=responsable|type=person": 2.0}))
    decisions = [c for c in spy.seen if c and c[0].features[:1] == (descriptions.KEEP,)]
    assert decisions
    assert quotes[-1].speaker == "Elvira Rodríguez"


def _gold(speaker: str, aliases: list[str]) -> GoldQuote:
    return GoldQuote(content="x", start=0, end=1, speaker=speaker, speaker_aliases=tuple(aliases))


def _cands(*names: str) -> list[Candidate]:
    from quotes.attribution.names import Speaker

    first = Candidate(Speaker(names[0], None), (descriptions.KEEP,))
    return [first] + [Candidate(Speaker(n, None), ("d|x",)) for n in names[1:]]


def test_descriptions_labels_prefer_the_name_over_an_alias():
    gold = _gold("Elvira Rodríguez", ["la responsable ministerial"])
    assert _labels(_cands("La responsable ministerial", "Elvira Rodríguez", "Congreso"), gold) == (False, True, False)
    # No named candidate is right: the description (an alias) is.
    assert _labels(_cands("La responsable ministerial", "Congreso"), gold) == (True, False)
    # The gold speaker is itself a description.
    gold = _gold("los investigadores", [])
    assert _labels(_cands("Los investigadores", "Universidad de Rutgers"), gold)[0] is True


def test_descriptions_fit_apart_with_margin():
    keep_wins = Group("a", "es", ((descriptions.KEEP,), ("d|near",)), (True, False))
    name_wins = Group("b", "es", ((descriptions.KEEP,), ("d|near",)), (False, True))
    other = Group("c", "es", (("src=prevq0",), ("src=subj0",)), (True, False))
    ranker = fit([keep_wins, name_wins, name_wins, other, other], Settings(keep_margin=0.0, min_count=1))
    alone = fit([other, other], Settings(min_count=1))
    # The context ranker's weights do not depend on the descriptions' groups.
    assert ranker.weights["src=prevq0"] == pytest.approx(alone.weights["src=prevq0"])
    assert ranker.weights["d|near"] > ranker.weights.get(descriptions.KEEP, 0.0)
    margin = fit([keep_wins, name_wins, name_wins], Settings(keep_margin=5.0, min_count=1))
    assert margin.weights[descriptions.KEEP] > margin.weights["d|near"]


def test_descriptions_name_inside_the_description_is_a_candidate(pipeline):
    # The parse takes the whole phrase for the source; the person named inside it competes with the persons
    # named before (here Heather Nauert, the nearest person).
    text = (
        "Heather Nauert habló ayer con la prensa. Según la vocera de la Casa Blanca Sarah Huckabee Sanders, "
        "el presidente viajará a México."
    )
    _, spy = _run(pipeline, text, "es", LinearRanker({}))
    decisions = [c for c in spy.seen if c and c[0].features[:1] == (descriptions.KEEP,)]
    assert decisions
    inside = [c for c in decisions[-1] if "d|inside|type=person" in c.features]
    assert [c.speaker.name.split()[-1] for c in inside] == ["Sanders"]
    assert not any("d|inside|type=person" in c.features for c in decisions[-1] if "Nauert" in c.speaker.name)
