"""Rule-based extractor: quotation marks, reporting verbs and "según X" over a dependency parse.

Families of candidates, merged at the end (SPEC section 3):

- indirect: a reporting verb from the language's cue lexicon with a clausal complement ("X afirmó que ...",
  "X said ...", "X urged Y to ..."); the content is the complement without its complementizer. A speech act
  whose object is the statement takes a noun-phrase, infinitive or "X as Y" content ("pidió la renuncia del
  ministro", "instó a los bancos a congelar las hipotecas" -> "congelar las hipotecas", "hailed the deal as a
  turning point"); topics, courtesies, non-speech senses and passives do not ("mantiene contratos", "fue
  desmentida por X"). Unquoted content may also come before its reporting clause ("CONTENT, informó X.",
  "CONTENT, agregó.");
- "según X", "de acuerdo con X", "according to X": the content is the clause the phrase modifies, after it
  when the phrase opens the sentence ("Según X, CONTENT"), before it when a finite clause precedes it
  ("CONTENT, según X."); without a comma inside a clause the phrase counts only when X can speak
  ("varían según el entorno" is "depending on");
- "Para X, CONTENT" at the start of a sentence, X a person or organization: an opinion attributed to X;
- direct: a pair of quotation marks attributed by a reporting verb right after it ("«...», dijo X",
  '"...," X said'), before it with a colon or comma ("X dijo: «...»", and in English 'X said on Friday
  "..."'), or by context (a quotation that opens a paragraph continues the previous speaker). Right after the
  marks, a finite verb with nothing but its subject reports the quotation whether or not it is listed
  ("«...», ironizó el economista Pablo Rey"): the lexicon is evidence there, not a gate.

An indirect content that contains quotation marks is a mixed quote; one that is nothing but a quotation is
direct. Quotations nested in another quote's content are not quotes of their own.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from quotes.doctext import doc_text, quoted_spans, sentence_of, token_index_at
from quotes.extractors.registry import register

try:
    from quotes import entities as _entities
except ImportError:  # pragma: no cover
    _entities = None  # type: ignore[assignment]
from quotes.lexicons import (
    ACCORDING_TO,
    DOCUMENT_NOUNS,
    GROUP_SOURCES,
    NOMINALS,
    NON_SOURCE_PRONOUNS,
    TIME_WORDS,
    cue_verbs,
)
from quotes.marks import QuotedSpan
from quotes.models import Article, MentionKind, Quote, QuoteKind

_SUBJECT_DEPS = ("nsubj", "nsubj:pass", "nsubjpass", "csubj")
_CLAUSE_DEPS = ("ccomp", "parataxis")
_DEMAND_DEPS = ("xcomp", "ccomp")
_TRIM = " \t\n\r,;:—–-.…"
# Verbs whose noun-phrase object is not what was said ("told reporters", "wrote a book", "asked a question"),
# or is so only in a sense other than speech: possession or a commercial act ("mantiene contratos con varias
# cadenas", "maintains offices", "agreed a new lease", "sostuvo una reunión") and courtesies ("expresó su
# gratitud", SPEC section 3).
_NO_OBJECT_CONTENT = frozenset(
    "say tell add write ask explain inform remind comment reply respond note recall publish show observe "
    "agree maintain express "
    "decir contar añadir agregar escribir preguntar explicar informar recordar comentar responder contestar "
    "publicar mostrar señalar indicar observar mantener sostener expresar manifestar".split()
)
# Verbs of judgement whose content is a predicative complement.
_JUDGE = frozenset("considerar estimar valorar juzgar consider deem".split())
# Verbs whose content is an object and a predicate: "described the attacks as a 'dastardly act'".
_DESCRIBE = frozenset("describe calificar tildar hail brand dub label characterize characterise".split())
_WORD = re.compile(r"\w+")
# A quotation shorter than this many words needs an explicit cue right next to it to count (titles, terms and
# scare quotes are short and have none).
_MIN_DIRECT_WORDS = 4
_MIN_CONTEXT_WORDS = 8


class RuleExtractor:
    """The rule-based extractor (registered as "rules")."""

    name = "rules"

    def __call__(self, doc: Doc, article: Article, lang: str) -> list[Quote]:
        text = doc_text(doc)
        spans = [s for s in quoted_spans(doc) if s.depth == 0]
        cues = cue_verbs(lang)
        found: list[_Candidate] = []
        found += _indirect(doc, cues, lang)
        found += _according_to(doc, lang)
        found += _opinion_holder(doc, lang)
        found = _against_quotations(found, spans, text)
        found += _direct(doc, spans, cues, lang, found)
        found = _drop_nested(found)
        return [c.to_quote(article.id, text) for c in sorted(found, key=lambda c: (c.start, c.end))]


@register("rules")
def _factory() -> RuleExtractor:
    return RuleExtractor()


# --- candidates -------------------------------------------------------------------------------------------


class _Candidate:
    """A quote under construction (mutable; turned into a frozen :class:`Quote` at the end)."""

    __slots__ = (
        "start",
        "end",
        "kind",
        "cue",
        "cue_start",
        "cue_end",
        "mention",
        "mention_kind",
        "confidence",
    )

    def __init__(
        self,
        start: int,
        end: int,
        kind: QuoteKind,
        cue: Span | None,
        mention: tuple[int, int] | None,
        mention_kind: MentionKind,
        confidence: float,
    ) -> None:
        self.start, self.end, self.kind = start, end, kind
        self.cue = cue.text if cue is not None else None
        self.cue_start = cue.start_char if cue is not None else None
        self.cue_end = cue.end_char if cue is not None else None
        self.mention = mention
        self.mention_kind = mention_kind
        self.confidence = confidence

    def to_quote(self, doc_id: str, text: str) -> Quote:
        m = self.mention
        return Quote.from_offsets(
            doc_id,
            text,
            self.start,
            self.end,
            kind=self.kind,
            cue=self.cue,
            cue_start=self.cue_start,
            cue_end=self.cue_end,
            mention=text[m[0] : m[1]] if m else None,
            mention_start=m[0] if m else None,
            mention_end=m[1] if m else None,
            mention_kind=self.mention_kind,
            speaker=text[m[0] : m[1]] if m and self.mention_kind is MentionKind.NAME else None,
            extractor="rules",
            confidence=self.confidence,
        )


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


# --- sources ----------------------------------------------------------------------------------------------


def _subject(verb: Token) -> Token | None:
    """The subject of a reporting verb, looking through coordination and participial clauses.

    "he described ... and urged ..." (conj), "Hataman agreed, saying ..." (advcl), "posted a message ...
    announcing ..." (acl/advcl): the subject is the governing verb's.
    """
    token: Token | None = verb
    for _ in range(3):
        if token is None:
            return None
        for child in token.children:
            if child.dep_ in _SUBJECT_DEPS:
                if child.is_space or child.is_punct:
                    return None
                return child
        if token.dep_ in ("conj", "advcl", "xcomp", "acl") and token.head is not token:
            if token.dep_ != "conj" and token.morph.get("VerbForm") == ["Fin"]:
                return None
            token = token.head
            if token.pos_ not in ("VERB", "AUX", "NOUN"):
                return None
            if token.pos_ == "NOUN":  # "a message ... announcing": the noun's own verb governs
                token = token.head
        else:
            return None
    return None


def _relative_antecedent(pron: Token) -> Token | None:
    """'X, who said ...' / 'X, quien dijo ...': the noun the relative clause hangs on."""
    clause = pron.head
    if clause.dep_ in ("relcl", "acl:relcl", "acl") and clause.head is not clause:
        return clause.head
    return None


def _mention_bounds(head: Token) -> tuple[int, int]:
    """Character bounds of the noun phrase headed by `head`, without appositions or relative clauses.

    "Patrick Moorhead, analista jefe de ..." -> "Patrick Moorhead"; "the government" stays whole.
    """
    doc = head.doc
    left, right = head.left_edge.i, head.right_edge.i
    # Cut at the first comma, parenthesis or dash after the head (apposition, parenthetical) and at the
    # last one before it.
    for i in range(head.i + 1, right + 1):
        if (
            doc[i].text in (",", "(", "—", "–", "--", ";", ":")
            or doc[i].dep_ in ("relcl", "acl:relcl")
            or "\n" in doc[i].text
        ):
            right = i - 1
            break
    for i in range(head.i - 1, left - 1, -1):
        if doc[i].text in (",", ")", "—", "–", "--", ";", ":", "«", "“", '"') or "\n" in doc[i].text:
            left = i + 1
            break
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    while left < right and (doc[left].is_punct or doc[left].is_space or doc[left].dep_ in ("case", "mark")):
        left += 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _source(
    subject: Token | None, verb: Token | None, lang: str
) -> tuple[tuple[int, int] | None, MentionKind]:
    """Mention bounds and kind for a subject token (or a dropped subject when there is none)."""
    if subject is None:
        if verb is not None and lang == "es" and _finite_third_person(verb):
            return None, MentionKind.DROPPED
        return None, MentionKind.NONE
    if subject.pos_ == "PRON":
        if "Rel" in subject.morph.get("PronType") or subject.lower_ in (
            "who",
            "quien",
            "quienes",
            "que",
            "which",
        ):
            antecedent = _relative_antecedent(subject)
            if antecedent is None:
                return None, MentionKind.NONE
            return _source(antecedent, None, lang)
        return (subject.idx, subject.idx + len(subject.text)), MentionKind.PRONOUN
    if subject.pos_ in ("NOUN", "PROPN") and subject.lower_ not in ("que",):
        # "el secretario de Salud, Jorge Alcocer, informó", "el Comisionado Nacional contra las Adicciones,
        # Manuel Mondragón, informó": the name in apposition after a comma is the source.
        for child in subject.children:
            if (
                child.dep_ == "appos"
                and child.i > subject.i
                and child.pos_ == "PROPN"
                and child.i >= 1
                and (child.doc[child.i - 1].text == "," or subject.pos_ == "NOUN")
            ):
                return _mention_bounds(child), MentionKind.NAME
    dateline = _after_dateline(subject)
    if dateline is not None:
        subject = dateline
    bounds = _mention_bounds(subject)
    if bounds[1] <= bounds[0]:
        return None, MentionKind.NONE
    if subject.pos_ == "PROPN" or subject.ent_type_ in ("PERSON", "PER", "ORG"):
        return bounds, MentionKind.NAME
    if subject.lemma_.lower() in NOMINALS.get(lang, {}) or subject.lower_ in NOMINALS.get(lang, {}):
        # "la compañía", "el secretario de Salud", "the company"; but "Council spokesperson Barend Leyts"
        # has the name in compounds.
        if not any(
            t.pos_ == "PROPN" and t.dep_ in ("flat", "compound", "flat:name", "appos") and t.i > subject.i
            for t in subject.children
        ):
            return bounds, MentionKind.NOMINAL
        return bounds, MentionKind.NAME
    if any(t.pos_ == "PROPN" for t in subject.children if t.dep_ in ("flat", "compound", "flat:name")):
        return bounds, MentionKind.NAME
    return bounds, MentionKind.OTHER


def _after_dateline(subject: Token) -> Token | None:
    """'WASHINGTON -- President Obama said ...': the parser may take the dateline's place for the subject;
    the source is then the name between the dash and the verb."""
    doc = subject.doc
    nxt = subject.i + 1
    if not (subject.text.isupper() and len(subject.text) > 1 and nxt < len(doc) and doc[nxt].text in _DASHES):
        return None
    attached = [c for c in subject.children if c.i > nxt and c.pos_ in ("PROPN", "NOUN")]
    return attached[0] if attached else None


_DASHES = ("--", "—", "–")


def _finite_third_person(verb: Token) -> bool:
    person = verb.morph.get("Person")
    if person and person != ["3"]:
        return False
    if verb.morph.get("VerbForm") == ["Fin"]:
        return True
    # Periphrases: "ha dicho", "va a anunciar": the auxiliary carries the person.
    return any(c.dep_ in ("aux", "aux:pass") and c.morph.get("VerbForm") == ["Fin"] for c in verb.children)


def _valid_subject(subject: Token | None, lang: str) -> bool:
    if subject is None:
        return True
    if subject.lower_ in NON_SOURCE_PRONOUNS.get(lang, frozenset()) or subject.lower_ in TIME_WORDS:
        return False
    if (
        subject.pos_ == "PRON"
        and "Person" in subject.morph.to_dict()
        and subject.morph.get("Person") != ["3"]
    ):
        return False
    return True


def _is_impersonal(verb: Token) -> bool:
    """ "se informó que", "se prevé que": no source is named (a passive or impersonal se)."""
    return any(
        c.lower_ == "se" and c.dep_ in ("expl:pass", "expl:impers", "obj", "iobj", "expl")
        for c in verb.children
    )


# --- indirect quotes --------------------------------------------------------------------------------------


def _cue_span(verb: Token) -> Span:
    """The cue as written: the verb with its auxiliaries and particles ("has said", "called for")."""
    doc = verb.doc
    lo = verb.i
    for child in verb.lefts:
        if child.dep_ in ("aux", "aux:pass", "auxpass") and child.i >= verb.i - 3:
            lo = min(lo, child.i)
    hi = verb.i
    for child in verb.rights:
        if child.dep_ in ("prt", "compound:prt") and child.i == hi + 1:
            hi = child.i
    # Only contiguous auxiliaries ("has said", not "has also said" -> keep "said").
    if any(doc[i].pos_ not in ("AUX", "VERB", "PART") for i in range(lo, verb.i)):
        lo = verb.i
    return doc[lo : hi + 1]


def _complement(verb: Token, group: str, cues: dict[str, str], lang: str) -> tuple[int, int] | None:
    """Token range [lo, hi] of the reported content governed by `verb`, or None."""
    doc = verb.doc
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
    if not clause and verb.lemma_.lower() in _JUDGE and verb.morph.get("Tense") == ["Past"]:
        # Only a judgement voiced at a moment ("consideró necesario salir a aclarar ...") is reported speech;
        # the present states a standing view ("El sindicato considera prioritario reducir la jornada"), a
        # mental state (SPEC section 3). "consideró positivo contar con las vacunas".
        parts = [c for c in verb.rights if c.dep_ in ("xcomp", "obj") and c.pos_ in ("ADJ", "NOUN", "VERB")]
        if parts:
            return min(c.left_edge.i for c in parts), max(c.right_edge.i for c in parts)
    if (group == "demand" or verb.lemma_.lower() in _DESCRIBE) and not any(c.i > verb.i for c in clause):
        # "urged vigilant locals to assist ...", "pidió a la población que ...", "described the attacks as ...":
        # everything the verb governs after it.
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
    if clause and any(c.i > verb.i for c in clause):
        # A complement after the verb wins over one before it ("...: Republicans said they are ...").
        clause = [c for c in clause if c.i > verb.i] + [c for c in clause if c.i < verb.i]
    if not clause and verb.dep_ == "parataxis" and verb.head.i > verb.i - 40:
        # "The economy, she said, will grow ...": the cue is a parenthetical inside its content.
        return _around_parenthetical(verb)
    if not clause:
        flanked = _comma_flanked(verb)
        if flanked is not None:
            return flanked
    if not clause:
        if verb.lemma_.lower() in _NO_OBJECT_CONTENT:
            return None
        # "claimed responsibility", "criticó a los medios por ...", "stressed her support of ...": a noun
        # phrase object reports the content.
        objs = [c for c in verb.rights if c.dep_ in ("obj", "dobj") and c.pos_ in ("NOUN", "PROPN", "NUM")]
        if not objs or not _reports_object(verb):
            return None
        kept = [c for c in verb.rights if c.dep_ not in ("conj", "cc", "punct") and c.i >= objs[0].i]
        lo, hi = objs[0].left_edge.i, max(c.right_edge.i for c in kept)
        return (lo, hi) if lo <= hi else None
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
                any(g.dep_ in _SUBJECT_DEPS for g in conj.children)
                # "reportó que la pandemia cobró ... y calificó este hecho ...": a second report.
                or cues.get(conj.lemma_.lower()) in ("assert", "announce", "demand")
            )
            # "..., and that the army protect ...": a second content clause, still reported.
            and not any(g.lower_ in ("that", "que") and g.dep_ == "mark" for g in conj.children)
        ):
            cut = conj.left_edge.i
            while cut > c.i and (doc[cut - 1].dep_ == "cc" or doc[cut - 1].text == ","):
                cut -= 1
            # A comma before it marks a new sentence-like clause; a second cue is cut even without one.
            if cut > c.i and (doc[cut].text == "," or cues.get(conj.lemma_.lower()) is not None):
                hi = min(hi, cut - 1)
    # The content never contains its own cue ("..., he said, ..." can parse with the cue inside).
    if lo <= verb.i <= hi:
        return None
    if hi < verb.i and any(t.text in (";", ":") for t in doc[hi : verb.i]):
        return None
    return lo, hi


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
    subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS and c.i < verb.i]
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


def _reports_object(verb: Token) -> bool:
    """Whether a noun-phrase object of `verb` can be reported content: a finite, active, affirmative verb
    ("criticó a los medios", "claimed responsibility"), not "para exigir justicia", "fue desmentida por X"
    or "no mencionó a Fox News"."""
    finite = verb.morph.get("VerbForm") == ["Fin"] or any(
        c.dep_ in ("aux",) and c.morph.get("VerbForm") == ["Fin"] for c in verb.children
    )
    if not finite and verb.tag_ not in ("VBD", "VBZ", "VBP", "VBG"):
        return False
    if _is_passive(verb):
        return False
    return not any(c.dep_ in ("neg",) or c.lower_ in ("no", "not", "never", "nunca") for c in verb.children)


def _is_passive(verb: Token) -> bool:
    """ "fue desmentida por el Ministerio", "was denied by the ministry": the parser often labels the Spanish
    auxiliary "ser" a plain aux, so a participle with "ser" counts as passive too."""
    if any(c.dep_ in ("aux:pass", "auxpass", "nsubj:pass", "nsubjpass") for c in verb.children):
        return True
    return verb.morph.get("VerbForm") == ["Part"] and any(
        c.dep_ in ("aux", "cop") and c.lemma_.lower() in ("ser", "be") for c in verb.children
    )


def _around_parenthetical(verb: Token) -> tuple[int, int] | None:
    """Content around a parenthetical cue ("X, he said, Y"): Y, or X and Y when X is only a few words."""
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
    if len(before) >= 4:
        lo = p_hi + 1
    return (lo, hi) if lo < hi else None


def _can_find(subject: Token | None, documents: frozenset[str], lang: str) -> bool:
    """ "El estudio demuestra que", "Colombiacheck encontró que", "los investigadores constataron que": a
    document, a named source or a person can find or show; "el nuevo acuerdo demuestra que" is no source."""
    if subject is None:
        return False
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


def _content_bounds(doc: Doc, lo: int, hi: int, lang: str) -> tuple[int, int] | None:
    """Characters of tokens lo..hi without the complementizer and outer punctuation."""
    first = lo
    while lo <= hi and (
        doc[lo].lower_ in ("que", "that") and (lo == first or doc[lo].dep_ == "mark") or doc[lo].is_punct
    ):
        if doc[lo].text in ("«", "“", '"', "„", "‘", "'"):
            break
        lo += 1
    if lo > hi:
        return None
    start, end = doc[lo].idx, doc[hi].idx + len(doc[hi].text)
    start, end = _trimmed(doc_text(doc), start, end)
    if len(_WORD.findall(doc_text(doc)[start:end])) < 2:
        return None
    return start, end


_INVERTED_RIGHT_DEPS = frozenset(
    "nsubj nsubj:pass obj dobj iobj obl npadvmod advmod punct appos nmod prep compound:prt prt".split()
)


def _inverted(verb: Token) -> tuple[tuple[int, int], Token | None] | None:
    """Unquoted content before its reporting clause: "La línea reabrirá en otoño, informó una portavoz.",
    "Los dos están casados bajo régimen de separación de bienes, agregó.", "El estudio se realizó en un
    laboratorio ..., explica en un comunicado Daniel H. Fine.".

    The cue follows a comma, governs nothing that could be its own content (no "que" clause, no infinitive)
    and is hung on the clause before it, or that clause on the cue. Returns the content's token range and the
    source after the cue (its subject, or a noun the parser took for an object: "advierten los expertos"),
    or None for the source when the subject is dropped."""
    doc = verb.doc
    # A participle after a comma reports its own object ("..., calling the agreements legitimate").
    if verb.i < 2 or doc[verb.i - 1].text != "," or not _is_finite(verb):
        return None
    before = verb.head.i < verb.i and verb.dep_ in ("advcl", "parataxis", "conj", "ccomp", "acl")
    if not before and not any(
        c.dep_ in ("ccomp", "parataxis", "advcl", "csubj") and c.i < verb.i for c in verb.children
    ):
        return None
    if any(c.dep_ in _SUBJECT_DEPS and c.i < verb.i for c in verb.children):
        return None  # "CONTENT, X said": the ordinary clause-before path
    rights = [c for c in verb.children if c.i > verb.i]
    if any(c.dep_ not in _INVERTED_RIGHT_DEPS or c.left_edge.lower_ in ("que", "that") for c in rights):
        return None
    sent = sentence_of(doc, verb.i)
    subject = next((c for c in rights if c.dep_ in _SUBJECT_DEPS), None)
    if subject is None:
        subject = next((c for c in rights if c.dep_ in ("obj", "dobj") and c.pos_ in ("NOUN", "PROPN")), None)
    if subject is None:
        names = [t for t in doc[verb.i + 1 : sent.end] if t.pos_ == "PROPN"]
        subject = names[0] if names else None
    lo = sent.start
    for i in range(verb.i - 2, sent.start - 1, -1):
        if doc[i].text in (";", ":"):
            lo = i + 1
            break
    while lo < verb.i and (doc[lo].is_space or doc[lo].is_punct):
        lo += 1
    hi = verb.i - 2
    if hi - lo < 3 or not any(_is_finite(t) for t in doc[lo : hi + 1]):
        return None
    return (lo, hi), subject


def _indirect(doc: Doc, cues: dict[str, str], lang: str) -> list[_Candidate]:
    out = []
    documents = DOCUMENT_NOUNS.get(lang, frozenset())
    for verb in doc:
        group = cues.get(verb.lemma_.lower())
        if group is None or verb.pos_ not in ("VERB", "AUX"):
            continue
        if verb.pos_ == "AUX" and verb.dep_ in ("aux", "aux:pass", "cop"):
            continue
        inverted = _inverted(verb) if group != "evidential" else None
        if inverted is not None:
            (lo, hi), source = inverted
            bounds = _content_bounds(doc, lo, hi, lang)
            if bounds is not None and _valid_subject(source, lang):
                if source is not None and source.pos_ == "PROPN" and source.dep_ not in _SUBJECT_DEPS:
                    mention, kind = _name_bounds(source), MentionKind.NAME
                else:
                    mention, kind = _source(source, verb, lang)
                if kind is not MentionKind.NONE:
                    out.append(
                        _Candidate(
                            bounds[0], bounds[1], QuoteKind.INDIRECT, _cue_span(verb), mention, kind, 0.7
                        )
                    )
                    continue
        rng = _complement(verb, group, cues, lang)
        if rng is None:
            continue
        subject = _subject(verb)
        if not _valid_subject(subject, lang):
            continue
        if subject is not None and (
            subject.pos_ in ("VERB", "AUX") or (rng[0] <= subject.i <= rng[1] and verb.dep_ != "parataxis")
        ):
            continue  # "se prevé que ...": the clause is the subject of a passive, no source is named
        if subject is None and (lang != "es" or _is_impersonal(verb)):
            continue
        if group == "evidential" and not _can_find(subject, documents, lang):
            continue
        bounds = _content_bounds(doc, rng[0], rng[1], lang)
        if bounds is None:
            continue
        mention, kind = _source(subject, verb, lang)
        if kind is MentionKind.NONE:
            continue
        out.append(_Candidate(bounds[0], bounds[1], QuoteKind.INDIRECT, _cue_span(verb), mention, kind, 0.8))
    return out


# --- "según X" / "according to X" -------------------------------------------------------------------------


def _according_to(doc: Doc, lang: str) -> list[_Candidate]:
    out = []
    phrases = ACCORDING_TO.get(lang, ())
    for token in doc:
        for phrase in phrases:
            if token.lower_ != phrase[0] or doc[token.i : token.i + len(phrase)].text.lower().split() != list(
                phrase
            ):
                continue
            last = doc[token.i + len(phrase) - 1]
            candidate = _according_to_one(doc, token, last, lang)
            if candidate is not None:
                out.append(candidate)
    return out


def _according_to_one(doc: Doc, first: Token, last: Token, lang: str) -> _Candidate | None:
    sent = sentence_of(doc, first.i)
    # The source: the first nominal or verb after the phrase ("según Amazon", "según apuntan los autores").
    after = [t for t in doc[last.i + 1 : sent.end] if not t.is_punct and not t.is_space]
    if not after:
        return None
    nxt = after[0]
    # The source's head: the token the phrase attaches to, else the first noun after it.
    head = last.head if last.head.i > last.i else nxt
    while (
        head.head.i > last.i and head.head.i < sent.end and head.dep_ in ("det", "amod", "compound", "flat")
    ):
        head = head.head
    cue_tokens = doc[first.i : last.i + 1]
    if head.pos_ in ("VERB", "AUX"):
        subject = _subject(head)
        if subject is None and not (lang == "es" and _finite_third_person(head)):
            return None
        # "..., según dijo, a fin de que ...": Spanish drops the subject of the verb after "según".
        mention, kind = _source(subject, head, lang)
        cue_tokens = doc[first.i : head.i + 1]
        phrase_end = max(head.i, subject.right_edge.i if subject is not None else head.i)
    else:
        if head.pos_ not in ("NOUN", "PROPN", "PRON", "NUM", "X"):
            return None
        if _bare_mid_sentence(doc, first, sent) and not _can_speak(head, lang):
            # "Los requisitos varían según el entorno", "según la época del año": without a comma, inside
            # the clause, "según" / "according to" reads "depending on" unless its object can speak.
            return None
        # "según un informe del periodista Derek Thompson": a document's author speaks through it.
        inner = [
            t
            for t in head.subtree
            if t.i > head.i and t.pos_ == "PROPN" and t.dep_ in ("nmod", "appos", "flat", "compound", "pobj")
        ]
        person = next((t for t in inner if _person_token(t, lang)), None)
        if head.lemma_.lower() in DOCUMENT_NOUNS.get(lang, frozenset()) and person is not None:
            while person.dep_ in ("flat", "compound", "flat:name") and person.head.i < person.i:
                person = person.head
            mention = _name_bounds(person)
            kind = MentionKind.NAME
        else:
            mention, kind = _source(head, None, lang)
            if mention is not None and mention[0] < last.idx + len(last.text):
                # "De acuerdo con la carpeta de investigación": the source starts after the phrase.
                mention = (nxt.idx, mention[1]) if nxt.idx < mention[1] else None
        phrase_end = max(head.right_edge.i, nxt.i)
        # Keep the phrase inside its own commas.
        for i in range(last.i + 1, phrase_end + 1):
            if doc[i].text in (",", ";", ":"):
                phrase_end = i - 1
                break
    # The content: the rest of the clause, after or before the phrase.
    sent_tokens = [t for t in sent if not t.is_space]
    if not sent_tokens:
        return None
    if not _postposed(doc, first, sent_tokens[0].i):
        # "Según X, CONTENT." or "que, según X, CONTENT"
        lo = phrase_end + 1
        hi = _clause_end(doc, lo, sent)
    else:
        # "CONTENT, según X."
        hi = first.i - 1
        lo = _clause_start(doc, hi, sent)
    # "According to Agence France-Presse, which cited sources close to the investigation, the man had ...":
    # a relative clause on the source is not part of the content.
    if lo <= hi and doc[lo].lower_ in ("which", "who", "que", "quien", "quienes", "cuyo", "cuya", "whose"):
        commas = [t.i for t in doc[lo : hi + 1] if t.text == ","]
        if not commas:
            return None
        lo = commas[0] + 1
    if lo > hi:
        return None
    bounds = _content_bounds(doc, lo, hi, lang)
    if bounds is None:
        return None
    cue = doc[cue_tokens.start : cue_tokens.end]
    return _Candidate(bounds[0], bounds[1], QuoteKind.INDIRECT, cue, mention, kind, 0.75)


# Leading discourse connectives that belong to the narration, not to the reported content ("Sin embargo, el
# país sí cuenta con ...", "Y Santo Domingo también ...").
_CONNECTIVES = frozenset(
    "sin embargo|en cambio|no obstante|por ejemplo|además|asimismo|por su parte|por otra parte|por otro lado|"
    "de hecho|mientras tanto|en tanto|por eso|por ello|así|however|meanwhile|moreover|furthermore|"
    "in addition|for example|also|indeed|instead|by contrast|still".split("|")
)
_LEADING_CONJUNCTIONS = frozenset("y e pero mas and but".split())


def _skip_connectives(doc: Doc, lo: int, hi: int) -> int:
    """The first token of a content after any leading connective ("Sin embargo, ...", "Y ...")."""
    while lo <= hi:
        if doc[lo].is_punct or doc[lo].is_space or doc[lo].lower_ in _LEADING_CONJUNCTIONS:
            lo += 1
            continue
        for n in (3, 2, 1):
            words = doc[lo : lo + n]
            if lo + n <= hi and words.text.lower() in _CONNECTIVES and doc[lo + n].text == ",":
                lo += n + 1
                break
        else:
            return lo
    return lo


# "Para X, CONTENT": the holder of an opinion (SPEC section 3 lists "para X"). Pronouns that name no holder.
_NOT_HOLDERS = frozenset("ello eso esto esta este lo".split())


def _opinion_holder(doc: Doc, lang: str) -> list[_Candidate]:
    """ "Para la economista Laura Méndez, de la Universidad de Sevilla, la subida de tipos llegará tarde.":
    an opening "para" phrase whose object is a person or an organization attributes the clause after it.

    Only at the start of the sentence (after connectives at most): elsewhere "para" is mostly purpose or
    beneficiary ("trabaja para la empresa"). The holder must be a name, a personal pronoun or a nominal that
    can speak ("el juez", "los expertos"), so "Para ello, ..." and "Para 2021, ..." are not attributions."""
    if lang != "es":
        return []
    out = []
    nominals = NOMINALS.get(lang, {})
    for token in doc:
        if token.lower_ != "para" or token.pos_ != "ADP":
            continue
        head = token.head
        if head.i <= token.i or head.pos_ not in ("NOUN", "PROPN", "PRON") or head.lower_ in _NOT_HOLDERS:
            continue
        if head.head.i <= head.i or head.dep_ not in ("obl", "obj", "iobj", "nmod", "advmod"):
            continue
        sent = sentence_of(doc, token.i)
        before = [t for t in doc[sent.start : token.i] if not (t.is_space or t.is_punct)]
        if any(t.pos_ not in ("CCONJ", "SCONJ", "ADV", "PART") and t.dep_ not in ("fixed", "advmod") for t in before):
            continue  # only connectives before it: "No obstante, para Lozano ..."
        if head.pos_ == "PRON":
            if "Prs" not in head.morph.get("PronType") and head.lower_ not in ("muchos", "algunos", "otros"):
                continue
        elif head.pos_ == "PROPN":
            if head.ent_type_ in ("LOC", "GPE", "MISC"):
                continue
        elif not (
            head.lemma_.lower() in nominals
            or head.lower_ in nominals
            or any(c.pos_ == "PROPN" and c.dep_ in ("appos", "flat") for c in head.children)
        ):
            continue
        phrase_end = head.right_edge.i
        # "Para el juez, en cambio, la cosa está clara": past the comma and any connective.
        lo = _skip_connectives(doc, phrase_end + 1, sent.end - 1)
        hi = _clause_end(doc, lo, sent)
        for i in range(lo, hi + 1):
            if doc[i].text == ":":
                hi = i - 1
                break
        if lo > hi or not any(_is_finite(t) for t in doc[lo : hi + 1]):
            continue
        bounds = _content_bounds(doc, lo, hi, lang)
        if bounds is None:
            continue
        mention, kind = _source(head, None, lang)
        if mention is None or kind is MentionKind.NONE:
            continue
        if head.pos_ == "PRON":
            kind = MentionKind.PRONOUN
        cue = doc[token.i : token.i + 1]
        out.append(_Candidate(bounds[0], bounds[1], QuoteKind.INDIRECT, cue, mention, kind, 0.75))
    return out


def _bare_mid_sentence(doc: Doc, first: Token, sent: Span) -> bool:
    prev = [t for t in doc[sent.start : first.i] if not t.is_space]
    return len(prev) > 1 and not prev[-1].is_punct and prev[-1].lower_ not in ("que", "that", "y", "and")


def _can_speak(head: Token, lang: str) -> bool:
    """A source: a name, a pronoun, a person or organization noun, a document, or a noun phrase that names
    one ("datos del Inegi", "los registros de APPA")."""
    if head.pos_ in ("PROPN", "PRON") or head.ent_type_ in ("PER", "PERSON", "ORG"):
        return True
    nominals = NOMINALS.get(lang, {})
    documents = DOCUMENT_NOUNS.get(lang, frozenset())
    groups = GROUP_SOURCES.get(lang, frozenset())
    if any(w in nominals or w in documents or w in groups for w in (head.lemma_.lower(), head.lower_)):
        return True
    return any(t.pos_ == "PROPN" for t in head.subtree)


def _person_token(token: Token, lang: str) -> bool:
    """A token of a person's name: tagged so by NER, or the start of a name with a known given name."""
    if token.ent_type_ in ("PER", "PERSON"):
        return True
    if _entities is None:
        return False
    name = [token] + [c for c in token.children if c.dep_ in ("flat", "flat:name", "compound")]
    name.sort(key=lambda t: t.i)
    return _entities.is_person_name(" ".join(t.text for t in name), lang)


