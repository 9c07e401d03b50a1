"""Learned organization linking (quotes.attribution.orglink, quotes.train.organizations): the candidates real
sentence shapes give, and the model's fitting."""

from __future__ import annotations

import random

import pytest

from quotes.attribution.orglink import (
    NONE,
    Candidate,
    OrganizationLinker,
    _nearest_pair_array,
    _nearest_pair_loop,
    candidates,
    default_linker,
    keep_rules,
    shipped_path,
    signature,
)
from quotes.models import Article
from quotes.pipeline import QuotePipeline
from quotes.train.organizations import Example, accuracy, cross_validate, fit


@pytest.fixture(scope="module")
def rules_only() -> QuotePipeline:
    return QuotePipeline("rules", organization_linker=keep_rules)


def _candidates(pipe: QuotePipeline, text: str, lang: str, speaker_word: str) -> dict[str, set[str]]:
    doc = pipe.parse([text], lang)[0]
    quotes = pipe.quotes_from_doc(doc, Article(id="t", text=text, lang=lang), lang)
    quote = next(q for q in quotes if q.speaker and speaker_word in q.speaker)
    found = candidates(doc, quote, lang)
    assert found[0].text == NONE
    return {c.text: set(c.feats) for c in found}


def test_signature_reads_the_shape_between_name_and_organization() -> None:
    assert signature(", director de la ", "es") == ", ROLE OF DET"
    assert signature(" chairman ", "en") == "ROLE"
    assert signature(", who works for the ", "en") == ", REL w OF DET"


def test_organization_written_before_the_name(rules_only: QuotePipeline) -> None:
    # "El rector de la Universidad X, Name": the organization ends right before the comma and the name.
    text = 'El rector de la Universidad de Lerma, Juan Ortiz, dijo que las clases seguirán en mayo.'
    cands = _candidates(rules_only, text, "es", "Ortiz")
    feats = cands["Universidad de Lerma"]
    assert "before:sig=," in feats
    assert "occ:same_sentence_as_mention" in feats
    assert "left:ROLE OF DET" in feats


def test_organization_named_in_an_earlier_sentence(rules_only: QuotePipeline) -> None:
    # The person is introduced with the organization; the quote comes two sentences later.
    text = (
        "Marta Solís trabaja desde 2010 en el Instituto Nacional de Ecología. La sequía de este año fue la peor "
        "en dos décadas. Solís afirmó que el plan de riego llega tarde."
    )
    cands = _candidates(rules_only, text, "es", "Solís")
    feats = cands["Instituto Nacional de Ecología"]
    assert "occ:first_mention_sentence" in feats
    assert "occ:same_sentence_as_quote" not in feats


def test_nominal_speaker_names_its_organization(rules_only: QuotePipeline) -> None:
    # "un portavoz de X": the organization is inside the description that is the speaker.
    text = "Un portavoz del Ministerio de Sanidad dijo que las vacunas llegarán en marzo."
    cands = _candidates(rules_only, text, "es", "portavoz")
    assert "Ministerio de Sanidad" in cands
    assert NONE in cands


def test_described_speaker_reads_the_organization_beside_the_person_named_before(rules_only: QuotePipeline) -> None:
    # "La legisladora" stands for the person named in the sentence before; her party is written beside her
    # name, more than 120 characters from the description itself.
    text = (
        "La diputada federal del Partido Revolucionario Institucional, Laura Plascencia, presentó ayer una "
        "iniciativa en la Cámara de Diputados para castigar la violencia política en las campañas locales. "
        "La legisladora afirmó que la violencia contra las candidatas ha crecido en los últimos años."
    )
    cands = _candidates(rules_only, text, "es", "legisladora")
    assert "Partido Revolucionario Institucional" in cands
    assert any(f.startswith("near:before:") for f in cands["Partido Revolucionario Institucional"])


def test_names_labelled_persons_are_candidates_too(rules_only: QuotePipeline) -> None:
    # The entity votes call some organizations persons (a brand written like a surname); every name near the
    # speaker is a candidate, its label a feature the model weighs. The speaker is never its own organization.
    text = "Matt Simister, director de la empresa que fundó Jack Cohen, dijo que el grupo no venderá sus tiendas."
    cands = _candidates(rules_only, text, "es", "Simister")
    assert "src:ent_PER" in cands["Jack Cohen"]
    assert "Matt Simister" not in cands


