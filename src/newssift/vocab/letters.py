"""Letter classes by case, typed once: what a "capital" and a "lower-case letter" are.

Names, datelines, bylines and contributor boxes are read by their capitals ("Łukasz
Szumowski", "İSTANBUL (Reuters) —"). The patterns that read them wrote a capital as
``[A-ZÀ-ÖØ-Þ]``, Latin-1's upper-case letters, so "Łukasz", "İlham", "Đoković", "Šefčovič",
Greek and Cyrillic names, the title-case digraph "ǅ" and Vietnamese "Ấ" were no capitals, and
the lower-case ``[a-zà-öø-ÿ]`` stopped "Wałęsa" at its "ł". Every such pattern takes its
classes from here (and ``news/_native.c``'s ``cap_first`` gives what :data:`CAPITAL` gives:
``tests/test_letters.py`` holds them equal over every code point of the range below).

The classes are built from Python's own Unicode data, not typed by hand:

* a capital is a code point whose one-character str is a letter (``str.isalpha``: Unicode's
  L* categories) and upper- or title-case (``str.istitle``, which for one character is
  "upper-case or title-case"): Unicode's Lu and Lt. The letter test leaves out what
  ``istitle`` alone lets in without being a letter: the Roman numerals "Ⅻ" and the circled
  and squared letters "Ⓐ", "🄰", which begin no name;
* a lower-case letter is a letter whose one-character str is lower-case (``str.islower``):
  Unicode's Ll and the modifier letters that are lower-case ("ª", "ʰ").

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

import sys
from array import array

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
    brackets)."""
    runs: list[list[int]] = []
    for c in map(ord, letters):
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return "".join(f"{chr(a)}-{chr(b)}" if b - a >= 2 else "".join(map(chr, range(a, b + 1)))
                   for a, b in runs)


# every code point below LIMIT once, in order (lone surrogates too: they are no letters); the
# filters run in C, so building both classes costs some 25 ms at import (a loop calling
# is_capital and is_lower took 100). The str is decoded from the code points as 4-byte
# integers (UTF-32 does not pair surrogates as UTF-16 would; "surrogatepass" lets the lone
# ones through): 3 times as fast as joining 65,536 chr() calls, the same str.
_ALL = (array("I", range(LIMIT)).tobytes().decode(f"utf-32-{sys.byteorder[0]}e", "surrogatepass")
        if array("I").itemsize == 4 else "".join(map(chr, range(LIMIT))))

#: The inside of a class of capitals, to combine with other characters:
#: ``"[" + UPPER + ".'’ ]"``. Within Latin-1 it is the old ``A-ZÀ-ÖØ-Þ``.
UPPER = _class_body("".join(filter(str.isalpha, filter(str.istitle, _ALL))))
#: The inside of a class of lower-case letters (within Latin-1: ``a-zµß-öø-ÿ`` and "ª", "º").
LOWER = _class_body("".join(filter(str.isalpha, filter(str.islower, _ALL))))
#: One capital letter, as a regex class.
CAPITAL = f"[{UPPER}]"
#: One lower-case letter, as a regex class.
LOWER_LETTER = f"[{LOWER}]"
del _ALL
