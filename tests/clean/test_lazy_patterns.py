"""clean/patterns.py compiles the whole-line tables (FULL) only when one is used: the
same pattern, flags and matches as re.compile, paid only by the code that matches them."""

import re

from newssift.clean import patterns, rules
from newssift.clean.patterns import FULL
from newssift.lazy_pattern import LazyPattern

LINES = ["Leave a Reply", "Share this article", "Advertisement", "Read more", "About the author",
         "The minister said the plan would be read more widely.", "", "Menu", "sign up now!"]


def test_importing_the_cleaner_compiles_no_whole_line_table():
    # rules.py built its union pattern from .pattern alone
    assert all(isinstance(p, LazyPattern) for p in FULL.values())
    assert rules._FULL_ANY.pattern.count("(?P<") == len(FULL)
    untouched = [p for p in FULL.values() if "_compiled" not in vars(p)]
    assert untouched  # (a test run may have matched some through tests/test_vocab.py)


def test_lazy_patterns_match_like_compiled_ones():
    for code, lazy in FULL.items():
        ref = re.compile(lazy.pattern, lazy.flags)
        assert lazy.flags == ref.flags
        for line in [*LINES, code.replace("_", " ")]:
            for method in ("match", "search", "fullmatch"):
                a, b = getattr(lazy, method)(line), getattr(ref, method)(line)
                assert (a and a.span()) == (b and b.span())
        assert lazy.compiled().pattern == ref.pattern
        assert lazy.groupindex == ref.groupindex
    assert LazyPattern("a", re.ASCII).flags == re.compile("a", re.ASCII).flags
    assert patterns.FULL["comment_form"].match("leave a reply")
