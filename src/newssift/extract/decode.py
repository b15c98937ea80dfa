"""Bytes to HTML text: pick the page's encoding and refuse what is not HTML.

Crawled pages arrive as bytes in many encodings (windows-1251 Russian sites, Shift_JIS
Japanese ones, Latin-1 blogs). Decoding them as UTF-8 with replacement characters loses the
whole body, so the declared encoding is honoured first: a byte-order mark, then the
``<meta charset>`` / ``http-equiv`` declaration in the first bytes. Undeclared pages are tried
as UTF-8 and fall back to windows-1252, which maps every byte (the usual real-world meaning of
"latin-1"). Binary input (images, PDFs, archives) is rejected with :class:`NotHTMLError`
rather than parsed into garbage, so callers get a clear error instead of an empty article.
"""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]{2,40})""", re.IGNORECASE
)
_XML_DECL = re.compile(rb"""^<\?xml[^>]{0,200}encoding\s*=\s*["']([a-zA-Z0-9_.\-]{2,40})""")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels that browsers map to a superset encoding (WHATWG encoding standard).
_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-sjis": "shift_jis",
    "shift-jis": "shift_jis",
    "sjis": "shift_jis",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "tis-620": "cp874",
    "x-user-defined": "cp1252",
}
# Magic numbers of common binary formats that are never HTML.
_BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BZh",
    b"\x7fELF",
    b"RIFF",
    b"OggS",
    b"ID3",
    b"\x00\x00\x01\x00",
    b"wOFF",
    b"wOF2",
)


class NotHTMLError(ValueError):
    """The input is not an HTML (or text) document."""


def _codec(label: str) -> str | None:
    label = label.strip().lower().strip("\"'")
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_encoding(data: bytes) -> str | None:
    """The encoding the page declares (BOM, XML declaration or meta tag), if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:4096]
    m = _XML_DECL.match(head) or _META_CHARSET.search(head)
    if m:
        return _codec(m.group(1).decode("ascii", "ignore"))
    return None


def looks_binary(data: bytes) -> bool:
    """True for known binary formats or data with many NUL/control bytes."""
    head = data[:1024]
    if head.startswith(_BINARY_MAGIC):
        return True
    if not head:
        return False
    if any(head.startswith(b) for b, _ in _BOMS):
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) * 0.1


def decode_html(data: bytes) -> str:
    """Decode page bytes to text, honouring the declared encoding (see module docstring)."""
    if looks_binary(data):
        raise NotHTMLError("input looks binary, not HTML")
    enc = declared_encoding(data)
    if enc:
        for bom, name in _BOMS:
            if name == enc and data.startswith(bom):
                data = data[len(bom) :]
                break
        # a meta tag cannot truthfully declare UTF-16 in an ASCII-readable page
        if enc.startswith(("utf-16", "utf-32")) and b"\x00" not in data[:200]:
            enc = "utf-8"
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            if enc != "utf-8":
                return data.decode(enc, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # mostly-UTF-8 pages with a few broken bytes stay UTF-8
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") * 200 < len(text):
        return text
    return data.decode("cp1252", errors="replace")
