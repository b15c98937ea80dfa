"""Session 19's speaker rules, on short made-up stories (names invented; none read from the
PolNeAR dev split). Each case fails without the rule it names."""

from __future__ import annotations

import pytest

from newssift.news.quotes import find_quotes

CASES = [
    pytest.param(
        "The memos raised concerns.\n\nHouse Oversight Republican Tom Reyes (R-Ohio), who has "
        "read the memos, agreed with that point.\n\n\"Some of this is not merely about the "
        'news, but about our security," he said.',
        "Tom Reyes",
        id="a_body_and_a_party_word_before_a_given_name_are_no_part_of_the_name",
    ),
]


@pytest.mark.parametrize(("text", "speaker"), CASES)
def test_speaker(text: str, speaker: str) -> None:
    assert find_quotes(text)[-1].speaker == speaker
