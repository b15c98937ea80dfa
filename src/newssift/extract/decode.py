"""Bytes to HTML text for :func:`newssift.extract`: refuse what is not HTML, then decode.

``extract`` accepts raw bytes, so it needs the same encoding decision as the readers (BOM,
declared charset, then UTF-8, then windows-1252): that lives once, in
:mod:`newssift.io.charset`, and so does the binary sniffing (:mod:`newssift.io.file_reader`).
What this module adds is the extractor's contract: binary input (images, PDFs, archives)
raises :class:`NotHTMLError` instead of being parsed into garbage, so callers get a clear
error rather than an empty article.
"""

from __future__ import annotations

from newssift.io.charset import bom_encoding, decode_page, meta_encoding, utf8_source
from newssift.io.file_reader import looks_binary


class NotHTMLError(ValueError):
    """The input is not an HTML (or text) document."""


def declared_encoding(data: bytes) -> str | None:
    """The encoding the page declares (BOM, XML declaration or meta tag), if any."""
    bom = bom_encoding(data)
    return bom[0] if bom else meta_encoding(data)


def decode_html(data: bytes) -> str:
    """Decode page bytes to text, honouring the declared encoding; binary raises."""
    return decode_html_source(data)[0]


def decode_html_source(data: bytes) -> tuple[str, bytes | None]:
    """:func:`decode_html`, and ``data`` itself when the text is its exact UTF-8 decoding
    (:func:`newssift.io.charset.utf8_source`: the parser can read the bytes as they are)."""
    if looks_binary(data):
        raise NotHTMLError("input looks binary, not HTML")
    text, encoding = decode_page(data)
    return text, utf8_source(data, text, encoding)
