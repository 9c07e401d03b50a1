"""Indirect quotes: a reporting verb and the content it governs ("X afirmó que ...", "X urged Y to ...").

The content is the verb's clausal complement without its complementizer; a speech act whose object is the
statement takes a noun-phrase, infinitive or "X as Y" content ("pidió la renuncia del ministro", "instó a
los bancos a congelar las hipotecas" -> "congelar las hipotecas", "hailed the deal as a turning point");
topics, courtesies, non-speech senses and passives do not ("mantiene contratos", "fue desmentida por X").
Unquoted content may also come before its reporting clause ("CONTENT, informó X.", "CONTENT, agregó.").
"""

from __future__ import annotations

from functools import cache

from spacy.attrs import POS
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Token

from quotes.doctext import doc_text, morph_values, sentence_of, tokens_with
from quotes.extractors.rules.candidates import (
    QUOTE_MARKS,
    Candidate,
    content_bounds,
    cue_span,
    finite_or_aux,
    is_finite,
    past_cue_preposition,
    skip_connectives,
)
from quotes.extractors.rules.inverted import inverted_candidate
from quotes.extractors.rules.scene import is_passive, is_setting, loose_que
from quotes.extractors.rules.sources import (
    SUBJECT_DEPS,
    is_impersonal,
    source_mention,
    subject_of,
    valid_subject,
)
from quotes.lexicons import DOCUMENT_NOUNS, LANGUAGES, NOMINALS, table, words_for
from quotes.models import MentionKind, QuoteKind

_CLAUSE_DEPS = ("ccomp", "parataxis")
_DEMAND_DEPS = ("xcomp", "ccomp")
_VERB_DEPS = ("aux", "aux:pass", "auxpass", "cop")


def indirect_quotes(doc: Doc, cues: dict[str, str], lang: str) -> list[Candidate]:
    """The indirect candidates of a parsed article: for each cue verb, the content before it ("CONTENT,
    informó X.") or else the content it governs."""
    out = []
    documents = DOCUMENT_NOUNS.get(lang, frozenset())
    for verb in tokens_with(doc, POS, (VERB, AUX)):
        group = cues.get(verb.lemma_.lower())
        if group is None and (light := _light_verb_clause(verb, lang)) is not None:
            found = _governed_candidate(verb, "assert", cues, lang, documents, clause=light)
            if found is not None:
                out.append(found)
            continue
        if group is None and _clausal_report(verb, lang):
            group = "assert"
        # Spanish only: in the English articles the marks inside a belief's content were scare quotes (2 of 2).
        belief = group is None and lang == "es" and verb.lemma_.lower() in words_for(lang, "belief_verbs")
        if belief:
            group = "assert"
        if group is None or verb.pos_ not in ("VERB", "AUX"):
            continue
        if verb.pos_ == "AUX" and verb.dep_ in ("aux", "aux:pass", "cop"):
            continue
        found = inverted_candidate(verb, lang) if group not in ("evidential", "call") else None
        if found is None:
            found = _governed_candidate(verb, group, cues, lang, documents)
        if found is not None and belief and not _quotes_words(doc, found):
            continue  # a belief is no report (SPEC section 3) unless its content quotes the believer's words
        if found is not None:
            out.append(found)
    return out




def _quotes_words(doc: Doc, c: Candidate) -> bool:
    content = doc_text(doc)[c.start : c.end + 1]
    return sum(content.count(m) for m in QUOTE_MARKS) >= 2  # the belief repeats the speaker's words


def _light_verb_clause(verb: Token, lang: str) -> Token | None:
    """The "que" / "that" clause of a light verb made a reporting phrase by the word it governs ("dio a
    conocer que", "dejó claro que", "made it clear that"; the language's ``light_verb_cues`` table), hung on
    the verb or on that word; None when the verb is no such phrase or has no such clause ("dio a conocer su
    plan" names a topic)."""
    words = {w for lemma, w in _light_verb_cues(lang) if lemma == verb.lemma_.lower()}
    if not words:
        return None
    heads = [verb, *(c for c in verb.children if c.lower_ in words)]
    if len(heads) == 1:
        return None
    for head in heads:
        for c in head.children:
            if c.i > verb.i and any(m.dep_ == "mark" and m.lower_ in ("que", "that") for m in c.children):
                return c
    return None


