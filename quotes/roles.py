"""Organization and role of a speaker: the shapes news writes them in, and the article's acronyms.

`quotes.attribution` finds the mentions of a speaker; this module reads the organization and role written
around them:

- the acronyms an article defines ("la Organización Mundial de la Salud (OMS)"), so that an organization
  written short ("portavoz de la OMS", "Conagua informó") is given in the full form the article spells out;
- role nouns known by their shape as well as by the lexicon: agent nouns ("rector", "comisionado",
  "auditor") name an office as surely as the listed titles do;
- the description written *before* a name and closed by a comma ("El rector de la Universidad de Lerma,
  Juan Ortiz, pidió ..."; "The city auditor, Ruth Kemp, said ...");
- an organization named by a common noun plus its name inside a role ("portavoz de la asociación Vecinos
  Unidos" -> role "portavoz", organization "asociación Vecinos Unidos");
- "NAME of the Harbour Alliance added": the organization is the capitalized run, not the verb after it.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import attrs
from spacy.tokens import Doc

from quotes import entities as _entities
from quotes.doctext import doc_text
from quotes.lexicons import NOMINALS, TITLES
from quotes.models import Quote

# --- acronyms -------------------------------------------------------------------------------------------------

_UPPER = "A-ZÁÉÍÓÚÑÜ"
# "(OMS)", "(APPA, por sus siglas en inglés)", "(Conagua)": a short word with a capital inside or all capitals.
_ACRONYM_IN_BRACKETS = re.compile(rf"\(\s*([{_UPPER}][\w&.-]{{1,11}})\s*[,;)]")
_CONNECTORS = frozenset("de del la las los el y e para por of the and for on & en".split())


def _looks_like_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= max(2, len(letters) // 3) or (
        len(letters) >= 3 and word[0].isupper() and word[1:].islower() and len(word) <= 8
    )


# Keyed by the article's text, so bounded: a batch of thousands of articles must not keep every text alive.
# The table is asked for once per quote of the same article, so a few entries are all the cache needs.
@lru_cache(maxsize=8)
def _acronyms_cached(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for m in _ACRONYM_IN_BRACKETS.finditer(text):
        acr = m.group(1).rstrip(".")
        if not _looks_like_acronym(acr) or acr in found:
            continue
        # The capitalized run right before the bracket, with the connectors a name takes inside it.
        words = text[max(0, m.start() - 200) : m.start()].split()
        run: list[str] = []
        for w in reversed(words):
            bare = w.strip("«»\"“”'’")
            if bare != w or not bare or bare[-1] in ",;:.":
                break
            if bare[0].isupper() or bare.lower() in _CONNECTORS:
                run.insert(0, bare)
                if len(run) > 12:
                    break
            else:
                break
        # The name starts at its first word with the acronym's initial ("Según la Organización Mundial de la
        # Salud (OMS)" -> "Organización Mundial de la Salud"); a syllable acronym ("Conagua") needs the same.
        initial = acr[0].upper()
        starts = [k for k, w in enumerate(run) if w[0] == initial and w.lower() not in _CONNECTORS]
        if not starts:
            continue
        full = run[starts[0] :]
        while full and full[-1].lower() in _CONNECTORS:
            full.pop()
        capitals = [w for w in full if w[0].isupper()]
        if len(capitals) >= 2 and " ".join(full) != acr:
            found[acr] = " ".join(full)
    return found


def acronyms(doc: Doc) -> dict[str, str]:
    """Acronyms the article defines, with their full form: "Instituto Nacional Electoral (INE)" -> INE."""
    return _acronyms_cached(doc_text(doc))


_ARTICLE = re.compile(r"^(?:el|la|los|las|the)\s+", re.IGNORECASE)


def expand_acronym(org: str | None, table: dict[str, str]) -> str | None:
    """The full form of an organization written as an acronym the article defines ("OMS" -> "Organización
    Mundial de la Salud"); any other organization unchanged."""
    if not org:
        return org
    bare = _ARTICLE.sub("", org.strip())
    return table.get(bare, org)


def expand_quote_acronyms(doc: Doc, quotes: list[Quote]) -> list[Quote]:
    """Each quote's organization in the full form the article spells out, when written as its acronym.

    News defines an acronym once ("la Comisión Nacional del Agua (Conagua)") and then uses it; the record
    names the organization as the article introduces it.
    """
    table = acronyms(doc)
    if not table:
        return quotes
    out = []
    for q in quotes:
        full = expand_acronym(q.organization, table)
        out.append(q if full == q.organization else attrs.evolve(q, organization=full))
    return out


# --- role nouns -----------------------------------------------------------------------------------------------

_TITLE_WORDS = frozenset(t.rstrip(".") for t in TITLES)

# Agent and office nouns by their ending: "rector", "comisionado", "vocal" are not all listed, but a noun in
# "-dor/-tor", "-ista", "-ario", "-ero", "-ólogo", "-ante" names a person by what they do. Used only where the
# shape already says "description of a person" (a determiner-led phrase in apposition to a name).
_AGENT_SUFFIXES = {
    "es": ("dor", "dora", "tor", "tora", "ista", "ario", "aria", "ero", "era", "ólogo", "óloga", "ante", "ente",
           "enta", "ado", "ada", "ico", "ica", "ivo", "iva"),
    "en": ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "person", "ee"),
}


