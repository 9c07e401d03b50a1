"""The selected parse (quotes.select): only sentences that can hold a quote are parsed, with the same records."""

from __future__ import annotations

import spacy

from quotes.pipeline import QuotePipeline
from quotes.select import cheap_sentences, cue_tokens, parse_selected, plan


def _words(text: str, lang: str) -> list[str]:
    return [t.text for t in spacy.blank(lang).make_doc(text)]


def _spaces(text: str, lang: str) -> list[bool]:
    return [bool(t.whitespace_) for t in spacy.blank(lang).make_doc(text)]


def test_cheap_sentences_split_at_final_punctuation_and_line_breaks_only():
    text = 'Mr. Smith arrived. "We won," he said.\n\nNew paragraph here'
    words = _words(text, "en")
    starts = cheap_sentences(words, _spaces(text, "en"))
    # "Mr." is one token and ends nothing; the quotation opens a sentence; the blank line opens another.
    assert [words[i] for i in starts] == ["Mr.", '"', "New"]


def test_cue_forms_are_verbs_not_nouns():
    es = _words("La información fue publicada. El ministro dijo que sí y afirmaron lo mismo, según Pérez.", "es")
    assert {es[i] for i in cue_tokens(es, "es")} >= {"dijo", "afirmaron", "según"}
    assert "información" not in {es[i] for i in cue_tokens(es, "es")}
    en = _words("The report was late. The United States agreed. She said he told them.", "en")
    assert {en[i] for i in cue_tokens(en, "en")} == {"agreed", "said", "told"}


def test_cue_forms_double_the_final_consonant_after_qu():
    en = _words("The mayor quipped that it was fine, and the senator admitted it.", "en")
    assert {en[i] for i in cue_tokens(en, "en")} >= {"quipped", "admitted"}


def test_every_according_to_phrase_selects_its_sentence():
    # "de acuerdo con" and "de acuerdo a" open with the same word: each must be recognized, or its sentence is
    # never parsed and the default pipeline (selected parse) loses the quote the full parse finds.
    for opener in ("De acuerdo con", "De acuerdo a", "Según", "En palabras de"):
        words = _words(f"{opener} el ministro Pedro Gil, el gobierno subirá los impuestos.", "es")
        assert cue_tokens(words, "es")[:1] == [0], opener
    words = _words("El pacto de la empresa con el sindicato de acuerdo social.", "es")
    # "de" alone, or "de acuerdo" alone, opens nothing ("acuerdo" may: the lexicon learned from the annotated
    # articles holds "acordar", whose first person it also is).
    assert "de" not in [words[i] for i in cue_tokens(words, "es")]


def test_according_to_sentence_gives_the_same_quote_in_both_parses():
    text = (
        "El Congreso debatirá el presupuesto la próxima semana.\n\n"
        "De acuerdo con el ministro Pedro Gil, el gobierno subirá los impuestos el próximo año."
    )
    selected = QuotePipeline("rules").extract(text, lang="es")
    full = QuotePipeline("rules", select=False).extract(text, lang="es")
    assert [(q.text, q.speaker) for q in selected] == [(q.text, q.speaker) for q in full]
    assert [q.speaker for q in selected] == ["Pedro Gil"]
    assert selected[0].text == "el gobierno subirá los impuestos el próximo año"


def test_only_sentences_with_a_cue_or_a_quotation_are_parsed():
    text = (
        "The river rose overnight. Roads were closed in three towns.\n\n"
        '"This has never been seen," Mayor Ann Lee said. Schools stay open.'
    )
    doc = spacy.blank("en").make_doc(text)
    steps, _ = plan(doc, "en")
    parsed = [doc[s:e].text.strip() for s, e, p in steps if p]
    assert parsed == ['"This has never been seen," Mayor Ann Lee said.']


