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
        "El ministro venezolano de la Defensa, general Ismael Hurtado, consideró que la carta era ofensiva.",
        "es",
        ("Ismael Hurtado", SpeakerType.PERSON, "Defensa", "ministro venezolano"),
        id="es-description-then-a-bare-title-before-the-name",
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


def test_surname_labelled_organization_stays_the_person(pipeline):
    # The recognizer labels this "Trump" an organization; its full form in the article, a given name and a
    # surname, is a person, and the speaker type follows the name.
    from quotes.attribution.speaker_type import name_type

    text = (
        "Late on Sunday, the United States President Donald Trump announced US troops would be leaving Syria. "
        "The announcement was made after Trump had a phone conversation with Erdogan. Trump said the troops "
        "would come home."
    )
    quotes = pipeline.extract(text, lang="en")
    assert quotes and all(q.speaker == "Donald Trump" for q in quotes)
    said = next(q for q in quotes if q.mention == "Trump")
    # The case: the name typed alone, from its own sentence parsed without its neighbours.
    alone = pipeline.parse([text[said.mention_start :]], "en")[0]
    assert name_type(alone, 0, said.mention_end - said.mention_start, "en") is SpeakerType.ORGANIZATION
    assert all(q.speaker_type is SpeakerType.PERSON for q in quotes)


def test_attribution_unknown_source_stays_null(pipeline):
    # A dropped subject with nobody named before: no guess.
    quotes = pipeline.extract("Añade que el nuevo acuerdo demuestra que Amazon no se queda atrás en IA.", lang="es")
    assert all(q.speaker is None for q in quotes)


# --- who said it among several (invented examples of the unseen-error notes, section 5) -------------------


def _speakers(pipeline, text, lang):
    return [(q.text, q.speaker) for q in pipeline.extract(text, lang=lang)]


@pytest.mark.parametrize(
    "introduced",
    [
        # "a Marlow supporter" names Marlow inside the subject's apposition: not the clause's subject.
        pytest.param("Lee Tanaka, a Marlow supporter,", id="name-modifying-the-apposition"),
        # A title before the name and "of" a place after it: the person still is the clause's subject.
        pytest.param("Republican Rep. Lee Tanaka of New York, a Marlow supporter,", id="title-name-of-place"),
    ],
)
def test_pronoun_takes_the_subject_not_a_name_inside_it(pipeline, introduced):
    text = (
        "Jon Marlow met Paul Reyes on Thursday. Marlow said the meeting went well.\n"
        f"{introduced} said it will help both men if they can work through their differences.\n"
        "“I don’t think it’s do or die, any endorsement in particular,” he said outside the building."
    )
    found = pipeline.extract(text, lang="en")
    assert [q.speaker for q in found if q.text.startswith("I don")] == ["Lee Tanaka"]


def test_pronoun_agrees_in_gender_with_its_antecedent(pipeline):
    # The previous speaker is a man; "She" goes back to the woman named before him.
    text = (
        "Mayor Lisa Grant said the park would reopen. Councillor Omar Haddad, who chairs the parks committee, "
        "warned that the budget was tight. She added that volunteers would help."
    )
    found = _speakers(pipeline, text, "en")
    assert found[-1] == ("volunteers would help", "Lisa Grant")


def test_plural_pronoun_is_never_one_person(pipeline):
    text = (
        "The Health Department released new figures on Monday. Director Paul Mears said the numbers were "
        "encouraging. They also said that testing would expand."
    )
    found = _speakers(pipeline, text, "en")
    assert found[-1][1] != "Paul Mears"


def test_para_x_introduces_the_source_of_a_later_bare_cue(pipeline):
    text = (
        "Para la urbanista Marta Solís, de la Universidad de Cádiz, el plan llega tarde.\n\n"
        "«Debió aprobarse hace diez años», explica."
    )
    found = _speakers(pipeline, text, "es")
    assert found[-1] == ("Debió aprobarse hace diez años", "Marta Solís")
    # The "Para X," sentence is a quote of its own, though the tagger reads "urbanista" as an adjective.
    assert found[0] == ("el plan llega tarde", "Marta Solís")


def test_impersonal_plural_with_a_body_as_place(pipeline):
    found = _speakers(pipeline, "En el Ministerio de Vivienda aseguran que las obras terminarán en junio.", "es")
    assert found == [("las obras terminarán en junio", "Ministerio de Vivienda")]


@pytest.mark.parametrize(
    ("text", "lang", "speaker"),
    [
        pytest.param(
            "La Universidad de Valparaíso publicó ayer un estudio sobre el consumo de agua. Según el estudio, el "
            "consumo doméstico creció un 12 % en cinco años.",
            "es",
            "Universidad de Valparaíso",
            id="es-study-introduced-by-its-author",
        ),
        pytest.param(
            "The Harbor Safety Board released its annual report on Tuesday. The report says accidents in the port "
            "fell by a third.",
            "en",
            "Harbor Safety Board",
            id="en-report-released-by-its-author",
        ),
        pytest.param(
            "La renta media de los hogares cayó un 3 %, asegura un informe del Banco de España publicado este lunes.",
            "es",
            "Banco de España",
            id="es-author-inside-the-document-phrase",
        ),
    ],
)
def test_document_speaks_for_its_author(pipeline, text, lang, speaker):
    assert [q.speaker for q in pipeline.extract(text, lang=lang)] == [speaker]


