"""Page bytes to text: the declared encoding first, then a cheap guess, never a crash.

Crawled news pages come in many encodings (windows-1251 Russian sites, Shift_JIS Japanese
ones, Latin-1 blogs). Decoding them all as UTF-8 with replacement characters destroys the
body of every non-UTF-8 page, and guessing with a statistical detector is slow and is an
extra dependency. What the server and the page declare is right almost always, so the order
is: byte-order mark, UTF-16/32 without a mark (told by where the NUL bytes fall), HTTP
``Content-Type`` charset, ``<meta charset>`` / ``http-equiv`` in the first bytes (but a
single-byte declaration on bytes that are strictly valid UTF-8 with a non-ASCII character is
read as UTF-8), then UTF-8 if the bytes are valid UTF-8 (or valid but for a few stray bytes, which
are replaced), else windows-1252 (which maps nearly every byte, and is what browsers use for
"latin-1"). A declaration that the bytes contradict badly is ignored; decoding always ends with
``errors="replace"``.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import os
import re
from collections.abc import Callable

_META = re.compile(
    rb"""<meta[^>]{0,400}?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]{2,40})""", re.IGNORECASE
)
_XML = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-zA-Z0-9_.\-]{2,40})""")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels browsers treat as a superset encoding (WHATWG Encoding Standard).
_SUPERSETS = {
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "tis-620": "cp874",
    "iso8859-11": "cp874",
}
_LABEL_FIXES = {"x-sjis": "shift_jis", "sjis": "shift_jis", "x-user-defined": "cp1252"}
# Share of replacement characters above which a declared encoding is considered wrong.
_MAX_BAD = 0.005
HEAD_BYTES = 4096


def codec_name(label: str | None) -> str | None:
    """Python codec name for a charset label (browser supersets applied), or None."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _LABEL_FIXES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def charset_from_content_type(value: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type header value, as a codec name."""
    if not value:
        return None
    for part in value.split(";")[1:]:
        key, _, val = part.partition("=")
        if key.strip().lower() == "charset":
            return codec_name(val)
    return None


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def meta_encoding(data: bytes) -> str | None:
    """Encoding declared by an XML declaration or a meta tag in the first bytes."""
    head = data[:HEAD_BYTES]
    m = _XML.match(head) or _META.search(head)
    if not m:
        return None
    name = codec_name(m.group(1).decode("ascii", "ignore"))
    # an ASCII-readable page cannot truthfully declare UTF-16/32 in a meta tag
    if name and name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return name


#: the compiled ``utf8_text`` (``io/_utf8.c``: the exact str of strictly valid UTF-8 in two
#: passes, about a fifth of the codec's instructions on a news page), or None where it is not
#: built or ``NEWSSIFT_PURE_WALK`` (the switch of the page path's compiled parts) asks for Python
_utf8_text: Callable[[bytes], str | None] | None = None
if os.environ.get("NEWSSIFT_PURE_WALK", "0") in ("", "0"):
    with contextlib.suppress(ImportError):  # not built: Python's codec decodes
        from newssift.io._utf8 import utf8_text as _utf8_text


def utf8_strict(data: bytes) -> str:
    """``data.decode("utf-8")``: the same str, or the same UnicodeDecodeError. Valid pages
    (nearly all) are decoded by the compiled pass; anything it declines (invalid bytes, a
    type other than ``bytes``) goes to Python's codec, which raises or decodes as always.
    tests/io/test_utf8_native.py holds the two equal on every bench page."""
    if _utf8_text is not None and type(data) is bytes:
        text = _utf8_text(data)
        if text is not None:
            return text
    return data.decode("utf-8")


def _try(data: bytes, enc: str) -> str | None:
    """Decode strictly, or with replacement if only a few bytes are bad; else None."""
    try:
        return utf8_strict(data) if enc == "utf-8" else data.decode(enc)
    except UnicodeDecodeError:
        pass
    except LookupError:
        return None
    text = data.decode(enc, errors="replace")
    if text.count("\ufffd") <= max(1, len(text) * _MAX_BAD):
        return text
    return None