def _name_bounds(token: Token) -> tuple[int, int]:
    parts = [token] + [c for c in token.children if c.dep_ in ("flat", "flat:name", "compound")]
    lo = min(p.i for p in parts)
    hi = max(p.i for p in parts)
    doc = token.doc
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def _after_comma_or_que(doc: Doc, token: Token) -> bool:
    prev = [t for t in doc[max(0, token.i - 2) : token.i] if not t.is_space]
    return bool(prev) and prev[-1].text in (",", "que", "that", "(")


def _is_finite(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and (
        token.morph.get("VerbForm") == ["Fin"] or token.tag_ in ("VBD", "VBZ", "VBP", "MD")
    )


def _postposed(doc: Doc, first: Token, sent_start: int) -> bool:
    """Whether a "según X" / "according to X" phrase follows its content ("CONTENT, según X.").

    A phrase that opens the sentence, follows "que"/"that" ("dijo que, según X, ...") or follows only an
    adverbial ("Entre 2016 y 2019, según datos del Inegi, murieron ...") precedes its content. After a comma,
    the phrase follows its content when a finite clause stands before it: "Las ventas cayeron un 8 % en
    marzo, según la Asociación ...", "The ferry left port late, according to the harbour authority, and ...".
    """
    if first.i <= sent_start + 1:
        return False
    prev = [t for t in doc[sent_start : first.i] if not t.is_space]
    if not prev:
        return False
    if prev[-1].text != ",":
        return prev[-1].lower_ not in ("que", "that", "(")
    if len(prev) >= 2 and prev[-2].lower_ in ("que", "that"):
        return False
    start = _clause_start(doc, first.i - 1, doc[sent_start : first.i + 1])
    return any(_is_finite(t) for t in doc[start : first.i])


def _clause_end(doc: Doc, lo: int, sent: Span) -> int:
    hi = sent.end - 1
    for i in range(lo, sent.end):
        if doc[i].text in (";",) or (doc[i].text == "." and i == sent.end - 1):
            return i - 1
    return hi


def _clause_start(doc: Doc, hi: int, sent: Span) -> int:
    lo = sent.start
    for i in range(hi, sent.start - 1, -1):
        if doc[i].text in (";",):
            return i + 1
    return lo


# --- quotation marks --------------------------------------------------------------------------------------


def _against_quotations(found: list[_Candidate], spans: list[QuotedSpan], text: str) -> list[_Candidate]:
    """Decide direct / mixed for indirect candidates that meet quotation marks."""
    out = []
    for c in found:
        if any(s.start < c.start < s.end and s.outer_end < c.end for s in spans):
            continue  # a clause that starts inside a quotation and ends after it is a misparse
        if c.mention is not None and any(s.open <= c.mention[0] < s.outer_end for s in spans):
            continue  # a source is not inside quotation marks ('... on “Fox and Friends.”')
        inside = [s for s in spans if c.start <= s.start and s.end <= c.end + 1]
        covering = [s for s in spans if s.open <= c.start and c.end <= s.outer_end]
        if covering:
            # The "indirect" content is the quotation itself ("«...», dijo X" parsed as ccomp): the direct
            # pass will take it with its exact marks.
            continue
        if inside:
            s = inside[0]
            # "X dijo que: «...»" -> the quotation is the content: direct.
            before = text[c.start : s.open].strip(" :,")
            after = text[s.outer_end : c.end].strip(" .,;")
            if not before and not after:
                continue
            colon = text[max(c.start, s.open - 3) : s.open]
            if ":" in colon:
                # "Fine advierte ... en humanos: «...»": an indirect part, then a direct quotation.
                c.end = _trimmed(text, c.start, s.open)[1]
                if c.end <= c.start:
                    continue
                out.append(c)
                continue
            c.kind = QuoteKind.MIXED
            # A mixed content keeps its closing mark when the quotation ends the clause.
            if c.end < s.outer_end <= c.end + 2:
                c.end = s.outer_end
        out.append(c)
    return out


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _direct(
    doc: Doc, spans: list[QuotedSpan], cues: dict[str, str], lang: str, found: list[_Candidate]
) -> list[_Candidate]:
    text = doc_text(doc)
    out: list[_Candidate] = []
    for s in spans:
        if any(c.start <= s.start and s.end <= c.end for c in found if c.kind is QuoteKind.MIXED):
            continue  # part of a mixed quote
        content = text[s.start : s.end]
        n_words = _words(content)
        if n_words == 0:
            continue
        attribution = _cue_after(doc, s, cues, lang, spans) or _cue_before(doc, s, cues, lang)
        if attribution is None:
            if n_words >= _MIN_CONTEXT_WORDS and _opens_sentence(text, s) and _ends_sentence(text, s):
                # A paragraph or sentence that is nothing but a quotation continues the previous speaker.
                start, end = _trimmed_direct(text, s)
                out.append(_Candidate(start, end, QuoteKind.DIRECT, None, None, MentionKind.NONE, 0.5))
            continue
        verb, mention, kind, confidence = attribution
        if n_words < _MIN_DIRECT_WORDS and not _opens_sentence(text, s):
            continue  # a term or scare quote next to a verb ("described as 'dastardly'") is not a quote
        start, end = _trimmed_direct(text, s)
        out.append(_Candidate(start, end, QuoteKind.DIRECT, _cue_span(verb), mention, kind, confidence))
    return out


def _trimmed_direct(text: str, s: QuotedSpan) -> tuple[int, int]:
    """Content between the marks, without surrounding spaces (punctuation inside the marks stays)."""
    start, end = s.start, s.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _opens_sentence(text: str, s: QuotedSpan) -> bool:
    before = text[max(0, s.open - 3) : s.open].rstrip(" \t")
    return not before or before[-1] in '\n.:!?»”"' or text[: s.open].strip() == ""


def _ends_sentence(text: str, s: QuotedSpan) -> bool:
    inner = text[s.start : s.end].rstrip()
    after_raw = text[s.outer_end : s.outer_end + 4]
    after = after_raw.lstrip(" \t\xa0")
    if not after or after[0] in ".\n" or "\n" in after_raw:
        return True
    return bool(inner) and inner[-1] in ".!?…" and (after[0].isupper() or after[0] in '«“"')


def _token_at(doc: Doc, char: int, *, before: bool = False) -> Token | None:
    """The token at or after (before, if asked) a character offset."""
    if not len(doc):
        return None
    i = token_index_at(doc, char)
    token = doc[i]
    if before:
        return token if token.idx <= char else None
    if token.idx + len(token.text) <= char:  # `char` falls in the whitespace after token i
        return doc[i + 1] if i + 1 < len(doc) else None
    return token


def _is_cue(token: Token, cues: dict[str, str]) -> bool:
    group = cues.get(token.lemma_.lower())
    return (
        group is not None
        and group != "evidential"
        and token.pos_ in ("VERB", "AUX")
        and token.dep_ not in ("aux", "cop")
    )


def _cue_after(
    doc: Doc, s: QuotedSpan, cues: dict[str, str], lang: str, spans: list[QuotedSpan]
) -> tuple[Token, tuple[int, int] | None, MentionKind, float] | None:
    """'«...», dijo X' / '"...," X said' / '«...», comenta.': the cue within a few words after the marks."""
    text = doc_text(doc)
    rest = text[s.outer_end : s.outer_end + 4]
    inner_end = text[s.start : s.end].rstrip()[-1:]
    if not (rest[:1] in (",", "—", "–", " ", "") or inner_end in (",", "?", "!")):
        return None
    if (
        rest[:1] == " "
        and inner_end not in (",", "?", "!", "—", "–")
        and rest.lstrip()[:1] not in ("—", "–", ",")
    ):
        return None
    first = _token_at(doc, s.outer_end)
    if first is None:
        return None
    window = []
    for t in doc[first.i : first.i + 8]:
        if t.text in (".", "!", "?", "«", "“", '"', "\n", ";") or "\n" in t.text:
            break
        window.append(t)
    for t in window:
        if _is_cue(t, cues):
            subject = _subject(t)
            if subject is not None and any(q.open <= subject.idx < q.outer_end for q in spans):
                # The parser took a quoted word as the verb's subject ('"... Full panic mode," said Leslie
                # Wimes', '..., Flynn said on “Fox and Friends.”'): the source is the phrase between the
                # marks and the verb, or else the name after the verb.
                between = [w for w in window if w.i < t.i]
                subject = next(
                    (
                        w
                        for w in between
                        if w.pos_ in ("NOUN", "PROPN") and (w.head.i == t.i or w.head not in between)
                    ),
                    None,
                )
            if subject is not None and not _valid_subject(subject, lang):
                return None
            if subject is None:
                # "said Delfin Lorenzana" is sometimes parsed with the name as object.
                names = [
                    w
                    for w in window
                    if w.i > t.i and w.pos_ == "PROPN" and w.dep_ not in ("flat", "compound")
                ]
                if names:
                    subject = names[0]
            mention, kind = _source(subject, t, lang)
            return t, mention, kind, 0.9
        if t.pos_ in ("VERB",) and t.lemma_.lower() not in cues:
            if _reporting_by_position(t, window):
                subject = _subject(t)
                if subject is not None and not _valid_subject(subject, lang):
                    return None
                mention, kind = _source(subject, t, lang)
                if kind is MentionKind.NONE:
                    return None
                return t, mention, kind, 0.8
            break
    return None


def _reporting_by_position(verb: Token, window: list[Token]) -> bool:
    """A verb outside the lexicon that reports a quotation by its position alone: «Esto no es una crisis»,
    ironizó el economista Pablo Rey. / "Not today," quipped Ms Lund. / "Not today," she quipped.

    Right after the closing mark and its comma, a finite verb whose only company is its subject (before or
    after it) and adjuncts has nothing to say but the quotation: it takes no object or clause of its own."""
    if not _is_finite(verb) or verb.dep_ in ("aux", "cop", "aux:pass", "auxpass"):
        return False
    before = [w for w in window if w.i < verb.i and not w.is_punct]
    if before:
        # "she quipped", "Ms Lund quipped": only the subject stands between the marks and the verb.
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS and c.i < verb.i]
        if not subjects or any(w.i < subjects[0].left_edge.i for w in before) or len(before) > 4:
            return False
    return not any(
        c.dep_ in ("obj", "dobj", "ccomp", "xcomp", "csubj", "attr", "acomp", "oprd") and c.i > verb.i
        for c in verb.children
    )


