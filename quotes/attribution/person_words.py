"""Which words name a person: offices and jobs (listed, or known by an agent ending), relatives, titles.

One test of "this noun is a person" (:func:`is_person_word`) serves the rules' sources, "según X" phrases and
descriptions; :func:`is_role_word` tells an office or job (a relative is a person but holds no office).
"""

from __future__ import annotations

from functools import cache

from quotes.lexicons import COMMON, NOMINALS, TITLES
from quotes.lexicons import words as word_list
from quotes.nameshape import lexicon, norm_key

TITLE_WORDS = frozenset(t.rstrip(".") for t in TITLES)
#: An indefinite that heads a described source: "uno de los autores del estudio, Michael Shay", "one of the
#: researchers, Ann Lee".
ONE_OF = frozenset({"uno", "una", "one"})


def spanish_one(word: str, lang: str) -> bool:
    """Whether `word` is the Spanish indefinite "uno" / "una" that opens a partitive source ("uno de los
    encargados", "una de ellas"): one member of a group, not the pronoun standing for the last person named,
    nor the person named inside the group ("uno de los abogados de Donald Trump")."""
    return lang == "es" and word.lower() in ("uno", "una")


# Agent and office nouns by their ending: "rector", "comisionado", "vocal" are not all listed, but a noun in
# "-dor/-tor", "-ista", "-ario", "-ero", "-ólogo", "-ante" names a person by what they do. Used only where the
# shape already says "description of a person" (a determiner-led phrase in apposition to a name).
_AGENT_SUFFIXES = {
    "es": ("dor", "dora", "tor", "tora", "ista", "ario", "aria", "ero", "era", "ólogo", "óloga", "ante", "ente",
           "enta", "ado", "ada", "ico", "ica", "ivo", "iva"),
    "en": ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "person", "ee"),
}


# Relatives are persons but no office.
KIN_NOUNS = word_list(COMMON, "kin_nouns")

#: Endings of nouns for persons by what they do, where nothing else says a person is meant ("la concejala",
#: "el escritor", "algunos hispanistas", "la actriz"): fewer than :data:`_AGENT_SUFFIXES`, which serve only
#: where the phrase already describes a person ("la llegada", "the center" are no persons).
AGENT_ENDINGS = {"es": ("dor", "dora", "tor", "tora", "triz", "ista", "ólogo", "óloga"), "en": ("er", "or", "ist")}


def is_person_word(word: str, lang: str, lemma: str | None = None, *, described: bool = False) -> bool:
    """A noun for a person, by its form or its lemma: a listed office or job, a relative, or an agent ending.
    The one test of "this noun is a person" for subjects, "según X" phrases and descriptions.

    Args:
        described: The phrase already stands where a person or body is named (a source mention, a "según"
            phrase), so the wider endings of :data:`_AGENT_SUFFIXES` count too ("la astrofísica", "el
            comediante", "el catedrático"); elsewhere only :data:`AGENT_ENDINGS`.
    """
    for form in {word.lower(), (lemma or word).lower()}:
        if is_role_word(form, lang, by_shape=described) or norm_key(form) in KIN_NOUNS:
            return True
        if len(form) > 5 and form.isalpha() and form.endswith(AGENT_ENDINGS.get(lang, ())):
            return True
    return False


@cache
def role_nouns(lang: str) -> frozenset[str]:
    """Titles and nouns naming a person's office or job ("portavoz", "spokesperson"), lowercased."""
    lex = lexicon(lang if lang in ("es", "en") else "en")
    listed = {k for k, v in lex.plain_nouns.items() if v == "person"}
    # Relatives are persons but no office: "el hermano de Lachlan Murdoch, James" has no role.
    return (TITLE_WORDS | {k for k, v in NOMINALS.get(lang, {}).items() if v == "person"} | listed) - KIN_NOUNS


def is_role_word(word: str, lang: str, *, by_shape: bool = False) -> bool:
    """A word naming an office or job; `by_shape` also accepts agent-noun endings ("rector", "auditor")."""
    w = word.lower().rstrip(".,")
    if "-" in w.strip("-"):
        # "Director-General", "co-founder", "editor-in-chief": an office if one of its parts is.
        return any(is_role_word(part, lang, by_shape=by_shape) for part in w.split("-") if len(part) > 2)
    if norm_key(w) in KIN_NOUNS:
        return False  # a relative is no office: "Anderson Cooper, her son"
    if w in role_nouns(lang) or norm_key(w) in role_nouns(lang):
        return True
    if w.startswith(("ex", "co", "vice", "sub")) and len(w) > 5:
        stem = w[2:] if w.startswith(("ex", "co")) else w[4:] if w.startswith("vice") else w[3:]
        if stem.lstrip("-") in role_nouns(lang):
            return True
    return by_shape and w.isalpha() and len(w) > 4 and w.endswith(_AGENT_SUFFIXES.get(lang, ()))
