"""The knobs of near-duplicate clustering, and how the LSH banding follows from them.

One dataclass so the same settings reach every stage (signatures, buckets, verification,
canonical choice) whether they run in this process, a process pool or on Ray: workers
receive it pickled, so nothing depends on module state. The banding (bands x rows) is
derived from the threshold by minimising the expected false-positive plus false-negative
mass of the S-curve, unless it is set explicitly.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

#: The largest MinHash size: 8x the default (128), past the sizes benchmarked; 1,048,576 ran
#: the banding search for minutes and would cost 4 MB of signature a document.
MAX_PERM = 1024


@dataclass(frozen=True)
class DedupOptions:
    """Settings of one dedup run.

    ``threshold`` is the estimated Jaccard similarity of word-shingle sets above which two
    documents are copies of each other; candidate pairs from LSH are verified against it.
    ``lsh_threshold`` (``None``: the threshold) shapes the banding only: a lower one finds
    more candidates (higher recall, more verification work) without lowering precision.
    The defaults (0.4 verified, banding for 0.3, word 3-shingles, 128 entries) were chosen
    on the syndication benchmark (``bench/dedup.py``; docs/bench/dedup.md).
    ``num_perm`` must be a power of two (one-permutation hashing splits one hash into
    ``num_perm`` bins by its top bits), from 8 to :data:`MAX_PERM`.
    """

    num_perm: int = 128
    shingle_size: int = 3
    threshold: float = 0.4
    lsh_threshold: float | None = 0.3
    bands: int | None = None
    rows: int | None = None
    seed: int = 1
    index: str | None = None  # sqlite index of earlier runs, for incremental dedup
    batch_docs: int = 256  # documents per vectorised batch (arrays stay in the heap)
    batch_chars: int = 1_000_000  # and at most about this many characters per batch
    min_words: int = 1  # documents with fewer words get no signature (never clustered)
    keep_signatures: bool = False  # keep OUT/dedup/signatures/ (~0.9 KB a document)
    # translation-robust matching (newssift.dedup.anchors); tuned on WMT08-13 and the
    # syndication generator at seeds 0 and 2 (bench/provenance.py; docs/bench/provenance.md)
    anchors: bool = True
    anchor_perm: int = 128
    anchor_threshold: float = 0.4  # estimated Jaccard of the anchor sets
    anchor_order_threshold: float = 0.1  # and of consecutive anchor pairs
    anchor_content_threshold: float = 0.3  # and of the content words alone
    anchor_lsh_threshold: float = 0.3
    anchor_min: int = 20  # documents with fewer anchors get no anchor keys
    # verification on the anchor sequences (anchors.aligned): the shorter text in
    # segments, each aligned when the common subsequence grows there at this fraction of
    # its average rate; unaligned segments allowed at the ends and inside; 0 segments
    # turns the check off
    anchor_align_segments: int = 10
    anchor_align_fraction: float = 0.4
    anchor_align_edges: int = 2
    anchor_align_inner: int = 0
    # anchor_alignment/v2: the common subsequence must cover this share of the shorter
    # anchor sequence; and the contained path (a copy cut to a part of its original):
    # lower set and content-word limits, a shorter sequence of at least
    # anchor_contained_min anchors covered at anchor_contained_cover (tuned on the
    # syndication generator at seeds 0, 2, 4 and 6, WMT08-13; docs/bench/provenance.md)
    anchor_cover: float = 0.55
    anchor_contained_threshold: float = 0.25
    anchor_contained_content: float = 0.2
    anchor_contained_cover: float = 0.8
    anchor_contained_min: int = 60
    # anchor_alignment/v3: a pair the one order-preserving alignment refuses is tried on
    # the tiled one (anchors.tiled_gains: blocks of the shorter sequence aligned in order
    # within themselves, anywhere in the longer one), under the same limits: a copy with
    # moved paragraphs (review r42 finding 3)
    anchor_tiling: bool = True
    # and the verbatim excerpt (anchors.verbatim_cover): a contained candidate whose
    # shorter sequence is under anchor_contained_min but has anchor_verbatim_min anchors
    # or more, aligned, and inside runs of five anchors found as they are in the longer
    # text for anchor_verbatim_cover of its anchors (review r42 finding 5); 0 turns it
    # off, and it is off: at 30 it joined a negative at 2 of 8 tuning rows (a 42- or
    # 50-anchor cut copy that is all lede or quote sits verbatim in the follow-up that
    # repeats it, and bridges the two clusters; docs/bench/copies.md)
    anchor_verbatim_min: int = 0
    anchor_verbatim_cover: float = 0.9

    def __post_init__(self) -> None:
        for name in ("num_perm", "anchor_perm"):
            n = getattr(self, name)
            if isinstance(n, bool) or not isinstance(n, numbers.Integral) \
                    or not 8 <= n <= MAX_PERM or n & (n - 1):
                raise ValueError(f"{name} must be a power of two from 8 to {MAX_PERM}, "
                                 f"got {n!r}")
            object.__setattr__(self, name, int(n))  # (a numpy integer: review r41)
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        if self.shingle_size < 1:
            raise ValueError("shingle_size must be >= 1")
        if (self.bands is None) != (self.rows is None):
            raise ValueError("set both bands and rows, or neither")
        if self.bands is not None and self.bands * self.rows > self.num_perm:  # type: ignore[operator]
            raise ValueError("bands * rows must not exceed num_perm")

    def saved(self) -> dict:
        """The command-line knobs (:data:`SAVED_KNOBS`) that differ from the defaults: what
        ``newssift dedup`` records in stats.json's ``config`` (``dedup_options``), so that
        ``newssift decide`` clusters the run again as it was clustered."""
        default = DedupOptions()
        return {k: getattr(self, k) for k in SAVED_KNOBS if getattr(self, k) != getattr(default, k)}

    @classmethod
    def from_saved(cls, saved: dict | None, index: str | None = None) -> DedupOptions:
        """The options :meth:`saved` recorded (keys it does not write are ignored)."""
        return cls(index=index, **{k: v for k, v in (saved or {}).items() if k in SAVED_KNOBS})

    def anchor_banding(self) -> tuple[int, int]:
        """(bands, rows) of the anchor signatures' LSH; (0, 0) when anchors are off."""
        if not self.anchors:
            return 0, 0
        return optimal_banding(self.anchor_lsh_threshold, self.anchor_perm)

    def kinds(self) -> int:
        """Key kinds: MinHash bands, the text key, the URL key, then anchor bands."""
        return self.banding()[0] + 2 + self.anchor_banding()[0]

    def banding(self) -> tuple[int, int]:
        """(bands, rows) used for LSH."""
        if self.bands is not None and self.rows is not None:
            return self.bands, self.rows
        t = self.lsh_threshold if self.lsh_threshold is not None else self.threshold
        return optimal_banding(t, self.num_perm)