def wide_encoding(data: bytes) -> str | None:
    """UTF-16/32 without a byte-order mark, from where the NUL bytes fall: text and
    markup are mostly ASCII, so in UTF-16LE every second byte of the head is NUL (odd
    offsets), in UTF-32BE three of every four, and so on. None for other bytes."""
    head = data[:HEAD_BYTES]
    n = len(head) // 4 * 4
    if n < 8 or head.count(0) < n // 4:
        return None
    at = [head[i:n:4].count(0) / (n // 4) for i in range(4)]
    if at[1] > 0.9 and at[2] > 0.9 and at[3] > 0.9 and at[0] < 0.5:
        name = "utf-32-le"
    elif at[0] > 0.9 and at[1] > 0.9 and at[2] > 0.9 and at[3] < 0.5:
        name = "utf-32-be"
    elif at[1] > 0.6 and at[3] > 0.6 and at[0] + at[2] < 0.6:
        name = "utf-16-le"
    elif at[0] > 0.6 and at[2] > 0.6 and at[1] + at[3] < 0.6:
        name = "utf-16-be"
    else:
        return None
    text = data[: len(data) // 4 * 4].decode(name, errors="replace")
    return name if text.count("\ufffd") <= max(1, len(text) * _MAX_BAD) else None


def _mostly_utf8(data: bytes) -> str | None:
    """The text of bytes that are UTF-8 but for a few stray bytes: the valid multibyte
    sequences (which bytes of a single-byte encoding almost never form) outnumber the
    invalid bytes two to one. None otherwise."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for c in text if c > "\x7f") - bad
    return text if multibyte >= 8 and multibyte >= 2 * bad else None


@functools.lru_cache(maxsize=64)
def single_byte(enc: str) -> bool:
    """Whether ``enc`` reads one character from every byte (windows-1252, ISO-8859-*,
    KOI8-R ...), as opposed to UTF-8 or a multibyte Asian encoding."""
    if enc.startswith("utf"):
        return False
    try:
        return len(bytes(range(256)).decode(enc, errors="replace")) == 256
    except LookupError:
        return False


def _utf8_despite(data: bytes, enc: str) -> str | None:
    """The UTF-8 text of a page declared in a single-byte encoding whose bytes are strictly
    valid UTF-8 with at least one multibyte sequence (a non-ASCII character); None
    otherwise. Servers and templates keep declaring "ISO-8859-1" or "windows-1252" for pages
    that were long since written in UTF-8 (e27 found 4 of htmldate's 999 news pages so: every
    accented letter came out as two characters). Text really written in a single-byte
    encoding is almost never valid UTF-8 once it holds a non-ASCII character: each such
    byte would have to start a sequence that one to three bytes from 0x80-0xBF complete."""
    if not single_byte(enc) or data.isascii():
        return None
    try:
        return utf8_strict(data)
    except UnicodeDecodeError:
        return None


def decode_page(data: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """Decode page bytes; returns ``(text, encoding_used)``. Never raises on bad bytes."""
    bom = bom_encoding(data)
    if bom:
        return data[bom[1] :].decode(bom[0], errors="replace"), bom[0]
    wide = wide_encoding(data)
    if wide:
        return data.decode(wide, errors="replace"), wide
    tried: list[str] = []
    for enc in (codec_name(http_charset), meta_encoding(data)):
        if enc and enc not in tried:
            tried.append(enc)
            text = _utf8_despite(data, enc)
            if text is not None:
                return text, "utf-8"
            text = _try(data, enc)
            if text is not None:
                return text, enc
    if "utf-8" not in tried:
        # mostly-UTF-8 pages with a few broken bytes stay UTF-8
        text = _try(data, "utf-8") or _mostly_utf8(data)
        if text is not None:
            return text, "utf-8"
    return data.decode("cp1252", errors="replace"), "cp1252"


def utf8_source(data: bytes, text: str, encoding: str) -> bytes | None:
    """``data`` itself when ``text`` (from :func:`decode_page`, which used ``encoding``) is
    its exact UTF-8 decoding, so that ``text.encode("utf-8") == data``: the encoding was
    UTF-8, no byte-order mark was cut off and nothing was replaced (a page that holds a
    real U+FFFD is left out too, which only costs the encode). A UTF-8 consumer (the HTML
    parser) then reads the bytes instead of encoding the text again. None otherwise."""
    if encoding != "utf-8" or data[:3] == codecs.BOM_UTF8 or "\ufffd" in text:
        return None
    return data