def test_document_published_in_a_journal_is_not_the_journal(pipeline):
    # "en la revista X" says where it appeared, not who wrote it: no author named, the phrase stays.
    text = "Según un estudio publicado en la revista Nature, el hielo ártico se derrite más rápido."
    assert all(q.speaker != "Nature" for q in pipeline.extract(text, lang="es"))


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            'His daughter, and member of the INC, Sharmistha Mukherjee wrote, "My father was a man of the people."',
            "Sharmistha Mukherjee",
            id="description-then-name",
        ),
        pytest.param(
            '"We will double our staff next year," said co-founder Maria Lund.', "Maria Lund", id="hyphenated-title"
        ),
        pytest.param(
            "Dr Alan Reed, Head of Urban Planning at Northfield University, said the city grew too fast.",
            "Alan Reed",
            id="name-then-role",
        ),
        pytest.param(
            "Senator Ruth K. Allen Jr. toured the plant on Monday. \"The line will reopen,\" Ms. Allen said.",
            "Ruth K. Allen Jr.",
            id="surname-expanded-past-a-suffix",
        ),
        pytest.param(
            'Finance Minister Wen Haolin spoke in Beijing on Monday. "We will not devalue," Mr. Wen said.',
            "Wen Haolin",
            id="surname-written-first",
        ),
        pytest.param(
            'Former governor Rick Dalton toured the farm. "We grew up here," Rick said.',
            "Rick Dalton",
            id="given-name-alone",
        ),
        pytest.param(
            "Representative Alexandria Ocasio-Cortez said the bill would pass.",
            "Alexandria Ocasio-Cortez",
            id="hyphenated-surname",
        ),
        pytest.param(
            '"That was the hardest night," said Secretary-General Ban Ki-moon on Monday.',
            "Ban Ki-moon",
            id="hyphenated-given-name-after-a-surname",
        ),
        pytest.param(
            'Okafor himself said the merger was "dead on arrival."', "Okafor", id="stressing-pronoun-left-out"
        ),
        pytest.param(
            '"We need more time," said Senator Laura Whitfield, Republican of Ohio, on Monday.',
            "Laura Whitfield",
            id="party-and-state-after-the-name",
        ),
    ],
)
def test_the_name_not_the_title_or_description(pipeline, text, speaker):
    assert [q.speaker for q in pipeline.extract(text, lang="en")] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            "El secretario general de la patronal vizcaína (Cebek), José Luis Arrieta Olano, reclamó hoy que los "
            "partidos acaben con el debate.",
            "José Luis Arrieta Olano",
            id="acronym-in-parentheses-then-name",
        ),
        pytest.param(
            "El vicepresidente de la patronal guipuzcoana (Adegi), Ramón Ibarra Zubieta, reclamó hoy que los "
            "partidos acaben con el debate.",
            "Ramón Ibarra Zubieta",
            id="acronym-in-parentheses-then-name-2",
        ),
        pytest.param(
            "El presidente Unión Vecinal Independiente (UVI), Mario Torres Aldana, pidió a los socios apoyar a los "
            "candidatos.",
            "Mario Torres Aldana",
            id="organization-run-on-after-the-role",
        ),
    ],
)
def test_name_set_off_by_commas_not_the_organization_in_apposition(pipeline, text, speaker):
    # A role with two appositions, the organization (an acronym in parentheses, or a name run on after the
    # role) and the person's name between commas: the name speaks.
    found = pipeline.extract(text, lang="es")
    assert [(q.speaker, q.mention_kind) for q in found] == [(speaker, MentionKind.NAME)]


@pytest.mark.parametrize(
    ("text", "lang", "speaker"),
    [
        pytest.param(
            "Geneva (AFP) – Labour leader Tom Reyes has attacked the budget, saying that the cuts would hurt schools.",
            "en",
            "Tom Reyes",
            id="en-dateline-with-agency-and-en-dash",
        ),
        pytest.param(
            "Lima (Reuters) — Finance Minister Ana Ortiz has defended the tax plan, saying that it would cut the "
            "deficit.",
            "en",
            "Ana Ortiz",
            id="en-dateline-with-agency-and-em-dash",
        ),
        pytest.param(
            "Madrid (EFE) – La ministra Ana Ortiz ha defendido el plan fiscal, asegurando que reducirá el déficit.",
            "es",
            "Ana Ortiz",
            id="es-dateline-with-agency",
        ),
    ],
)
def test_dateline_is_not_the_subject(pipeline, text, lang, speaker):
    # The parser gives the verb two subjects, the dateline's place and the name: the one nearest the verb speaks.
    assert [q.speaker for q in pipeline.extract(text, lang=lang)] == [speaker]



