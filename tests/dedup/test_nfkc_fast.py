"""dedup's NFKC check by table (minhash._nfkc_table, _native.nfkc_simple): a text it
calls NFKC is NFKC (unicodedata says so), and minhash.nfkc gives what normalising every
line gives, with and without the compiled check."""

from __future__ import annotations

import random
import unicodedata

import pytest

from newssift.dedup import minhash


def _simple() -> list[int]:
    table = minhash._nfkc_table()
    return [cp for cp in range(0x10000) if (table[cp >> 3] >> (cp & 7)) & 1]


def _reference(text: str) -> str:
    return "\n".join(x if unicodedata.is_normalized("NFKC", x)
                     else unicodedata.normalize("NFKC", x) for x in text.split("\n"))


def test_the_table_holds_starters_nfkc_keeps_and_nothing_composes_with() -> None:
    simple = _simple()
    assert set(range(128)) <= set(simple)
    assert {0xE9, 0x2019, 0x201C, 0x4E00, 0xAC00} <= set(simple)  # é, curly quotes, CJK, 가
    assert not {0xA0, 0x2026, 0x0301, 0x1161, 0x11A8, 0xFB01, 0x00BD} & set(simple)
    for cp in simple:
        assert unicodedata.is_normalized("NFKC", chr(cp)), hex(cp)
        assert unicodedata.combining(chr(cp)) == 0, hex(cp)


def test_strings_of_simple_code_points_are_nfkc() -> None:
    """Random strings of simple code points, weighted to the ones that decompose or
    start a composition (where an error would show): unicodedata calls each NFKC."""
    simple = _simple()
    starts = {int(d.split()[0], 16) for d in map(unicodedata.decomposition,
                                                 map(chr, range(0x10000)))
              if d and d[0] != "<"}
    risky = [cp for cp in simple if unicodedata.decomposition(chr(cp)) or cp in starts
             or 0x1100 <= cp < 0x1200 or 0xAC00 <= cp <= 0xD7A3]
    assert len(risky) > 1000
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(chr(rng.choice(risky if rng.random() < 0.7 else simple))
                       for _ in range(rng.randint(1, 60)))
        assert minhash._is_nfkc(text)
        assert unicodedata.is_normalized("NFKC", text), [hex(ord(c)) for c in text]


@pytest.mark.parametrize("compiled", [True, False])
def test_nfkc_gives_what_normalising_each_line_gives(compiled: bool,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    if not compiled:
        monkeypatch.setattr(minhash, "_nfkc_simple", None)
    elif minhash._nfkc_simple is None:
        pytest.skip("the compiled extension is not built")
    texts = ["plain ASCII\nlines", "", "\n\n", "Café “quoted” – dash\nend…",
             "a\u00a0b\nc\u0301d\ne\u0301", "\u1100\u1161\u11a8 가각\n\u1100\u1161",
             "½ ﬁle ２\n\U0001F642 smile", "é\u0301\u0323 x\u0323\u0301",
             "\u0b92\u0bd7 \u0b94", "Ⅻ ㎏ ℃\n", "\ud7a3\u11a8",
             # one byte a code point (Latin-1), two, four; a bad one after word-sized runs
             "x" * 13 + "\xa0" + "y" * 9 + "\n½\n" + "z" * 17 + "é",
             "Ä" * 11 + "\u2026" + "a" * 7 + "\n" + "b" * 5 + "ﬁ",
             "\U0001F642" + "a" * 9 + "\u2026\n\u2026" + "é" * 3]
    rng = random.Random(3)
    pool = [chr(cp) for cp in (*range(0x20, 0x250), *range(0x300, 0x370), *range(0x1100, 0x1200),
                               *range(0x2000, 0x2200), *range(0xAC00, 0xAC40),
                               *range(0xFB00, 0xFB10), *range(0xFF00, 0xFF20))] + ["\n"] * 20
    texts += ["".join(rng.choice(pool) for _ in range(rng.randint(0, 80))) for _ in range(2000)]
    for _ in range(40):  # texts long enough that most lines are skipped whole
        lines = ["".join(rng.choice(pool[:400]) for _ in range(rng.randint(0, 120)))
                 for _ in range(rng.randint(1, 30))]
        texts.append("\n".join(lines))
    for text in texts:
        assert minhash.nfkc(text) == _reference(text), repr(text)
        assert minhash._is_nfkc(text) == unicodedata.is_normalized("NFKC", text), repr(text)


def test_the_shipped_table_is_the_built_one() -> None:
    """The table read from ``models/`` (for this Python's Unicode version) is the one
    unicodedata gives; a Python of another version builds its own."""
    shipped = minhash.Path(str(minhash._NFKC_SHIPPED).format(unicodedata.unidata_version))
    if not shipped.exists():
        pytest.skip(f"no table shipped for Unicode {unicodedata.unidata_version}")
    assert shipped.read_bytes() == minhash._build_nfkc_table()


def test_a_missing_table_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(minhash, "_NFKC_SHIPPED", minhash.Path("/nonexistent/nfkc-{}.bin"))
    minhash._nfkc_table.cache_clear()
    try:
        assert minhash._nfkc_table() == minhash._build_nfkc_table()
    finally:
        minhash._nfkc_table.cache_clear()


def test_expansions_replace_alone_wherever_they_stand() -> None:
    """Every code point minhash._expansion replaces (the ellipsis, fractions, ligatures,
    compatibility letters...) is a starter that is no second code point of a composition,
    its NFKD form starts with one too, and between simple or other such code points the
    NFKC form of a text is the text with each replaced (unicodedata says so)."""
    decomp = {cp: unicodedata.decomposition(chr(cp)) for cp in range(0x110000)}
    second = {int(d.split()[1], 16) for d in decomp.values()
              if d and d[0] != "<" and d.count(" ") == 1}
    second.update(range(0x1161, 0x1176), range(0x11A8, 0x11C3))
    found = {}
    for cp, d in decomp.items():
        if not d or 0xD800 <= cp < 0xE000:
            continue
        got = minhash._expansion(chr(cp))
        if got is not None:
            found[chr(cp)] = got
    assert {"\u2026": "...", "½": "1⁄2", "™": "TM", "ﬁ": "fi", "\u00a0": " "}.items() \
        <= found.items()
    assert minhash._expansion("\u0301") is None and minhash._expansion("é") is None
    assert minhash._expansion("\u1161") is None and minhash._expansion("ab") is None
    simple = _simple()
    starts = sorted({int(d.split()[0], 16) for d in decomp.values() if d and d[0] != "<"}
                    & set(simple))
    context = ["a", "e", "A", ".", " ", "\u1100", "\uac00", "\u0b92", "i", "I"] \
        + [chr(c) for c in starts[::40]]
    assert all(ord(c) in set(simple) for c in context)
    for ch, form in found.items():
        assert ord(ch) not in second, hex(ord(ch))
        first = unicodedata.normalize("NFKD", ch)[0]
        assert ord(first) not in second and unicodedata.combining(first) == 0, hex(ord(ch))
        for p in context:
            text = p + ch + p + ch
            assert unicodedata.normalize("NFKC", text) == p + form + p + form, hex(ord(ch))
    rng = random.Random(11)
    pool = list(found) + [chr(c) for c in starts] + list("abc .\n")
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 40)))
        assert minhash.nfkc(text) == _reference(text), repr(text)
