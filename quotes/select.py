"""The cheap first pass: which sentences of an article can hold a quote, so that only those are parsed.

Most sentences of a news article hold no quote: no quotation mark, no reporting verb, no "según"/"according
to". The tokenizer runs an order of magnitude faster than the tagger and parser, so the article is tokenized
whole, cut into sentences by punctuation and line breaks, and each sentence is looked at for what every
extractor starts from:

* a quotation mark, or a place inside a quotation (a quotation of several sentences: "«No lo sabemos. Nadie
  lo sabe», dijo." has a middle sentence with no mark of its own);
* a form of a reporting verb of the cue lexicons ("dijo", "afirmaron", "señala", "said", "tells", "warned");
  the forms come from the lemmas by the regular inflection of each language (Spanish: every word starting
  with a stem of the verb, including the irregular stems "dij-", "tuv-", "pid-");
* "según", "de acuerdo con", "according to", and a colon (the "X dijo:" that introduces a quotation).

Those sentences are parsed together with the context attribution reads around them (:data:`BEFORE`
sentences before, for the speaker named just before a cue or a dropped subject, and :data:`AFTER` after, for a
quotation whose cue follows it); a sentence whose cue opens it, and in English a kept sentence with a pronoun or
with no name, also gets the sentence before it parsed, where its speaker is usually named. The other
sentences get the :data:`REST` pass: the pipeline without its parser (POS, morphology and lemmas, which the
name recognition of :mod:`quotes.attribution.entities` reads across the whole article), with sentence starts
from the cheap segmentation.

The pieces are joined into one Doc over the original text (:func:`assemble`), so every character offset is
that of the article.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import cache

import numpy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.tokens import Doc

from quotes.extractors.rules.nouns import speech_noun
from quotes.fastpipes import run_components
from quotes.lexicons import ACCORDING_TO, COMMON, LANGUAGES, cue_verbs, table, words, words_for
from quotes.marks import find_quoted_spans
from quotes.shipped import model_path

#: Sentences parsed before and after each sentence that can hold a quote.
BEFORE = 0
AFTER = 0

# Lemmas of the trained model's lexicon that are auxiliaries or light verbs: they occur in nearly every
# sentence ("is", "has", "will") and mark a quote only together with a real cue, which selects the sentence.
_LIGHT = words(COMMON, "light_verbs")
# Quotation marks that never stand for an apostrophe (the single marks are paired by quotes.marks).
# Words that open a sentence naming its source before a comma ("Para el juez, ..."), read by the rules.
_SOURCE_OPENERS = {"es": frozenset({"para"})}
# Words that point back to a person named earlier ("he", "their"); a kept sentence with one, or with no name at
# all, is parsed with the sentence before it (English: the ranking of a pronoun's speaker reads that sentence's
# subject; Spanish drops the subject, and a cue opening its sentence already asks for the one before).
_ANTECEDENT_WORDS = {"en": words("en", "antecedent_words")}
_DOUBLE_MARKS = frozenset('"“”«»„')
_SENT_END = frozenset(".!?…")
_CLOSERS = frozenset("\"'”’»)]")


@cache
def _model_lemmas(lang: str) -> frozenset[str]:
    """The cue lemmas the statistical model was trained with (its candidates and features use them)."""
    try:
        path = model_path("statistical", "meta.json")
        meta = json.loads(path.read_text(encoding="utf-8"))
        return frozenset(w.lower() for w in meta.get("lexicon", {}).get(lang, ()))
    except (OSError, ValueError):
        return frozenset()


def cue_lemmas(lang: str) -> frozenset[str]:
    """Reporting-verb lemmas of `lang`: the rules' lexicon and the statistical model's, light verbs aside."""
    return frozenset((set(cue_verbs(lang)) | _model_lemmas(lang)) - _LIGHT)


def _english_forms(lemma: str) -> set[str]:
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    # A consonant before the last vowel ("qu" counts as one: "quipped") doubles the final consonant.
    consonant_before = len(lemma) >= 3 and (lemma[-3] not in "aeiou" or lemma[-4:-2] == "qu")
    if consonant_before and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # "admitted", "planning"
    return forms


# Irregular English forms of the lexicon's verbs (the regular ones are generated): "say" -> "said".
_EN_IRREGULAR: dict[str, str] = {lemma: forms for lemma, forms in table("en", "irregular_verb_forms")}


def _spanish_stems(lemma: str) -> set[str]:
    """Beginnings shared by the forms of a Spanish verb: "afirm" (afirmó, afirmaron), "dij" (dijo)."""
    if lemma.endswith("se"):
        lemma = lemma[:-2]  # "quejarse"
    if not lemma.endswith(("ar", "er", "ir", "ír")):
        return {lemma}
    base = lemma[:-2]
    stems = {base}
    # Stem-changing verbs: "advierte", "pidió", "cuenta", "recuerda", "niega", "sostiene".
    e, o = base.rfind("e"), base.rfind("o")
    if e >= 0:
        stems |= {base[:e] + "ie" + base[e + 1 :], base[:e] + "i" + base[e + 1 :]}
    if o >= 0:
        stems.add(base[:o] + "ue" + base[o + 1 :])
    if lemma.endswith(("cer", "cir")):
        stems.add(base[:-1] + "zc")  # "reconozco"
    if lemma.endswith("car"):
        stems.add(base[:-1] + "qu")  # "critiqué"
    if lemma.endswith("zar"):
        stems.add(base[:-1] + "c")  # "garanticé"
    if lemma.endswith(("ger", "gir")):
        stems.add(base[:-1] + "j")  # "exijo"
    if lemma.endswith(("uir", "üir")):
        stems.add(base[:-1] + "uy")  # "concluyó", "arguyó"
    for tail, irregular in (
        ("decir", "dij dig dic dir"),
        ("tener", "tuv teng tendr tien"),
        ("poner", "pus pong pondr"),
        ("hacer", "hic hiz har hag"),
        ("venir", "vin veng vendr vien"),
        ("ducir", "duj duzc"),
        ("ver", "vi ve"),
    ):
        if lemma.endswith(tail):
            prefix = lemma[: -len(tail)]
            stems |= {prefix + s for s in irregular.split()}
    return {s for s in stems if len(s) >= 2}


# Endings that follow a Spanish verb stem (all persons of the indicative and subjunctive tenses, infinitive,
# gerund, participle), so that "afirm-" matches "afirmó" and "afirmaron" but not "afirmación".
_ES_ENDINGS = (
    "o as a amos áis ais an é aste ó asteis aron aba abas ábamos abais aban aré arás ará aremos aréis arán "
    "aría arías aríamos aríais arían e es emos éis en ara aras áramos arais aran ase ases asen ar ando ado ada "
    "ados adas í iste ió imos isteis ieron ía ías íamos íais ían eré erás erá eremos erán ería erían iera "
    "ieras ieran iese iesen er iendo ido ida idos idas yendo yó yeron ís iré irás irá iremos irán iría irían "
    "ir eron iste imos á án ía ían ándo iéndo"
).split()
_ES_CLITICS = "(?:se|lo|la|los|las|le|les|me|nos|te){0,2}"
# Irregular participles: "dicho", "propuesto", "previsto", "escrito", "descrito".
_ES_PARTICIPLES = {"decir": "dich", "poner": "puest", "ver": "vist", "escribir": "escrit", "describir": "descrit"}
# Words before an English form that make it a noun or part of a name: "the report", "United States".
_EN_NOUN_BEFORE = words("en", "noun_preceding_words")


@cache
def _cue_words(lang: str) -> tuple[frozenset[str], re.Pattern[str] | None]:
    """English: the set of written forms of the cue lemmas. Spanish: a pattern matching a whole word."""
    lemmas = cue_lemmas(lang)
    if lang == "es":
        stems: set[str] = set()
        for w in lemmas:
            stems |= _spanish_stems(w)
            for tail, part in _ES_PARTICIPLES.items():
                if w.endswith(tail):
                    stems.add(w[: -len(tail)] + part)
        alt = "|".join(sorted(map(re.escape, stems), key=len, reverse=True))
        ends = "|".join(sorted(map(re.escape, _ES_ENDINGS), key=len, reverse=True))
        return frozenset(), re.compile(rf"(?:{alt})(?:{ends})?{_ES_CLITICS}")
    forms: set[str] = set()
    for w in lemmas:
        forms |= _english_forms(w)
        forms |= set(_EN_IRREGULAR.get(w, "").split())
    return frozenset(forms), None


@cache
def _light_phrases(lang: str) -> tuple[tuple[str, ...], ...]:
    """The written words of the language's light-verb reporting phrases (``light_verb_cues``, third column)."""
    if lang not in LANGUAGES:
        return ()
    return tuple(
        tuple(variant.split())
        for row in table(lang, "light_verb_cues")
        if len(row) > 2
        for variant in row[2].split("|")
    )


