"""Interview transcripts: the interviewee's answers, set out as paragraphs after a speaker label.

Outlets publish interviews as a transcript, each turn opened by the speaker's label on its own paragraph:
"((WN)) How rare is it to have an all-women crew?" then "((Aparna Garg)) Yeah, it is really rare. ...". Each
answer paragraph is the interviewee's own words: a direct quote with neither quotation marks nor a cue, whose
source is the label's name (the annotated Wikinews interviews count each paragraph as one quote). The
interviewer's questions are not reports. An answer that runs over several paragraphs goes on until the next
label; after the last label only its first paragraph is taken, since the article may go on in its own voice.
When only the interviewer is labelled, the paragraphs after each question are the answer; a name and a colon
at their start ("Natasha Gownaris: ...") is the speaker, otherwise the attribution reads it from the article
(the interviewee is the person it names and quotes most).

Which label is the interviewer's is read from the turns themselves: the label whose turns end with a question
mark most often (at least in 30 % of them). Without such a label the labelled paragraphs are not an interview
(a script, a cast list), and nothing is read.
"""

from __future__ import annotations

import re
from collections import defaultdict

from attrs import frozen
from spacy.tokens import Doc

from quotes.doctext import doc_text
from quotes.extractors.rules.candidates import WORD, Candidate, trimmed
from quotes.models import MentionKind, QuoteKind

#: A name and a colon opening an unlabelled answer: "Natasha Gownaris: I've wanted to ...".
_NAMED_ANSWER = re.compile(r"([A-Z][\w.'’-]+(?:[ \t][A-Z][\w.'’-]+){1,3})[ \t]*:[ \t]+")
#: A blank line between paragraphs.
_BLANK = re.compile(r"\n[ \t]*\n\s*")
#: A speaker label opening a paragraph: "((Aparna Garg))", "((WN))".
_LABEL = re.compile(r"^[ \t]*\(\(([^()\n]{1,60})\)\)[ \t]*", re.M)
#: Share of a label's turns that end with a question for the label to be an interviewer's (and at least half
#: the share of the label that asks most: "((WN))" asks in most turns, the interviewees in almost none).
_ASKS = 0.3
#: An answer paragraph needs at least this many words (a lone "Yes." is still an answer).
_MIN_WORDS = 1


@frozen
class _Turn:
    name: str
    name_start: int
    name_end: int
    start: int  # where the turn's words start, after the label
    end: int  # where the next label starts (or the text ends)


def transcript_quotes(doc: Doc) -> list[Candidate]:
    """The answer paragraphs of an interview transcript, each a direct quote of the label's speaker (of the
    name written before a colon at its start, or, when neither is written, of the speaker the attribution
    reads from the article, as for a quotation without a cue)."""
    out = []
    for (lo, hi), name in doc_answers(doc):
        kind = MentionKind.NAME if name is not None else MentionKind.NONE
        out.append(Candidate(lo, hi, QuoteKind.DIRECT, None, None, None, name, kind, 0.7))
    return out


_ANSWERS = "quotes.transcript_answers"


def doc_answers(doc: Doc) -> list[tuple[tuple[int, int], tuple[int, int] | None]]:
    """:func:`answers` of the Doc's text, read once per Doc (the rules and the ensemble both ask)."""
    found = doc.user_data.get(_ANSWERS)
    if found is None:
        found = doc.user_data[_ANSWERS] = answers(doc_text(doc))
    return found


def answers(text: str) -> list[tuple[tuple[int, int], tuple[int, int] | None]]:
    """The answer paragraphs of an interview transcript in `text`: (paragraph, speaker name) character
    bounds, in order, the name None when the answer names nobody (none when the text is no transcript).
    Reads the text alone: no parse is needed."""
    turns = _turns(text)
    if len(turns) < 2:
        return []
    by_name: dict[str, list[_Turn]] = defaultdict(list)
    for turn in turns:
        by_name[turn.name].append(turn)
    shares = {name: _question_share(text, own) for name, own in by_name.items()}
    top = max(shares.values())
    if top < _ASKS:
        return []
    askers = {name for name, share in shares.items() if share >= max(_ASKS, top / 2)}
    if any(name not in askers for name in by_name):
        return _labelled_answers(text, turns, askers)
    return _unlabelled_answers(text, turns)