#: The knobs ``newssift dedup`` sets from its options (the others are fixed by the code).
SAVED_KNOBS = ("num_perm", "shingle_size", "threshold", "lsh_threshold")


@lru_cache(maxsize=8)
def _grid(lo: float, hi: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The trapezoid grid of :func:`_integral` and its steps: the same arrays for each of
    the ~1,400 integrals of one :func:`optimal_banding`, so built once (a third of its
    time was ``linspace`` and ``diff``)."""
    x = np.linspace(lo, hi, n)
    return x, np.diff(x)


def _integral(f, lo: float, hi: float, n: int = 200) -> float:
    x, dx = _grid(lo, hi, n)
    y = f(x)
    return float(np.sum((y[1:] + y[:-1]) * dx) / 2.0)


@lru_cache(maxsize=64)
def optimal_banding(
    threshold: float, num_perm: int, fp_weight: float = 0.5, fn_weight: float = 0.5
) -> tuple[int, int]:
    """(bands, rows) minimising the weighted false-positive and false-negative areas.

    The probability that two documents of Jaccard similarity ``s`` share at least one band
    is ``1 - (1 - s**r)**b``; a false positive is that probability below the threshold, a
    false negative its complement above it.
    """
    best = (float("inf"), 1, num_perm)
    lo, hi = _grid(0.0, threshold, 200)[0], _grid(threshold, 1.0, 200)[0]
    # 1 - s**r of both grids per r, computed once for every b (the same arrays each time)
    miss_lo = [None, *(1 - lo**r for r in range(1, num_perm + 1))]
    miss_hi = [None, *(1 - hi**r for r in range(1, num_perm + 1))]
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = _integral(lambda s, b=b, r=r: 1 - miss_lo[r] ** b, 0.0, threshold)
            fn = _integral(lambda s, b=b, r=r: miss_hi[r] ** b, threshold, 1.0)
            err = fp_weight * fp + fn_weight * fn
            if err < best[0] - 1e-12:
                best = (err, b, r)
    return best[1], best[2]
