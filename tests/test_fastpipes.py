"""The shortcuts of the hot paths give what the plain versions give: the array versions of spaCy's attribute
ruler and rule lemmatizer, the token lookups on arrays, the one-pass name normalization."""

import pytest
import spacy
from spacy.attrs import DEP, LEMMA, LOWER, MORPH, POS, TAG
from spacy.symbols import AUX, VERB

from quotes import QuotePipeline
from quotes.attribution.names import norm, norm_prefix
from quotes.doctext import tokens_with
from quotes.fastpipes import apply_attribute_ruler, apply_lemmatizer, run_components

TEXTS = {
    "en": "Y'all ain't seen nothin' yet, she said. It's not what they're doing. The U.S. isn't here.\n\n"
    "Officials were warned; the reports say markets fell 3% as investors' fears grew.",
    "es": "El gobierno anunció que no habrá cambios.\n\nLa ministra lo dijo ayer. Según ellos, "
    "Ésta es la peor crisis que vivieron las empresas. Dijéronlo los portavoces.",
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_fast_attribute_ruler_writes_what_spacy_writes(lang):
    nlp = QuotePipeline("ensemble").nlp(lang)
    ruler = nlp.get_pipe("attribute_ruler")
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        doc = nlp(TEXTS[lang])
    mine, theirs = apply_attribute_ruler(ruler, doc.copy()), ruler(doc.copy())
    cols = [TAG, POS, MORPH, LEMMA, DEP]
    assert (mine.to_array(cols) == theirs.to_array(cols)).all()
    assert (mine.to_array(cols) != doc.to_array(cols)).any()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_fast_lemmatizer_writes_what_spacy_writes(lang):
    nlp = QuotePipeline("ensemble").nlp(lang)
    lemmatizer = nlp.get_pipe("lemmatizer")
    with nlp.select_pipes(disable=["lemmatizer"]):
        doc = nlp(TEXTS[lang])
    # twice: the second time every lemma comes from what the first call remembered
    for _ in range(2):
        mine, theirs = apply_lemmatizer(lemmatizer, doc.copy()), lemmatizer(doc.copy())
        assert [t.lemma_ for t in mine] == [t.lemma_ for t in theirs]
    assert any(t.lemma_ != t.text.lower() for t in mine)
    # spaCy's own tables are left as they were (the faster word sets belong to a twin)
    index = lemmatizer.lookups.get_table("lemma_index")
    assert all(isinstance(v, list) for v in index.values())


def test_run_components_gives_what_nlp_gives():
    nlp = QuotePipeline("ensemble").nlp("en")
    text = TEXTS["en"]
    mine = run_components(nlp, [nlp.make_doc(text)])[0]
    theirs = nlp(text)
    cols = [TAG, POS, MORPH, LEMMA, DEP]
    assert (mine.to_array(cols) == theirs.to_array(cols)).all()


def test_tokens_with_finds_what_a_token_loop_finds():
    # The array shortcut the rules start from must see the same tokens as walking the Doc.
    nlp = QuotePipeline().nlp("en")
    doc = nlp("According to the mayor, the bridge will reopen. She said it was safe, according to reports.")
    verbs = [t.i for t in doc if t.pos_ in ("VERB", "AUX")]
    assert verbs and [t.i for t in tokens_with(doc, POS, (VERB, AUX))] == verbs
    assert [t.i for t in tokens_with(doc, LOWER, {"according"})] == [t.i for t in doc if t.lower_ == "according"]
    assert tokens_with(doc, LOWER, ()) == []


@pytest.mark.parametrize(
    "text",
    [
        "Ángel Pérez dijo que ﬁnalmente e\u0301l vendría. «Sí», añadió Núñez.",
        "Straße İstanbul ½ 가 plain ascii",
        "ΟΔΟΣ Σ: a capital sigma lowercases by its context",
    ],
)
def test_norm_prefix_is_the_norm_of_the_prefix(text):
    # The one-pass normalization must give, at every offset, what normalizing the prefix gives.
    doc = spacy.blank("es").make_doc(text)
    assert [norm_prefix(doc, k) for k in range(len(text) + 1)] == [norm(text[:k]) for k in range(len(text) + 1)]


@pytest.mark.parametrize(
    "text",
    [
        "Ana Gómez met Gómez-Ruiz and Ana Gómez Ruiz; _Ana Gómez, Ana Gómez2 and Ana Gómez. Gómez said.",
        "Moorhead, Moorheads, MoorheadX: Patrick Moorhead (Moorhead) spoke.\nMoorhead",
        "Ωmega Ωmega-1 x Ωmega",
        "",
    ],
)
def test_whole_word_matches_find_what_the_alternation_finds(text):
    # The name scan of the entity analysis replaces a regular expression compiled per article.
    import re

    from quotes.doctext import whole_word_matches as _whole_word_matches

    surfaces = sorted(["Ana Gómez", "Ana Gómez Ruiz", "Gómez", "Moorhead", "Patrick Moorhead", "Ωmega"], key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, surfaces)) + r")(?![\w-])")
    assert _whole_word_matches(text, surfaces) == [(m.start(), m.end()) for m in pattern.finditer(text)]


def _plain_find(lexicon, keys):
    # The lexicon match as first written: try every position, left to right.
    found, i = [], 0
    while i < len(keys):
        end = None
        for first in keys[i]:
            for entry in lexicon.by_first.get(first, ()):
                n = len(entry)
                if i + n <= len(keys) and all(w in keys[i + k] for k, w in enumerate(entry[1:], start=1)):
                    end = max(end or 0, i + n)
                    break
        if end is not None:
            found.append((i, end))
            i = end
        else:
            i += 1
    return found


def test_lexicon_find_visits_only_possible_starts_and_finds_the_same():
    import random

    from quotes.enrich.claims.cues import Lexicon, TokenKeys

    lex = Lexicon.from_lines(["a b", "a", "b c d", "c", "d d", "e a b"])
    rng = random.Random(7)
    vocab = ["a", "b", "c", "d", "e", "x"]
    for _ in range(500):
        keys = [(rng.choice(vocab), rng.choice(vocab)) for _ in range(rng.randint(0, 12))]
        assert lex.find([], TokenKeys(keys)) == _plain_find(lex, keys), keys
    assert lex.find([], TokenKeys([("x", "x")])) == []


@pytest.mark.parametrize("name", ["aa", "Ana", "a.b", "", "x"])
def test_written_at_finds_what_finditer_finds(name):
    import re

    from quotes.attribution.roles import _written_at

    text = "aaaa Ana a.b axb Ana\naa"
    assert _written_at(text, name) == [m.start() for m in re.finditer(re.escape(name), text)]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_morph_values_are_what_the_morphology_gives(lang):
    from quotes.doctext import morph_values

    doc = QuotePipeline("ensemble").nlp(lang)(TEXTS[lang])
    names = ("Tense", "Mood", "VerbForm", "Person", "Number", "Degree", "PronType", "Nothing")
    for _ in range(2):  # the second time from what the first remembered
        assert all(morph_values(t, n) == t.morph.get(n, []) for t in doc for n in names)
    assert any(morph_values(t, "Tense") for t in doc)
