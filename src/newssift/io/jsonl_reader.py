"""JSON Lines to documents: one object per line, any line may be broken.

Text datasets arrive as JSONL with the page in an ``html`` or ``text`` field. A row's
publication date, where it gives one under a usual name (``ReadOptions.published_fields``),
becomes the record's ``date``; its ``date`` field is the fetch date, as a web corpus's
``date`` is its crawl date (:func:`row_dates`; newssift's own records are read as they say).

A byte range of an uncompressed file is read without scanning the file first: the range
owns the lines that *start* inside it, so the reader skips the partial line at its start
(unless it is at offset 0) and reads past its end to finish its last line. Every line is
accounted for: a line that is not JSON, not an object, has no content field, or is longer
than the size limit becomes a quarantined document at its byte offset, and reading goes
on with the next line. Lines are read with a bounded ``readline`` so a 50 MB line costs
one 50 MB buffer, never the file.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import gzip
import json
import re
import zlib
from collections.abc import Iterator
from typing import IO, Any

from newssift.io import storage
from newssift.io.kinds import GZIP_MAGIC
from newssift.io.options import ReadOptions
from newssift.io.record_ids import location_id, read_error_doc
from newssift.io.units import WorkUnit
from newssift.record import Document
from newssift.stage import Stats
from newssift.textarg import LONE_SURROGATE, REPLACEMENT

_SKIP_CHUNK = 1 << 20
#: A JSON escape of half a surrogate pair: json.loads turns a lone one into a character
#: that UTF-8 (and so every output file) cannot hold.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


#: Lines nested deeper than this are quarantined before ``json.loads`` sees them. The
#: decoder recurses once a level against the interpreter's recursion limit, so a 2 KB line
#: of 1,000 brackets raised RecursionError and stopped the run; and where it fails depends
#: on how deep the stack already is (a worker's differs from the main process's), so
#: catching the error alone would let -w 1 and -w 2 read one line differently. A fixed
#: depth decides the same everywhere, far above what a document's JSON nests.
MAX_DEPTH = 200
_BRACKET = re.compile(rb"[\[\]{}]")


def nesting_depth(line: bytes) -> int:
    """How deep the arrays and objects of one JSON line nest (brackets inside strings
    not counted). Escapes go first (a backslash in JSON always starts a two-byte escape,
    so pairs are removed left to right), then every other piece between quotes is a
    string; only what lies outside them is scanned, so a page's CSS in an ``html`` field
    costs a few C-speed passes."""
    plain = line.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside = b"".join(plain.split(b'"')[::2])
    depth = deepest = 0
    for m in _BRACKET.finditer(outside):
        if m.group() in b"[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _too_deep(line: bytes) -> bool:
    return (line.count(b"[") + line.count(b"{") > MAX_DEPTH
            and nesting_depth(line) > MAX_DEPTH)


def _no_lone_surrogates(obj: dict[str, Any]) -> dict[str, Any]:
    """``obj`` with each lone surrogate in its string values replaced by U+FFFD (a pair
    escaped as two halves is already one character after json.loads)."""
    return {k: LONE_SURROGATE.sub(REPLACEMENT, v) if isinstance(v, str) else v
            for k, v in obj.items()}


def _as_str(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def row_identity(row: dict[str, Any], opts: ReadOptions) -> tuple[str | None, str | None]:
    """The id and url a JSONL object or Parquet row gives itself (None where it gives none),
    for the quarantined record of a row that cannot be read on."""
    given = row.get(opts.id_field)
    return (_as_str(given) if given not in (None, "") else None,
            _as_str(row.get(opts.url_field)) or None)


#: newssift's own record field for the fetch date (docs/record.md): a row that has it is a
#: record of newssift's (its output read back), whose ``date`` is the publication date
OWN_FETCH_FIELD = "fetch_date"
OWN_DATE_FIELD = "date"
#: No upper bound on a row's publication date: the reader does not know the run's day
#: (the extract stage's ``today`` bounds the dates a page prints, where a later one is
#: usually another event's); a dataset's field is its own claim, read the same every day
_NO_BOUND = dt.date.max


def publication_day(value: Any) -> str | None:
    """A row's publication date as the record's ``date`` spells a page's (YYYY-MM-DD, the
    day as written: a time of day and its zone are left out, as
    :func:`newssift.extract.dates.parse_date` leaves them out of a page's), or None when
    the value reads as no date: a date or datetime (Parquet's date and timestamp columns),
    a unix timestamp in seconds or milliseconds, or any text the page dates are parsed
    from ("2023-11-14T09:30:00Z", "14 November 2023")."""
    # here, not at the top: importing newssift.extract loads the whole extractor (~0.2 s),
    # which a reader of rows without a publication date never needs
    from newssift.extract.dates import MIN_DATE, parse_date

    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat() if value >= MIN_DATE else None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if value != value or abs(value) == float("inf"):
            return None
        value = str(int(value))
    if not isinstance(value, str):
        return None
    day = parse_date(value, _NO_BOUND)
    return day.isoformat() if day is not None else None


def row_dates(row: dict[str, Any], opts: ReadOptions) -> tuple[str | None, str | None]:
    """The fetch date and the publication date of a JSONL object or Parquet row.

    The fetch date is the ``date_field``'s value as given; the publication date is the
    first of ``published_fields`` that reads as a day (:func:`publication_day`). A row of
    newssift's own records (it has a ``fetch_date`` field, and ``date_field`` is the
    default ``date``) is read as the record says: ``fetch_date`` the fetch date, ``date``
    the publication date, so a run's output read back keeps both."""
    fields = opts.published_fields
    fetch_field = opts.date_field
    if fetch_field == OWN_DATE_FIELD and OWN_FETCH_FIELD in row:
        fetch_field = OWN_FETCH_FIELD
        fields = (OWN_DATE_FIELD, *fields)
    published = None
    for name in fields:
        value = row.get(name)
        if value is not None and value != "":
            published = publication_day(value)
            if published is not None:
                break
    return _as_str(row.get(fetch_field)) or None, published