def _cue_before(
    doc: Doc, s: QuotedSpan, cues: dict[str, str], lang: str
) -> tuple[Token, tuple[int, int] | None, MentionKind, float] | None:
    """'X dijo: «...»' / 'X said, "..."': a cue before the marks, ending with a colon or comma."""
    text = doc_text(doc)
    before = text[max(0, s.open - 6) : s.open].rstrip()
    last = _token_at(doc, s.open - 1, before=True)
    if last is None:
        return None
    # 'X said "..."' (no punctuation, common in English news) counts when the verb is right before the mark.
    bare_cue = _is_cue(last, cues) and last.idx + len(last.text) >= len(text[: s.open].rstrip())
    if not bare_cue and lang == "en":
        bare_cue = _cue_before_adjunct(last, cues)
    if not before or not (before[-1] in (":", ",") or re.search(r"\b(?:que|that)$", before) or bare_cue):
        return None
    lo = max(sentence_of(doc, last.i).start, last.i - 40)
    for t in reversed(doc[lo : last.i + 1]):
        if "\n" in t.text:
            break
        if _is_cue(t, cues):
            subject = _subject(t)
            if subject is not None and not _valid_subject(subject, lang):
                return None
            mention, kind = _source(subject, t, lang)
            if subject is None and kind is MentionKind.NONE:
                return None
            return t, mention, kind, 0.85
    return None