@pytest.mark.parametrize(
    ("text", "lang"),
    [
        pytest.param(
            'Whitcomb publicly stated the trial would not be impartial, saying he anticipated "a partisan outcome".',
            "en",
            id="en-participle-hung-on-the-reported-clause",
        ),
        pytest.param(
            "Whitcomb said the transfer of power is what separates the country from others, and described the "
            'idea as "unthinkable."',
            "en",
            id="en-second-verb-hung-on-the-reported-clause",
        ),
    ],
)
def test_second_report_keeps_the_reporter(pipeline, text, lang):
    found = pipeline.extract(text, lang=lang)
    assert found and all(q.speaker == "Whitcomb" for q in found)


def test_group_is_not_the_person_named_next_to_it(pipeline):
    text = "Scientists, including the geologist Ana Ruiz, said the glacier was retreating."
    assert all(q.speaker != "Ana Ruiz" or q.mention != "Scientists" for q in pipeline.extract(text, lang="en"))


def test_office_noun_does_not_go_to_a_former_holder(pipeline):
    text = (
        "Former governor Ken Adams welcomed the decision. The governor, Mary Brooks, said the rules were too "
        "rigid. The governor said spending would rise next year."
    )
    assert _speakers(pipeline, text, "en")[-1] == ("spending would rise next year", "Mary Brooks")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            "Un bulo circula en redes. La sincitina-1 es una proteína que contribuye a la formación de la "
            "placenta, explicó a AFP Factual Kenneth Witwer, profesor de patología de la Universidad Johns Hopkins.",
            "Kenneth Witwer",
            id="subject-after-cue-and-addressee",
        ),
        pytest.param(
            "«La obra estará lista en mayo», aseguran fuentes de la consejería.",
            "fuentes de la consejería",
            id="plural-subject-after-cue",
        ),
        # The recognizer runs the medium into the person ("BBC Farouk Soussa" as one name); the description
        # after the comma says a person closes the run.
        pytest.param(
            "La ministra Ana Díaz habló ayer. \"El desafío fiscal es enorme\", le dice a la BBC Farouk Soussa, "
            "economista en jefe de Citigroup.",
            "Farouk Soussa",
            id="person-closing-the-addressee-run",
        ),
        pytest.param(
            "La ministra Ana Díaz habló ayer. \"La venta de ropa ha permanecido estable\", le dice a BBC Mundo "
            "Tierra Bonaldi, quien trabaja en la asociación.",
            "Tierra Bonaldi",
            id="unlisted-given-name-after-an-acronym-medium",
        ),
        pytest.param(
            'La ministra Ana Díaz habló ayer. "Es su deber informar", declaró a "Reforma" el actor Enrique Roca.',
            "Enrique Roca",
            id="described-person-after-a-quoted-medium",
        ),
        pytest.param(
            "La ministra Ana Díaz habló ayer. \"Una explosión de energía es algo muy común\", explicó a Newsweek "
            "uno de los autores del estudio, Pedro Salas, de la Universidad de Sevilla.",
            "Pedro Salas",
            id="one-of-the-authors-then-the-name",
        ),
    ],
)
def test_subject_written_after_the_cue(pipeline, text, speaker):
    assert [q.speaker for q in pipeline.extract(text, lang="es")] == [speaker]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Uno de los autores del estudio, Pedro Salas, explicó que la energía es común.", "es"),
        ("One of the researchers, Pedro Salas, said the energy was common.", "en"),
    ],
)
def test_one_of_a_group_with_a_name_in_apposition(pipeline, text, lang):
    assert [q.speaker for q in pipeline.extract("La ministra Ana Díaz habló ayer. " + text, lang=lang)] == [
        "Pedro Salas"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Uno de los portavoces de la compañía, Telefónica, explicó que es un error.",  # no person's name
        "Uno de los hijos de la actriz, Ana Belén, explicó que es un error.",  # she is the actress
    ],
)
def test_one_of_a_group_keeps_no_name_that_cannot_be_it(pipeline, text):
    speakers = [q.speaker for q in pipeline.extract("La ministra Ana Díaz habló ayer. " + text, lang="es")]
    assert speakers and not {"Telefónica", "Ana Belén"} & set(speakers)


def test_person_addressed_is_not_taken_for_the_speaker(pipeline):
    text = (
        "La ministra Ana Díaz habló ayer. \"Es un buen acuerdo\", dijo a Pedro Sánchez, presidente del "
        "Gobierno, en una carta."
    )
    assert "Pedro Sánchez" not in [q.speaker for q in pipeline.extract(text, lang="es")]


def test_medium_addressed_is_not_the_speaker(pipeline):
    text = (
        "La cantante Alicia Machado habló tras el debate. «Ni yo lo busqué ni ellos me buscaron», declaró a "
        "Televisa."
    )
    found = _speakers(pipeline, text, "es")
    assert found[-1][1] == "Alicia Machado"