@cache
def _light_verb_cues(lang: str) -> tuple[tuple[str, str], ...]:
    if lang not in LANGUAGES:
        return ()
    return tuple((row[0], row[1]) for row in table(lang, "light_verb_cues") if len(row) > 1)


def _clausal_report(verb: Token, lang: str) -> bool:
    """A verb outside the cue lexicon that reports speech by its shape: finite, active, with a "que"/"that"
    clause in the indicative after it and a named person or organization as subject ("Pérez recalcó que
    ...", "the ministry clarified that ..."). Mental states ("creer", "believe") are no report (SPEC
    section 3), nor are Spanish subjunctive complements, which are wishes or causes ("logró que
    cambiara")."""
    if verb.pos_ != "VERB" or not is_finite(verb) or is_passive(verb) or is_impersonal(verb):
        return False
    if verb.lemma_.lower() in words_for(lang, "belief_verbs"):
        return False
    clause = [
        c
        for c in verb.children
        if c.i > verb.i
        and c.dep_ in ("ccomp", "xcomp", "obj", "dobj")
        and c.pos_ in ("VERB", "AUX", "ADJ", "NOUN")
        and any(m.dep_ == "mark" and m.lower_ in ("que", "that") and m.i < c.i for m in c.children)
    ]
    # The clause must have a finite verb of its own ("logró que el presupuesto creciera" can parse with the
    # verb as an adjective of a noun-headed "clause").
    clause = [c for c in clause if any(is_finite(t) for t in [c, *c.children] if t is c or t.dep_ in _VERB_DEPS)]
    if not clause or any(
        morph_values(t, "Mood") == ["Sub"] for c in clause for t in [c, *c.children] if t.pos_ in ("VERB", "AUX")
    ):
        return False
    subject = subject_of(verb)
    if subject is None or subject.i > verb.i:
        return False
    if subject.ent_type_ in ("PER", "PERSON", "ORG") or subject.pos_ == "PROPN":
        return True
    return NOMINALS.get(lang, {}).get(subject.lemma_.lower()) is not None


def _governed_candidate(
    verb: Token,
    group: str,
    cues: dict[str, str],
    lang: str,
    documents: frozenset[str],
    *,
    clause: Token | None = None,
) -> Candidate | None:
    """The content `verb` governs (:func:`_complement`, or the given `clause`), when its subject can be the
    source."""
    if clause is not None:
        rng = _clause_content(verb, [clause], cues)
    else:
        interposed = _interposed(verb, lang)
        if interposed is not None:
            return interposed
        rng = _complement(verb, group, cues, lang)
    if rng is None:
        return None
    subject = subject_of(verb)
    if not valid_subject(subject, lang):
        return None
    if subject is not None and (
        subject.pos_ in ("VERB", "AUX") or (rng[0] <= subject.i <= rng[1] and verb.dep_ != "parataxis")
    ):
        return None  # "se prevé que ...": the clause is the subject of a passive, no source is named
    if subject is None and (lang != "es" or is_impersonal(verb)):
        return None
    if group == "evidential" and not _can_find(subject, documents, lang, clause=_has_that_clause(verb)):
        return None
    bounds = content_bounds(verb.doc, past_cue_preposition(verb, rng[0], rng[1]), rng[1], lang)
    if bounds is None:
        return None
    mention, kind = source_mention(subject, verb, lang)
    if kind is MentionKind.NONE:
        return None
    return Candidate.create(bounds[0], bounds[1], QuoteKind.INDIRECT, cue_span(verb), mention, kind, 0.8)


