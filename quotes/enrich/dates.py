"""When a statement was made: the temporal expression attached to the quote's cue, resolved to a date.

Two steps, kept apart so each can be tested on its own:

1. **Recognition** (:func:`find_temporal_expressions`): patterns per language over a small window of text (the
   sentence of the cue, never the whole article) find phrases such as "ayer", "el martes pasado",
   "la semana pasada", "hace dos días", "el 3 de noviembre de 2025", "on Friday", "last week",
   "Sunday evening", "around 11:30 am (1830 UTC)". Each is resolved at once against the publication date.
2. **Selection** (:func:`statement_expression`): of the phrases in the cue's sentence, only one attached to
   the cue in the dependency parse counts, and never one inside the quote content, which dates the
   reported event rather than the statement.

Why own patterns rather than `dateparser.search_dates` alone: dateparser 1.5 returns nothing for the most
frequent Spanish newswire forms ("el martes", "el 4 de marzo", "el martes pasado", "el próximo martes",
"hace dos días", "julio pasado") and returns dates for "un 3%", "may" and "mayo" (a surname, a modal verb).
dateparser is kept as a last resort for the forms the patterns do not cover (numeric dates such as
"03/11/2020"), run over the cue's clause only, always with the language given, and only trusted when the
phrase it returns has the shape of a date.

Conventions of resolution (all relative to `published`, never to today):

- A bare weekday ("el martes", "on Tuesday", "este viernes") is the most recent such day on or before the
  publication date for a statement reported in the past, the next one on or after it when the cue verb is in
  the future. "pasado"/"last" exclude the publication day itself, "próximo"/"next" look forward.
- A date without a year is placed in the year that makes it past (or future, for a future cue verb).
- Coarser periods resolve to their first day: a week to its Monday ("la semana pasada"), a weekend to its
  Saturday, a month to its 1st ("en julio pasado", "a finales de julio", "earlier this week" is this week's
  Monday). A year alone ("el año pasado", "en 2019"), a vague amount ("hace unos días") and a time of day
  with no day ("a las 10:00") keep their `date_text` with no `date`: a precise-looking date would be wrong.
- Without `published`, relative expressions keep their text and get no date; absolute ones with a year
  ("el 3 de noviembre de 2025") still resolve.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable

from attrs import frozen
from spacy.tokens import Doc, Span, Token

from quotes.doctext import doc_text
from quotes.models import Quote


class Granularity(enum.StrEnum):
    """How precise a temporal expression is; the resolved `date` is the first day of that period."""

    DAY = "day"
    WEEKEND = "weekend"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    TIME = "time"  # a time of day with no day of its own
    VAGUE = "vague"  # "hace unos días", "a finales de julio"


@frozen
class TemporalExpression:
    """A temporal phrase found in the text and its resolution.

    Attributes:
        start: Character offset of the phrase in the text searched.
        end: End offset (exclusive).
        text: The phrase exactly as written.
        date: The resolved date (first day of the period), or None when it cannot be resolved precisely.
        granularity: Day, week, month, ... (see :class:`Granularity`).
        relative: True when the phrase needs the publication date ("ayer", "on Friday", "3 de marzo").
    """

    start: int
    end: int
    text: str
    date: dt.date | None
    granularity: Granularity
    relative: bool


# --------------------------------------------------------------------------------------------- lexicons
# Data keyed by language, as in textacy's constants: the patterns below are built from these words.

_WEEKDAYS: dict[str, dict[str, int]] = {
    "es": {
        "lunes": 0,
        "martes": 1,
        "miércoles": 2,
        "miercoles": 2,
        "jueves": 3,
        "viernes": 4,
        "sábado": 5,
        "sabado": 5,
        "domingo": 6,
    },
    "en": {
        "monday": 0,
        "tuesday": 1,
        "wednesday": 2,
        "thursday": 3,
        "friday": 4,
        "saturday": 5,
        "sunday": 6,
    },
}

_MONTHS: dict[str, dict[str, int]] = {
    "es": {
        "enero": 1,
        "febrero": 2,
        "marzo": 3,
        "abril": 4,
        "mayo": 5,
        "junio": 6,
        "julio": 7,
        "agosto": 8,
        "septiembre": 9,
        "setiembre": 9,
        "octubre": 10,
        "noviembre": 11,
        "diciembre": 12,
    },
    "en": {
        "january": 1,
        "february": 2,
        "march": 3,
        "april": 4,
        "may": 5,
        "june": 6,
        "july": 7,
        "august": 8,
        "september": 9,
        "october": 10,
        "november": 11,
        "december": 12,
    },
}

# English abbreviations are only accepted before a day number ("Nov. 3"): "Jan" and "Mar" are also names.
_MONTH_ABBREVIATIONS_EN: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

_NUMBER_WORDS: dict[str, dict[str, int]] = {
    "es": {
        "un": 1,
        "uno": 1,
        "una": 1,
        "dos": 2,
        "tres": 3,
        "cuatro": 4,
        "cinco": 5,
        "seis": 6,
        "siete": 7,
        "ocho": 8,
        "nueve": 9,
        "diez": 10,
        "once": 11,
        "doce": 12,
        "quince": 15,
        "veinte": 20,
        "treinta": 30,
    },
    "en": {
        "a": 1,
        "an": 1,
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "fifteen": 15,
        "twenty": 20,
        "thirty": 30,
    },
}

# Amounts that are real but not countable: the phrase is a date expression with no precise date.
_VAGUE_AMOUNTS: dict[str, tuple[str, ...]] = {
    "es": ("unos", "unas", "pocos", "pocas", "algunos", "algunas", "varios", "varias"),
    "en": ("a few", "several", "some", "a couple of"),
}

# Words that place a weekday, a period or a month before (-1), at (0) or after (+1) the publication date.
_PAST = {"pasado", "pasada", "anterior", "last", "past"}
_THIS = {"este", "esta", "this"}
_NEXT = {"próximo", "proximo", "próxima", "proxima", "que viene", "entrante", "next"}

_DEICTIC_DAYS: dict[str, dict[str, int]] = {
    "es": {
        "hoy": 0,
        "esta mañana": 0,
        "esta tarde": 0,
        "esta noche": 0,
        "esta madrugada": 0,
        "ayer": -1,
        "anoche": -1,
        "anteayer": -2,
        "antier": -2,
        "antes de ayer": -2,
        "antenoche": -2,
    },
    "en": {
        "today": 0,
        "tonight": 0,
        "this morning": 0,
        "this afternoon": 0,
        "this evening": 0,
        "yesterday": -1,
        "last night": -1,
        "the day before yesterday": -2,
    },
}


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first so that "antes de ayer" wins over "ayer"."""
    items = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items) + ")"


