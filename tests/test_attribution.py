"""Speaker, organization and role across the article, on real sentences (dev set, Wikinews, Spanish news)."""

from __future__ import annotations

import pytest

from quotes.models import MentionKind, SpeakerType

CASES = [
    pytest.param(
        "Moorhead añade que la estrategia de OpenAI consiste en limitar su dependencia de un único proveedor.",
        "es",
        None,
        id="es-surname-without-full-name",
    ),
    pytest.param(
        "Por su parte, el secretario de Hacienda y Crédito Público, Arturo Herrera informó que hasta el momento se "
        "han destinado 6,251 millones de pesos para el pago de la vacuna de Pfizer.",
        "es",
        ("Arturo Herrera", SpeakerType.PERSON, "Hacienda y Crédito Público", "secretario"),
        id="es-role-in-apposition-before-name",
    ),
    pytest.param(
        '"Como dentistas, estamos justo en la cara del paciente", dijo la coautora Eileen Hoskin, profesora '
        "asistente de la Facultad de Medicina Dental de Rutgers.",
        "es",
        ("Eileen Hoskin", SpeakerType.PERSON, "Facultad de Medicina Dental de Rutgers", "profesora asistente"),
        id="es-role-noun-tagged-as-verb",
    ),
    pytest.param(
        "Council spokesperson Barend Leyts told Brussels-based media network EURACTIV safety procedure had been "
        "followed.",
        "en",
        ("Barend Leyts", SpeakerType.PERSON, "Council", "spokesperson"),
        id="en-organization-and-role-before-name",
    ),
    pytest.param(
        "Local prosecutor Remy Heitz said the suspect's wife was taken into custody.",
        "en",
        ("Remy Heitz", SpeakerType.PERSON, None, "prosecutor"),
        id="en-sentence-initial-adjective-is-no-organization",
    ),
    pytest.param(
        "Sumeet Singh, a vice president at PG&E, said the outages would last several days.",
        "en",
        ("Sumeet Singh", SpeakerType.PERSON, "PG&E", "vice president"),
        id="en-apposition-role-at-organization",
    ),
]


@pytest.mark.parametrize(("text", "lang", "expected"), CASES)
def test_attribution_speaker_organization_role(pipeline, text, lang, expected):
    quotes = pipeline.extract(text, lang=lang)
    assert len(quotes) == 1
    q = quotes[0]
    if expected is None:
        # No full name in the text: the surname as written, never a guess.
        assert q.speaker == "Moorhead"
        return
    assert (q.speaker, q.speaker_type, q.organization, q.role) == expected


def test_attribution_company_nominal_resolves_to_organization(pipeline):
    text = (
        "Amazon anunció que está desarrollando una infraestructura personalizada para OpenAI. La compañía también "
        "afirmó que el acuerdo proporcionará a OpenAI acceso a cientos de miles de GPU."
    )
    quotes = pipeline.extract(text, lang="es")
    assert [(q.speaker, q.mention_kind) for q in quotes] == [
        ("Amazon", MentionKind.NAME),
        ("Amazon", MentionKind.NOMINAL),
    ]
    assert all(q.speaker_type is SpeakerType.ORGANIZATION and q.organization == "Amazon" for q in quotes)


def test_attribution_pronoun_resolves_to_previous_speaker(pipeline):
    text = (
        '"We will use the full force of the law to bring to justice the perpetrators," said Delfin Lorenzana, the '
        "Defence Secretary. He said the army would protect places of worship."
    )
    quotes = pipeline.extract(text, lang="en")
    assert [q.speaker for q in quotes] == ["Delfin Lorenzana", "Delfin Lorenzana"]
    assert quotes[1].mention_kind is MentionKind.PRONOUN
    assert quotes[0].role == "Defence Secretary"


def test_attribution_unknown_source_stays_null(pipeline):
    # A dropped subject with nobody named before: no guess.
    quotes = pipeline.extract("Añade que el nuevo acuerdo demuestra que Amazon no se queda atrás en IA.", lang="es")
    assert all(q.speaker is None for q in quotes)
