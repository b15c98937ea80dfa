"""Line-rule helpers."""

from __future__ import annotations

import re

import pytest

from newssift.clean.rules import literal_trie

WORDS = ["said:", "says:", "sa", "subscri", "subscribe now", "tip?", "a tip", "©", "(c)"]


@pytest.mark.parametrize(
    "text",
    [
        "he said: yes",
        "subscribe now",
        "sand",
        "no match here",
        "got a tip? write",
        "© 2024",
        "(c) marlow",
        "(b) nothing",
        "",
    ],
)
def test_literal_trie_finds_what_the_plain_union_finds(text: str):
    plain = re.compile("|".join(re.escape(w) for w in WORDS))
    assert bool(literal_trie(WORDS).search(text)) == bool(plain.search(text))


def test_literal_trie_matches_a_word_that_is_a_prefix_of_another():
    pat = literal_trie(["sub", "subscribe"])
    assert pat.search("a sub here") and pat.search("subscribe")
    assert not pat.search("su b")