_KIN = frozenset(
    "hermano hermana hijo hija padre madre esposo esposa marido mujer novio novia primo prima tio tia abuelo "
    "abuela nieto nieta sobrino sobrina viuda viudo brother sister son daughter father mother wife husband "
    "partner fiance fiancee cousin uncle aunt grandson granddaughter grandmother grandfather widow widower "
    "nephew niece".split()
)


@cache
def role_nouns(lang: str) -> frozenset[str]:
    """Titles and nouns naming a person's office or job ("portavoz", "spokesperson"), lowercased."""
    lex = _entities.lexicon(lang if lang in ("es", "en") else "en")
    listed = {k for k, v in lex.plain_nouns.items() if v == "person"}
    # Relatives are persons but no office: "el hermano de Lachlan Murdoch, James" has no role.
    return (_TITLE_WORDS | {k for k, v in NOMINALS.get(lang, {}).items() if v == "person"} | listed) - _KIN


def is_role_word(word: str, lang: str, *, by_shape: bool = False) -> bool:
    """A word naming an office or job; `by_shape` also accepts agent-noun endings ("rector", "auditor")."""
    w = word.lower().rstrip(".,")
    if "-" in w.strip("-"):
        # "Director-General", "co-founder", "editor-in-chief": an office if one of its parts is.
        return any(is_role_word(part, lang, by_shape=by_shape) for part in w.split("-") if len(part) > 2)
    if _entities._norm_key(w) in _KIN:
        return False  # a relative is no office: "Anderson Cooper, her son"
    if w in role_nouns(lang) or _entities._norm_key(w) in role_nouns(lang):
        return True
    if w.startswith(("ex", "co", "vice", "sub")) and len(w) > 5:
        stem = w[2:] if w.startswith(("ex", "co")) else w[4:] if w.startswith("vice") else w[3:]
        if stem.lstrip("-") in role_nouns(lang):
            return True
    return by_shape and w.isalpha() and len(w) > 4 and w.endswith(_AGENT_SUFFIXES.get(lang, ()))


# --- portfolios ---------------------------------------------------------------------------------------------

# The field of an office written before its title in English ("Interior Minister", "Emergencies Minister",
# "Solicitor General"): part of the role, not an organization. (Spanish writes the portfolio after the title,
# "secretario de Hacienda", and the annotation takes it as the organization.)
_PORTFOLIOS = frozenset(
    "interior defence defense foreign finance health education justice emergencies labour labor trade "
    "transport transportation energy environment agriculture home treasury economy culture tourism housing "
    "immigration security intelligence communications science industry development sports solicitor "
    "detective surgeon attorney".split()
)