def _interposed(verb: Token, lang: str) -> Candidate | None:
    """A cue set off by commas after the opening words of its content, with its subject after it or none:
    "La tela, asegura el doctor Acosta, es un material ...", "El miedo, relata, es una constante", "The
    fabric, says Dr. Acosta, is ...". The content is what follows the second comma, as annotators mark it
    ("es una constante"); the words before the cue are the content's subject, never the source, though the
    parser may take them for the cue's."""
    doc = verb.doc
    if verb.i < 2 or doc[verb.i - 1].text != "," or not is_finite(verb):
        return None  # "..., citing data from X, said ...", "The mass, called a plume, was ...": no cue
    sent = sentence_of(doc, verb.i)
    lo = skip_connectives(doc, sent.start, verb.i - 1, lang)
    if lo >= verb.i - 1 or any(is_finite(t) or t.text in ",;:«“\"" for t in doc[lo : verb.i - 1]):
        return None
    close = next((t.i for t in doc[verb.i + 1 : sent.end] if t.text in (",", ";", ":", ".")), None)
    if close is None or doc[close].text != ",":
        return None
    between = doc[verb.i + 1 : close]
    if any(is_finite(t) for t in between) or len(between) > 8:
        return None
    hi = sent.end - 1
    while hi > close and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    if hi - close < 2 or not any(is_finite(t) for t in doc[close + 1 : hi + 1]):
        return None
    subject = next((t for t in between if t.dep_ in SUBJECT_DEPS and t.head.i == verb.i), None)
    if subject is None and lang == "es":
        # The Spanish parser often hangs the inverted subject elsewhere ("asegura el dermatólogo Luis Acosta").
        heads = [t for t in between if t.head.i == verb.i or not verb.i < t.head.i < close]
        subject = next((t for t in heads if t.pos_ in ("NOUN", "PROPN", "PRON")), None)
    if subject is None and between:
        return None  # words after the cue that are not its subject ("relata en su libro", "called a plume")
    if subject is not None and not valid_subject(subject, lang):
        return None
    if subject is None and lang != "es":
        return None
    bounds = content_bounds(doc, close + 1, hi, lang)
    if bounds is None:
        return None
    mention, kind = source_mention(subject, verb, lang) if subject is not None else (None, MentionKind.DROPPED)
    if kind is MentionKind.NONE:
        return None
    return Candidate.create(bounds[0], bounds[1], QuoteKind.INDIRECT, cue_span(verb), mention, kind, 0.8)


def _complement(verb: Token, group: str, cues: dict[str, str], lang: str) -> tuple[int, int] | None:
    """Token range [lo, hi] of the reported content governed by `verb`, or None.

    The kinds of complement, in the order they are tried: the predicate of a judgement, everything a request
    or a description governs, a clause (the common case), the sentence around a parenthetical cue or a cue
    flanked by commas, and a noun-phrase object.
    """
    if group == "call":
        # "llama a votar por Cordero", "llamó a la OMC a pronunciarse", "llamó a que se tomen cartas": only
        # what the call asks for ("se llama Filipinas", "llamó a casa", "llamó la atención" are no calls).
        return _marked_infinitive(verb, ("a",), lang)
    clause = _clauses(verb)
    if not clause:
        stray = _stray_que(verb) or loose_que(verb, group, lang)
        if stray is not None:
            return stray
        accused = None if is_passive(verb) else _marked_infinitive(verb, ("de",), lang)
        if accused is not None:
            return accused  # "acusó a las autoridades de actuar ilegalmente"
        judged = _judgement(verb, lang)
        if judged is not None:
            return judged
    if (group == "demand" or verb.lemma_.lower() in words_for(lang, "describing_verbs")) and not any(
        c.i > verb.i for c in clause
    ):
        # "A judicial inquiry was ordered, according to police": the subject of a passive request is what
        # was asked for, not who asked.
        return None if is_passive(verb) else _demanded(verb, lang)
    if clause:
        return _clause_content(verb, clause, cues)
    if verb.dep_ == "parataxis" and verb.head.i > verb.i - 40:
        # "The economy, she said, will grow ...": the cue is a parenthetical inside its content.
        return _around_parenthetical(verb, lang)
    flanked = _comma_flanked(verb) or _leading_cue(verb, lang)
    if flanked is not None:
        return flanked
    return _infinitive_content(verb, lang, group) or _object_content(verb, lang)


def _clauses(verb: Token) -> list[Token]:
    """The clausal complements of `verb`: before or after it, and any "que"/"that" clause after it."""
    clause = [c for c in verb.children if c.dep_ in _CLAUSE_DEPS and not c.is_punct]
    clause = [c for c in clause if c.dep_ != "parataxis" or c.i < verb.i]
    # A clause introduced by "que"/"that" after the verb is its content whatever label the parser gave it
    # ("subraya que los hallazgos pueden servir ..." comes out as xcomp).
    clause += [
        c
        for c in verb.rights
        if c.dep_ in ("xcomp", "advcl", "obj", "dobj", "csubj")
        and c.left_edge.lower_ in ("que", "that")
        and c not in clause
    ]
    if not any(c.i > verb.i for c in clause):
        clause += _misattached_clauses(verb) or _comma_that_clause(verb)
    return clause


