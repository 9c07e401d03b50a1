"""The rule-based extractor on real news sentences, construction by construction, both languages.

Sentences come from the dev set and the unlabeled corpora in ../shared/data (Wikinews, the Spanish Fake News
Corpus, the seed article), some shortened.
"""

from __future__ import annotations

import pytest

from quotes.marks import find_quoted_spans
from quotes.models import MentionKind, QuoteKind


def _extract(pipeline, text, lang):
    return pipeline.extract(text, lang=lang)


# (text, lang, expected [(kind, content, speaker)])
POSITIVE = [
    pytest.param(
        "Patrick Moorhead, analista jefe de Moor Insights & Strategy, afirma que cree que las grandes "
        "tecnológicas tienen una necesidad real de mayor capacidad.",
        "es",
        [
            (
                "indirect",
                "cree que las grandes tecnológicas tienen una necesidad real de mayor capacidad",
                "Patrick Moorhead",
            )
        ],
        id="es-indirect-apposition-mental-verb-inside",
    ),
    pytest.param(
        "“Para escalar la IA de vanguardia se requiere una capacidad de cómputo masiva y confiable”, dijo Sam "
        "Altman, cofundador y director ejecutivo de OpenAI, en el anuncio.",
        "es",
        [
            (
                "direct",
                "Para escalar la IA de vanguardia se requiere una capacidad de cómputo masiva y confiable",
                "Sam Altman",
            )
        ],
        id="es-direct-inverted-cue",
    ),
    pytest.param(
        "Según un informe del periodista financiero Derek Thompson, se prevé que entre 2026 y 2027 las empresas "
        "inviertan más de 500 000 millones de dólares en infraestructura de IA.",
        "es",
        [
            (
                "indirect",
                "se prevé que entre 2026 y 2027 las empresas inviertan más de 500 000 millones de dólares en "
                "infraestructura de IA",
                "Derek Thompson",
            )
        ],
        id="es-segun-document-author",
    ),
    pytest.param(
        "Moorhead añade que la estrategia de OpenAI consiste en limitar su dependencia de un único proveedor de "
        "nube. «Actualmente, OpenAI está implementando sus servicios con prácticamente todos los proveedores», "
        "afirma.",
        "es",
        [
            (
                "indirect",
                "la estrategia de OpenAI consiste en limitar su dependencia de un único proveedor de nube",
                "Moorhead",
            ),
            (
                "direct",
                "Actualmente, OpenAI está implementando sus servicios con prácticamente todos los proveedores",
                "Moorhead",
            ),
        ],
        id="es-dropped-subject-after-quote",
    ),
    pytest.param(
        "El gobernador Miguel Ángel Riquelme puntualizó que “estamos ocupados en el tema pero no es una "
        "situación que prenda focos rojos”.",
        "es",
        [
            (
                "direct",
                "estamos ocupados en el tema pero no es una situación que prenda focos rojos",
                "Miguel Ángel Riquelme",
            )
        ],
        id="es-que-then-quotation",
    ),
    pytest.param(
        '"We will use the full force of the law to bring to justice the perpetrators behind this incident," said '
        "Delfin Lorenzana, the Defence Secretary.",
        "en",
        [
            (
                "direct",
                "We will use the full force of the law to bring to justice the perpetrators behind this incident,",
                "Delfin Lorenzana",
            )
        ],
        id="en-direct-said-name",
    ),
    pytest.param(
        "According to Chief Superintendent Graciano Mijares of the police of the Autonomous Region in Muslim "
        "Mindanao, the confirmed deaths are fourteen civilians, five Armed Forces personnel, and one member of the "
        "Coast Guard.",
        "en",
        [
            (
                "indirect",
                "the confirmed deaths are fourteen civilians, five Armed Forces personnel, and one member of the Coast Guard",
                "Graciano Mijares",
            )
        ],
        id="en-according-to-title-stripped",
    ),
    pytest.param(
        'Sumeet Singh, a vice president at PG&E, said "We very much understand the inconvenience and difficulties '
        'such a power outage would cause."',
        "en",
        [
            (
                "direct",
                "We very much understand the inconvenience and difficulties such a power outage would cause.",
                "Sumeet Singh",
            )
        ],
        id="en-said-then-mark-no-comma",
    ),
    pytest.param(
        "Arnel dela Vega of the army's Western Mindanao Command said the Abu Sayyaf Group are the suspected "
        "perpetrators.",
        "en",
        [("indirect", "the Abu Sayyaf Group are the suspected perpetrators", "Arnel dela Vega")],
        id="en-indirect-no-complementizer",
    ),
    pytest.param(
        "El estudio se realizó en un laboratorio usando concentraciones de enjuague bucal, explica en un "
        "comunicado Daniel H. Fine, autor principal del estudio.",
        "es",
        [
            (
                "indirect",
                "El estudio se realizó en un laboratorio usando concentraciones de enjuague bucal",
                "Daniel H. Fine",
            )
        ],
        id="es-inverted-indirect-cue-after-comma",
    ),
    pytest.param(
        "Sin antecedente\n\nEl subsecretario de Salud, Hugo López-Gatell, reportó que la pandemia cobró la vida de "
        "100 mil 104 mexicanos.",
        "es",
        [("indirect", "la pandemia cobró la vida de 100 mil 104 mexicanos", "Hugo López-Gatell")],
        id="es-heading-then-appositive-name",
    ),
    pytest.param(
        "Howard Dean spoke to reporters on Monday. Though that transition was relatively seamless, he said, "
        "replacing Clinton would be much more acrimonious and could lead to intense lobbying.",
        "en",
        [
            (
                "indirect",
                "replacing Clinton would be much more acrimonious and could lead to intense lobbying",
                "Dean",
            )
        ],
        id="en-parenthetical-cue",
    ),
    pytest.param(
        "Lorenzana said he had ordered 'heightened alert' from troops, and that the army protect places of worship.",
        "en",
        [
            (
                "mixed",
                "he had ordered 'heightened alert' from troops, and that the army protect places of worship",
                "Lorenzana",
            )
        ],
        id="en-mixed-single-marks",
    ),
]


@pytest.mark.parametrize(("text", "lang", "expected"), POSITIVE)
def test_rules_finds_quote(pipeline, text, lang, expected):
    found = _extract(pipeline, text, lang)
    got = [(q.kind.value, q.text) for q in found]
    assert got == [(kind, content) for kind, content, _ in expected]
    for q, (_, _content, speaker) in zip(found, expected, strict=True):
        assert q.text == text[q.start : q.end]
        assert q.speaker is not None and speaker.split()[-1] in q.speaker


NEGATIVE = [
    pytest.param(
        "Muchos temen ahora que la carrera por construir cada vez más infraestructura sea una burbuja.",
        "es",
        id="es-mental-state",
    ),
    pytest.param(
        "La película «Roma» ganó el premio a la mejor fotografía en el festival.",
        "es",
        id="es-title-in-marks",
    ),
    pytest.param(
        "Se prevé que la economía crezca un 3% el próximo año, con una inflación moderada.",
        "es",
        id="es-impersonal-no-source",
    ),
    pytest.param(
        "Añade que el nuevo acuerdo demuestra que Amazon no se queda atrás.", "es", id="es-dropped-no-context"
    ),
    pytest.param(
        'The so-called "dastardly act" was condemned across the region on Monday.', "en", id="en-scare-quotes"
    ),
    pytest.param("Many believe the economy will recover by the end of the year.", "en", id="en-mental-state"),
    pytest.param(
        "The report shows that the new deal demonstrates nothing about the market.",
        "en",
        id="en-show-without-source",
    ),
]


@pytest.mark.parametrize(("text", "lang"), NEGATIVE)
def test_rules_no_quote(pipeline, text, lang):
    quotes = [q for q in _extract(pipeline, text, lang) if q.speaker is not None]
    # "The report shows that ..." is a document speaking: allowed; nothing else may come out.
    assert all(q.speaker_type is not None and q.speaker.lower().endswith("report") for q in quotes)


def test_rules_nested_quote_is_not_separate(pipeline):
    text = "«Él me dijo que no vendría a la reunión del consejo», contó María López, vecina del barrio."
    found = _extract(pipeline, text, "es")
    assert [(q.kind, q.speaker) for q in found] == [(QuoteKind.DIRECT, "María López")]


