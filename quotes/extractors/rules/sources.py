"""Who is the source as written? From the subject of a cue to the bounds and kind of its mention.

The mention is what the sentence names (a name, a pronoun, a nominal such as "la compañía", or nothing when
Spanish drops the subject); :mod:`quotes.attribution` resolves it across the article later.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from quotes import nameshape
from quotes.attribution.person_words import ONE_OF, is_person_word, spanish_one
from quotes.doctext import doc_text, is_possessive, morph_values
from quotes.lexicons import COMMON, DOCUMENT_NOUNS, GROUP_SOURCES, NOMINALS, NON_SOURCE_PRONOUNS, TIME_WORDS, words
from quotes.models import MentionKind

SUBJECT_DEPS = ("nsubj", "nsubj:pass", "nsubjpass", "csubj")


def subject_of(verb: Token) -> Token | None:
    """The subject of a reporting verb, looking through coordination and participial clauses.

    "he described ... and urged ..." (conj), "Hataman agreed, saying ..." (advcl), "posted a message ...
    announcing ..." (acl/advcl): the subject is the governing verb's.
    """
    token: Token | None = verb
    for _ in range(3):
        if token is None:
            return None
        subjects = [child for child in token.children if child.dep_ in SUBJECT_DEPS]
        if subjects:
            # Two subjects are a misparse: "Washington (AFP) – Democrat Hillary Clinton has taken ..., saying":
            # the dateline is no subject; the one nearest the verb is.
            at = token.i
            child = min(subjects, key=lambda c: abs(c.i - at))
            if child.is_space or child.is_punct:
                return None
            return child
        if token.dep_ == "conj" and (own := _conjunct_subject(token)) is not None:
            return own
        gerund = token.dep_ == "ccomp" and morph_values(token, "VerbForm") == ["Ger"]  # "finalizó diciendo que"
        if (gerund or token.dep_ in ("conj", "advcl", "xcomp", "acl")) and token.head.i != token.i:
            if token.dep_ != "conj" and morph_values(token, "VerbForm") == ["Fin"]:
                return None
            token = token.head
            if token.dep_ == "ccomp" and token.head.pos_ in ("VERB", "AUX") and token.head.i < token.i:
                # "He claimed a vaccine was near and said ...", "stated the trial would not be impartial,
                # saying ...": the parser hung the second verb on the reported clause; its subject is the
                # reporter's, not the clause's.
                token = token.head
            if token.pos_ not in ("VERB", "AUX", "NOUN"):
                return None
            if token.pos_ == "NOUN":  # "a message ... announcing": the noun's own verb governs
                token = token.head
        else:
            return None
    return None


def _conjunct_subject(verb: Token) -> Token | None:
    """The subject of the nearest earlier conjunct of `verb` that has one of its own: "La embarcación puso
    rumbo a Italia, pero Salvini bloqueó su llegada y dijo que ..." (the parser hangs every conjunct on the
    first, whose subject is "La embarcación"; the speaker is the subject of "bloqueó")."""
    if verb.head.dep_ == "ccomp":
        return None  # a conjunct of the reported clause ("confirmaron que ... y que los trenes salían ...")
    earlier = [c for c in verb.head.children if c.dep_ == "conj" and c.i < verb.i and c.pos_ in ("VERB", "AUX")]
    for sibling in sorted(earlier, key=lambda c: -c.i):
        if any(c.dep_ == "mark" for c in sibling.children):
            continue
        subject = next((c for c in sibling.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            return None if subject.is_space or subject.is_punct else subject
    return None


#: Tokens between two commas an apposition may span ("subdirectora de Prevención ... (INSP)").
_APPOSITION_TOKENS = 40
#: Lowercase words inside a name ("María de Lourdes", "Luis de la Fuente").
_NAME_PARTICLES = frozenset({"de", "del", "la", "y"})


def unattached_subject(verb: Token) -> Token | None:
    """A name the parser did not attach as the cue's subject, though the sentence makes it one.

    "En conferencia de medios, María García, subdirectora del Centro de Investigación, dijo que ..." (a name,
    then a comma-bounded apposition with no verb, right before the cue), "La directora legal de HRC, Sarah
    Warbelow, apuntó que ..." (a name in apposition right before the cue) and "Orlando Acosta, profesor de la
    Universidad Nacional, quien dijo que ...". Returns the name's head token, or None.
    """
    doc = verb.doc
    sent_start = verb.sent.start
    i = verb.i - 1
    if i > sent_start and doc[i].lower_ in ("quien", "who"):
        i -= 1
    if i <= sent_start or doc[i].text != ",":
        return None
    j = i - 1
    while j > sent_start and doc[j].text != "," and i - j <= _APPOSITION_TOKENS:
        if doc[j].pos_ in ("VERB", "AUX") or doc[j].text in (";", ":") or "\n" in doc[j].text:
            return None
        j -= 1
    if j <= sent_start or doc[j].text != ",":
        return None
    inner = doc[j + 1 : i]
    if len(inner) and all(
        t.pos_ == "PROPN" or (t.lower_ in _NAME_PARTICLES and 0 < k < len(inner) - 1) for k, t in enumerate(inner)
    ):
        return _person_head(inner)
    # A name before the apposition, at the start of the sentence or after an introductory phrase.
    k = j
    while k > sent_start and (
        doc[k - 1].pos_ == "PROPN"
        or (doc[k - 1].lower_ in _NAME_PARTICLES and k - 2 >= sent_start and doc[k - 2].pos_ == "PROPN")
    ):
        k -= 1
    if k == j or (k > sent_start and doc[k - 1].text != ","):
        return None
    return _person_head(doc[k:j])


def _person_head(name: Span) -> Token | None:
    """The head of a name written as a person's (two words or more, or labelled a person)."""
    words = [t for t in name if t.pos_ == "PROPN"]
    if len(words) < 2 and not any(t.ent_type_ in ("PER", "PERSON") for t in name):
        return None
    return name.root