def test_singular_dropped_subject_skips_a_plural_group(pipeline):
    text = (
        "Ryan Thwaites, del Imperial College, expresó que el estudio es sólido. Los investigadores advirtieron "
        "que faltan datos. Aseguró que el trabajo continuará."
    )
    assert _speakers(pipeline, text, "es")[-1] == ("el trabajo continuará", "Ryan Thwaites")


def test_nominal_with_a_named_modifier_is_its_own_source(pipeline):
    # "the Saudi government" says which government: not the organization quoted just before.
    text = (
        "The Associated Press reported that talks had stalled. The Saudi government said it would not attend."
    )
    assert _speakers(pipeline, text, "en")[-1][1] == "Saudi government"


def test_nominal_ending_with_the_name_in_apposition(pipeline):
    text = "El ministro de Gobierno Eduardo del Castillo afirmó que la policía actuó conforme a la ley."
    assert [q.speaker for q in pipeline.extract(text, lang="es")] == ["Eduardo del Castillo"]
# --- organization and role written before the name, inside the role, after the name ---------------------------
# Invented sentences reproducing the shapes read in held-out news (../shared/notes/unseen-errors.md, 6.1).

ROLE_ORG_CASES = [
    pytest.param(
        'El rector de la Universidad de Lerma, Juan Ortiz, pidió calma: "No hay motivo de alarma".',
        "es",
        ("Juan Ortiz", "Universidad de Lerma", "rector"),
        id="es-description-before-name-unlisted-role-noun",
    ),
    pytest.param(
        'The city auditor, Ruth Kemp, said: "The books do not balance."',
        "en",
        ("Ruth Kemp", None, "auditor"),
        id="en-description-before-name",
    ),
    pytest.param(
        'La portavoz de la asociación Vecinos Unidos, Clara Montes, informó: "Seguiremos protestando".',
        "es",
        ("Clara Montes", "asociación Vecinos Unidos", "portavoz"),
        id="es-organization-noun-inside-role",
    ),
    pytest.param(
        'Unionist MP Sarah Lyle said: "This is wrong."',
        "en",
        ("Sarah Lyle", "Unionist", "MP"),
        id="en-party-and-title-before-name",
    ),
    pytest.param(
        'Liberal Union MP Sarah Lyle said: "This is wrong."',
        "en",
        ("Sarah Lyle", "Liberal Union", "MP"),
        id="en-party-with-organization-word-before-title",
        marks=pytest.mark.xfail(
            reason="the organization linker retrained with train7 (2026-12-07) takes the run with the title, 'Liberal Union MP'; English organization accuracy rose out of fold (0.771 -> 0.774 on the earlier articles)",
            strict=False,
        ),
    ),
    pytest.param(
        'Harbour Board chairman Tom Reyes said: "We will build it."',
        "en",
        ("Tom Reyes", "Harbour Board", "chairman"),
        id="en-organization-title-name",
    ),
    pytest.param(
        'Jane Roe of the Harbour Alliance added, "This is a dangerous way to run a city."',
        "en",
        ("Jane Roe", "Harbour Alliance", None),
        id="en-organization-after-name-stops-before-verb",
    ),
    pytest.param(
        'Gáspár Maróth, the Hungarian Government commissioner for defence, said: "The bid won."',
        "en",
        ("Gáspár Maróth", "Hungarian Government", "commissioner for defence"),
        id="en-organization-words-before-role-in-apposition",
        marks=pytest.mark.xfail(
            reason="the organization linker with the candidates' first and last words (2026-12-07, thirteenth session) takes the shorter 'Government', which the evaluation accepts as part of the gold name; out of fold its English answers equal to the gold name rose (8,919 -> 9,015 of 12,177) and its Spanish ones stayed (4,180 -> 4,176 of 7,878)",
            strict=True,
        ),
    ),
    pytest.param(
        'El reportero Sergio Robles, de la agencia Quadratin, denunció: "Nos encañonaron".',
        "es",
        ("Sergio Robles", "agencia Quadratin", "reportero"),
        id="es-affiliation-with-organization-noun",
    ),
    pytest.param(
        'La Organización Mundial de la Salud (OMS) advirtió del riesgo. Pedro Sanz, portavoz de la OMS, dijo: "Es '
        'grave".',
        "es",
        ("Pedro Sanz", "Organización Mundial de la Salud", "portavoz"),
        id="es-acronym-takes-the-full-form-the-article-defines",
    ),
    pytest.param(
        'El ministro de Asuntos Exteriores, Luigi Di Maio, del Movimiento 5 Estrellas, ha reclamado: "Una respuesta '
        'común".',
        "es",
        ("Luigi Di Maio", "Movimiento 5 Estrellas", "ministro"),
        # Failed from the train7 retraining (2026-12-07: "Movimiento") until the linker read the candidates'
        # organization-name probability (sixteenth session).
        id="es-affiliation-after-name-wins-over-portfolio",
    ),
    pytest.param(
        "Lo declaró el secretario general de la Organización de las Naciones Unidas (ONU), António Guterres: "
        '"La pandemia hizo evidente la desigualdad".',
        "es",
        ("António Guterres", "Naciones Unidas", "secretario general de la Organización"),
        id="es-bracketed-acronym-closes-description",
    ),
    pytest.param(
        'Foreign Ministry spokesman Hami Aksoy said: "The claims are baseless."',
        "en",
        ("Hami Aksoy", "Foreign Ministry", "spokesman"),
        id="en-ministry-before-title-is-organization",
    ),
    pytest.param(
        '"Los inmigrantes aportan más de lo que reciben", añade Peter Daszak, presidente de EcoHealth Alliance y '
        "director del Centro de Estudios sobre Migraciones del Instituto Universitario Ortega y Gasset de Madrid.",
        "es",
        ("Peter Daszak", "EcoHealth Alliance", "presidente"),
        id="es-first-of-two-coordinated-roles",
    ),
    pytest.param(
        'Planetary scientist Vlada Stamenkovic of the NASA Jet Propulsion Laboratory said: "We were flabbergasted."',
        "en",
        ("Vlada Stamenkovic", "NASA Jet Propulsion Laboratory", "scientist"),
        id="en-affiliation-after-name-wins-over-word-before-title",
    ),
    pytest.param(
        'The World Health Organization (WHO) met on Wednesday. "We are deeply concerned," said Tedros Adhanom, the '
        "Director-General of the WHO.",
        "en",
        ("Tedros Adhanom", "World Health Organization", "Director-General"),
        id="en-hyphenated-office-and-acronym",
    ),
    # Negatives: a relative, a time phrase, a capitalized portfolio,
    # an event after the name.
    pytest.param(
        'El hermano de Lachlan Murdoch, James Murdoch, dijo: "No estoy de acuerdo".',
        "es",
        ("James Murdoch", None, None),
        id="es-relative-is-no-role",
    ),
    pytest.param(
        'Neil Basu, on Sunday, said: "The police found nothing inconsistent."',
        "en",
        ("Neil Basu", None, None),
        id="en-time-phrase-after-name-is-no-role",
    ),
    pytest.param(
        'Delfin Lorenzana, the Defence Secretary, said: "The attack was planned."',
        "en",
        ("Delfin Lorenzana", None, "Defence Secretary"),
        id="en-capitalized-portfolio-stays-in-role",
    ),
    pytest.param(
        'Interior Minister Joachim Brudzinski said: "I cannot find the words."',
        "en",
        ("Joachim Brudzinski", None, "Interior Minister"),
        id="en-portfolio-before-title-is-no-organization",
    ),
    pytest.param(
        'Xavier Becerra, attorney general of California, said: "The rule of law matters."',
        "en",
        ("Xavier Becerra", None, "attorney general"),
        id="en-place-of-office-is-no-organization",
    ),
    pytest.param(
        'Enrique Peña Nieto en el acto de toma de nota al Congreso del Trabajo dijo: "Seguiremos".',
        "es",
        ("Enrique Peña Nieto", None, None),
        id="es-event-after-name-is-no-organization",
    ),
]


