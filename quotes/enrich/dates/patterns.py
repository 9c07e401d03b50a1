"""Which phrases can be temporal expressions? The regular expressions per language, built from word lists.

Each pattern is a regex with named groups and a :class:`Kind` that tells the resolver
(:mod:`.expressions`) what to do with them. The words (weekdays, months, number words, deictic days) are
data, keyed by language as in textacy's constants, in ``quotes/data/lexicons/{lang}/``; the phrases
around them ("el martes pasado", "earlier this month") are grammar and stay here.

Patterns are compiled case-insensitively; capitalization of month and weekday names is checked after the
match (in :mod:`.expressions`), because it separates "mayo" from "Mayo" (a
surname, "5 de Mayo" streets).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable

from quotes.lexicons import entries, table

LANGUAGES: tuple[str, ...] = ("es", "en")


def _numbers(lang: str, name: str) -> dict[str, int]:
    """A table of words and their numbers (``word<TAB>number``), in file order."""
    return {word: int(number) for word, number in table(lang, name)}


WEEKDAYS: dict[str, dict[str, int]] = {lang: _numbers(lang, "weekday_numbers") for lang in LANGUAGES}
MONTHS: dict[str, dict[str, int]] = {lang: _numbers(lang, "month_numbers") for lang in LANGUAGES}
# English abbreviations are only accepted before a day number ("Nov. 3"): "Jan" and "Mar" are also names.
MONTH_ABBREVIATIONS_EN: dict[str, int] = _numbers("en", "month_abbreviations")
NUMBER_WORDS: dict[str, dict[str, int]] = {lang: _numbers(lang, "cardinal_words") for lang in LANGUAGES}
# Amounts that are real but not countable: the phrase is a date expression with no precise date.
_VAGUE_AMOUNTS: dict[str, tuple[str, ...]] = {lang: entries(lang, "vague_amounts") for lang in LANGUAGES}
# "ayer", "hoy", "last night": a day at a fixed distance from the publication date.
DEICTIC_DAYS: dict[str, dict[str, int]] = {lang: _numbers(lang, "deictic_days") for lang in LANGUAGES}


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first so that "antes de ayer" wins over "ayer"."""
    items = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items) + ")"


class Kind(enum.Enum):
    """What a pattern matched, which decides how it is resolved."""

    DEICTIC = "deictic"
    WEEKDAY = "weekday"
    DATE = "date"
    MONTH = "month"
    PERIOD = "period"
    AGO = "ago"
    YEAR = "year"
    TIME = "time"


def _patterns_es() -> list[tuple[Kind, re.Pattern[str]]]:
    wd = _alt(WEEKDAYS["es"])
    mo = _alt(MONTHS["es"])
    pod = r"(?:\s+(?:por|en|durante)\s+la\s+(?:mañana|tarde|noche|madrugada))?"
    num = _alt([*NUMBER_WORDS["es"], *_VAGUE_AMOUNTS["es"]])
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
            Kind.DEICTIC,
            rf"\b{podpre}?(?P<deictic>{_alt(DEICTIC_DAYS['es'])})(?!\s+(?:en\s+)?d[íi]a\b)"
            rf"(?:\s+(?P<wd>{wd})\b)?{pod}\b",
        ),
        # "el martes 3 de noviembre de 2025", "el pasado 3 de noviembre", "3 de noviembre", "el 1º de mayo".
        (
            Kind.DATE,
            rf"\b{podpre}?(?:(?P<det>el|este)\s+)?(?:(?P<pre>pasado|pr[óo]ximo)\s+)?(?:(?P<wd>{wd}),?\s+)?"
            rf"{day}\s+de\s+(?P<month>{mo}){year}?{post}?{pod}(?!\w)",
        ),
        # "el martes", "el martes pasado", "el próximo martes", "este viernes por la mañana".
        (
            Kind.WEEKDAY,
            rf"\b{podpre}?(?:(?P<det>el|este|ese)\s+)(?:(?P<pre>pasado|pr[óo]ximo)\s+)?(?P<wd>{wd})\b"
            rf"{post}?{pod}\b",
        ),
        # "la noche del martes": the article is inside "del", the phrase starts with the part of the day.
        (
            Kind.WEEKDAY,
            rf"\b(?:en\s+|durante\s+)?la\s+(?:mañana|tarde|noche|madrugada)\s+del\s+"
            rf"(?:(?P<pre>pasado|pr[óo]ximo)\s+)?(?P<wd>{wd})\b{post}?",
        ),
        # "la semana pasada", "el mes pasado", "esta semana", "el próximo fin de semana", "el año pasado".
        (
            Kind.PERIOD,
            rf"\b(?:(?P<prep>en|durante)\s+)?{edge}?(?P<det>el|la|este|esta)\s+"
            rf"(?:(?P<pre>pasad[oa]|pr[óo]xim[oa])\s+)?"
            rf"(?P<unit>semana|mes|año|fin\s+de\s+semana){post}?\b",
        ),
        # "hace dos días", "hace una semana", "hace unos meses".
        (
            Kind.AGO,
            rf"\bhace\s+(?P<n>\d{{1,3}}|{num})\s+"
            rf"(?P<unit>d[íi]as?|semanas?|mes(?:es)?|años?|horas?|minutos?)\b",
        ),
        # "en julio", "julio pasado", "en julio de 2019", "a finales de julio", "el pasado mes de julio".
        (
            Kind.MONTH,
            rf"\b(?:(?P<prep>en|durante)\s+)?{edge}?(?:(?P<det>el)\s+(?P<pre>pasado|pr[óo]ximo)\s+)?"
            rf"(?:(?:el\s+)?mes\s+de\s+)?(?P<month>{mo})(?:{year}|{post}|{relyear})?(?!\w)",
        ),
        # "en 2019", "durante 2019".
        (Kind.YEAR, r"\b(?P<prep>en|durante)\s+(?:el\s+(?:año\s+)?)?(?P<year>(?:19|20)\d{2})\b(?![.,]\d)"),
        # "a las 10:30 horas", "alrededor de las 11 de la mañana".
        (
            Kind.TIME,
            r"\b(?:(?:alrededor|cerca|antes|después|despues)\s+de\s+|a\s+)las\s+\d{1,2}(?:[:.]\d{2})?"
            r"(?:\s*(?:horas|hrs?\.?|h\b)|\s+de\s+la\s+(?:mañana|tarde|noche|madrugada))?"
            r"(?:\s+\((?:hora|tiempo)[^()]{1,30}\))?",
        ),
    ]
    return [(kind, re.compile(p, re.IGNORECASE)) for kind, p in flat]


