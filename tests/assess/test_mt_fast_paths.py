"""The MT score's fast paths give exactly what their plain definitions give (session 6)."""

import re

import numpy as np
import pytest

from newssift.assess.mt_features import _FLAT, char_bytes, char_codes, flatten, raw_tokens
from newssift.assess.mt_model import KEY_SHIFT, CodeTable, load_model
from tests.assess.fixtures import fixture
from tests.assess.mt_helpers import tiny_model
from tests.assess.test_mt_profile import FAMILIES, TERMS, TEXTS

# every character the flattening maps, white space of several kinds, ASCII, other letters
ALPHABET = [chr(k) for k in _FLAT] + list(" \t\n\r\x0b\x0c\x1c\u2003\u3000ab.Z\u00e9\u0130'\"-")


def _random_texts(n: int, seed: int = 3) -> list[str]:
    rng = np.random.default_rng(seed)
    return ["".join(rng.choice(ALPHABET, size=int(rng.integers(0, 40)))) for _ in range(n)]


def test_flatten_equals_translating_every_character():
    for text in [*_random_texts(3000), "", "plain ASCII", "\u2026\u2026", "\u00a0"]:
        assert flatten(text) == text.translate(_FLAT)


def test_char_bytes_collapse_white_space_like_the_regex():
    spaces = re.compile(r"\s+")
    for text in _random_texts(3000, seed=4):
        expect = (" " + spaces.sub(" ", text.lower()).strip() + " ").encode("utf-8")
        assert char_bytes(text) == expect


def _reference_keys(model, text: str) -> tuple[np.ndarray, np.ndarray]:
    """Every n-gram key of ``text`` built one at a time, counted by np.unique (the plain
    definition the vectorised :meth:`DocModel._grams` must equal, order included)."""
    flat = flatten(text)
    toks = raw_tokens(flat)
    keys = []
    for k, fam in enumerate(model.families):
        if fam == "chars":
            keys += [int(c) + (k << KEY_SHIFT) for c in char_codes(flat)]
            continue
        if fam not in model._vocab:
            continue
        ids = [int(v) for v in model._token_ids(toks)[fam]]
        base = model._base[fam]
        for n in range(1, model._max_n[fam] + 1):
            for i in range(len(ids) - n + 1):
                part = ids[i : i + n]
                if min(part) == 0:
                    continue  # a token the model does not know
                c = n
                for t in part:
                    c = c * base + t
                keys.append(c + (k << KEY_SHIFT))
    return np.unique(np.array(keys, dtype=np.int64), return_counts=True)


@pytest.mark.parametrize("wide", [False, True])
def test_grams_equal_the_plain_keys_in_the_same_order(tmp_path, wide):
    model = tiny_model(tmp_path / "m.npz", FAMILIES, TERMS, stored=True)
    if wide:  # the 64-bit path a family takes when its n-grams do not fit in 32 bits
        model._dtype = {f: np.int64 for f in model._dtype}
    for text in [*TEXTS, fixture("clean_article.txt"), "a", "..."]:
        keys, counts = model._grams(raw_tokens(flatten(text)), flatten(text))
        ref_keys, ref_counts = _reference_keys(model, text)
        assert np.array_equal(keys, ref_keys)
        assert np.array_equal(counts, ref_counts)


def test_shipped_model_grams_equal_the_plain_keys():
    model = load_model()
    for text in [fixture("clean_article.txt"), fixture("farm_copy.txt"), "the US", ""]:
        keys, counts = model._grams(raw_tokens(flatten(text)), flatten(text))
        ref_keys, ref_counts = _reference_keys(model, text)
        assert np.array_equal(keys, ref_keys) and np.array_equal(counts, ref_counts)


def test_code_table_with_clustered_keys_finds_every_key_within_its_span():
    # consecutive keys and multiples of a power of two hash into runs of neighbouring slots
    keys = np.unique(np.concatenate([np.arange(3000), np.arange(1, 3001) << 20]))
    vals = np.arange(len(keys))[::-1].copy()
    table = CodeTable(keys, vals)
    assert table.span > 1  # some key had to move past its hash slot
    assert np.array_equal(table.get(keys), vals)
    absent = np.setdiff1d(np.arange(10_000, 20_000), keys)
    assert (table.get(absent) == -1).all()
    assert table.get(np.zeros(0, dtype=np.int64)).size == 0


def test_code_table_refuses_keys_it_cannot_pack():
    with pytest.raises(ValueError):
        CodeTable(np.array([-1]), np.array([0]))
    with pytest.raises(ValueError):
        CodeTable(np.array([2**62]), np.array([5]))
