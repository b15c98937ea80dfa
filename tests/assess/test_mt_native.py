"""The compiled MT counting (assess/_mt_native.c) against its numpy twin.

The numpy path (``DocModel._counts_py`` then ``_weigh``) is the reference. The compiled path
must give the same tokens, the same term rows and counts in the same order, the same idf,
weights and families, and so the same probability bit for bit."""

import random

import numpy as np
import pytest

from newssift.assess import mt_model
from newssift.assess.mt_features import char_bytes, flatten, raw_tokens
from newssift.assess.mt_model import DocModel
from tests.assess.fixtures import fixture
from tests.assess.mt_helpers import tiny_model

native = pytest.importorskip("newssift.assess._mt_native")

ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
    " \t\n\r\x0b\x0c\x1c\x85\u00a0\u2028\u3000"  # white space, ASCII and not
    ".,;:!?'\"()-\u2019\u2018\u201c\u201d\u2013\u2014\u2026"  # punctuation and typography
    "\u00e9\u00e8\u00fc\u00df\u0130\u03a3\u03c2\u0416\u05d0\u0627\u4e2d\u0e01"  # other scripts
    "\u00b2\u2155\u0660\u0300\U0001f600\ufeff"  # digits, numbers, a combining mark, an emoji
)


def _random_text(rng: random.Random, n: int) -> str:
    words = []
    for _ in range(n):
        k = rng.choice((1, 2, 3, 5, 8))
        words.append("".join(rng.choice(ALPHABET) for _ in range(k)))
    return rng.choice((" ", "  ", "\n", "' ")).join(words)


def _texts() -> list[str]:
    rng = random.Random(17)
    base = fixture("clean_article.txt")
    out = [
        base,
        fixture("farm_copy.txt"),
        base.replace('"', "\u201c").replace(" - ", " \u2013 "),
        "",
        " ",
        "word",
        "it's",
        "it\u2019s rock'n'roll don'",
        "'' '' -- \u2019x",
        "\u0130stanbul \u03a3\u039f\u03a3 na\u00efve caf\u00e9",
        "The plan of the caf\u00e9 \u2013 the end.",
    ]
    out += [_random_text(rng, rng.randint(0, 300)) for _ in range(60)]
    # mixed: English with other scripts spliced in
    out += [base[: rng.randint(0, len(base))] + _random_text(rng, 40) for _ in range(10)]
    return out


@pytest.fixture(scope="module")
def shipped() -> DocModel:
    model = mt_model.load_model.__wrapped__()
    assert isinstance(model, DocModel)
    if not model.native:
        pytest.skip("the shipped model does not use the compiled counting")
    return model


def _same_terms(model: DocModel, text: str) -> None:
    flat = flatten(text)
    rows, tf = model._counts_py(raw_tokens(flat), flat)
    n_rows, n_tf, idf, w, fam = model._terms_native(flat)
    assert np.array_equal(rows, n_rows)
    assert np.array_equal(tf, n_tf)
    assert np.array_equal(idf, model.idf[rows])
    assert np.array_equal(w, model.weights[rows])
    assert np.array_equal(fam, model.family[rows])
    ids, shares = model._weigh(rows, tf.astype(np.float64))
    got = model._shares_native(flat)
    if got is not None:  # None: a count beyond the table of logarithms (weighed in numpy)
        assert np.array_equal(got[0], ids)
        assert np.array_equal(got[1], shares)  # bit for bit


def test_tokens_equal_the_regex_tokens():
    for flat in _texts() + [flatten(t) for t in _texts()]:  # raw text too: \u2019 kept
        codes, misses = native.token_codes(flat, {})
        assert len(codes) == 8 * len(misses)
        assert misses == list(enumerate(raw_tokens(flat)))
        known = {t: i + 1 for i, t in enumerate(dict.fromkeys(raw_tokens(flat)))}
        codes, misses = native.token_codes(flat, known)
        assert misses == []
        assert np.frombuffer(codes, np.int64).tolist() == [known[t] for t in raw_tokens(flat)]


def test_character_text_equals_char_bytes():
    for text in [*_texts(), "\n\t ", " a ", "ab  cd\x1c\x1d e\u2028f\u00a0g"]:
        for t in (text, flatten(text)):
            assert native.char_text(t.lower()) == char_bytes(t)
    # a lone surrogate as its three bytes (surrogatepass), as char_bytes: no UnicodeEncodeError
    assert native.char_text("a\udc80b") == char_bytes("a\udc80b") == b" a\xed\xb2\x80b "