# ------------------------------------------------------------------------------------------- patterns
# Each pattern is a regex with named groups and a kind that tells the resolver what to do with them.
# Patterns are compiled case-insensitively; capitalization of month and weekday names is checked after the
# match (see _names_well_cased), because it separates "mayo" from "Mayo" (a surname, "5 de Mayo" streets).


class _Kind(enum.Enum):
    DEICTIC = "deictic"
    WEEKDAY = "weekday"
    DATE = "date"
    MONTH = "month"
    PERIOD = "period"
    AGO = "ago"
    YEAR = "year"
    TIME = "time"


def _patterns_es() -> list[tuple[_Kind, re.Pattern[str]]]:
    wd = _alt(_WEEKDAYS["es"])
    mo = _alt(_MONTHS["es"])
    pod = r"(?:\s+(?:por|en|durante)\s+la\s+(?:mañana|tarde|noche|madrugada))?"
    num = _alt([*_NUMBER_WORDS["es"], *_VAGUE_AMOUNTS["es"]])
    # "la tarde de este jueves", "la noche del martes", "la mañana de ayer": the part of the day comes first.
    podpre = r"(?:(?:en\s+|durante\s+)?(?:la\s+(?:mañana|tarde|noche|madrugada)|el\s+d[íi]a)\s+de\s+)"
    # "*NUMBER*" is how the 2018 part of the Spanish Fake News Corpus masks every number, days and years too:
    # the phrase is still a date, with no resolvable value.
    day = r"(?P<day>[0-3]?\d|1\s?[º°o]|primero|\*NUMBER\*)"
    year = r"(?:\s+(?:de|del)\s+(?P<year>(?:1[89]|20)\d{2}|\*NUMBER\*))"
    post = r"(?:\s+(?P<post>pasad[oa]|anterior|pr[óo]xim[oa]|que\s+viene|entrante))"
    # "septiembre del año pasado", "marzo de este año", "enero del próximo año".
    relyear = (
        r"(?:\s+(?:de|del)\s+(?:(?P<ythis>este)\s+año|(?P<ypre>pr[óo]ximo)\s+año|"
        r"año\s+(?P<ypost>pasado|anterior|pr[óo]ximo|que\s+viene|entrante)))"
    )
    edge = r"(?:(?P<edge>(?:a|en)\s+(?:principios|inicios|comienzos|mediados|finales|fines)\s+de)\s+)"
    flat = [
        # "ayer", "anoche", "hoy jueves", "ayer por la tarde"; "hoy en día" and "hoy día" mean "nowadays".
        (
            _Kind.DEICTIC,
            rf"\b{podpre}?(?P<deictic>{_alt(_DEICTIC_DAYS['es'])})(?!\s+(?:en\s+)?d[íi]a\b)"
            rf"(?:\s+(?P<wd>{wd})\b)?{pod}\b",
        ),
        # "el martes 3 de noviembre de 2025", "el pasado 3 de noviembre", "3 de noviembre", "el 1º de mayo".
        (
            _Kind.DATE,
            rf"\b{podpre}?(?:(?P<det>el|este)\s+)?(?:(?P<pre>pasado|pr[óo]ximo)\s+)?(?:(?P<wd>{wd}),?\s+)?"
            rf"{day}\s+de\s+(?P<month>{mo}){year}?{post}?{pod}(?!\w)",
        ),
        # "el martes", "el martes pasado", "el próximo martes", "este viernes por la mañana".
        (
            _Kind.WEEKDAY,
            rf"\b{podpre}?(?:(?P<det>el|este|ese)\s+)(?:(?P<pre>pasado|pr[óo]ximo)\s+)?(?P<wd>{wd})\b"
            rf"{post}?{pod}\b",
        ),
        # "la noche del martes": the article is inside "del", the phrase starts with the part of the day.
        (
            _Kind.WEEKDAY,
            rf"\b(?:en\s+|durante\s+)?la\s+(?:mañana|tarde|noche|madrugada)\s+del\s+"
            rf"(?:(?P<pre>pasado|pr[óo]ximo)\s+)?(?P<wd>{wd})\b{post}?",
        ),
        # "la semana pasada", "el mes pasado", "esta semana", "el próximo fin de semana", "el año pasado".
        (
            _Kind.PERIOD,
            rf"\b(?:(?P<prep>en|durante)\s+)?{edge}?(?P<det>el|la|este|esta)\s+"
            rf"(?:(?P<pre>pasad[oa]|pr[óo]xim[oa])\s+)?"
            rf"(?P<unit>semana|mes|año|fin\s+de\s+semana){post}?\b",
        ),
        # "hace dos días", "hace una semana", "hace unos meses".
        (
            _Kind.AGO,
            rf"\bhace\s+(?P<n>\d{{1,3}}|{num})\s+"
            rf"(?P<unit>d[íi]as?|semanas?|mes(?:es)?|años?|horas?|minutos?)\b",
        ),
        # "en julio", "julio pasado", "en julio de 2019", "a finales de julio", "el pasado mes de julio".
        (
            _Kind.MONTH,
            rf"\b(?:(?P<prep>en|durante)\s+)?{edge}?(?:(?P<det>el)\s+(?P<pre>pasado|pr[óo]ximo)\s+)?"
            rf"(?:(?:el\s+)?mes\s+de\s+)?(?P<month>{mo})(?:{year}|{post}|{relyear})?(?!\w)",
        ),
        # "en 2019", "durante 2019".
        (_Kind.YEAR, r"\b(?P<prep>en|durante)\s+(?:el\s+(?:año\s+)?)?(?P<year>(?:19|20)\d{2})\b(?![.,]\d)"),
        # "a las 10:30 horas", "alrededor de las 11 de la mañana".
        (
            _Kind.TIME,
            r"\b(?:(?:alrededor|cerca|antes|después|despues)\s+de\s+|a\s+)las\s+\d{1,2}(?:[:.]\d{2})?"
            r"(?:\s*(?:horas|hrs?\.?|h\b)|\s+de\s+la\s+(?:mañana|tarde|noche|madrugada))?"
            r"(?:\s+\((?:hora|tiempo)[^()]{1,30}\))?",
        ),
    ]
    return [(kind, re.compile(p, re.IGNORECASE)) for kind, p in flat]


