"""The one record that flows through every stage, and its versioned Parquet schema.

A :class:`Document` is created by a reader with the raw input (``html`` and/or ``text``)
and its provenance, then filled in place by the stages: extraction writes the article
fields, cleaning writes ``text`` and ``removed``, news parsing writes ``news``,
assessment writes ``scores`` and ``flags``, the decide stage writes ``decision`` and
``reason``, dedup writes the ``cluster_*`` fields. Keeping one flat, typed record (rather
than a free-form metadata dict) is what lets the Parquet schema be declared, versioned and
read back by other tools without guessing.

``SCHEMA_VERSION`` changes whenever a field is added, renamed or retyped; it is stored in
every Parquet file's metadata and in every JSONL line (``schema_version``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

SCHEMA_VERSION = "1"

#: Decision values. ``None`` means no decision was made yet.
KEEP = "keep"
REJECT = "reject"
QUARANTINE = "quarantine"


@dataclass(slots=True)
class RemovedLine:
    """A line the cleaner took out of the body, with why."""

    index: int  # line index in the text before cleaning
    line: str
    reason: str  # stable code such as "related_link", "author_box"
    score: float = 1.0


@dataclass(slots=True)
class Flag:
    """A finding with its evidence: which rule fired, where, on what value, against what limit.

    ``line``/``start``/``end`` locate the evidence in ``Document.text`` (line index, and
    character offsets within the whole text); -1 where the flag is document-wide.
    """

    name: str  # e.g. "generated_bio", "script_mixing", "gopher_repetition"
    rule: str  # versioned rule name, e.g. "bio_generator_grammar/v1"
    value: float = 0.0
    threshold: float = 0.0
    line: int = -1
    start: int = -1
    end: int = -1
    text: str = ""


@dataclass(slots=True)
class Quote:
    """A direct quote and, where the text names one, its speaker."""

    text: str
    speaker: str | None = None
    start: int = -1
    end: int = -1


@dataclass(slots=True)
class NewsParts:
    """The parts of a news story that extractors ignore."""

    dateline_place: str | None = None
    dateline_date: str | None = None  # as written, e.g. "Jan.24"
    dateline_agency: str | None = None
    agencies: list[str] = field(default_factory=list)  # wire agencies mentioned or credited
    credits: str | None = None  # the credits line, as written
    credits_note: str | None = None  # e.g. "French version" found in the credits
    byline: str | None = None
    quotes: list[Quote] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """One input document and everything newssift learns about it."""

    id: str
    source: str  # input file path as given
    #: WARC: the record's byte offset (its gzip member's, for .warc.gz); JSONL: the byte
    #: offset of the line start (decompressed, for .jsonl.gz); Parquet: the row; files: 0
    source_offset: int = 0
    url: str | None = None
    fetch_date: str | None = None  # ISO 8601, from the WARC header or the input row
    html: str | None = None
    text: str | None = None
    # article fields (extract)
    title: str | None = None
    date: str | None = None  # ISO 8601 date of first publication
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None
    language: str | None = None  # ISO 639-1 where one exists; None: unknown
    language_score: float | None = None  # the identifier's probability; None: not identified
    language_declared: str | None = None  # what the page (or input row) declared: evidence
    canonical_url: str | None = None
    description: str | None = None
    # clean
    removed: list[RemovedLine] = field(default_factory=list)
    # news structure
    news: NewsParts | None = None
    # assess
    scores: dict[str, float] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)
    # decide
    decision: str | None = None
    reason: str | None = None
    error: str | None = None  # for quarantined documents: the error that stopped them
    # dedup
    cluster_id: str | None = None
    canonical_id: str | None = None
    canonical_similarity: float | None = None
    canonical_reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain nested dict (JSON-ready), the JSONL form of the record."""
        d = dataclasses.asdict(self)
        d["schema_version"] = SCHEMA_VERSION
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        """Inverse of :meth:`to_dict` (unknown keys are ignored, missing ones defaulted)."""
        names = {f.name for f in dataclasses.fields(cls)}
        kw = {k: v for k, v in d.items() if k in names}
        kw["removed"] = [RemovedLine(**r) for r in kw.get("removed") or []]
        kw["flags"] = [Flag(**f) for f in kw.get("flags") or []]
        kw["authors"] = list(kw.get("authors") or [])
        kw["scores"] = dict(kw.get("scores") or {})
        news = kw.get("news")
        if isinstance(news, dict):
            news = dict(news)
            news["quotes"] = [Quote(**q) for q in news.get("quotes") or []]
            news["agencies"] = list(news.get("agencies") or [])
            kw["news"] = NewsParts(**news)
        return cls(**kw)


