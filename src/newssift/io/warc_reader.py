"""WARC records to documents: HTML responses kept, everything else counted, breakage kept.

A crawl WARC holds far more than article pages: request and metadata records, redirects,
images, scripts. Only HTML (``response`` records with an HTML payload, ``resource``
records of type text/html) become documents; every other record is skipped under a
stable reason so a user can see what a file held. A record that cannot be read (a broken
header, a gzip member cut short, a payload larger than the limit) becomes a quarantined
document with its offset, and reading resyncs at the next record start and goes on, so
a damaged WARC never loses records silently. The file is
streamed through fastwarc from a seeked file handle, so a unit of a 2 GB WARC reads only
its own records and never holds more than one payload in memory. A ``.warc.gz`` written
as one gzip stream (not one member per record) is read as the plain WARC it inflates to
(:mod:`newssift.io.inflated`), so it resyncs after a bad record as a plain WARC does.
"""

from __future__ import annotations

import contextlib
import os
import re
import zlib
from collections.abc import Callable, Generator, Iterator
from typing import BinaryIO, TypeVar

from newssift.io import storage
from newssift.io.charset import charset_from_content_type, decode_page, utf8_source
from newssift.io.inflated import Inflated, one_record_per_member
from newssift.io.kinds import GZIP_MAGIC
from newssift.io.options import ReadOptions
from newssift.io.planner import is_warc_member, next_warc_member
from newssift.io.record_ids import location_id, read_error_doc, short_hash
from newssift.io.units import WorkUnit
from newssift.record import Document
from newssift.stage import Stats

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xhtml"})


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _dechunk(data: bytes) -> bytes:
    """Undo HTTP chunked transfer coding (as stored verbatim by some crawlers)."""
    out, pos = bytearray(), 0
    while pos < len(data):
        eol = data.find(b"\r\n", pos)
        if eol < 0:
            break
        size_field = data[pos:eol].split(b";", 1)[0].strip()
        try:
            size = int(size_field, 16)
        except ValueError:
            raise ValueError("broken chunked transfer coding") from None
        if size == 0:
            break
        out += data[eol + 2 : eol + 2 + size]
        pos = eol + 2 + size + 2
    return bytes(out)


def _undo_encodings(data: bytes, transfer: str, content: str, limit: int) -> bytes:
    if "chunked" in transfer.lower():
        data = _dechunk(data)
    enc = content.strip().lower()
    if enc in ("gzip", "x-gzip", "deflate"):
        if data[:2] == b"\x1f\x8b" or enc != "deflate":
            d = zlib.decompressobj(wbits=47)
        else:
            d = zlib.decompressobj(wbits=15 if data[:1] == b"\x78" else -15)
        out = d.decompress(data, limit + 1)
        if len(out) > limit:
            raise ValueError(f"decompressed payload over {limit} bytes")
        return out
    if enc not in ("", "identity", "none"):
        raise ValueError(f"unsupported Content-Encoding {enc!r}")
    return data


def _target_uri(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):  # WARC 1.0 drafts wrote <uri>
        value = value[1:-1]
    return value or None


def _record_end(fh: BinaryIO, pos: int) -> int | None:
    """Offset just past the record (or gzip member) at ``pos``; None if it cannot tell."""
    fh.seek(pos)
    head = fh.read(1 << 16)
    if head[:2] == GZIP_MAGIC:
        d = zlib.decompressobj(wbits=31)
        read_bytes, chunk = 0, head
        try:
            while chunk and not d.eof:
                read_bytes += len(chunk)
                d.decompress(chunk, 1 << 20)  # output is thrown away; bounded per chunk
                while d.unconsumed_tail and not d.eof:
                    d.decompress(d.unconsumed_tail, 1 << 20)
                if not d.eof:
                    chunk = fh.read(1 << 16)
        except zlib.error:
            return pos
        return pos + read_bytes - len(d.unused_data) if d.eof else pos
    if not head.startswith(b"WARC/"):
        return None  # not a record start: the caller cannot tell where it ends
    end = head.find(b"\r\n\r\n")
    m = re.search(rb"\r\ncontent-length:[ \t]*(\d+)", head[: max(end, 0)], re.IGNORECASE)
    if end < 0 or not m:
        return pos
    return pos + end + 4 + int(m.group(1)) + 4