def _patterns_en() -> list[tuple[_Kind, re.Pattern[str]]]:
    wd = _alt(_WEEKDAYS["en"])
    mo = _alt(_MONTHS["en"])
    mo_abbr = _alt(_MONTH_ABBREVIATIONS_EN)
    pod = r"(?:\s+(?P<pod>morning|afternoon|evening|night))?"
    edge = r"(?:(?P<edge>early|earlier|late|later)\s+(?:on\s+)?)"
    num = _alt([*_NUMBER_WORDS["en"], *_VAGUE_AMOUNTS["en"]])
    year = r"(?:,?\s+(?P<year>(?:1[89]|20)\d{2}))"
    ordinal = r"(?:st|nd|rd|th)?"
    flat = [
        # "yesterday", "late today", "last night", "yesterday afternoon".
        (_Kind.DEICTIC, rf"\b{edge}?(?P<deictic>{_alt(_DEICTIC_DAYS['en'])})\b{pod}\b"),
        # "on Tuesday, March 3, 2020", "March 3", "Nov. 3", "on the 3rd of March".
        (
            _Kind.DATE,
            rf"\b(?:(?P<prep>on)\s+)?(?:(?P<wd>{wd}),?\s+)?(?:(?P<month>{mo})|(?P<abbr>{mo_abbr})\.?)"
            rf"\s+(?P<day>[0-3]?\d){ordinal}\b{year}?",
        ),
        (
            _Kind.DATE,
            rf"\b(?:(?P<prep>on)\s+)?(?:(?P<wd>{wd}),?\s+)?(?:the\s+)?(?P<day>[0-3]?\d){ordinal}\s+"
            rf"(?:of\s+)?(?P<month>{mo})\b{year}?",
        ),
        # "on Friday", "Friday", "last Friday", "late Friday", "Sunday evening", "this past Monday".
        (
            _Kind.WEEKDAY,
            rf"\b{edge}?(?:(?P<prep>on)\s+)?(?:(?P<pre>last|this\s+past|this|next|past)\s+)?"
            rf"(?P<wd>{wd})\b{pod}\b",
        ),
        # "last week", "earlier this month", "over the weekend", "next year".
        (
            _Kind.PERIOD,
            r"\b(?:(?P<edge2>earlier|later)\s+)?(?:(?P<prep>in|during|over)\s+)?"
            r"(?:(?P<pre>last|this|next)|(?P<det>the))\s+(?P<unit>week|month|year|weekend)\b",
        ),
        # "two days ago", "a week ago", "a few days ago".
        (
            _Kind.AGO,
            rf"\b(?P<n>\d{{1,3}}|{num})\s+(?P<unit>days?|weeks?|months?|years?|hours?|minutes?)\s+ago\b",
        ),
        # "in July", "last July", "July 2019", "in early July".
        (
            _Kind.MONTH,
            rf"\b(?:(?P<prep>in|during)\s+)?(?:(?P<edge>early|mid-?|late)\s*)?"
            rf"(?:(?P<pre>last|this|next)\s+)?(?P<month>{mo})\b{year}?(?!\s+\d)",
        ),
        # "in 2019".
        (_Kind.YEAR, r"\b(?P<prep>in|during)\s+(?P<year>(?:19|20)\d{2})\b(?![.,]\d)"),
        # "around 11:30 am (1830 UTC)", "at 3 p.m.", "shortly after noon".
        (
            _Kind.TIME,
            r"\b(?:(?:at|around|about|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?"
            r"(?:\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|(?<=\s)(?:noon|midnight)\b)"
            r"(?:\s+\([^()]{1,24}\))?",
        ),
    ]
    return [(kind, re.compile(p, re.IGNORECASE)) for kind, p in flat]


