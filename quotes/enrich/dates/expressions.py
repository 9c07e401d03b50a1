"""Which temporal expressions does a short text hold, and what date does each name?

Recognition and resolution: the patterns of :mod:`.patterns` find phrases such as "ayer", "el martes
pasado", "hace dos días" or "last week" in a small window of text, and each is resolved at once against the
publication date by the resolver of its kind (:data:`_RESOLVERS`). The conventions of resolution (a bare
weekday is the latest such day, a period resolves to its first day, ...) are in the package docstring.
Numeric dates ("03/11/2020") are left to dateparser (:func:`dateparser_fallback`).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable
from typing import Any

from attrs import frozen

from quotes.enrich.dates.patterns import (
    DEICTIC_DAYS,
    LANGUAGES,
    MONTH_ABBREVIATIONS_EN,
    MONTHS,
    NUMBER_WORDS,
    PATTERNS,
    WEEKDAYS,
    Kind,
)
from quotes.lexicons import table


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


# Words that place a weekday, a period or a month before (-1), at (0) or after (+1) the publication date.
_DIRECTIONS: dict[str, int] = {
    word: int(direction) for lang in LANGUAGES for word, direction in table(lang, "time_direction_words")
}


def _direction_of(*words: str | None) -> int | None:
    """-1, 0 or +1 from modifiers such as "pasado", "this", "next"; None when none is given."""
    for word in words:
        if not word:
            continue
        w = re.sub(r"\s+", " ", word.lower())
        if w in _DIRECTIONS:
            return _DIRECTIONS[w]
    return None


def _number(word: str, lang: str) -> int | None:
    w = re.sub(r"\s+", " ", word.lower())
    if w.isdigit():
        return int(w)
    return NUMBER_WORDS[lang].get(w)


#: A resolved match: the date (or None when it cannot be resolved precisely), granularity, relative.
Resolution = tuple[dt.date | None, Granularity, bool]
#: The named groups of a match (``re.Match.groupdict``); absent groups are None.
Groups = dict[str, Any]


def _resolve_deictic(g: Groups, lang: str, published: dt.date | None, future: bool) -> Resolution | None:
    """ "ayer", "anoche", "hoy jueves", "last night": a day at a fixed distance from the publication date."""
    offset = DEICTIC_DAYS[lang][re.sub(r"\s+", " ", g["deictic"].lower())]
    return (published + dt.timedelta(days=offset) if published else None), Granularity.DAY, True


def _resolve_weekday(g: Groups, lang: str, published: dt.date | None, future: bool) -> Resolution | None:
    """ "el martes", "el martes pasado", "next Friday": the nearest such day, back or forward."""
    weekday = WEEKDAYS[lang][g["wd"].lower()]
    direction = _direction_of(g.get("pre"), g.get("post"), g.get("det"))
    if published is None:
        return None, Granularity.DAY, True
    if direction == -1:
        return _weekday_on(published, weekday, -1, inclusive=False), Granularity.DAY, True
    if direction == 1:
        return _weekday_on(published, weekday, 1, inclusive=False), Granularity.DAY, True
    step = 1 if future else -1  # which way a bare weekday points
    return _weekday_on(published, weekday, step, inclusive=True), Granularity.DAY, True


def _resolve_date(g: Groups, lang: str, published: dt.date | None, future: bool) -> Resolution | None:
    """ "el 3 de noviembre de 2025", "March 3": a day of a month; without a year, the nearest past (or future)
    one, or the one whose weekday matches when a weekday is given."""
    day_text = re.sub(r"\s+", "", g["day"]).lower()
    if "*" in day_text or "*" in (g.get("year") or ""):
        return None, Granularity.DAY, not g.get("year")
    day = 1 if day_text in {"primero", "1º", "1°", "1o"} else int(day_text)
    month = MONTHS[lang].get(g["month"].lower()) if g.get("month") else None
    if month is None and g.get("abbr"):
        month = MONTH_ABBREVIATIONS_EN[g["abbr"].lower()]
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
        weekday = WEEKDAYS[lang][g["wd"].lower()]
        matching = [d for d in candidates if d.weekday() == weekday]
        if matching:
            return min(matching, key=lambda d: abs((d - published).days)), Granularity.DAY, True
    direction = _direction_of(g.get("pre"), g.get("post"))
    if direction == 1 or (direction is None and future):
        after = [d for d in candidates if d >= published]
        return (min(after) if after else None), Granularity.DAY, True
    before = [d for d in candidates if d <= published]
    return (max(before) if before else None), Granularity.DAY, True


def _resolve_month(g: Groups, lang: str, published: dt.date | None, future: bool) -> Resolution | None:
    """ "en julio", "julio pasado", "septiembre del año pasado", "in early July": the month's first day."""
    month = MONTHS[lang][g["month"].lower()]
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


