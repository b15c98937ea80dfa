"""Bytes to HTML text for :func:`newssift.extract`: refuse what is not HTML, then decode.

``extract`` accepts raw bytes, so it needs the same encoding decision as the readers (BOM,
declared charset, then UTF-8, then windows-1252): that lives once, in
:mod:`newssift.io.charset`, and so does the binary sniffing (:mod:`newssift.io.file_reader`).
What this module adds is the extractor's contract: binary input (images, PDFs, archives)
raises :class:`NotHTMLError` instead of being parsed into garbage, so callers get a clear
error rather than an empty article.
"""

from __future__ import annotations

from newssift.io.charset import bom_encoding, decode_page, meta_encoding
from newssift.io.file_reader import looks_binary


class NotHTMLError(ValueError):
    """The input is not an HTML (or text) document."""


def declared_encoding(data: bytes) -> str | None:
    """The encoding the page declares (BOM, XML declaration or meta tag), if any."""
    bom = bom_encoding(data)
    return bom[0] if bom else meta_encoding(data)


#: The last page :func:`decode_html` decoded from valid UTF-8, as ``(text, data)``: the bytes
#: ``text.encode("utf-8")`` would give, so the parser can read them without that encode
#: (:func:`utf8_of`). One tuple, swapped whole, so a reader in another thread sees a pair.
_UTF8_PAGE: tuple[str, bytes] | None = None


def decode_html(data: bytes) -> str:
    """Decode page bytes to text, honouring the declared encoding; binary raises."""
    global _UTF8_PAGE
    if looks_binary(data):
        raise NotHTMLError("input looks binary, not HTML")
    text, encoding = decode_page(data)
    # decode_page reads UTF-8 from the whole of ``data`` (a byte-order mark is cut off first,
    # hence the prefix test) and replaces bad bytes with U+FFFD: without one, the decode
    # was strict, and strict UTF-8 encodes back to the very bytes it came from
    if encoding == "utf-8" and "\ufffd" not in text and not data.startswith(_UTF8_BOM):
        _UTF8_PAGE = (text, bytes(data))
    else:
        _UTF8_PAGE = None
    return text


_UTF8_BOM = b"\xef\xbb\xbf"


def utf8_of(text: str) -> bytes | None:
    """``text.encode("utf-8")`` when ``text`` is the page :func:`decode_html` decoded last
    from UTF-8 (the same object), taken once; else None."""
    global _UTF8_PAGE
    page = _UTF8_PAGE
    if page is not None and page[0] is text:
        _UTF8_PAGE = None
        return page[1]
    return None
