"""Letter classes by case, typed once: what a "capital" and a "lower-case letter" are.

Names, datelines, bylines and contributor boxes are read by their capitals ("Łukasz
Szumowski", "İSTANBUL (Reuters) —"). The patterns that read them wrote a capital as
``[A-ZÀ-ÖØ-Þ]``, Latin-1's upper-case letters, so "Łukasz", "İlham", "Đoković", "Šefčovič",
Greek and Cyrillic names, the title-case digraph "ǅ" and Vietnamese "Ấ" were no capitals, and
the lower-case ``[a-zà-öø-ÿ]`` stopped "Wałęsa" at its "ł". Every such pattern takes its
classes from here (and ``news/_native.c``'s ``cap_first`` gives what :data:`CAPITAL` gives:
``tests/test_letters.py`` holds them equal over every code point of the range below).

The classes are built from Python's own Unicode data, not typed by hand, so they follow the
interpreter's Unicode version (14.0 in Python 3.11), as the C twin does by construction; a
newer Python that brings a newer Unicode may add capitals (Unicode 16 adds four in the BMP,
U+A7CB, U+A7CC, U+A7DA, U+A7DC) and with them change what a record reads:

* a capital is a code point whose one-character str is a letter (``str.isalpha``: Unicode's
  L* categories) and upper- or title-case (``str.istitle``, which for one character is
  "upper-case or title-case"): Unicode's Lu and Lt. The letter test leaves out what
  ``istitle`` alone lets in without being a letter: the Roman numerals "Ⅻ" and the circled
  and squared letters "Ⓐ", "🄰", which begin no name;
* a lower-case letter is a letter whose one-character str is lower-case (``str.islower``):
  Unicode's Ll, plus the letters Unicode marks Other_Lowercase ("ª", "º", "ʰ", "ᴬ").

Both are limited to the Basic Multilingual Plane (U+0000-U+FFFF), which holds the capitals of
every script news is written in. Beyond it, 31 of the 41 runs of capitals are the styled
mathematical letters ("𝐀", "𝔄"), and the rest are historic or rare scripts (Deseret, Old
Hungarian, Osage, Adlam, Medefaidrin, Warang Citi, Vithkuqi). The regex engine holds a class
within the BMP as one table, but tests every range beyond it one by one at each character it
turns down: with them, a scan for capitals (``news/quotes/capitals.py``'s ``_PERSON_SEQ``)
took 16 times as long on English text.

Where a pattern means ASCII on purpose it keeps ``[A-Z]``: initials run together ("J.R.R.",
"U.S."), the English title abbreviations ("Mr.", "Sen.") and the month names of a date.
"""

from __future__ import annotations

from collections.abc import Callable

#: The classes cover code points below this (the Basic Multilingual Plane; see above).
LIMIT = 0x10000


def is_capital(ch: str) -> bool:
    """One character that :data:`CAPITAL` matches: a letter in upper or title case, within
    :data:`LIMIT`."""
    return ord(ch) < LIMIT and ch.isalpha() and ch.istitle()


def is_lower(ch: str) -> bool:
    """One character that :data:`LOWER_LETTER` matches: a lower-case letter within
    :data:`LIMIT`."""
    return ord(ch) < LIMIT and ch.isalpha() and ch.islower()


def _class_body(letters: str) -> str:
    """``letters`` (in code point order) as the inside of a regex class: runs of three or
    more as "a-z", the others listed (all are letters, so none needs an escape inside
    brackets). A run starts where a code point does not follow the one before it and ends
    where the next does not follow it."""
    codes = list(map(ord, letters))
    if not codes:
        return ""
    starts = [c for b, c in zip([-2, *codes[:-1]], codes, strict=True) if c - b != 1]
    ends = [c for c, n in zip(codes, [*codes[1:], -2], strict=True) if n - c != 1]
    return "".join(f"{chr(a)}-{chr(b)}" if b - a >= 2 else "".join(map(chr, range(a, b + 1)))
                   for a, b in zip(starts, ends, strict=True))


def _bmp() -> str:
    """Every code point below :data:`LIMIT` once, in order, but the surrogates (U+D800-U+DFFF:
    no letters, and no str of its own in UTF-16), decoded from UTF-16 bytes laid out by
    slices (low bytes 0-255 over and over, each high byte 256 times): no Python loop over
    the 63,488 characters: 0.75 ms, where joining them from chr() calls took 17."""
    b = bytearray(2 * LIMIT)
    b[0::2] = bytes(range(256)) * (LIMIT // 256)
    b[1::2] = b"".join(bytes((high,)) * 256 for high in range(LIMIT // 256))
    return b[:0xD800 * 2].decode("utf-16-le") + b[0xE000 * 2:].decode("utf-16-le")


#: Characters per block that :func:`_cased` tests whole before it filters its characters.
_BLOCK = 256


def _cased(text: str, keep: Callable[[str], bool], none_in: Callable[[str], bool]) -> str:
    """The letters of ``text`` that ``keep`` (a one-character test) passes, in order. A block
    of which ``none_in`` says it holds none is passed over whole: most of the BMP (CJK,
    Hangul, the private use area) holds no cased letter, and a test of a whole block runs in
    C without making a str of each character (building both classes took some 25 ms at
    import when every character was filtered; a loop calling :func:`is_capital` and
    :func:`is_lower` took 100). The tests below are exact, by how str's methods read a
    string of more than one character:

    * ``(block + "a").islower()`` is false as soon as one character is upper- or title-case
      (the "a" only makes sure a cased character is there), so true means the block holds no
      character whose own ``istitle()`` is true: no capital;
    * ``(block + "A").isupper()`` is false as soon as one character is lower- or title-case,
      so true means no character whose own ``islower()`` is true: no lower-case letter."""
    return "".join("".join(filter(str.isalpha, filter(keep, blk)))
                   for blk in (text[i:i + _BLOCK] for i in range(0, len(text), _BLOCK))
                   if not none_in(blk))


_ALL = _bmp()
#: The inside of a class of capitals, to combine with other characters:
#: ``"[" + UPPER + ".'’ ]"``. Within Latin-1 it is the old ``A-ZÀ-ÖØ-Þ``.
UPPER = _class_body(_cased(_ALL, str.istitle, lambda blk: (blk + "a").islower()))
#: The inside of a class of lower-case letters (within Latin-1: ``a-zµß-öø-ÿ`` and "ª", "º").
LOWER = _class_body(_cased(_ALL, str.islower, lambda blk: (blk + "A").isupper()))
#: One capital letter, as a regex class.
CAPITAL = f"[{UPPER}]"
#: One lower-case letter, as a regex class.
LOWER_LETTER = f"[{LOWER}]"
del _ALL