def _resolve_period(g: Groups, lang: str, published: dt.date | None, future: bool) -> Resolution | None:
    """ "la semana pasada", "el mes pasado", "over the weekend": a week's Monday, a month's first day, a
    weekend's Saturday; a year keeps its text only."""
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


def _resolve_ago(g: Groups, lang: str, published: dt.date | None, future: bool) -> Resolution | None:
    """ "hace dos días", "a week ago": counted back from the publication date; a vague count keeps its text."""
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


def _resolve_year(g: Groups, lang: str, published: dt.date | None, future: bool) -> Resolution | None:
    """ "en 2019": a year alone keeps its text with no date."""
    return None, Granularity.YEAR, False


def _resolve_time(g: Groups, lang: str, published: dt.date | None, future: bool) -> Resolution | None:
    """ "a las 10:30 horas", "around 11:30 am": a time of day with no day of its own."""
    return None, Granularity.TIME, True


#: How each kind of match is resolved: (date or None, granularity, relative), or None when it is no date.
_RESOLVERS: dict[Kind, Callable[[Groups, str, dt.date | None, bool], Resolution | None]] = {
    Kind.DEICTIC: _resolve_deictic,
    Kind.WEEKDAY: _resolve_weekday,
    Kind.DATE: _resolve_date,
    Kind.MONTH: _resolve_month,
    Kind.PERIOD: _resolve_period,
    Kind.AGO: _resolve_ago,
    Kind.YEAR: _resolve_year,
    Kind.TIME: _resolve_time,
}


# ----------------------------------------------------------------------------------------- recognition


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
    for kind, pattern in PATTERNS.get(lang, ()):
        for m in pattern.finditer(text):
            if not _names_well_cased(m, text, lang):
                continue
            resolved = _RESOLVERS[kind](m.groupdict(), lang, published, future)
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
    return [shift(e, offset) for e in _merge_adjacent(kept, text)]


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


def shift(e: TemporalExpression, offset: int) -> TemporalExpression:
    """`e` moved by `offset` characters (from a window's offsets to the article's)."""
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
    return dateparser_fallback(phrase, lang, published, whole=True)


# ------------------------------------------------------------------------------------ dateparser fallback

# Only numeric dates are trusted from dateparser: it also reads "un 3%", "may" and "mayo" as dates.
_NUMERIC_DATE = re.compile(r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})\b")


def _iso_date(text: str) -> dt.date | None:
    """The date of a valid "YYYY-MM-DD", else None (dateparser reads "2016-13-09" as 13 September: left to it)."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        return dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError:
        return None


def dateparser_fallback(
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
    iso = _iso_date(m.group())
    if iso is not None:  # what dateparser reads too, without its first call's ~1 s of loading
        return TemporalExpression(m.start(), m.end(), m.group(), iso, Granularity.DAY, False)
    import dateparser

    # Day first in Spanish ("03/11/2020" is 3 November); month first in US English.
    order = "DMY" if lang == "es" else "MDY"
    settings = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "DATE_ORDER": order,
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": dt.datetime.combine(published or dt.date(2000, 1, 1), dt.time()),
    }
    value = dateparser.parse(m.group(), languages=[lang], settings=settings)
    if value is None:
        return None
    return TemporalExpression(m.start(), m.end(), m.group(), value.date(), Granularity.DAY, False)