def _relative_antecedent(pron: Token) -> Token | None:
    """'X, who said ...' / 'X, quien dijo ...': the noun the relative clause hangs on."""
    clause = pron.head
    if clause.dep_ in ("relcl", "acl:relcl", "acl") and clause.head.i != clause.i:
        return clause.head
    return None


def _from_source(verb: Token) -> Token | None:
    """ "dijeron desde la defensa de Kirchner", "aseguran desde el Observatorio": where the words come from
    speaks for the subjectless plural cue."""
    if "Plur" not in morph_values(verb, "Number") and not any(
        "Plur" in morph_values(c, "Number") for c in verb.children if c.dep_ in ("aux", "aux:pass")
    ):
        return None
    for child in verb.children:
        if child.dep_ == "obl" and child.pos_ in ("NOUN", "PROPN"):
            if any(c.dep_ == "case" and c.lower_ == "desde" for c in child.children):
                return child
    return None


def _mention_bounds(head: Token) -> tuple[int, int]:
    """Character bounds of the noun phrase headed by `head`, without appositions or relative clauses.

    "Patrick Moorhead, analista jefe de ..." -> "Patrick Moorhead"; "the government" stays whole.
    """
    doc = head.doc
    left, right = head.left_edge.i, head.right_edge.i
    # A relative clause starts at its pronoun, before its verb: "the man who built ..." -> "the man".
    for child in head.rights:
        opener = child.left_edge
        relative = child.dep_ in ("relcl", "acl:relcl") or (
            child.dep_ == "acl" and "Rel" in morph_values(opener, "PronType")  # Spanish "que", "quien"
        )
        # "el mensaje que da el genetista X": a clause with a subject of its own names who speaks; kept.
        own_subject = any(c.dep_ in SUBJECT_DEPS and c.i != opener.i for c in child.children)
        if relative and opener.i > head.i and not own_subject:
            right = min(right, opener.i - 1)
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
    while right > left and (
        doc[right].is_punct or doc[right].is_space or (doc[right].pos_ == "PRON" and doc[right].dep_ == "appos")
    ):
        right -= 1  # "Sanders himself", "Miller and Smith both": the pronoun only stresses who
    while left < right and (doc[left].is_punct or doc[left].is_space or doc[left].dep_ in ("case", "mark")):
        left += 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def source_mention(
    subject: Token | None, verb: Token | None, lang: str
) -> tuple[tuple[int, int] | None, MentionKind]:
    """Mention bounds and kind for a subject token (or a dropped subject when there is none)."""
    if subject is None and verb is not None:
        subject = unattached_subject(verb)
    if subject is None and verb is not None and lang == "es":
        subject = _from_source(verb)
    if subject is None:
        if verb is not None and lang == "es" and finite_third_person(verb):
            return None, MentionKind.DROPPED
        return None, MentionKind.NONE
    if subject.pos_ == "PRON" and (named_one := _named_one_of(subject)) is not None:
        return _mention_bounds(named_one), MentionKind.NAME
    if _partitive(subject):
        # "Uno de los encargados aseguró ...", "una de las víctimas dijo ...": one member of a group the
        # phrase names, a source of its own, not the pronoun "uno" that stands for the last person named.
        return _mention_bounds(subject), MentionKind.OTHER
    if subject.pos_ == "PRON":
        if "Rel" in morph_values(subject, "PronType") or subject.lower_ in words(COMMON, "relative_subject_pronouns"):
            antecedent = _relative_antecedent(subject)
            if antecedent is None:
                return None, MentionKind.NONE
            return source_mention(antecedent, None, lang)
        return (subject.idx, subject.idx + len(subject.text)), MentionKind.PRONOUN
    if subject.pos_ in ("NOUN", "PROPN") and subject.lower_ not in ("que",):
        # "el secretario de Salud, Jorge Alcocer, informó", "el Comisionado Nacional contra las Adicciones,
        # Manuel Mondragón, informó": the name in apposition after a comma is the source.
        # Of several ("El secretario general de la patronal (Adegui), José Ruiz, reclamó"), the one set off
        # by a comma names the person; an acronym in parentheses or a name run on after the role does not.
        named = [
            child
            for child in subject.children
            if child.dep_ == "appos"
            and child.i > subject.i
            and child.pos_ == "PROPN"
            and child.i >= 1
            and (child.doc[child.i - 1].text == "," or subject.pos_ == "NOUN")
            and not _name_then_description(subject, child, lang)
        ]
        if named:
            after_comma = [c for c in named if c.doc[c.i - 1].text == ","]
            return _mention_bounds((after_comma or named)[0]), MentionKind.NAME
    dateline = _after_dateline(subject)
    if dateline is not None:
        subject = dateline
    bounds = _mention_bounds(subject)
    if bounds[1] <= bounds[0]:
        return None, MentionKind.NONE
    if subject.pos_ == "PROPN" or subject.ent_type_ in ("PERSON", "PER", "ORG"):
        return bounds, MentionKind.NAME
    listed = subject.lemma_.lower() in NOMINALS.get(lang, {}) or subject.lower_ in NOMINALS.get(lang, {})
    if listed or (subject.pos_ == "NOUN" and _definite(subject) and person_noun(subject, lang)):
        # "la compañía", "el secretario de Salud", "the company", "la actriz"; but "Council spokesperson Barend Leyts"
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