def test_rules_unbalanced_mark_keeps_other_quotes(pipeline):
    text = (
        "El alcalde habló de un “error administrativo en la convocatoria.\n\n"
        "«Vamos a revisar todos los contratos firmados este año», dijo Juan Pérez, concejal de Hacienda."
    )
    found = _extract(pipeline, text, "es")
    assert [q.text for q in found] == ["Vamos a revisar todos los contratos firmados este año"]
    assert found[0].speaker == "Juan Pérez"


def test_rules_split_quotation_is_two_records(pipeline):
    text = (
        "«No vamos a permitir que esto se repita en ninguna escuela», dijo la ministra Ana Torres. «Los "
        "responsables tendrán que responder ante la justicia»."
    )
    found = _extract(pipeline, text, "es")
    assert len(found) == 2
    assert all(q.kind is QuoteKind.DIRECT for q in found)
    assert {q.speaker for q in found} == {"Ana Torres"}


def test_rules_short_quotation_after_an_attributed_one_continues_it(pipeline):
    # Four words as their own sentence: alone they could be a title or a slogan, right after the speaker's
    # attributed quotation they are more of the same speech.
    text = "“Me sentí tranquilo”, dijo Stuart Dempster. “Dormí mejor esa noche”."
    found = _extract(pipeline, text, "es")
    assert [(q.kind, q.text, q.speaker) for q in found] == [
        (QuoteKind.DIRECT, "Me sentí tranquilo", "Stuart Dempster"),
        (QuoteKind.DIRECT, "Dormí mejor esa noche", "Stuart Dempster"),
    ]


def test_rules_sentence_of_fewer_than_four_words_after_an_attributed_quotation_continues_it(pipeline):
    text = "“It is a tough charge,” the senator said. “But, come on.”\n\nEarlier this week, the chairman spoke."
    found = _extract(pipeline, text, "en")
    assert [(q.kind, q.text) for q in found] == [
        (QuoteKind.DIRECT, "It is a tough charge,"),
        (QuoteKind.DIRECT, "But, come on."),
    ]


def test_rules_short_term_in_marks_inside_a_sentence_is_no_continuation(pipeline):
    text = "“It is a tough charge,” the senator said. He read “Dune” on the flight home."
    found = _extract(pipeline, text, "en")
    assert [q.text for q in found] == ["It is a tough charge,"]


def test_rules_heading_in_capitals_after_a_quotation_is_no_quote(pipeline):
    text = "“No hay indicación oficial”, señaló el coordinador Luis Vázquez. ‘LOS HOSPITALES CUENTAN CON ESTRATEGIAS’."
    found = _extract(pipeline, text, "es")
    assert [q.text for q in found] == ["No hay indicación oficial"]


def test_rules_quotation_after_the_sentence_that_introduces_it(pipeline):
    # No colon and no cue next to the marks: the sentence before, a reporting verb with a subject and nothing
    # of its own to report, introduces the quotation.
    text = (
        "Sobre el papel del rey, el portavoz Pablo Echenique lo explica con naturalidad. “El PSOE es un partido "
        "monárquico y nosotros somos republicanos”."
    )
    found = _extract(pipeline, text, "es")
    assert [(q.kind, q.speaker) for q in found] == [(QuoteKind.DIRECT, "Pablo Echenique")]


@pytest.mark.parametrize(
    ("text", "lang", "speaker"),
    [
        pytest.param(
            "Carlos Reyes habló de la reforma. La ministra Ana Pérez lanzó un mensaje a los empresarios: «Es hora "
            "de invertir en el país».",
            "es",
            "Ana Pérez",
            id="es-verb-outside-the-lexicon-then-colon",
        ),
        pytest.param(
            "Paul Reyes was cautious. Senator Mitch Harlan delivered a blunt message to the governor: \"It is time "
            "to stop attacking people.\"",
            "en",
            "Mitch Harlan",
            id="en-verb-outside-the-lexicon-then-colon",
        ),
        pytest.param(
            "In comments on his blog, party chairman Mark Rollins writes:\n\n\"It is a long shot, but it could "
            "work.\"",
            "en",
            "Mark Rollins",
            id="en-colon-then-paragraph-break",
        ),
    ],
)
def test_rules_quotation_after_a_colon_is_its_clause_subjects(pipeline, text, lang, speaker):
    # The colon introduces the words as "dijo:" would, whatever the clause's verb.
    found = _extract(pipeline, text, lang)
    assert [(q.kind, q.speaker) for q in found] == [(QuoteKind.DIRECT, speaker)]


def test_rules_title_after_a_colon_is_no_quotation(pipeline):
    text = "The band released a new album this week. The record carries a long name: \"Songs for the Road Ahead\"."
    assert _extract(pipeline, text, "en") == []


def test_rules_dropped_subject_is_marked(pipeline):
    text = "La ministra Ana Torres habló ayer en el Congreso. Añade que el presupuesto de educación subirá."
    found = _extract(pipeline, text, "es")
    assert len(found) == 1
    assert found[0].mention_kind is MentionKind.DROPPED
    assert found[0].speaker == "Ana Torres"


def test_rules_cue_between_commas_without_subject_is_a_dropped_subject(pipeline):
    text = '"Me indigna", lamenta Sofía Ruiz. El miedo, relata, es una constante para su familia.'
    found = _extract(pipeline, text, "es")
    assert [q.text for q in found] == ["Me indigna", "es una constante para su familia"]
    assert found[1].mention_kind is MentionKind.DROPPED
    assert found[1].speaker == "Sofía Ruiz"


@pytest.mark.parametrize(
    ("text", "contents"),
    [
        ('«Uno» y “dos” y „drei“ y "four"', ["Uno", "dos", "drei", "four"]),
        ("Clinton's team said 'heightened alert' was ordered", ["heightened alert"]),
        ('a "broken one\n\nThen «good one» here', ["good one"]),
        ("«Párrafo uno\n\n«párrafo dos»", ["Párrafo uno\n\n«párrafo dos"]),
        ("en el mundo real''. Y luego", []),
        (
            "Fine: \"El objetivo. Pero esto debe investigarse en el mundo real''.",
            ["El objetivo. Pero esto debe investigarse en el mundo real"],
        ),
    ],
)
def test_marks_pairs(text, contents):
    assert [text[s.start : s.end] for s in find_quoted_spans(text) if s.depth == 0] == contents


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            "“Hillary Clinton’s campaign is in panic mode. Full panic mode,” said Leslie Wimes, a South "
            "Florida-based president of the Democratic African-American Women Caucus.",
            "Leslie Wimes",
            id="quoted-word-parsed-as-subject",
        ),
        pytest.param(
            "“He's absolutely right. There's a severe disconnect between this White House and our military,” "
            "Flynn, a top Trump surrogate, said Thursday morning on Fox News’s “Fox and Friends.”",
            "Flynn",
            id="programme-title-in-marks-is-not-the-source",
        ),
    ],
)
def test_rules_source_is_never_inside_quotation_marks(pipeline, text, speaker):
    # Sentences from PolNeAR dev (US news, 2016); the parser makes a quoted word the subject of "said".
    quotes = _extract(pipeline, text, "en")
    assert quotes, text
    first = quotes[0]
    assert first.kind is QuoteKind.DIRECT
    assert first.text.startswith(text[1:12])
    assert first.speaker is not None and first.speaker.endswith(speaker)
    spans = find_quoted_spans(text)
    for q in quotes:
        if q.mention_start is not None:
            assert not any(s.open <= q.mention_start < s.outer_end for s in spans), q


def test_rules_dateline_is_not_the_source(pipeline):
    # PolNeAR dev (NYT, 2016): the parser makes the dateline's place the subject of "said".
    text = (
        "WASHINGTON -- President Obama, dedicating the National Museum of African American History and Culture "
        "on Saturday, said it would tell an American story of suffering and delight."
    )
    quotes = _extract(pipeline, text, "en")
    assert [q.mention for q in quotes] == ["President Obama"]
    assert quotes[0].text.startswith("it would tell an American story")


# --- constructions added for unseen text (../shared/notes/unseen-errors.md sections 5.2-5.9) ---------------
# The sentences are the invented probes of those notes: each reproduced a miss or a false positive before.

