"""``repair``'s one-pass scan (``clean/_native.c`` ``repair_flags``) against its three regexes.

The compiled scan must say exactly which of ``_MOJIBAKE``, ``_INVISIBLE`` and ``_ODD_SPACE``
find something, on random text over every character the classes name (and their neighbours)
and on the fixture and bench lines; ``repair`` must give the same text either way.
"""

from __future__ import annotations

import random
import unicodedata

import pytest

from newssift.clean import repair as R
from tests.clean.corpus import real_docs

_EDGES = [0x7F, 0x80, 0x9F, 0xA0, 0xA1, 0xAD, 0xBF, 0xC0, 0xC1, 0xC2, 0xE9, 0xF4, 0xF5, 0x152,
          0x153, 0x160, 0x161, 0x178, 0x17D, 0x17E, 0x192, 0x2C6, 0x2DC, 0x1680, 0x1FFF, 0x2000,
          0x2005, 0x200A, 0x200B, 0x200D, 0x200E, 0x2012, 0x2013, 0x2014, 0x2015, 0x2017,
          0x2018, 0x201A, 0x201B, 0x201C, 0x201E, 0x201F, 0x2020, 0x2022, 0x2023, 0x2026,
          0x202F, 0x2030, 0x2039, 0x203A, 0x205F, 0x2060, 0x20AC, 0x2122, 0x3000, 0xFEFF,
          0xFFFD, 0x1F600, 0x9, 0xB, 0xC, 0xA, 0xD, 0x20]
_CHARS = [chr(c) for c in _EDGES] + list("abc É")


def _texts() -> list[str]:
    rng = random.Random(5)
    texts = ["".join(rng.choice(_CHARS) for _ in range(rng.randint(0, 8))) for _ in range(30000)]
    texts += ["".join(rng.choice(_CHARS) for _ in range(rng.randint(0, 3))) + "x" * 5
              for _ in range(3000)]
    texts += [x for doc in real_docs() for x in doc]
    return texts


def test_compiled_flags_are_the_regexes():
    native = pytest.importorskip("newssift.clean._native")
    for t in _texts():
        assert native.repair_flags(t) == R._flags_py(t), ascii(t)


def _reference(text: str) -> str:
    """``repair`` before the scan: every substitution run on every non-ASCII text."""
    if not text.isascii():
        text = R.load_ftfy()(text) if R._MOJIBAKE.search(text) else unicodedata.normalize(
            "NFC", text)
        text = R._INVISIBLE.sub("", text)
        text = R._ODD_SPACE.sub(" ", text)
    if text.isprintable():
        return text
    for sep in ("\r\n", "\r", "\u2028", "\u2029"):
        text = text.replace(sep, "\n")
    return R._CONTROL.sub("", text.replace("\t", " "))


def test_repair_is_its_reference_with_either_scan(monkeypatch: pytest.MonkeyPatch):
    texts = [*_texts()[::7], "e\u0301\u00a0x", "\u2000a\u200b", "CafÃ©\u00a0\u200b"]
    want = [_reference(t) for t in texts]
    assert [R.repair(t) for t in texts] == want
    monkeypatch.setattr(R, "_flags", R._flags_py)
    assert [R.repair(t) for t in texts] == want