def _unread_tail(fh: BinaryIO, start: int, last_record: int | None) -> int | None:
    """Where data that fastwarc silently stopped at begins, or None if the file ended
    cleanly after the last record (only whitespace left)."""
    end = start if last_record is None else _record_end(fh, last_record)
    if end is None:
        return None
    fh.seek(end)
    rest = fh.read(256)
    return end if rest.strip() else None


#: A WARC record's first line, where reading an uncompressed file resyncs after junk.
_WARC_LINE = re.compile(rb"WARC/\d\.\d+\r?\n")
_RESYNC_CHUNK = 1 << 20


def _resync(fh: BinaryIO, after: int, gz: bool) -> int | None:
    """The first record start past ``after``, where reading goes on after a record it
    could not read: the next gzip member that inflates to a WARC header in a
    ``.warc.gz``, the next ``WARC/1.x`` line in a plain WARC; None if there is none."""
    if gz:
        return next_warc_member(fh, after + 1, fh.seek(0, os.SEEK_END))
    pos = after + 1
    while True:  # to the end of the data, not to a size: an Inflated view has none yet
        fh.seek(pos)
        chunk = fh.read(_RESYNC_CHUNK + 16)
        m = _WARC_LINE.search(chunk)
        if m is not None:
            return pos + m.start()
        if len(chunk) < _RESYNC_CHUNK + 16:
            return None
        pos += _RESYNC_CHUNK


#: How a record's block must end in a plain WARC: its two line ends, then the next
#: record's version line (fastwarc, like the format, takes any run of whitespace there).
_RECORD_GAP = b"\r\n\r\nWARC/"
_HEAD_FIRST = 4096
_HEAD_LIMIT = 1 << 16
_TAIL_PEEK = 4096
_HEADER_LINE = re.compile(rb"[!#-'*+\-.0-9A-Z^_`a-z|~]+:[^\r\n]*|[ \t][^\r\n]*")
_LENGTH_LINE = re.compile(rb"content-length:[ \t]*(\d+)[ \t]*", re.IGNORECASE)


def _header(fh: BinaryIO, pos: int) -> tuple[int, int] | None:
    """(length of the header block, its Content-Length) of a WARC record header at
    ``pos`` written as the format says (``WARC/1.x``, ``Name: value`` lines ending in
    CRLF, a blank line, a numeric Content-Length); None for anything else."""
    fh.seek(pos)
    head = fh.read(_HEAD_FIRST)
    end = head.find(b"\r\n\r\n")
    if end < 0 and len(head) == _HEAD_FIRST:
        head += fh.read(_HEAD_LIMIT - _HEAD_FIRST)
        end = head.find(b"\r\n\r\n")
    if end < 0:
        return None
    first, *lines = head[:end].split(b"\r\n")
    if re.fullmatch(rb"WARC/\d\.\d+", first) is None:
        return None
    length = None
    for line in lines:
        if _HEADER_LINE.fullmatch(line) is None:
            return None
        m = _LENGTH_LINE.fullmatch(line)
        if m is not None:
            length = int(m.group(1))
    return None if length is None else (end + 4, length)


