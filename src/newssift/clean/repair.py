"""Unicode repair and whitespace normalisation, before any line is judged.

Text extracted by other tools arrives with mojibake ("CafÃ©", "â€œ"), non-breaking and other
odd spaces, zero-width characters, soft hyphens and stray control characters. Rules and the line
model compare words and punctuation, so these must be repaired first, or "Leave a Reply"
written with a no-break space would slip past every pattern.

Mojibake is repaired by ftfy (a well-kept library for exactly this). ftfy costs about a
millisecond per page, so it only runs when a cheap signature of UTF-8-read-as-Latin-1 (or a
C1 control) is present; every other page only gets the fast normalisations here. Curly quotes
are kept as they are: they carry quote attribution. ftfy is imported on the first page that
needs it (its import is ~0.1-0.2 s, and most texts never need it; :func:`load_ftfy` loads it
ahead, for a runner about to fork its workers).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# A UTF-8 lead byte read as Latin-1/cp1252 followed by a continuation byte read the same way.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
    "\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]|[\u0080-\u009f]|\ufffd"
)
_ODD_SPACE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\v\f]")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile("[\u0000-\u0008\u000e-\u001f\u007f-\u009f]")
_SPACES = re.compile(" {2,}")


@cache
def load_ftfy():
    """ftfy's ``fix_text`` with this module's settings, imported once."""
    import ftfy

    config = ftfy.TextFixerConfig(
        uncurl_quotes=False,
        fix_character_width=False,
        fix_latin_ligatures=True,
        normalization="NFC",
        explain=False,
    )
    return lambda text: ftfy.fix_text(text, config)


def _flags_py(text: str) -> int:
    """``clean/_native.c`` ``repair_flags`` in Python: which of the three patterns occur."""
    return (
        (1 if _MOJIBAKE.search(text) else 0)
        | (2 if _INVISIBLE.search(text) else 0)
        | (4 if _ODD_SPACE.search(text) else 0)
    )


try:  # optional compiled part (setup.py): one pass for the three searches
    from newssift.clean._native import repair_flags as _flags
except ImportError:  # pragma: no cover - a build without the extension (or an older one)
    _flags = _flags_py


def repair(text: str) -> str:
    """Fix mojibake, odd spaces, invisible and control characters; NFC; unify newlines."""
    if not text.isascii():
        flags = _flags(text)
        if flags & 1:
            text = load_ftfy()(text)
            flags = 6  # ftfy's text is read again by both substitutions
        else:
            nfc = unicodedata.normalize("NFC", text)
            if nfc is not text:  # composed characters: look again
                text, flags = nfc, _flags(nfc)
        # (a substitution that finds nothing gives the same text)
        if flags & 2:
            text = _INVISIBLE.sub("", text)
        if flags & 4:
            text = _ODD_SPACE.sub(" ", text)
    if text.isprintable():
        # no line or paragraph separator, tab or control character (none is printable)
        return text
    for sep in ("\r\n", "\r", "\u2028", "\u2029"):
        text = text.replace(sep, "\n")
    return _CONTROL.sub("", text.replace("\t", " "))


def normalise_line(line: str) -> str:
    """One line with its runs of spaces collapsed and ends trimmed."""
    return (_SPACES.sub(" ", line) if "  " in line else line).strip()
