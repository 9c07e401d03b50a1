"""`quotes show ARTICLE -o view.html`: one article with its quotes as a self-contained HTML page."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from quotes.extractors import DEFAULT_EXTRACTOR
from quotes.models import Quote
from quotes.viz.records import RecordError, read_article, read_quotes


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "article", type=Path, help="a .txt article (sidecar .json optional) or a .jsonl corpus or gold file"
    )
    parser.add_argument(
        "--id", dest="doc_id", help="article id inside a .jsonl corpus (or the id of a .txt article)"
    )
    parser.add_argument(
        "-o", "--output", type=Path, help="HTML file to write (default: the article id + .html)"
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--quotes",
        type=Path,
        metavar="PRED.jsonl",
        help="show these records (JSONL or CSV output of quotes extract) instead of running extraction",
    )
    source.add_argument(
        "--gold", action="store_true", help="show the gold `quotes` of an annotated corpus line"
    )
    parser.add_argument(
        "--extractor", default=DEFAULT_EXTRACTOR, help="extractor to run when --quotes is not given"
    )
    parser.add_argument("--lang", help="language, when the article's metadata has none")
    parser.add_argument("--title", help="page heading (default: the article's title, else its id)")


def run(args: argparse.Namespace) -> int:
    from quotes.viz.show import render_article

    try:
        article = read_article(args.article, args.doc_id)
    except RecordError as err:
        print(f"quotes show: {err}", file=sys.stderr)
        return 2
    if args.lang and not article.lang:
        import attrs

        article = attrs.evolve(article, lang=args.lang)
    quotes: list[Quote]
    if args.gold:
        from quotes.viz.gold import quotes_from_gold

        gold = article.meta.get("quotes")
        if not isinstance(gold, list):
            print(f"quotes show: article {article.id!r} has no gold `quotes` list", file=sys.stderr)
            return 2
        try:
            quotes = quotes_from_gold(article, gold)
        except (ValueError, KeyError, TypeError) as err:
            print(f"quotes show: {err}", file=sys.stderr)
            return 2
    elif args.quotes:
        quotes, problems = read_quotes(args.quotes, article.id)
        for problem in problems:
            print(f"quotes show: skipped {problem}", file=sys.stderr)
        if not quotes:
            print(
                f"quotes show: warning: no records for article {article.id!r} in {args.quotes}",
                file=sys.stderr,
            )
    else:
        from quotes.pipeline import QuotePipeline

        try:
            quotes = QuotePipeline(args.extractor).extract_article(article)
        except (
            ValueError
        ) as err:  # unknown extractor, language or oversized document: a clear message, no trace
            print(f"quotes show: {article.id}: {err}", file=sys.stderr)
            return 2
    output: Path = args.output or Path(re.sub(r"[^\w.-]+", "_", article.id) + ".html")
    output.write_text(render_article(article, quotes, title=args.title), encoding="utf-8")
    print(f"{output}: {len(quotes)} quotes in {article.id}", file=sys.stderr)
    return 0
