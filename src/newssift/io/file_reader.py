"""Single HTML and text files to documents, one document per file.

Saved pages and plain-text articles come as many small files; the planner batches them
and this reader turns each into one document. The document id hashes the path relative to
the input folder, so it is the same whichever directory a run starts from. A file that is
too large, cut-off gzip, or binary (an image saved as ``.html``) is quarantined rather
than decoded into garbage; an empty file is a document rejected as empty
(``read/empty_document``).
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator

from newssift.errors import InputError, click_error
from newssift.io import storage
from newssift.io.charset import decode_page, utf8_source, wide_encoding
from newssift.io.kinds import GZIP_MAGIC, HTML
from newssift.io.options import ReadOptions
from newssift.io.planner import UNLISTED_MARK, list_error
from newssift.io.record_ids import read_error_doc, short_hash
from newssift.io.units import WorkUnit
from newssift.record import Document
from newssift.stage import Stats

_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Every byte that is not a control byte (TAB..CR and 32..255); deleting these from a head
# leaves only the control bytes (0-8, 14-31), so the count is one C-level translate.
_NON_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


def control_count(head: bytes) -> int:
    """How many bytes of ``head`` are control bytes (0-8 or 14-31)."""
    return len(head.translate(None, _NON_CONTROL))


def looks_binary(data: bytes) -> bool:
    """Known binary signatures, or many NUL/control bytes in the head of a file that is
    not UTF-16/32 (with or without a byte-order mark). A few stray NULs in a page do not
    make it binary."""
    head = data[:1024]
    if head.startswith(_BINARY_MAGIC):
        return True
    if head.startswith(_UTF16_BOMS) or wide_encoding(data) is not None:
        return False
    nuls = head.count(0)
    controls = control_count(head)
    return nuls > max(4, len(head) // 100) or controls > len(head) * 0.05


def _read_bytes(path: str, limit: int) -> bytes:
    with storage.open_read(path) as fh:
        data = fh.read(limit + 1)
    if data[:2] == GZIP_MAGIC:
        d = zlib.decompressobj(wbits=31)
        out = d.decompress(data, limit + 1)
        if len(out) <= limit and not d.eof:
            raise ValueError("truncated gzip data")
        data = out
    if len(data) > limit:
        raise ValueError(f"file is over the limit of {limit} bytes")
    return data


def file_id(rel: str) -> str:
    return short_hash("file", rel.replace(os.sep, "/"))


def read_files(
    unit: WorkUnit, rels: list[str], opts: ReadOptions, stats: Stats
) -> Iterator[Document]:
    """One document per HTML or text file of the unit, in the unit's order."""
    for url, rel in zip(unit.paths, rels, strict=True):
        path = storage.recorded(url)  # the document's source
        try:
            data = _read_bytes(url, opts.max_record_bytes)
        except (OSError, ValueError, zlib.error) as exc:
            stats.inc("read/quarantined/unreadable_file")
            yield read_error_doc(path, rel, 0, f"cannot read {rel}: {exc}")
            continue
        if not data.strip():  # still a document: the file is one, and decide says why not
            stats.inc("read/empty_document")
        elif looks_binary(data):
            stats.inc("read/quarantined/binary")
            yield read_error_doc(path, rel, 0, f"{rel} looks binary, not {unit.kind}")
            continue
        if unit.kind == HTML:
            html, encoding = decode_page(data)
            doc = Document(id=file_id(rel), source=path, html=html if opts.read_html else None,
                           html_utf8=utf8_source(data, html, encoding) if opts.read_html else None)
        else:
            text, _ = decode_page(data)
            doc = Document(id=file_id(rel), source=path, text=text)
        stats.inc("read/docs")
        yield doc


def other_files(unit: WorkUnit, rels: list[str], stats: Stats) -> Iterator[Document]:
    """One quarantined record per file of a folder that no reader takes or that cannot
    be read (``error`` says which), so a folder's every file is accounted for; a folder
    inside that could not be listed (the planner gives it in place of its files) is one
    record, ``cannot list <folder>: <why>``; so is a folder URL whose listing failed,
    which the planner marks with a ``/`` at its end (``source`` is written without it)."""
    for url, rel in zip(unit.paths, rels, strict=True):
        if storage.is_url(url) and url.endswith(UNLISTED_MARK):
            stats.inc("read/quarantined/unlistable_folder")
            yield read_error_doc(storage.recorded(url.rstrip("/")), rel, 0,
                                 f"cannot list {rel}: {_url_list_error(url)}")
            continue
        if not storage.is_url(url) and os.path.isdir(url):
            stats.inc("read/quarantined/unlistable_folder")
            yield read_error_doc(storage.recorded(url), rel, 0,
                                 f"cannot list {rel}: {_list_error(url)}")
            continue
        try:
            storage.require_regular(url)
            with storage.open_read(url) as fh:
                fh.read(1)
        except OSError as exc:
            stats.inc("read/quarantined/unreadable_file")
            error = f"cannot read {rel}: {exc.strerror or exc}"
        else:
            stats.inc("read/quarantined/unknown_kind")
            error = f"{rel}: unknown kind of file (not WARC, HTML, JSONL, Parquet or text)"
        yield read_error_doc(storage.recorded(url), rel, 0, error)


def _list_error(folder: str) -> str:
    """Why ``folder`` cannot be listed, asked again (as an unreadable file's reason is)."""
    try:
        with os.scandir(folder) as entries:
            next(entries, None)
    except OSError as exc:
        return exc.strerror or str(exc)
    return "it could not be listed when the run was planned"


def _url_list_error(folder: str) -> str:
    """Why the folder URL ``folder`` cannot be listed, asked again, as for a local one."""
    try:
        fs, path = storage.fs_of(folder)
        fs.ls(path.rstrip("/"), detail=False)
    except Exception as exc:  # fsspec backends raise their own types
        return list_error(exc)
    return "it could not be listed when the run was planned"


def read_single_file(path: str, limit: int = 64 << 20) -> bytes:
    """The bytes of one page or text file given to a single-document command (``-`` is
    standard input), gunzipped when gzip; refused with one line (a click error with the
    exit code of :class:`~newssift.errors.InputError`, 2) when unreadable, too large or
    binary."""
    try:
        return _single_file(path, limit)
    except InputError as exc:
        raise click_error(exc) from None


def _single_file(path: str, limit: int) -> bytes:
    import sys

    try:
        if path == "-":
            data = sys.stdin.buffer.read(limit + 1)
            if data[:2] == GZIP_MAGIC:
                data = zlib.decompressobj(wbits=31).decompress(data, limit + 1)
            if len(data) > limit:
                raise ValueError(f"input is over the limit of {limit} bytes")
        else:
            data = _read_bytes(path, limit)
    except (OSError, ValueError, zlib.error) as exc:
        raise InputError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    if looks_binary(data):
        raise InputError(f"{path} looks binary, not HTML or text")
    return data


def read_single_text(path: str) -> str:
    """:func:`read_single_file` decoded (declared charset, then the bytes)."""
    return decode_page(read_single_file(path))[0]