def _overrun(fh: BinaryIO, pos: int, length: int) -> int | None:
    """The record start inside the block of the plain-WARC record at ``pos`` when its
    Content-Length ``length`` runs past the record's real end; None otherwise.

    A Content-Length that is too long swallowed the next record: fastwarc took its header
    as payload and failed further on, and that record had no document at all. The declared
    length is trusted whenever the block ends as the format requires (whitespace, then the
    next ``WARC/`` or the end of the file), so a payload is never cut, even one that holds
    what looks like a WARC record. Only where it does not, a ``CRLF CRLF`` inside the
    block followed by a well-formed header (:func:`_header`) is taken as the next record's
    start, the first one found. A length too short, or a block that holds no such start
    (a cut-off file, junk), is left to the reading that follows, which quarantines it."""
    own = _header(fh, pos)
    if own is None or own[1] != length:
        return None  # not a header this check can read; fastwarc's reading decides
    block = pos + own[0]
    end = block + length
    # Whether the data reaches the declared end is asked by reading there, not of the
    # file's size: an Inflated view (a single-stream .warc.gz) learns it only at its end.
    fh.seek(end - 1)
    peek = fh.read(_TAIL_PEEK + 1)
    if peek:
        rest = peek[1:].lstrip()
        if not rest or rest.startswith(b"WARC/"):  # the file ends, or the next record
            return None
    # the gap before a swallowed record begins inside the block (or before the data ends)
    at = block
    while at < end:
        fh.seek(at)
        want = min(_RESYNC_CHUNK, end - at) + len(_RECORD_GAP) - 1
        chunk = fh.read(want)
        i = chunk.find(_RECORD_GAP)
        while i >= 0 and at + i < end:
            start = at + i + 4
            if _header(fh, start) is not None:
                return start
            i = chunk.find(_RECORD_GAP, i + 1)
        if len(chunk) < want:  # the data ends inside the block
            return None
        at += _RESYNC_CHUNK
    return None


def _member_length_wrong(fh: BinaryIO, pos: int) -> str | None:
    """The Content-Length of the record whose gzip member starts at ``pos`` when the
    block it declares does not end where the member does (only the two line ends, or
    other whitespace, may follow it); None when it does, or when the member or its header
    cannot be read (the reading that follows says so).

    Asked only after the record following it failed: fastwarc reads a .warc.gz as one
    stream, so a length too long took the next record's header into the page and one too
    short cut the page, and either way the record was kept and the next member read on
    (session 33: kept without a word, where a plain WARC quarantines it)."""
    fh.seek(pos)
    d = zlib.decompressobj(wbits=31)
    head, total, tail = b"", 0, b""
    try:
        while not d.eof:
            src = d.unconsumed_tail or fh.read(1 << 16)
            if not src:
                return None  # a member cut off: the reading says so
            out = d.decompress(src, 1 << 20)
            if len(head) < _HEAD_LIMIT:
                head += out[: _HEAD_LIMIT - len(head)]
            total += len(out)
            tail = (tail + out)[-_GAP_LIMIT:]
    except zlib.error:
        return None
    end = head.find(b"\r\n\r\n")
    m = re.search(rb"\r\ncontent-length:[ \t]*(\d+)", head[: max(end, 0)], re.IGNORECASE)
    if end < 0 or m is None:
        return None
    block_end = end + 4 + int(m.group(1))
    rest = total - block_end
    if 0 <= rest <= len(tail) and not tail[len(tail) - rest :].strip():
        return None
    return m.group(1).decode()


#: Whitespace after a record's block that :func:`_member_length_wrong` looks at.
_GAP_LIMIT = 64


def _at_end(fh: BinaryIO, pos: int) -> bool:
    """Whether only whitespace (or nothing) follows ``pos``."""
    fh.seek(pos)
    return not fh.read(256).strip()


def _release(held: tuple[str, Document | None] | None, stats: Stats) -> Iterator[Document]:
    """Counts a held record's outcome and gives out its document, if any."""
    if held is not None:
        stats.inc(held[0])
        if held[1] is not None:
            yield held[1]


ARC_MESSAGE = "ARC (version 1) files are not supported; convert them to WARC"


def _is_arc(fh: BinaryIO, gz: bool) -> bool:
    """Whether the file opens as an ARC (version 1) file, gzipped or not. Asked of the
    inflated bytes: a ``.arc.gz`` was quarantined "unreadable WARC record at offset 0:
    Invalid WARC header", as the check looked at the gzip magic. (The planner never cuts
    an ARC file, whose members inflate to no WARC header, so its one unit starts at 0.)"""
    fh.seek(0)
    head = fh.read(4096)
    if gz:
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 11)
        except zlib.error:
            return False
    return head.startswith(b"filedesc://")