def _speech_noun_before_clause(words: Sequence[str], i: int, low: str, lang: str) -> bool:
    """A speech noun followed by its complementizer ("suggestion that", "advertencia de que")."""
    opener = ("that",) if lang == "en" else ("de", "que")
    if tuple(w.lower() for w in words[i + 1 : i + 1 + len(opener)]) != opener:
        return False
    return speech_noun(low, lang) or (low.endswith("s") and speech_noun(low[:-1], lang))


def cue_tokens(words: Sequence[str], lang: str) -> list[int]:
    """Indices of the words (token texts) that may be a reporting verb or open a "según X" phrase, judged
    from their form alone."""
    forms, pattern = _cue_words(lang)
    firsts: dict[str, list[tuple[str, ...]]] = {}
    for phrase in ACCORDING_TO.get(lang, ()):
        firsts.setdefault(phrase[0], []).append(phrase)  # "de acuerdo con" and "de acuerdo a" share "de"
    for frame in words_for(lang, "possessive_opinion_frames"):  # "En su opinión, ..."
        firsts.setdefault(frame.split()[0], []).append(tuple(frame.split()))
    for phrase in _light_phrases(lang):  # "dio a conocer que", "made it clear that"
        firsts.setdefault(phrase[0], []).append(phrase)
    out = []
    prev = ""
    n = len(words)
    for i, word in enumerate(words):
        if word.isalpha():
            low = word.lower()
            if pattern is not None:
                hit = pattern.fullmatch(low) is not None
            elif low in forms:
                # "the report", "the United States": a noun or part of a name, not the verb.
                hit = prev not in _EN_NOUN_BEFORE and not (word.istitle() and i > 0 and words[i - 1].istitle())
            else:
                hit = False
            if not hit and _speech_noun_before_clause(words, i, low, lang):
                hit = True  # "his suggestion that ...", "su advertencia de que ..."
            if not hit and low in firsts:
                hit = any(
                    all(i + k < n and words[i + k].lower() == w for k, w in enumerate(phrase)) for phrase in firsts[low]
                )
            if hit:
                out.append(i)
            prev = low
        elif not word.isspace():
            prev = word
    return out


