"""What does the learned claim-type classifier see of a quote? Its feature strings, by family.

Every signal the rules compute becomes a feature (each detector's verdict and reason, the tense, mood and
person of the content's main verb, whether its subject is the speaker, the cue's lemma and class, negation,
numbers, lexicon hits), next to a few lexical features (lemmas of the root and its dependents and of the content's
other content words, word unigrams and bigrams). A lexicon hit is therefore evidence, not a verdict.

Everything is computed from ``(doc, quote, lang)``: at run time the quote is the predicted span with the
predicted speaker, so the features never read the gold. The feature strings are the vocabulary of the shipped
weights (``quotes/data/models/claims/``): changing one means retraining.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from quotes.doctext import morph_values
from quotes.enrich.claims import grammar, rules
from quotes.enrich.claims.context import QuoteContext, own_agent, quote_context, refers_to_speaker
from quotes.enrich.claims.cues import FAMILIES, LANGUAGES, both_languages
from quotes.lexicons import cue_verbs, words
from quotes.models import Quote

#: Detectors of the rule classifier, in the order the rules try them (later ones read state set by earlier
#: ones: ``prediction`` records the speaker's own future actions that ``quantity`` and ``announcement`` use).
_DETECTORS = (
    ("prediction", rules.prediction),
    ("quantity", rules.quantity),
    ("causal", rules.causal),
    ("rule", rules.rule),
    ("announcement", rules.announcement),
    ("experience", rules.experience),
    ("opinion", rules.opinion),
)

_NEGATION = both_languages("negation_words")
#: Features not paired with the language: the language itself and the lexical families (words, bigrams,
#: lemmas, the dependents', adjectives' and evidence words, future words).
_UNPAIRED = ("lang=", "w=", "b=", "l=", "ctx=", "dep=", "adj=", "ev=", "future_word=")
_ES_MODALS = words("es", "modal_verbs")


def claim_features(doc: Doc, quote: Quote, lang: str) -> list[str] | None:
    """The feature strings of one quote, or None when its content is not in the Doc.

    Feature families (prefix): ``det`` each rule detector that fired, with its reason (``why``) and the words
    that triggered it (``ev``); ``rule`` the rule classifier's decision; ``root`` / ``v`` the main verb's and
    every verb's grammar; ``dep`` lemmas of the root's dependents; ``cue`` the cue lemma and its class;
    ``lex`` lexicon families found in the content; ``w`` / ``b`` lowercased word unigrams and bigrams; ``l``
    the lemmas of the content's content words (a Spanish verb's many forms share one); ``ctx`` the lemmas of
    the words of its sentence outside it (the reporting clause); plus
    kind, speaker type, negation, numbers, first person, punctuation and length. Every feature but the
    lexical families and the language is given twice: as it is and prefixed with the language (``es|rule=fact``).
    """
    if lang not in LANGUAGES:
        return None
    ctx = quote_context(doc, quote, lang)
    if ctx is None:
        return None
    feats = [f"lang={lang}", f"kind={quote.kind.value}", f"stype={quote.speaker_type}"]
    feats += _detector_features(ctx)
    feats += _clause_features(ctx)
    feats += _cue_features(ctx)
    feats += _lexicon_features(ctx)
    feats += _sentence_features(ctx.tokens, lang)
    feats += _word_features(ctx.tokens)
    feats += _lemma_features(ctx.tokens)
    feats += _context_features(ctx.tokens)
    # The grammatical and rule features again, paired with the language: one model for both languages keeps
    # what they share and learns where they differ (Daumé III, "Frustratingly Easy Domain Adaptation", 2007).
    # Words and lemmas are the language's own already.
    return feats + [f"{lang}|{f}" for f in feats if not f.startswith(_UNPAIRED)]


def _detector_features(ctx: QuoteContext) -> list[str]:
    """Each rule detector that fires, its reason and first words, and the rule classifier's decision."""
    feats = []
    decision = None
    for name, detect in _DETECTORS:
        found = detect(ctx)
        if found is None:
            continue
        reason, evidence = found
        feats += [f"det={name}", f"why={name}:{reason}"]
        feats += [f"ev={name}:{w.lower()}" for w in evidence[:3]]
        decision = decision or name
    feats.append(f"rule={decision or 'fact'}")
    if ctx.own_future:
        feats.append("own_future")
    return feats