def _named_one_of(subject: Token) -> Token | None:
    """ "uno de los autores del estudio, Michael Shay, explicó", "one of the researchers, Ann Lee, said": the
    name in apposition inside the phrase is the source, not the indefinite."""
    if subject.lower_ not in ONE_OF:
        return None
    group = [subject] + [c for c in subject.children if c.dep_ in ("nmod", "prep", "pobj")]
    group += [c for g in group[1:] for c in g.children if c.dep_ == "pobj"]  # English "one of the researchers"
    for t in subject.subtree:
        if (
            t.dep_ == "appos"
            and t.pos_ == "PROPN"
            and t.head in group  # not "uno de los hijos de la actriz, Ana Belén": she is the actress
            and t.i > 0
            and t.doc[t.i - 1].text == ","
            and person_token(t, "en" if subject.lower_ == "one" else "es")
            and _agrees_with_one(subject, t)
        ):
            return t
    return None


def _partitive(subject: Token) -> bool:
    """A Spanish "uno/una de + group" subject ("uno de los encargados", "una de ellas", "uno de sus hijos")."""
    return (
        spanish_one(subject.text, "es")
        and subject.i + 1 < len(subject.doc)
        and subject.doc[subject.i + 1].lower_ == "de"
        and any(c.dep_ in ("nmod", "amod") and c.left_edge.i == subject.i + 1 for c in subject.children)
    )