def read_warc(unit: WorkUnit, rel: str, opts: ReadOptions, stats: Stats) -> Iterator[Document]:
    """Documents of the records that start in ``[unit.start, unit.end)`` of one WARC.

    A record that cannot be read (broken header, corrupt gzip member, junk between
    records, a Content-Length that ends it in the wrong place) is quarantined and reading
    resyncs at the next record start (:func:`_resync`) and goes on to the unit's end; it
    used to end the unit there, and every later record of it was lost without a record or
    a counter. Where no record start follows, the quarantined record says so.
    """
    path = storage.recorded(unit.paths[0])  # the documents' source
    with contextlib.ExitStack() as stack:
        fh = stack.enter_context(storage.open_read(unit.paths[0]))
        if unit.start == 0 and not fh.read(1):
            stats.inc("read/empty_file")
            return
        fh.seek(0)
        gz = fh.read(2) == GZIP_MAGIC
        if unit.start == 0 and _is_arc(fh, gz):
            stats.inc("read/quarantined/arc_file")
            yield read_error_doc(path, rel, 0, ARC_MESSAGE)
            return
        # A .warc.gz written as one gzip stream (the planner never cuts one) is read as
        # the plain WARC it inflates to: see newssift.io.inflated.
        inflated = gz and unit.start == 0 and unit.end < 0 and not one_record_per_member(fh)
        if inflated:
            fh, gz = Inflated(fh), False
        # A second handle checks each record's framing in a plain WARC (fastwarc reads
        # ahead on the first); a .warc.gz's members frame its records.
        probe: BinaryIO | Inflated | None
        if inflated:
            assert isinstance(fh, Inflated)
            probe = fh.twin()  # one inflation for both
        else:
            probe = None if gz else stack.enter_context(storage.open_read(unit.paths[0]))
        start: int | None = unit.start
        while start is not None:
            start = yield from _read_from(fh, start, unit, rel, path, gz, opts, stats, probe)


def _quarantine(fh: BinaryIO, unit: WorkUnit, rel: str, path: str, gz: bool, stats: Stats,
                counter: str, offset: int, message: str, search_from: int,
                broken: bool = True) -> Generator[Document, None, int | None]:
    """Yields the quarantined record of what could not be read at ``offset``, and returns
    where this unit reads on (None: the unit is done). The message names the next record
    start wherever it lies (searched to the end of the file, so the record reads the same
    however the file was cut into units); one in a later unit is that unit's to read."""
    nxt = _resync(fh, search_from, gz)
    if nxt is not None:
        message += f"; read on from offset {nxt}"
    elif isinstance(fh, Inflated) and fh.broken:
        message += f"; {fh.broken}"
    elif gz and broken:
        message += "; no gzip member starts after it, so the rest of the file is not read"
    stats.inc(counter)
    yield read_error_doc(path, rel, offset, message)
    return nxt if nxt is not None and (unit.end < 0 or nxt < unit.end) else None


T = TypeVar("T")


def _payload(read: Callable[[], T]) -> tuple[T | None, Exception | None]:
    """``read()`` (a record's payload, read or consumed), or the error that stopped it:
    corrupt deflate data past fastwarc's first buffer raised an ``OSError`` that ended
    the unit there, and every later record of it was lost (review r49)."""
    try:
        return read(), None
    except Exception as exc:
        return None, exc


def _unreadable(fh: BinaryIO, unit: WorkUnit, rel: str, path: str, gz: bool, stats: Stats,
                pos: int, exc: Exception) -> Generator[Document, None, int | None]:
    """The record at ``pos`` whose payload could not be read, quarantined; read on at the
    next record start after it."""
    return (yield from _quarantine(
        fh, unit, rel, path, gz, stats, "read/quarantined/broken_warc", pos,
        f"unreadable WARC record at offset {pos}: {exc}", pos))