def _comma_that_clause(verb: Token) -> list[Token]:
    """A ", that" clause the parser hung as a relative clause on a noun the cue governs: "told Anadolu Agency, a
    local news outlet, that one of the deceased was ...". English relative clauses after a comma take "which",
    not "that", so the clause is the content."""
    for noun in verb.rights:
        if noun.pos_ not in ("NOUN", "PROPN"):
            continue
        for rel in noun.subtree:
            que = rel.left_edge
            if (
                rel.dep_ in ("relcl", "acl")
                and rel.pos_ in ("VERB", "AUX")
                and que.lower_ == "that"
                and que.i > 0
                and que.doc[que.i - 1].text == ","
            ):
                return [rel]
    return []


def _misattached_clauses(verb: Token) -> list[Token]:
    """A "que" clause the parser hung as a relative clause on a noun between the cue and the clause: "dijo
    en una entrevista que respalda ...", "informó el último martes que se elevó ...", "denunció en redes
    sociales que su tío falleció ...". Taken as the content unless it reads as a true relative: "que"
    after an article or a preposition ("en el que", "lo que"), or a further "que" clause inside it
    ("en una entrevista que concedió a Televisa que ...")."""
    for noun in _setting_nouns(verb):
        for rel in noun.rights:
            que = rel.left_edge
            if rel.dep_ not in ("acl", "acl:relcl", "relcl") or rel.pos_ not in ("VERB", "AUX"):
                continue
            if que.lower_ not in ("que", "that") or (que.lower_ == "that" and que.dep_ != "mark"):
                continue  # "in a statement that was released": "that" is the relative's subject
            if que.doc[que.i - 1].pos_ in ("DET", "ADP", "PRON") or que.dep_ in ("obj", "obl"):
                continue
            if not any(_reports_again(t, rel) for t in rel.subtree if t.lower_ == "que" and t.i > que.i):
                return [rel]
    return []


#: English prepositions of the setting of a statement ("said in a statement that ..."), which the English
#: parse hangs as a "prep" with its noun below it.
_SETTING_PREPS_EN = frozenset(("in", "at", "during", "on", "to", "through"))


