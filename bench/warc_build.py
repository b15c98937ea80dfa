"""Build small WARC files by hand: for tests, the bundled examples and bug reports.

Readers have to be tested on exactly the breakage real crawls have (a cut gzip member, a
garbled header, a wrong charset), which means writing WARC bytes precisely, including
wrong ones. These helpers write WARC/1.1 records with fixed dates and ids, so the same
call always gives the same bytes (gzip members carry no timestamp).
"""

from __future__ import annotations

import gzip
import hashlib
import uuid
from collections.abc import Iterable
from pathlib import Path


def record_uuid(key: str) -> str:
    """A deterministic ``urn:uuid`` for a record, derived from ``key``."""
    return f"<urn:uuid:{uuid.UUID(bytes=hashlib.md5(key.encode()).digest())}>"


def http_response(
    body: bytes,
    content_type: str = "text/html; charset=utf-8",
    status: str = "200 OK",
    extra_headers: Iterable[tuple[str, str]] = (),
) -> bytes:
    """An HTTP/1.1 response message as a crawler stores it in a WARC ``response`` block."""
    lines = [f"HTTP/1.1 {status}", f"Content-Type: {content_type}"]
    lines += [f"{k}: {v}" for k, v in extra_headers]
    lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def warc_record(
    block: bytes,
    *,
    uri: str | None,
    date: str = "2021-01-24T12:00:00Z",
    record_type: str = "response",
    content_type: str = "application/http; msgtype=response",
    record_id: str | None = None,
) -> bytes:
    """One WARC/1.1 record (header, block, and the two closing CRLFs)."""
    headers = [
        ("WARC-Type", record_type),
        ("WARC-Record-ID", record_id or record_uuid(f"{record_type} {uri} {date}")),
        ("WARC-Date", date),
    ]
    if uri:
        headers.append(("WARC-Target-URI", uri))
    headers += [("Content-Type", content_type), ("Content-Length", str(len(block)))]
    head = "WARC/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode("utf-8") + block + b"\r\n\r\n"


def warcinfo_record(software: str = "newssift", date: str = "2021-01-24T12:00:00Z") -> bytes:
    block = f"software: {software}\r\nformat: WARC File Format 1.1\r\n".encode()
    return warc_record(
        block, uri=None, date=date, record_type="warcinfo", content_type="application/warc-fields"
    )


def write_warc(path: str | Path, records: Iterable[bytes], *, compress: bool | None = None) -> Path:
    """Write records to ``path``; gzip each record as its own member for ``.gz`` paths."""
    path = Path(path)
    if compress is None:
        compress = path.name.endswith(".gz")
    with open(path, "wb") as fh:
        for rec in records:
            fh.write(gzip.compress(rec, compresslevel=9, mtime=0) if compress else rec)
    return path
