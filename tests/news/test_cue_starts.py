"""The compiled cue scan of indirect attributions (``news/_native.c``) against the regexes.

``cue_starts`` must give every position at which one of ``indirect._INDIRECT_FINDERS``
finds a match, no more, on the PolNeAR train texts (where ../shared is there), the news
fixtures and random text made of cue pieces, word characters of other scripts and breaks.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from newssift.news.quotes import cues as C
from newssift.news.quotes import indirect as I

ROOT = Path(__file__).resolve().parents[2]
POLNEAR = ROOT.parent / "shared" / "benchmarks" / "quotes" / "polnear" / "train" / "text"


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8")
             for p in sorted((ROOT / "tests" / "news" / "fixtures").glob("*.json"))]
    if POLNEAR.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(POLNEAR.glob("*.txt"))[::3]]
    rng = random.Random(4)
    pieces = [*C.INDIRECT_CUE_WORDS, *I.PARTICIPLE_STEMS, *C.LATE_CUE_WORDS, "s", "sa",
              "a", "A", "ccording", "to", " ",
              "\n", ",", ".", "_", "x", "é", "东", "1", "'", "’", "-", "said_", "saidé"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
              for _ in range(20000)]
    return texts


def test_compiled_cue_starts_are_the_regex_matches():
    if I.cue_starts is I.cue_starts_py:
        pytest.skip("news/_native.c is not built")
    for t in _texts():
        assert I.cue_starts(t) == I.cue_starts_py(t), t[:80]


def test_compiled_cue_starts_without_word_start_keep_the_old_contract():
    """Without ``word_start`` a table gives every match, inside words too, as the revisions
    before session 25 read it (bench/quotes.py --base loads their Python beside this
    extension): session 24's words, "ccording to" among them, against plain patterns."""
    if I.cue_starts is I.cue_starts_py:
        pytest.skip("news/_native.c is not built")
    import re

    from newssift.news import _native

    words = ("said", "says", "say", "told", "added", "ccording to", "argued", "argue",
             "shows", "saying", "adding")
    by_letter: dict[str, list[str]] = {}
    for w in words:
        by_letter.setdefault(w[0], []).append(re.escape(w[1:]))
    pats = [re.compile(k + "(?:" + "|".join(sorted(v, key=len, reverse=True)) + r")\b")
            for k, v in by_letter.items()]
    table = _native.cue_table(words)
    rng = random.Random(5)
    pieces = [*words, "a", "according to", "x", " ", ",", "_", "é", "1", "\n"]
    for _ in range(5000):
        t = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        want = sorted({m.start() for p in pats for m in p.finditer(t)})
        assert _native.cue_starts(table, t) == want, t
