"""See the results: one article with its quotes (`quotes show`), a corpus overview (`quotes summarize`).

Pages are single self-contained HTML files (inline CSS, inline SVG charts, a few lines of inline script),
readable in light and dark themes and viewable offline.
"""

from quotes.viz.gold import quotes_from_gold
from quotes.viz.records import read_article, read_quotes
from quotes.viz.show import ArticleView, render_article
from quotes.viz.summarize import Summary, render_report, summarize, write_csv

__all__ = [
    "ArticleView",
    "Summary",
    "quotes_from_gold",
    "read_article",
    "read_quotes",
    "render_article",
    "render_report",
    "summarize",
    "write_csv",
]
