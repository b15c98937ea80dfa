"""Signatures, band keys and components: estimates, reproducibility, order independence."""

from __future__ import annotations

import random
import subprocess
import sys

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from newssift.dedup.components import components
from newssift.dedup.keys import normalise_url
from newssift.dedup.minhash import EMPTY, jaccard, signatures, words
from newssift.dedup.options import DedupOptions, optimal_banding


def _shingles(text: str, k: int) -> set:
    w = words(text)
    return {tuple(w[i : i + k]) for i in range(max(1, len(w) - k + 1))}


def test_estimate_tracks_true_jaccard() -> None:
    rng = random.Random(0)
    vocab = [f"w{i}" for i in range(3000)]
    base = [rng.choice(vocab) for _ in range(600)]
    texts = [" ".join(base)]
    for p in (0.02, 0.05, 0.1, 0.3):
        texts.append(" ".join(w if rng.random() > p else rng.choice(vocab) for w in base))
    sig, _ = signatures(texts, 256, 3, 1)
    a = _shingles(texts[0], 3)
    for i in range(1, len(texts)):
        b = _shingles(texts[i], 3)
        true = len(a & b) / len(a | b)
        assert abs(float(jaccard(sig[0], sig[i])) - true) < 0.1


def test_batch_and_single_agree_and_seed_matters() -> None:
    texts = ["one two three four five six", "Seven, eight: NINE ten", "x", ""]
    batch, n_words = signatures(texts, 64, 3, 5)
    for i, t in enumerate(texts):
        assert np.array_equal(signatures([t], 64, 3, 5)[0][0], batch[i])
    assert list(n_words) == [6, 4, 1, 0]
    assert (batch[3] == EMPTY).all()
    assert (batch[:3] != EMPTY).all()  # densified: no empty bin left
    other, _ = signatures(texts, 64, 3, 6)
    assert not np.array_equal(other[0], batch[0])
    # case and punctuation do not change a signature
    assert np.array_equal(signatures(["seven eight nine ten"], 64, 3, 5)[0][0], batch[1])


def test_same_signature_in_another_process() -> None:
    code = ("from newssift.dedup.minhash import signatures;"
            "print(signatures(['a b c d e f g'], 32, 3, 1)[0][0].tolist())")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={"PYTHONHASHSEED": s}, check=True).stdout for s in ("1", "2")}
    assert len(outs) == 1
    assert outs.pop().strip() == str(signatures(["a b c d e f g"], 32, 3, 1)[0][0].tolist())


@settings(max_examples=50)
@given(st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29)), max_size=60),
       st.randoms(use_true_random=False))
def test_components_match_reference_and_ignore_edge_order(edges, rnd) -> None:
    n = 30
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    expect = [min(j for j in range(n) if find(j) == find(i)) for i in range(n)]
    shuffled = list(edges)
    rnd.shuffle(shuffled)
    a = np.array([e[0] for e in shuffled], np.int64)
    b = np.array([e[1] for e in shuffled], np.int64)
    assert components(n, a, b).tolist() == expect


def test_components_long_chain() -> None:
    n = 5000
    order = np.random.default_rng(1).permutation(n)
    labels = components(n, order[:-1], order[1:])
    assert (labels == 0).all()


def test_banding_and_options() -> None:
    b, r = optimal_banding(0.5, 128)
    assert b * r <= 128
    s = 0.8
    assert 1 - (1 - s**r) ** b > 0.95  # copies well above the threshold become candidates
    s = 0.2
    assert 1 - (1 - s**r) ** b < 0.2
    assert DedupOptions(bands=16, rows=8).banding() == (16, 8)


def test_normalise_url() -> None:
    assert normalise_url("https://www.site.example/a/b/?utm_source=x&id=3#top") == \
        normalise_url("http://site.example/a/b?id=3")
    assert normalise_url("https://site.example/a?id=3") != normalise_url("https://site.example/a?id=4")