_OPENERS = "«“\"'‘¿¡—–-("


def cheap_sentences(words: Sequence[str], spaces: Sequence[bool] | None = None) -> list[int]:
    """Indices of the words (token texts) that start sentences, from punctuation and line breaks only.

    A sentence ends after ".", "!", "?" or "…" (and any closing quotation marks or brackets after it) when the
    next word opens with a capital, a digit or an opening mark; a line break starts a sentence as the
    `quotes_paragraphs` component does. Abbreviations ("Mr.", "U.S.") are single tokens of the tokenizer and
    never end a sentence here. Whitespace stays with the sentence before it, as in the parser's sentences.
    `spaces` tells which words a space follows (``Token.whitespace_``); without it only whitespace tokens count.
    """
    starts = [0]
    n = len(words)
    i = 0
    while i < n - 1:
        text = words[i]
        if text.isspace():
            nxt = words[i + 1]
            if (
                "\n" in text
                and ("\n\n" in text or nxt[:1].isupper() or nxt[:1] in _OPENERS or nxt[:1] in "”’»")
                and starts[-1] != i + 1
            ):
                starts.append(i + 1)
        elif text[-1:] in _SENT_END and (len(text) == 1 or text[:1] in _SENT_END):
            j = i + 1
            # Closing marks are glued to the period ('."', '.»'); a mark after a space opens the next sentence.
            while j < n and words[j] in _CLOSERS and not (spaces is not None and spaces[j - 1]):
                j += 1
            k = j
            while k < n and words[k].isspace():
                k += 1
            spaced = k > j or (spaces is not None and spaces[j - 1])
            if k < n and spaced and (words[k][:1].isupper() or words[k][:1].isdigit() or words[k][:1] in _OPENERS):
                if starts[-1] != k:
                    starts.append(k)
                i = k - 1
        i += 1
    return starts