def row_to_document(
    row: dict[str, Any], source: str, rel: str, offset: int, opts: ReadOptions
) -> Document | str:
    """A Document from one JSONL object or Parquet row, or an error message."""
    html = row.get(opts.html_field)
    text = row.get(opts.text_field)
    html = html if isinstance(html, str) else None
    text = text if isinstance(text, str) else None
    if html is None and text is None:
        return f"no string field {opts.html_field!r} or {opts.text_field!r}"
    given = row.get(opts.id_field)
    fetch_date, date = row_dates(row, opts)
    return Document(
        id=_as_str(given) if given not in (None, "") else location_id(rel, offset),
        source=source,
        source_offset=offset,
        url=_as_str(row.get(opts.url_field)) or None,
        fetch_date=fetch_date,
        date=date,
        html=html if opts.read_html else None,
        text=text,
    )


def _skip_rest_of_line(fh: IO[bytes]) -> int:
    skipped = 0
    while True:
        chunk = fh.readline(_SKIP_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def read_jsonl(unit: WorkUnit, rel: str, opts: ReadOptions, stats: Stats) -> Iterator[Document]:
    """Documents of the lines that start in ``[unit.start, unit.end)`` of one JSONL file."""
    path = storage.recorded(unit.paths[0])  # the documents' source
    limit = opts.max_record_bytes
    with storage.open_read(unit.paths[0]) as raw:
        head = raw.read(2)
        if not head:
            stats.inc("read/empty_file")
            return
        compressed = head == GZIP_MAGIC
        raw.seek(0)
        fh: IO[bytes] = gzip.GzipFile(fileobj=raw) if compressed else raw  # type: ignore[assignment]
        pos = 0
        if not compressed and unit.start > 0:
            raw.seek(unit.start - 1)
            pos = unit.start - 1 + _skip_rest_of_line(raw)
        while unit.end < 0 or pos < unit.end:
            try:
                line = fh.readline(limit + 1)
            except (OSError, EOFError, zlib.error) as exc:
                stats.inc("read/quarantined/broken_gzip")
                yield read_error_doc(
                    path,
                    rel,
                    pos,
                    f"unreadable gzip data after offset {pos}: {type(exc).__name__}: {exc}",
                )
                return
            if not line:
                return
            start = pos
            pos += len(line)
            if len(line) > limit and not line.endswith(b"\n"):
                with contextlib.suppress(OSError, EOFError, zlib.error):
                    pos += _skip_rest_of_line(fh)
                stats.inc("read/quarantined/line_too_long")
                yield read_error_doc(
                    path,
                    rel,
                    start,
                    f"JSONL line at offset {start} is over the limit of {limit} bytes",
                )
                continue
            if not line.strip():
                stats.inc("read/skipped/blank_line")
                continue
            if start == 0 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8) :]  # files saved by Windows editors
            try:
                if _too_deep(line):
                    raise ValueError(f"nested more than {MAX_DEPTH} levels deep")
                obj = json.loads(line.decode("utf-8", errors="replace"))
            except (ValueError, RecursionError) as exc:  # RecursionError: see MAX_DEPTH
                stats.inc("read/quarantined/invalid_json")
                yield read_error_doc(path, rel, start, f"invalid JSON at offset {start}: {exc}")
                continue
            if not isinstance(obj, dict):
                stats.inc("read/quarantined/not_an_object")
                yield read_error_doc(
                    path,
                    rel,
                    start,
                    f"JSONL line at offset {start} is a {type(obj).__name__}, not an object",
                )
                continue
            if _SURROGATE_ESCAPE.search(line):
                obj = _no_lone_surrogates(obj)
            doc = row_to_document(obj, path, rel, start, opts)
            if isinstance(doc, str):
                stats.inc("read/quarantined/no_content")
                yield read_error_doc(path, rel, start, f"JSONL line at offset {start}: {doc}",
                                     *row_identity(obj, opts))
                continue
            stats.inc("read/docs")
            yield doc