# (text, lang, expected [(kind, content, speaker's last word)])
CONSTRUCTIONS = [
    pytest.param(
        "Las ventas de automóviles cayeron un 8 % en marzo, según la Asociación Nacional de Concesionarios.",
        "es",
        [("indirect", "Las ventas de automóviles cayeron un 8 % en marzo", "Concesionarios")],
        id="es-segun-postposed",
    ),
    pytest.param(
        "The plant will close in June, according to the Brookfield Steel Company.",
        "en",
        [("indirect", "The plant will close in June", "Company")],
        id="en-according-to-postposed",
    ),
    pytest.param(
        # "claimed" takes the rest of the sentence as its object, and each content holds the other's cue.
        "The outbreak claimed many lives in the province, according to the regional health agency.",
        "en",
        [("indirect", "The outbreak claimed many lives in the province", "agency")],
        id="en-according-to-over-a-reporting-verb",
    ),
    pytest.param(
        "El país creció un 3 % y, según el Banco Mundial, crecerá otro 2 % el año próximo.",
        "es",
        [("indirect", "crecerá otro 2 % el año próximo", "Banco Mundial")],
        id="es-segun-after-a-conjunction-opens-the-next-clause",
    ),
    pytest.param(
        "La portavoz descartó que el hospital vaya a cerrar este año.",
        "es",
        [("indirect", "el hospital vaya a cerrar este año", "La portavoz")],
        id="es-descartar-reports-its-clause",
    ),
    pytest.param(
        # "adelantar" joined the lexicon from the annotated articles (it was a known gap before).
        "La línea de metro reabrirá en otoño, adelantó una portavoz del consorcio de transportes.",
        "es",
        [("indirect", "La línea de metro reabrirá en otoño", "una portavoz del consorcio de transportes")],
        id="es-unlisted-cue-after-unquoted-content",
    ),
    pytest.param(
        "El sindicato amenazó con convocar una huelga en el puerto.",
        "es",
        [("indirect", "convocar una huelga en el puerto", "El sindicato")],
        id="es-threat-with-con-infinitive",
    ),
    pytest.param(
        "El alcalde se comprometió a bajar los impuestos.",
        "es",
        [("indirect", "bajar los impuestos", "El alcalde")],
        id="es-pronominal-promise-with-infinitive",
    ),
    pytest.param(
        "The mayor blamed the storm for the delays on the northern line.",
        "en",
        [("indirect", "the storm for the delays on the northern line", "The mayor")],
        id="en-blame-reports-its-object",
    ),
    pytest.param(
        # An announcement's "to" infinitive is what is promised (SPEC section 3), without the "to".
        "The governor vowed to veto the bill if it reaches his desk.",
        "en",
        [("indirect", "veto the bill if it reaches his desk", "The governor")],
        id="en-promise-with-to-infinitive",
    ),
    pytest.param(
        "El ministro insistió en que la crisis será larga.",
        "es",
        [("indirect", "la crisis será larga", "El ministro")],
        id="es-preposition-before-que-is-not-content",
    ),
    pytest.param(
        "La alcaldesa advirtió de que las obras durarán hasta junio.",
        "es",
        [("indirect", "las obras durarán hasta junio", "La alcaldesa")],
        id="es-de-que-is-not-content",
    ),
    pytest.param(
        # The same without the comma: "y según X, ..." opens the clause after the phrase, not the one before.
        "Aunado a esto y según el director del museo, Pedro Gómez, la sala reabrirá en junio.",
        "es",
        [("indirect", "la sala reabrirá en junio", "Pedro Gómez")],
        id="es-segun-right-after-a-conjunction-opens-the-next-clause",
    ),
    pytest.param(
        # The English parse hangs the "that" clause on the noun of the setting ("in a statement") as a relative.
        "Ann Ortiz, a spokeswoman for the port authority, said in a statement that the terminal would reopen.",
        "en",
        [("indirect", "the terminal would reopen", "Ann Ortiz")],
        id="en-that-clause-after-a-setting-phrase",
    ),
    pytest.param(
        # "that" as the subject of a true relative clause is no content.
        "The mayor spoke in a statement that was released on Monday.",
        "en",
        [],
        id="en-relative-clause-on-a-setting-is-no-content",
    ),
    pytest.param(
        # The relative pronoun is the subject of the reported clause, written before the cue.
        "The port has been closed since March, which the harbour master Tom Reyes said was due to the storms.",
        "en",
        [("indirect", "was due to the storms", "Tom Reyes")],
        id="en-relative-pronoun-fronted-before-the-cue",
    ),
    pytest.param(
        "The fire spread to a warehouse, which police said was empty at the time.",
        "en",
        [("indirect", "was empty at the time", "police")],
        id="en-relative-clause-gap",
    ),
    pytest.param(
        # No finite verb before the phrase (the tagger reads the opening verb as a name), but nothing after it.
        "Madrid sube. Roza ya el umbral de riesgo extremo (250 casos por cada 100.000 habitantes), según el "
        "Ministerio de Sanidad.",
        "es",
        [("indirect", "Roza ya el umbral de riesgo extremo (250 casos por cada 100.000 habitantes)", "Sanidad")],
        id="es-segun-ending-the-sentence",
    ),
    pytest.param(
        "Según Jerónimo García, director de la consultora Sidertia Solutions, la manera más lógica sería otra.",
        "es",
        [("indirect", "la manera más lógica sería otra", "Jerónimo García")],
        id="es-segun-source-with-apposition",
    ),
    pytest.param(
        "According to John Smith, a professor at Yale, the plan will fail.",
        "en",
        [("indirect", "the plan will fail", "John Smith")],
        id="en-according-to-source-with-apposition",
    ),
    pytest.param(
        "Mary Lee runs the ferry. However, she added, there are no locked doors on the ship.",
        "en",
        [("indirect", "there are no locked doors on the ship", "Lee")],
        id="en-parenthetical-cue-after-a-connective",
    ),
    pytest.param(
        "The ferry left port two hours late, according to the harbour authority, and passengers were not told "
        "why.",
        "en",
        [("indirect", "The ferry left port two hours late", "authority")],
        id="en-according-to-postposed-before-coordination",
    ),
    pytest.param(
        "Entre 2016 y 2019, según datos del Inegi, por influenza y neumonía murieron 102 mil personas.",
        "es",
        [("indirect", "por influenza y neumonía murieron 102 mil personas", "Inegi")],
        id="es-segun-after-adverbial-precedes-content",
    ),
    pytest.param(
        "Para la economista Laura Méndez, de la Universidad de Sevilla, la subida de tipos llegará demasiado "
        "tarde.",
        "es",
        [("indirect", "la subida de tipos llegará demasiado tarde", "Méndez")],
        id="es-para-x-opinion",
    ),
    pytest.param(
        "El acusado habló ante el tribunal. Para el juez, en cambio, la cosa está clara.",
        "es",
        [("indirect", "la cosa está clara", "juez")],
        id="es-para-nominal-past-connective",
    ),
    pytest.param(
        "La mañana de este martes aterrizaron en México 219,375 dosis de la vacuna, informó el secretario de "
        "Salud federal, Jorge Alcocer.",
        "es",
        [("indirect", "La mañana de este martes aterrizaron en México 219,375 dosis de la vacuna", "Alcocer")],
        id="es-unquoted-content-then-cue-and-subject",
    ),
    pytest.param(
        "El uso de mascarillas con válvula no es efectivo en el contexto de una pandemia, advierten los "
        "expertos.",
        "es",
        [("indirect", "El uso de mascarillas con válvula no es efectivo en el contexto de una pandemia", "expertos")],
        id="es-unquoted-content-subject-parsed-as-object",
    ),
    pytest.param(
        "«Esto no es una crisis, es una oportunidad», ironizó el economista Pablo Rey.",
        "es",
        [("direct", "Esto no es una crisis, es una oportunidad", "Rey")],
        id="es-direct-unlisted-verb-by-position",
    ),
    pytest.param(
        "“Nuestro estudio da un nuevo enfoque al problema del agua”, resume Balart.",
        "es",
        [("direct", "Nuestro estudio da un nuevo enfoque al problema del agua", "Balart")],
        id="es-direct-unlisted-verb-name",
    ),
    pytest.param(
        'Trump said on Friday "I can do it if I want. I may do it."',
        "en",
        [("direct", "I can do it if I want. I may do it.", "Trump")],
        id="en-direct-cue-adjunct-before-mark",
    ),
    pytest.param(
        "La ministra Ana Torres instó a los bancos a congelar las hipotecas durante seis meses.",
        "es",
        [("indirect", "congelar las hipotecas durante seis meses", "Torres")],
        id="es-request-addressee-skipped",
    ),
    pytest.param(
        "El Congreso estatal también pidió a la PGR una alerta migratoria.",
        "es",
        [("indirect", "una alerta migratoria", "Congreso")],
        id="es-request-noun-phrase-after-addressee",
    ),
    pytest.param(
        "La presidenta de la patronal elogió el acuerdo salarial firmado el lunes.",
        "es",
        [("indirect", "el acuerdo salarial firmado el lunes", "patronal")],
        id="es-praise-noun-phrase",
    ),
    pytest.param(
        "The mayor hailed the agreement as a turning point for the city.",
        "en",
        [("indirect", "the agreement as a turning point for the city", "mayor")],
        id="en-hail-x-as-y",
    ),
    pytest.param(
        "Opposition leader Carla Bost slammed the government for the delays.",
        "en",
        [("indirect", "the government for the delays", "Bost")],
        id="en-criticism-noun-phrase",
    ),
    pytest.param(
        "El alcalde Luis Ortega visitó la obra. El puente reabrirá en mayo, según dijo.",
        "es",
        [("indirect", "El puente reabrirá en mayo", "Ortega")],
        id="es-segun-dijo-dropped-subject",
    ),
    pytest.param(
        "El cardenal Carlos Aguiar dijo en una entrevista que respalda los comentarios del papa Francisco.",
        "es",
        [("indirect", "respalda los comentarios del papa Francisco", "Aguiar")],
        id="es-que-clause-parsed-as-relative-of-setting",
    ),
    pytest.param(
        "El Ministerio de Salud informó el último martes que se elevó a 49.330 la cifra de fallecidos.",
        "es",
        [("indirect", "se elevó a 49.330 la cifra de fallecidos", "Ministerio de Salud")],
        id="es-que-clause-parsed-as-relative-of-time",
    ),
    pytest.param(
        "La ministra Ana Ruiz ha declarado en varias ocasiones que la reforma llegará antes del verano.",
        "es",
        [("indirect", "la reforma llegará antes del verano", "Ruiz")],
        id="es-que-after-the-scene-hung-on-its-noun",
    ),
    pytest.param(
        "El acusado declaró que desde días antes del ataque escuchaba voces en su casa.",
        "es",
        [("indirect", "desde días antes del ataque escuchaba voces en su casa", "acusado")],
        id="es-que-right-after-the-cue-hung-on-an-adverb",
    ),
    pytest.param(
        "Tal y como muestran los datos del Ministerio de Sanidad, solo cinco regiones registraron vacunas.",
        "es",
        [("indirect", "solo cinco regiones registraron vacunas", "Ministerio de Sanidad")],
        id="es-tal-como-muestran",
    ),
    pytest.param(
        "El país, como subrayó el jueves Trudeau, ha sido uno de los aliados más fieles de Washington.",
        "es",
        [("indirect", "ha sido uno de los aliados más fieles de Washington", "Trudeau")],
        id="es-como-cue-inside-sentence",
    ),
    pytest.param(
        "As the Washington Post reported, the votes had been accepted on Friday afternoon.",
        "en",
        [("indirect", "the votes had been accepted on Friday afternoon", "Post")],
        id="en-as-x-reported",
    ),
    pytest.param(
        "As the agency noted, the plan is risky because officials have little to say about its costs.",
        "en",
        [("indirect", "the plan is risky because officials have little to say about its costs", "agency")],
        id="en-as-x-noted-content-with-infinitive-cue-verb",
    ),
    pytest.param(
        "As the agency noted, officials said the plan is risky.",
        "en",
        [("indirect", "the plan is risky", "officials")],
        id="en-as-x-noted-before-a-report-of-its-own",
    ),
    pytest.param(
        "Los sindicatos y la empresa firmarán mañana el convenio colectivo para los próximos dos años.\n"
        "Así lo explicó hoy en rueda de prensa el presidente del comité, José Antonio Carro.",
        "es",
        [("indirect", "Los sindicatos y la empresa firmarán mañana el convenio colectivo para los próximos dos años",
          "Carro")],
        id="es-asi-lo-points-back",
    ),
    pytest.param(
        "Según el INE, el paro bajó un 3 % en marzo. Así lo explicó hoy el ministro Carlos Cuerpo.",
        "es",
        [("indirect", "el paro bajó un 3 % en marzo", "INE")],
        id="es-asi-lo-leaves-a-segun-sentence-to-its-rule",
    ),
    pytest.param(
        "La tarifa subirá en enero. Así lo indica su nombre. La obra terminará en junio. Así lo hemos "
        "explicado. ¿Subirá el pan? Así lo preguntó el periodista Juan Pérez.",
        "es",
        [],
        id="es-asi-lo-needs-a-third-party-statement",
    ),
    pytest.param(
        "El alcalde dijo que la obra terminará en junio.\nAsí lo explicó hoy en rueda de prensa.",
        "es",
        [("indirect", "la obra terminará en junio", "alcalde")],
        id="es-asi-lo-after-a-written-report-adds-nothing",
    ),
    pytest.param(
        "La candidata Margarita Zavala llama a votar por Cordero en las elecciones del domingo.",
        "es",
        [("indirect", "votar por Cordero en las elecciones del domingo", "Zavala")],
        id="es-call-to-infinitive",
    ),
    pytest.param(
        "Las autoridades canadienses han llamado también a la OMC a pronunciarse sobre los aranceles.",
        "es",
        [("indirect", "pronunciarse sobre los aranceles", "autoridades canadienses")],
        id="es-call-addressee-then-infinitive",
    ),
    pytest.param(
        "El diputado Horacio Duarte acusó a las autoridades electorales de actuar ilegalmente.",
        "es",
        [("indirect", "actuar ilegalmente", "Duarte")],
        id="es-accuse-of-infinitive",
    ),
    pytest.param(
        "A judicial inquiry was ordered, according to police.",
        "en",
        [("indirect", "A judicial inquiry was ordered", "police")],
        id="en-passive-request-is-content-not-source",
    ),
    pytest.param(
        "A Republican, Mark Amodei, has publicly voiced support for the impeachment inquiry.",
        "en",
        [("indirect", "support for the impeachment inquiry", "Amodei")],
        id="en-voice-noun-phrase",
    ),
    pytest.param(
        "Senator Bernie Sanders endorsed former Vice President Joe Biden for president.",
        "en",
        [("indirect", "former Vice President Joe Biden for president", "Sanders")],
        id="en-endorse-noun-phrase",
    ),
    pytest.param(
        'En opinión de Marta Ibáñez, presidenta de la Sociedad de Pediatría, "muchos casos se confundieron".',
        "es",
        [("direct", "muchos casos se confundieron", "Ibáñez")],
        id="es-opinion-phrase-before-a-quotation",
    ),
    pytest.param(
        "Para la urbanista Laura Pinto, «la ciudad creció demasiado rápido».",
        "es",
        [("direct", "la ciudad creció demasiado rápido", "Pinto")],
        id="es-para-before-a-quotation",
    ),
    pytest.param(
        'In the view of Tom Reyes, "the market will not recover this year."',
        "en",
        [("direct", "the market will not recover this year.", "Reyes")],
        id="en-view-phrase-before-a-quotation",
    ),
    pytest.param(
        'According to Rutgers University political scholar Kelly Dittmar, "Women hold fewer seats than men."',
        "en",
        [("direct", "Women hold fewer seats than men.", "Dittmar")],
        id="en-according-to-organization-role-name-before-a-quotation",
    ),
    pytest.param(
        "According to Mayor Ann Lee's spokesman, the parade will go ahead on Friday.",
        "en",
        [("indirect", "the parade will go ahead on Friday", "spokesman")],
        id="en-according-to-a-named-persons-spokesman",
    ),
    pytest.param(
        "La tela, asegura el dermatólogo Luis Acosta, es un material que la piel ya reconoce.",
        "es",
        [("indirect", "es un material que la piel ya reconoce", "Acosta")],
        id="es-cue-between-commas-with-its-subject-after-it",
    ),
    pytest.param(
        "The fabric, says Dr. Luis Acosta, is a material the skin has learned to recognize.",
        "en",
        [("indirect", "is a material the skin has learned to recognize", "Acosta")],
        id="en-cue-between-commas-with-its-subject-after-it",
    ),
    pytest.param(
        "A projection from the Cook Political Report shows that the share could fall to under a third.",
        "en",
        [("indirect", "the share could fall to under a third", "Cook Political Report")],
        id="en-finding-verb-with-a-named-source-inside-its-subject",
    ),
    pytest.param(
        "State officials indicated that the department was working on the request.",
        "en",
        [("indirect", "the department was working on the request", "officials")],
        id="en-finding-verb-with-a-group-subject",
    ),
    pytest.param(
        "El velero había puesto rumbo a Sicilia, pero Marco Bellini, alcalde del puerto, cerró el muelle y dijo "
        "que debía seguir hasta Túnez.",
        "es",
        [("indirect", "debía seguir hasta Túnez", "Bellini")],
        id="es-conjunct-verb-takes-the-subject-of-the-conjunct-before-it",
    ),
    pytest.param(
        "La portavoz confirmó que el calendario se había cumplido y que los autobuses salían a su hora, y "
        "destacó que los viajeros estaban tranquilos.",
        "es",
        [
            ("indirect", "el calendario se había cumplido y que los autobuses salían a su hora", "portavoz"),
            ("indirect", "los viajeros estaban tranquilos", "portavoz"),
        ],
        id="es-conjunct-of-the-reported-clause-keeps-the-reporter",
    ),
    pytest.param(
        "El experto habló ayer en el congreso.\n\nPodría llegar por barco o volando, señala Tello, que estudia "
        "la especie desde hace años.",
        "es",
        [("indirect", "Podría llegar por barco o volando", "Tello")],
        id="es-content-before-its-cue-after-a-paragraph-break",
    ),
    pytest.param(
        "El nuevo hospital abrirá en marzo con doscientas camas, ha asegurado este lunes la Consejería.",
        "es",
        [("indirect", "El nuevo hospital abrirá en marzo con doscientas camas", "Consejería")],
        id="es-content-before-a-compound-cue-with-its-subject-after-it",
    ),
    pytest.param(
        '"Hay una decisión de condenarla, pero ahora se sabrá la verdad", dijeron desde la defensa de la '
        "expresidenta.",
        "es",
        [("direct", "Hay una decisión de condenarla, pero ahora se sabrá la verdad", "defensa")],
        id="es-desde-names-where-the-words-come-from",
    ),
    pytest.param(
        "La tienda abrirá sus puertas en marzo con veinte empleados, aseguran desde la cadena de supermercados.",
        "es",
        [("indirect", "La tienda abrirá sus puertas en marzo con veinte empleados", "cadena")],
        id="es-desde-after-an-inverted-content",
    ),
    pytest.param(
        "El proyecto es anterior. Para la concejala, es una incongruencia duplicar un trabajo ya hecho.",
        "es",
        [("indirect", "es una incongruencia duplicar un trabajo ya hecho", "concejala")],
        id="es-para-an-office-outside-the-lexicon",
    ),
    pytest.param(
        "Para el escritor abulense, las relaciones entre el periodismo y la cultura han sido siempre equívocas.",
        "es",
        [("indirect", "las relaciones entre el periodismo y la cultura han sido siempre equívocas", "escritor")],
        id="es-para-an-agent-noun",
    ),
    pytest.param(
        "Las empresas citadas, que gestionarán el servicio, según el sindicato, son las que más conflictos "
        "laborales mantienen.",
        "es",
        [("indirect", "son las que más conflictos laborales mantienen", "sindicato")],
        id="es-segun-inside-the-clause-it-attributes",
    ),
    pytest.param(
        'El investigador cree que la nueva ley podría "aumentar la burocracia" en la capital.',
        "es",
        [("mixed", 'la nueva ley podría "aumentar la burocracia" en la capital', "investigador")],
        id="es-belief-quoting-the-believers-words",
    ),
    pytest.param(
        "Hubo otra reunión ayer. La Secretaría de Salud dio a conocer que los contagios aumentaron un 5 por ciento.",
        "es",
        [("indirect", "los contagios aumentaron un 5 por ciento", "Secretaría de Salud")],
        id="es-light-verb-reporting-phrase",
    ),
    pytest.param(
        "The vote is on Monday. The senator made it clear that she would not support the bill.",
        "en",
        [("indirect", "she would not support the bill", "senator")],
        id="en-light-verb-reporting-phrase",
    ),
    pytest.param(
        "The vote is on Monday. Senator Reid made the suggestion that the nominee should receive only partial "
        "briefings.",
        "en",
        [("indirect", "the nominee should receive only partial briefings", "Reid")],
        id="en-speech-noun-object-of-the-speakers-verb",
    ),
]


