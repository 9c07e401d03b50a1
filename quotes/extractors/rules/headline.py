"""Headline attributions: a line that is a statement followed by a colon and its source ("Debemos jalar todos
parejo: Cienfuegos", "Es mentira que el agua se vaya a privatizar: Conagua").

News headlines, in the Mexican press above all, name the source after the statement; the source is a short
name (a surname, an acronym) that the article names again below, which tells it from a title with a colon
("Star Wars: Rebels"). The content is the statement, without the marks when it is nothing but a quotation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc

from quotes.doctext import doc_text
from quotes.extractors.rules.candidates import WORD, Candidate, trimmed
from quotes.models import MentionKind, QuoteKind
from quotes.nameshape import is_person_name

# The source: one to five capitalized words, joined by the lowercase particles of names ("Peña Nieto",
# "Damián Alcázar", "Silva-Herzog", "INEGI").
_NAME_WORD = r"[A-ZÁÉÍÓÚÑ][\w.\-’']*"
_SOURCE = re.compile(rf":[ \t]*({_NAME_WORD}(?:[ \t]+(?:(?:de|del|la|las|los|y)[ \t]+)?{_NAME_WORD}){{0,4}})[ \t]*$")
_MARKS = {"«": "»", "“": "”", '"': '"', "„": "“", "‘": "’"}
# A line with a sentence end inside is prose with a colon, not a headline.
_SENTENCE_END = re.compile(r"[.!?][\"”»’]?\s+[A-ZÁÉÍÓÚÑ¿¡]")


def headline_quotes(doc: Doc) -> list[Candidate]:
    """The "STATEMENT: Source" lines of an article whose source is named again elsewhere in it."""
    text = doc_text(doc)
    out = []
    for start, line in _lines(text):
        found = _SOURCE.search(line)
        if found is None or len(found.group(1)) > 40:
            continue
        lo, hi = trimmed(text, start, start + found.start())
        content = text[lo:hi]
        if len(WORD.findall(content)) < 3 or _SENTENCE_END.search(content) or ":" in content:
            continue
        name = found.group(1)
        if not _named_elsewhere(name, text, start, start + len(line)):
            continue
        kind = QuoteKind.INDIRECT
        inner = content[1:-1]
        if content[0] in _MARKS and content.endswith(_MARKS[content[0]]) and not any(m in inner for m in _MARKS):
            lo, hi, kind = lo + 1, hi - 1, QuoteKind.DIRECT
        elif any(m in content for m in _MARKS):
            kind = QuoteKind.MIXED
        src = start + found.start(1)
        out.append(Candidate(lo, hi, kind, None, None, None, (src, src + len(name)), MentionKind.NAME, 0.6))
    return out


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line of `text` with the offset where it starts."""
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _named_elsewhere(name: str, text: str, start: int, end: int) -> bool:
    """Whether the last word of the source's name ("Meade", "AMLO") occurs in the article outside its line."""
    last = name.split()[-1]
    pattern = re.compile(rf"(?<!\w){re.escape(last)}(?!\w)")
    return any(not start <= m.start() < end for m in pattern.finditer(text))


# "Clinton: I support D.C. statehood.", "Matthews: Here's the irony of our time: ...": a line opened by a
# person's name (one to three capitalized words) and a colon.
_LABEL = re.compile(rf"^[ \t]*({_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}}):[ \t]+(?=\S)")


def labelled_quotes(doc: Doc, lang: str) -> list[Candidate]:
    """The "Source: STATEMENT" lines of an article (headlines, transcripts without brackets) whose source is a
    person the article names in full elsewhere ("Hillary Clinton" for "Clinton:"); "Gary Johnson Image: ...",
    "CORRECTION: ..." and "Indice Mibtel: ..." name no such person."""
    text = doc_text(doc)
    out = []
    for start, line in _lines(text):
        found = _LABEL.match(line)
        if found is None:
            continue
        name = found.group(1)
        lo, hi = trimmed(text, start + found.end(), start + len(line))
        if len(WORD.findall(text[lo:hi])) < 3 or not _person_named_in_full(name, text, start, start + len(line), lang):
            continue
        src = (start + found.start(1), start + found.start(1) + len(name))
        lo, hi, kind = _labelled_content(text, lo, hi)
        out.append(Candidate(lo, hi, kind, None, None, None, src, MentionKind.NAME, 0.6))
    return out


def _labelled_content(text: str, lo: int, hi: int) -> tuple[int, int, QuoteKind]:
    """What a label's line says: a quotation opening it is a direct quote, without its marks and without what
    follows it ('Newsom: "We are not going anywhere." The governor then left.'); a line with a quoted fragment
    inside is a mixed one."""
    close = _MARKS.get(text[lo]) if lo < hi else None
    if close is not None:
        at = text.find(close, lo + 1, hi)
        if at > lo + 1 and not any(m in text[lo + 1 : at] for m in _MARKS):
            return lo + 1, at, QuoteKind.DIRECT
    kind = QuoteKind.MIXED if any(m in text[lo:hi] for m in _MARKS) else QuoteKind.INDIRECT
    return lo, hi, kind


def _person_named_in_full(name: str, text: str, start: int, end: int, lang: str) -> bool:
    """Whether the article writes, outside the line, a person's full name that ends with `name`'s last word."""
    last = name.split()[-1]
    if last.isupper() or len(last) < 3:
        return False
    pattern = re.compile(rf"((?:[A-ZÁÉÍÓÚÑ][\w.\-’']*[ \t]+){{1,3}}){re.escape(last)}(?!\w)")
    return any(
        not start <= m.start() < end and _ends_with_person(m.group(0).split(), lang) for m in pattern.finditer(text)
    )


def _ends_with_person(words: list[str], lang: str) -> bool:
    """Whether the words, or the words after a title before them ("Sen. Ted Cruz", "President Barack Obama"),
    are a person's name."""
    return any(is_person_name(" ".join(words[k:]), lang) for k in range(len(words) - 1))
