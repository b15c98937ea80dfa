"""anchor_alignment/v3: a copy whose paragraphs were moved is still a copy (review r42,
finding 3), while two texts that share scattered anchors, or a follow-up around another
story, stay unlinked. These fail on ``anchor_alignment/v2`` (one order-preserving
alignment)."""

from __future__ import annotations

import dataclasses
import random

import numpy as np

from newssift.dedup import anchors
from newssift.dedup.options import DedupOptions
from tests.dedup.test_anchors import _lcs_table, _seqs
from tests.dedup.translated import ORIGINAL, OTHER_OUTLET, PARAPHRASE

V2 = dataclasses.replace(DedupOptions(), anchor_tiling=False)


def test_lcs_pairs_is_a_longest_common_subsequence() -> None:
    rng = random.Random(7)
    for _ in range(200):
        a = np.array([rng.randrange(6) for _ in range(rng.randrange(0, 50))], np.uint32)
        b = np.array([rng.randrange(6) for _ in range(rng.randrange(0, 40))], np.uint32)
        i, j = anchors.lcs_pairs(a, b)
        assert len(i) == _lcs_table(a.tolist(), b.tolist())[-1]
        assert (b[i] == a[j]).all() and (np.diff(i) > 0).all() and (np.diff(j) > 0).all()


def _paragraphs(seed: int, n: int = 12, size: int = 25) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return list(rng.permutation(100_000)[:n * size].astype(np.uint32).reshape(n, size))


def _damaged(x: np.ndarray, rng: np.random.Generator, rate: float = 0.35) -> np.ndarray:
    """A translation's anchors: a share of them replaced by others."""
    y = x.copy()
    hit = rng.random(len(y)) < rate
    y[hit] = rng.integers(200_000, 300_000, int(hit.sum()))
    return y


def test_moved_paragraphs_of_a_translated_copy_are_aligned() -> None:
    opt = DedupOptions()
    rng = np.random.default_rng(1)
    paras = _paragraphs(1)
    original = np.concatenate(paras)
    copy = [_damaged(p, rng) for p in paras]
    in_order = np.concatenate(copy)
    moved = np.concatenate([copy[0], copy[3], copy[1], copy[2], *copy[4:8], copy[10],
                            copy[8], copy[9], copy[11]])
    reversed_ = np.concatenate(copy[::-1])
    assert anchors.aligned(original, in_order, V2) and anchors.aligned(original, in_order, opt)
    for x in (moved, reversed_):
        assert not anchors.aligned(original, x, V2)  # v2: one order, so not a copy
        assert anchors.aligned(original, x, opt) and anchors.aligned(x, original, opt)


def test_scattered_shared_anchors_and_follow_up_are_not_aligned() -> None:
    opt = DedupOptions()
    rng = np.random.default_rng(2)
    original = np.concatenate(_paragraphs(2))
    # another text with 60% of its anchors from the original, in random order: dense in
    # shared anchors, but no runs of them in order
    other = rng.integers(500_000, 600_000, len(original)).astype(np.uint32)
    pick = rng.random(len(other)) < 0.6
    other[pick] = rng.choice(original, int(pick.sum()))
    assert not anchors.aligned(original, other, opt, strong=True)
    assert not anchors.aligned(original, other, opt, strong=False)
    # the texts of tests/dedup/translated.py: a follow-up around another outlet's story
    lines = ORIGINAL.split("\n")
    follow_up = "\n".join([lines[0], lines[1], *OTHER_OUTLET.split("\n"), lines[-1]])
    orig, para, follow, other_outlet = _seqs(ORIGINAL, PARAPHRASE, follow_up, OTHER_OUTLET)
    assert not anchors.aligned(orig, follow, opt) and not anchors.aligned(orig, other_outlet, opt)
    assert anchors.aligned(orig, para, opt)