def test_candidate_words_tell_what_kind_of_body_it_names(rules_only: QuotePipeline) -> None:
    # The first and last words of a candidate ("universidad", "cf") are features the model weighs, so that a
    # university or a club a person is named beside can win over "none" without a word list.
    text = "Marta Solís, de la Universidad de Lerma, dijo que el Córdoba CF no venderá a sus jugadores."
    cands = _candidates(rules_only, text, "es", "Solís")
    feats = cands["Universidad de Lerma"]
    assert {"first=universidad", "last=lerma", "es|first=universidad", "stype=person&last=lerma"} <= feats
    assert {"first=córdoba", "last=cf"} <= cands["Córdoba CF"]
    assert not any(f.startswith("first=") for f in cands[NONE])


def test_org_chairman_name_in_english(rules_only: QuotePipeline) -> None:
    text = "Harbour Board chairman Tom Reyes said the port would reopen next week."
    cands = _candidates(rules_only, text, "en", "Reyes")
    feats = cands["Harbour Board"]
    assert "before:sig=ROLE" in feats


def _synthetic(n: int) -> list[Example]:
    """Quotes where the feature "mark" tells the right candidate, and quotes where none is right."""
    out = []
    for i in range(n):
        if i % 2:
            cands = (Candidate(NONE, ("none",)), Candidate("A", ("mark", "ent")), Candidate("B", ("ent",)))
            out.append(Example(f"a{i}", "es", cands, (1,), False))
        else:
            cands = (Candidate(NONE, ("none",)), Candidate("A", ("ent",)), Candidate("B", ("ent",)))
            out.append(Example(f"a{i}", "en", cands, (0,), True))
    return out


def test_fit_learns_the_marked_candidate_and_none() -> None:
    model = fit(_synthetic(40))
    marked = (Candidate(NONE, ("none",)), Candidate("C", ("ent",)), Candidate("D", ("mark", "ent")))
    plain = (Candidate(NONE, ("none",)), Candidate("C", ("ent",)))
    assert model.choose(marked).text == "D"
    assert model.choose(plain).text == NONE
    assert accuracy(_synthetic(10), model) == {"en": 1.0, "es": 1.0}
    assert accuracy(_synthetic(10), None) == {"en": 1.0, "es": 0.0}
    assert cross_validate(_synthetic(40), k=2)["learned"] == {"en": 1.0, "es": 1.0}


def test_fit_is_deterministic_and_round_trips(tmp_path) -> None:  # type: ignore[no-untyped-def]
    first, second = fit(_synthetic(20)), fit(_synthetic(20))
    assert first.weights == second.weights
    first.save(tmp_path / "model.json")
    loaded = OrganizationLinker.load(tmp_path / "model.json")
    assert loaded.weights == {f: round(w, 6) for f, w in first.weights.items() if w}
    second.save(tmp_path / "again.json")
    assert (tmp_path / "model.json").read_bytes() == (tmp_path / "again.json").read_bytes()


def test_default_keeps_the_rules_without_shipped_weights(rules_only: QuotePipeline) -> None:
    if shipped_path().is_file():
        pytest.skip("weights are shipped")
    text = "Ana Pérez, directora de Acme, dijo que las ventas subirán."
    doc = rules_only.parse([text], "es")[0]
    quotes = rules_only.quotes_from_doc(doc, Article(id="t", text=text, lang="es"), "es")
    assert quotes and quotes[0].organization == "Acme"
    assert default_linker(doc, quotes, "es") == quotes


def test_shipped_linker_decides_for_spanish_and_english_only():
    import attrs

    from quotes.attribution.orglink import keep_rules, shipped

    model = shipped()
    assert model is not None and model.meta["languages"] == ["en", "es"]
    text = 'Harbour Board chairman Tom Reyes said the port would reopen. "We are ready," Reyes said.'
    pipe = QuotePipeline(organization_linker=keep_rules)
    doc = pipe.parse([text], "en")[0]
    found = pipe.quotes_from_doc(doc, Article(id="t", text=text, lang="en"), "en")
    wrong = [attrs.evolve(q, organization="Port Authority") for q in found]
    # A language the weights were not shipped for keeps the organizations it is given.
    assert model(doc, wrong, "fr") == wrong
    # English is decided by the model: not the organization it is given (absent from the text) ...
    assert found and all(q.organization != "Port Authority" for q in model(doc, wrong, "en"))
    # ... and the default pipeline's English organizations are the model's.
    linked = [q.organization for q in QuotePipeline().extract(text, lang="en")]
    assert linked == [q.organization for q in model(doc, found, "en")] == ["Harbour Board"] * len(found)


