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
