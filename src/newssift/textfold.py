"""Case-blind matching as plain matching of a folded text.

Why: with ``re.IGNORECASE`` the regex engine compares every character case-blind and loses
its quick skip of an alternative whose first character differs, so a long alternation of
phrases (clean's whole-line tables, extract's promo phrases) runs two to four times slower
than the same pattern matched case-sensitively. A pattern written in lower case, matched
plainly on :func:`fold` of a text, takes the same steps as the case-blind pattern on the
text (same matches, spans and groups), provided every character of the text keeps one
position and its word-ness, and the characters ``IGNORECASE`` takes for one of the
pattern's characters become exactly that character and no other character does: true of
``lower()`` but for the four characters outside ASCII that ``IGNORECASE`` takes for an
ASCII letter, which :data:`ASCII_FOLD` maps first. Which patterns qualify is checked over
every code point, per pattern, by the tests of their users
(tests/extract/test_exact_cuts.py, tests/clean/test_full_fold.py). ``lower()``'s one rule
that reads a neighbour (a final capital sigma becomes ``ς``, else ``σ``) changes neither
fact, as both are Greek letters the patterns do not name.

This module imports nothing of the package: every stage can use it.
"""

from __future__ import annotations

#: The Turkish dotted capital I (whose ``lower()`` is two characters) and dotless i, the
#: long s and the Kelvin sign: the characters outside ASCII that ``IGNORECASE`` matches to
#: an ASCII letter.
ASCII_FOLD = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}


def fold(text: str, low: str | None = None) -> str:
    """``text`` as a lower-case pattern reads it in place of its ``IGNORECASE`` form on
    ``text``: :data:`ASCII_FOLD` then ``lower()``; that is ``text.lower()`` (``low``, when
    the caller holds it) for a text that holds none of its four characters."""
    if text.isascii() or not (
        "\u0130" in text or "\u0131" in text or "\u017f" in text or "\u212a" in text
    ):
        # (str.translate looks every character of a text up in the dict: tens of thousands
        # of instructions for a line that holds none of the four, most non-ASCII lines)
        return text.lower() if low is None else low
    return text.translate(ASCII_FOLD).lower()
