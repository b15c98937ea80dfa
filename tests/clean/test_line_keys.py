"""The line model's hashed features read through ``clean/_native.c`` (``line_keys``):
``features.hashed_doc`` must give the same two arrays as its numpy code (the reference,
run here with the compiled part switched off): the same tokens as ``re.findall(r"\\w+|[^\\w\\s]")``
on the lower-cased line, the same xxh32 of each, the same feature arithmetic."""

from __future__ import annotations

import random

import numpy as np
import pytest
import xxhash

from newssift.clean import features as F
from newssift.clean import rules
from tests.clean.corpus import real_docs

native = pytest.importorskip("newssift.clean._native")

#: Characters where a tokeniser could go wrong: word characters of other scripts and
#: digits, marks (not word characters), "_", every kind of white space, 1-4 UTF-8 bytes.
ODD = ("a", "Z", "_", "0", "٣", "²", "½", "İ", "ẞ", "Σ", "ς", "é", "e\u0301", "\u0307", "東京",
       "ﬁ", "Ⅻ", "😀", "𝔘", "-", ".", "'", "’", "«", "|", "©", " ", "\t", "\x0b", "\x0c",
       "\x1c", "\x1f", "\x85", "\xa0", "\u2028", "\u3000", "\u200b")


def _random_line(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(0, 30)):
        if rng.random() < 0.5:
            parts.append(rng.choice(ODD))
        else:  # words of every length: xxh32 reads 16-byte stripes, then 4 bytes, then 1
            parts.append("".join(rng.choice("abcXYZ9_é東") for _ in range(rng.randint(1, 40))))
        parts.append(rng.choice(["", " ", " ", "  ", "\t"]))
    return "".join(parts)


def _docs() -> list[list[str]]:
    rng = random.Random(23)
    docs = real_docs()
    docs += [[_random_line(rng) for _ in range(rng.randint(1, 40))] for _ in range(400)]
    docs += [[], [""], [" "], ["a"], ["A" * 100], ["x" * 41 + " y"] * 3, ["İSTANBUL ΟΔΟΣ"]]
    return docs


def _reference(lines: list[str], monkeypatch) -> tuple[np.ndarray, np.ndarray]:
    with monkeypatch.context() as m:
        m.setattr(rules, "_native", None)
        return F.hashed_doc(lines)


def test_hashed_doc_is_that_of_the_numpy_code(monkeypatch):
    docs = _docs()
    assert len(docs) > 400
    for lines in docs:
        idx, rows = F.hashed_doc(lines)
        ref_idx, ref_rows = _reference(lines, monkeypatch)
        assert idx.dtype == ref_idx.dtype == np.int64 and rows.dtype == np.int64
        assert np.array_equal(idx, ref_idx), lines[:3]
        assert np.array_equal(rows, ref_rows), lines[:3]


def test_each_token_is_hashed_as_xxh32_of_its_utf8():
    rng = random.Random(3)
    n_hash = 1 << 30  # large: keeps most of each hash in the key
    for _ in range(3000):
        tok = "".join(rng.choice("abcxyz_09é東𝔘") for _ in range(rng.randint(1, 45)))
        keys = np.frombuffer(native.line_keys([tok], n_hash), dtype=np.int64)
        h = xxhash.xxh32_intdigest(tok.encode())
        # one token: unigram, first, last, bucket; no bigram
        assert sorted(keys.tolist()) == sorted(
            [(h * 3 + 1) % n_hash, (h * 5 + 2) % n_hash, (h * 7 + 3) % n_hash, 99 % n_hash]
        ), tok


def test_a_surrogate_is_left_to_the_python_code(monkeypatch):
    assert native.line_keys(["fine", "bad \ud800 line"], F.N_HASH) is None
    with pytest.raises(UnicodeEncodeError):
        F.hashed_doc(["fine", "bad \ud800 line"])
    with pytest.raises(UnicodeEncodeError):
        _reference(["fine", "bad \ud800 line"], monkeypatch)


def test_bad_arguments():
    with pytest.raises(TypeError):
        native.line_keys("a line", F.N_HASH)
    with pytest.raises(TypeError):
        native.line_keys([b"bytes"], F.N_HASH)
    with pytest.raises(ValueError):
        native.line_keys(["a"], 0)
