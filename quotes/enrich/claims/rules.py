"""Which claim type do the rules give a quote? The typed detectors, tried in SPEC precedence order.

Each detector answers for one type, from the quote's grammar (:mod:`.grammar`), who acts in it
(:mod:`.context`) and the cue lexicons (:mod:`.cues`); the first that fires decides (see the package
docstring for the order and what each type needs). The prediction detector runs first and records the
speaker's own future actions, which the quantity and announcement detectors read.
"""

from __future__ import annotations

import re

from attrs import frozen
from spacy.tokens import Doc, Token

from quotes.doctext import morph_values
from quotes.enrich.claims import grammar
from quotes.enrich.claims.context import QuoteContext, own_agent, quote_context
from quotes.enrich.claims.cues import LANGUAGES, both_languages
from quotes.models import ClaimType, Quote


@frozen
class ClaimDecision:
    """A claim type and why it was chosen.

    Attributes:
        claim_type: The type, or None when the quote could not be read in the Doc.
        reason: The rule that fired ("future verb", "number", "default", ...).
        evidence: The words that triggered it, as written.
    """

    claim_type: ClaimType | None
    reason: str
    evidence: tuple[str, ...] = ()


class RuleClaimClassifier:
    """Linguistic cues per language, tried in SPEC precedence order."""

    def __call__(self, doc: Doc, quote: Quote, lang: str) -> ClaimType | None:
        return self.explain(doc, quote, lang).claim_type

    def explain(self, doc: Doc, quote: Quote, lang: str) -> ClaimDecision:
        """The claim type of `quote` with the rule and the words that decided it.

        Args:
            doc: The parsed article the quote offsets point into.
            quote: The quote, with content offsets and, when known, cue offsets and speaker fields.
            lang: ``es`` or ``en``; any other language gets no claim type (there are no cue lexicons for it).
        """
        if lang not in LANGUAGES:
            return ClaimDecision(None, f"no cue lexicons for {lang!r}")
        ctx = quote_context(doc, quote, lang)
        if ctx is None:
            return ClaimDecision(None, "content offsets outside the Doc")
        for claim_type, detect in RULES:
            found = detect(ctx)
            if found is not None:
                reason, evidence = found
                return ClaimDecision(claim_type, reason, tuple(evidence))
        return ClaimDecision(ClaimType.FACT, "default: checkable statement")


#: What a detector found: its reason and the words that triggered it, or None when it does not fire.
Found = tuple[str, list[str]] | None


# ---------------------------------------------------------------------------------------------- prediction

_CONVINCED = both_languages("certainty_adjectives")


def _is_own_decision(verb: Token, marker: Token, kind: str, ctx: QuoteContext) -> bool:
    """Whether a future verb is the speaker's own decision or commitment rather than a forecast.

    A first-person future is a commitment ("pondremos", "we will use"), a first-person conditional a
    hypothesis ("estaríamos montando una respuesta"). In indirect speech a third-person conditional is the
    future of the past ("OpenAI anunció que adoptaría"), so it commits the speaker like a future.
    Being, knowing and ability ("seremos", "we will be able") are states, not decisions. Under an
    announcement cue an impersonal future hides the announcer as agent ("anunció que se invertirán ...").
    """
    if kind == "modal" or ctx.cues["stative"].has_token(verb):
        return False
    if any(ctx.cues["stative"].has_token(a) or a.lower_ in _CONVINCED for a in verb.ancestors if a.i != verb.i):
        return False  # "estoy convencido que vamos a salir", "I think we will win": a belief about the future
    dropped_ok = bool(ctx.cue_in("announcement_cues"))
    if dropped_ok and ctx.lang == "es" and grammar.is_impersonal(verb):
        return True
    agent = own_agent(verb, ctx, dropped_ok=dropped_ok, finite=marker)
    if agent == "1":
        return kind == "fut"
    return agent == "3"


