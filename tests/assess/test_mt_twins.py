"""The MT document score through the compiled twin (assess/_mt_native.c) and through the
pure Python/numpy path, held equal float for float on awkward input.

Why: every per-document step of ``machine_translated`` that runs in C (the Latin-script
check of :func:`mt_model.assessable`, tokens and their codes, the character text, the
n-gram counting, lookups and weighing) has a Python twin that is the reference; a score
that differs between them in the last bit is a bug, not rounding."""

import random

import pytest

from newssift.assess import mt_features, mt_model
from newssift.assess.mt_model import DocModel
from tests.assess.fixtures import fixture
from tests.assess.test_mt_native import _random_text

native = pytest.importorskip("newssift.assess._mt_native")

SENTENCE = "The minister said that the plan would be presented to the committee next week. "


def _awkward() -> list[str]:
    """Texts at the edges: empty, one word, no punctuation, mixed scripts, surrogates, huge."""
    rng = random.Random(19)
    base = fixture("clean_article.txt")
    return (
        [
            "",
            " \n\t ",
            "word",
            "_",
            "_a " * 200,
            "word " * 200,  # no punctuation, one type
            " ".join(f"w{i}" for i in range(400)),
            SENTENCE * 30,
            base,
            base.replace('"', "\u201c").replace(" - ", " \u2014 ").replace("'", "\u2019"),
            base
            + " \u4e2d\u6587\u5b57 \u0416\u0438\u0437\u043d\u044c \u0627\u0644\u0639\u0631\u0628",
            " ".join(["\u0416\u0438\u0437\u043d\u044c"] * 150 + ["life"] * 100),  # mostly Cyrillic
            "\u00e9t\u00e9 caf\u00e9 na\u00efve " * 80,
            SENTENCE * 30 + "\ud800",  # lone surrogates (strict UTF-8 refuses them)
            "\udfff" + SENTENCE * 30,
            (SENTENCE + "\ud83d ") * 30,
            "it\u2019s rock'n'roll don' " * 70,
            "x" * 30000,
            " ".join(["word"] * 200_000),
            " ".join(
                rng.choice(("the", "of", "Minister", "1999", "\u2013", ",", "a\u2019b"))
                for _ in range(200_000)
            ),
        ]
        + [_random_text(rng, rng.randint(150, 600)) for _ in range(40)]
        + [(SENTENCE * 4 + _random_text(rng, 60)) * 3 for _ in range(10)]
    )


@pytest.fixture(scope="module")
def shipped() -> DocModel:
    model = mt_model.load_model()
    if not isinstance(model, DocModel) or not model.native:
        pytest.skip("the shipped document model with its compiled counting is needed")
    return model


def _score(text: str) -> tuple:
    return mt_model.machine_translated(text), mt_model.assessable(text), mt_model.explain(text)


def test_latin_words_equals_its_python_twin():
    rng = random.Random(5)
    texts = _awkward() + [_random_text(rng, rng.randint(0, 80)) for _ in range(500)]
    texts += ["a'b", "a\u2019b", "\u00e9\u2019b", "x'\u4e2d", "'a", "a'", "__", "_1", "\ud800a"]
    for t in texts:
        head = t[:20000]
        assert native.latin_words(head) == mt_model._latin_words_py(head), repr(head[:60])


def test_scores_equal_between_the_compiled_and_python_paths(shipped, monkeypatch):
    texts = _awkward()
    compiled = [_score(t) for t in texts]
    monkeypatch.setattr(mt_model, "_latin_words", mt_model._latin_words_py)
    monkeypatch.setattr(mt_model, "_words_below", mt_model._words_below_py)
    shipped.native = False
    try:
        python = [_score(t) for t in texts]
    finally:
        shipped.native = True
    for t, c, p in zip(texts, compiled, python, strict=True):
        assert c == p, repr(t[:60])
    assert sum(c[0] is not None for c in compiled) > 10  # most awkward texts are still scored


def test_a_lone_surrogate_in_latin_text_gets_a_score(shipped):
    text = SENTENCE * 30 + "\ud800 end"
    assert mt_features.char_bytes("a\ud800").endswith(b"\xed\xa0\x80 ")
    assert native.char_text("a\ud800") == mt_features.char_bytes("a\ud800")
    p = mt_model.machine_translated(text)
    assert p is not None and 0.0 <= p <= 1.0
    shipped.native = False
    try:
        assert mt_model.machine_translated(text) == p
    finally:
        shipped.native = True


def test_word_count_and_ascii_character_text_equal_their_python_twins():
    rng = random.Random(7)
    texts = _awkward()[:-2] + [_random_text(rng, rng.randint(0, 300)) for _ in range(200)]
    texts += ["A\u3000B\x1cC  d", "  ", "MiXeD CaSe, ASCII!"]
    for t in texts:
        for limit in (0, 1, 2, 179, 180, 181, 5000):
            assert native.words_below(t, limit) == mt_model._words_below_py(t, limit)
        if t.isascii():  # upper-case ASCII is lower-cased in C
            assert native.char_text(t) == mt_features.char_bytes(t)
        assert mt_model.word_count(t) == len(t.split())  # assess's n_words


def test_the_counters_token_memo_gives_the_module_token_codes(shipped):
    """Counter.token_codes (a memo in C in front of the cache) against token_codes (the
    cache alone), on awkward texts and past the memo's size, where it starts again."""
    counter = DocModel(shipped.path)._counter  # its own memo: the shipped model's stays clean
    rng = random.Random(11)
    texts = _awkward()[:-2] + [_random_text(rng, rng.randint(0, 300)) for _ in range(50)]
    cache: dict[str, int] = {}
    for _round in range(2):
        for t in texts:
            got = counter.token_codes(t, cache)
            assert got == native.token_codes(t, cache)
            for j, tok in got[1]:
                cache[tok] = 1000 + j + len(tok)
    # a token's code never changes for one model: a fresh memo for these new codes
    counter = DocModel(shipped.path)._counter
    many = " ".join(f"t{i}" for i in range(150_000)) + " " + "x" * 100
    cache = {f"t{i}": i + 1 for i in range(150_000)}
    for _round in range(2):
        assert counter.token_codes(many, cache) == native.token_codes(many, cache)


def test_the_head_cut_is_the_one_written_before():
    texts = _awkward()
    for t in texts + [" ".join(["w"] * n) for n in (4999, 5000, 5001)] + ["ab " * 6000]:
        parts = t.split(None, mt_model.MAX_WORDS)  # the cut as it was written before
        want = t if len(parts) <= mt_model.MAX_WORDS else " ".join(parts[: mt_model.MAX_WORDS])
        assert mt_model._head(t) == want
