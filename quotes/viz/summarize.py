"""Corpus overview of an extraction output: who is quoted, for whom, saying what kind of thing, and when.

One streaming pass over the records (JSON Lines or CSV, plain or gzip) fills a counter keyed by the fields the
tables group on, `(speaker, speaker type, organization, kind, claim type)`; every table is derived from that
counter, whose size is the number of distinct combinations rather than the number of records. A 100,000-record
output is summarized in about a second (docs/visualization.md has the measurement).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from quotes.models import ClaimType, QuoteKind, SpeakerType
from quotes.viz import svg
from quotes.viz.assets import CLAIM_COLORS, KIND_COLORS, NONE_COLOR, SPEAKER_TYPE_COLORS, fragment, page
from quotes.viz.records import RecordError, iter_records

_esc = html.escape

KINDS: tuple[str, ...] = tuple(k.value for k in QuoteKind)
CLAIMS: tuple[str, ...] = tuple(c.value for c in ClaimType)
SPEAKER_TYPES: tuple[str, ...] = tuple(t.value for t in SpeakerType)
#: Column used in the tables for a record without a claim type / speaker type.
NONE = "none"
#: Malformed lines kept verbatim in the report (all are counted).
MAX_ERRORS_KEPT = 20

#: Stand-ins that corpora write where they removed numbers, links and contacts (the Spanish Fake News Corpus
#: has "*NUMBER*", "*URL*", "*PHONE*"). The asterisks read as emphasis marks, so "*NUMBER* dijo" can come out
#: with the speaker "NUMBER"; such a speaker names nobody.
PLACEHOLDERS: frozenset[str] = frozenset({"NUMBER", "URL", "PHONE", "EMAIL", "USER", "HASHTAG"})

#: Share of dated quotes that may lie outside the timeline's range at each end before it is clipped.
OUTLIER_SHARE = 0.01

Key = tuple[str | None, str | None, str | None, str | None, str | None]


@attrs.define
class Summary:
    """Counts over the records of one or more output files; in Jupyter it displays as the report.

    Attributes:
        records: Records read.
        combos: Count per `(speaker, speaker_type, organization, kind, claim_type)`.
        dates: Count per statement date (ISO day); records without a date are not in it.
        docs: Distinct document ids.
        speaker_docs: Documents each speaker is quoted in.
        org_docs: Documents each organization is quoted in.
        langs: Count per language.
        extractors: Count per extractor.
        errors: Number of lines that were not valid records.
        error_samples: The first few of them, as messages.
        sources: The files read.
        documents_read: Documents the runs that wrote the files processed, with and without quotes, from
            their journals (``OUT.manifest.ndjson``); None when a file has no journal.
        documents_failed: Of those, documents that failed (listed in the errors files).
    """

    records: int = 0
    combos: Counter[Key] = attrs.field(factory=Counter)
    dates: Counter[str] = attrs.field(factory=Counter)
    docs: set[str] = attrs.field(factory=set)
    speaker_docs: defaultdict[str | None, set[str]] = attrs.field(factory=lambda: defaultdict(set))
    org_docs: defaultdict[str, set[str]] = attrs.field(factory=lambda: defaultdict(set))
    langs: Counter[str] = attrs.field(factory=Counter)
    extractors: Counter[str] = attrs.field(factory=Counter)
    errors: int = 0
    error_samples: list[str] = attrs.field(factory=list)
    sources: list[str] = attrs.field(factory=list)
    documents_read: int | None = 0
    documents_failed: int | None = 0

    # -- reading ------------------------------------------------------------------------------------------

    def add_file(self, path: str | Path) -> Summary:
        """Count the records of a JSONL or CSV output (`.gz` allowed); malformed lines count as errors."""
        self.sources.append(str(path))
        totals = _run_totals(path)
        if totals is None or self.documents_read is None or self.documents_failed is None:
            self.documents_read = self.documents_failed = None
        else:
            self.documents_read += totals[0]
            self.documents_failed += totals[1]
        combos, dates, docs = self.combos, self.dates, self.docs
        speaker_docs, org_docs = self.speaker_docs, self.org_docs
        langs, extractors = self.langs, self.extractors
        for _, r in iter_records(path):
            if isinstance(r, RecordError):
                self._error(str(r))
                continue
            get = r.get
            speaker, org, doc = get("speaker"), get("organization"), str(get("doc"))
            combos[(speaker, get("speaker_type"), org, get("kind"), get("claim_type"))] += 1
            docs.add(doc)
            speaker_docs[speaker].add(doc)
            if org:
                org_docs[org].add(doc)
            date = get("date")
            # Only well-formed ISO days enter the timeline; anything else counts as undated.
            if isinstance(date, str) and len(date) >= 10 and date[4] == "-" and date[7] == "-":
                dates[date[:10]] += 1
            langs[get("lang") or NONE] += 1
            extractors[get("extractor") or NONE] += 1
        self.records = sum(combos.values())
        return self

    def _error(self, message: str) -> None:
        self.errors += 1
        if len(self.error_samples) < MAX_ERRORS_KEPT:
            self.error_samples.append(message)

    def _repr_html_(self) -> str:
        heading = "Quotes in " + ", ".join(Path(s).name for s in self.sources)
        return fragment(_report_body(self, heading, (), 15))

    # -- tables -------------------------------------------------------------------------------------------

    def speakers(self, *, names_only: bool = False) -> list[dict[str, Any]]:
        """One row per speaker (an empty name for unattributed quotes), most quoted first.

        The speaker type and organization shown are the most frequent ones among the speaker's records.
        With `names_only`, only speakers that read as names (:func:`is_name`).
        """
        rows = self._grouped(0, extra=("speaker_type", "organization"))
        return [r for r in rows if is_name(r["speaker"])] if names_only else rows

    def organizations(self) -> list[dict[str, Any]]:
        """One row per organization named in the records, most quoted first."""
        return [row for row in self._grouped(2, extra=("speakers",)) if row["organization"]]

    def speaker_types(self) -> list[dict[str, Any]]:
        """One row per speaker type (`none` when missing), with its share of all quotes."""
        rows = self._grouped(1)
        for row in rows:
            row["speaker_type"] = row["speaker_type"] or NONE
            row["share"] = round(row["quotes"] / (self.records or 1), 4)
        return rows

    def claim_types(self) -> list[dict[str, Any]]:
        """One row per claim type (`none` when missing), in precedence order (docs/claims.md), with kinds and share."""
        rows = {row["claim_type"] or NONE: row for row in self._grouped(4)}
        out = []
        for claim in (*CLAIMS, NONE):
            if claim in rows:
                row = rows[claim]
                row["claim_type"] = claim
                row["share"] = round(row["quotes"] / (self.records or 1), 4)
                out.append(row)
        return out

    def kinds(self) -> dict[str, int]:
        """Quotes per kind (direct, indirect, mixed, and any other value found)."""
        counts: Counter[str] = Counter()
        for key, n in self.combos.items():
            counts[key[3] or NONE] += n
        return {k: counts[k] for k in (*KINDS, *sorted(set(counts) - set(KINDS)))}

    def timeline(self) -> list[dict[str, Any]]:
        """Quotes per statement date (ISO day), in date order."""
        return [{"date": day, "quotes": self.dates[day]} for day in sorted(self.dates)]

    def overview(self) -> list[dict[str, Any]]:
        """Headline figures as `metric, value` rows."""
        kinds = self.kinds()
        dated = sum(self.dates.values())
        unattributed = sum(n for key, n in self.combos.items() if not key[0])
        rows = [
            ("records", self.records),
            ("documents_with_quotes", len(self.docs)),
            ("documents_read", "" if self.documents_read is None else self.documents_read),
            ("documents_failed", "" if self.documents_failed is None else self.documents_failed),
            ("speakers", len([s for s in self.speaker_docs if s])),
            ("organizations", len(self.org_docs)),
            ("unattributed_quotes", unattributed),
            ("dated_quotes", dated),
            *((f"{k}_quotes", n) for k, n in kinds.items()),
            ("malformed_lines", self.errors),
        ]
        rows += [(f"lang_{k}", n) for k, n in self.langs.most_common()]
        rows += [(f"extractor_{k}", n) for k, n in self.extractors.most_common()]
        return [{"metric": k, "value": v} for k, v in rows]

    def _grouped(self, index: int, extra: Sequence[str] = ()) -> list[dict[str, Any]]:
        """Rows keyed by field `index` of the combination key, with kind and claim-type counts."""
        names = ("speaker", "speaker_type", "organization", "kind", "claim_type")
        name = names[index]
        total: Counter[Any] = Counter()
        by_kind: dict[Any, Counter[str]] = defaultdict(Counter)
        by_claim: dict[Any, Counter[str]] = defaultdict(Counter)
        types: dict[Any, Counter[str]] = defaultdict(Counter)
        orgs: dict[Any, Counter[str]] = defaultdict(Counter)
        people: dict[Any, set[str]] = defaultdict(set)
        for key, n in self.combos.items():
            group = key[index]
            total[group] += n
            by_kind[group][key[3] or NONE] += n
            by_claim[group][key[4] or NONE] += n
            if key[1]:
                types[group][key[1]] += n
            if key[2]:
                orgs[group][key[2]] += n
            if key[0]:
                people[group].add(key[0])
        rows = []
        for group, n in sorted(total.items(), key=lambda gn: (-gn[1], str(gn[0] or ""))):
            row: dict[str, Any] = {name: group or ""}
            if "speaker_type" in extra:
                row["speaker_type"] = types[group].most_common(1)[0][0] if types[group] else ""
            if "organization" in extra:
                row["organization"] = orgs[group].most_common(1)[0][0] if orgs[group] else ""
            row["quotes"] = n
            if "speakers" in extra:
                row["speakers"] = len(people[group])
            if index == 0:
                row["documents"] = len(self.speaker_docs.get(group, ()))
            elif index == 2 and group:
                row["documents"] = len(self.org_docs.get(group, ()))
            row.update({k: by_kind[group][k] for k in KINDS})
            row.update({c: by_claim[group][c] for c in (*CLAIMS, NONE)})
            rows.append(row)
        return rows

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """Every table of the report, by the name used in its CSV file."""
        return {
            "overview": self.overview(),
            "speakers": self.speakers(),
            "organizations": self.organizations(),
            "speaker_types": self.speaker_types(),
            "claim_types": self.claim_types(),
            "timeline": self.timeline(),
        }


def _run_totals(path: str | Path) -> tuple[int, int] | None:
    """(documents, failed documents) of the completed run that wrote `path`, from its journal, or None."""
    for ending in (".manifest.ndjson", ".manifest.jsonl"):
        journal = Path(f"{path}{ending}")
        if not journal.is_file():
            continue
        last = None
        with open(journal, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    last = line
        try:
            record = json.loads(last or "")
        except ValueError:
            return None
        if isinstance(record, dict) and record.get("complete"):
            return int(record.get("end", 0)), int(record.get("errors", 0))
    return None


_STOP_WORDS: frozenset[str] | None = None


def _stop_words() -> frozenset[str]:
    global _STOP_WORDS
    if _STOP_WORDS is None:
        from spacy.lang.en.stop_words import STOP_WORDS as english
        from spacy.lang.es.stop_words import STOP_WORDS as spanish

        _STOP_WORDS = frozenset(english | spanish)
    return _STOP_WORDS


def is_name(speaker: str | None) -> bool:
    """Whether a speaker string reads as the name of someone, for the report's speaker charts and tables.

    Not names: corpus placeholders ("NUMBER", from "*NUMBER*"); strings of common words only, with no
    capitalized word ("all the girls here", "fuentes oficiales"); a name run together with the sentence
    adverb before it ("Afterwards Trump", "Además Sánchez": a capitalized function word of five letters or
    more, which no given name is in English or Spanish). The records keep them; the CSV tables list them.
    """
    if not speaker or not speaker.strip():
        return False
    words = speaker.split()
    if len(words) == 1 and words[0].strip("*") in PLACEHOLDERS:
        return False
    if not any(w[:1].isupper() for w in words):
        return False
    first = words[0].lower()
    return not (len(words) > 1 and len(first) >= 5 and first in _stop_words())


def clip_timeline(days: Sequence[str], counts: Counter[str]) -> tuple[list[str], list[str]]:
    """The days to draw and the outlying days left out.

    A few dates far from the others (a wrongly resolved "en 1946", a typo in a publication date) would
    stretch the axis over decades and squash the data into a sliver. The range is clipped to where the
    central 98% of the dated quotes lie, widened by a quarter of itself, but only when the whole range is more
    than twice as long: an evenly spread corpus is drawn whole.
    """
    total = sum(counts[d] for d in days)
    if len(days) < 3 or total == 0:
        return list(days), []
    seen, low, high = 0, days[0], days[-1]
    for day in days:
        if seen <= OUTLIER_SHARE * total:
            low = day
        seen += counts[day]
        if seen >= (1 - OUTLIER_SHARE) * total:
            high = day
            break
    first, last = dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1])
    lo, hi = dt.date.fromisoformat(low), dt.date.fromisoformat(high)
    core = max((hi - lo).days, 30)
    if (last - first).days <= 2 * core:
        return list(days), []
    margin = dt.timedelta(days=core // 4 + 1)
    start, end = (lo - margin).isoformat(), (hi + margin).isoformat()
    shown = [d for d in days if start <= d <= end]
    return shown, [d for d in days if not start <= d <= end]


def summarize(paths: str | Path | Iterable[str | Path]) -> Summary:
    """Count the records of one or more extraction outputs (JSON Lines or CSV, plain or `.gz`).

    Example:
        >>> import json, tempfile, pathlib
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "out.jsonl"
        >>> recs = [{"doc": "a", "speaker": "Ana Pérez", "kind": "direct", "claim_type": "opinion"},
        ...         {"doc": "a", "speaker": "Ana Pérez", "kind": "indirect", "claim_type": "fact"}]
        >>> _ = out.write_text("\\n".join(json.dumps(r) for r in recs) + "\\n{bad\\n")
        >>> s = summarize(out)
        >>> s.records, s.errors, s.speakers()[0]["speaker"], s.speakers()[0]["direct"]
        (2, 1, 'Ana Pérez', 1)
    """
    summary = Summary()
    for path in [paths] if isinstance(paths, str | Path) else paths:
        summary.add_file(path)
    return summary


def write_csv(summary: Summary, directory: str | Path, prefix: str) -> list[Path]:
    """Write each table as `<directory>/<prefix>.<table>.csv`; returns the paths written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in summary.tables().items():
        path = directory / f"{prefix}.{name}.csv"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fields = list(rows[0]) if rows else ["empty"]
            writer = csv.DictWriter(fh, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
    return written


# -- the HTML report ----------------------------------------------------------------------------------------


def _bucket(days: Sequence[str], counts: Counter[str]) -> tuple[str, list[tuple[str, float]]]:
    """Group daily counts into days, months or years so that the timeline has a readable number of columns."""
    first, last = dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1])
    span = (last - first).days
    if span <= 92:
        unit, key = "day", (lambda d: d)
    elif span <= 6 * 366:
        unit, key = "month", (lambda d: d[:7])
    else:
        unit, key = "year", (lambda d: d[:4])
    grouped: Counter[str] = Counter()
    for day in days:
        grouped[key(day)] += counts[day]
    # Empty buckets between the first and the last are drawn as gaps, not skipped, so time reads evenly.
    labels: list[str] = []
    if unit == "day":
        labels = [(first + dt.timedelta(days=i)).isoformat() for i in range(span + 1)]
    elif unit == "month":
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            labels.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    elif last.year - first.year <= 150:
        labels = [f"{y:04d}" for y in range(first.year, last.year + 1)]
    else:
        labels = sorted(grouped)
    return unit, [(label, grouped[label]) for label in labels]