def prediction(ctx: QuoteContext) -> Found:
    """A forecast: a future or conditional verb, a forecast word, or a warning of a possibility."""
    forecast_cue = [w for w in ctx.cue_in("prediction")]
    if forecast_cue:
        return "forecast cue", forecast_cue
    predictions: list[str] = []
    for marker, verb, kind in grammar.future_markers(ctx.tokens, ctx.lang):
        if _is_own_decision(verb, marker, kind, ctx):
            ctx.own_future.append(verb)
        else:
            predictions.append(marker.text)
    for match in ctx.find("prediction"):
        head = grammar.verbal_ancestor(match[0], ctx.tokens)
        # A time adverbial on one of the speaker's own future actions dates the decision ("lanzaremos el
        # producto el próximo año"); a forecast verb or expectation is a prediction whoever the subject.
        if len(match) == 1 and match[0].pos_ in ("NOUN", "PROPN"):
            continue  # "in response to forecasts": a noun names a forecast, it does not make one
        if len(match) == 1 and match[0].pos_ == "VERB" and not grammar.is_finite(match[0]):
            continue  # "it is not reasonable to expect voters to ...": no one forecasts anything
        if match[0].pos_ == "VERB" and grammar.counterfactual(match[0], ctx.lang):
            continue  # "si estuviéramos ..., podríamos esperar que ...": a counterfactual (causal) claim
        if len(match) > 1 or match[0].pos_ not in ("VERB", "AUX"):
            if head is not None and head in ctx.own_future:
                continue
        predictions.append(" ".join(t.text for t in match))
    if predictions:
        return "future or forecast", predictions
    if ctx.cue_in("warning_cues"):
        possible = [" ".join(t.text for t in m) for m in ctx.find("possibility")]
        if possible:
            return "warning of a possibility", possible
    return None


# ------------------------------------------------------------------------------------------------ quantity