@pytest.mark.parametrize(("text", "lang", "expected"), ROLE_ORG_CASES)
def test_attribution_organization_and_role_shapes(pipeline, text, lang, expected):
    quotes = pipeline.extract(text, lang=lang)
    assert quotes
    q = quotes[-1]
    assert (q.speaker, q.organization, q.role) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("la Organización Mundial de la Salud (OMS) dijo", {"OMS": "Organización Mundial de la Salud"}),
        ("Según la Comisión Nacional del Agua (Conagua), no", {"Conagua": "Comisión Nacional del Agua"}),
        (
            "la Asociación Americana de Productos para Mascotas (APPA, por sus siglas en inglés)",
            {"APPA": "Asociación Americana de Productos para Mascotas"},
        ),
        # A lower-case word inside the name: the capitalized words spell the acronym.
        ("el Movimiento de campesinos Sin Tierra (MST) convocó", {"MST": "Movimiento de campesinos Sin Tierra"}),
        # A party after a person's name is no definition; nor is a single capitalized word.
        ("Juan Pérez (PRI) dijo que Reuters (RT) no", {}),
        ("El ministro de Economía (ME) habló", {}),
    ],
)
def test_roles_acronyms_defined_in_brackets(text, expected):
    from quotes.attribution.acronyms import _acronyms_cached

    assert _acronyms_cached(text) == expected