def is_portfolio(word: str, lang: str) -> bool:
    """ "Interior" of "Interior Minister": the field of an office, English only."""
    return lang == "en" and word.lower() in _PORTFOLIOS


# --- places ------------------------------------------------------------------------------------------------


def is_place(doc: Doc, org: str, lang: str) -> bool:
    """A country, region or city written where an organization could stand ("mayor of Paris", "Iran's
    President"): a place the article's entities label LOC and never ORG, or a listed place."""
    bare = re.sub(r"['’]s$", "", _ARTICLE.sub("", org.strip()))
    labels = {e.label for e in _entities.article_entities(doc, lang) if e.text.strip() == bare}
    if bare in _entities.lexicon(lang if lang in ("es", "en") else "en").locs:
        return "ORG" not in labels
    return labels == {"LOC"}


# --- organization inside a role -------------------------------------------------------------------------------


@cache
def org_nouns(lang: str) -> frozenset[str]:
    lex = _entities.lexicon(lang if lang in ("es", "en") else "en")
    return frozenset(
        {k for k, v in lex.plain_nouns.items() if v == "org"}
        | {k for k, v in lex.nouns.items() if v == "org"}
        | {k for k, v in NOMINALS.get(lang, {}).items() if v == "organization"}
    )


_OF_BEFORE_ORG_NOUN = {
    "es": re.compile(r"\s(?:de|del|en)\s+(?:(?:la|las|los|el)\s+)?(?=(\w+)\s+[A-ZÁÉÍÓÚÑ0-9])"),
    "en": re.compile(r"\s(?:of|at|for|with|from)\s+(?:the\s+)?(?=(\w+)\s+[A-Z0-9])"),
}


def split_org_noun(role: str, lang: str) -> tuple[str, str] | None:
    """ "portavoz de la asociación Vecinos Unidos" -> ("portavoz", "asociación Vecinos Unidos"): an
    organization written as a common noun ("asociación", "club") followed by its proper name."""
    pattern = _OF_BEFORE_ORG_NOUN.get(lang, _OF_BEFORE_ORG_NOUN["en"])
    for m in pattern.finditer(role):
        noun = m.group(1)
        if noun.islower() and noun in org_nouns(lang):
            head, org = role[: m.start()].strip(), role[m.end() :].strip()
            if head and org:
                return head, org
    return None


_OF_NOUN_AT_END = {
    "es": re.compile(r"\s(?:de la|del|de los|de las)\s+(\w+)(?:\s+\w+)?$"),
    "en": re.compile(r"\s(?:of the|at the|for the)\s+(\w+)$"),
}


def org_named_by_noun(doc: Doc, name: str, role: str, lang: str) -> str | None:
    """The organization a role names by a common noun: "director general de la empresa" -> the organization
    named last before the person is first mentioned ("Audi"), or None."""
    m = _OF_NOUN_AT_END.get(lang, _OF_NOUN_AT_END["en"]).search(role)
    if m is None or m.group(1).lower() not in org_nouns(lang):
        return None
    text = doc_text(doc)
    at = text.find(name)
    if at < 0:
        return None
    before = [e for e in _entities.article_entities(doc, lang) if e.label == "ORG" and e.end_char <= at]
    return before[-1].text if before else None


# --- organization after a name ----------------------------------------------------------------------------------

_NAME_CONNECTORS = frozenset("de del la las los y e i of the and for & on in".split())


