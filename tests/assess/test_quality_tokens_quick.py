"""The quick reading of common new chunks (``quality_tokens._quick_split``) must give the
tokens of the affix loop (``_split_chunk``) on every chunk it accepts, and must accept the
shapes it is there for."""

from __future__ import annotations

import random
import sys

import pytest
import regex

from newssift.assess import quality_tokens as qt


def _loop(chunk: str) -> list[str]:
    return [t for t in qt._split_chunk(chunk) if t.strip()]


def _check(chunks) -> int:
    accepted = 0
    for chunk in chunks:
        if not chunk or chunk in qt.SPECIAL_TOKENS or chunk.isalpha():
            continue  # _chunk_tokens answers these before the quick reading
        quick = qt._quick_split(chunk)
        if quick is not None:
            accepted += 1
            assert quick == _loop(chunk), chunk
    return accepted


def test_letters_are_regex_letters_and_never_symbols():
    # the quick reading takes str.isalpha for the rules' \p{L}, and relies on no letter
    # being \p{So} (a prefix, suffix and infix of the loop)
    letter, symbol = regex.compile(r"\p{L}"), regex.compile(r"\p{So}")
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        if c.isalpha():
            assert letter.match(c) and not symbol.match(c), hex(cp)


@pytest.mark.parametrize(
    "chunk, tokens",
    [
        ("well-known", ["well", "-", "known"]),
        ("state-of-the-art,", ["state", "-", "of", "-", "the", "-", "art", ","]),
        ("Trump’s", ["Trump", "’s"]),
        ("O’Brien", ["O’Brien"]),
        ("“Hello", ["“", "Hello"]),
        ("said.”", ["said", ".", "”"]),
        ("(AP)", ["(", "AP", ")"]),
        ("(state-run),", ["(", "state", "-", "run", ")", ","]),
        ("USA.", ["USA", "."]),
        ("Jones’s.", ["Jones", "’s", "."]),
        ("north—south", ["north", "—", "south"]),
        ("café-crème", ["café", "-", "crème"]),
        ("(2024),", ["(", "2024", ")", ","]),
        ("$12,000.", ["$", "12,000", "."]),
        ("1990's", ["1990", "'s"]),
        ("3.5.", ["3.5", "."]),
    ],
)
def test_common_shapes_are_read_quickly(chunk, tokens):
    assert qt._quick_split(chunk) == tokens
    assert _loop(chunk) == tokens


@pytest.mark.parametrize(
    "chunk",
    [
        "U.S.",  # a period inside: the loop decides
        "Dr.”",  # "Dr." is an exception (looked up after the quote is peeled)
        "“Jan.",  # "Jan." is an exception after the opening quote
        "McD.",  # a period after one capital stays on the word
        "café.",  # a period after a non-ASCII letter: the loop decides
        "end..",  # a run of periods
        "a-",  # a dash at the end
        "-a",
        "a’-b",  # a dash after an apostrophe is not an infix
        "9-a",
        "$5",
        "can’t,",  # an exception inside
        "3..",
        "5%",  # a unit after a digit
        "10am.",  # an hour exception
        "1990-2000",  # a digit infix
        "12a",
    ],
)
def test_other_shapes_go_to_the_loop_or_agree(chunk):
    quick = qt._quick_split(chunk)
    assert quick is None or quick == _loop(chunk)


def test_exceptions_inside_are_left_to_the_loop():
    assert qt._quick_split("“Jan.") is None
    assert qt._quick_split("Dr.”") is None
    assert _loop("Dr.”") == ["Dr.", "”"]


def test_random_chunks_of_the_shape_and_near_it():
    rng = random.Random(17)
    letters = [
        *"abcsSzABZUSXé中ʰǅßΩªİıſK", "Jan", "Mr", "e", "g", "i", "can", "cant", "doin",
        "US", "km", "am", "pm", "y", "all", "12", "2024", "3.5", "1,000", "0", "o", "clock",
        "ma", "Ph", "D", "C", "vs", "co",
    ]
    opens = ["", "", "“", '"', "‘", "'", "(", "[", "«", "…", "$", "£", "€", "US$", "—", ".",
             "¿", "+"]
    closes = [",", ";", ":", "!", "?", ")", "]", "”", '"', "’", "'", ".", "’s", "'s", "'S",
              "..", "…", "—", "%", "s", "9", "°C", "km"]
    seps = ["-", "–", "—", "'", "’", "", ".", "~", "--", "/", ",", "9"]
    chunks = []
    for _ in range(60_000):
        w = rng.choice(letters)
        for _ in range(rng.randint(0, 3)):
            w += rng.choice(seps) + rng.choice(letters)
        chunks.append(rng.choice(opens) + w
                      + "".join(rng.choice(closes) for _ in range(rng.randint(0, 3))))
    assert _check(chunks) > 5_000  # the shape is really exercised


def test_real_text_chunks():
    from tests.clean.corpus import real_docs

    chunks = sorted({c for doc in real_docs() for line in doc for c in line.split()})
    # chunks the quick reading is offered (what _check skips is answered before it)
    offered = [c for c in chunks if c not in qt.SPECIAL_TOKENS and not c.isalpha()]
    assert len(offered) > 300  # the repository's own texts alone give ~390 (with ../shared ~5,700)
    assert _check(chunks) > 0.8 * len(offered)  # and it really takes most of them