@pytest.mark.parametrize(
    ("words", "lang", "expected"),
    [
        ("Harbour Alliance added", "en", "Harbour Alliance"),
        (
            "police of the Autonomous Region in Muslim Mindanao",
            "en",
            "police of the Autonomous Region in Muslim Mindanao",
        ),
        ("acto de toma de nota al Congreso del Trabajo", "es", ""),
        ("the company", "en", ""),
    ],
)
def test_roles_capitalized_run(words, lang, expected):
    from quotes.attribution.roles import capitalized_run

    assert " ".join(capitalized_run(words.split(), lang)) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("A source within the central Interior Ministry", "Interior Ministry"),
        ("A Hampshire Police spokesman", "Hampshire Police"),
        ("Biden and others in the Democratic Party", "Democratic Party"),
        ("the company", None),
    ],
)
def test_roles_organization_in_phrase(phrase, expected):
    from quotes.attribution.roles import organization_in_phrase

    assert organization_in_phrase(phrase, "en") == expected


def test_attribution_role_naming_its_body_by_a_common_noun(pipeline):
    # "de la empresa": the company named before the person.
    text = (
        "Motores Lerma S.A. abrirá una planta en Puebla. Walter Hanek, director general de la empresa, dijo: "
        "«México es el principal mercado en Latinoamérica»."
    )
    q = pipeline.extract(text, lang="es")[-1]
    expected = ("Walter Hanek", "Motores Lerma S.A.", "director general de la empresa")
    assert (q.speaker, q.organization, q.role) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # A group named by a common noun is no organization; a body named by one is.
        ('Las autoridades informaron: "No hay heridos".', "es", None),
        ('"The suspect was armed," the police said.', "en", "police"),
    ],
)
def test_attribution_common_noun_sources_and_organization(pipeline, text, lang, expected):
    q = pipeline.extract(text, lang=lang)[-1]
    assert q.speaker is not None
    org = q.organization.lower().removeprefix("the ") if q.organization else None
    assert org == expected


# --- speakers (spk): names with particles, titles that are no names, descriptions set off after a name ---


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            "El director de la empresa, Sergio de la Vega, dijo que las ventas subirán. «Es un buen año», añadió.",
            "Sergio de la Vega",
            id="es-surname-with-two-particles",
        ),
        pytest.param(
            "«Vamos a ganar», dijo Carlos de la Peña Pintos, secretario de Salud.",
            "Carlos de la Peña Pintos",
            id="es-surname-with-particles-after-cue",
        ),
    ],
)
def test_spk_name_particles_stay_in_the_surname(pipeline, text, speaker):
    assert {q.speaker for q in pipeline.extract(text, lang="es")} == {speaker}


def test_spk_both_surnames_name_the_person_named_before(pipeline):
    # Spanish names a person by given name and first surname, then by both surnames: one person, whose
    # organization and role, stated at the first mention, carry over.
    text = (
        "La directora de la Fundación Horizonte, Marta Quiroga, dijo que «el proyecto sigue en marcha».\n"
        "Más tarde, Quiroga Ledesma aseguró que «habrá fondos para todos»."
    )
    found = pipeline.extract(text, lang="es")
    assert [q.speaker for q in found] == ["Marta Quiroga", "Marta Quiroga"]
    assert {q.organization for q in found} == {"Fundación Horizonte"}


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            "A Republican Assemblywoman, Jill Tolles, said the party had few women.",
            "Jill Tolles",
            id="title-then-apposed-name",
        ),
        pytest.param(
            "First Minister of Scotland Nicola Sturgeon said the ruling was of huge significance.",
            "Nicola Sturgeon",
            id="title-of-place-then-name",
        ),
        pytest.param(
            "Russell Zimmerman, executive director of the Australian Retailers Association, said that retailers "
            "try to raise stock.",
            "Russell Zimmerman",
            id="organization-inside-description-after-name",
        ),
        pytest.param(
            "In a report last year, Dave Lewis, CEO of Tesco, stated they did not intend to leave Thailand.",
            "Dave Lewis",
            id="role-of-organization-after-name",
        ),
    ],
)
def test_spk_the_person_not_the_title_or_organization(pipeline, text, speaker):
    assert [q.speaker for q in pipeline.extract(text, lang="en")] == [speaker]


def test_spk_description_after_name_with_relative_pronoun(pipeline):
    text = "Lucía Iglesias, funcionaria de la oficina de prensa de la UNESCO, quien relató que el fallo fue grave."
    assert [q.speaker for q in pipeline.extract(text, lang="es")] == ["Lucía Iglesias"]


@pytest.mark.parametrize(
    ("text", "lang", "speaker"),
    [
        pytest.param("The mayor defended the plan. Some said the vaccine came too late.", "en", "Some", id="en-some"),
        pytest.param(
            "El alcalde Juan Ruiz defendió el plan. Algunos dicen que la vacuna llegó tarde.", "es", "Algunos", id="es"
        ),
    ],
)
def test_spk_quantifier_pronoun_is_its_own_group(pipeline, text, lang, speaker):
    last = pipeline.extract(text, lang=lang)[-1]
    assert (last.speaker, last.speaker_type) == (speaker, SpeakerType.OTHER)