@pytest.mark.parametrize(("text", "lang", "expected"), CONSTRUCTIONS)
def test_rules_construction(pipeline, text, lang, expected):
    found = _extract(pipeline, text, lang)
    assert [(q.kind.value, q.text) for q in found] == [(kind, content) for kind, content, _ in expected]
    for q, (_, _content, last_word) in zip(found, expected, strict=True):
        assert q.speaker is not None and last_word in q.speaker


@pytest.mark.parametrize(
    ("text", "relative"),
    [
        ("El ministro Juan Pérez se refirió a las obras que se han retrasado en la capital.", "se han retrasado"),
        ("La portavoz Marta Gil respondió a la invitación que le presentó el alcalde.", "le presentó"),
        ("El técnico Luis Soto habló de los fichajes que el club cerrará en enero.", "el club cerrará"),
    ],
)
def test_rules_relative_clause_of_the_cues_object_is_no_content(pipeline, text, relative):
    # A "que" after the noun the cue is about (not the scene of the statement) opens a relative clause.
    assert not any(q.text.startswith(relative) for q in _extract(pipeline, text, "es"))


def test_according_to_a_thing_of_a_named_owner_gives_the_owner(pipeline):
    # A schedule cannot speak: its named owner does (the source as written, not "Lakeview Power's schedule").
    text = "According to Lakeview Power's schedule, by noon most homes would have their lights back on."
    (found,) = _extract(pipeline, text, "en")
    assert (found.text, found.mention, found.speaker) == (
        "by noon most homes would have their lights back on",
        "Lakeview Power",
        "Lakeview Power",
    )