def _setting_nouns(verb: Token) -> list[Token]:
    """The nouns after `verb` that set the scene of its statement: Spanish obliques and times
    (:func:`is_setting`), English objects of a setting preposition ("in a statement", "at a rally")."""
    out = []
    for child in verb.rights:
        if child.pos_ in ("NOUN", "PROPN") and is_setting(child):
            out.append(child)
        elif child.dep_ == "prep" and child.lower_ in _SETTING_PREPS_EN:
            out += [c for c in child.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")]
    return out


def _reports_again(que: Token, rel: Token) -> bool:
    """Whether a later "que" inside a relative clause `rel` opens the content instead: a clause of the
    relative's verb ("una entrevista que concedió a Televisa que ...") or one hung on a noun it governs
    ("una entrevista que se transmitió el domingo que ...")."""
    clause = que.head
    if clause.dep_ in _CLAUSE_DEPS:
        return clause.head.i == rel.i
    return clause.dep_ in ("acl", "acl:relcl") and clause.head.head.i == rel.i


def _marked_infinitive(verb: Token, markers: tuple[str, ...], lang: str) -> tuple[int, int] | None:
    """A verb complement after the verb introduced by one of `markers` ("a votar", "de actuar", "a que
    ..."): the content is what follows the marker. Not for a reflexive verb ("se animó a levantarse")."""
    if lang != "es" or any(c.dep_ in ("obj", "iobj", "expl:pv") and c.lower_ == "se" for c in verb.children):
        return None
    for c in verb.rights:
        if c.dep_ not in ("xcomp", "ccomp", "advcl") or c.pos_ not in ("VERB", "AUX"):
            continue
        marks = [m for m in c.children if m.dep_ == "mark" and m.i < c.i]
        if marks and marks[0].lower_ in markers and (
            morph_values(c, "VerbForm") == ["Inf"] or any(m.lower_ == "que" for m in marks)
        ):
            lo = marks[0].i + 1
            # What the parser hung on the cue after the complement belongs to it ("llama a votar | por X").
            hi = max(x.right_edge.i for x in verb.rights if x.i >= c.i and x.dep_ not in ("conj", "cc", "punct"))
            return (lo, hi) if lo <= hi else None
    return None


def _stray_que(verb: Token) -> tuple[int, int] | None:
    """A "que"/"that" the parser hung on the cue itself, with the clause's words as the cue's own objects
    ("alegando que su cliente no estaba en la ciudad": "que" a mark of "alegando", "ciudad" its oblique): the
    content is what the cue governs after it."""
    que = next((c for c in verb.rights if c.dep_ == "mark" and c.lower_ in ("que", "that")), None)
    if que is None:
        return None
    kept = [c for c in verb.rights if c.i > que.i and c.dep_ not in ("conj", "cc", "punct")]
    if not kept:
        return None
    return que.i + 1, max(c.right_edge.i for c in kept)


def _infinitive_content(verb: Token, lang: str, group: str = "") -> tuple[int, int] | None:
    """An infinitive (Spanish) or a gerund (English) the cue governs with no subject of its own, what the
    speaker says of themself: "prometió abrir tres escuelas", "afirman sufrir un trastorno", "denied having
    any role in the leak" (SPEC: a promise, a denial or a claim whose object is the statement); for an
    announcement (`group`) also an English "to" infinitive ("vowed to veto the bill", without "to") and a
    Spanish one after "con" ("amenazó con convocar una huelga"). As for noun-phrase objects, the cue must be
    finite, active and affirmative, and not pronominal unless it announces ("se comprometió a ..."); an
    infinitive of purpose ("para ...") is none."""
    # An announcement may be pronominal ("se comprometió a bajar los impuestos"): the promise is the content.
    if lang not in ("es", "en") or not _reports_object(verb, pronominal=group == "announce"):
        return None
    if verb.lemma_.lower() in words_for(lang, "judgement_verbs"):
        return None  # a judgement's predicate is :func:`_judgement`'s ("considera prioritario reducir ...")
    for c in verb.rights:
        if c.dep_ not in ("xcomp", "ccomp") or not (c.pos_ in ("VERB", "AUX") or _copular_infinitive(c, lang)):
            continue
        if _copular_infinitive(c, lang):
            form = True  # "desmintió ser gay", "dijo estar feliz": the parse heads the predicate, not "ser"
        elif lang == "en":
            # "denied having any role", and for an announcement "promised to lower taxes", "vowed to veto it".
            to_inf = group == "announce" and c.tag_ == "VB" and any(g.tag_ == "TO" and g.i < c.i for g in c.children)
            form = c.tag_ == "VBG" or to_inf
        else:
            # "prometió abrir ...", and a periphrasis opened by an infinitive: "aseguran estar tomando medidas".
            form = morph_values(c, "VerbForm") == ["Inf"] or any(
                g.dep_ == "aux" and g.i < c.i and morph_values(g, "VerbForm") == ["Inf"] for g in c.children
            )
        if not form or any(g.dep_ in SUBJECT_DEPS for g in c.children):
            continue
        marks = [m for m in c.children if m.dep_ == "mark" and m.i < c.i]
        if marks and marks[0].lower_ not in (("a", "con") if group == "announce" else ("a",)):
            continue  # "amenazó con convocar una huelga"; an infinitive of purpose ("para ...") is none
        lo = marks[0].i + 1 if marks else c.left_edge.i
        if lang == "en" and verb.doc[lo].tag_ == "TO":
            lo += 1  # "vowed to veto the bill": the content is what is promised, without "to" (as "a" in Spanish)
        hi = max(x.right_edge.i for x in verb.rights if x.i >= c.i and x.dep_ not in ("conj", "cc", "punct"))
        return (lo, hi) if lo <= hi else None
    return None


def _copular_infinitive(c: Token, lang: str) -> bool:
    """A Spanish predicate whose copula is an infinitive ("ser gay", "estar feliz")."""
    return (
        lang == "es"
        and c.pos_ in ("ADJ", "NOUN")
        and any(g.dep_ == "cop" and g.i < c.i and morph_values(g, "VerbForm") == ["Inf"] for g in c.children)
    )


def _judgement(verb: Token, lang: str) -> tuple[int, int] | None:
    """The predicate of a judgement voiced at a moment: "consideró positivo contar con las vacunas"."""
    if verb.lemma_.lower() not in words_for(lang, "judgement_verbs") or morph_values(verb, "Tense") != ["Past"]:
        return None
    # Only a judgement voiced at a moment ("consideró necesario salir a aclarar ...") is reported speech;
    # the present states a standing view ("El sindicato considera prioritario reducir la jornada"), a
    # mental state (SPEC section 3). "consideró positivo contar con las vacunas".
    parts = [c for c in verb.rights if c.dep_ in ("xcomp", "obj") and c.pos_ in ("ADJ", "NOUN", "VERB")]
    if not parts:
        return None
    return min(c.left_edge.i for c in parts), max(c.right_edge.i for c in parts)


def _demanded(verb: Token, lang: str) -> tuple[int, int] | None:
    """What a request or a description governs after the verb: "urged vigilant locals to assist ...",
    "pidió a la población que ...", "described the attacks as ..."."""
    doc = verb.doc
    if not any(c.dep_ in _DEMAND_DEPS + ("obj", "dobj", "prep", "advcl", "obl") for c in verb.rights):
        return None
    lo = verb.i + 1
    while lo <= verb.right_edge.i and doc[lo].dep_ in ("prt", "compound:prt", "advmod", "punct"):
        lo += 1
    # Up to the end of what the verb governs, not into a coordinated verb ("... and urged ...").
    kept = [c for c in verb.rights if c.dep_ not in ("conj", "cc", "punct")]
    if not kept:
        return None
    hi = max(c.right_edge.i for c in kept)
    if lang == "es":
        lo = _past_addressee(verb, lo, hi)
    return (lo, hi) if lo <= hi else None


def _clause_content(verb: Token, clause: list[Token], cues: dict[str, str]) -> tuple[int, int] | None:
    """The clause a cue reports, without a coordinated clause that is narration again or a second report."""
    doc = verb.doc
    if any(c.i > verb.i for c in clause):
        # A complement after the verb wins over one before it ("...: Republicans said they are ...").
        clause = [c for c in clause if c.i > verb.i] + [c for c in clause if c.i < verb.i]
    c = clause[0]
    if c.i < verb.i and cues.get(c.lemma_.lower()) in ("assert", "announce", "demand"):
        return None  # the "content" before the cue is itself a report ('"...", said X; he described ...')
    lo, hi = c.left_edge.i, c.right_edge.i
    # "he has cancelled all events, and announcements quickly followed ...": a coordinated clause with a
    # subject of its own, after a comma, is the journalist's narration again, not part of the report.
    for conj in c.children:
        if (
            conj.dep_ == "conj"
            and conj.i > c.i
            and (
                any(g.dep_ in SUBJECT_DEPS for g in conj.children)
                # "reportó que la pandemia cobró ... y calificó este hecho ...": a second report.
                # An infinitive is not ("podrá presentarse ... o solicitar el apoyo ...": one content).
                or (cues.get(conj.lemma_.lower()) in ("assert", "announce", "demand") and finite_or_aux(conj))
            )
            # "..., and that the army protect ...": a second content clause, still reported.
            and not any(g.lower_ in ("that", "que") and g.dep_ == "mark" for g in conj.children)
        ):
            cut = conj.left_edge.i
            while cut > c.i and (doc[cut - 1].dep_ == "cc" or doc[cut - 1].text == ","):
                cut -= 1
            # A comma before it marks a new sentence-like clause; a second cue is cut even without one.
            if cut > c.i and (
                doc[cut].text == "," or (cues.get(conj.lemma_.lower()) is not None and finite_or_aux(conj))
            ):
                hi = min(hi, cut - 1)
    if c.i > verb.i and lo < verb.i and _relative_cue(verb, doc[lo]):
        # "..., which his wife said was due to memory problems", "what he said were the failures of ...": the
        # relative pronoun is the content's subject, fronted before the cue; the content is the rest.
        lo = verb.i + 1
        while lo <= hi and doc[lo].dep_ == "mark":
            lo += 1
    # The content never contains its own cue ("..., he said, ..." can parse with the cue inside).
    if lo <= verb.i <= hi:
        return None
    if hi < verb.i and any(t.text in (";", ":") for t in doc[hi : verb.i]):
        return None
    return lo, hi


def _relative_cue(verb: Token, first: Token) -> bool:
    """Whether `verb` is a cue inside a relative clause whose pronoun `first` is the subject of its content
    clause ("which he said was ...", "what he said were ..."): the pronoun is relative and the cue hangs
    below a noun or a preposition as a relative clause."""
    relative = first.tag_ in ("WDT", "WP") or "Rel" in morph_values(first, "PronType")
    return relative and verb.dep_ in ("relcl", "acl:relcl", "acl", "pcomp") and first.i < verb.i


def _object_content(verb: Token, lang: str) -> tuple[int, int] | None:
    """A noun-phrase object that reports the content: "claimed responsibility", "criticó a los medios por
    ...", "stressed her support of ..."."""
    if verb.lemma_.lower() in words_for(lang, "no_object_content_verbs"):
        return None
    objs = [c for c in verb.rights if c.dep_ in ("obj", "dobj") and c.pos_ in ("NOUN", "PROPN", "NUM")]
    if not objs or not _reports_object(verb):
        return None
    kept = [c for c in verb.rights if c.dep_ not in ("conj", "cc", "punct") and c.i >= objs[0].i]
    lo, hi = objs[0].left_edge.i, max(c.right_edge.i for c in kept)
    return (lo, hi) if lo <= hi else None


def _past_addressee(verb: Token, lo: int, hi: int) -> int:
    """Spanish requests name their addressee with "a" before what is asked: "instó a los bancos a congelar
    las hipotecas" -> "congelar las hipotecas", "pidió a la PGR una alerta migratoria" -> "una alerta
    migratoria" (SPEC section 3). The addressee is skipped when something the verb governs follows it."""
    doc = verb.doc
    if doc[lo].lower_ not in ("a", "al"):
        return lo
    addressee = doc[lo].head
    if addressee.head.i != verb.i or addressee.dep_ not in ("iobj", "obj", "obl"):
        return lo
    end = addressee.right_edge.i
    if not any(
        c.i > end and c.dep_ in ("xcomp", "ccomp", "obj", "advcl") for c in verb.children
    ):
        return lo
    lo = end + 1
    while lo <= hi and (doc[lo].is_punct or (doc[lo].lower_ in ("a", "de") and doc[lo].dep_ == "mark")):
        lo += 1
    return lo


def _comma_flanked(verb: Token) -> tuple[int, int] | None:
    """"Many of the cultures in Montana, the complaint pointed out, have a concept of family ...": a cue and
    its subject between commas inside a sentence the parser did not hang on the cue as a clause; the content
    is the rest of the sentence after the second comma."""
    doc = verb.doc
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i < verb.i]
    if not subjects:
        return None
    left = subjects[0].left_edge.i - 1
    right = verb.i + 1
    while right < len(doc) and doc[right].dep_ in ("prt", "compound:prt"):
        right += 1
    if left < 1 or right >= len(doc) or doc[left].text != "," or doc[right].text != ",":
        return None
    sent = sentence_of(doc, verb.i)
    if left - sent.start < 3:
        return None
    lo, hi = right + 1, sent.end - 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    return (lo, hi) if hi - lo >= 2 else None


