"""The alignment check of anchor links: the bit-parallel common subsequence is exact, a
paraphrase is aligned from end to end, a follow-up around another story is not."""

from __future__ import annotations

import random

import numpy as np

from newssift.dedup import anchors
from newssift.dedup.options import DedupOptions
from tests.dedup.translated import GERMAN, ORIGINAL, OTHER_OUTLET, PARAPHRASE


def _lcs_table(a: list[int], b: list[int]) -> list[int]:
    """LCS(a, b[:t]) for every t, by the plain dynamic programme."""
    prev = [0] * (len(a) + 1)
    out = [0]
    for y in b:
        row = [0]
        for i, x in enumerate(a):
            row.append(prev[i] + 1 if x == y else max(prev[i + 1], row[i]))
        prev = row
        out.append(row[-1])
    return out


def test_lcs_profile_matches_dynamic_programme() -> None:
    rng = random.Random(3)
    for _ in range(60):
        a = [rng.randrange(6) for _ in range(rng.randrange(0, 70))]
        b = [rng.randrange(6) for _ in range(rng.randrange(0, 40))]
        got = anchors.lcs_profile(np.array(a, np.uint32), np.array(b, np.uint32))
        assert got.tolist() == _lcs_table(a, b)


def _seqs(*texts: str) -> list[np.ndarray]:
    hashes, _content = anchors.anchor_hashes(list(texts))
    return [anchors.sequence(h) for h in hashes]


def test_alignment_paraphrase_translation_and_follow_up() -> None:
    lines = ORIGINAL.split("\n")
    follow_up = "\n".join([lines[0], lines[1], *OTHER_OUTLET.split("\n"), lines[-1]])
    chrome = "\n".join(["Advertisement", "Share this article", PARAPHRASE,
                         "Copyright 2024 Daily Example Network. All rights reserved."])
    orig, para, german, other, follow, framed = _seqs(ORIGINAL, PARAPHRASE, GERMAN,
                                                      OTHER_OUTLET, follow_up, chrome)
    opt = DedupOptions()
    assert anchors.segment_gains(orig, para, 10).min() >= 0.5  # aligned end to end
    assert anchors.aligned(orig, para, opt)
    # the German version keeps the names and numbers in order, but they are a third of
    # its anchors: aligned, yet under the cover of anchor_alignment/v2 (its content words
    # differ too, so the signatures never link it; docs/architecture.md)
    assert anchors._passes(anchors.segment_gains(german, orig, 10), opt)
    assert not anchors.aligned(orig, german, opt)
    assert anchors.aligned(orig, framed, opt)  # added lines at the ends are allowed
    # the follow-up repeats the lede and the last line verbatim around another article:
    # unaligned inside
    gains = anchors.segment_gains(follow, orig, 10)
    assert (gains[1:-1] < opt.anchor_align_fraction).sum() > opt.anchor_align_inner
    assert not anchors.aligned(orig, follow, opt) and not anchors.aligned(orig, other, opt)
    for x in (para, german, other, follow, framed):  # symmetric
        assert anchors.aligned(orig, x, opt) == anchors.aligned(x, orig, opt)
    assert not anchors.aligned(orig, orig[:0], opt)


def test_sequence_is_capped_and_32_bit() -> None:
    h = np.arange(anchors.MAX_SEQUENCE + 10, dtype=np.uint64) << np.uint64(40)
    s = anchors.sequence(h)
    assert s.dtype == np.uint32 and len(s) == anchors.MAX_SEQUENCE
    assert len(np.unique(s)) == len(s)  # the high bits are folded in, not dropped