def test_shipped_model_terms_equal_the_numpy_path(shipped):
    for text in _texts():
        _same_terms(shipped, text)


def test_shipped_model_scores_are_bit_identical(shipped):
    py = mt_model.load_model.__wrapped__()
    py.native = False
    for text in _texts():
        assert shipped.decision(text) == py.decision(text)
        assert shipped.probability(text) == py.probability(text)
        assert shipped.explain(text, 5) == py.explain(text, 5)


def test_long_text_is_counted_the_same(shipped):
    rng = random.Random(3)
    words = fixture("clean_article.txt").split()
    text = " ".join(rng.choice(words) for _ in range(200_000))
    _same_terms(shipped, mt_model._head(text))
    py = mt_model.load_model.__wrapped__()
    py.native = False
    assert mt_model.machine_translated(text) == py.probability(mt_model._head(text))
    # a run of one character: counts far above any short text's
    _same_terms(shipped, "a" * 100_000 + " the end")


def test_tiny_models_of_every_family_layout(tmp_path):
    from tests.assess.test_mt_profile import FAMILIES, TERMS

    layouts = [FAMILIES, ("chars", "words", "skeleton"), ("words",), ("chars",), ("skeleton",)]
    for k, fams in enumerate(layouts):
        terms = [t for t in TERMS if {"w": "words", "s": "skeleton", "c": "chars"}[t[0]] in fams]
        model = tiny_model(tmp_path / f"m{k}.npz", fams, terms, stored=True)
        assert model.native
        for text in _texts()[:30]:
            _same_terms(model, text)


def test_the_numpy_path_can_be_chosen_and_the_scratch_stays_clean(shipped):
    text = fixture("clean_article.txt")
    p = shipped.probability(text)
    shipped.native = False
    try:
        assert shipped._last is None  # switching forgets the last pass
        assert shipped.probability(text) == p
    finally:
        shipped.native = True
    # the same text twice through the compiled counting: the scratch arrays were reset
    flat = flatten(text)
    a = shipped._terms_native(flat)
    b = shipped._terms_native(flat)
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


def test_term_names_are_rebuilt_from_keys_exactly():
    model = mt_model.load_model.__wrapped__()
    with np.load(model.path, allow_pickle=False) as z:
        names = [str(t) for t in z["terms"]]
    assert vars(model).get("_terms") is None
    assert [model.term_name(i) for i in range(len(names))] == names
    assert vars(model).get("_terms") is None  # the 72 MB array was never read


def test_explain_reuses_the_scoring_pass(monkeypatch):
    model = mt_model.load_model()
    text = fixture("farm_copy.txt") + " " + fixture("clean_article.txt")
    fresh = mt_model.load_model.__wrapped__()
    expect_p, expect_terms = fresh.probability(text), fresh.explain(text)
    p = mt_model.machine_translated(text)

    def no_second_pass(*_a, **_k):
        raise AssertionError("features computed again")

    monkeypatch.setattr(model, "_terms_native", no_second_pass)
    monkeypatch.setattr(model, "_counts_py", no_second_pass)
    assert p == expect_p
    assert mt_model.explain(text) == expect_terms
    assert mt_model.scored(text) == (expect_p, expect_terms)
    assert expect_terms and all(c > 0 for _, c in expect_terms)
    assert mt_model.scored("too short") == (None, [])


def test_counts_beyond_the_table_of_logarithms_are_weighed_in_numpy(shipped, monkeypatch):
    text = fixture("clean_article.txt")
    p = shipped.probability(text)
    monkeypatch.setattr(shipped, "_logs", shipped._logs[:1])  # only log(1)
    shipped._last = None
    assert shipped._shares_native(flatten(text)) is None
    assert shipped.probability(text) == p
    # numpy's logarithm of a count does not depend on where it sits in an array
    t = np.arange(1, 70_000, dtype=np.float64)
    perm = np.random.default_rng(0).permutation(t)
    assert np.array_equal(np.log(perm), np.log(t)[perm.astype(np.int64) - 1])
    assert np.array_equal(np.log(t[7:9]), np.log(t)[7:9])


def test_without_the_compiled_part_the_numpy_path_is_used(monkeypatch, shipped):
    monkeypatch.setattr(mt_model, "_mt_native", None)
    model = DocModel(shipped.path)
    assert not model.native and model._counter is None
    text = fixture("clean_article.txt")
    assert model.probability(text) == shipped.probability(text)
    with pytest.raises(RuntimeError):
        model.native = True