def _leading_cue(verb: Token, lang: str) -> tuple[int, int] | None:
    """"Sin embargo, afirma el estudio publicado en Pediatrics, muchos padres no saben ...", "Siendo así, dice
    el experto, no podría haber ...": a cue opening its sentence (after a connective or a short phrase and a
    comma) with its subject after it and a comma; the content is the rest of the sentence, which the parser
    hangs on the cue as a second subject or an adverbial clause."""
    doc = verb.doc
    sent = sentence_of(doc, verb.i)
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i > verb.i]
    if not subjects or subjects[0].pos_ not in ("NOUN", "PROPN"):
        return None
    start = skip_connectives(doc, sent.start, verb.i, lang)
    if start < verb.i and not (verb.i - sent.start <= 4 and doc[verb.i - 1].text == ","):
        return None
    comma = subjects[0].right_edge.i + 1
    if comma >= sent.end or doc[comma].text != ",":
        return None
    lo, hi = comma + 1, sent.end - 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    if hi - lo < 2 or not any(is_finite(t) for t in doc[lo : hi + 1]):
        return None
    return lo, hi


def _reports_object(verb: Token, *, pronominal: bool = False) -> bool:
    """Whether a noun-phrase object of `verb` can be reported content: a finite, active, affirmative verb
    ("criticó a los medios", "claimed responsibility"), not "para exigir justicia", "fue desmentida por X"
    or "no mencionó a Fox News"."""
    finite = morph_values(verb, "VerbForm") == ["Fin"] or any(
        c.dep_ in ("aux",) and morph_values(c, "VerbForm") == ["Fin"] for c in verb.children
    )
    if not finite and verb.tag_ not in ("VBD", "VBZ", "VBP", "VBG"):
        return False
    if is_passive(verb) or (not pronominal and any(c.lower_ == "se" and c.i < verb.i for c in verb.children)):
        return False  # a pronominal verb means something else: "Stilla se encontró con Dempster en Bangkok"
    return not any(c.dep_ in ("neg",) or c.lower_ in ("no", "not", "never", "nunca") for c in verb.children)