def test_one_organization_per_speaker_in_an_article():
    from quotes.attribution.orglink import one_per_speaker
    from quotes.models import Quote, QuoteKind

    def quote(i: int, speaker: str, org: str | None) -> Quote:
        return Quote(doc="d", start=i, end=i + 1, text="x", kind=QuoteKind.DIRECT, speaker=speaker, organization=org)

    given = [quote(0, "Ana Ruiz", "Acme"), quote(1, "Ana Ruiz", None), quote(2, "Ana Ruiz", "Banco Sur"),
             quote(3, "Ana Ruiz", "Banco Sur"), quote(4, "Luis Paz", None), quote(5, "Eva Gil", "Acme"),
             quote(6, "Eva Gil", "Norte")]
    # The most chosen one for every quote of the speaker (the first of equals); a speaker never given one keeps
    # none.
    assert [q.organization for q in one_per_speaker(given)] == ["Banco Sur"] * 4 + [None, "Acme", "Acme"]


def test_nearest_pair_over_arrays_is_the_loops_pair():
    # Many pairs (an interview names its speaker at every answer) go through arrays: same pair, same order
    # of equals as the loop over occurrences, then mentions.
    rng = random.Random(0)
    for _ in range(500):
        spans = [(a, a + rng.randint(1, 5)) for a in (rng.randint(0, 200) for _ in range(rng.randint(1, 30)))]
        mentions = sorted((a, a + rng.randint(1, 5)) for a in (rng.randint(0, 200) for _ in range(rng.randint(1, 30))))
        assert _nearest_pair_array(spans, mentions) == _nearest_pair_loop(spans, mentions)


def test_candidates_read_how_much_the_string_names_an_organization(rules_only: QuotePipeline) -> None:
    # The organization-name model (CoNLL-2002-trained) gives each candidate a probability bucket, so a body the
    # entity recognizer labels a person still reads as an organization by its words and trigrams.
    from quotes.attribution import orgnames

    text = "Matt Simister, consultor de Fase Consulting, dijo que la Fundación Lerma no venderá sus tiendas."
    cands = _candidates(rules_only, text, "es", "Simister")
    model = orgnames.shipped()
    assert model is not None
    for name in ("Fase Consulting", "Fundación Lerma"):
        feats = cands[name]
        assert f"orgp={model.bucket(name)}" in feats and f"es|orgp={model.bucket(name)}" in feats
    assert model.probability("Fundación Lerma") > 0.5
    assert not any(f.startswith("orgp=") for f in cands[NONE])


def test_orgnames_reads_conll_entities(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from quotes.train.orgnames import read_conll

    conll = tmp_path / "x.conll"
    lines = ["El DA O", "Banco NC B-ORG", "de SP I-ORG", "España NP I-ORG", "y CC O", "Ana NP B-PER", "Gil NP I-PER",
             "Madrid NP I-LOC", "", "EFE NC B-ORG", "Roma NP B-LOC"]
    conll.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert list(read_conll(conll)) == [
        ("Banco de España", "ORG"), ("Ana Gil", "PER"), ("Madrid", "LOC"), ("EFE", "ORG"), ("Roma", "LOC")
    ]


def test_orgnames_model_learns_words_and_trigrams_deterministically() -> None:
    from quotes.train.orgnames import fit_entities

    orgs = [f"{head} de {place}" for head in ("Universidad", "Fundación", "Asociación") for place in
            ("Lerma", "Soria", "Toledo", "Ávila", "Cuenca")]
    persons = [f"{first} {last}" for first in ("Ana", "Luis", "Marta") for last in ("Gil", "Ruiz", "Sanz", "Mora", "Pena")]
    data = [(o, "ORG") for o in orgs] + [(p, "PER") for p in persons]
    first, second = fit_entities(data), fit_entities(data)
    assert first.weights == second.weights
    assert first.probability("Universidad de Burgos") > 0.5 > first.probability("Luis Mora")
    # "Federación" was never seen: its trigram "ión" (shared with "Fundación", "Asociación") carries it.
    assert first.probability("Federación de Burgos") > first.probability("Federal de Burgos")
