"""The one record that flows through every stage, and its versioned Parquet schema.

A :class:`Document` is created by a reader with the raw input (``html`` and/or ``text``)
and its provenance, then filled in place by the stages: extraction writes the article
fields, cleaning writes ``text`` and ``removed``, news parsing writes ``news``,
assessment writes ``scores`` and ``flags``, the decide stage writes ``decision`` and
``reason``, dedup writes the ``cluster_*`` fields. Keeping one flat, typed record (rather
than a free-form metadata dict) is what lets the Parquet schema be declared, versioned and
read back by other tools without guessing.

``SCHEMA_VERSION`` changes whenever a field is added, renamed or retyped; it is stored in
every Parquet file's metadata and in every JSONL line (``schema_version``). Version 2 stores
``scores`` in Parquet as a list of ``{name, value}`` structs, sorted by name, instead of
version 1's Arrow map, which Hugging Face ``datasets`` cannot load; parts of either version
are read back (:func:`scores_from_column`). Field-by-field documentation for people who only
read the output: docs/record.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate
from operator import attrgetter, itemgetter
from typing import Any

import pyarrow as pa

SCHEMA_VERSION = "2"

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
class DroppedBlock:
    """A block of page text the extractor left out of the article, with why and where.

    ``index`` uses the record's one line numbering (see :class:`Document`): the block sat
    just before line ``index`` of the text the cleaner was given (the extracted text), so
    ``index == 0`` is above the first body line and ``index == n_lines`` below the last.
    ``where`` is ``inside`` (within the element the extractor chose as the article
    container), ``beside`` (elsewhere in the page body: sidebars, comment sections,
    recommendation rails) or ``page`` (the site's header, navigation or footer; one entry
    summarises a whole region, ``lines`` says how many page lines it stands for).
    """

    index: int
    line: str
    reason: str  # stable code, the cleaner's where one fits ("author_box", "related_link")
    where: str  # "inside" | "beside" | "page"
    lines: int = 1


@dataclass(slots=True)
class Flag:
    """A finding with its evidence: which rule fired, where, on what value, against what limit.

    ``line`` is a line number in the record's one numbering (see :class:`Document`);
    ``start``/``end`` are character offsets within ``Document.text`` for evidence on a kept
    line, -1 for evidence on a removed or dropped line; ``line`` is -1 where the flag is
    document-wide.
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
    """A quote (direct, or the content of an indirect attribution) and, where the text names
    one, its speaker: the name as resolved, the span of the mention it was read from, and how
    it was resolved (``explicit``, ``pronoun``, ``role`` or ``carried``)."""

    text: str
    speaker: str | None = None
    start: int = -1
    end: int = -1
    speaker_start: int = -1  # the mention the speaker was read from ("he", "the spokesman")
    speaker_end: int = -1
    resolution: str | None = None  # explicit / pronoun / role / carried; None: no speaker


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
    #: indirect attributions ("X said that …", "according to X, …"): text = the content
    indirect: list[Quote] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """One input document and everything newssift learns about it.

    One line numbering for the whole record: a line number is a 0-based index into
    ``splitlines()`` of the text the cleaner was given (for a text input, the input text
    itself, title and blank lines included; for an HTML input, the extracted text). The
    cleaner's ``removed[].index``, every ``flags[].line``, and ``line_numbers`` (the number
    of each line of the cleaned ``text``) count in it; an extractor's ``dropped[].index``
    is the line the block sat just before.
    """

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
    #: line number (in the one numbering) of each line of ``text``; empty = identity
    line_numbers: list[int] = field(default_factory=list)
    # what the extractor left out of the article (capped list; ``dropped_total`` counts all)
    dropped: list[DroppedBlock] = field(default_factory=list)
    dropped_total: int = 0
    #: readers' comments (extract, only in a run with ``--comments``: one text, one page line
    #: per line, "" when the page has none); None, and absent from the output, otherwise
    comments: str | None = None
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
    #: transient, never written: the page's own bytes when ``html`` is exactly their UTF-8
    #: decoding (set by the WARC and file readers; the extract stage hands them to the
    #: parser, which then needs no re-encode of ``html``, and clears the field)
    html_utf8: bytes | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Plain nested dict (JSON-ready), the JSONL form of the record."""
        d = dataclasses.asdict(self)
        del d["html_utf8"]
        if d["comments"] is None:  # a run without --comments writes what it always wrote
            del d["comments"]
        d["schema_version"] = SCHEMA_VERSION
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        """Inverse of :meth:`to_dict` (unknown keys are ignored, missing ones defaulted)."""
        names = {f.name for f in dataclasses.fields(cls)}
        kw = {k: v for k, v in d.items() if k in names}
        kw["removed"] = [RemovedLine(**r) for r in kw.get("removed") or []]
        kw["flags"] = [Flag(**f) for f in kw.get("flags") or []]
        kw["dropped"] = [DroppedBlock(**b) for b in kw.get("dropped") or []]
        kw["line_numbers"] = list(kw.get("line_numbers") or [])
        kw["dropped_total"] = int(kw.get("dropped_total") or 0)
        kw["authors"] = list(kw.get("authors") or [])
        kw["scores"] = scores_to_dict(kw.get("scores"))
        news = kw.get("news")
        if isinstance(news, dict):
            news = dict(news)
            news["quotes"] = [Quote(**q) for q in news.get("quotes") or []]
            news["indirect"] = [Quote(**q) for q in news.get("indirect") or []]
            news["agencies"] = list(news.get("agencies") or [])
            kw["news"] = NewsParts(**news)
        return cls(**kw)


_REMOVED = pa.struct(
    [("index", pa.int32()), ("line", pa.string()), ("reason", pa.string()), ("score", pa.float64())]
)
_DROPPED = pa.struct(
    [("index", pa.int32()), ("line", pa.string()), ("reason", pa.string()),
     ("where", pa.string()), ("lines", pa.int32())]
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
    [
        ("text", pa.string()),
        ("speaker", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("speaker_start", pa.int32()),
        ("speaker_end", pa.int32()),
        ("resolution", pa.string()),
    ]
)
#: One score: ``scores`` is a list of these, sorted by name (schema version 2; version 1
#: used ``map<string, double>``, which ``datasets`` has no feature type for).
_SCORE = pa.struct([("name", pa.string()), ("value", pa.float64())])
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
        ("indirect", pa.list_(_QUOTE)),
    ]
)

#: The Parquet schema of a record (documented field by field in docs/record.md).
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
        ("line_numbers", pa.list_(pa.int32())),
        ("dropped", pa.list_(_DROPPED)),
        ("dropped_total", pa.int32()),
        ("news", _NEWS),
        ("scores", pa.list_(_SCORE)),
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

#: The schema of a run with ``--comments``: :data:`SCHEMA` and a last column ``comments``
#: (a run without the option has no such column, so its parts are as they always were).
SCHEMA_COMMENTS = SCHEMA.append(pa.field("comments", pa.string()))


def schema_for(comments: bool) -> pa.Schema:
    """The Parquet schema of a run's parts: with the ``comments`` column or without."""
    return SCHEMA_COMMENTS if comments else SCHEMA


