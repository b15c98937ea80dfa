"""Intervals of line accuracy with whole units (documents or sites) resampled.

Why a module of its own: the cleaning bench, the line-ceiling bench and the web-target bench
all report the same interval, and each used to import it from another bench (a loop between
``bench.cleaning`` and ``bench.line_ceiling``). Lines of one unit are not independent draws
(one page's menu is many lines), so the intervals resample whole units with a fixed seed.
"""

from __future__ import annotations

import numpy as np


def bootstrap_accs(correct, sizes: list[int], n: int = 2000) -> np.ndarray:
    """``n`` line accuracies of resampled sets: whole units (documents or sites, ``sizes``
    lines each, in the order of ``correct``) drawn with replacement (fixed seed)."""
    per_doc = np.add.reduceat(np.asarray(correct, dtype=np.float64), np.cumsum([0, *sizes[:-1]]))
    size = np.asarray(sizes, dtype=np.float64)
    rng = np.random.default_rng(0)
    pick = rng.integers(0, len(sizes), size=(n, len(sizes)))
    return per_doc[pick].sum(axis=1) / size[pick].sum(axis=1)


def doc_bootstrap(correct, sizes: list[int], n: int = 2000) -> list[float]:
    """95% interval of line accuracy when the units are resampled (fixed seed): how far a
    figure on a dozen documents can move."""
    accs = bootstrap_accs(correct, sizes, n)
    return [round(float(np.percentile(accs, 2.5)), 3), round(float(np.percentile(accs, 97.5)), 3)]


def ratio_interval(hits: list[int], sizes: list[int], n: int = 2000,
                   seed: int = 0) -> tuple[float, float]:
    """95% interval of ``sum(hits) / sum(sizes)`` when whole units (articles) are drawn with
    replacement, ``n`` resamples, fixed seed. Why whole articles: an article's quotes share
    their speakers and shapes (one unresolved name costs all its quotes), so quotes are not
    independent draws and a per-quote interval would be too narrow. Units of size 0 (an
    article with no scored quote) cannot move the ratio and are left out; with no unit left
    the interval is (0.0, 0.0)."""
    pairs = [(h, s) for h, s in zip(hits, sizes, strict=True) if s > 0]
    if not pairs:
        return (0.0, 0.0)
    h = np.asarray([p[0] for p in pairs], dtype=np.float64)
    s = np.asarray([p[1] for p in pairs], dtype=np.float64)
    pick = np.random.default_rng(seed).integers(0, len(pairs), size=(n, len(pairs)))
    rates = h[pick].sum(axis=1) / s[pick].sum(axis=1)
    return (round(float(np.percentile(rates, 2.5)), 3),
            round(float(np.percentile(rates, 97.5)), 3))
