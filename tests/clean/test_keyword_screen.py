"""The cleaner's keyword screens (``rules.keyword_screen``): the compiled table of
``clean/_native.c`` and the regex trie it stands in for both answer exactly
``any(w in text for w in words)``."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from newssift.clean import rules
from newssift.clean.patterns import CAPTION_MARK, CAPTION_SHAPE, SEARCH
from newssift.clean.rules import keyword_screen, literal_trie
from newssift.clean.screens import screen_keys

native = pytest.importorskip("newssift.clean._native")

ROOT = Path(__file__).resolve().parents[2]
TABLES = [
    [k for _, _, keys in SEARCH.values() for k in keys],
    list(screen_keys(CAPTION_MARK)),
    list(screen_keys(CAPTION_SHAPE)),
    ["a", "ab", "abc", "b", "ba", "©", "東京", "𝔘𝔫", "é", "e\u0301", "x y", " "],
    ["long keyword that no short text holds"],
    ["zz"],
    list('"“”«»„'),  # keep.py's quotation marks: one-character keys only
]


def _texts(rng: random.Random, words: list[str]) -> list[str]:
    alphabet = sorted({c for w in words for c in w} | set("ab yz.,\n©é東𝔘\u0301"))
    texts = ["", "a", "z", "©", "𝔘", "zz", "abc"]
    texts += [line for p in sorted(ROOT.glob("tests/*/fixtures/*.txt"))
              for line in p.read_text(encoding="utf-8").splitlines()]
    for _ in range(2000):
        parts = []
        for _ in range(rng.randint(0, 12)):
            if rng.random() < 0.3:
                w = rng.choice(words)
                cut = rng.randint(0, len(w))  # whole, or cut short by one or more characters
                parts.append(w if rng.random() < 0.5 else w[:cut])
            else:
                parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))))
        texts.append("".join(parts))
    return texts


@pytest.mark.parametrize("words", TABLES)
def test_the_table_and_the_trie_answer_any_substring(words):
    rng = random.Random(len(words))
    table = native.table(tuple(words))
    trie = literal_trie(words)
    for text in _texts(rng, words):
        want = any(w in text for w in words)
        assert native.any_in(table, text) is want, (text, words[:3])
        assert bool(trie.search(text)) is want, (text, words[:3])
        assert bool(keyword_screen(words)(text)) is want


def test_edge_tables():
    assert native.any_in(native.table(("",)), "") is True
    assert native.any_in(native.table(()), "anything") is False
    assert native.any_in(native.table(("ab",)), "a") is False
    assert native.any_in(native.table(("b",)), "ab") is True  # the last position
    with pytest.raises(TypeError):
        native.table(["a"])
    with pytest.raises(TypeError):
        native.any_in(native.table(("a",)), b"a")


def test_line_rule_uses_the_compiled_screens():
    assert rules._native is native
    assert rules._SEARCH_KEYS("please subscribe now") is True


def test_word_count_is_the_split():
    rng = random.Random(21)
    pieces = ["a", "bc", " ", "  ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "\x1c", "\x85",
              "\u200b", "é", "東", "𝔘", "-", "."]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 20))) for _ in range(20000)]
    texts += [chr(c) + "x" + chr(c) for c in range(0, 0x3100)]
    for t in texts:
        assert rules.word_count(t) == rules.word_count_py(t) == len(t.split()), ascii(t)


def test_breadcrumb_screen_holds_every_separator():
    # every match of _CRUMB_SEP holds a character of the screen, so a line without one splits
    # into one part and is no breadcrumb
    rng = random.Random(22)
    pieces = ["a", "b c", " ", "\t", "\u00a0", ">", "»", "›", "/", "|", "<", "-", "«", "‹", "\\"]
    for _ in range(20000):
        t = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        if rules._CRUMB_SEP.search(t):
            assert rules._CRUMB_CHARS(t), t


def test_line_rule_memo_gives_the_rules_answer() -> None:
    """line_rule answers through a bounded memo: the rules' own answer, first call and
    repeat; no more than its bound kept; lines past MEMO_MAX_CHARS never enter it."""
    from newssift.clean import rules

    texts = ["Advertisement", "Read More", "Photo: Jane Doe/Reuters", "A plain sentence.", "",
             "Home > News > World", "Share on Facebook", "Updated 5:00 PM ET"]  # fmt: skip
    for t in texts * 2:
        assert rules.line_rule(t) == rules._line_rule(t), t
    assert rules.line_rule("Advertisement") is not None
    assert rules.line_rule("A plain sentence.") is None
    for i in range(rules.MEMO_SIZE + 10):
        rules.line_rule(f"line {i}")
    assert rules._line_rule_memo.cache_info().currsize <= rules.MEMO_SIZE
    before = rules._line_rule_memo.cache_info()
    long = "word " * (rules.MEMO_MAX_CHARS // 5 + 1)
    assert rules.line_rule(long) == rules._line_rule(long)
    after = rules._line_rule_memo.cache_info()
    assert (after.hits, after.misses) == (before.hits, before.misses)
