"""The learned speaker ranker: candidates and features on real sentence shapes, the shipped weights' choices,
and the training (docs/model-card.md)."""

from __future__ import annotations

import pytest

from quotes.attribution import attribute
from quotes.attribution.names import ArticleNames
from quotes.attribution.ranking import (
    MODEL_PATH,
    Candidate,
    LinearRanker,
    RulesChoice,
    SpeakerRanker,
    default_ranker,
)
from quotes.models import Article, MentionKind

HADDAD = (
    "Mayor Lisa Grant said the park would reopen. Councillor Omar Haddad, who chairs the parks committee, "
    "warned that the budget was tight. She added that volunteers would help."
)


class _Spy:
    """Records the candidates of every decision and chooses with the shipped ranker."""

    def __init__(self) -> None:
        self.seen: list[list[Candidate]] = []

    def choose(self, quote, candidates, lang):  # type: ignore[no-untyped-def]
        self.seen.append(list(candidates))
        return default_ranker().choose(quote, candidates, lang)


def _run(pipeline, text: str, lang: str, ranker: SpeakerRanker):  # type: ignore[no-untyped-def]
    doc = pipeline.parse([text], lang)[0]
    found = pipeline.extractor(doc, Article(id="t", text=text, lang=lang), lang)
    return attribute(doc, found, lang, ranker)


def test_ranking_shipped_weights_exist():
    assert MODEL_PATH.exists()
    assert isinstance(default_ranker(), LinearRanker)


def test_ranking_pronoun_agreement_features(pipeline):
    spy = _Spy()
    quotes = _run(pipeline, HADDAD, "en", spy)
    assert quotes[-1].mention_kind is MentionKind.PRONOUN
    cands = {c.speaker.name: c for c in spy.seen[-1]}
    assert "agree=no" in cands["Omar Haddad"].features  # "She" is not Omar Haddad
    assert "agree=yes" in cands["Lisa Grant"].features


# The ranker retrained on 963 articles (2026-12-04) weighed agreement less than the one trained on 648 did, and
# the previous speaker, the nearest person, won here (an expected failure until 2026-12-05). Retrained on the
# evening's parse, where frequent surnames are persons again (docs/entities.md), it weighs agreement enough.
def test_ranking_pronoun_agreement_choice(pipeline):
    spy = _Spy()
    quotes = _run(pipeline, HADDAD, "en", spy)
    assert quotes[-1].speaker == "Lisa Grant"
    cands = {c.speaker.name: c for c in spy.seen[-1]}
    ranker = default_ranker()
    assert isinstance(ranker, LinearRanker)
    assert ranker.score(cands["Lisa Grant"]) > ranker.score(cands["Omar Haddad"])


@pytest.mark.parametrize(
    ("text", "lang", "speaker"),
    [
        pytest.param(
            "La ministra de Sanidad, Carmen Robles, se reunió el lunes con el alcalde de Cádiz, Pedro Gil. Robles "
            "afirmó que la vacuna llegará en mayo.\n\nAñadió que las dosis se repartirán por edad.",
            "es",
            "Carmen Robles",
            id="es-null-subject-continues-last-speaker-not-the-last-person-named",
        ),
        pytest.param(
            "El portavoz del Gobierno, Luis Martín, compareció ayer en Madrid. El portavoz aseguró que el plan se "
            "aprobará en junio.\n\n«No habrá más retrasos», explicó.",
            "es",
            "Luis Martín",
            id="es-nominal-then-null-subject-resolve-to-named-person",
        ),
        pytest.param(
            "The spokesman for the city council, Mark Ellis, met reporters on Monday. The spokesman said the road "
            "would reopen in May. He added that the cost had doubled.",
            "en",
            "Mark Ellis",
            id="en-nominal-then-pronoun-resolve-to-named-person",
        ),
        pytest.param(
            "Para la urbanista Marta Solís, de la Universidad de Cádiz, el plan llega tarde.\n\n"
            "«Debió aprobarse hace diez años», explica.",
            "es",
            "Marta Solís",
            id="es-null-subject-after-para-x",
        ),
    ],
)
def test_ranking_context_speaker(pipeline, text, lang, speaker):
    spy = _Spy()
    quotes = _run(pipeline, text, lang, spy)
    assert spy.seen, "the ranker decided no quote"
    assert quotes[-1].speaker == speaker
    assert all(q.speaker == speaker for q in quotes)