def test_spk_short_name_goes_to_the_person_named_last(pipeline):
    text = (
        "El investigador Chen Mingjun presentó su estudio en marzo. Otro experto, Chen Zhongyi, dirigió el segundo "
        "equipo. Chen explicó que los datos son preliminares."
    )
    assert pipeline.extract(text, lang="es")[-1].speaker == "Chen Zhongyi"


def test_spk_name_before_apposition_is_the_written_source(pipeline):
    # A shape of the unseen-text errors: the parser hangs no subject on the cue when an introductory phrase
    # and a long apposition surround the name, so the source looked dropped and went to the context.
    from quotes.extractors.rules.sources import subject_of, unattached_subject

    text = (
        "En su visita a la planta, Marcos Ruiz Salgado, presidente ejecutivo de Aceros del Norte y Transportes "
        "Unidos, anunció que la empresa contratará a 300 personas."
    )
    doc = pipeline.parse([text], "es")[0]
    cue = next(t for t in doc if t.text == "anunció")
    assert subject_of(cue) is None  # the parse's own reading
    assert unattached_subject(cue) is not None
    quotes = pipeline.extract(text, lang="es")
    assert [(q.mention_kind, q.mention, q.speaker) for q in quotes] == [
        (MentionKind.NAME, "Marcos Ruiz Salgado", "Marcos Ruiz Salgado")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ayer, en la reunión con los vecinos, anunció que la obra terminará en mayo.",
        "En Madrid, capital de España, anunció que la obra terminará en mayo.",
    ],
)
def test_spk_apposition_without_a_name_leaves_the_subject_dropped(pipeline, text):
    quotes = pipeline.extract(text, lang="es")
    assert [q.mention_kind for q in quotes] == [MentionKind.DROPPED]


def test_spk_punctuation_is_never_the_source(pipeline):
    # The parser sometimes takes a dash or a quotation mark for the cue's subject (13 speakers out of fold
    # were a bare "—", "«" or "”"): such a mention is no source, and the speaker comes from the context.
    from quotes.attribution import attribute
    from quotes.models import Quote, QuoteKind

    text = "Ana Torres habló ayer. Los ensayos —hechos en marzo— muestran que la vacuna protege."
    doc = pipeline.parse([text], "es")[0]
    start = text.index("la vacuna")
    dash = text.index("—")
    quote = Quote(
        doc="t",
        start=start,
        end=len(text) - 1,
        text=text[start:-1],
        kind=QuoteKind.INDIRECT,
        cue="muestran",
        mention="—",
        mention_start=dash,
        mention_end=dash + 1,
        mention_kind=MentionKind.NAME,
    )
    [resolved] = attribute(doc, [quote], "es")
    assert resolved.mention is None
    assert resolved.mention_kind is MentionKind.DROPPED
    assert resolved.speaker == "Ana Torres"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Nils-Erik Haagenrud of Rogaland Fire and Rescue said no personnel would be sent into the building.",
            ("Nils-Erik Haagenrud", "Rogaland Fire and Rescue", None),
            id="unknown-given-name-recognized-person",
        ),
        pytest.param(
            "Commissioner Paul Okafor of the State Department of Emergency Services and Public Protection said the "
            "plane lost power before landing.",
            ("Paul Okafor", "State Department of Emergency Services and Public Protection", "Commissioner"),
            id="title-person-of-long-body",
        ),
        pytest.param(
            "Hassan Rouhani of Iran said the talks would continue.",
            ("Hassan Rouhani", None, None),
            id="place-is-no-organization",
        ),
    ],
)
def test_spk_english_person_of_organization(pipeline, text, expected):
    # Out of fold, "Carl Hensman of the Bill and Melinda Gates Foundation" stayed one source of type other, so
    # neither the person (the scorer compares surnames) nor the organization matched.
    [quote] = pipeline.extract(text, lang="en")
    assert (quote.speaker, quote.organization, quote.role) == expected
    assert quote.speaker_type is SpeakerType.PERSON


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            "La coordinadora de campaña de López Obrador, Tatiana Clouthier, precisó en un tuit: "
            '"En el debate, Anaya mintió sobre las cifras".',
            "Tatiana Clouthier",
            id="es",
        ),
        pytest.param("The aide to Senator Jack Reed, Ann Lee, said the bill was dead.", "Ann Lee", id="en"),
        pytest.param(
            "The American Samoan delegate to the U.S. House of Representatives, Aumua Amata, told the press that "
            "the ruling was wrong.",
            "Aumua Amata",
            id="en-name-as-modifier",
        ),
        pytest.param(
            "According to the El Paso mayor, Dee Margo, police were investigating a manifesto.",
            "Dee Margo",
            id="en-according-to",
        ),
    ],
)
def test_spk_name_inside_a_description_is_whom_it_relates_to(pipeline, text, speaker):
    # "La coordinadora ... de López Obrador" is not López Obrador: the person named in apposition speaks.
    assert [q.speaker for q in pipeline.extract(text)] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Más de la mitad de los contagios vienen de personas sin síntomas.\n\nVolckens señaló que los "
            "cubrebocas reducen el contagio.",
            "Volckens",
        ),
        (
            "Ana Whittington dirige la agencia desde 2015.\n\nWhittington insiste en que sus detractores mienten.",
            "Ana Whittington",
        ),
    ],
)
def test_spk_paragraph_opening_with_a_surname(pipeline, text, speaker):
    # The Spanish parser cut "Volckens | señaló que ..." into two sentences, and the cue lost its subject.
    quotes = pipeline.extract(text, lang="es")
    assert [(q.mention_kind, q.speaker) for q in quotes] == [(MentionKind.NAME, speaker)]