@pytest.mark.parametrize(
    ("text", "lang", "mention", "speaker"),
    [
        pytest.param(
            "El juicio comenzó hoy en Palma. Según el relato del fiscal, el joven llegó a su casa de madrugada.",
            "es",
            "fiscal",
            "fiscal",
            id="es-account-of-a-person",
        ),
        pytest.param(
            "According to the account of the prosecutor, the young man came home while his parents were asleep.",
            "en",
            "the prosecutor",
            "prosecutor",
            id="en-account-of-a-person",
        ),
        pytest.param(
            "La Unión de Policías inició un estudio sobre los destinos en la isla. Según sus estimaciones, la "
            "insularidad precisaría un incentivo mensual de 400 euros.",
            "es",
            None,
            "Unión de Policías",
            id="es-possessive-pronoun-owner-resolved-in-context",
        ),
        pytest.param(
            "Pinochet sigue en Londres. Según sus defensores, el tribunal no es competente para juzgarlo.",
            "es",
            "sus defensores",
            "defensores",
            id="es-persons-of-a-possessor-speak-themselves",
        ),
        pytest.param(
            "Acme Corp. closed its books on Monday. According to its figures, revenue dropped 5 percent last year.",
            "en",
            "its",
            "Acme",
            id="en-possessive-pronoun-owner-is-the-pronoun",
        ),
    ],
)
def test_according_to_a_thing_gives_its_owner(pipeline, text, lang, mention, speaker):
    (found,) = _extract(pipeline, text, lang)
    assert found.mention == mention
    assert found.speaker is not None and speaker in found.speaker


@pytest.mark.parametrize(
    ("text", "lang", "mention"),
    [
        pytest.param(
            "A woman who lives near the plant said on Sunday that the water was unsafe.",
            "en",
            "A woman",
            id="en-who",
        ),
        pytest.param(
            "Un grupo de vecinos que vive junto al río aseguró que el agua está contaminada.",
            "es",
            "Un grupo de vecinos",
            id="es-que",
        ),
    ],
)
def test_source_mention_ends_before_its_relative_clause(pipeline, text, lang, mention):
    (found,) = _extract(pipeline, text, lang)
    assert found.mention == mention


