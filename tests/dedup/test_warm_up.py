"""dedup.run.warm_up builds in the calling process the hashing tables that dedup's tasks
otherwise build on first use in each forked worker, and changes no result."""

from __future__ import annotations

import numpy as np
import pytest

from newssift.dedup import anchors, minhash
from newssift.dedup.options import DedupOptions, optimal_banding
from newssift.dedup.run import warm_up


def test_warm_up_builds_the_hashing_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(minhash, "_WORD_TABLE", None)
    monkeypatch.setattr(anchors, "_TABLES", {})
    warm_up()
    assert {"lower", "upper", "digit"} <= set(anchors._TABLES)


def test_warm_up_remembers_the_banding_of_the_options() -> None:
    opt = DedupOptions(lsh_threshold=0.73, num_perm=64)
    optimal_banding.cache_clear()
    warm_up(opt)
    misses = optimal_banding.cache_info().misses
    assert opt.banding() == optimal_banding(0.73, 64)
    assert optimal_banding.cache_info().misses == misses  # computed by the warm-up


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