def _heat_table(rows: Sequence[dict[str, Any]], name: str, label: str) -> str:
    """Rows x claim types, each cell shaded by its share of the row."""
    present = [c for c in (*CLAIMS, NONE) if any(r[c] for r in rows)]
    dots = {
        c: f'<span class="dot" style="background:{CLAIM_COLORS.get(c, NONE_COLOR)}"></span>' for c in present
    }
    head = "".join(f'<th class="n">{dots[c]}{c}</th>' for c in present)
    body = []
    for r in rows:
        cells = []
        for c in present:
            share = r[c] / (r["quotes"] or 1)
            style = f' style="background: rgba(var(--heat), {0.08 + 0.55 * share:.2f})"' if r[c] else ""
            cells.append(f'<td class="heat"{style} title="{share:.0%}">{f"{r[c]:,}" if r[c] else ""}</td>')
        body.append(
            f'<tr><td>{_esc(r[name] or "(none)")}</td><td class="n">{r["quotes"]:,}</td>{"".join(cells)}</tr>'
        )
    return (
        f'<div class="scroll"><table class="t" aria-label="{_esc(label, quote=True)}"><thead><tr>'
        f'<th>{name}</th><th class="n">quotes</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[str], label: str) -> str:
    head = "".join(
        f'<th class="{"n" if isinstance(rows[0][c], int | float) else ""}">{c}</th>' for c in columns
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{r[c]:,}</td>' if isinstance(r[c], int | float) else f"<td>{_esc(str(r[c]))}</td>"
            for c in columns
        )
        + "</tr>"
        for r in rows
    )
    return (
        f'<div class="scroll"><table class="t" aria-label="{_esc(label, quote=True)}">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _figure(caption: str, chart: str, note: str = "") -> str:
    note_html = f'<p class="meta">{note}</p>' if note else ""
    return f'<figure class="chart"><figcaption>{_esc(caption)}</figcaption>{chart}{note_html}</figure>'


def render_report(
    summary: Summary, *, title: str | None = None, csv_files: Sequence[str] = (), top: int = 15
) -> str:
    """The corpus report as one self-contained HTML page with inline SVG charts.

    Args:
        summary: Counts from :func:`summarize`.
        title: Page heading (default: names the files summarized).
        csv_files: Names of the CSV tables written beside the report, listed at its end.
        top: Speakers and organizations shown in each chart (the tables show up to 50, the CSV files all).
    """
    heading = title or "Quotes in " + ", ".join(Path(s).name for s in summary.sources)
    return page(_esc(heading), _report_body(summary, heading, csv_files, top))


def _report_body(summary: Summary, heading: str, csv_files: Sequence[str], top: int) -> str:
    """The page: the headline figures, the charts, then the tables."""
    named = summary.speakers(names_only=True)
    orgs = summary.organizations()
    parts = [
        f'<div class="qv page report"><h1>{_esc(heading)}</h1>',
        f'<div class="bar"><span class="meta">{_esc(" · ".join(summary.sources))}</span>'
        '<button class="theme" type="button">Theme: auto</button></div>',
        _headline(summary, named, orgs),
    ]
    if not summary.records:
        parts.append('<p class="notice">No quote records found.</p>')
    charts = [
        _speaker_chart(summary, named, top),
        _organization_chart(orgs, top),
        _shares_chart(summary),
        _timeline_chart(summary),
    ]
    parts.append(f'<div class="charts">{"".join(charts)}</div>')
    parts += _tables(summary, named, orgs, csv_files)
    parts.append("</div>")
    return "".join(parts)


def _headline(summary: Summary, named: list[dict[str, Any]], orgs: list[dict[str, Any]]) -> str:
    """The row of big figures at the top: quotes, documents, speakers, organizations, direct and dated."""
    kinds = summary.kinds()
    n = summary.records or 1
    dated = sum(summary.dates.values())
    if summary.documents_read is not None:
        documents = (f"{len(summary.docs):,} / {summary.documents_read:,}", "documents with quotes / read")
    else:
        documents = (f"{len(summary.docs):,}", "documents with quotes")
    figures = [
        (f"{summary.records:,}", "quotes"),
        documents,
        (f"{len(named):,}", "speakers"),
        (f"{len(orgs):,}", "organizations"),
        (f"{kinds.get('direct', 0) / n:.0%}", "direct"),
        (f"{dated / n:.0%}", "dated"),
    ]
    if summary.errors:
        figures.append((f"{summary.errors:,}", "malformed lines"))
    return (
        '<div class="figures">'
        + "".join(f"<div class=figure><b>{v}</b><span>{_esc(k)}</span></div>" for v, k in figures)
        + "</div>"
    )


def _speaker_chart(summary: Summary, named: list[dict[str, Any]], top: int) -> str:
    """Most quoted speakers, by kind of quote ("" when no source is a name)."""
    if not named:
        return ""
    kind_series = [k for k in summary.kinds() if k in KIND_COLORS]
    not_names = sum(r["quotes"] for r in summary.speakers() if r["speaker"] and not is_name(r["speaker"]))
    rows = [(r["speaker"], [r[k] for k in kind_series]) for r in named[:top]]
    return _figure(
        f"Most quoted speakers (top {len(rows)} of {len(named):,})",
        svg.legend({k: KIND_COLORS[k] for k in kind_series})
        + svg.stacked_bars(rows, kind_series, KIND_COLORS, label="quotes per speaker, by kind"),
        f"{not_names:,} quotes whose source is not a name (common words, corpus placeholders) are "
        "left out of the speaker charts; the speakers CSV table lists them."
        if not_names
        else "",
    )


def _organization_chart(orgs: list[dict[str, Any]], top: int) -> str:
    """Most quoted organizations, by claim type ("" when no quote names one)."""
    if not orgs:
        return ""
    claim_series = [c for c in (*CLAIMS, NONE) if any(r[c] for r in orgs[:top])]
    colors = {c: CLAIM_COLORS.get(c, NONE_COLOR) for c in claim_series}
    rows = [(r["organization"], [r[c] for c in claim_series]) for r in orgs[:top]]
    return _figure(
        f"Most quoted organizations (top {len(rows)} of {len(orgs):,}), by claim type",
        svg.legend(colors)
        + svg.stacked_bars(rows, claim_series, colors, label="quotes per organization, by claim type"),
    )


def _shares_chart(summary: Summary) -> str:
    """Shares of all quotes by kind, speaker type and claim type ("" without quotes)."""
    if not summary.records:
        return ""
    kind_parts = [(k, v, KIND_COLORS.get(k, NONE_COLOR)) for k, v in summary.kinds().items()]
    type_parts = [
        (r["speaker_type"], r["quotes"], SPEAKER_TYPE_COLORS.get(r["speaker_type"], NONE_COLOR))
        for r in summary.speaker_types()
    ]
    claim_parts = [
        (r["claim_type"], r["quotes"], CLAIM_COLORS.get(r["claim_type"], NONE_COLOR))
        for r in summary.claim_types()
    ]
    return _figure(
        "Shares of all quotes",
        "<p class=meta>Direct vs indirect</p>"
        + svg.share_bar(kind_parts, label="share of quote kinds")
        + "<p class=meta>Speaker type</p>"
        + svg.share_bar(type_parts, label="share of speaker types")
        + "<p class=meta>Claim type</p>"
        + svg.share_bar(claim_parts, label="share of claim types"),
    )


def _timeline_chart(summary: Summary) -> str:
    """Quotes per day, week or month of their statement date; far outliers are counted, not drawn."""
    if not summary.dates:
        return _figure("Quotes over time", "<p class=meta>No quote has a statement date.</p>")
    dated = sum(summary.dates.values())
    days, outliers = clip_timeline(sorted(summary.dates), summary.dates)
    unit, points = _bucket(days, summary.dates)
    note = f"{dated:,} of {summary.records:,} quotes have a statement date, from {days[0]} to {days[-1]}."
    if outliers:
        left_out = sum(summary.dates[d] for d in outliers)
        note += (
            f" {left_out:,} dated outside that range are not drawn (from {outliers[0]} to {outliers[-1]}; "
            "the timeline CSV table has them)."
        )
    return _figure(f"Quotes over time (per {unit})", svg.columns(points, label=f"quotes per {unit}"), note)


def _tables(
    summary: Summary, named: list[dict[str, Any]], orgs: list[dict[str, Any]], csv_files: Sequence[str]
) -> list[str]:
    """The tables under the charts: claim types per speaker and organization, speakers, malformed lines."""
    parts = []
    if named:
        parts.append(
            "<h2>Claim types per speaker</h2>" + _heat_table(named[:20], "speaker", "claim types per speaker")
        )
    if orgs:
        parts.append(
            "<h2>Claim types per organization</h2>"
            + _heat_table(orgs[:20], "organization", "claim types per organization")
        )
    if named:
        cols = ["speaker", "speaker_type", "organization", "quotes", "documents", *KINDS]
        parts.append(f"<h2>Speakers (top {min(50, len(named))})</h2>" + _table(named[:50], cols, "speakers"))
    if summary.error_samples:
        items = "".join(f"<li>{_esc(e)}</li>" for e in summary.error_samples)
        parts.append(f"<h2>Malformed lines ({summary.errors:,})</h2><ul>{items}</ul>")
    if csv_files:
        links = " · ".join(f'<a href="{_esc(f, quote=True)}">{_esc(f)}</a>' for f in csv_files)
        parts.append(f"<footer>Full tables: {links}</footer>")
    return parts