_PATTERNS: dict[str, list[tuple[_Kind, re.Pattern[str]]]] = {"es": _patterns_es(), "en": _patterns_en()}

# Specificity when two expressions overlap or touch: a full date beats a weekday, a weekday beats a time.
_RANK: dict[Granularity, int] = {
    Granularity.DAY: 0,
    Granularity.WEEKEND: 1,
    Granularity.WEEK: 2,
    Granularity.MONTH: 3,
    Granularity.YEAR: 4,
    Granularity.VAGUE: 5,
    Granularity.TIME: 6,
}

_SENTENCE_START = re.compile(r"(?:^|[.!?¿¡«“\"'(\n—–])\s*$")


# ------------------------------------------------------------------------------------------ resolution


def _weekday_on(published: dt.date, weekday: int, step: int, inclusive: bool) -> dt.date:
    """The `weekday` nearest `published` going back (step -1) or forward (+1), the day itself if inclusive."""
    if step < 0:
        delta = (published.weekday() - weekday) % 7
        if delta == 0 and not inclusive:
            delta = 7
        return published - dt.timedelta(days=delta)
    delta = (weekday - published.weekday()) % 7
    if delta == 0 and not inclusive:
        delta = 7
    return published + dt.timedelta(days=delta)


def _add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` away from `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _direction_of(*words: str | None) -> int | None:
    """-1, 0 or +1 from modifiers such as "pasado", "this", "next"; None when none is given."""
    for word in words:
        if not word:
            continue
        w = re.sub(r"\s+", " ", word.lower())
        if w in _PAST or w == "this past":
            return -1
        if w in _NEXT:
            return 1
        if w in _THIS:
            return 0
    return None


def _number(word: str, lang: str) -> int | None:
    w = re.sub(r"\s+", " ", word.lower())
    if w.isdigit():
        return int(w)
    return _NUMBER_WORDS[lang].get(w)


def _resolve(
    kind: _Kind, m: re.Match[str], lang: str, published: dt.date | None, future: bool
) -> tuple[dt.date | None, Granularity, bool] | None:
    """Resolve one match: (date or None, granularity, relative), or None when the match is not a date."""
    g = m.groupdict()
    step = 1 if future else -1  # which way a bare weekday or a year-less date points
    if kind is _Kind.DEICTIC:
        offset = _DEICTIC_DAYS[lang][re.sub(r"\s+", " ", g["deictic"].lower())]
        return (published + dt.timedelta(days=offset) if published else None), Granularity.DAY, True

    if kind is _Kind.WEEKDAY:
        weekday = _WEEKDAYS[lang][g["wd"].lower()]
        direction = _direction_of(g.get("pre"), g.get("post"), g.get("det"))
        if published is None:
            return None, Granularity.DAY, True
        if direction == -1:
            return _weekday_on(published, weekday, -1, inclusive=False), Granularity.DAY, True
        if direction == 1:
            return _weekday_on(published, weekday, 1, inclusive=False), Granularity.DAY, True
        return _weekday_on(published, weekday, step, inclusive=True), Granularity.DAY, True

    if kind is _Kind.DATE:
        day_text = re.sub(r"\s+", "", g["day"]).lower()
        if "*" in day_text or "*" in (g.get("year") or ""):
            return None, Granularity.DAY, not g.get("year")
        day = 1 if day_text in {"primero", "1º", "1°", "1o"} else int(day_text)
        month = _MONTHS[lang].get(g["month"].lower()) if g.get("month") else None
        if month is None and g.get("abbr"):
            month = _MONTH_ABBREVIATIONS_EN[g["abbr"].lower()]
        if month is None or _safe_date(2000, month, day) is None:  # 2000 is a leap year: 29 February passes
            return None
        if g.get("year"):
            resolved = _safe_date(int(g["year"]), month, day)
            return (resolved, Granularity.DAY, False) if resolved else None
        if published is None:
            return None, Granularity.DAY, True
        candidates = [
            d
            for y in (published.year - 1, published.year, published.year + 1)
            if (d := _safe_date(y, month, day)) is not None
        ]
        if g.get("wd"):
            weekday = _WEEKDAYS[lang][g["wd"].lower()]
            matching = [d for d in candidates if d.weekday() == weekday]
            if matching:
                return min(matching, key=lambda d: abs((d - published).days)), Granularity.DAY, True
        direction = _direction_of(g.get("pre"), g.get("post"))
        if direction == 1 or (direction is None and future):
            after = [d for d in candidates if d >= published]
            return (min(after) if after else None), Granularity.DAY, True
        before = [d for d in candidates if d <= published]
        return (max(before) if before else None), Granularity.DAY, True

    if kind is _Kind.MONTH:
        month = _MONTHS[lang][g["month"].lower()]
        direction = _direction_of(g.get("pre"), g.get("post"))
        # A bare month name is a name far too often ("Mayo", "Abril", "May", "March"): only a preposition,
        # a modifier or a year makes it a date.
        if not (
            g.get("prep")
            or g.get("year")
            or direction is not None
            or g.get("edge")
            or g.get("ythis")
            or g.get("ypre")
            or g.get("ypost")
        ):
            return None
        if g.get("year"):
            masked = "*" in g["year"]
            return (None if masked else dt.date(int(g["year"]), month, 1)), Granularity.MONTH, False
        if published is None:
            return None, Granularity.MONTH, True
        year_shift = _direction_of(g.get("ythis"), g.get("ypre"), g.get("ypost"))
        if year_shift is not None:
            return dt.date(published.year + year_shift, month, 1), Granularity.MONTH, True
        if direction == -1:
            year = published.year if month < published.month else published.year - 1
        elif direction == 1 or (direction is None and future):
            year = published.year if month >= published.month else published.year + 1
        else:
            year = published.year if month <= published.month else published.year - 1
        return dt.date(year, month, 1), Granularity.MONTH, True

    if kind is _Kind.PERIOD:
        unit = re.sub(r"\s+", " ", g["unit"].lower())
        direction = _direction_of(g.get("pre"), g.get("post"), g.get("det"))
        if (
            unit in {"weekend", "fin de semana"}
            and g.get("det") in {"the", "el", "The", "El"}
            and not (g.get("pre") or g.get("post"))
        ):
            direction = 0  # "over the weekend", "el fin de semana": the latest weekend
        if direction is None:
            return None  # "la semana", "el año": not anchored in time
        if unit in {"año", "year"}:
            return None, Granularity.YEAR, True
        if published is None:
            return None, (Granularity.MONTH if unit in {"mes", "month"} else Granularity.WEEK), True
        if unit in {"semana", "week"}:
            monday = published - dt.timedelta(days=published.weekday())
            return monday + dt.timedelta(weeks=direction), Granularity.WEEK, True
        if unit in {"mes", "month"}:
            return _add_months(published, direction), Granularity.MONTH, True
        # The weekend: its Saturday. "Last weekend" read on a Sunday is the one before.
        saturday = _weekday_on(published, 5, -1, inclusive=True)
        if direction == -1 and published.weekday() >= 5:
            saturday -= dt.timedelta(weeks=1)
        elif direction == 1 or (direction == 0 and future):
            saturday = _weekday_on(published, 5, 1, inclusive=True)
        return saturday, Granularity.WEEKEND, True

    if kind is _Kind.AGO:
        n = _number(g["n"], lang)
        unit = g["unit"].lower()
        if n is None:
            return None, Granularity.VAGUE, True
        if published is None:
            return None, Granularity.DAY, True
        if unit.startswith(("d", "dí")):
            return published - dt.timedelta(days=n), Granularity.DAY, True
        if unit.startswith(("semana", "week")):
            return published - dt.timedelta(weeks=n), Granularity.DAY, True
        if unit.startswith(("mes", "month")):
            return _add_months(published, -n), Granularity.MONTH, True
        if unit.startswith(("hora", "hour", "minut")):
            # The publication time is unknown: a few hours ago is still the same day in most cases.
            same_day = unit.startswith("minut") or n <= 6
            return (published if same_day else None), Granularity.DAY if same_day else Granularity.VAGUE, True
        return None, Granularity.YEAR, True

    if kind is _Kind.YEAR:
        return None, Granularity.YEAR, False

    return None, Granularity.TIME, True  # _Kind.TIME


