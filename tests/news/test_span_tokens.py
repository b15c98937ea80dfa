"""The compiled tokens of a window (``news/_native.c`` ``span_tokens``) against the regex.

Every window of random text built from the token pattern's pieces (word characters of
several scripts, ’ ' . -, the single-character tokens, white space of several kinds) and
random windows of the PolNeAR train texts (where ../shared is there) must give the same
(token, start, end) list as ``text.span_tokens_py`` (the regex), bounds past either end
included; and StoryText's compiled paragraph starts and sentence ends (story_bounds) the
regexes' ones.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from newssift.news.quotes import text as T

ROOT = Path(__file__).resolve().parents[2]
POLNEAR = ROOT.parent / "shared" / "benchmarks" / "quotes" / "polnear" / "train" / "text"
PIECES = ["a", "Z", "9", "_", "é", "东", "٣", "’", "'", ".", "-", "--", ",", ":", ";", "(", ")",
          "[", "]", "—", "–", " ", "\n", "\u00a0", "\t", "!", '"', "“", "don't", "U.S.", "x-y",
          "’s", " - ", "a.-b", "..", "''", "\u2028", "\u0301"]


def test_compiled_span_tokens_are_the_regex_tokens():
    if T.span_tokens is T.span_tokens_py:
        pytest.skip("news/_native.c is not built")
    rng = random.Random(6)
    for _ in range(20000):
        t = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 15)))
        s, e = rng.randint(-2, len(t) + 2), rng.randint(-2, len(t) + 2)
        assert T.span_tokens(t, s, e) == T.span_tokens_py(t, s, e), (t, s, e)
        assert T.span_tokens(t, 0, len(t)) == T.span_tokens_py(t, 0, len(t)), t
    if POLNEAR.is_dir():
        for p in sorted(POLNEAR.glob("*.txt"))[::4]:
            t = p.read_text(encoding="utf-8")
            assert T.span_tokens(t, 0, len(t)) == T.span_tokens_py(t, 0, len(t))
            for _ in range(50):
                s = rng.randint(0, len(t))
                e = s + rng.randint(0, 200)
                assert T.span_tokens(t, s, e) == T.span_tokens_py(t, s, e), (p.name, s, e)


def _bounds_py(text: str) -> tuple[list[int], list[int]]:
    st = T.StoryText.__new__(T.StoryText)
    st._read_bounds(text)
    return st.para_starts, st.sent_ends


def test_compiled_story_bounds_are_the_regex_bounds():
    if T._story_bounds is None:
        pytest.skip("news/_native.c is not built")
    rng = random.Random(7)
    pieces = [*PIECES, "Mr.", "U.S. ", "Sen. ", "J. ", "a. ", "abcdef. ", "x! ", "y? ", "z… ",
              "MRS. ", "(Dr. ", "Ré. ", "é. ", "1. ", "\nNo. ", "İ. ", "ǅ. ", "K. ",
              ".'' ", ".” ", '." ', ".’\n", ".» ", ".'", "!!", "\n\n", " \n ", "\n \n", "St.",
              "no.", "(Gov. ", "\r\n", "\u2029", "\x0b"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(30000)]
    if POLNEAR.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(POLNEAR.glob("*.txt"))]
    for t in texts:
        want = _bounds_py(t)
        got = T._story_bounds(t, T.abbrev_before)
        assert (list(got[0]), list(got[1])) == want, t[:80]
        got = T._story_bounds(t, T.abbrev_before, T._ABBREV)  # abbrev_before read in C
        assert (list(got[0]), list(got[1])) == want, t[:80]