def test_relative_clause_with_a_subject_of_its_own_stays_in_the_mention(pipeline):
    # "el mensaje que difundió X": the relative clause names who speaks, so it is not cut off.
    text = "El mensaje que difundió el genetista Luis Marcelo Martínez asegura que la fertilidad corre peligro."
    (found,) = _extract(pipeline, text, "es")
    assert found.speaker == "Luis Marcelo Martínez"


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        pytest.param(
            'El mandatario habló de la pandemia. "En todo el mundo está habiendo una tercera ola y lo estamos '
            'considerando", señaló en entrevista concedida para Radio Uno Tacna.',
            None,
            id="name-with-its-own-preposition",
        ),
        pytest.param(
            'La ONU, lamentó, "falló en 1991 en Croacia y en 1998 en Kosovo", dijo en alusión a las guerras de la '
            "antigua Yugoslavia.",
            None,
            id="place-with-its-own-preposition",
        ),
        pytest.param(
            '"El riesgo es real para todos los usuarios", asegura a este diario Sergio Carrasco, abogado.',
            "Sergio Carrasco",
            id="name-hung-on-the-addressee",
        ),
        pytest.param(
            '"El riesgo es real para todos los usuarios", explica en un comunicado Daniel Fine, autor del estudio.',
            "Daniel Fine",
            id="name-hung-on-the-setting",
        ),
    ],
)
def test_name_after_the_cue_is_its_source_unless_a_preposition_governs_it(pipeline, text, mention):
    (found,) = _extract(pipeline, text, "es")
    assert found.mention == mention


def test_gerund_cue_hung_as_a_clause_takes_the_subject_of_its_verb(pipeline):
    text = (
        'Gregorio Manzano finalizó diciendo que los aficionados del Real Valladolid "son pocos pero buenos", y que '
        'espera que nunca "le den la espalda al equipo".'
    )
    (found,) = _extract(pipeline, text, "es")
    assert found.text.startswith("los aficionados del Real Valladolid") and found.speaker == "Gregorio Manzano"


CONSTRUCTION_NEGATIVES = [
    pytest.param("The claim that vaccines cause autism has been debunked.", "en", id="en-speech-noun-of-nobody"),
    pytest.param("The claim that he made in court was false.", "en", id="en-speech-noun-relative-clause"),
    pytest.param("El presidente dio a conocer su plan de trabajo para el próximo año.", "es", id="es-light-verb-topic"),
    pytest.param(
        "El investigador cree que la nueva ley podría aumentar la burocracia en la capital.",
        "es",
        id="es-belief-without-quoted-words",
    ),
    pytest.param("La compañía mantiene contratos con varias cadenas hoteleras del país.", "es", id="es-possession"),
    pytest.param("The club agreed a new stadium lease with the council.", "en", id="en-commercial-act"),
    pytest.param(
        "La noticia fue desmentida por el Ministerio de Defensa en un comunicado.", "es", id="es-passive-agent"
    ),
    pytest.param("El sindicato considera prioritario reducir la jornada laboral.", "es", id="es-standing-view"),
    pytest.param(
        "Tras volar desde Pekín, la investigadora se encontró con su colega en un hotel de Bangkok.",
        "es",
        id="es-pronominal-verb-object",
    ),
    pytest.param(
        "Circula una teoría según la cual las antenas provocan enfermedades.", "es", id="es-segun-la-cual"
    ),
    pytest.param(
        "Las fechas de entrega de las ayudas varían según el municipio y el tipo de solicitud.",
        "es",
        id="es-segun-depending-on",
    ),
    pytest.param(
        "Mayans Canabal renunció al PRI por no estar de acuerdo con la selección de candidatos en Tabasco.",
        "es",
        id="es-estar-de-acuerdo-con",
    ),
    pytest.param("El presidente habló de la economía durante la rueda de prensa.", "es", id="es-topic"),
    pytest.param("The minister discussed the budget with the unions.", "en", id="en-topic"),
    pytest.param("The mayor thanked the volunteers for their work.", "en", id="en-courtesy"),
    pytest.param("Los precios de los billetes varían según la temporada del año.", "es", id="es-segun-depending-on"),
    pytest.param("Para ello, el Gobierno aprobó un decreto de urgencia.", "es", id="es-para-purpose"),
    pytest.param("Para 2021, la empresa espera duplicar sus ventas.", "es", id="es-para-time"),
    pytest.param("La empresa trabaja para el Gobierno desde hace diez años.", "es", id="es-para-beneficiary"),
    pytest.param('"The Old Man and the Sea" won the prize in 1953.', "en", id="en-title-then-verb-with-object"),
    pytest.param("El ministro habló en la reunión que sostuvo con los alcaldes.", "es", id="es-true-relative"),
    pytest.param("Lo hizo tal como dijo su madre.", "es", id="es-como-manner"),
    pytest.param("Como se comentó hace unos días, esta versión tiene soporte para pantallas.", "es", id="es-como-impersonal"),
    pytest.param("As its name suggests, the party supported the amendment.", "en", id="en-as-name-suggests"),
    pytest.param("El archipiélago se llama así por el rey Felipe II.", "es", id="es-llamarse-is-no-call"),
    pytest.param("El consumo de drogas ha llamado la atención de las autoridades.", "es", id="es-llamar-la-atencion"),
    pytest.param("El exgobernador fue acusado de desviar fondos públicos.", "es", id="es-passive-accused"),
    pytest.param("The governor agreed to veto the bill.", "en", id="en-to-infinitive-of-no-announcement"),
    pytest.param("El alcalde se comprometió con los vecinos del barrio.", "es", id="es-pronominal-promise-without-content"),
]


@pytest.mark.parametrize(("text", "lang"), CONSTRUCTION_NEGATIVES)
def test_rules_construction_no_quote(pipeline, text, lang):
    assert _extract(pipeline, text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang", "content"),
    [
        pytest.param(
            "The union issued a statement faulting the board for ignoring safety warnings.",
            "en",
            "the board for ignoring safety warnings",
            id="en-cue-in-participial-adjunct",
        ),
        pytest.param(
            "According to the mayor, the bridge will reopen in May, which is two months later than planned.",
            "en",
            "the bridge will reopen in May",
            id="en-trailing-sentential-relative",
        ),
    ],
)
@pytest.mark.xfail(strict=True, reason="known gaps on unseen text; the fixes tried lowered the pooled figures")
def test_rules_construction_known_gaps(pipeline, text, lang, content):
    assert content in [q.text for q in _extract(pipeline, text, lang)]


def test_rules_unquoted_content_then_cue_with_dropped_subject(pipeline):
    # "CONTENT, agregó.": the content before the comma, the speaker from context (a dropped subject).
    text = "Los dos están casados bajo régimen de separación de bienes, agregó."
    found = _extract(pipeline, text, "es")
    assert [(q.kind, q.text) for q in found] == [
        (QuoteKind.INDIRECT, "Los dos están casados bajo régimen de separación de bienes")
    ]
    assert found[0].mention_kind is MentionKind.DROPPED


# --- rec: verbs outside the lexicon by their shape, coordinated infinitives, headline attributions ---


@pytest.mark.parametrize(
    "text, lang, content, speaker",
    [
        pytest.param(
            "El ministro Juan Pérez recalcó que el presupuesto crecerá el próximo año.",
            "es",
            "el presupuesto crecerá el próximo año",
            "Juan Pérez",
            id="es-listed-or-not-clausal-report",
        ),
        pytest.param(
            "La Secretaría de Salud verificó que los precios de los combustibles se elevaron.",
            "es",
            "los precios de los combustibles se elevaron",
            "Secretaría de Salud",
            id="es-unlisted-verb-organization-subject",
        ),
    ],
)
def test_rules_clausal_report_outside_lexicon(full_parse_pipeline, text, lang, content, speaker):
    # Only the full parse sees these: the selected parse (the default) skips a sentence whose verb is in no
    # cue lexicon, a known cost of the selection (docs/speed.md).
    found = [(q.text, q.speaker) for q in _extract(full_parse_pipeline, text, lang)]
    assert (content, speaker) in found