def _names_well_cased(m: re.Match[str], text: str, lang: str) -> bool:
    """Month and weekday names cased as the language writes them in dates.

    English capitalizes them ("may" is a modal verb, "march" a verb). Spanish writes them in lower case, so a
    capital one inside a sentence is a name: "Plácido Domingo", "avenida 5 de Mayo", "Julio César". In both,
    any other capitalized phrase inside a sentence is a title ("USA Today", "Kamloops This Week").
    """
    if m.group()[0].isupper() and not _SENTENCE_START.search(text[: m.start()]):
        # Only an English month or weekday name may open a date phrase with a capital inside a sentence;
        # otherwise the capital marks a title: "USA Today", "Kamloops This Week", the programme "Hoy".
        named = [g for g in ("wd", "month", "abbr") if g in m.re.groupindex and m.start(g) == m.start()]
        if lang != "en" or not named:
            return False
    for group in ("wd", "month", "abbr"):
        if group not in m.re.groupindex or m.group(group) is None:
            continue
        word = m.group(group)
        if lang == "en":
            if not word[0].isupper():
                return False
        elif word[0].isupper():
            starts_phrase = m.start(group) == m.start()
            if not (starts_phrase and _SENTENCE_START.search(text[: m.start()])):
                return False
    return True


def find_temporal_expressions(
    text: str,
    lang: str,
    *,
    published: dt.date | None = None,
    future: bool = False,
    offset: int = 0,
) -> list[TemporalExpression]:
    """Temporal expressions in a short text (a sentence or a clause), resolved against `published`.

    Args:
        text: The window to search; keep it small (a sentence), the patterns are not meant for whole articles.
        lang: "es" or "en"; other languages find nothing.
        published: The publication date, the anchor of relative expressions. None leaves them unresolved.
        future: True when the statement is in the future tense: bare weekdays and year-less dates then point
            forward from `published`.
        offset: Added to every start/end (the window's offset in the article).

    Returns:
        Non-overlapping expressions in text order; adjacent pieces of one expression ("el martes a las 10:00",
        "Tuesday, March 3") are merged, keeping the most precise date.

    Example:
        >>> [(e.text, str(e.date)) for e in find_temporal_expressions(
        ...     "Fox presentó el lunes pasado una moción", "es", published=dt.date(2021, 3, 25))]
        [('el lunes pasado', '2021-03-22')]
    """
    found: list[TemporalExpression] = []
    for kind, pattern in _PATTERNS.get(lang, ()):
        for m in pattern.finditer(text):
            if not _names_well_cased(m, text, lang):
                continue
            resolved = _resolve(kind, m, lang, published, future)
            if resolved is None:
                continue
            date, granularity, relative = resolved
            found.append(TemporalExpression(m.start(), m.end(), m.group(), date, granularity, relative))
    # Leftmost-longest wins among overlapping matches of different patterns.
    found.sort(key=lambda e: (e.start, -(e.end - e.start), _RANK[e.granularity]))
    kept: list[TemporalExpression] = []
    for expr in found:
        if kept and expr.start < kept[-1].end:
            continue
        kept.append(expr)
    return [_shift(e, offset) for e in _merge_adjacent(kept, text)]