def _agrees_with_one(one: Token, name: Token) -> bool:
    """Whether the name's sex, where its given name tells it, agrees with "uno" / "una" ("Uno de los hijos de la
    actriz, Ana Belén, ...": Ana Belén is the actress)."""
    expected = {"uno": "m", "una": "f"}.get(one.lower_)
    sex = nameshape.name_sex(" ".join(w.text for w in name.subtree if w.pos_ == "PROPN"), "es")
    return expected is None or sex is None or sex == expected


def can_speak(head: Token, lang: str) -> bool:
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


def owner_mention(noun: Token, lang: str) -> tuple[tuple[int, int] | None, MentionKind] | None:
    """Who owns a noun that cannot speak for itself ("sus datos", "his suggestion", "the prosecutor's account",
    "el relato del fiscal", "the warning of the ministry"): a possessive pronoun (a dropped subject in Spanish,
    resolved in context like one; the pronoun in English), a possessor, or a name or nominal after de / of.
    None when the noun names no owner."""
    for child in noun.children:
        if child.i < noun.i and is_possessive(child):
            if child.pos_ in ("PRON", "DET"):
                if lang == "es":
                    return None, MentionKind.DROPPED  # "su advertencia": whoever "su" stands for
                return (child.idx, child.idx + len(child.text)), MentionKind.PRONOUN
            return source_mention(child, None, lang)
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            child = next((k for k in child.children if k.dep_ == "pobj"), child)
        elif not (child.dep_ == "nmod" and any(k.dep_ == "case" and k.lower_ in ("de", "del") for k in child.children)):
            continue  # only "de X" / "of X" names an owner
        if child.pos_ == "PROPN" or is_nominal(child, lang):
            return source_mention(child, None, lang)
    return None


def is_nominal(token: Token, lang: str) -> bool:
    """A common noun of the nominal list ("la ministra", "the company"), by its form or lemma."""
    nominals = NOMINALS.get(lang, {})
    return token.pos_ == "NOUN" and (token.lemma_.lower() in nominals or token.lower_ in nominals)


def person_noun(noun: Token, lang: str, *, described: bool = False) -> bool:
    """A noun for a person (:func:`quotes.attribution.person_words.is_person_word` on its form and lemma)."""
    return is_person_word(noun.lower_, lang, noun.lemma_, described=described)


def _definite(noun: Token) -> bool:
    """A singular noun with a definite article or a demonstrative ("la actriz", "this lawyer")."""
    dets = [c for c in noun.children if c.dep_ == "det"]
    return bool(dets) and dets[0].lower_ in ("el", "la", "the", "this", "that", "este", "esta", "ese", "esa") and (
        "Plur" not in morph_values(noun, "Number")
    )