def test_run_hashes_match_the_per_character_formula() -> None:
    """Word hashes by position passes (and the rest of runs past 32 characters at once)
    equal the sum over every character with its weight cycling every 64 positions; so do
    the batch's word hashes of NFKC-given texts and of raw ones."""
    from newssift.dedup import minhash
    from newssift.dedup.minhash import _CHAR_WEIGHTS, _word_table, run_hashes, word_runs

    rng = random.Random(4)
    texts = ["", "a", "x" * 31 + " " + "y" * 32 + " " + "z" * 33, "w" * 64 + " " + "v" * 200,
             "ﬁne Straße İ ①②", *("".join(rng.choice("ab é_ \n.日") for _ in range(
                 rng.randint(0, 300))) for _ in range(100)),
             " ".join("q" * rng.randint(1, 150) for _ in range(30))]
    for text in texts:
        cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        isw = _word_table()[cp]
        tstart, lengths = word_runs(isw)
        wpos, first = np.flatnonzero(isw), np.cumsum(lengths) - lengths
        offset = np.arange(len(wpos)) - np.repeat(first, lengths)
        v = cp[wpos].astype(np.uint64) * _CHAR_WEIGHTS[offset & 63]
        want = np.add.reduceat(v, first) if len(first) else np.zeros(0, np.uint64)
        assert run_hashes(cp, tstart, lengths).tolist() == want.tolist()
    raw = minhash.batch_word_hashes(texts)
    given = minhash.batch_word_hashes([minhash.nfkc(t) for t in texts], is_nfkc=True)
    assert all(np.array_equal(a, b) for a, b in zip(raw, given, strict=True))


def test_nfkc_line_by_line_is_nfkc_of_the_whole_text() -> None:
    """nfkc() normalises the lines that need it: the same as NFKC of the whole text, also
    with combining marks, compatibility characters and Hangul around line breaks."""
    import random
    import unicodedata

    from newssift.dedup.minhash import nfkc

    alphabet = [*"ae \n\r", "\u0301", "\u0308", "\u0327", "…", "½", "ﬁ", "™", "\u00a0", "ｶ",
                "\uff9e", "\u1100", "\u1161", "\u11a8", "가", "Å", "\u212b", "é", "\u0345", "\n"]
    rng = random.Random(4)
    texts = ["", "\n", "a\n\u0301b", "e\u0301\n\u0308", "…\n…", "\u1100\n\u1161", "ok\nok"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
              for _ in range(3000)]
    changed = 0
    for t in texts:
        want = unicodedata.normalize("NFKC", t)
        assert nfkc(t) == want
        changed += want != t
    assert changed > 1000


def _banding_reference(threshold: float, num_perm: int, fp_weight: float = 0.5,
                       fn_weight: float = 0.5) -> tuple[int, int]:
    """optimal_banding as it was before its grid and powers were shared between integrals."""
    def integral(f, lo: float, hi: float, n: int = 200) -> float:
        x = np.linspace(lo, hi, n)
        y = f(x)
        return float(np.sum((y[1:] + y[:-1]) * np.diff(x)) / 2.0)

    best = (float("inf"), 1, num_perm)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = integral(lambda s, b=b, r=r: 1 - (1 - s**r) ** b, 0.0, threshold)
            fn = integral(lambda s, b=b, r=r: (1 - s**r) ** b, threshold, 1.0)
            err = fp_weight * fp + fn_weight * fn
            if err < best[0] - 1e-12:
                best = (err, b, r)
    return best[1], best[2]


def test_optimal_banding_is_the_plain_search() -> None:
    from newssift.dedup.options import optimal_banding

    for threshold in (0.2, 0.3, 0.45, 0.5, 0.7, 0.85):
        for num_perm in (16, 64, 128):
            for fw in (0.5, 0.3):
                assert optimal_banding(threshold, num_perm, fw, 1 - fw) == _banding_reference(
                    threshold, num_perm, fw, 1 - fw), (threshold, num_perm, fw)