def _merge_adjacent(exprs: list[TemporalExpression], text: str) -> list[TemporalExpression]:
    """Join pieces separated by a space or a comma: "el martes a las 10:00", "Tuesday, March 3"."""
    out: list[TemporalExpression] = []
    for expr in exprs:
        if out and re.fullmatch(r",?\s{1,2}", text[out[-1].end : expr.start]):
            prev = out[-1]
            best = prev if _RANK[prev.granularity] <= _RANK[expr.granularity] else expr
            out[-1] = TemporalExpression(
                prev.start,
                expr.end,
                text[prev.start : expr.end],
                best.date,
                best.granularity,
                prev.relative and expr.relative,
            )
        else:
            out.append(expr)
    return out


def _shift(e: TemporalExpression, offset: int) -> TemporalExpression:
    if not offset:
        return e
    return TemporalExpression(e.start + offset, e.end + offset, e.text, e.date, e.granularity, e.relative)


def resolve_expression(
    phrase: str, lang: str, published: dt.date | None = None, *, future: bool = False
) -> TemporalExpression | None:
    """Resolve a phrase that is, as a whole, a temporal expression ("el martes pasado", "last week").

    Returns:
        The expression, or None when the phrase is not (entirely) a temporal expression.

    Example:
        >>> str(resolve_expression("hace dos días", "es", dt.date(2020, 3, 3)).date)
        '2020-03-01'
    """
    exprs = find_temporal_expressions(phrase, lang, published=published, future=future)
    if len(exprs) == 1 and exprs[0].start == 0 and exprs[0].end == len(phrase.rstrip()):
        return exprs[0]
    return _dateparser_fallback(phrase, lang, published, whole=True)


# ------------------------------------------------------------------------------------ dateparser fallback

# Only numeric dates are trusted from dateparser: it also reads "un 3%", "may" and "mayo" as dates.
_NUMERIC_DATE = re.compile(r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})\b")


def _dateparser_fallback(
    text: str, lang: str, published: dt.date | None, *, whole: bool = False
) -> TemporalExpression | None:
    """A numeric date ("03/11/2020", "2020-11-03") read by dateparser, or None.

    dateparser is imported lazily (its first call costs ~100 ms) and only runs when `text` holds something
    shaped like a numeric date, with the language given (search without it is 20-30 times slower) and with
    the day, month and year all required, so that it can never fall back on today's date.
    """
    m = _NUMERIC_DATE.search(text)
    if m is None or (whole and (m.start(), m.end()) != (0, len(text.strip()))):
        return None
    import dateparser

    # Day first in Spanish ("03/11/2020" is 3 November); month first in US English.
    order = "DMY" if lang == "es" else "MDY"
    settings = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "DATE_ORDER": order,
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": dt.datetime.combine(published or dt.date(2000, 1, 1), dt.time()),
    }
    value = dateparser.parse(m.group(), languages=[lang], settings=settings)  # type: ignore[arg-type]
    if value is None:
        return None
    return TemporalExpression(m.start(), m.end(), m.group(), value.date(), Granularity.DAY, False)


# ------------------------------------------------------------------------------------------- selection

# How a cue's own clause reaches up to the verb that carries its time: a gerund or participle ("saying",
# "argumentando", "announcing") or an adverbial clause ("mientras anunciaba") shares the time of its head
# verb; an infinitive complement ("se negó a comentar") shares the time of its governor.
_CLIMB_DEPS = {"advcl", "xcomp", "acl", "relcl"}
# Subordinators of a clause that happens at the time of its head: "mientras anunciaba", "when he said".
_SIMULTANEOUS = {"mientras", "cuando", "while", "as", "when"}
# A noun whose relative clause holds the cue ("un video de agosto pasado en el que Martínez afirmaba"): the
# document or occasion that carried the statement, whose date is the statement's.
_NOUN_POS = {"NOUN", "PROPN"}
_VERB_POS = {"VERB", "AUX"}
# Crossing one of these relations leaves the clause of the cue.
_CLAUSE_DEPS = {"acl", "relcl", "advcl", "ccomp", "csubj", "parataxis", "xcomp", "conj", "acl:relcl"}
# Prepositions that bound a period or place an event relative to another one: the expression they
# introduce is not when the statement was made ("hasta el próximo año", "since Monday", "as of Thursday").
_BOUNDS = re.compile(
    r"(?:\b(?:hasta|desde|para|a\s+partir\s+del?|antes\s+del?|despu[ée]s\s+del?|luego\s+del?|tras|"
    r"until|till|since|by|before|after|from|through|for|as\s+of|ahead\s+of|prior\s+to))\s*$",
    re.IGNORECASE,
)
_BOUNDS_WORDS = {
    "hasta",
    "desde",
    "para",
    "tras",
    "until",
    "till",
    "since",
    "by",
    "before",
    "after",
    "from",
    "through",
    "for",
    "antes",
    "después",
    "despues",
    "luego",
}
# An expression in these roles is not an adverbial of time ("El martes fue un día difícil").
_NON_ADVERBIAL_DEPS = {"nsubj", "nsubjpass", "nsubj:pass", "csubj", "compound", "poss", "amod", "appos"}


