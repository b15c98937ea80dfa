"""The letter classes of ``vocab/letters.py`` and their compiled twin (``news/_native.c``).

The regex classes must be their definitions (``is_capital``, ``is_lower``) on every code point
there is, must be the old hand-typed Latin-1 classes within Latin-1, and the compiled scan's
``cap_first`` must take for a capital exactly what the regex does: on every code point of the
classes' range (the BMP) and on a random sample beyond it, read through ``capital_runs``
against its regex twin ``capital_runs_py``.
"""

from __future__ import annotations

import random
import re

import pytest

from newssift.news.quotes import capitals as C
from newssift.vocab import letters as L


def test_the_classes_are_their_definitions_on_every_code_point():
    cap, low = re.compile(L.CAPITAL), re.compile(L.LOWER_LETTER)
    for c in range(0x110000):
        ch = chr(c)
        assert bool(cap.fullmatch(ch)) is L.is_capital(ch), hex(c)
        assert bool(low.fullmatch(ch)) is L.is_lower(ch), hex(c)


def test_within_latin1_the_classes_are_the_old_ones():
    latin1 = "".join(map(chr, range(256)))
    assert re.findall(L.CAPITAL, latin1) == re.findall("[A-ZÀ-ÖØ-Þ]", latin1)
    # the old lower-case class wanted "ß" and "µ" as well (and "ª", "º", letters in lower case)
    assert re.findall(L.LOWER_LETTER, latin1) == re.findall("[a-zªµºß-öø-ÿ]", latin1)


def test_capitals_of_other_scripts_and_title_case_but_no_symbols():
    for ch in "ŁİĐŠŽǅǈǋΩЖẤԱႠᏣ":
        assert L.is_capital(ch), ch
    # lower case, numerals and circled letters (upper-case to str.isupper), caseless scripts,
    # and the styled mathematical capitals beyond the BMP are no capitals
    for ch in "łıǆßⅫⒶ东ا\U0001d400\U0001e900":
        assert not L.is_capital(ch), ch
    assert all(L.is_lower(ch) for ch in "łęśžǆßω")


def _singles(f, text: str) -> list:
    alone: set[str] = set()
    singles: list = []
    many = f(text, [(0, len(text))], C.NOT_LONE, C._HAS.match, alone, singles)
    assert many == []
    return singles


def test_the_compiled_capital_is_the_regex_capital_on_every_code_point():
    try:
        from newssift.news._native import capital_runs
    except ImportError:
        pytest.skip("news/_native.c is not built")
    rng = random.Random(27)
    beyond = sorted(rng.sample(range(L.LIMIT, 0x110000), 20000))
    # the capitals beyond the BMP too: each of them is no capital on either side
    beyond += [c for c in range(L.LIMIT, 0x110000) if chr(c).isalpha() and chr(c).istitle()]
    points = list(range(L.LIMIT)) + beyond
    for k in range(0, len(points), 8192):
        chunk = points[k:k + 8192]
        # each code point after a comma (no look-behind stops it) and before "ab" (the rest
        # of a word): a single word wherever it is a capital
        text = "".join(f",{chr(c)}ab" for c in chunk)
        native = _singles(capital_runs, text)
        assert native == _singles(C.capital_runs_py, text)
        starts = {s for s, *_ in native}
        assert starts == {4 * i + 1 for i, c in enumerate(chunk) if L.is_capital(chr(c))}