def test_selected_parse_keeps_offsets_and_records(pipeline: QuotePipeline, dev_articles: list[dict]):
    full = QuotePipeline("ensemble", select=False)
    selected = QuotePipeline("ensemble", select=True)
    for lang in ("en", "es"):
        arts = [a for a in dev_articles if a.get("lang") == lang][:2]
        texts = [a["text"] for a in arts]
        docs = parse_selected(selected.nlp(lang), texts, lang)
        for text, doc in zip(texts, docs, strict=True):
            assert doc.text == text
            assert [t.idx for t in doc] == [t.idx for t in selected.nlp(lang).make_doc(text)]
            assert sum(1 for t in doc if t.dep_) < len(doc)  # some sentences were left unparsed
        from quotes.models import Article

        same = total = 0
        for a in arts:
            article = Article.from_dict({k: v for k, v in a.items() if k != "quotes"})
            mine = {(q.start, q.end, q.speaker) for q in selected.extract_article(article)}
            theirs = {(q.start, q.end, q.speaker) for q in full.extract_article(article)}
            same += len(mine & theirs)
            total += len(mine | theirs)
        # Parsing a sentence without its neighbours can change a tag or an attachment near the cut; the
        # records stay the same but for a few.
        assert total and same / total >= 0.85, (lang, same, total)


def test_article_without_any_quote_cue_still_has_sentences():
    # Nothing is parsed: the Doc still has sentences (from the cheap segmentation) and POS from the tagger.
    pipe = QuotePipeline("ensemble", select=True)
    text = "OpenAI firma un contrato con Amazon. El mercado sube."
    doc = pipe.parse([text], "es")[0]
    assert [s.text for s in doc.sents] == ["OpenAI firma un contrato con Amazon.", "El mercado sube."]
    assert not any(t.dep_ for t in doc) and any(t.pos_ == "PROPN" for t in doc)
    assert pipe.extract(text, lang="es") == []


def test_cue_opening_its_sentence_parses_the_sentence_before():
    # "Añade que ...": the speaker is the subject of the sentence before, which must be parsed.
    text = "La ministra Ana Torres habló ayer en el Congreso. Añade que el presupuesto de educación subirá."
    doc = spacy.blank("es").make_doc(text)
    steps, _ = plan(doc, "es")
    assert all(p for _, _, p in steps)


def test_english_pronoun_or_nameless_sentence_parses_the_sentence_before():
    # "He said ...": the pronoun's speaker is ranked from the subject of the sentence before, which must be
    # parsed; a kept sentence naming its own source leaves the one before unparsed.
    pronoun = "Mayor Ann Lee toured the new plant on Monday. He said the plant would open in May."
    named = "Mayor Ann Lee toured the new plant on Monday. Governor Tim Ross said the plant would open in May."
    for text, first_parsed in ((pronoun, True), (named, False)):
        steps, _ = plan(spacy.blank("en").make_doc(text), "en")
        assert steps[0][2] is first_parsed and steps[-1][2]


def test_light_pass_gives_whitespace_no_name_part():
    # A headline ending in a name, a blank line, and a paragraph opening with another name: the unparsed
    # pieces get the attribute ruler too, so the line break is SPACE and the two names stay apart.
    pipe = QuotePipeline("ensemble", select=True)
    text = (
        "Nubia firma un contrato con Vertex\n\nNubia ha firmado un contrato plurianual con Vertex.\n\n"
        "«Es un gran paso», dijo la directora Ana Torres."
    )
    doc = pipe.parse([text], "es")[0]
    breaks = [t for t in doc if "\n" in t.text]
    assert breaks and all(t.pos_ == "SPACE" for t in breaks)
    assert any(not t.dep_ for t in doc if not t.is_space)  # the headline was left unparsed
    full = pipe.nlp("es")(text)
    assert [(t.pos_, t.tag_, t.lemma_) for t in doc[:6]] == [(t.pos_, t.tag_, t.lemma_) for t in full[:6]]