def _read_from(fh: BinaryIO, start: int, unit: WorkUnit, rel: str, path: str, gz: bool,
               opts: ReadOptions, stats: Stats,
               probe: BinaryIO | Inflated | None = None,
               ) -> Generator[Document, None, int | None]:
    """Documents of the records from ``start`` (a record start) to the unit's end, or to
    the first record that cannot be read; returns where reading resyncs after it (None
    when the unit is done). ``probe``, a second handle on a plain WARC (or the inflation's
    twin for one gzipped as one stream), checks that each record's Content-Length does not
    run into the next record (:func:`_overrun`)."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    fh.seek(start)
    records = iter(ArchiveIterator(fh, parse_http=True))
    last_pos, seen = start, False
    # What the record read last gave (its counter, and its document if any), given out
    # once the next record is read: in a .warc.gz, a failure there can show that its
    # Content-Length did not end its gzip member, and then it is quarantined instead.
    # Only there: the worker notes the document it holds before asking for it
    # (execute/in_flight.py), so a crash while the next record is parsed names the
    # previous document in such a file (r49), and the right one in any other.
    held: tuple[str, Document | None] | None = None
    while True:
        if not gz and held is not None:  # only a gzip member can show it wrong (r49)
            yield from _release(held, stats)
            held = None
        try:
            rec = next(records)
        except StopIteration:
            yield from _release(held, stats)
            tail = _unread_tail(fh, start, last_pos if seen else None)
            if tail is None and isinstance(fh, Inflated) and fh.broken:
                tail = fh.seek(0, os.SEEK_END)  # the records' data ends where gzip breaks
            if tail is not None and (unit.end < 0 or tail < unit.end):  # else: next unit's
                return (yield from _quarantine(
                    fh, unit, rel, path, gz, stats, "read/quarantined/truncated", tail,
                    f"unreadable data at offset {tail} (cut-off file?)", tail, broken=False))
            return None
        except Exception as exc:  # broken header, bad gzip, binary junk
            # The failing record starts where the last good one ends; it belongs to
            # the unit its offset falls in, so a split read reports it exactly once.
            fail_pos = last_pos
            if seen:
                end = _record_end(fh, last_pos)
                if end is not None and end > last_pos:
                    fail_pos = end
            wrong = (_member_length_wrong(fh, last_pos)
                     if gz and held is not None and fail_pos > last_pos else None)
            if wrong is not None:
                message = (f"WARC record at offset {last_pos} has a Content-Length of {wrong} "
                           f"that does not end its gzip member (at offset {fail_pos})")
                if is_warc_member(fh, fail_pos):
                    message += f"; read on from offset {fail_pos}"
                held = ("read/quarantined/broken_warc",
                        read_error_doc(path, rel, last_pos, message))
            yield from _release(held, stats)
            if unit.end >= 0 and fail_pos >= unit.end:
                return None
            if wrong is not None and _at_end(fh, fail_pos):
                return None  # that member was the file's last
            if gz and fail_pos > last_pos and is_warc_member(fh, fail_pos):
                # The record read last ended its gzip member in the wrong place (a wrong
                # Content-Length) and the next member is a record's: read on from it, as
                # a unit starting there would (review r38: it was quarantined and skipped
                # only when the file was read whole). If it cannot be read either, that
                # second read quarantines it at its own offset.
                return fail_pos
            return (yield from _unreadable(fh, unit, rel, path, gz, stats, fail_pos, exc))
        yield from _release(held, stats)
        held = None
        pos = rec.stream_pos
        if unit.end >= 0 and pos >= unit.end:
            return None
        last_pos, seen = pos, True
        length = (rec.headers.get("Content-Length") or "").strip()
        if not (length.isascii() and length.isdigit()):  # int() takes "²" too
            return (yield from _quarantine(
                fh, unit, rel, path, gz, stats, "read/quarantined/broken_warc", pos,
                f"WARC record at offset {pos} has a bad Content-Length {length[:40]!r}", pos))
        expected = rec.content_length
        # Checked before any reason to skip a record: a request record can overrun too.
        # (``expected`` is the payload's length once fastwarc has read the HTTP headers.)
        # (not in a one-stream file where the probe's peek would drop the bytes the reader
        # has yet to read: every such record inflated the file again from its start, r49)
        far = isinstance(probe, Inflated) and probe.would_drop_others(pos + int(length))
        if far:  # its place (not read: a seek costs nothing) holds no bytes behind it
            probe.seek(pos + int(length))
        inner = None if probe is None or far else _overrun(probe, pos, int(length))
        if inner is not None:
            return (yield from _quarantine(
                fh, unit, rel, path, gz, stats, "read/quarantined/broken_warc", pos,
                f"WARC record at offset {pos} has a Content-Length of {length} that runs "
                f"into the record at offset {inner}", inner - 1))
        skip = None
        headers = ctype = None
        if rec.record_type not in (WarcRecordType.response, WarcRecordType.resource):
            wtype = (rec.headers.get("WARC-Type") or "unknown").strip().lower()
            skip = f"record_{wtype if wtype.isalpha() else 'unknown'}"
        elif rec.is_http:  # an application/http block (not e.g. a dns: response)
            headers = rec.http_headers if rec.is_http_parsed else None
            if headers is None or headers.status_code is None:
                _, exc = _payload(rec.consume)
                if exc is not None:
                    return (yield from _unreadable(fh, unit, rel, path, gz, stats, pos, exc))
                held = ("read/quarantined/bad_http", read_error_doc(
                    path, rel, pos, f"WARC record at offset {pos} has no readable HTTP headers"))
                continue
            ctype = headers.get("Content-Type")
            if not 200 <= headers.status_code < 300:
                skip = "http_status"
        else:
            ctype = rec.headers.get("Content-Type")
        mime = _mime(ctype)
        if not skip and mime and mime not in HTML_TYPES:
            skip = "non_html"
        if skip:
            got, exc = _payload(rec.consume)
            if got is None:
                return (yield from _unreadable(fh, unit, rel, path, gz, stats, pos, exc))
            if got < expected:  # a cut-off file ends in this record (or a gzip member)
                return (yield from _quarantine(
                    fh, unit, rel, path, gz, stats, "read/quarantined/truncated", pos,
                    f"truncated WARC record at offset {pos}: {got} of {expected} bytes", pos,
                    broken=False))
            held = (f"read/skipped/{skip}", None)
            continue
        if expected > opts.max_record_bytes:
            _, exc = _payload(rec.consume)
            if exc is not None:
                return (yield from _unreadable(fh, unit, rel, path, gz, stats, pos, exc))
            held = ("read/quarantined/too_large", read_error_doc(
                path, rel, pos, f"WARC record at offset {pos} is {expected} bytes, over "
                f"the limit of {opts.max_record_bytes}"))
            continue
        data, exc = _payload(rec.reader.read)
        if data is None:
            return (yield from _unreadable(fh, unit, rel, path, gz, stats, pos, exc))
        if len(data) < expected:
            return (yield from _quarantine(
                fh, unit, rel, path, gz, stats, "read/quarantined/truncated", pos,
                f"truncated WARC record at offset {pos}: {len(data)} of {expected} bytes", pos,
                broken=False))
        try:
            if headers is not None:
                data = _undo_encodings(
                    data,
                    headers.get("Transfer-Encoding") or "",
                    headers.get("Content-Encoding") or "",
                    opts.max_record_bytes,
                )
        except (ValueError, zlib.error) as exc:
            held = ("read/quarantined/bad_encoding",
                    read_error_doc(path, rel, pos, f"WARC record at offset {pos}: {exc}"))
            continue
        if not mime and data[:1024].lstrip()[:1] != b"<":
            held = ("read/skipped/non_html", None)
            continue
        html, encoding = decode_page(data, charset_from_content_type(ctype))
        record_id = rec.record_id
        held = ("read/docs", Document(
            id=short_hash("warc", record_id) if record_id else location_id(rel, pos),
            source=path,
            source_offset=pos,
            url=_target_uri(rec.headers.get("WARC-Target-URI")),
            fetch_date=rec.headers.get("WARC-Date"),
            html=html if opts.read_html else None,
            html_utf8=utf8_source(data, html, encoding) if opts.read_html else None,
        ))