def _around_parenthetical(verb: Token, lang: str) -> tuple[int, int] | None:
    """Content around a parenthetical cue ("X, he said, Y"): Y, or X and Y when X is only a few words, but Y
    alone when X is only a connective ("Además, comentó, se redujo el gasto", "However, she added, ...")."""
    doc = verb.doc
    head = verb.head
    # The parenthetical itself: the cue and its subject, not the clauses hanging on it.
    inner = [verb.i] + [
        t.i
        for c in verb.children
        if c.dep_ not in ("advcl", "ccomp", "xcomp", "parataxis", "conj")
        for t in c.subtree
    ]
    p_lo, p_hi = min(inner), max(inner)
    while p_lo > 0 and doc[p_lo - 1].text == ",":
        p_lo -= 1
    while p_hi + 1 < len(doc) and doc[p_hi + 1].text == ",":
        p_hi += 1
    lo, hi = head.left_edge.i, head.right_edge.i
    if not lo <= p_lo <= p_hi <= hi:
        return None
    before = [t for t in doc[lo:p_lo] if not t.is_punct]
    if len(before) >= 4 or (before and skip_connectives(doc, lo, p_lo, lang) >= p_lo):
        lo = p_hi + 1
    return (lo, hi) if lo < hi else None


def _has_that_clause(verb: Token) -> bool:
    """Whether `verb` governs a clause opened by "que" / "that"."""
    return any(t.dep_ == "mark" and t.lower_ in ("que", "that") for c in _clauses(verb) for t in c.children)