def test_ranking_null_subject_candidates_hold_the_object_person(pipeline):
    """The person met (an object) is a candidate too: the ranker, not the rules' order, rules it out."""
    text = (
        "La ministra de Sanidad, Carmen Robles, se reunió el lunes con el alcalde de Cádiz, Pedro Gil. Robles "
        "afirmó que la vacuna llegará en mayo.\n\nAñadió que las dosis se repartirán por edad."
    )
    spy = _Spy()
    _run(pipeline, text, "es", spy)
    names = {c.speaker.name for c in spy.seen[-1]}
    assert {"Carmen Robles", "Pedro Gil"} <= names


def test_ranking_rules_choice_keeps_the_rules():
    a = Candidate(speaker=None, features=("bias", "src=per0"))  # type: ignore[arg-type]
    b = Candidate(speaker=None, features=("bias", "src=rules", "src=prevq0"))  # type: ignore[arg-type]
    assert RulesChoice().choose(None, [a, b], "es") == 1  # type: ignore[arg-type]
    ranker = LinearRanker({"src=per0": 1.0, "src=rules": 0.5})
    assert ranker.choose(None, [a, b], "es") == 0  # type: ignore[arg-type]


def test_ranking_fit_learns_the_telling_feature_deterministically():
    from quotes.train.speakers import Group, fit

    groups = [
        Group(f"a{i}", "es", (("bias", "near"), ("bias", "subject"), ("bias", "near", "in_quote")), (False, True, False))
        for i in range(6)
    ]
    first, second = fit(groups), fit(groups)
    assert first.weights == second.weights
    assert first.weights["subject"] > 0 > first.weights["in_quote"]
    assert first.choose(None, [Candidate(None, g) for g in groups[0].features], "es") == 1  # type: ignore[arg-type]


def test_ranking_table_is_built_per_article(pipeline):
    doc = pipeline.parse([HADDAD], "en")[0]
    table = ArticleNames(doc, "en")
    assert any(e.text.endswith("Haddad") for e in table.ents)


def test_ranking_pipeline_takes_a_ranker():
    """The ranker decides: one that always takes the last person named gives "She" to Omar Haddad."""
    from quotes import QuotePipeline

    last_named = QuotePipeline("rules", speaker_ranker=LinearRanker({"src=per0": 100.0}))
    assert last_named.extract(HADDAD, lang="en")[-1].speaker == "Omar Haddad"
    rules = QuotePipeline("rules", speaker_ranker=RulesChoice())
    assert rules.extract(HADDAD, lang="en")[-1].speaker == "Lisa Grant"


def test_ranking_fold_trainer_fits_on_gold_articles(pipeline):
    from quotes.train.cv import attribution_trainer
    from quotes.train.data import locate_gold

    text = (
        "La ministra de Sanidad, Carmen Robles, se reunió el lunes con el alcalde de Cádiz, Pedro Gil. Robles "
        "afirmó que la vacuna llegará en mayo.\n\nAñadió que las dosis se repartirán por edad."
    )
    row = {
        "id": "a1",
        "lang": "es",
        "text": text,
        "quotes": [
            {"content": "las dosis se repartirán por edad", "kind": "indirect", "cue": "Añadió",
             "speaker": "Carmen Robles", "speaker_type": "person"},
        ],
    }
    gold = locate_gold(row)
    doc = pipeline.parse([text], "es")[0]
    injected = attribution_trainer()([gold], [doc])
    assert isinstance(injected["speaker_ranker"], LinearRanker)
