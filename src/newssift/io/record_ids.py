"""Stable document ids and the quarantine record a reader emits when input is broken.

Ids must not depend on where a run was started from, on the worker count, or on how a file
was split into units, or resume and dedup across runs break. So an id is either the
input's own (a WARC-Record-ID, a JSONL ``id``) or a short hash of the file's path relative
to the input root plus the document's offset in it.

"Nothing is lost": a reader never drops what it cannot read. It yields a quarantined
Document that says where (source and offset) and why (one line), and the run routes it to
``quarantine/`` like any other document.
"""

from __future__ import annotations

import hashlib

from newssift.io.storage import printable
from newssift.record import QUARANTINE, Document

READ_ERROR = "read_error"


def short_hash(*parts: object) -> str:
    """16 hex digits of a hash of ``parts`` (stable across runs and machines)."""
    key = "\0".join(str(p) for p in parts)
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def location_id(rel_path: str, offset: int | str = 0) -> str:
    """Id of a document known only by where it is: path relative to its root, offset."""
    return short_hash("loc", rel_path, offset)


def one_line(message: str, limit: int = 300) -> str:
    """An error as one line of at most ``limit`` characters, in UTF-8 (an undecodable file
    name inside it is escaped, as in ``source``)."""
    line = " ".join(printable(str(message)).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def read_error_doc(source: str, rel_path: str, offset: int, error: str,
                   id: str | None = None, url: str | None = None) -> Document:
    """A quarantined document standing for input that could not be read; ``id`` and
    ``url`` are the input's own when it gave them (a JSONL line or Parquet row without
    content), so ``trace`` finds the record by them."""
    return Document(
        id=id or location_id(rel_path, f"error:{offset}"),
        source=source,
        source_offset=offset,
        url=url or None,
        decision=QUARANTINE,
        reason=READ_ERROR,
        error=one_line(error),
    )