def _cue_before_adjunct(last: Token, cues: dict[str, str]) -> bool:
    """'Trump said on Friday "I can do it if I want."', 'Pelosi said in a statement "We are committed ..."':
    English news puts a short adjunct between the cue and the opening mark, without a comma. The words
    before the mark must all belong to adjuncts of a cue verb just before them."""
    doc = last.doc
    lo = last.i
    while lo > 0 and last.i - lo < 6 and doc[lo].dep_ in _ADJUNCT_DEPS and not doc[lo].is_punct:
        lo -= 1
    verb = doc[lo]
    if lo == last.i or not _is_cue(verb, cues):
        return False
    return all(
        doc[i].head.i == verb.i or verb.i < doc[i].head.i <= last.i for i in range(verb.i + 1, last.i + 1)
    )


_ADJUNCT_DEPS = frozenset("prep pobj npadvmod advmod det compound nummod amod poss case obl nmod".split())


def _drop_nested(found: list[_Candidate]) -> list[_Candidate]:
    """Quotes inside another quote's content are not quotes (SPEC section 3); exact duplicates go too."""
    out = []
    seen: set[tuple[int, int]] = set()
    for c in found:
        if (c.start, c.end) in seen:
            continue
        nested = False
        for other in found:
            if other is c or c.cue_start is None:
                continue
            if other.start <= c.cue_start and c.cue_end is not None and c.cue_end <= other.end:
                # c's cue is inside other's content: c is reported inside other.
                if not (
                    other.start <= c.start
                    and c.end <= other.end
                    and (other.end - other.start) == (c.end - c.start)
                ):
                    nested = True
                    break
        if nested:
            continue
        # Two candidates for the same content (an indirect clause and a "según" phrase): keep the first.
        if any(o.start <= c.start < o.end or c.start <= o.start < c.end for o in out if _overlap(o, c) > 0.8):
            continue
        seen.add((c.start, c.end))
        out.append(c)
    return out


def _overlap(a: _Candidate, b: _Candidate) -> float:
    inter = min(a.end, b.end) - max(a.start, b.start)
    if inter <= 0:
        return 0.0
    return inter / min(a.end - a.start, b.end - b.start)
