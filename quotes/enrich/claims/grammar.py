"""What does the grammar of a verb say? Tense, mood, person, voice and subject of the clauses of a quote.

The claim-type rules (:mod:`.rules`) and the learned classifier's features (:mod:`.features`) read these
signals from spaCy's parse and morphology, per language where the two differ: Spanish futures and
conditionals are read from the verb's form, English ones from its modal; "ir a" and "going to" + infinitive
are futures too. Nothing here knows about the speaker: :mod:`.context` does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Token

from quotes.doctext import morph_values
from quotes.enrich.claims.cues import both_languages
from quotes.lexicons import words

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
_ES_IR_FORMS = words("es", "ir_forms")
_EN_FUTURE_MODALS = words("en", "future_modals")
_EN_POSSIBLE_MODALS = words("en", "possibility_modals")
_EN_WISH_AFTER_WOULD = words("en", "wish_after_would")
PRONOUNS_1 = both_languages("first_person_pronouns")
PRONOUNS_3 = both_languages("third_person_pronouns")


# ------------------------------------------------------------------------------------- Spanish verb forms


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


def es_is_future(token: Token) -> bool:
    """A Spanish future form ("pondremos", "echará")."""
    if token.pos_ not in ("VERB", "AUX"):
        return False
    return _es_tense_form(token, _ES_FUT_ENDINGS) or bool(_ES_FUT_ONLY.search(token.lower_))


def es_is_conditional(token: Token) -> bool:
    """A Spanish conditional form ("adoptaría", "podríamos")."""
    if token.pos_ not in ("VERB", "AUX"):
        return False
    if _es_tense_form(token, _ES_CND_ENDINGS):
        return True
    return "Cnd" in morph_values(token, "Mood") and bool(re.search(r"r(?:ía|ían|íamos|ías)$", token.lower_))


_ES_PAST_SUBJ = re.compile(
    r"(?:iera|ieras|iéramos|ieran|iese|ieses|iésemos|iesen|ara|aras|áramos|aran|ase|ases"
    r"|ásemos|asen|uera|ueras|uéramos|ueran)$"
)


def _es_is_past_subjunctive(form: Token) -> bool:
    """Imperfect subjunctive ("estuviéramos", "tomara", "hubiese"), told from the present indicative of -rar
    verbs ("declara") by the lemma; the morphologizer tags some of these forms as conditional."""
    if "Sub" in morph_values(form, "Mood") and "Imp" in morph_values(form, "Tense"):
        return True
    low, lemma = form.lower_, form.lemma_.lower()
    if not _ES_PAST_SUBJ.search(low) or form.pos_ not in ("VERB", "AUX"):
        return False
    return not (lemma.endswith("ar") and low in (lemma[:-2] + "a", lemma[:-2] + "as", lemma[:-2] + "an"))


# ----------------------------------------------------------------------------------------- the clause


def content_verb(token: Token) -> Token:
    """The lexical verb an auxiliary or modal belongs to."""
    if token.dep_ in ("aux", "aux:pass", "auxpass", "cop") and token.head.i != token.i:
        return token.head
    return token


def subject(verb: Token) -> Token | None:
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


def finite_forms(verb: Token) -> list[Token]:
    """The verb and its auxiliaries and copula: the words that may carry tense and person."""
    return [verb] + [c for c in verb.children if c.dep_ in ("aux", "aux:pass", "auxpass", "cop")]


def person(verb: Token, finite: Token | None = None) -> str | None:
    """Grammatical person of the clause of `verb`: from its subject pronoun, else from the morphology of the
    finite form (`finite`, e.g. "vamos" in "vamos a cambiar", or the verb's auxiliaries)."""
    subj = subject(verb)
    if subj is not None:
        if subj.lower_ in PRONOUNS_1:
            return "1"
        if subj.pos_ in ("NOUN", "PROPN", "DET", "NUM") or subj.lower_ in PRONOUNS_3:
            return "3"
    for form in ([finite] if finite is not None else []) + finite_forms(verb):
        found = morph_values(form, "Person")
        if found and morph_values(form, "VerbForm") in (["Fin"], []):
            return found[0]
    return None


def is_passive(verb: Token) -> bool:
    """A passive clause: "was approved", "fue aprobada", and the Spanish "pasiva refleja"."""
    children = list(verb.children)
    if any(c.dep_ in ("nsubjpass", "nsubj:pass", "auxpass", "aux:pass") for c in children):
        return True
    # Spanish "pasiva refleja" has "se" and the patient as subject ("se registraron anomalías"); "se" without
    # a subject is a pronominal verb ("se han enfrentado a ...") or an impersonal ("se hará lo posible").
    return any(c.lower_ == "se" for c in children) and any(c.dep_ == "nsubj" for c in children)


def is_impersonal(verb: Token) -> bool:
    """Spanish impersonal or passive "se" ("se hará lo posible", "se invertirán 500 millones")."""
    return any(c.lower_ == "se" for c in verb.children) and person(verb) != "1"


_RELATIVE = frozenset({"acl", "relcl", "acl:relcl"})


def in_relative_clause(verb: Token) -> bool:
    """Whether `verb` heads a relative clause (or a conjunct of one)."""
    return verb.dep_ in _RELATIVE or (verb.dep_ == "conj" and verb.head.dep_ in _RELATIVE)


def is_finite(verb: Token) -> bool:
    """Whether the verb or one of its auxiliaries is finite."""
    return any(
        "Fin" in morph_values(f, "VerbForm") or f.tag_ in ("VBD", "VBZ", "VBP", "MD") for f in finite_forms(verb)
    )


def verbal_ancestor(token: Token, span_tokens: Sequence[Token]) -> Token | None:
    """The nearest verb above `token` inside the quote (as its lexical verb), or None."""
    inside = {t.i for t in span_tokens}
    node = token
    while node.head.i != node.i and node.head.i in inside:
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return content_verb(node)
    return None


def clause_root(tokens: Sequence[Token]) -> Token | None:
    """The main verb of the quote content (its lexical verb), else the first word the parse puts on top."""
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    verbs = [t for t in roots if t.pos_ in ("VERB", "AUX")]
    return content_verb(verbs[0]) if verbs else (roots[0] if roots else None)


# ---------------------------------------------------------------------------------- tense, mood, aspect


def counterfactual(verb: Token, lang: str) -> bool:
    """A conditional whose "si"/"if" clause is in a past subjunctive or a past perfect: "si estuviéramos
    tomando acciones ... podríamos esperar", "if we had acted, ...": a claim about cause, not a forecast."""
    for child in verb.subtree:
        if child.dep_ != "advcl" or child.head.i != verb.i:
            continue
        marks = {c.lower_ for c in child.children if c.dep_ == "mark"}
        if not marks & {"si", "if"}:
            continue
        forms = finite_forms(child)
        if lang == "es" and any(_es_is_past_subjunctive(f) for f in forms):
            return True
        if lang == "en" and any(f.tag_ == "VBD" or f.lower_ == "had" for f in forms):
            return True
    return False


def has_conditional(verb: Token, lang: str) -> bool:
    """Whether the verb's clause is conditional ("adoptaría", "would adopt", "could", "might")."""
    forms = finite_forms(verb)
    if lang == "es":
        return any(es_is_conditional(f) for f in forms)
    return any(f.lower_ in ("would", "could", "might") for f in forms)


def is_past(verb: Token) -> bool:
    """A past tense, the perfect included ("dijimos", "hemos recibido", "we received", "we have received")."""
    forms = finite_forms(verb)
    if any(f.tag_ in ("VBD",) for f in forms):
        return True
    if any(f.lemma_.lower() in ("haber", "have") and f.dep_.startswith("aux") for f in forms):
        return True
    return any(
        t in ("Past", "Imp") and "Fin" in morph_values(f, "VerbForm") for f in forms for t in morph_values(f, "Tense")
    )


def aspect_of_action(verb: Token, lang: str) -> str | None:
    """``perfect`` or ``progressive`` when `verb` has the auxiliary of one, else None."""
    for child in verb.children:
        if child.dep_ not in ("aux", "aux:pass", "auxpass"):
            continue
        lemma = child.lemma_.lower()
        if lemma in ("haber", "have"):
            return "perfect"
        if lemma in ("estar", "be") and ("Ger" in morph_values(verb, "VerbForm") or verb.tag_ == "VBG"):
            return "progressive"
    return None


# --------------------------------------------------------------------------------------- future markers

#: A future-marking word, the lexical verb it belongs to, and its kind: ``fut``, ``cnd`` or ``modal``.
FutureMarker = tuple[Token, Token, str]


def future_markers(tokens: Sequence[Token], lang: str) -> list[FutureMarker]:
    """Future-marking words of the content: ``(marker, lexical verb, kind)`` with kind fut / cnd / modal.

    Conditionals and modals of possibility inside a relative clause describe a hypothetical property, not a
    forecast ("concentraciones que imitarían el uso real", "eyes that could still sparkle"); counterfactual
    conditionals are causal claims (:func:`counterfactual`). Both are left out here.
    """
    if lang == "es":
        return _es_future_markers(tokens)
    return _en_future_markers(tokens)


def _es_future_markers(toks: Sequence[Token]) -> list[FutureMarker]:
    out = []
    for i, tok in enumerate(toks):
        if tok.lemma_.lower() in ("gustar", "querer") and es_is_conditional(tok):
            continue  # "me gustaría", "querría": a wish, not a forecast
        if es_is_future(tok):
            out.append((tok, content_verb(tok), "fut"))
        elif es_is_conditional(tok):
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if tok.lemma_.lower() == "haber" and nxt is not None and "Part" in morph_values(nxt, "VerbForm"):
                continue  # "no se habría registrado": a counterfactual past, not a forecast
            verb = content_verb(tok)
            if in_relative_clause(verb) or counterfactual(verb, "es"):
                continue
            out.append((tok, verb, "cnd"))
        elif tok.lower_ in _ES_IR_FORMS and i + 2 < len(toks) and toks[i + 1].lower_ == "a":
            # "ir a" + infinitive, allowing a clitic in between: "lo va a disminuir", "va a estar".
            for nxt in toks[i + 2 : i + 4]:
                if "Inf" in morph_values(nxt, "VerbForm") or re.search(
                    r"(?:ar|er|ir)(?:se|lo|la|le|nos)?$", nxt.lower_
                ):
                    out.append((tok, nxt, "fut"))
                    break
    return out


def _en_future_markers(toks: Sequence[Token]) -> list[FutureMarker]:
    out = []
    for i, tok in enumerate(toks):
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
            if kind != "fut" and (in_relative_clause(verb) or counterfactual(verb, "en")):
                continue
            out.append((tok, verb, kind))
        elif low in ("going", "due") and i + 2 < len(toks) and toks[i + 1].lower_ == "to" and toks[i + 2].tag_ == "VB":
            out.append((tok, toks[i + 2], "fut"))
    return out