def _can_find(subject: Token | None, documents: frozenset[str], lang: str, *, clause: bool = False) -> bool:
    """ "El estudio demuestra que", "Colombiacheck encontró que", "los investigadores constataron que": a
    document, a named source or a person can find or show. Before a "que" / "that" clause, so can a noun
    phrase that names a source inside it or a noun of the nominal lexicon ("a projection from the Cook
    Political Report shows that ...", "State officials indicated that ...": the annotated articles mark 0.7 to
    1.0 of such clauses as quotes); "el nuevo acuerdo demuestra que" is no source."""
    if subject is None:
        return False
    if clause and (
        subject.pos_ == "PROPN"
        or subject.lemma_.lower() in NOMINALS.get(lang, {})
        or any(t.pos_ == "PROPN" for t in subject.subtree)
    ):
        return True
    lemma = subject.lemma_.lower()
    if lemma in documents or subject.lower_ in documents:
        return True
    if subject.pos_ == "PROPN" or any(
        c.pos_ == "PROPN" and c.dep_ in ("appos", "flat", "compound", "nmod") for c in subject.children
    ):
        return True  # a named source: "Colombiacheck", "los portales Colombiacheck y La Silla Vacía"
    return (
        NOMINALS.get(lang, {}).get(lemma) == "person"
        or NOMINALS.get(lang, {}).get(subject.lower_) == "person"
    )
