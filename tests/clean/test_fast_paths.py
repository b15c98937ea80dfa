"""The cleaner's exact shortcuts: each gives what the plain code gives."""

from __future__ import annotations

import random
import sys
import unicodedata

from newssift.clean import repair as R


def _repair_reference(text: str) -> str:
    if not text.isascii():
        text = (R.load_ftfy()(text) if R._MOJIBAKE.search(text)
                else unicodedata.normalize("NFC", text))
        text = R._INVISIBLE.sub("", text)
        text = R._ODD_SPACE.sub(" ", text)
    for sep in ("\r\n", "\r", "\u2028", "\u2029"):
        text = text.replace(sep, "\n")
    return R._CONTROL.sub("", text.replace("\t", " "))


def test_no_printable_character_is_one_repair_replaces():
    # repair returns a printable text as it is: none of what its last steps change is printable
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        if c.isprintable():
            assert c not in "\r\n\u2028\u2029\t" and not R._CONTROL.match(c), hex(cp)


def test_repair_and_normalise_line_are_their_references():
    rng = random.Random(4)
    pieces = ["a", "B", " ", "  ", "   ", "\t", "\r", "\r\n", "\n", "\u2028", "\u2029", "\x00",
              "\x07", "\x1f", "\x7f", "\x85", "\x9f", "\u00a0", "\u200b", "\u00ad", "\ufeff",
              "é", "e\u0301", "Ã©", "â€œ", "“", "東", "\ufffd", "\u3000", "x"]
    texts = ["", " ", "plain ascii line", "two  spaces", " lead and trail "]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    for t in texts:
        assert R.repair(t) == _repair_reference(t), repr(t)
        assert R.normalise_line(t) == R._SPACES.sub(" ", t).strip(), repr(t)