_NESTED = ("authors", "removed", "line_numbers", "dropped", "news", "scores", "flags")
_SCALARS = [f.name for f in SCHEMA if f.name not in _NESTED]


def _quote_row(q: Quote) -> dict:
    return {
        "text": q.text,
        "speaker": q.speaker,
        "start": q.start,
        "end": q.end,
        "speaker_start": q.speaker_start,
        "speaker_end": q.speaker_end,
        "resolution": q.resolution,
    }


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
        "quotes": [_quote_row(q) for q in n.quotes],
        "indirect": [_quote_row(q) for q in n.indirect],
    }


def to_arrow(docs: list[Document], comments: bool = False) -> pa.Table:
    """Records to an Arrow table with :data:`SCHEMA` (scores as ``{name, value}`` structs,
    sorted by name); ``comments=True``: with :data:`SCHEMA_COMMENTS`.

    Built column by column with plain attribute access: ``dataclasses.asdict`` deep-copies
    every field and was most of the writer's time.
    """
    cols: dict[str, Any] = {name: [getattr(d, name) for d in docs] for name in _SCALARS}
    cols["authors"] = [d.authors for d in docs]
    cols["removed"] = _struct_lists([d.removed for d in docs], _REMOVED, attrgetter)
    cols["line_numbers"] = [d.line_numbers for d in docs]
    cols["dropped"] = _struct_lists([d.dropped for d in docs], _DROPPED, attrgetter)
    cols["news"] = [_news_row(d.news) for d in docs]
    cols["scores"] = _struct_lists([sorted(d.scores.items()) for d in docs], _SCORE,
                                   _SCORE_ITEM.__getitem__)
    cols["flags"] = _struct_lists([d.flags for d in docs], _FLAG, attrgetter)
    schema = schema_for(comments)
    if comments:
        cols["comments"] = [d.comments for d in docs]
    arrays = [c if isinstance(c := cols[f.name], pa.Array) else pa.array(c, type=f.type)
              for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


#: The fields of a ``(name, value)`` score item (:func:`_struct_lists`).
_SCORE_ITEM = {"name": itemgetter(0), "value": itemgetter(1)}


def _struct_lists(per_doc: list[list], kind: pa.StructType,
                  getter: Callable[[str], Callable[[Any], Any]]) -> pa.ListArray:
    """A ``list<kind>`` column built field by field: ``per_doc`` holds each record's items,
    ``getter(name)`` reads field ``name`` of an item. The array ``pa.array`` makes of one
    dict per item (the same values, types and nulls; no list or struct is null), without
    a dict per item: those were most of the writer's Python time."""
    items = [x for xs in per_doc for x in xs]
    children = [pa.array(list(map(getter(f.name), items)), type=f.type) for f in kind]
    values = pa.StructArray.from_arrays(children, fields=list(kind))
    offsets = pa.array([0, *accumulate(len(xs) for xs in per_doc)], pa.int32())
    return pa.ListArray.from_arrays(offsets, values, type=pa.list_(kind))


def scores_to_dict(value: Any) -> dict[str, float]:
    """One record's ``scores`` as a dict, from any form it was stored in: a list of
    ``{name, value}`` structs (version 2), a map's ``(key, value)`` pairs as pyarrow gives
    them (version 1 Parquet), or a dict (JSONL, and in memory)."""
    if not value:
        return {}
    if isinstance(value, dict):
        return dict(value)
    out: dict[str, float] = {}
    for item in value:
        if isinstance(item, dict):
            out[item["name"]] = item["value"]
        else:
            key, val = item
            out[key] = val
    return out


def scores_from_column(column: pa.ChunkedArray | pa.Array) -> pa.Array:
    """A ``scores`` column of any schema version as version 2's list of ``{name, value}``
    structs (a version 1 map column is converted; entries are already sorted by name)."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if pa.types.is_map(column.type):
        return column.cast(pa.list_(_SCORE))
    return column


def from_arrow(table: pa.Table) -> list[Document]:
    """Inverse of :func:`to_arrow`; reads parts of every schema version (see
    :func:`scores_to_dict`)."""
    out = []
    for row in table.to_pylist():
        row["scores"] = scores_to_dict(row.get("scores"))
        out.append(Document.from_dict(row))
    return out