def capitalized_run(words: list[str], lang: str) -> list[str]:
    """The organization at the head of `words`, up to the end of its first capitalized run.

    Lower-case words before the name stay ("police of the Autonomous Region in Muslim Mindanao", "periódico El
    Sur"); what follows the name does not ("Harbour Alliance added" -> "Harbour Alliance").
    """
    seen = False
    end = 0
    lead: list[str] = []
    for k, w in enumerate(words):
        if w[:1].isupper() or w[:1].isdigit() or "&" in w:
            seen = True
            end = k + 1
        elif w[:1] in "«“\"'":
            break
        elif seen and w.lower() not in _NAME_CONNECTORS:
            break
        elif not seen:
            lead.append(w.lower())
    # Lower-case words before the name must describe an organization ("periódico", "army's"), not an event
    # ("Peña Nieto en el acto de toma de nota al Congreso del Trabajo").
    if lead and not (
        any(w in org_nouns(lang) or w.endswith(("'s", "’s")) for w in lead)
        or (len(lead) <= 3 and not any(w in _NAME_CONNECTORS or w in ("a", "al", "to", "en") for w in lead))
    ):
        return []
    return words[:end]


def organization_in_phrase(phrase: str, lang: str) -> str | None:
    """The organization named inside a described source: "A source within the central Interior Ministry" ->
    "Interior Ministry"; "A Hampshire Police spokesman" -> "Hampshire Police"; "Biden and others in the
    Democratic Party" -> "Democratic Party" (the run shaped like an organization wins over a person's)."""
    words = phrase.split()
    if words and words[0].lower() in _DETS | {"un", "una", "unos", "unas", "los", "las"}:
        words = words[1:]
    runs: list[list[str]] = []
    k = 0
    while k < len(words):
        run = capitalized_run(words[k:], lang) if words[k][:1].isupper() else []
        if run:
            runs.append(run)
            k += len(run)
        else:
            k += 1
    lang_ = lang if lang in ("es", "en") else "en"
    shaped = [r for r in runs if _entities.is_organization_name(" ".join(r), lang_)]
    if shaped:
        return " ".join(shaped[-1])
    return " ".join(max(runs, key=len)) if runs else None


# --- description before a name ----------------------------------------------------------------------------------

_DETS = frozenset("el la the a an".split())
_CLAUSE_BREAK = re.compile(r"[,;:.()\n«»\"“”—–]")


# A short bracket closing the description before a name: "... de las Naciones Unidas (ONU), António Guterres".
BRACKET_AT_END = re.compile(r"\s*\([^()\n]{1,15}\),\s$")


def description_before(doc: Doc, start: int, lang: str) -> str | None:
    """A determiner-led description in apposition before the name at `start`, closed by a comma.

    "El rector de la Universidad de Lerma, Juan Ortiz, pidió" -> "rector de la Universidad de Lerma";
    "The city auditor, Ruth Kemp, said" -> "city auditor". The phrase must open with a determiner at a clause
    boundary and hold a role noun ("Tras la reunión del PRI, Juan Ortiz" opens with a preposition: no role).
    """
    text = doc_text(doc)
    window = max(0, start - 160)
    bracket = BRACKET_AT_END.search(text[window:start])
    if bracket:
        end = start - len(bracket.group(0))
    elif text[:start].endswith(", "):
        end = start - 2
    else:
        return None
    seg_start = window + max((m.end() for m in _CLAUSE_BREAK.finditer(text[window:end])), default=0)
    seg = text[seg_start:end].strip()
    words = seg.split()
    if len(words) < 2 or len(words) > 14 or words[0].lower() not in _DETS:
        return None
    span = doc.char_span(seg_start, end, alignment_mode="expand")
    if span is None:
        return None
    # The head of the description: its first common noun ("city auditor": the last noun before "of/de").
    nouns = []
    for t in span:
        if t.lower_ in ("de", "del", "of", "at", "for", "en"):
            break
        if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.text[:1].islower():
            nouns.append(t)
    if not nouns or any(t.pos_ in ("VERB", "AUX") and t.morph.get("VerbForm") == ["Fin"] for t in span):
        return None
    if not any(is_role_word(t.text, lang, by_shape=t.pos_ == "NOUN") for t in nouns):
        return None
    # A relative is no office: "el hermano de Lachlan Murdoch, James" gives neither role nor organization.
    if any(_entities._norm_key(t.lemma_) in _KIN or _entities._norm_key(t.text) in _KIN for t in nouns):
        return None
    return " ".join(words[1:])
