"""When a statement was made: the temporal expression attached to the quote's cue, resolved to a date.

Two steps, kept apart so each can be tested on its own:

1. **Recognition** (:func:`find_temporal_expressions`, in :mod:`.expressions`, over the regexes of
   :mod:`.patterns`): patterns per language over a small window of text (the sentence of the cue, never the
   whole article) find phrases such as "ayer", "el martes pasado", "la semana pasada", "hace dos días",
   "el 3 de noviembre de 2025", "on Friday", "last week", "Sunday evening", "around 11:30 am (1830 UTC)".
   Each is resolved at once against the publication date.
2. **Selection** (:func:`statement_expression`, in :mod:`.statement`): of the phrases in the cue's sentence,
   only one attached to the cue in the dependency parse counts, and never one inside the quote content,
   which dates the reported event rather than the statement.

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

from quotes.enrich.dates.expressions import (
    Granularity,
    TemporalExpression,
    find_temporal_expressions,
    resolve_expression,
)
from quotes.enrich.dates.statement import statement_date, statement_expression

__all__: list[str] = [
    "Granularity",
    "TemporalExpression",
    "find_temporal_expressions",
    "resolve_expression",
    "statement_date",
    "statement_expression",
]
