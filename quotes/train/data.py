"""Training data: gold articles with the offsets training needs, and their parses, made once and cached.

Gold files (SPEC section 5) give each quote's content, cue and speaker as strings copied from the text, not as
offsets. They are read and located by the evaluation's own rules (:mod:`quotes.evaluation.gold`): the
content as the scorer locates it (in reading order), the speaker and cue at the occurrence nearest the
content, since the annotators marked the source attached to that quote.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from attrs import frozen
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from quotes.evaluation.gold import locate_gold_spans, nearest_occurrence, read_jsonl
from quotes.languages import PARSE_REVISION
from quotes.models import Article


def fold_of(article_id: str, k: int) -> int:
    """The fold of an article: a hash of its id modulo `k` (deterministic across runs and machines), the
    folds of `quotes cv` and of every trainer's `--cv` that follows it."""
    return int(hashlib.sha1(f"fold:{article_id}".encode()).hexdigest()[:8], 16) % k


@frozen
class TrainingQuote:
    """One gold attribution located in its article, with the offsets training labels come from.

    Attributes:
        start: Content start offset.
        end: Content end offset.
        kind: `direct`, `indirect` or `mixed`.
        speaker: The speaker string as annotated (may be a pronoun in PolNeAR).
        mention: Offsets of the speaker occurrence nearest the content, or None when it is not in the text.
        cue: Offsets of the cue occurrence nearest the content, or None.
        unresolved: True when the gold speaker is a bare pronoun (any resolved speaker is then right).
    """

    start: int
    end: int
    kind: str
    speaker: str | None
    mention: tuple[int, int] | None
    cue: tuple[int, int] | None
    unresolved: bool = False


@frozen
class TrainingArticle:
    """An article with its located gold quotes and the raw gold records (scored through
    :func:`quotes.evaluation.gold_article_from_dict`)."""

    article: Article
    quotes: tuple[TrainingQuote, ...]
    raw: dict

    @property
    def key(self) -> str:
        """The article's id and a digest of its text: what memos of per-article work are keyed by, since two
        files may give different articles one id (`es-fakedes-261` is a dev article and a train article)."""
        return f"{self.article.id}:{hashlib.sha1(self.article.text.encode('utf-8')).hexdigest()[:12]}"


def _nearest(text: str, needle: str | None, start: int, end: int) -> tuple[int, int] | None:
    """The occurrence of a gold speaker or cue string nearest the content; one inside it only as a last resort."""
    if not needle or not needle.strip():
        return None
    return nearest_occurrence(text, needle.strip(), start, end, inside="last_resort")


def locate_gold(record: dict) -> TrainingArticle:
    """Locate every gold quote of one gold-file article.

    Raises:
        quotes.evaluation.EvaluationError: when a gold content string is empty or not in the text (a corrupt
            gold file).
    """
    text = record["text"]
    raw_quotes = record.get("quotes", [])
    spans = locate_gold_spans(text, [q["content"] for q in raw_quotes], article_id=str(record.get("id", "")))
    located = [
        TrainingQuote(
            start=s,
            end=e,
            kind=q.get("kind") or "indirect",
            speaker=q.get("speaker"),
            mention=_nearest(text, q.get("speaker"), s, e),
            cue=_nearest(text, q.get("cue"), s, e),
            unresolved=bool(q.get("speaker_unresolved")),
        )
        for q, (s, e) in zip(raw_quotes, spans, strict=True)
    ]
    article = Article.from_dict({k: v for k, v in record.items() if k != "quotes"})
    return TrainingArticle(article=article, quotes=tuple(located), raw=record)


def load_gold(paths: Iterable[str | Path], *, limit: int | None = None) -> list[TrainingArticle]:
    """Gold articles of several files, in file order (at most `limit` per file when given)."""
    out: list[TrainingArticle] = []
    for path in paths:
        rows = [row for _, row in read_jsonl(path)]
        out.extend(locate_gold(r) for r in rows[:limit] if r.get("text"))
    return out


def keep_articles(
    golds: Sequence[TrainingArticle], docs: Sequence[Doc], keep: Callable[[TrainingArticle], bool]
) -> tuple[list[TrainingArticle], list[Doc]]:
    """The articles for which `keep` holds, with their parses (the two lists stay aligned)."""
    idx = [i for i, g in enumerate(golds) if keep(g)]
    return [golds[i] for i in idx], [docs[i] for i in idx]


def parse_cached(
    articles: list[Article], nlp: Language, cache_dir: str | Path | None, *, batch_size: int = 16
) -> list[Doc]:
    """Parse `articles` with `nlp`, reusing a DocBin cache keyed by the texts and the pipeline.

    Parsing is the slowest step of training (minutes for PolNeAR train on one core); the cache makes repeated
    runs cheap. Only the annotations the features read are stored.
    """
    key = hashlib.sha1()
    key.update(f"{nlp.meta.get('name')}-{nlp.meta.get('version')}-{','.join(nlp.pipe_names)}".encode())
    key.update(PARSE_REVISION.encode())
    for a in articles:
        key.update(a.text.encode("utf-8"))
    path = Path(cache_dir) / f"{nlp.meta.get('lang')}_{key.hexdigest()[:16]}.spacy" if cache_dir else None
    if path is not None and path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe((a.text for a in articles), batch_size=batch_size))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(
            attrs=["ORTH", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "LEMMA", "MORPH", "POS", "SPACY"],
            docs=docs,
        ).to_disk(path)
    return docs


def iter_lines(path: str | Path) -> Iterator[str]:
    """Non-empty stripped lines of a text file, `#` comments skipped."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                yield line
