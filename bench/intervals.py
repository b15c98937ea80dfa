"""Intervals with whole units (documents, articles or sites) resampled.

Why a module of its own: the cleaning bench, the line-ceiling bench, the web-target bench,
the quotes bench and the extraction bench all report such intervals, and each used to
import them from another bench (a loop between ``bench.cleaning`` and
``bench.line_ceiling``). Lines of one unit are not independent draws (one page's menu is
many lines, one site's template moves all its pages), so the intervals resample whole
units, with one fixed-seed draw (:func:`_picks`) and one percentile rule (:func:`interval`).
"""

from __future__ import annotations

import numpy as np


def _picks(units: int, n: int, seed: int) -> np.ndarray:
    """``n`` draws of ``units`` unit indices with replacement, fixed seed: one row a draw."""
    return np.random.default_rng(seed).integers(0, units, size=(n, units))


def _resampled_ratios(hits, sizes, n: int, seed: int = 0) -> np.ndarray:
    """``n`` ratios ``sum(hits) / sum(sizes)`` of resampled sets: whole units (``hits`` and
    ``sizes`` per unit) drawn with replacement (fixed seed)."""
    h = np.asarray(hits, dtype=np.float64)
    s = np.asarray(sizes, dtype=np.float64)
    pick = _picks(len(s), n, seed)
    return h[pick].sum(axis=1) / s[pick].sum(axis=1)


def interval(values: np.ndarray, places: int = 4) -> tuple[float, float]:
    """The 2.5th and 97.5th percentiles of resampled values (a 95% interval), rounded."""
    return (round(float(np.percentile(values, 2.5)), places),
            round(float(np.percentile(values, 97.5)), places))


def bootstrap_accs(correct, sizes: list[int], n: int = 2000) -> np.ndarray:
    """``n`` line accuracies of resampled sets: whole units (documents or sites, ``sizes``
    lines each, in the order of ``correct``) drawn with replacement (fixed seed)."""
    per_doc = np.add.reduceat(np.asarray(correct, dtype=np.float64), np.cumsum([0, *sizes[:-1]]))
    return _resampled_ratios(per_doc, sizes, n)


def doc_bootstrap(correct, sizes: list[int], n: int = 2000) -> list[float]:
    """95% interval of line accuracy when the units are resampled (fixed seed): how far a
    figure on a dozen documents can move."""
    return list(interval(bootstrap_accs(correct, sizes, n), 3))


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
    return interval(_resampled_ratios([h for h, _ in pairs], [s for _, s in pairs], n, seed), 3)


# ------------------------------------------------- extraction scores, whole sites resampled


def site_picks(sites: list[str], n: int = 2000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``(page_site, picks)``: each page's site as an index, and ``n`` draws of as many sites
    as there are, with replacement (fixed seed). Why whole sites: pages of one site share a
    template, so one site's rule hit or miss moves all its pages together; drawing pages
    would make the interval too narrow. Every tool scored on the same ``picks`` is scored on
    the same resampled pages, so a difference between two tools is a paired one."""
    names = sorted(set(sites))
    index = {s: k for k, s in enumerate(names)}
    page_site = np.array([index[s] for s in sites], dtype=np.int64)
    return page_site, _picks(len(names), n, seed)


def _per_site(page_site: np.ndarray, values, n_sites: int) -> np.ndarray:
    """``values`` (one a page) summed per site."""
    return np.bincount(page_site, weights=np.asarray(values, dtype=np.float64), minlength=n_sites)


def _safe_ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den``, 0.0 where ``den`` is 0 (as the bench scores an empty mean)."""
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


def _f1(p: np.ndarray, r: np.ndarray) -> np.ndarray:
    return _safe_ratio(2 * p * r, p + r)


def shingle_draws(
    page_site: np.ndarray, picks: np.ndarray, scores: list[tuple[float | None, float]]
) -> dict[str, np.ndarray]:
    """The AEB metric (``bench._aeb.aeb``) on every resampled set of sites: mean precision
    over the drawn pages with output (a page's precision is None when its output is empty),
    mean recall over all drawn pages, F1 of the two means, each an array of ``len(picks)``.
    A site drawn twice counts its pages twice."""
    k = picks.shape[1]
    has = [p is not None for p, _ in scores]
    p_sum = _per_site(page_site, [p or 0.0 for p, _ in scores], k)[picks].sum(axis=1)
    p_n = _per_site(page_site, has, k)[picks].sum(axis=1)
    r_sum = _per_site(page_site, [r for _, r in scores], k)[picks].sum(axis=1)
    r_n = _per_site(page_site, [1.0] * len(scores), k)[picks].sum(axis=1)
    p, r = _safe_ratio(p_sum, p_n), _safe_ratio(r_sum, r_n)
    return {"P": p, "R": r, "F1": _f1(p, r)}


def snippet_draws(
    page_site: np.ndarray, picks: np.ndarray, counts: list[tuple[int, int, int, int]]
) -> dict[str, np.ndarray]:
    """The snippet metric (``bench._snippets.scores``) on every resampled set of sites: its
    (TP, FN, FP, TN) are sums over pages, so the drawn sites' sums are summed."""
    k = picks.shape[1]
    tp, fn, fp = (_per_site(page_site, [c[j] for c in counts], k)[picks].sum(axis=1)
                  for j in range(3))
    return {"P": _safe_ratio(tp, tp + fp), "R": _safe_ratio(tp, tp + fn),
            "F1": _safe_ratio(2 * tp, 2 * tp + fp + fn)}