def _is_future(token: Token, lang: str) -> bool:
    """True when the cue verb is in the future: "anunciará", "va a anunciar", "will announce"."""
    if "Fut" in token.morph.get("Tense", []):
        return True
    for child in token.children:
        low = child.lower_
        if lang == "en" and child.dep_ == "aux" and low in {"will", "'ll", "shall"}:
            return True
        if lang == "es" and child.lemma_ == "ir" and child.dep_ in {"aux", "aux:pass"}:
            return True
    return False


def _sentence(token: Token) -> Span:
    """The sentence of `token`, found from its neighbours (`Token.sent` walks the whole document)."""
    doc = token.doc
    start = token.i
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    end = token.i + 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    return doc[start:end]


def _cue_span(doc: Doc, quote: Quote) -> Span | None:
    """The cue as a span of tokens, or the root of the quote's first sentence when the cue is not known."""
    if quote.cue_start is not None and quote.cue_end is not None and quote.cue_end > quote.cue_start:
        span = doc.char_span(quote.cue_start, quote.cue_end, alignment_mode="expand")
        if span is not None and len(span):
            return span
    start = doc.char_span(quote.start, min(quote.end, quote.start + 1), alignment_mode="expand")
    if start is None or not len(start):
        return None
    root = _sentence(start[0]).root
    if quote.start <= root.idx < quote.end:
        return None  # the sentence is the quote itself: no reporting verb to date
    return doc[root.i : root.i + 1]


# Opening and closing marks of SPEC section 3; a quoted stretch is found within one sentence only.
_QUOTED = re.compile(r"«[^«»]*»|“[^“”]*”|„[^„“”]*[“”]|\"[^\"]*\"|‘[^‘’]*’")


def _quoted_ranges(sent: Span, quote: Quote) -> list[range]:
    """Character ranges of the quote content and of every quoted stretch of the sentence."""
    ranges = [range(quote.start, quote.end)]
    ranges.extend(
        range(sent.start_char + m.start(), sent.start_char + m.end()) for m in _QUOTED.finditer(sent.text)
    )
    return ranges


def _shares_time(token: Token) -> bool:
    """True when a dependent clause's verb happens at the time of its head verb.

    Gerunds, participles and infinitives do ("presentó una moción ..., argumentando que", "filed a lawsuit,
    saying"), and so do finite clauses of simultaneity ("mientras anunciaba", "when he said"). Other
    subordinate clauses are events of their own ("en el aniversario desde que la OMS declaró ...",
    "falsedades como que Gates reconoce ...").
    """
    if set(token.morph.get("VerbForm", [])) & {"Ger", "Part", "Inf"} or token.tag_ in {"VBG", "VBN"}:
        return True
    return any(c.dep_ == "mark" and c.lower_ in _SIMULTANEOUS for c in token.children)


def _anchors(cue: Span, quote: Quote) -> dict[int, int]:
    """Tokens whose time is the statement's time, with a tier: 0 the cue, 1 its head verbs, 2 a noun."""
    quoted = _quoted_ranges(_sentence(cue.root), quote)
    anchors = {t.i: 0 for t in cue}
    token = cue.root
    for _ in range(3):
        if token.dep_ not in _CLIMB_DEPS or token.head is token:
            break
        head = token.head
        if not _shares_time(token) and not (token.dep_ in {"acl", "relcl"} and head.pos_ in _NOUN_POS):
            break
        if any(head.idx in r for r in quoted):
            # Direct quotes mislead the parser: it makes the quoted verb the root and the reporting verbs its
            # adverbial clauses («...», mencionó la semana pasada, mientras anunciaba que ...). The reporting
            # verb just before the cue, a sibling outside the quote, carries the time.
            siblings = [
                s
                for s in head.children
                if s.i < token.i
                and s.pos_ in _VERB_POS
                and s.dep_ in _CLIMB_DEPS
                and not any(s.idx in r for r in quoted)
            ]
            if siblings:
                anchors.setdefault(siblings[-1].i, 1)
            break
        if token.dep_ in {"acl", "relcl"} and head.pos_ in _NOUN_POS:
            anchors.setdefault(head.i, 2)
            break
        anchors.setdefault(head.i, 1)
        token = head
    return anchors


def _attachment(expr_span: Span, anchors: dict[int, int], quote: Quote) -> tuple[int, int] | None:
    """(tier, path length) when the expression depends on an anchor within its clause, else None.

    The walk goes up from the expression's root at most two steps, through one noun or preposition at most
    ("a message on Facebook on Friday", "la reunión del martes"). It fails at any other verb, at the edge of
    another clause (a copular relative clause has a noun head: "del que México es miembro hasta el próximo
    año"), at a preposition that bounds time rather than placing it ("After an attack in 2015"), and inside
    the quote content.
    """
    root = expr_span.root
    if root.dep_ in _NON_ADVERBIAL_DEPS:
        return None
    token, steps = root, 0
    while True:
        head = token.head
        if head is token:
            return None
        if token not in expr_span and token.dep_ in _CLAUSE_DEPS:
            return None
        if head.i in anchors:
            return anchors[head.i], steps + 1
        if head not in expr_span:
            steps += 1
            if (
                steps >= 2
                or head.pos_ in _VERB_POS
                or head.lower_ in _BOUNDS_WORDS
                or quote.start <= head.idx < quote.end
            ):
                return None
        token = head


