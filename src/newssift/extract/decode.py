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


def decode_html(data: bytes) -> str:
    """Decode page bytes to text, honouring the declared encoding; binary raises."""
    if looks_binary(data):
        raise NotHTMLError("input looks binary, not HTML")
    return decode_page(data)[0]