def selected_sentences(
    doc: Doc,
    words: Sequence[str],
    lang: str,
    starts: Sequence[int],
    text: str | None = None,
    needs_before: set[int] | None = None,
) -> list[bool]:
    """For each cheap sentence, whether it can hold or continue a quote; `needs_before` receives the kept
    sentences whose speaker may be named in the sentence before: a cue opening the sentence, and in English a
    pronoun or no name at all (:data:`_ANTECEDENT_WORDS`)."""
    needs_before = set() if needs_before is None else needs_before
    text = doc.text if text is None else text
    n = len(words)
    keep = [False] * len(starts)
    if not n:
        return keep
    sid = 0
    for i in cue_tokens(words, lang):
        while sid + 1 < len(starts) and starts[sid + 1] <= i:
            sid += 1
        keep[sid] = True
        # A cue that opens its sentence has no subject of its own ("Añade que ...", "Agregó: «...»"): the
        # speaker is the subject of the sentence before, which attribution reads from its parse.
        if sid > 0 and not any(w.isalpha() for w in words[starts[sid] : i]):
            needs_before.add(sid)
    # "Para el juez, la cosa está clara.": a source opening its sentence, with no cue verb and no mark.
    openers = _SOURCE_OPENERS.get(lang, frozenset())
    for k, s in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else n
        first = next((w for w in words[s:end] if w.isalpha()), "")
        if first.lower() in openers and "," in words[s:end]:
            keep[k] = True
    char_starts = [doc[s].idx for s in starts]
    for span in find_quoted_spans(text):
        # Sentences overlapping the quotation, including those inside it without a mark of their own.
        lo = max(0, bisect_right(char_starts, span.start) - 1)
        hi = max(lo + 1, bisect_left(char_starts, span.end))
        for k in range(lo, hi):
            keep[k] = True
    bounds = char_starts[1:] + [len(text)]
    for k, (a, b) in enumerate(zip(char_starts, bounds, strict=True)):
        if not keep[k] and any(c in _DOUBLE_MARKS for c in text[a:b]):
            keep[k] = True
    pointing = _ANTECEDENT_WORDS.get(lang)
    if pointing:
        for k, s in enumerate(starts):
            if keep[k] and k > 0:
                sentence = words[s : starts[k + 1] if k + 1 < len(starts) else n]
                if any(w.lower() in pointing for w in sentence) or not any(w[:1].isupper() for w in sentence[1:]):
                    needs_before.add(k)
    return keep


def plan(
    doc: Doc, lang: str, before: int = BEFORE, after: int = AFTER, *, text: str | None = None
) -> tuple[list[tuple[int, int, bool]], list[int]]:
    """Contiguous token ranges covering `doc` (tokenized only), each with whether it is to be parsed, and the
    cheap sentence starts."""
    steps, starts, _, _ = _plan(doc, lang, before, after, text)
    return steps, starts


def _plan(
    doc: Doc, lang: str, before: int, after: int, text: str | None
) -> tuple[list[tuple[int, int, bool]], list[int], list[str], list[bool]]:
    n = len(doc)
    if n == 0:
        return [], [], [], []
    words = [t.text for t in doc]
    spaces = [bool(t.whitespace_) for t in doc]
    starts = cheap_sentences(words, spaces)
    opening: set[int] = set()
    seeds = selected_sentences(doc, words, lang, starts, text, opening)
    parse = [False] * len(starts)
    for k, seed in enumerate(seeds):
        if seed:
            lo = k - max(before, 1 if k in opening else 0)
            for j in range(max(0, lo), min(len(starts), k + after + 1)):
                parse[j] = True
    ends = starts[1:] + [n]
    out: list[tuple[int, int, bool]] = []
    for s, e, p in zip(starts, ends, parse, strict=True):
        if out and out[-1][2] == p:
            out[-1] = (out[-1][0], e, p)
        else:
            out.append((s, e, p))
    return out, starts, words, spaces


#: Components left out of the pass over the sentences that cannot hold a quote: the parser and the sentence
#: boundaries set before it. The rest (token vectors, tagger or morphologizer, attribute ruler, lemmatizer)
#: gives the parts of speech, morphology and lemmas that name recognition and attribution read.
NOT_IN_LIGHT_PASS: tuple[str, ...] = ("parser", "quotes_paragraphs")


