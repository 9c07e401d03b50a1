"""Tests of quotes.attribution.entities, speaker_type and quotes.nameshape: person/organization recognition and source-mention types.

Sentences come from the project's data: gold/dev.jsonl (the WIRED seed article, Spanish Fake News Corpus and
Wikinews articles) and unlabeled/ (es_fakedes_true, en_wikinews); article ids are given beside each case.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotes.attribution.entities import Entity, article_entities, fullest_name
from quotes.attribution.speaker_type import name_type
from quotes.languages import default_pipeline
from quotes.models import SpeakerType
from quotes.nameshape import is_organization_name, is_person_name

GOLD = Path(__file__).resolve().parents[1] / "corpora" / "dev" / "dev.jsonl"

PER, ORG, OTH = SpeakerType.PERSON, SpeakerType.ORGANIZATION, SpeakerType.OTHER


@pytest.fixture(scope="module")
def nlp_es():
    return default_pipeline("es")


@pytest.fixture(scope="module")
def nlp_en():
    return default_pipeline("en")


@pytest.fixture(scope="module")
def gold_articles() -> dict[str, dict]:
    if not GOLD.exists():
        pytest.skip("gold/dev.jsonl is not available")
    return {a["id"]: a for a in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines())}


@pytest.fixture(scope="module")
def seed(nlp_es, gold_articles):
    article = gold_articles["es-seed-wired-openai-aws"]
    return article["text"], nlp_es(article["text"])


def _type_of(nlp, text: str, mention: str, lang: str) -> SpeakerType | None:
    doc = nlp(text)
    k = text.index(mention)
    return name_type(doc, k, k + len(mention), lang)


ES_MENTIONS = [
    # es-fakedes-160
    (
        'El conservador Paul Ryan, el portavoz de la Cámara de Representantes, tachó al régimen de "brutal" '
        'y abogó por mantener "la máxima presión económica" a base de sanciones.',
        "Paul Ryan",
        PER,
    ),
    # es-fakedes-101
    (
        '"Investigamos cuidadosamente cada problema, incluyendo los que explica Zhang, antes de tomar '
        'acciones o de hacerlos públicos", apostilló el portavoz de la compañía.',
        "el portavoz de la compañía",
        PER,
    ),
    # es-fakedes-155
    (
        'Se conocen como "luces de terremoto" y han sido documentadas desde los años *NUMBER*, dice un '
        "informe de la Asociación Sismológica de Estados Unidos.",
        "un informe de la Asociación Sismológica de Estados Unidos",
        OTH,
    ),
    (
        'Se conocen como "luces de terremoto" y han sido documentadas desde los años *NUMBER*, dice un '
        "informe de la Asociación Sismológica de Estados Unidos.",
        "la Asociación Sismológica de Estados Unidos",
        ORG,
    ),
    # es-fakedes-280
    (
        "Fuentes fiscales informaron de que el futbolista del Real Madrid presentó hace una semanas una "
        "propuesta "
        "a la Fiscalía.",
        "Fuentes fiscales",
        OTH,
    ),
    # es-fakedes-218
    (
        "Según la Organización Mundial de la Salud (OMS), el cáncer de mama es el que más muertes causa en "
        "el "
        "mundo.",
        "la Organización Mundial de la Salud",
        ORG,
    ),
    # es-fakedes-358
    (
        "Solo en 2019, 666.022 extranjeros se instalaron en el país, según el Instituto Nacional de "
        "Estadística "
        "(INE).",
        "el Instituto Nacional de Estadística",
        ORG,
    ),
    # es-fakedes-127
    (
        "En Estados Unidos, hay al menos 10.5 millones de indocumentados, según un estudio del Centro Pew de "
        "Investigaciones.",
        "un estudio del Centro Pew de Investigaciones",
        OTH,
    ),
    # es-fakedes-426
    (
        "Olga Sánchez Cordero ha atendido esta semana cinco conferencias matutinas y ha seguido el guion "
        "organizado por el portavoz presidencial, Jesús Ramírez.",
        "Jesús Ramírez",
        PER,
    ),
]

EN_MENTIONS = [
    # en-wikinews-fire-kills-nine-injures-dozens-in-chittagong-bangl
    (
        "Jasim Uddin, a spokesperson for the fire service, told the Associated Press four victims were from "
        "a "
        "single family.",
        "Jasim Uddin",
        PER,
    ),
    (
        "Jasim Uddin, a spokesperson for the fire service, told the Associated Press four victims were from "
        "a "
        "single family.",
        "a spokesperson for the fire service",
        OTH,
    ),
    # en-wikinews-indonesian-security-minister-wiranto-stabbed
    (
        "Dedi Prasetyo, a spokesperson for the Indonesian National Police, confirmed that two suspects were "
        "arrested.",
        "the Indonesian National Police",
        ORG,
    ),
    # en-wikinews-retired-us-supreme-court-justice-john-paul-stevens
    (
        "John Paul Stevens, a former associate justice of the US Supreme Court, died yesterday at the age "
        "of 99, "
        "according to a statement released by the Supreme Court.",
        "a statement released by the Supreme Court",
        OTH,
    ),
    (
        "John Paul Stevens, a former associate justice of the US Supreme Court, died yesterday at the age "
        "of 99, "
        "according to a statement released by the Supreme Court.",
        "the Supreme Court",
        ORG,
    ),
    # en-wikinews-stores-in-australia-lower-toilet-paper-limits-per-
    (
        "The stores were originally reluctant to impose restrictions, according to a report from ABC "
        "Australia "
        "on March 3.",
        "a report from ABC Australia",
        OTH,
    ),
    # en-wikinews-on-the-campaign-trail-in-the-usa-july-2020
    (
        "After the interview, a spokesman for West claimed West decided to drop out of the race.",
        "a spokesman for West",
        OTH,
    ),
    # en-wikinews-philippines-27-largest-television-network-shut-dow
    (
        "ABS-CBN Corporation is the largest television and radio broadcasting company in the Philippines.",
        "ABS-CBN Corporation",
        ORG,
    ),
]


@pytest.mark.parametrize(("text", "mention", "expected"), ES_MENTIONS)
def test_entities_name_type_spanish_sentences(nlp_es, text, mention, expected):
    assert _type_of(nlp_es, text, mention, "es") is expected


@pytest.mark.parametrize(("text", "mention", "expected"), EN_MENTIONS)
def test_entities_name_type_english_sentences(nlp_en, text, mention, expected):
    assert _type_of(nlp_en, text, mention, "en") is expected


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("Amazon", ORG),  # the Spanish pipeline tags it PER
        ("OpenAI", ORG),  # ... MISC
        ("Patrick Moorhead", PER),
        ("Moorhead", PER),  # a surname alone, after the full name
        ("Sam Altman", PER),
        ("La compañía", ORG),
        ("Derek Thompson", PER),
    ],
)
def test_entities_name_type_seed_article(seed, mention, expected):
    text, doc = seed
    k = text.index(mention)
    assert name_type(doc, k, k + len(mention), "es") is expected


@pytest.mark.parametrize(
    ("article", "mention", "expected"),
    [
        ("es-fakedes-451", "Investigaciones anteriores", OTH),  # sentence-initial common noun tagged PER
        ("es-fakedes-451", "Eileen Hoskin", PER),
        ("es-fakedes-14", "Marcelo Martínez y otros firmantes", OTH),  # a person and a group: a group
        ("es-fakedes-341", "Los investigadores", OTH),
        ("es-fakedes-341", "Universidad de Oxford", ORG),
        ("es-fakedes-272", "una mujer identificada como la madre de Didier", OTH),  # anonymous
        ("es-fakedes-112", "Colombiacheck y La Silla Vacía", ORG),
        ("es-fakedes-112", "Politika", ORG),  # "el portal Politika"
        ("es-fakedes-568", "Instituto de Diagnóstico y Referencia Epidemiológicos", ORG),
        ("en-wikinews-former-president-of-india-pranab-mukherjee-dies-ag", "Narendra Modi", PER),
        ("en-wikinews-bombs-kill-at-least-20-at-cathedral-in-mindanao-ph", "a Coast Guard spokesperson", OTH),
        ("en-wikinews-bombs-kill-at-least-20-at-cathedral-in-mindanao-ph", "Coast Guard", ORG),
        (
            "en-wikinews-native-american-groups-sue-us-state-of-montana-ove",
            "State legislators supporting the law",
            OTH,
        ),
        (
            "en-wikinews-native-american-groups-sue-us-state-of-montana-ove",
            "American Civil Liberties Union of Montana and Native American Rights Fund",
            ORG,
        ),
        ("en-wikinews-iranian-government-official-mohammad-mir-mohammadi", "Tasnim News Agency", ORG),
    ],
)
def test_entities_name_type_gold_articles(gold_articles, article, mention, expected):
    art = gold_articles[article]
    nlp = default_pipeline(art["lang"])
    assert _type_of(nlp, art["text"], mention, art["lang"]) is expected


def test_entities_name_type_empty_span_is_none(nlp_es):
    doc = nlp_es("Según la Organización Mundial de la Salud, hay casos.")
    assert name_type(doc, 5, 6, "es") is None  # a space


def test_entities_seed_labels_are_consistent(seed):
    _text, doc = seed
    ents = article_entities(doc, "es")
    by_text: dict[str, set[str]] = {}
    for ent in ents:
        by_text.setdefault(ent.text, set()).add(ent.label)
    assert by_text["Amazon"] == {"ORG"}
    assert by_text["OpenAI"] == {"ORG"}
    assert by_text["Nvidia"] == {"ORG"}
    assert by_text["Moorhead"] == {"PER"}
    assert by_text["Moor Insights & Strategy"] == {"ORG"}
    # Spurious spans of the pipeline are gone: a preposition, a verb and a clause tagged as entities.
    assert not {"Según", "Añade", "La compañía también afirmó", "wired"} & set(by_text)


def test_entities_offsets_match_text(seed):
    text, doc = seed
    for ent in article_entities(doc, "es"):
        assert isinstance(ent, Entity)
        assert text[ent.start_char : ent.end_char] == ent.text


def test_entities_raw_pipeline_is_the_problem(seed):
    # Documents why this module exists; if a future pipeline fixes it, the cues still agree.
    _text, doc = seed
    assert {e.label_ for e in doc.ents if e.text == "Amazon"} != {"ORG"}


def test_entities_added_mentions_take_the_full_name_label(nlp_es, gold_articles):
    art = gold_articles["es-fakedes-441"]
    doc = nlp_es(art["text"])
    labels = {e.text: e.label for e in article_entities(doc, "es")}
    assert labels["Lachlan Murdoch"] == "PER"
    assert labels["Murdoch"] == "PER"
    assert labels["Fox News"] == "ORG"


@pytest.mark.parametrize(
    ("article", "mention", "after", "expected"),
    [
        ("es-seed-wired-openai-aws", "Moorhead", "Patrick Moorhead,", "Patrick Moorhead"),
        ("es-fakedes-568", "Indre", "", "Instituto de Diagnóstico y Referencia Epidemiológicos"),
        ("es-fakedes-441", "Murdoch", "familia Murdoch", "Lachlan Murdoch"),  # "Rupert Murdoch" comes later
        ("es-fakedes-441", "Rupert Murdoch", "", "Rupert Murdoch"),
        ("es-fakedes-548", "López-Gatell", "", "Hugo López-Gatell"),
    ],
)
def test_entities_fullest_name(gold_articles, article, mention, after, expected):
    art = gold_articles[article]
    doc = default_pipeline(art["lang"])(art["text"])
    # The first mention after the text `after` (the full name, or another mention, comes before it).
    k = art["text"].index(mention, art["text"].index(after) + len(after))
    assert fullest_name(doc, k, k + len(mention), art["lang"]) == expected


def test_entities_fullest_name_outside_entities_is_none(seed):
    text, doc = seed
    k = text.index("acuerdo")
    assert fullest_name(doc, k, k + len("acuerdo"), "es") is None


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Patrick Moorhead", "es", True),
        ("María de Lourdes García García", "es", True),
        ("Daniel H. Fine", "en", True),
        ("James", "en", True),
        ("Moor Insights & Strategy", "en", False),
        ("Amazon", "es", False),
        ("Universidad de Oxford", "es", False),
        ("la compañía", "es", False),
    ],
)
def test_entities_is_person_name(text, lang, expected):
    assert is_person_name(text, lang) is expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("OpenAI", "es", True),  # CamelCase
        ("AWS", "es", True),  # acronym
        ("Moor Insights & Strategy", "en", True),  # "&"
        ("Fox Corporation", "es", True),  # legal-form suffix
        ("Tasnim News Agency", "en", True),  # organization word
        ("Universidad de Oxford", "es", True),
        ("Sam Altman", "es", False),
        ("IA", "es", False),  # "inteligencia artificial", not an organization
        ("EE. UU.", "es", False),  # a place written like an acronym
        ("GB200", "en", False),
    ],
)
def test_entities_is_organization_name(text, lang, expected):
    assert is_organization_name(text, lang) is expected


def test_entities_entity_rejects_unknown_label():
    with pytest.raises(ValueError, match="label"):
        Entity(0, 3, "ACME", "COMPANY")


@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        pytest.param(
            "Bill Clinton and Hillary Clinton arrived together.\n\nLater Mr. Clinton spoke.",
            "Clinton",
            "Bill Clinton",
            id="mr-is-not-hillary",
        ),
        pytest.param(
            "Hillary Clinton and Bill Clinton arrived together.\n\nLater Mrs. Clinton spoke.",
            "Clinton",
            "Hillary Clinton",
            id="mrs-is-not-bill",
        ),
        pytest.param(
            'Michelle Obama spoke first.\n\nMr. King joined "Barack Obama Election Day" on Nov. 1.\n\n'
            "Later Mr. Obama spoke.",
            "Obama",
            "Obama",
            id="names-in-a-quoted-title-and-wrong-sex-are-not-full-forms",
        ),
        pytest.param(
            "FULL SPEECH: President Obama Speech at the Foundation.\n\nLater Mr. Obama spoke.",
            "Obama",
            "Obama",
            id="english-surname-ends-the-name",
        ),
    ],
)
def test_entities_fullest_name_honours_honorific_titles_and_surname(nlp_en, text, mention, expected):
    doc = nlp_en(text)
    at = text.rindex(mention)
    assert fullest_name(doc, at, at + len(mention), "en") == expected


@pytest.mark.parametrize(
    ("text", "person", "place"),
    [
        pytest.param("Rep. Maria Delgado of New Mexico said the bill would pass.", "Maria Delgado", "New Mexico",
                     id="title-then-name-of-a-two-word-place"),
        pytest.param("Republican Sen. John Harlow of Texas said the bill would pass.", "John Harlow", "Texas",
                     id="party-and-title-then-name-of-a-place"),
        pytest.param("Maria Delgado of New Mexico said the bill would pass.", "Maria Delgado", "New Mexico",
                     id="name-of-a-two-word-place"),
    ],
)
def test_entities_person_of_place_ends_before_the_place(pipeline, text, person, place):
    found = article_entities(pipeline.parse([text], "en")[0], "en")  # the library's parse: no NER
    persons = [e.text for e in found if e.label == "PER"]
    # The person's entity ends at the surname (a title before it may stay); the place is an entity of its own.
    assert len(persons) == 1 and persons[0].endswith(person)
    assert (place, "LOC") in {(e.text, e.label) for e in found}


@pytest.mark.parametrize(
    "text",
    [
        "Alexander Gagay of Yekaterinburg, who took third place last year, studies medicine.",
        "Betsy Sharp of Burke County said she would vote in November.",
    ],
)
def test_entities_english_person_ends_before_of_and_an_unlisted_place(pipeline, text):
    # The place is in no word list; no English surname goes on with "of".
    found = article_entities(pipeline.parse([text], "en")[0], "en")
    persons = [e.text for e in found if e.label == "PER"]
    assert persons and " of " not in persons[0]


def test_entities_organization_opening_with_a_given_name_keeps_its_of(pipeline):
    # "Virginia" is a given name too; "Department" makes the run an organization's, which "of" does not end.
    text = '"The outbreak is over," said Ann Lee, a spokeswoman for the Virginia Department of Health.'
    found = article_entities(pipeline.parse([text], "en")[0], "en")
    assert "Virginia Department of Health" in {e.text for e in found}


# --- organization and role around a name (quotes.attribution.roles) -------------------------------------------
# Invented sentences in the shapes the error analysis of dev + train found unread; each case failed before.


@pytest.mark.parametrize(
    ("text", "name", "lang", "expected"),
    [
        pytest.param(
            "Ana Ruiz of the Harbour Safety Institute spoke about the new rules that the port has wanted for many "
            "years and that the city council finally approved this week after a long and bitter debate in the hall.",
            "Ana Ruiz",
            "en",
            "Harbour Safety Institute",
            id="of-org-without-a-stop-in-the-window",
        ),
        pytest.param(
            "Former NASA deputy director Tom Reyes praised the launch.",
            "Tom Reyes",
            "en",
            "NASA",
            id="stacked-org-and-role-before-an-english-name",
        ),
        pytest.param(
            "The Green Party's leader, Mary Brooks, said the plan was late.",
            "Mary Brooks",
            "en",
            "Green Party",
            id="possessive-org-before-a-described-name",
        ),
        pytest.param(
            "Anne Moreau, mayor of Paris, said the bridge would reopen.",
            "Anne Moreau",
            "en",
            None,
            id="an-english-city-is-no-organization",
        ),
        pytest.param(
            "El exjefe de la OTAN Carlos Vidal advirtió que la tregua es frágil.",
            "Carlos Vidal",
            "es",
            "OTAN",
            id="spanish-role-and-org-straight-into-the-name",
        ),
        pytest.param(
            "Luis Mora, del Departamento de Salud Pública e Investigación Clínica de la OMS, destacó el avance.",
            "Luis Mora",
            "es",
            "Departamento de Salud Pública e Investigación Clínica de la OMS",
            id="long-affiliation-after-the-name",
        ),
        pytest.param(
            "Li Wen, investigador de Filología Hispánica de la Academia de Ciencias de Pekín y quien tradujo la "
            "novela, destacó la dificultad.",
            "Li Wen",
            "es",
            "Academia de Ciencias de Pekín",
            id="field-joined-by-bare-de-then-the-body-and-a-relative-clause",
        ),
        pytest.param(
            "Marta Gil, comentarista para la cadena deportiva ESPN, dijo que el estadio es caro.",
            "Marta Gil",
            "es",
            "cadena deportiva ESPN",
            id="org-noun-with-an-adjective-after-para",
        ),
        pytest.param(
            "Pedro Lara, expresidente de México, dijo que el acuerdo es malo.",
            "Pedro Lara",
            "es",
            None,
            id="a-spanish-country-is-no-organization",
        ),
    ],
)
def test_roles_organization_around_a_name(nlp_es, nlp_en, text, name, lang, expected):
    from quotes.attribution.roles import role_and_org

    doc = (nlp_es if lang == "es" else nlp_en)(text)
    assert role_and_org(doc, name, lang)[0] == expected


def test_roles_stacked_title_keeps_a_relative_out(nlp_en):
    from quotes.attribution.roles import role_and_org

    text = "Dunn's mother, Charlotte Charles, said the family wanted justice."
    assert role_and_org(nlp_en(text), "Charlotte Charles", "en")[0] is None


def test_entities_surname_written_often_stays_a_person():
    # Without the pipeline's NER (as the library runs), every bare occurrence of a capitalized word adds a weak
    # "MISC" vote; a surname written many times after the full name ("Joe Biden" ... "Biden" x 12) must still
    # be the person, or the speaker ranker never sees it.
    text = "Joe Biden spoke in Ohio. " + " ".join(f"Biden visited town number {i}." for i in range(12))
    doc = default_pipeline("en", exclude=("ner",))(text)
    labels = {e.text: e.label for e in article_entities(doc, "en")}
    assert labels["Biden"] == "PER"


@pytest.mark.parametrize(
    ("text", "person", "rest"),
    [
        # A body or place after "de"/"del" ends a person's name (invented sentences of a shape the
        # out-of-fold errors showed: "Jose Mayorga del UC Irvine Family Health Centers" was one speaker).
        ("El doctor Jose Mayorga del UC Irvine Family Health Centers explicó que los remedios no sirven.",
         "Jose Mayorga", "UC Irvine Family Health Centers"),
        ("Mike Ryan de la OMS afirmó que la pandemia sigue activa en tres continentes.", "Mike Ryan", "OMS"),
        # A surname that is also a place goes on: no cut.
        ("Samuel Ponce de León Rosales dijo que la vacuna llegará en enero.", "Samuel Ponce de León Rosales", None),
    ],
)
def test_entities_person_name_stops_before_a_body_or_place(nlp_es, text, person, rest):
    texts = [e.text for e in article_entities(nlp_es(text), "es")]
    assert person in texts
    assert rest is None or rest in texts


def test_entities_person_name_stops_before_a_country_the_newswire_list_lacks():
    # The default pipeline has no NER: runs of proper nouns end a person's name before "de" and a place, and
    # the countries the role rules know are places too ("Rafael Correa de Ecuador" was one speaker).
    doc = default_pipeline("es", exclude=("ner",))("La diputada Isabel Ortega de Ecuador visitó ayer el hospital.")
    assert [e.text for e in article_entities(doc, "es") if e.label == "PER"] == ["Isabel Ortega"]


def test_entities_common_given_names_kept_though_the_newswire_uses_them_alone():
    # "John" (3.3 % of US men in the census) was left out of the given names because CoNLL-2002 once labels
    # the bare string MISC; a name that opens many persons' names stays a given name.
    from quotes.nameshape import name_sex

    assert is_person_name("John Cornyn", "en")
    assert name_sex("Charles Ortiz", "es") == "m"