@pytest.mark.parametrize(
    "text, lang",
    [
        # A subjunctive complement is a wish or a cause, not a report.
        pytest.param("Juan Pérez logró que el presupuesto creciera.", "es", id="es-subjunctive-cause"),
        # A mental state is no report (SPEC section 3).
        pytest.param("Juan Pérez cree que el presupuesto crecerá.", "es", id="es-belief"),
        # No named or nominal source.
        pytest.param("El acuerdo demuestra que la economía crece.", "es", id="es-no-source"),
    ],
)
def test_rules_clausal_report_negatives(full_parse_pipeline, text, lang):
    assert _extract(full_parse_pipeline, text, lang) == []


def test_rules_coordinated_infinitive_cue_stays_in_content(pipeline):
    # "solicitar" is a request verb, but here an infinitive coordinated under "podrá": one content.
    text = (
        "La funcionaria indicó que podrá presentarse acompañada de su padre, madre y/o tutor, o solicitar el "
        "apoyo del personal de la Procuraduría."
    )
    assert [q.text for q in _extract(pipeline, text, "es")] == [
        "podrá presentarse acompañada de su padre, madre y/o tutor, o solicitar el apoyo del personal de la "
        "Procuraduría"
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            "Debemos jalar todos parejo: Cienfuegos\nEl general Salvador Cienfuegos habló ayer en el Senado.",
            [(QuoteKind.INDIRECT, "Debemos jalar todos parejo", "Salvador Cienfuegos")],
            id="es-headline-surname",
        ),
        pytest.param(
            "\u201cNo pensé que el país fuera a empeorar\u201d: Damián Alcázar\nEl actor Damián Alcázar habló.",
            [(QuoteKind.DIRECT, "No pensé que el país fuera a empeorar", "Damián Alcázar")],
            id="es-headline-quotation",
        ),
    ],
)
def test_rules_headline_attribution(pipeline, text, expected):
    found = [(q.kind, q.text, q.speaker) for q in _extract(pipeline, text, "es")]
    assert expected[0] in found


@pytest.mark.parametrize(
    "text, lang",
    [
        # A title with a colon: the "source" is not named again in the article.
        pytest.param("Sabine Wren from Star Wars: Rebels\nThe costume contest drew a crowd.", "en", id="en-title"),
        # Prose with a sentence end before the colon.
        pytest.param(
            "La reunión terminó tarde. Luego habló el delegado: Pérez\nPérez no dijo nada más.", "es", id="es-prose"
        ),
    ],
)
def test_rules_headline_attribution_negatives(pipeline, text, lang):
    assert all(q.cue is not None for q in _extract(pipeline, text, lang))


def test_rules_quotation_closed_then_its_attribution_clause(pipeline):
    text = (
        "\u201cOur current efforts have been insufficient to meet the need.\u201d Amy Pope, deputy homeland "
        "security advisor, said on a call with reporters."
    )
    found = [(q.kind, q.text, q.speaker) for q in _extract(pipeline, text, "en")]
    assert found == [(QuoteKind.DIRECT, "Our current efforts have been insufficient to meet the need.", "Amy Pope")]


def test_rules_quotation_closed_then_a_report_of_its_own(pipeline):
    found = _extract(pipeline, '"We will win." Smith said that the polls were wrong.', "en")
    assert ("the polls were wrong", "Smith") in [(q.text, q.speaker) for q in found]
    assert all(q.cue is None for q in found if q.text == "We will win.")  # "said" reports its own clause


def test_rules_line_opened_by_a_person_and_a_colon(pipeline):
    text = (
        "Okafor: Our plan will cut the deficit in half.\n"
        "Senator Grace Okafor spoke in Ohio on Monday.\n"
        "Grace Okafor Image: Senate Press Office.\n"
        "CORRECTION: An earlier version misstated the date of the speech."
    )
    found = [(q.text, q.speaker) for q in _extract(pipeline, text, "en")]
    assert found == [("Our plan will cut the deficit in half", "Grace Okafor")]


@pytest.mark.xfail(strict=True, reason="the tagger reads 'acumule' as indicative, so the wish passes for a report")
def test_rules_clausal_report_mistagged_subjunctive(full_parse_pipeline):
    assert _extract(full_parse_pipeline, "Emilio Azcárraga quiere que su equipo acumule títulos.", "es") == []


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        # A promise or a claim whose object is an infinitive (SPEC section 3): what is promised or claimed.
        pytest.param(
            "El alcalde de Puebla prometió abrir tres nuevas escuelas el próximo año.",
            "abrir tres nuevas escuelas el próximo año",
            "alcalde de Puebla",
            id="es-promise-infinitive",
        ),
        pytest.param(
            "Los vecinos del barrio afirman sufrir cortes de agua desde hace un mes.",
            "sufrir cortes de agua desde hace un mes",
            "Los vecinos del barrio",
            id="es-claim-infinitive",
        ),
        # The parse heads a copular infinitive with its predicate, and a periphrasis with its last verb.
        pytest.param("El cantante desmintió ser gay.", "ser gay", "El cantante", id="es-copular-infinitive"),
        pytest.param(
            "La candidata dijo estar feliz por su postulación.",
            "estar feliz por su postulación",
            "La candidata",
            id="es-copular-infinitive-adjective",
        ),
        pytest.param(
            "Las autoridades aseguran estar tomando medidas ante un posible ataque.",
            "estar tomando medidas ante un posible ataque",
            "Las autoridades",
            id="es-infinitive-periphrasis",
        ),
    ],
)
def test_rules_infinitive_content(pipeline, text, content, speaker):
    found = [(q.text, q.mention) for q in _extract(pipeline, text, "es")]
    assert any(t == content and speaker in (m or "") for t, m in found), found


@pytest.mark.parametrize(
    "text",
    [
        # An infinitive of purpose, or of a verb that is no report, is no content.
        pytest.param("El presidente viajó a Madrid para reunirse con el rey.", id="es-purpose"),
        pytest.param("La empresa decidió cerrar dos plantas en Monterrey.", id="es-not-a-cue"),
        # A negated report states nothing.
        pytest.param("El alcalde no prometió abrir nuevas escuelas.", id="es-negated"),
        pytest.param("La ministra considera ser la mejor candidata.", id="es-judgement-copular"),
        pytest.param("El presidente viajó a Madrid para estar con el rey.", id="es-purpose-copular"),
    ],
)
def test_rules_infinitive_content_negatives(pipeline, text):
    assert _extract(pipeline, text, "es") == []


def test_rules_que_hung_on_the_cue(pipeline):
    # The parser hangs "que" on the gerund cue and the clause's noun as its oblique; the clause is the content.
    text = "El abogado presentó un recurso alegando que su cliente no estaba en la ciudad."
    found = [(q.text, q.mention) for q in _extract(pipeline, text, "es")]
    assert ("su cliente no estaba en la ciudad", "El abogado") in found


def test_rules_comma_that_clause_hung_on_the_addressee(pipeline):
    # The parser makes the "that" clause a relative clause of the addressee's apposition; after a comma an
    # English relative clause takes "which", so the clause is the content.
    text = (
        "A hospital official told Anadolu Agency, a local news outlet, that one of the deceased was a director "
        "of the commission."
    )
    found = [(q.text, q.mention) for q in _extract(pipeline, text, "en")]
    assert ("one of the deceased was a director of the commission", "A hospital official") in found


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        # A cue opening its sentence after a connective, its subject after it, then a comma and the content.
        pytest.param(
            "Sin embargo, afirma el estudio publicado en la revista Pediatrics, muchos padres no conocen el riesgo "
            "de estas piscinas.",
            "muchos padres no conocen el riesgo de estas piscinas",
            "el estudio publicado en la revista Pediatrics",
            id="es-connective-cue-subject-content",
        ),
        pytest.param(
            "Siendo así, dice el experto geofísico, no podría haber una atmósfera que encerrase el aire.",
            "no podría haber una atmósfera que encerrase el aire",
            "el experto geofísico",
            id="es-short-phrase-cue-subject-content",
        ),
    ],
)
def test_rules_cue_leading_its_sentence(pipeline, text, content, speaker):
    found = [(q.text, q.mention) for q in _extract(pipeline, text, "es")]
    assert (content, speaker) in found, found