def _verb_features(prefix: str, verb: Token, ctx: QuoteContext) -> list[str]:
    """Morphology of a verb's clause: tense, mood, person, verb form of the verb and its auxiliaries, and
    whether its subject is the speaker (own decision or experience) or someone else (a report or forecast)."""
    grammar_of = ctx.verb_grammar.get(verb.i)
    if grammar_of is None:
        grammar_of = ctx.verb_grammar[verb.i] = _verb_grammar(verb, ctx)
    return [f"{prefix}:{feature}" for feature in grammar_of]


def _verb_grammar(verb: Token, ctx: QuoteContext) -> list[str]:
    """The features of :func:`_verb_features` without their prefix (computed once per verb and quote: the
    root is read again among the verbs)."""
    out = [f"pos={verb.pos_}", f"lemma={verb.lemma_.lower()}"]
    for form in grammar.finite_forms(verb):
        for key in ("Tense", "Mood", "VerbForm"):
            for v in morph_values(form, key):
                out.append(f"{key}={v}")
        if form.tag_:
            out.append(f"tag={form.tag_}")
        if form is not verb:
            out.append(f"aux={form.lemma_.lower()}")
    out.append(f"person={grammar.person(verb)}")
    subj = grammar.subject(verb)
    if subj is None:
        out.append("subj=none")
    else:
        out.append(f"subj_pos={subj.pos_}")
        if subj.lower_ in grammar.PRONOUNS_1 | grammar.PRONOUNS_3:
            out.append(f"subj={subj.lower_}")
        if refers_to_speaker(subj, ctx):
            out.append("subj=speaker")
    out.append(f"own={own_agent(verb, ctx, dropped_ok=True)}")
    if grammar.is_passive(verb):
        out.append("passive")
    if grammar.is_past(verb):
        out.append("past")
    if ctx.lang == "es" and grammar.es_is_future(verb):
        out.append("future")
    if grammar.has_conditional(verb, ctx.lang):
        out.append("conditional")
    aspect = grammar.aspect_of_action(verb, ctx.lang)
    if aspect:
        out.append(f"aspect={aspect}")
    return out


def _clause_features(ctx: QuoteContext) -> list[str]:
    """The main verb's grammar and dependents, every verb's grammar, and the future markers."""
    feats = []
    root = grammar.clause_root(ctx.tokens)
    if root is not None:
        feats += _verb_features("root", root, ctx)
        for child in root.children:
            if child.is_punct:
                continue
            feats.append(f"dep={child.dep_}:{child.lemma_.lower()}")
            feats.append(f"depr={child.dep_}")
    verbs = [t for t in ctx.tokens if t.pos_ in ("VERB", "AUX") and not t.dep_.startswith("aux")]
    for verb in verbs[:6]:
        feats += [f for f in _verb_features("v", verb, ctx) if ":lemma=" not in f]
    for marker, _verb, kind in grammar.future_markers(ctx.tokens, ctx.lang):
        feats.append(f"future={kind}")
        feats.append(f"future_word={marker.lower_}")
    return feats


def _cue_features(ctx: QuoteContext) -> list[str]:
    """The reporting word itself and its class in the reporting-verb lexicon and the claim cue lists."""
    feats = []
    groups = cue_verbs(ctx.lang)
    for tok in ctx.cue_tokens:
        if tok.is_punct:
            continue
        lemma = tok.lemma_.lower()
        feats.append(f"cue={lemma}")
        if lemma in groups:
            feats.append(f"cue_class={groups[lemma]}")
    if not ctx.cue_tokens:
        cue = ctx.quote.cue
        feats.append("cue=none" if not cue else f"cue_text={cue.lower()}")
    for family in ("prediction", "warning_cues", "causal_cues", "announcement_cues", "opinion_cues"):
        if ctx.cue_in(family):
            feats.append(f"cue_lex={family}")
    return feats