def _labelled_answers(
    text: str, turns: list[_Turn], askers: set[str]
) -> list[tuple[tuple[int, int], tuple[int, int] | None]]:
    """Every paragraph of an interviewee's turn."""
    out: list[tuple[tuple[int, int], tuple[int, int] | None]] = []
    for k, turn in enumerate(turns):
        if turn.name in askers:
            continue
        last = k == len(turns) - 1
        for lo, hi in _paragraphs(text, turn.start, turn.end, first_only=last):
            if _answers(text, lo, hi):
                out.append(((lo, hi), (turn.name_start, turn.name_end)))
    return out


def _unlabelled_answers(text: str, turns: list[_Turn]) -> list[tuple[tuple[int, int], tuple[int, int] | None]]:
    """Only the interviewer is labelled ("((WN)) question?" then the answer as plain paragraphs): the
    paragraphs after each question, up to the next label (after the last question, its first paragraph only).
    When most questions have no paragraph after them, the answers are not in the text (a photo report, a
    video) and nothing is read."""
    found = []
    for k, turn in enumerate(turns):
        paragraphs = _paragraphs(text, turn.start, turn.end, first_only=False)[1:]
        found.append(paragraphs[:1] if k == len(turns) - 1 else paragraphs)
    if sum(1 for paragraphs in found[:-1] if paragraphs) * 2 < len(found) - 1:
        return []
    out: list[tuple[tuple[int, int], tuple[int, int] | None]] = []
    for lo, hi in (p for paragraphs in found for p in paragraphs):
        named = _NAMED_ANSWER.match(text, lo, hi)
        if named is not None:  # "Natasha Gownaris: I've wanted to be a marine scientist ..."
            name, lo = (named.start(1), named.end(1)), named.end()
        else:
            name = None
        if _answers(text, lo, hi):
            out.append(((lo, hi), name))
    return out


def _answers(text: str, lo: int, hi: int) -> bool:
    """Words that are no question: an answer that repeats the question ("The challenges?") reports nothing
    yet."""
    return len(WORD.findall(text[lo:hi])) >= _MIN_WORDS and not _is_question(text, (lo, hi))


def _turns(text: str) -> list[_Turn]:
    labels = list(_LABEL.finditer(text))
    out = []
    for k, m in enumerate(labels):
        raw = m.group(1)
        name = raw.strip()
        if not name:
            continue
        name_start = m.start(1) + (len(raw) - len(raw.lstrip()))
        end = labels[k + 1].start() if k + 1 < len(labels) else len(text)
        out.append(_Turn(name, name_start, name_start + len(name), m.end(), end))
    return out


def _question_share(text: str, turns: list[_Turn]) -> float:
    """The share of a label's turns whose first paragraph ends with a question mark."""
    questions = 0
    for turn in turns:
        first = _paragraphs(text, turn.start, turn.end, first_only=True)
        if first and _is_question(text, first[0]):
            questions += 1
    return questions / len(turns)


def _paragraphs(text: str, start: int, end: int, *, first_only: bool) -> list[tuple[int, int]]:
    """The paragraphs of text[start:end] (split at blank lines: a single line break inside a paragraph is
    the source's wrapping), trimmed; the first one only when `first_only`."""
    out = []
    pos = start
    for gap in [*_BLANK.finditer(text, start, end), None]:
        hi = gap.start() if gap is not None else end
        if text[pos:hi].strip():
            out.append(trimmed(text, pos, hi))
            if first_only:
                break
        if gap is not None:
            pos = gap.end()
    return out


def _is_question(text: str, span: tuple[int, int]) -> bool:
    return text[span[0] : span[1]].rstrip("\"”’' ").endswith("?")