def _patterns_en() -> list[tuple[Kind, re.Pattern[str]]]:
    wd = _alt(WEEKDAYS["en"])
    mo = _alt(MONTHS["en"])
    mo_abbr = _alt(MONTH_ABBREVIATIONS_EN)
    pod = r"(?:\s+(?P<pod>morning|afternoon|evening|night))?"
    edge = r"(?:(?P<edge>early|earlier|late|later)\s+(?:on\s+)?)"
    num = _alt([*NUMBER_WORDS["en"], *_VAGUE_AMOUNTS["en"]])
    year = r"(?:,?\s+(?P<year>(?:1[89]|20)\d{2}))"
    ordinal = r"(?:st|nd|rd|th)?"
    flat = [
        # "yesterday", "late today", "last night", "yesterday afternoon".
        (Kind.DEICTIC, rf"\b{edge}?(?P<deictic>{_alt(DEICTIC_DAYS['en'])})\b{pod}\b"),
        # "on Tuesday, March 3, 2020", "March 3", "Nov. 3", "on the 3rd of March".
        (
            Kind.DATE,
            rf"\b(?:(?P<prep>on)\s+)?(?:(?P<wd>{wd}),?\s+)?(?:(?P<month>{mo})|(?P<abbr>{mo_abbr})\.?)"
            rf"\s+(?P<day>[0-3]?\d){ordinal}\b{year}?",
        ),
        (
            Kind.DATE,
            rf"\b(?:(?P<prep>on)\s+)?(?:(?P<wd>{wd}),?\s+)?(?:the\s+)?(?P<day>[0-3]?\d){ordinal}\s+"
            rf"(?:of\s+)?(?P<month>{mo})\b{year}?",
        ),
        # "on Friday", "Friday", "last Friday", "late Friday", "Sunday evening", "this past Monday".
        (
            Kind.WEEKDAY,
            rf"\b{edge}?(?:(?P<prep>on)\s+)?(?:(?P<pre>last|this\s+past|this|next|past)\s+)?"
            rf"(?P<wd>{wd})\b{pod}\b",
        ),
        # "last week", "earlier this month", "over the weekend", "next year".
        (
            Kind.PERIOD,
            r"\b(?:(?P<edge2>earlier|later)\s+)?(?:(?P<prep>in|during|over)\s+)?"
            r"(?:(?P<pre>last|this|next)|(?P<det>the))\s+(?P<unit>week|month|year|weekend)\b",
        ),
        # "two days ago", "a week ago", "a few days ago".
        (
            Kind.AGO,
            rf"\b(?P<n>\d{{1,3}}|{num})\s+(?P<unit>days?|weeks?|months?|years?|hours?|minutes?)\s+ago\b",
        ),
        # "in July", "last July", "July 2019", "in early July".
        (
            Kind.MONTH,
            rf"\b(?:(?P<prep>in|during)\s+)?(?:(?P<edge>early|mid-?|late)\s*)?"
            rf"(?:(?P<pre>last|this|next)\s+)?(?P<month>{mo})\b{year}?(?!\s+\d)",
        ),
        # "in 2019".
        (Kind.YEAR, r"\b(?P<prep>in|during)\s+(?P<year>(?:19|20)\d{2})\b(?![.,]\d)"),
        # "around 11:30 am (1830 UTC)", "at 3 p.m.", "shortly after noon".
        (
            Kind.TIME,
            r"\b(?:(?:at|around|about|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?"
            r"(?:\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|(?<=\s)(?:noon|midnight)\b)"
            r"(?:\s+\([^()]{1,24}\))?",
        ),
    ]
    return [(kind, re.compile(p, re.IGNORECASE)) for kind, p in flat]


#: The patterns of each language, in the order they are tried.
PATTERNS: dict[str, list[tuple[Kind, re.Pattern[str]]]] = {"es": _patterns_es(), "en": _patterns_en()}