@pytest.mark.parametrize(
    ("text", "lang", "speaker"),
    [
        pytest.param(
            "La actriz Sara García llegó al festival. «Pedirme a mí que hable de cine mexicano es como pedir mi "
            "autobiografía», dice con ironía la actriz en un video.",
            "es",
            "Sara García",
            id="es-agent-ending",
        ),
    ],
)
def test_person_noun_outside_the_nominal_lexicon_resolves_to_the_person(pipeline, text, lang, speaker):
    # "la actriz" is in no list of nominals: its shape makes it a person noun, resolved like "la ministra".
    (found,) = pipeline.extract(text, lang=lang)
    assert found.mention_kind.value == "nominal" and found.speaker == speaker


@pytest.mark.parametrize(
    ("text", "lang", "speaker"),
    [
        ("El Banco de España informó que la deuda pública creció un 3 %.", "es", "Banco de España"),
        ("Según la Universidad de Granada, el consumo de agua creció un 12 %.", "es", "Universidad de Granada"),
        ("El Ayuntamiento de Madrid anunció que las obras terminarán en junio.", "es", "Ayuntamiento de Madrid"),
        ("The Bank of England said inflation would fall next year.", "en", "Bank of England"),
        ("According to the University of Texas, the study was flawed.", "en", "University of Texas"),
    ],
)
def test_an_organization_keeps_the_place_in_its_name(pipeline, text, lang, speaker):
    # An organization word opens a name that goes on past "de"/"of": "Banco de España", not "Banco".
    quotes = pipeline.extract(text, lang=lang)
    assert [q.speaker for q in quotes] == [speaker]
    assert [q.organization for q in quotes] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("El senador John Cornyn de Texas dijo que la ley pasará.", "John Cornyn"),
        ("Mike Ryan de la OMS dijo que la pandemia sigue.", "Mike Ryan"),
    ],
)
def test_a_person_name_still_stops_before_a_place_or_body(pipeline, text, speaker):
    assert [q.speaker for q in pipeline.extract(text, lang="es")] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Uno de los encargados aseguró que el trabajo estaba terminado.", "Uno de los encargados"),
        ("Una de las víctimas dijo que nadie la ayudó.", "Una de las víctimas"),
        ("Uno de ellos reconoce que no sabía nada.", "Uno de ellos"),
    ],
)
def test_one_of_a_group_is_a_source_of_its_own(pipeline, text, speaker):
    # Not the pronoun "uno" resolved to the last person named (the minister).
    quotes = pipeline.extract("La ministra Ana Díaz visitó ayer a los vecinos afectados. " + text, lang="es")
    assert [q.speaker for q in quotes] == [speaker]


def test_one_of_a_group_speaks_on_after_a_direct_quote(pipeline):
    text = (
        "La ministra Ana Díaz visitó ayer el vestuario. «Jalamos para el mismo lado», dijo uno de los jugadores. "
        "«Todo esto es injusto», añadió."
    )
    assert [q.speaker for q in pipeline.extract(text, lang="es")] == ["uno de los jugadores"] * 2


@pytest.mark.parametrize(
    ("text", "lang", "speaker"),
    [
        # A person's name is no part of an organization's: the run stops at a title, a given name or "of" + person.
        ("Senate Republican Jane Cornell of Texas said the bill would pass.", "en", None),
        ("Union Minister Piyush Goyal of India said exports rose.", "en", "Piyush Goyal"),
        ("La Secretaría de Salud de Guerrero informó que hay diez casos.", "es", "Secretaría de Salud de Guerrero"),
    ],
)
def test_an_organization_name_does_not_run_into_a_person(pipeline, text, lang, speaker):
    speakers = [q.speaker for q in pipeline.extract(text, lang=lang)]
    assert speakers and not any(" of Texas" in (s or "") or " of India" in (s or "") for s in speakers)
    if speaker is not None:
        assert speakers == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # The group's owner is not the one who speaks.
        ("Uno de los abogados de Marta Robles dijo que apelarán la decisión del juez.", "Uno de los abogados de Marta Robles"),
        # A title before the name in apposition: the person is named.
        ("Uno de los abogados de la familia, el letrado Juan Pérez, dijo que apelarán la sentencia.", "Juan Pérez"),
    ],
)
def test_one_of_a_group_of_someone(pipeline, text, speaker):
    assert [q.speaker for q in pipeline.extract(text, lang="es")] == [speaker]
