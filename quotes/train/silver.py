"""Silver training data: unlabeled news labelled by the rule-based extractor, only where the rules are precise.

The rules (`quotes.extractors.rules`) are precise on some constructions and not on others. Each rules quote is
assigned a *construction* (:func:`construction`: how the quote was found and how its source is written), and
only the constructions in :data:`PRECISE` become positive training examples. They were chosen by measuring
the rules' precision per construction on the Spanish part of the development set (`gold/dev.jsonl`, used to
select the patterns only, never as training data; the figures are in docs/model-card.md and printed by
``quotes train --measure-silver GOLD``).

A silver article is incomplete: the rules' other quotes, and the quotes the rules miss, are not labelled.
For a span classifier an unlabelled true quote is a false negative example, so every candidate that overlaps
a rules quote outside the precise subset is left out of training (it is neither positive nor negative);
quotes the rules miss altogether stay as unavoidable noise (see docs/model-card.md).

Articles whose text overlaps an evaluation file (the `--dev` files of `quotes train`) are dropped before
labelling: the unlabeled Spanish file contains most of the Spanish development articles.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs
from spacy.tokens import Doc

from quotes.evaluation.gold import gold_article_from_dict, read_jsonl
from quotes.evaluation.matching import match_spans, speaker_matches
from quotes.extractors import get_extractor
from quotes.languages import NOT_NEEDED, default_pipeline
from quotes.lexicons import ACCORDING_TO
from quotes.models import Article, MentionKind, Quote, QuoteKind
from quotes.pipeline import QuotePipeline
from quotes.train.data import TrainingArticle, TrainingQuote, locate_gold

#: Constructions whose rules quotes are silver positives. Rule: span precision at least 0.9 on the Spanish dev
#: articles, per family, name and nominal sources pooled, `other` apart except for direct quotes with a cue
#: (all written sources pooled), dropped subjects apart. Measured (rules quotes, span P,
#: attributed P): direct with a cue and a written source 13, 1.000, 1.000; direct with a cue and a dropped
#: subject 18, 1.000, 0.889; "X afirmó que ..." with a name or nominal 33, 0.909, 0.909; the same with a
#: dropped subject 19, 1.000, 0.789; mixed with a name or nominal 7, 1.000, 1.000; "según X" with a name or
#: nominal 4, 1.000, 1.000. Left out: direct by context alone 8, 0.875; indirect with another source
#: ("los expertos", "el informe") 9, 0.556; mixed with a dropped subject 5, 0.800, or another source 4,
#: 0.750; "según" with another source 5, 0.600; pronoun sources (none on dev: not measured). Dropped
#: subjects give no speaker example (the rules' mention is empty), only content examples.
PRECISE: frozenset[str] = frozenset(
    f"{family}|{source}"
    for family, sources in {
        "direct-after": ("name", "nominal", "other", "dropped"),
        "direct-before": ("name", "nominal", "other", "dropped"),
        "indirect": ("name", "nominal", "dropped"),
        "mixed": ("name", "nominal"),
        "according": ("name", "nominal"),
    }.items()
    for source in sources
)

_EXPLICIT = {MentionKind.NAME: "name", MentionKind.NOMINAL: "nominal", MentionKind.OTHER: "other"}


def construction(q: Quote) -> str:
    """The construction a rules quote was found in: `family|source`.

    Families: `direct-after` ("«...», dijo X"), `direct-before` ("X dijo: «...»"), `direct-context` (a
    quotation continuing the previous speaker, no cue), `indirect` ("X afirmó que ..."), `mixed`,
    `according` ("según X, ..."). Sources: `name`, `nominal`, `other` (written out), `pronoun`, `dropped`
    (Spanish null subject), `none`.
    """
    cue = (q.cue or "").lower().split()
    source = _EXPLICIT.get(q.mention_kind, q.mention_kind.value)
    if cue and any(tuple(cue[: len(p)]) == p for p in ACCORDING_TO.get(q.lang or "es", ()) + ACCORDING_TO["es"]):
        family = "according"
    elif q.kind is QuoteKind.DIRECT:
        if q.cue_start is None:
            family = "direct-context"
        else:
            family = "direct-after" if q.cue_start >= q.end else "direct-before"
    else:
        family = q.kind.value
    return f"{family}|{source}"


# -- excluding evaluation articles ---------------------------------------------------------------------------

_SHINGLE = 8


def _shingles(text: str) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    return {hash(tuple(words[i : i + _SHINGLE])) for i in range(max(1, len(words) - _SHINGLE + 1))}


def overlapping(texts: Iterable[str], others: Iterable[str], *, share: float = 0.2) -> set[int]:
    """Indices of `texts` sharing at least `share` of their 8-word shingles with any of `others`."""
    pool: set[int] = set()
    for o in others:
        pool |= _shingles(o)
    out = set()
    for i, t in enumerate(texts):
        sh = _shingles(t)
        if sh and len(sh & pool) >= share * len(sh):
            out.add(i)
    return out


# -- labelling -----------------------------------------------------------------------------------------------


def label(
    doc: Doc, article: Article, lang: str, precise: frozenset[str] = PRECISE
) -> tuple[list[TrainingQuote], list[tuple[int, int]], list[str]]:
    """Silver quotes of one parsed article.

    Returns:
        The kept rules quotes as gold quotes (the rules' mention as the source), the spans of the other rules
        quotes (their candidates are left out of training), and the construction of every rules quote.
    """
    found = get_extractor("rules")(doc, article, lang)
    kept: list[TrainingQuote] = []
    ignored: list[tuple[int, int]] = []
    kinds = []
    for q in found:
        c = construction(q if q.lang else _with_lang(q, lang))
        kinds.append(c)
        if c in precise:
            mention = None
            if q.mention_start is not None and q.mention_end is not None:
                mention = (q.mention_start, q.mention_end)
            cue = (q.cue_start, q.cue_end) if q.cue_start is not None and q.cue_end is not None else None
            kept.append(TrainingQuote(q.start, q.end, q.kind.value, q.mention, mention, cue))
        else:
            ignored.append((q.start, q.end))
    return kept, ignored, kinds


def _with_lang(q: Quote, lang: str) -> Quote:
    return attrs.evolve(q, lang=lang)


def silver_articles(
    rows: Sequence[dict], docs: Sequence[Doc], lang: str, precise: frozenset[str] = PRECISE
) -> tuple[list[TrainingArticle], list[list[tuple[int, int]]], Counter[str]]:
    """Silver gold-articles of parsed unlabeled rows, the spans to leave out per article, and the counts of
    constructions (kept ones and all)."""
    golds, ignore = [], []
    counts: Counter[str] = Counter()
    for i, (row, doc) in enumerate(zip(rows, docs, strict=True)):
        article = Article.from_dict(dict(row, lang=lang), default_id=str(i))
        kept, ignored, kinds = label(doc, article, lang, precise)
        counts.update(kinds)
        raw = dict(
            row, lang=lang, quotes=[{"content": article.text[q.start : q.end], "speaker": q.speaker} for q in kept]
        )
        golds.append(TrainingArticle(article=article, quotes=tuple(kept), raw=raw))
        ignore.append(ignored)
    return golds, ignore, counts


# -- measuring the rules per construction --------------------------------------------------------------------


def measure(gold_file: str | Path, lang: str = "es") -> dict[str, dict[str, float]]:
    """The rules' precision per construction on the `lang` articles of a gold file.

    Returns:
        `{construction: {"n", "span_p", "attributed_p"}}`: how many rules quotes, the share matching a gold
        quote under the SPEC rule, and the share also having the right speaker (the scorer's lenient rule)
        after resolution across the article (the pipeline's `quotes.attribution`).
    """
    rows = [r for _, r in read_jsonl(gold_file) if (r.get("lang") or "en") == lang]
    nlp = default_pipeline(lang, NOT_NEEDED)
    pipe = QuotePipeline("rules")
    stats: dict[str, list[int]] = {}
    for r in rows:
        ga = locate_gold(r)
        gold = gold_article_from_dict(r)
        doc = nlp(ga.article.text)
        raw = get_extractor("rules")(doc, ga.article, lang)
        resolved = {(q.start, q.end): q for q in pipe.quotes_from_doc(doc, ga.article, lang)}
        pairs = match_spans([(g.start, g.end) for g in gold.quotes], [(q.start, q.end) for q in raw])
        match = {j: i for i, j in pairs}
        for j, q in enumerate(raw):
            c = construction(_with_lang(q, lang))
            s = stats.setdefault(c, [0, 0, 0])
            s[0] += 1
            if j in match:
                s[1] += 1
                res = resolved.get((q.start, q.end))
                s[2] += bool(res is not None and speaker_matches(res.speaker, gold.quotes[match[j]]))
    return {
        c: {"n": n, "span_p": round(sp / n, 3), "attributed_p": round(ap / n, 3)}
        for c, (n, sp, ap) in sorted(stats.items())
    }


def measure_table(measured: dict[str, dict[str, float]]) -> str:
    """The figures of :func:`measure` as a Markdown table, the constructions kept as silver marked."""
    lines = ["| construction | rules quotes | span P | attributed P | silver |", "|---|---|---|---|---|"]
    for c, v in measured.items():
        lines.append(
            f"| {c} | {v['n']} | {v['span_p']:.3f} | {v['attributed_p']:.3f} | {'yes' if c in PRECISE else ''} |"
        )
    return "\n".join(lines)
