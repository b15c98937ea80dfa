"""Screens read off patterns cover every alternative (the contract the hand-kept lists broke)."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newssift.clean.patterns import CAPTION_MARK, CAPTION_SHAPE
from newssift.clean.screens import screen_keys


def test_keys_follow_literals_through_groups_and_branches():
    pat = re.compile(r"\((?:Foto|Bild) ?: [^)]+\)|\bCredits?: [A-Z]|[\w.]© ?[A-Z]")
    assert screen_keys(pat) == ("(Bild", "(Foto", "Credit", "©")


def test_longest_required_literal_wins_and_supersets_are_dropped():
    pat = re.compile(r"Copyright \d{4},? (?:The )?Associated Press|, (?:left|second from left),")
    assert screen_keys(pat) == (", left,", ", second from left,", "Associated Press")


def test_an_alternative_without_a_literal_is_refused():
    with pytest.raises(ValueError, match="no literal screen"):
        screen_keys(re.compile(r"Photo: \w+|\d{4}\s\d{2}"))


@pytest.mark.parametrize("pattern", [CAPTION_MARK, CAPTION_SHAPE], ids=["mark", "shape"])
def test_every_match_of_a_caption_pattern_passes_its_screen(pattern):
    keys = screen_keys(pattern)

    @settings(max_examples=300, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(pattern))
    def check(text):
        m = pattern.search(text)
        assert m is not None
        assert any(k in m.group(0) for k in keys), (m.group(0), keys)

    check()