def _lexicon_features(ctx: QuoteContext) -> list[str]:
    """Lexicon families found in the content, each a feature rather than a verdict; amounts and ranks."""
    feats = []
    toks = ctx.tokens
    for family in FAMILIES:
        if family.endswith("_cues") or family in ("dates", "number_labels"):
            continue
        if ctx.matches(family):
            feats.append(f"lex={family}")
    if any(rules.is_amount(t, ctx) for t in toks):
        feats.append("amount")
    if any(t.text == "%" or t.lower_ in ("percent", "per cent", "ciento", "porcentaje") for t in toks):
        feats.append("percent_word")
    if any(t.like_num for t in toks):
        feats.append("like_num")
    if rules.rank(ctx):
        feats.append("rank")
    if any("Sup" in morph_values(t, "Degree") or t.tag_ in ("JJS", "RBS") for t in toks):
        feats.append("superlative")
    return feats


def _sentence_features(toks: Sequence[Token], lang: str) -> list[str]:
    """Negation, person, mood, modals, adjectives, punctuation and length of the content."""
    feats = []
    if any(t.lower_ in _NEGATION or t.dep_ == "neg" for t in toks):
        feats.append("negation")
    if any(t.lower_ in grammar.PRONOUNS_1 or t.lower_ in ("nuestro", "nuestra", "our", "my", "mi") for t in toks):
        feats.append("first_person_word")
    if any(t.pos_ == "PRON" and "1" in morph_values(t, "Person") for t in toks):
        feats.append("first_person_pron")
    if any(t.pos_ == "PRON" and "2" in morph_values(t, "Person") or t.lower_ in ("you", "usted") for t in toks):
        feats.append("second_person")
    if any("Imp" in morph_values(t, "Mood") for t in toks):
        feats.append("imperative")
    if any("Sub" in morph_values(t, "Mood") for t in toks):
        feats.append("subjunctive")
    for t in toks:
        if lang == "en" and t.tag_ == "MD":
            feats.append(f"modal={t.lower_}")
        elif lang == "es" and t.lemma_.lower() in _ES_MODALS and t.pos_ in ("VERB", "AUX"):
            feats.append(f"modal={t.lemma_.lower()}")
        if t.pos_ == "ADJ":
            feats.append(f"adj={t.lemma_.lower()}")
    if any(t.text in ("!", "¡") for t in toks):
        feats.append("exclamation")
    if any(t.text in ("?", "¿") for t in toks):
        feats.append("question")
    n = len(toks)
    feats.append(f"len={'short' if n < 8 else 'mid' if n < 25 else 'long'}")
    return feats


def _word_features(toks: Sequence[Token]) -> list[str]:
    """Lowercased word unigrams and bigrams."""
    lowered = [t.lower_ for t in toks if not t.is_punct and not t.is_space]
    return [f"w={w}" for w in lowered] + [f"b={a}_{b}" for a, b in zip(lowered, lowered[1:], strict=False)]


def _context_features(toks: Sequence[Token]) -> list[str]:
    """Lemmas of the words of the content's sentence outside the content, neither punctuation nor stop words,
    each once: the reporting clause and its setting ("advirtió", "comunicado", "según la ley", "in a
    statement"), which the cue's lemma alone does not carry."""
    if not toks:
        return []
    first, last = toks[0].i, toks[-1].i
    lemmas = {
        t.lemma_.lower() for t in toks[0].sent if not (first <= t.i <= last or t.is_punct or t.is_space or t.is_stop)
    }
    return [f"ctx={lemma}" for lemma in sorted(lemmas)]


def _lemma_features(toks: Sequence[Token]) -> list[str]:
    """Lowercased lemmas of the words that are not punctuation or stop words, each once."""
    lemmas = {t.lemma_.lower() for t in toks if not (t.is_punct or t.is_space or t.is_stop)}
    return [f"l={lemma}" for lemma in sorted(lemmas)]
