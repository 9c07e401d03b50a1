"""The acronyms an article defines, and each quote's organization in the full form the article spells out.

"la Organización Mundial de la Salud (OMS)" defines "OMS", so that an organization written short ("portavoz
de la OMS", "Conagua informó") is given as the article introduces it.
"""

from __future__ import annotations

import re
from functools import lru_cache

import attrs
from spacy.tokens import Doc

from quotes.doctext import doc_text
from quotes.lexicons import COMMON
from quotes.lexicons import words as word_list
from quotes.models import Quote

_UPPER = "A-ZÁÉÍÓÚÑÜ"


# "(OMS)", "(APPA, por sus siglas en inglés)", "(Conagua)": a short word with a capital inside or all capitals.
_ACRONYM_IN_BRACKETS = re.compile(rf"\(\s*([{_UPPER}][\w&.-]{{1,11}})\s*[,;)]")
_CONNECTORS = word_list(COMMON, "acronym_name_connectors")


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
            # A name with a lower-case word inside ("Movimiento de campesinos Sin Tierra (MST)"): the words
            # before the bracket whose initials spell the acronym.
            spelled = _spelled(words[-12:], acr)
            if spelled:
                found[acr] = spelled
            continue
        full = run[starts[0] :]
        while full and full[-1].lower() in _CONNECTORS:
            full.pop()
        capitals = [w for w in full if w[0].isupper()]
        if len(capitals) >= 2 and " ".join(full) != acr:
            found[acr] = " ".join(full)
    return found


def _spelled(words: list[str], acr: str) -> str | None:
    """The shortest run of `words` ending at the last one, opening with a capitalized word, whose capitalized
    words' initials are the acronym's letters in order."""
    letters = [c.lower() for c in acr if c.isalpha()]
    if len(letters) < 2:
        return None
    for k in range(len(words) - 1, -1, -1):
        run = words[k:]
        if any(w.strip("«»\"“”'’")[-1:] in ",;:." for w in run[:-1]) or not run[0][:1].isupper():
            continue
        initials = [w[0].lower() for w in run if w[:1].isupper()]
        if initials == letters and len(initials) >= 2:
            return " ".join(run).strip(",;:")
    return None


def acronyms(doc: Doc) -> dict[str, str]:
    """Acronyms the article defines, with their full form: "Instituto Nacional Electoral (INE)" -> INE."""
    return _acronyms_cached(doc_text(doc))


LEADING_ARTICLE = re.compile(r"^(?:el|la|los|las|the)\s+", re.IGNORECASE)


def expand_acronym(org: str | None, table: dict[str, str]) -> str | None:
    """The full form of an organization written as an acronym the article defines ("OMS" -> "Organización
    Mundial de la Salud"); any other organization unchanged."""
    if not org:
        return org
    bare = LEADING_ARTICLE.sub("", org.strip())
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
