"""Intervals of line accuracy with whole units (documents or sites) resampled.

Why a module of its own: the cleaning bench, the line-ceiling bench and the web-target bench
all report the same interval, and each used to import it from another bench (a loop between
``bench.cleaning`` and ``bench.line_ceiling``). Lines of one unit are not independent draws
(one page's menu is many lines), so the intervals resample whole units with a fixed seed.
"""

from __future__ import annotations

import numpy as np


def _resampled_ratios(hits, sizes, n: int, seed: int = 0) -> np.ndarray:
    """``n`` ratios ``sum(hits) / sum(sizes)`` of resampled sets: whole units (``hits`` and
    ``sizes`` per unit) drawn with replacement (fixed seed)."""
    h = np.asarray(hits, dtype=np.float64)
    s = np.asarray(sizes, dtype=np.float64)
    pick = np.random.default_rng(seed).integers(0, len(s), size=(n, len(s)))
    return h[pick].sum(axis=1) / s[pick].sum(axis=1)


def _percentiles(values: np.ndarray) -> tuple[float, float]:
    """The 2.5th and 97.5th percentiles, rounded to three places."""
    return (round(float(np.percentile(values, 2.5)), 3),
            round(float(np.percentile(values, 97.5)), 3))


def bootstrap_accs(correct, sizes: list[int], n: int = 2000) -> np.ndarray:
    """``n`` line accuracies of resampled sets: whole units (documents or sites, ``sizes``
    lines each, in the order of ``correct``) drawn with replacement (fixed seed)."""
    per_doc = np.add.reduceat(np.asarray(correct, dtype=np.float64), np.cumsum([0, *sizes[:-1]]))
    return _resampled_ratios(per_doc, sizes, n)


def doc_bootstrap(correct, sizes: list[int], n: int = 2000) -> list[float]:
    """95% interval of line accuracy when the units are resampled (fixed seed): how far a
    figure on a dozen documents can move."""
    return list(_percentiles(bootstrap_accs(correct, sizes, n)))


def ratio_interval(hits: list[int], sizes: list[int], n: int = 2000,
                   seed: int = 0) -> tuple[float, float]:
    """95% interval of ``sum(hits) / sum(sizes)`` when whole units (articles) are drawn with
    replacement, ``n`` resamples, fixed seed (the resampling of :func:`bootstrap_accs`). Why
    whole articles: an article's quotes share their speakers and shapes (one unresolved name
    costs all its quotes), so quotes are not independent draws and a per-quote interval
    would be too narrow. Units of size 0 (an article with no scored quote) cannot move the
    ratio and are left out; with no unit left the interval is (0.0, 0.0)."""
    pairs = [(h, s) for h, s in zip(hits, sizes, strict=True) if s > 0]
    if not pairs:
        return (0.0, 0.0)
    return _percentiles(_resampled_ratios([h for h, _ in pairs], [s for _, s in pairs], n, seed))