def test_rules_de_acuerdo_al(pipeline):
    # "al" is one token: "de acuerdo al X" introduces a source like "de acuerdo a la X".
    text = "De acuerdo al CNE, los candidatos aún pueden interponer recursos ante el tribunal."
    found = [(q.text, q.mention) for q in _extract(pipeline, text, "es")]
    assert ("los candidatos aún pueden interponer recursos ante el tribunal", "CNE") in found


def test_rules_gerund_content_of_a_denial(pipeline):
    # What is denied or admitted, when the cue governs a gerund with no subject of its own.
    found = [(q.text, q.mention) for q in _extract(pipeline, "The company denied having any role in the leak.", "en")]
    assert ("having any role in the leak", "The company") in found


@pytest.mark.parametrize(
    "text, lang, content, speaker",
    [
        pytest.param(
            "La ministra Ana Ruiz habló ayer con los periodistas. En su opinión, el plan llega tarde y costará más.",
            "es",
            "el plan llega tarde y costará más",
            "Ana Ruiz",
            id="es-en-su-opinion",
        ),
        pytest.param(
            "Mayor Lisa Grant spoke to reporters on Monday. In her view, the plan is too expensive.",
            "en",
            "the plan is too expensive",
            "Lisa Grant",
            id="en-in-her-view",
        ),
    ],
)
def test_rules_possessive_opinion_frame(pipeline, text, lang, content, speaker):
    # The possessive is a pronoun mention: attribution resolves it like "she said".
    found = [(q.text, q.speaker) for q in _extract(pipeline, text, lang)]
    assert any(t == content and speaker in (s or "") for t, s in found), found


_INTERVIEW = (
    "Wikinews spoke to the astronomer Lena Ortiz about the discovery of a planet forming far from its star.\n\n\n"
    "((WN))  How did the team first notice the spiral?\n\n\n"
    "((Lena Ortiz))  We saw it in images taken three years apart.  The arm had moved, which told us something "
    "was pulling it.\n\n\n"
    "((WN))  What were the main challenges?\n\n\n"
    "((Lena Ortiz))  The challenges?\n\n\n"
    "((WN))  Yes.\n\n\n"
    "((Lena Ortiz))  The star is very bright, so the planet's light is\nhard to separate from it.\n\n\n"
    "We needed two more nights of observation to be sure.\n\n\n"
    "((WN))  Thank you for your time.\n\n\n"
    "((Lena Ortiz))  It was a pleasure to explain the work.\n\n\n"
    "The results appear in the journal Astronomy & Astrophysics.\n"
)


def test_rules_interview_answers_are_the_interviewees_direct_quotes(pipeline):
    quotes = [q for q in _extract(pipeline, _INTERVIEW, "en") if q.speaker == "Lena Ortiz"]
    texts = [q.text for q in quotes]
    assert texts[0].startswith("We saw it in images") and texts[0].endswith("pulling it")
    assert all(q.kind is QuoteKind.DIRECT and q.mention_kind is MentionKind.NAME for q in quotes)
    # A line break inside a paragraph is the source's wrapping: one quote, over it.
    assert any(t.startswith("The star is very bright") and t.endswith("hard to separate from it") for t in texts)
    # A later paragraph of the same answer is a quote of its own.
    assert "We needed two more nights of observation to be sure" in texts
    # The interviewer's questions are no quotes, nor an answer that only repeats the question, nor the
    # article's own words after the last answer.
    assert not any("?" in t for t in texts)
    assert not any("journal" in t for t in texts)
    assert "It was a pleasure to explain the work" in texts


def test_rules_labelled_paragraphs_without_questions_are_no_interview(pipeline):
    # A cast list or a script: labels, but nobody asks.
    text = (
        "The cast of the new production was announced on Monday.\n\n\n"
        "((Hamlet))  Played by a young actor from Leeds.\n\n\n"
        "((Ophelia))  Played by a singer in her first stage role.\n"
    )
    assert not [q for q in _extract(pipeline, text, "en") if q.speaker in ("Hamlet", "Ophelia")]


def test_rules_interview_with_only_the_interviewer_labelled(pipeline):
    text = (
        "Wikinews spoke with the marine biologist Dana Whitfield about a study of penguin colonies.\n\n\n"
        "((WN))  What prompted your interest in penguins?\n\n\n"
        "Dana Whitfield: I have wanted to study seabirds since I was a child on the coast.\n\n\n"
        "((WN))  How long did the study run?\n\n\n"
        "The colony has been counted every year since 1982.  We joined the count in 2016.\n\n\n"
        "((WN))  What comes next?\n\n\n"
        "We are now counting the chicks at hatching.\n\n\n"
        "The study appears in the journal Ornithology.\n"
    )
    quotes = {q.text: q for q in _extract(pipeline, text, "en") if q.kind is QuoteKind.DIRECT}
    first = quotes["I have wanted to study seabirds since I was a child on the coast"]
    assert first.speaker == "Dana Whitfield" and first.mention == "Dana Whitfield"
    # An answer that names nobody is the interviewee's, read from the article like a quotation without a cue.
    assert quotes["We are now counting the chicks at hatching"].speaker == "Dana Whitfield"
    assert quotes["We are now counting the chicks at hatching"].mention is None
    assert not any("?" in t or "journal" in t for t in quotes)


def test_rules_questions_without_answers_in_the_text_are_no_interview(pipeline):
    # A photo report: the questions are there, the answers are not; the article's own words follow.
    text = (
        "Fans gathered at the convention on Saturday.\n\n\n"
        "((WN))  What got you into cosplay?\n\n\n"
        "((WN))  How did you choose your costume?\n\n\n"
        "((WN))  What was your favourite part of the weekend?\n\n\n"
        "A Wikinews reporter photographed the event.\n"
    )
    assert not [q for q in _extract(pipeline, text, "en") if "photographed" in q.text]


@pytest.mark.parametrize(
    ("text", "lang", "content", "speaker"),
    [
        (
            "Roberto Palazuelos: 'Conmigo no se meta, porque voy a contar lo que sé'\n"
            "Roberto Palazuelos aseguró ayer que la serie no cuenta la verdad.",
            "es",
            "Conmigo no se meta, porque voy a contar lo que sé",
            "Roberto Palazuelos",
        ),
        (
            "Ted Cruz: ‘Physically Assaulting A Reporter Is A Fireable Offense.’\n"
            "Sen. Ted Cruz said on Tuesday that the campaign manager should go.",
            "en",
            "Physically Assaulting A Reporter Is A Fireable Offense.",
            "Ted Cruz",
        ),
    ],
)
def test_rules_quotation_in_a_labelled_line_takes_the_label(pipeline, text, lang, content, speaker):
    # "Source: 'quotation'": the quotation has no cue of its own; the label is its source (the article names the
    # person in full elsewhere, after a title in the English one).
    quotes = pipeline.extract(text, lang=lang)
    assert [(q.text, q.speaker) for q in quotes if q.text == content] == [(content, speaker)]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ('Warren: "This is a fight for working families."\nSen. Elizabeth Warren said the bill was fair.',
         "This is a fight for working families."),
        ('Gov. Gavin Newsom spoke to reporters.\nNewsom: "We are not going anywhere." The governor then left.',
         "We are not going anywhere."),
    ],
)
def test_rules_labelled_quotation_is_direct(pipeline, text, content):
    # The quotation after the label is a direct quote, without its marks and without what follows it.
    quotes = [q for q in pipeline.extract(text, lang="en") if content in q.text]
    assert [(q.text, q.kind.value) for q in quotes] == [(content, "direct")]


@pytest.mark.parametrize(
    ("text", "lang", "content"),
    [
        ("Protesters called for the resignation of the governor.", "en", "the resignation of the governor"),
        ("Researchers warned of a rise in measles cases.", "en", "a rise in measles cases"),
        ("Los investigadores advirtieron de un aumento de los casos.", "es", "un aumento de los casos"),
        ("La ONU alertó sobre el riesgo de hambruna en la región.", "es", "el riesgo de hambruna en la región"),
        # "de" after a verb of describing says "as": it is part of what was said.
        ("El presidente calificó de ilegal la detención del periodista.", "es", "de ilegal la detención del periodista"),
    ],
)
def test_rules_the_cue_preposition_is_not_content(pipeline, text, lang, content):
    assert [q.text for q in _extract(pipeline, text, lang)] == [content]