_REMOVED = pa.struct(
    [("index", pa.int32()), ("line", pa.string()), ("reason", pa.string()), ("score", pa.float64())]
)
_FLAG = pa.struct(
    [
        ("name", pa.string()),
        ("rule", pa.string()),
        ("value", pa.float64()),
        ("threshold", pa.float64()),
        ("line", pa.int32()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("text", pa.string()),
    ]
)
_QUOTE = pa.struct(
    [("text", pa.string()), ("speaker", pa.string()), ("start", pa.int32()), ("end", pa.int32())]
)
_NEWS = pa.struct(
    [
        ("dateline_place", pa.string()),
        ("dateline_date", pa.string()),
        ("dateline_agency", pa.string()),
        ("agencies", pa.list_(pa.string())),
        ("credits", pa.string()),
        ("credits_note", pa.string()),
        ("byline", pa.string()),
        ("quotes", pa.list_(_QUOTE)),
    ]
)

#: The Parquet schema of a record (documented field by field in docs/architecture.md).
SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("source", pa.string()),
        ("source_offset", pa.int64()),
        ("url", pa.string()),
        ("fetch_date", pa.string()),
        ("html", pa.string()),
        ("text", pa.string()),
        ("title", pa.string()),
        ("date", pa.string()),
        ("authors", pa.list_(pa.string())),
        ("site_name", pa.string()),
        ("language", pa.string()),
        ("language_score", pa.float64()),
        ("language_declared", pa.string()),
        ("canonical_url", pa.string()),
        ("description", pa.string()),
        ("removed", pa.list_(_REMOVED)),
        ("news", _NEWS),
        ("scores", pa.map_(pa.string(), pa.float64())),
        ("flags", pa.list_(_FLAG)),
        ("decision", pa.string()),
        ("reason", pa.string()),
        ("error", pa.string()),
        ("cluster_id", pa.string()),
        ("canonical_id", pa.string()),
        ("canonical_similarity", pa.float64()),
        ("canonical_reason", pa.string()),
    ],
    metadata={b"newssift.schema_version": SCHEMA_VERSION.encode()},
)


_NESTED = ("authors", "removed", "news", "scores", "flags")
_SCALARS = [f.name for f in SCHEMA if f.name not in _NESTED]


def _news_row(n: NewsParts | None) -> dict | None:
    if n is None:
        return None
    return {
        "dateline_place": n.dateline_place,
        "dateline_date": n.dateline_date,
        "dateline_agency": n.dateline_agency,
        "agencies": n.agencies,
        "credits": n.credits,
        "credits_note": n.credits_note,
        "byline": n.byline,
        "quotes": [{"text": q.text, "speaker": q.speaker, "start": q.start, "end": q.end}
                   for q in n.quotes],
    }


def to_arrow(docs: list[Document]) -> pa.Table:
    """Records to an Arrow table with :data:`SCHEMA` (scores as a map, sorted by key).

    Built column by column with plain attribute access: ``dataclasses.asdict`` deep-copies
    every field and was most of the writer's time.
    """
    cols: dict[str, list] = {name: [getattr(d, name) for d in docs] for name in _SCALARS}
    cols["authors"] = [d.authors for d in docs]
    cols["removed"] = [
        [{"index": r.index, "line": r.line, "reason": r.reason, "score": r.score}
         for r in d.removed]
        for d in docs
    ]
    cols["news"] = [_news_row(d.news) for d in docs]
    cols["scores"] = [sorted(d.scores.items()) for d in docs]
    cols["flags"] = [
        [{"name": f.name, "rule": f.rule, "value": f.value, "threshold": f.threshold,
          "line": f.line, "start": f.start, "end": f.end, "text": f.text} for f in d.flags]
        for d in docs
    ]
    arrays = [pa.array(cols[f.name], type=f.type) for f in SCHEMA]
    return pa.Table.from_arrays(arrays, schema=SCHEMA)


def from_arrow(table: pa.Table) -> list[Document]:
    """Inverse of :func:`to_arrow`."""
    out = []
    for row in table.to_pylist():
        row["scores"] = dict(row.get("scores") or [])
        out.append(Document.from_dict(row))
    return out
