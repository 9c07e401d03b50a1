"""The scene of a statement: the words between a Spanish cue and its content that only say where, when or
to whom it was said ("declaró en una rueda de prensa que ...", "informó el último martes que ..."), and the
"que" such a scene leaves for the parser to misattach (:func:`loose_que`)."""

from __future__ import annotations

from spacy.tokens import Token

from quotes.doctext import morph_values, sentence_of
from quotes.extractors.rules.candidates import is_finite
from quotes.lexicons import TIME_WORDS

# Prepositions of the setting or the audience of a statement, which may stand between a cue and its "que"
# clause: "dijo en una entrevista / ante el juez / a esta agencia / durante la jornada que ...".
_SETTING_CASES = frozenset(("en", "a", "al", "ante", "durante", "tras", "con", "desde", "through"))


def is_setting(noun: Token) -> bool:
    """A noun of the verb that only sets the scene of the statement: a time the parser took for an object or
    an oblique ("informó el último martes que ..."), or a place, occasion or audience after a preposition
    of :data:`_SETTING_CASES`. An object is the content itself ("criticó a los medios que ..."), and a topic
    or a cause is no setting ("comentó sobre la rivalidad que ...")."""
    cases = [c.lower_ for c in noun.children if c.dep_ == "case"]
    if noun.lower_ in TIME_WORDS and noun.dep_ in ("obj", "dobj", "obl") and not cases:
        return True
    return noun.dep_ in ("obl", "iobj") and any(c in _SETTING_CASES for c in cases)


def is_passive(verb: Token) -> bool:
    """ "fue desmentida por el Ministerio", "was denied by the ministry": the parser often labels the Spanish
    auxiliary "ser" a plain aux, so a participle with "ser" counts as passive too."""
    if any(c.dep_ in ("aux:pass", "auxpass", "nsubj:pass", "nsubjpass") for c in verb.children):
        return True
    return morph_values(verb, "VerbForm") == ["Part"] and any(
        c.dep_ in ("aux", "cop") and c.lemma_.lower() in ("ser", "be") for c in verb.children
    )


#: Cue groups whose "que" clause is what was said (a request's is what was asked: :func:`_demanded`).
_LOOSE_GROUPS = frozenset(("assert", "announce", "evidential"))
#: How many words may stand between a cue and its "que" for :func:`loose_que`.
_LOOSE_REACH = 15
#: Words before "que" that make it a conjunction of their own ("ya que", "mientras que", "sino que").
_NOT_BEFORE_QUE = frozenset(
    "ya mientras sino así tal aun aunque antes después luego hasta sin más menos mismo tanto siempre".split()
    + "pero y o e ni".split()
)


def loose_que(verb: Token, group: str, lang: str) -> tuple[int, int] | None:
    """A Spanish "que" after the cue that the parser hung on some other word of the clause ("declaró que
    desde días antes ...": "que" a mark of "antes"; "ha declarado en varias ocasiones que ...": a relative
    clause of "ocasiones"). Taken as the content's opening when only the scene of the statement stands
    between: adverbs, commas, times and the phrases of :func:`is_setting`'s prepositions ("en una
    conferencia", "ante la prensa", "tras la votación").

    Anything else stops the search: another noun (an object or a topic, whose "que" opens a relative clause:
    "se refirió a las irregularidades que ..."), a finite verb, a conjunction, punctuation other than a
    comma. A "que" after an article, a pronoun, a preposition or a word of :data:`_NOT_BEFORE_QUE` is not
    the report's. After a scene phrase the content must open with a noun phrase, not a verb or a clitic
    ("en la entrevista que le concedió ...", "en el pleno que la Cámara celebrará" is still taken: the
    relative reading with a subject after "que" is left to the parser). A passive or pronominal cue ("fue
    cuestionado", "se refirió") reports nothing this way."""
    if lang != "es" or group not in _LOOSE_GROUPS or is_passive(verb):
        return None
    if any(c.lower_ == "se" and c.dep_ in ("obj", "iobj", "expl:pv", "expl", "expl:pass") for c in verb.children):
        return None
    doc = verb.doc
    sent = sentence_of(doc, verb.i)
    after_noun = False
    for tok in doc[verb.i + 1 : min(sent.end, verb.i + 1 + _LOOSE_REACH)]:
        if tok.lower_ == "que":
            prev = doc[tok.i - 1]
            if prev.pos_ in ("DET", "ADP", "PRON", "CCONJ", "SCONJ") or prev.lower_ in _NOT_BEFORE_QUE:
                return None
            lo = tok.i + 1
            while lo < sent.end and doc[lo].is_punct:
                lo += 1
            if lo >= sent.end or (after_noun and doc[lo].pos_ in ("VERB", "AUX", "PRON", "ADV", "SCONJ")):
                return None
            hi = sent.end - 1
            while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
                hi -= 1
            return (lo, hi) if hi > lo else None
        if is_finite(tok) or tok.pos_ in ("CCONJ", "SCONJ") or (tok.is_punct and tok.text != ","):
            return None
        if tok.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            if not (is_setting(tok) or tok.lower_ in TIME_WORDS or _in_setting_phrase(tok, verb)):
                return None
            after_noun = True
    return None


def _in_setting_phrase(tok: Token, verb: Token) -> bool:
    """Whether `tok` is a word inside a scene phrase of `verb` ("en una conferencia sobre eficiencia": "eficiencia"
    hangs on "conferencia")."""
    head = tok
    while head.head.i != head.i and head.i > verb.i:
        if head.head.i == verb.i:
            return is_setting(head)
        head = head.head
    return False