_DIGITS = re.compile(r"^\d[\d.,]*%?$|^%$")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_NAME_ENTS = frozenset(
    {"PER", "PERSON", "ORG", "LOC", "GPE", "FAC", "MISC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "NORP"}
)
_TIME_UNITS = both_languages("duration_units")
_ONE = both_languages("one_words")
_BIG = both_languages("large_number_words")


def _is_numeric(tok: Token, ctx: QuoteContext) -> bool:
    """A number written in digits or words, or a quantity word; not an identifier ("COVID-19") or an ordinal."""
    text = tok.text
    if text == "NUMBER" and tok.i > 0 and tok.doc[tok.i - 1].text == "*":
        return True  # the 2018 part of the Spanish Fake News Corpus replaced every number by *NUMBER*
    if _LETTER.search(text) and _DIGIT.search(text):
        return False  # an identifier: "COVID-19", "B.1.1.222", "G7"
    return (
        bool(_DIGITS.match(text))
        or ctx.cues["quantity"].has_token(tok)
        or (
            tok.like_num
            and "Ord" not in morph_values(tok, "NumType")
            and tok.tag_ not in ("LS", "JJ", "RB")
            and tok.pos_ not in ("ADJ", "ADV")  # spaCy's like_num is true for ordinals: "first", "third"
        )
    )


def _is_year(tok: Token, ctx: QuoteContext) -> bool:
    """A year ("en 2022", "since 2016", a masked "en *NUMBER*"), unless a unit follows ("2022 personas")."""
    doc = tok.doc
    prev = doc[tok.i - 1] if tok.i > 0 else None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if not (
        re.fullmatch(r"(19|20)\d\d", tok.text)
        or (
            tok.text == "NUMBER"
            and prev is not None
            and tok.i > 1
            and doc[tok.i - 2].lower_ in ("en", "de", "del", "desde", "hasta")
        )
    ):
        return False
    unit_after = nxt is not None and (
        nxt.text == "%"
        or ctx.cues["quantity"].has_token(nxt)
        or "Plur" in morph_values(nxt, "Number")
        and nxt.pos_ == "NOUN"
    )
    return not unit_after


def _is_date_or_name_part(tok: Token, ctx: QuoteContext) -> bool:
    """A number inside a date, a label or a name: not an amount."""
    doc = tok.doc
    prev = doc[tok.i - 1] if tok.i > 0 else None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    dates = ctx.cues["dates"]
    window = [t for t in doc[max(0, tok.i - 3) : tok.i + 4] if t.i != tok.i]
    if any(dates.has_token(t) for t in window) and not (nxt is not None and nxt.lower_ in _TIME_UNITS):
        near = [t for t in window if dates.has_token(t)]
        if any(abs(t.i - tok.i) <= 2 for t in near):
            return True  # "23 de diciembre", "August 28", "10 horas"? (times are dates too)
    if prev is not None and ctx.cues["number_labels"].has_token(prev):
        return True  # "fase tres", "phase one"
    if tok.dep_ == "amod" and not tok.like_num:
        return True  # "the double bombing": a multiplicative adjective, not an amount
    if prev is not None and prev.is_title and prev.pos_ in ("PROPN", "NOUN") and not prev.is_sent_start:
        return True  # "Especialidades 71", "Línea 12": a number inside a name
    if ctx.lang == "en" and tok.ent_type_ in _NAME_ENTS and tok.ent_iob_ == "I":
        return True  # "Hospital 71"; the Spanish NER puts whole clauses in MISC and is not used here
    return (
        tok.ent_type_ in ("DATE", "TIME")
        and not (nxt is not None and nxt.lower_ in _TIME_UNITS)
        and not (nxt is not None and nxt.lower_ in ("and", "to", "or"))
    )  # "in August", "Monday": a date, but "ten days" is a duration, an amount


def is_amount(tok: Token, ctx: QuoteContext) -> bool:
    """Whether `tok` is a number, amount or percentage: not a year, a date, a time, a label or part of a name."""
    known = ctx.amounts.get(tok.i)
    if known is None:
        known = ctx.amounts[tok.i] = _is_amount(tok, ctx)
    return known


def _is_amount(tok: Token, ctx: QuoteContext) -> bool:
    if not _is_numeric(tok, ctx):
        return False
    if tok.lower_ in _ONE:
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        return nxt is not None and nxt.lower_ in _BIG  # "un millón", "a thousand"
    return not (_is_year(tok, ctx) or _is_date_or_name_part(tok, ctx))


def quantity(ctx: QuoteContext) -> Found:
    """An amount that is not part of the speaker's own plan, or a superlative rank."""
    found = []
    for tok in ctx.tokens:
        if not is_amount(tok, ctx):
            continue
        head = grammar.verbal_ancestor(tok, ctx.tokens)
        if head is not None and head in ctx.own_future:
            continue  # an amount in the speaker's own plan is part of the announcement ("invertiremos 500")
        found.append(tok.text)
    for a, b in ctx.matches("quantity"):
        if b - a > 1:
            found.append(" ".join(t.text for t in ctx.tokens[a:b]))
    if found:
        return "number or amount", found
    ranked = rank(ctx)
    if ranked:
        return "rank", ranked
    return None


def rank(ctx: QuoteContext) -> list[str]:
    """A superlative ranked against a range or a record ("the deadliest since", "el peor de la historia")."""
    toks = ctx.tokens
    rank_lex = ctx.cues["rank"]
    for i, tok in enumerate(toks):
        superlative = "Sup" in morph_values(tok, "Degree") or tok.tag_ in ("JJS", "RBS")
        if ctx.lang == "es" and tok.lower_ in ("más", "menos") and i > 0 and toks[i - 1].pos_ == "DET":
            superlative = True  # "el más mortífero", "la cifra más alta" is written "la más alta" too
        if ctx.lang == "es" and tok.lower_ in ("más", "menos") and i > 1 and toks[i - 2].pos_ == "DET":
            superlative = True
        if not superlative:
            continue
        after = toks[i + 1 : i + 8]
        hits = rank_lex.find(after)
        if hits:
            a, b = hits[0]
            return [tok.text + " … " + " ".join(t.text for t in after[a:b])]
    return []


# ----------------------------------------------------------------------------------------- causal, rule


def causal(ctx: QuoteContext) -> Found:
    """A causal connective or verb, a counterfactual conditional, or a cue that gives a reason."""
    cue = ctx.cue_in("causal_cues")
    if cue:
        return "causal cue", cue
    found = [
        t.text
        for t in ctx.tokens
        if t.pos_ == "VERB" and grammar.has_conditional(t, ctx.lang) and grammar.counterfactual(t, ctx.lang)
    ]
    for match in ctx.find("causal"):
        first = match[0]
        if first.lower_ == "pues" and first.i == ctx.tokens[0].i:
            continue  # a sentence-initial "Pues" is a discourse filler, not "because"
        if first.lower_ == "due" and len(match) >= 2:
            after = first.doc[match[-1].i + 1] if match[-1].i + 1 < len(first.doc) else None
            if after is not None and after.tag_ == "VB":
                continue  # "is due to arrive": a schedule
        found.append(" ".join(t.text for t in match))
    return ("causal connective", found) if found else None


def rule(ctx: QuoteContext) -> Found:
    """A legal term, or a law, regulation or contract together with a normative expression."""
    terms = [" ".join(t.text for t in m) for m in ctx.find("rule_terms")]
    if terms:
        return "legal term", terms
    sources = [" ".join(t.text for t in m) for m in ctx.find("rule_sources")]
    if sources:
        norms = [" ".join(t.text for t in m) for m in ctx.find("rule_norms")]
        if norms:
            return "rule source with a norm", sources + norms
    return None


# --------------------------------------------------------------------------------- announcement, experience


def announcement(ctx: QuoteContext) -> Found:
    """The speaker's own future action, own action in the perfect or progressive, or an announcement cue."""
    if ctx.own_future:
        return "speaker's own future action", [t.text for t in ctx.own_future]
    cue = ctx.cue_in("announcement_cues")
    stative = ctx.cues["stative"]
    for tok in ctx.tokens:
        if tok.pos_ != "VERB" or stative.has_token(tok) or grammar.is_passive(tok):
            continue
        aspect = grammar.aspect_of_action(tok, ctx.lang)
        if aspect and own_agent(tok, ctx, dropped_ok=bool(cue)) is not None:
            return f"speaker's own action ({aspect})", [tok.text]
    if cue:
        root = grammar.clause_root(ctx.tokens)
        if root is None or root.pos_ not in ("VERB", "AUX"):
            return "announcement cue", cue
        subj = grammar.subject(root)
        if subj is None or grammar.is_passive(root) or own_agent(root, ctx, dropped_ok=True) is not None:
            return "announcement cue", cue
    return None


_EXPERIENCER_CLITICS = both_languages("experiencer_pronouns")


def experience(ctx: QuoteContext) -> Found:
    """The speaker in the first person and a past tense, or as subject or experiencer of an emotion."""
    experience_lex = ctx.cues["experience"]
    for tok in ctx.tokens:
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_.startswith("aux"):
            continue
        agent = own_agent(tok, ctx, dropped_ok=experience_lex.has_token(tok))
        if agent == "1" and grammar.is_past(tok):
            return "first person, past", [tok.text]
        if experience_lex.has_token(tok):
            if agent == "1" or (agent == "3" and grammar.is_past(tok)):
                return "experience verb of the speaker", [tok.text]
            clitics = [c for c in tok.children if c.lower_ in _EXPERIENCER_CLITICS and c.pos_ == "PRON"]
            if clitics and (ctx.indirect or clitics[0].lower_ in ("me", "nos", "us")):
                return "emotion of the speaker", [clitics[0].text, tok.text]
    return None


# ------------------------------------------------------------------------------------------------- opinion

_BELIEF = both_languages("belief_verbs")


def opinion(ctx: QuoteContext) -> Found:
    """An evaluative or demand cue, or evaluation, the speaker's belief, obligation or wish in the content."""
    cue = ctx.cue_in("opinion_cues")
    if cue:
        return "evaluative or demand cue", cue
    found = []
    for match in ctx.find("opinion"):
        first = match[0]
        if len(match) == 1 and first.lemma_.lower() in _BELIEF and first.pos_ in ("VERB", "AUX"):
            if own_agent(first, ctx, dropped_ok=True) is None:
                continue  # "se ha intentado hacer creer": someone else's belief is no opinion of the speaker
        if first.lemma_.lower() == "deber" and len(match) == 1:
            nxt = first.doc[first.i + 1] if first.i + 1 < len(first.doc) else None
            if nxt is not None and nxt.lower_ in ("a", "al"):
                continue  # "se debe a": a cause, not an obligation
        found.append(" ".join(t.text for t in match))
    for match in ctx.find("evaluative"):
        prev = match[0].doc[match[0].i - 1] if match[0].i > 0 else None
        if (
            match[0].lower_.startswith(("positiv", "negativ"))
            and prev is not None
            and prev.lemma_.lower() in ("dar", "resultar", "salir", "test")
        ):
            continue  # "dio positivo al covid-19": a test result, not a judgement
        if match[0].pos_ in ("ADJ", "NOUN", "ADV", "VERB") or len(match) > 1:
            found.append(" ".join(t.text for t in match))
    if any(t.text in ("!", "¡") for t in ctx.tokens):
        found.append("!")
    return ("evaluation, belief or wish", found) if found else None


#: The detectors in SPEC precedence order. Fact is the default, so opinion is tried last: see the package
#: docstring. Later detectors read state set by earlier ones (``ctx.own_future``, set by ``prediction``).
RULES = (
    (ClaimType.PREDICTION, prediction),
    (ClaimType.QUANTITY, quantity),
    (ClaimType.CAUSAL, causal),
    (ClaimType.RULE, rule),
    (ClaimType.ANNOUNCEMENT, announcement),
    (ClaimType.EXPERIENCE, experience),
    (ClaimType.OPINION, opinion),
)