def split_pipeline(nlp: Language) -> tuple[list[str], list[str]]:
    """The components that run on the pieces of an article (up to the parser) and those that run on the
    assembled article after it (the attribute ruler, lemmatizer, entity recognizer of a small pipeline): the
    latter read only token attributes, and run faster over one long Doc than over many short ones."""
    names = list(nlp.pipe_names)
    if "parser" not in names:
        return names, []
    cut = names.index("parser") + 1
    return names[:cut], names[cut:]


def light_pass(nlp: Language, docs: list[Doc], batch_size: int = 64) -> list[Doc]:
    """The pipeline without :data:`NOT_IN_LIGHT_PASS` over tokenized Docs: every token annotation but the
    parse (the attribute ruler gives whitespace its SPACE part of speech, so that no name runs across a line
    break)."""
    return run_components(nlp, docs, skip=NOT_IN_LIGHT_PASS, batch_size=batch_size)


def parse_selected(nlp: Language, texts: Sequence[str], lang: str, *, batch_size: int = 64) -> list[Doc]:
    """Docs of `texts` in which only the sentences that can hold a quote are parsed.

    The tokens, their offsets and their whitespace are those of ``nlp(text)``. The components up to the parser
    run on the pieces (the parsed pieces get all of them, the others all but :data:`NOT_IN_LIGHT_PASS`); the
    pieces are assembled, and the components after the parser run on the whole article.
    """
    pieces, after = split_pipeline(nlp)
    whole = [nlp.make_doc(t) for t in texts]
    plans: list[tuple[list[tuple[int, int, bool]], list[int]]] = []
    parse_docs: list[Doc] = []
    rest_docs: list[Doc] = []
    for doc, text in zip(whole, texts, strict=True):
        steps, starts, words, spaces = _plan(doc, lang, BEFORE, AFTER, text)
        if len(steps) > 1:
            for s, e, p in steps:
                piece = Doc(nlp.vocab, words=words[s:e], spaces=spaces[s:e])
                (parse_docs if p else rest_docs).append(piece)
        elif steps:
            (parse_docs if steps[0][2] else rest_docs).append(doc)
        plans.append((steps, starts))
    parsed = iter(run_components(nlp, parse_docs, skip=after, batch_size=batch_size))
    rest = iter(run_components(nlp, rest_docs, skip=[*after, *NOT_IN_LIGHT_PASS], batch_size=batch_size))
    out = []
    for doc, (steps, starts) in zip(whole, plans, strict=True):
        parts = [(next(parsed) if p else next(rest), p) for _, _, p in steps]
        out.append(assemble(doc, parts, steps, starts))
    return run_components(nlp, out, skip=pieces, batch_size=batch_size)


_ATTRS = [TAG, POS, MORPH, LEMMA, HEAD, DEP, ENT_IOB, ENT_TYPE]


def assemble(
    whole: Doc, parts: list[tuple[Doc, bool]], steps: Sequence[tuple[int, int, bool]], starts: Sequence[int]
) -> Doc:
    """The annotations of consecutive pieces written into the tokenized Doc of the whole text.

    Sentence starts: a parse sets them from its trees (and writing heads recomputes them over the whole Doc,
    where the unparsed tokens have none), so they are written last, the unparsed pieces' from the cheap
    segmentation `starts`.
    """
    if not parts:
        return whole
    if len(parts) == 1 and parts[0][1]:
        return parts[0][0]  # every sentence parsed
    # thinc's Ints2d, which the stub asks for, is a numpy array at run time.
    whole.from_array(_ATTRS, numpy.concatenate([p.to_array(_ATTRS) for p, _ in parts]))  # type: ignore[arg-type]
    sent = numpy.full(len(whole), -1, dtype="int64")
    cheap = numpy.asarray(starts, dtype="int64")
    for (piece, parsed), (s, e, _) in zip(parts, steps, strict=True):
        if parsed:
            sent[s:e] = piece.to_array([SENT_START]).astype("int64").reshape(-1)
        else:
            sent[cheap[(cheap >= s) & (cheap < e)]] = 1
        sent[s] = 1
    whole.from_array([SENT_START], sent.view("uint64").reshape(-1, 1))  # type: ignore[arg-type]
    return whole
