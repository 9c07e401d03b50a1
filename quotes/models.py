"""Records that flow through the library: articles in, quotes out.

Records are frozen attrs values holding offsets and strings, never spaCy objects, so they pickle across
processes and serialize trivially. Each pipeline step derives an enriched copy with :func:`attrs.evolve`.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs
from attrs import field, frozen


class QuoteKind(enum.StrEnum):
    """How the words are reported (docs/quotes.md)."""

    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"


class SpeakerType(enum.StrEnum):
    """What the source is: `other` covers groups, anonymous sources and documents."""

    PERSON = "person"
    ORGANIZATION = "organization"
    OTHER = "other"


class ClaimType(enum.StrEnum):
    """The eight claim types (docs/claims.md), declared in precedence order (first wins)."""

    PREDICTION = "prediction"
    QUANTITY = "quantity"
    CAUSAL = "causal"
    RULE = "rule"
    ANNOUNCEMENT = "announcement"
    EXPERIENCE = "experience"
    FACT = "fact"
    OPINION = "opinion"


class MentionKind(enum.StrEnum):
    """How the source is mentioned next to the cue, before resolution across the article."""

    NAME = "name"  # a proper name: "Patrick Moorhead", "Moorhead", "OpenAI"
    PRONOUN = "pronoun"  # "he", "ella"
    NOMINAL = "nominal"  # "la compañía", "the company", "el mandatario"
    DROPPED = "dropped"  # Spanish null subject: "Añade que ..."
    OTHER = "other"  # anything else written out: "fuentes oficiales", "un informe"
    NONE = "none"  # no mention near the quote: found from the context


def _speaker_type(value: Any) -> SpeakerType | None:
    return None if value is None else SpeakerType(value)


def _claim_type(value: Any) -> ClaimType | None:
    return None if value is None else ClaimType(value)


def _check_offsets(instance: Any, attribute: attrs.Attribute[Any], value: int) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must be >= 0, got {value}")


def _check_confidence(instance: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"confidence must be in [0, 1], got {value}")


def _parse_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    text = str(value).strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError as err:
        raise ValueError(f"published must be an ISO date (YYYY-MM-DD), got {value!r}") from err


@frozen
class Article:
    """One news article as read from the corpus.

    Attributes:
        id: Article id (path relative to the corpus root, or the JSONL `id`).
        text: The text exactly as read (a BOM dropped, nothing else normalized).
        lang: ISO 639-1 code, or None to detect it.
        published: Publication date, the anchor for relative dates ("ayer", "last week").
        meta: Any other metadata fields (title, url, ...), kept as read.
    """

    id: str
    text: str
    lang: str | None = None
    published: dt.date | None = field(default=None, converter=_parse_date)
    meta: dict[str, Any] = field(factory=dict, eq=False, hash=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, default_id: str = "") -> Article:
        """Build an article from a JSONL line or a sidecar-merged dict (docs/records.md)."""
        text = data.get("text")
        if not isinstance(text, str):
            raise ValueError("article has no 'text' string")
        known = {"id", "text", "lang", "published"}
        return cls(
            id=str(data.get("id") or default_id),
            text=text,
            lang=(str(data["lang"]).lower() or None) if data.get("lang") else None,
            published=data.get("published"),
            meta={k: v for k, v in data.items() if k not in known},
        )


@frozen
class Quote:
    """One attribution: a content span, its cue and its source (docs/records.md).

    Offsets are Python `str` indices into the article text. The `cue_*` and `mention_*` offsets locate the
    reporting word and the source as written next to it (which may be a pronoun or absent); `speaker` is the
    fullest name the source has in the article.
    """

    doc: str
    start: int = field(validator=_check_offsets)
    end: int = field(validator=_check_offsets)
    text: str
    kind: QuoteKind = field(converter=QuoteKind)
    cue: str | None = None
    speaker: str | None = None
    speaker_type: SpeakerType | None = field(default=None, converter=_speaker_type)
    organization: str | None = None
    role: str | None = None
    claim_type: ClaimType | None = field(default=None, converter=_claim_type)
    date: dt.date | None = None
    date_text: str | None = None
    lang: str = ""
    extractor: str = "rules"
    confidence: float = field(default=1.0, validator=_check_confidence)
    cue_start: int | None = None
    cue_end: int | None = None
    mention: str | None = None
    mention_start: int | None = None
    mention_end: int | None = None
    mention_kind: MentionKind = field(default=MentionKind.NONE, converter=MentionKind)

    @end.validator
    def _end_after_start(self, attribute: attrs.Attribute[Any], value: int) -> None:
        if value <= self.start:
            raise ValueError(f"quote end ({value}) must be greater than start ({self.start})")
        if len(self.text) != value - self.start:
            raise ValueError(f"quote text has {len(self.text)} characters, offsets span {value - self.start}")

    @classmethod
    def from_offsets(cls, doc_id: str, text: str, start: int, end: int, **fields: Any) -> Quote:
        """A quote whose `text` is read from the article at [start, end)."""
        if not 0 <= start < end <= len(text):
            raise ValueError(f"offsets [{start}, {end}) are outside the article (length {len(text)})")
        return cls(doc=doc_id, start=start, end=end, text=text[start:end], **fields)

    def without_mention(self, kind: MentionKind = MentionKind.NONE) -> Quote:
        """The quote with no source written at its cue (`kind`: a dropped subject, or none at all)."""
        return attrs.evolve(self, mention=None, mention_start=None, mention_end=None, mention_kind=kind)

    def to_dict(self) -> dict[str, Any]:
        """The JSON record (docs/records.md; plus the cue and mention offsets)."""
        out: dict[str, Any] = {}
        for a in attrs.fields(Quote):
            value = getattr(self, a.name)
            if isinstance(value, enum.Enum):
                value = value.value
            elif isinstance(value, dt.date):
                value = value.isoformat()
            out[a.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        """Inverse of :meth:`to_dict`; unknown keys are ignored."""
        names = {a.name for a in attrs.fields(Quote)}
        kwargs = {k: v for k, v in data.items() if k in names}
        if kwargs.get("date"):
            kwargs["date"] = dt.date.fromisoformat(kwargs["date"])
        if kwargs.get("mention_kind") is None:
            kwargs.pop("mention_kind", None)
        return cls(**kwargs)


#: The record fields (docs/records.md), in the order the writers emit them.
RECORD_FIELDS: tuple[str, ...] = tuple(a.name for a in attrs.fields(Quote))