def test_tiled_gains_of_a_verbatim_copy_with_halves_swapped() -> None:
    paras = _paragraphs(3)
    original = np.concatenate(paras)
    swapped = np.concatenate(paras[6:] + paras[:6])
    rel, common = anchors.tiled_gains(original, swapped, 10)
    assert common == len(swapped) and np.allclose(rel, 1.0)
    assert anchors.tiled_gains(original, original[:0], 10)[1] == 0


def test_verbatim_excerpt_under_the_contained_minimum() -> None:
    """Review r42 finding 5, with the verbatim path on (``anchor_verbatim_min=30``): a
    lede and two paragraphs word for word (59 anchors there, the contained path needs 60)
    are linked when nearly all their anchors sit in runs found as they are in the
    original; a text sharing a sentence or two, or a reworded excerpt, is not."""
    v2 = DedupOptions()  # the verbatim path is off by default (docs/bench/copies.md)
    assert v2.anchor_verbatim_min == 0
    opt = dataclasses.replace(v2, anchor_verbatim_min=30)
    paras = _paragraphs(4, size=20)
    original = np.concatenate(paras)
    excerpt = np.concatenate([paras[0], paras[4], paras[7]])[:59]
    assert anchors.verbatim_cover(original, excerpt) == 1.0
    assert not anchors.aligned(original, excerpt, v2, strong=False)
    assert anchors.aligned(original, excerpt, opt, strong=False)
    assert anchors.aligned(excerpt, original, opt, strong=False)
    rng = np.random.default_rng(4)
    reworded = _damaged(excerpt, rng, 0.3)
    assert anchors.verbatim_cover(original, reworded) < opt.anchor_verbatim_cover
    assert not anchors.aligned(original, reworded, opt, strong=False)
    # two shared sentences (20 anchors) in a page of 45 of its own
    page = np.concatenate([paras[2], rng.integers(500_000, 600_000, 45).astype(np.uint32)])
    assert anchors.verbatim_cover(original, page) < 0.5
    assert not anchors.aligned(original, page, opt, strong=False)
    short = excerpt[:opt.anchor_verbatim_min - 1]  # under the minimum: not trusted
    assert not anchors.aligned(original, short, opt, strong=False)
    assert anchors.verbatim_cover(original, excerpt[:3]) == 0.0


def test_compiled_lcs_pairs_matches_the_reference() -> None:
    """``_native.lcs_pairs`` walks back as :func:`anchors._lcs_pairs_py` does: the same
    pairs, not only as many (the tiled alignment must not depend on the extension)."""
    from newssift.dedup import minhash

    if getattr(minhash._native, "lcs_pairs", None) is None:
        return
    rng = np.random.default_rng(11)
    for _ in range(300):
        k = int(rng.integers(1, 12))
        a = rng.integers(0, k, int(rng.integers(0, 150))).astype(np.uint32)
        b = rng.integers(0, k, int(rng.integers(0, 90))).astype(np.uint32)
        got, ref = anchors.lcs_pairs(a, b), anchors._lcs_pairs_py(a, b)
        assert got[0].tolist() == ref[0].tolist() and got[1].tolist() == ref[1].tolist()


def test_shared_count_bounds_the_tiling() -> None:
    rng = np.random.default_rng(12)
    for _ in range(50):
        a = rng.integers(0, 30, 200).astype(np.uint32)
        b = rng.integers(0, 30, 150).astype(np.uint32)
        _rel, common = anchors.tiled_gains(a, b, 10)
        assert common <= anchors._shared_count(a, b)
    assert anchors._shared_count(np.array([1, 1, 2], np.uint32),
                                 np.array([1, 2, 2, 3], np.uint32)) == 2


def test_sequences_past_the_compiled_limit_are_answered_by_the_reference(monkeypatch) -> None:
    """(review r43) The compiled rows count in 16 bits: 65,536 equal anchors gave no pair.
    Past the limit the reference answers (shown here with the limit lowered)."""
    from newssift.dedup import anchors

    seq = np.arange(300, dtype=np.uint32)
    monkeypatch.setattr(anchors, "NATIVE_LCS_MAX", 100)
    i, j = anchors.lcs_pairs(seq, seq)
    assert len(i) == 300 and (i == j).all()
