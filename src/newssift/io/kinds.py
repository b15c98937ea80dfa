"""Which reader a file needs: by its extension, corrected by its first bytes.

Extensions lie in practice (a ``.warc`` that is gzipped, a ``.json`` that is JSON Lines,
an ``.html`` that is a saved WARC), and guessing wrong means a whole file of documents
silently lost or turned into garbage. The first bytes settle most of it cheaply: strong
signatures ("WARC/", Parquet's "PAR1") override the extension, and a file whose extension
says nothing is recognised by a leading ``<`` (HTML) or ``{`` (JSON Lines). A gzip magic
is looked through (the first decompressed bytes are sniffed) and marks the file as
compressed, which decides whether it can be split into byte ranges.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from newssift.io import storage

WARC, HTML, JSONL, PARQUET, TEXT = "warc", "html", "jsonl", "parquet", "text"
KINDS = (WARC, HTML, JSONL, PARQUET, TEXT)
#: Files found in a folder that no reader takes (or that cannot be read): each becomes a
#: quarantined record naming the file and why, so nothing in a folder is lost silently.
OTHER = "other"
#: Extensions of pages a web server generated, saved under the script's name: what the
#: first bytes say is trusted for them (HTML is HTML whatever the name).
_PAGE_EXTENSIONS = (".php", ".php3", ".php5", ".phtml", ".shtml", ".shtm", ".xhtml", ".xht",
                    ".asp", ".aspx", ".jsp", ".jspx", ".cfm", ".cgi", ".pl", ".do")

_EXTENSIONS = (
    (".warc.gz", WARC),
    (".arc.gz", WARC),
    (".warc", WARC),
    (".arc", WARC),
    (".html.gz", HTML),
    (".htm.gz", HTML),
    (".html", HTML),
    (".htm", HTML),
    (".jsonl.gz", JSONL),
    (".ndjson.gz", JSONL),
    (".json.gz", JSONL),
    (".jsonl", JSONL),
    (".ndjson", JSONL),
    (".parquet", PARQUET),
    (".txt", TEXT),
)
GZIP_MAGIC = b"\x1f\x8b"
_SNIFF_BYTES = 512
#: How far into a folder's file of unknown name that opens with ``<`` the HTML root is
#: looked for: PHP pages print their warnings and notices before the doctype (one of
#: htmldate's news pages opens with 4,903 bytes of "Deprecated: ..." lines).
_ROOT_BYTES = 16384


@dataclass(frozen=True, slots=True)
class FileKind:
    kind: str | None  # one of KINDS, or None when unrecognised
    compressed: bool = False  # gzip-compressed content (whatever the extension says)


def kind_by_extension(name: str) -> str | None:
    low = name.lower()
    for ext, kind in _EXTENSIONS:
        if low.endswith(ext):
            return kind
    return None


def _gunzip_head(data: bytes, n: int = _SNIFF_BYTES) -> bytes:
    try:
        return zlib.decompressobj(wbits=31).decompress(data, n)
    except zlib.error:
        return b""


def kind_by_content(head: bytes) -> str | None:
    """The kind the first bytes show, or None when they do not say."""
    if head.startswith(b"WARC/") or head.startswith(b"filedesc://"):
        return WARC
    if head.startswith(b"PAR1"):
        return PARQUET
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return JSONL
    if stripped.startswith(b"<"):
        return HTML
    return None


def _page_name(path: str) -> bool:
    """A server-side page name (``index.php``) or a name without an extension."""
    name = path.rstrip("/").rsplit("/", 1)[-1].rsplit("\\", 1)[-1].lower()
    return name.endswith(_PAGE_EXTENSIONS) or "." not in name


def _declares_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].lower()
    return start.startswith((b"<!doctype html", b"<html"))


#: Files that open with ``<`` but are documents of another kind, whatever they hold (a feed's
#: CDATA, a component template's markup)
_NOT_PAGES = (b"<?xml", b"<svg", b"<rss", b"<feed", b"<template", b"<script", b"<style")
#: A doctype or ``<html`` tag at the start of a line (after a script's warnings)
_HTML_ROOT = re.compile(rb"(?m)^[ \t]*(?:<!doctype html|<html[\s>])")


def _holds_html_root(path: str, compressed: bool) -> bool:
    """Whether the first :data:`_ROOT_BYTES` of a file that opens with ``<`` hold an
    ``<!doctype html`` or an ``<html`` tag at the start of a line: a page a script printed
    noise before. A file that opens as a feed, an SVG, an XML document or a template is none,
    even with HTML inside it."""
    head = storage.read_head(path, _ROOT_BYTES)
    plain = (_gunzip_head(head, _ROOT_BYTES) if compressed else head).lower()
    if plain.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(_NOT_PAGES):
        return False
    return _HTML_ROOT.search(plain) is not None


def detect(path: str, *, trust_content: bool = True) -> FileKind:
    """The kind of ``path`` (see the module docstring). Raises ``OSError`` if unreadable.

    With ``trust_content=False`` (files found inside a folder) a file with an unknown
    extension stays unknown unless its name is a generated page's (``.php``, ``.shtml``,
    ``.xhtml``, no extension) or it opens with ``<!doctype html``/``<html`` (or opens with
    ``<`` and holds one of them at a line's start in its first 16 KB, after a script's
    warnings, and is no feed, SVG, XML or template): folders also
    hold stylesheets, images and scripts whose first bytes may look like HTML.
    """
    by_ext = kind_by_extension(path)
    head = storage.read_head(path, _SNIFF_BYTES)
    compressed = head.startswith(GZIP_MAGIC)
    plain = _gunzip_head(head) if compressed else head
    sniffed = kind_by_content(plain)
    if sniffed in (WARC, PARQUET):
        return FileKind(sniffed, compressed)
    if by_ext is not None:
        return FileKind(by_ext, compressed)
    if sniffed is not None and (trust_content or _page_name(path)):
        return FileKind(sniffed, compressed)
    if _declares_html(plain) or (sniffed == HTML and _holds_html_root(path, compressed)):
        return FileKind(HTML, compressed)
    return FileKind(None, compressed)