def _name_then_description(subject: Token, appos: Token, lang: str) -> bool:
    """ "Senator Jeff Sessions, Republican of Alabama": the subject is a person's name and the capitalized
    apposition after it describes him; it is no name of its own."""
    start, end = name_bounds(subject)
    name = doc_text(subject.doc)[start:end]
    described = subject.doc[appos.i : appos.right_edge.i + 1].text
    words = name.split()  # past a title: "Senator Jeff Sessions"
    person = any(nameshape.is_person_name(" ".join(words[k:]), lang) for k in range(max(len(words) - 1, 1)))
    return person and not nameshape.is_person_name(described, lang)


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


def finite_third_person(verb: Token) -> bool:
    person = morph_values(verb, "Person")
    if person and person != ["3"]:
        return False
    if morph_values(verb, "VerbForm") == ["Fin"]:
        return True
    # Periphrases: "ha dicho", "va a anunciar": the auxiliary carries the person.
    return any(c.dep_ in ("aux", "aux:pass") and morph_values(c, "VerbForm") == ["Fin"] for c in verb.children)


def names_after(verb: Token, end: int) -> list[Token]:
    """Proper nouns after `verb` up to token `end` that could be its subject though the parser hung them
    elsewhere ("said Delfin Lorenzana" as an object, "explica en un comunicado Daniel H. Fine" on the noun
    before it): not a name with a preposition of its own ("señaló en entrevista para Radio Uno Tacna", "dijo
    en alusión a Yugoslavia", "said in an interview with CNN"), unless the preposition says where the words
    come from ("indican desde la OMS") or begins the name ("Del Castillo")."""
    out = []
    for t in verb.doc[verb.i + 1 : end]:
        if t.pos_ != "PROPN" or t.dep_ in ("flat", "flat:name") or (t.dep_ == "compound" and t.head.pos_ == "PROPN"):
            continue  # inside a name
        case = next((c for c in t.children if c.dep_ == "case"), None)
        if t.dep_ == "pobj" or (case is not None and case.lower_ != "desde" and not case.text[:1].isupper()):
            continue
        if case is None and _hung_on_phrase_of(t, verb):
            continue
        out.append(t)
    return out


def _hung_on_phrase_of(name: Token, verb: Token) -> bool:
    """A name hung on the noun of a prepositional phrase other than the addressee or the setting ("tuiteó,
    con el hashtag #VivaElRey"); "asegura a este diario Sergio Carrasco", "explica en un comunicado Daniel H.
    Fine" keep their name."""
    node = name.head
    for _ in range(4):
        if node.i == verb.i or node.head.i == node.i:
            return False
        case = next((c for c in node.children if c.dep_ == "case"), None)
        if case is not None:
            return case.lower_ not in ("a", "al", "en", "to", "in")
        node = node.head
    return False


def valid_subject(subject: Token | None, lang: str) -> bool:
    if subject is None:
        return True
    if subject.lower_ in NON_SOURCE_PRONOUNS.get(lang, frozenset()) or subject.lower_ in TIME_WORDS:
        return False
    if (
        subject.pos_ == "PRON"
        and "Person" in subject.morph.to_dict()
        and morph_values(subject, "Person") != ["3"]
    ):
        return False
    return True


def is_impersonal(verb: Token) -> bool:
    """ "se informó que", "se prevé que": no source is named (a passive or impersonal se)."""
    return any(
        c.lower_ == "se" and c.dep_ in ("expl:pass", "expl:impers", "obj", "iobj", "expl")
        for c in verb.children
    )


def name_bounds(token: Token) -> tuple[int, int]:
    parts = [token] + [c for c in token.children if c.dep_ in ("flat", "flat:name", "compound")]
    lo = min(p.i for p in parts)
    hi = max(p.i for p in parts)
    doc = token.doc
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def person_token(token: Token, lang: str) -> bool:
    """A token of a person's name: tagged so by NER, or the start of a name with a known given name."""
    if token.ent_type_ in ("PER", "PERSON"):
        return True
    name = [token] + [c for c in token.children if c.dep_ in ("flat", "flat:name", "compound")]
    name.sort(key=lambda t: t.i)
    return nameshape.is_person_name(" ".join(t.text for t in name), lang)
