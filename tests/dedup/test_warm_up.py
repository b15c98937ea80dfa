"""dedup.run.warm_up builds in the calling process the hashing tables that dedup's tasks
otherwise build on first use in each forked worker, and changes no result."""

from __future__ import annotations

import numpy as np
import pytest

from newssift.dedup import anchors, minhash
from newssift.dedup.run import warm_up


def test_warm_up_builds_the_hashing_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(minhash, "_WORD_TABLE", None)
    monkeypatch.setattr(anchors, "_TABLES", {})
    warm_up()
    assert {"lower", "upper", "digit"} <= set(anchors._TABLES)


def test_hashes_after_a_warm_up_equal_the_cold_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["Die Fähre fährt am Dienstag wieder, sagte die Stadt.", "ÉTÉ 2024: 12 000 people"]
    monkeypatch.setattr(minhash, "_WORD_TABLE", None)
    monkeypatch.setattr(anchors, "_TABLES", {})
    cold_words = minhash.batch_word_hashes(texts)
    cold_anchors = anchors.anchor_hashes(texts)
    monkeypatch.setattr(minhash, "_WORD_TABLE", None)
    monkeypatch.setattr(anchors, "_TABLES", {})
    warm_up()
    for a, b in zip(cold_words, minhash.batch_word_hashes(texts), strict=True):
        assert np.array_equal(a, b)
    assert repr(cold_anchors) == repr(anchors.anchor_hashes(texts))
