"""The compiled capitalised runs (``news/_native.c`` ``capital_runs``) against the regex.

``capitals.capital_runs_py`` reads _PERSON_SEQ with the regex engine; the compiled scan must
give the same runs of two words or more and the same single words (``alone``, ``singles``)
on random text built from the pattern's pieces (capitals of several scripts, initials, short
abbreviations, possessives, the three kinds of gap), with stretches that start inside the
text (the look-behind reads the character before one), and on the PolNeAR train texts
(where ../shared is there); and scan_capitals must give the same Capitals either way.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from newssift.news.quotes import capitals as C
from newssift.news.quotes.marks import quote_spans

ROOT = Path(__file__).resolve().parents[2]
POLNEAR = ROOT.parent / "shared" / "benchmarks" / "quotes" / "polnear" / "train" / "text"
PIECES = ["A", "B.", "J.K.", "Mr.", "Mrs.", "Abc", "ab", "É", "Ö", "×", "Øx", "Þ", "ß", "a",
          "’s", "'s", "'", "’", "-", ".", " ", "\t", "\u00a0", "\n", "Ted", "Cruz", "O'Neil",
          "X-", "_", "9", "Instead", " been", "*", "“", "”", '"', ",", "Jr.", "U.S.", "Dr", "é",
          "东", "Ab.", "Abc.", "A.B", "St.", "  ",
          # capitals beyond Latin-1 (and one beyond the BMP, which is none), lower-case "ł"
          "Ł", "İ", "Đ", "Š", "ǅ", "Ấ", "Ω", "Ж", "ł", "ę", "ǆ", "\U0001d400", "Łukasz",
          "İlham", "Šefčovič", "ǅemal"]


def _runs(f, text: str, outside: list[tuple[int, int]]):
    alone: set[str] = set()
    singles: list = []
    many = f(text, outside, C.NOT_LONE, C._HAS.match, alone, singles)
    return many, alone, singles


def test_compiled_capital_runs_are_the_regex_runs():
    try:
        from newssift.news._native import capital_runs
    except ImportError:
        pytest.skip("news/_native.c is not built")
    rng = random.Random(26)
    for _ in range(30000):
        t = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 14)))
        n = len(t)
        outside = sorted({(rng.randint(0, n), rng.randint(0, n + 2))
                          for _ in range(rng.randint(1, 3))})
        assert _runs(capital_runs, t, outside) == _runs(C.capital_runs_py, t, outside), (
            t, outside)
    if POLNEAR.is_dir():
        for p in sorted(POLNEAR.glob("*.txt"))[::4]:
            t = p.read_text(encoding="utf-8")
            assert _runs(capital_runs, t, [(0, len(t))]) == _runs(C.capital_runs_py, t,
                                                                   [(0, len(t))])
            spans = quote_spans(t)
            native = C.scan_capitals(t, spans)
            try:
                C._capital_runs = C.capital_runs_py
                assert C.scan_capitals(t, spans) == native, p.name
            finally:
                C._capital_runs = capital_runs


def test_a_stretch_that_is_not_a_pair_tuple_is_a_type_error() -> None:
    # (review r34) the compiled scan read any sequence through PyArg_ParseTuple, which raised
    # SystemError for a list; scan_capitals passes tuples, and anything else is refused
    native = pytest.importorskip("newssift.news._native")
    for bad in ([0, 3], (0, 1, 3)):
        with pytest.raises(TypeError):
            native.capital_runs("Abc Def", [bad], frozenset(), lambda s: None, set(), [])