def _in_attribution_gap(expr_span: Span, cue: Span, quote: Quote) -> tuple[int, int] | None:
    """(3, 0) when the expression sits between a cue and the content that follows it, with no verb between.

    The attribution phrase of "según"/"according to" is cue + source + adverbials, then a comma and the
    content: "According to Johns Hopkins Center late today, 291 patients have recovered". The parser often
    hangs the adverbial on the content's verb; its position says it belongs to the attribution.
    """
    if not (cue.end_char <= expr_span.start_char and expr_span.end_char <= quote.start):
        return None
    doc = expr_span.doc
    between = doc[cue.end : expr_span.end]
    after = doc.char_span(expr_span.end_char, quote.start, alignment_mode="expand")
    if any(t.pos_ in _VERB_POS for t in between if t not in expr_span):
        return None
    if after is None or any(
        not t.is_punct and not t.is_space and t.lower_ not in {"que", "that"} for t in after
    ):
        return None
    return 3, 0


def _fronted(expr_span: Span, cue: Span, quote: Quote, win_start: int) -> tuple[int, int] | None:
    """(3, 1) when the expression opens the cue's clause, before a comma, with no other verb up to the cue.

    A fronted adverbial of time belongs to the main verb of its clause ("Yesterday afternoon, Nancy Pelosi,
    the Speaker of the House, announced that ..."), whatever the parser hung it on (a dateline glued to the
    sentence, an apposition).
    """
    doc = expr_span.doc
    if expr_span.end_char > cue.start_char or quote.start < cue.start_char:
        return None
    if not doc_text(doc)[expr_span.end_char : expr_span.end_char + 2].lstrip(" ").startswith(","):
        return None
    before = doc.char_span(win_start, expr_span.start_char, alignment_mode="expand")
    if before is not None and (len(before) > 3 or any(t.pos_ in _VERB_POS for t in before)):
        return None
    between = doc[expr_span.end : cue.start]
    if any(t.pos_ in _VERB_POS for t in between):
        return None
    return 3, 1


def statement_expression(
    doc: Doc, quote: Quote, published: dt.date | None, lang: str
) -> TemporalExpression | None:
    """The temporal expression that dates the statement, or None.

    Searches only the sentence of the cue (of the quote start when the cue is unknown), outside the quote
    content, and keeps an expression only when the parse attaches it to the cue: a direct dependent first,
    then a dependent of the verb the cue's clause depends on, then of a noun whose relative clause holds the
    cue; ties go to the expression nearest the cue.
    """
    cue = _cue_span(doc, quote)
    if cue is None:
        return None
    sent = _sentence(cue.root)
    text = doc_text(doc)
    # The window: the cue's sentence, cut at line breaks, since the parser glues datelines ("Wednesday,
    # September 25, 2019") and headlines to the first sentence below them.
    win_start = max(sent.start_char, text.rfind("\n", 0, cue.start_char) + 1)
    newline = text.find("\n", cue.end_char, sent.end_char)
    win_end = sent.end_char if newline < 0 else newline
    window = text[win_start:win_end]
    future = _is_future(cue.root, lang)
    exprs = find_temporal_expressions(window, lang, published=published, future=future, offset=win_start)
    if not exprs:
        fallback = _dateparser_fallback(window, lang, published)
        exprs = [_shift(fallback, win_start)] if fallback else []
    anchors = _anchors(cue, quote)
    quoted = _quoted_ranges(sent, quote)
    best: tuple[tuple[int, int, int], TemporalExpression] | None = None
    for expr in exprs:
        if any(expr.start < r.stop and r.start < expr.end for r in quoted):
            continue  # inside the content or another quotation: the time of the reported event
        if expr.start < cue.end_char and cue.start_char < expr.end:
            continue
        if _BOUNDS.search(text[max(win_start, expr.start - 20) : expr.start]):
            continue
        span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        attached = (
            _attachment(span, anchors, quote)
            or _in_attribution_gap(span, cue, quote)
            or _fronted(span, cue, quote, win_start)
        )
        if attached is None:
            continue
        distance = min(abs(expr.start - cue.end_char), abs(cue.start_char - expr.end))
        key = (attached[0], attached[1], distance)
        if best is None or key < best[0]:
            best = (key, expr)
    return best[1] if best else None


def statement_date(
    doc: Doc, quote: Quote, published: dt.date | None, lang: str
) -> tuple[dt.date | None, str | None]:
    """The temporal expression attached to the quote's cue and its resolution against `published`.

    Args:
        doc: The parsed article.
        quote: The quote; its `cue_start`/`cue_end` locate the reporting word.
        published: The article's publication date; None leaves relative expressions unresolved.
        lang: The article's language ("es" or "en"; others get no date).

    Returns:
        (date, date_text): the resolved date (or None when the phrase is relative and `published` is unknown,
        or too coarse to name a day: see the module docstring) and the phrase exactly as written, or
        (None, None) when no temporal expression is attached to the cue.
    """
    expr = statement_expression(doc, quote, published, lang)
    if expr is None:
        return None, None
    return expr.date, expr.text


__all__: list[str] = [
    "Granularity",
    "TemporalExpression",
    "find_temporal_expressions",
    "resolve_expression",
    "statement_date",
    "statement_expression",
]