def test_cover_and_contained_path() -> None:
    """anchor_alignment/v2: a strong link must cover anchor_cover of the shorter sequence;
    a copy cut to its first part is linked on the contained path when long enough."""
    opt = DedupOptions()
    rng = np.random.default_rng(5)
    original = rng.permutation(10_000)[:300].astype(np.uint32)
    cut = original[:100].copy()
    cut[::10] = rng.integers(20_000, 30_000, 10)  # a tenth of its anchors changed
    assert anchors.aligned(original, cut, opt, strong=False)  # covered at 0.9
    assert anchors.aligned(cut, original, opt, strong=False)
    short = original[:opt.anchor_contained_min - 1]
    assert not anchors.aligned(original, short, opt, strong=False)  # too short to trust
    assert anchors.aligned(original, short, opt, strong=True)
    # another report of the event: the shared names in order, as half of its anchors
    other = np.empty(120, np.uint32)
    other[::2] = original[:120:2]
    other[1::2] = rng.integers(40_000, 50_000, 60)
    assert anchors._passes(anchors.segment_gains(original, other, 10), opt)
    assert not anchors.aligned(original, other, opt, strong=True)
    assert not anchors.aligned(original, other, opt, strong=False)
    # the contained candidates reach the alignment only while it is on
    sims = np.array([[0.3], [0.05], [0.25]])
    assert not anchors.strong(sims, opt)[0] and anchors.linked(sims, opt)[0]
    assert not anchors.linked(sims, DedupOptions(anchor_align_segments=0))[0]


def test_stop_word_test_matches_isin() -> None:
    rng = np.random.default_rng(2)
    stop = anchors._stop_hashes()
    hashes = np.concatenate([stop[rng.integers(0, len(stop), 50)],
                             rng.integers(0, 2**63, 500, dtype=np.uint64).astype(np.uint64),
                             stop[:1] + np.uint64(1), np.zeros(0, np.uint64)])
    got = anchors._is_stop(hashes)
    assert got.tolist() == np.isin(hashes, stop).tolist() and got[:50].all()
    assert anchors._is_stop(np.zeros(0, np.uint64)).shape == (0,)


def _plain_tokens(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Stem hashes and previous non-blank positions by the whole-text formulas (a weight
    per character of every word; a running maximum over every character)."""
    from newssift.dedup.minhash import _CHAR_WEIGHTS, _mix, _word_table, word_runs

    t = anchors._tables()
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    isw = _word_table()[cp]
    tstart, lengths = word_runs(isw)
    wpos, first = np.flatnonzero(isw), np.cumsum(lengths) - lengths
    offset = np.arange(len(wpos)) - np.repeat(first, lengths)
    weights = np.where(offset < anchors.STEM, _CHAR_WEIGHTS[offset & 63], np.uint64(0))
    v = t["lower"][cp][wpos].astype(np.uint64) * weights
    flat = np.add.reduceat(v, first) if len(first) else np.zeros(0, np.uint64)
    hashes = _mix(flat ^ np.minimum(lengths, anchors.STEM).astype(np.uint64))
    idx = np.arange(len(cp))
    last = np.maximum.accumulate(np.where(t["blank"][cp], -1, idx)) if len(cp) else idx
    prev = np.where(tstart > 0, last[np.maximum(tstart - 1, 0)], -1)
    return hashes, prev


def test_token_passes_match_the_whole_text_formulas() -> None:
    """The stem hashes (one pass per stem position) and the previous non-blank character
    (a few steps back, then a binary search) equal the formulas over every character, on
    texts with long words, long blank runs (past the step limit), blanks at the start and
    none at all."""
    from newssift.dedup.minhash import _word_table, word_runs

    rng = random.Random(7)
    alphabet = [*"abcXYZ12 .\n", "\u00a0", "\u2009", "\t", "é", "İ", "ß", "日"]
    texts = ["", " ", "word", "  \u00a0 lead", "a" + " " * 40 + "b", "x" * 300 + " " * 9 + "y",
             "Straße İstanbul ÉCOLE 123 日本語", "\x00a\x00 b"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
              for _ in range(200)]
    texts += [" " * rng.randint(0, 30) + "Big" + "\t" * rng.randint(0, 30) + "ger"
              for _ in range(20)]
    for text in texts:
        cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        tstart, lengths = word_runs(_word_table()[cp])
        want_h, want_prev = _plain_tokens(text)
        assert anchors._stem_hashes(cp, tstart, lengths).tolist() == want_h.tolist()
        assert anchors._previous_nonblank(cp, tstart).tolist() == want_prev.tolist()
