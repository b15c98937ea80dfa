"""The AEB body metric, kept small so bench scripts can share one definition.

Text is split into Unicode ``\\w+`` tokens and counted as a multiset of 4-token shingles;
each page gets a precision (over pages with any output) and a recall, every page weighing
the same; F1 is taken of the two means. An empty output lowers recall only. This mirrors
the description in the shared benchmarks README so cleaning and extraction numbers compare.
"""

from __future__ import annotations

import re
from collections import Counter

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    """Multiset of n-token shingles (a short text counts as one shingle of all its tokens)."""
    toks = _TOKEN.findall(text or "")
    if len(toks) < n:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def page_scores(true: str, pred: str) -> tuple[float | None, float]:
    """Precision (None for an empty prediction) and recall of one page."""
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    prec = tp / sum(p.values()) if p else None
    rec = tp / sum(t.values()) if t else (1.0 if not p else 0.0)
    return prec, rec


def aeb(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """Mean precision, mean recall and F1 of the means over (truth, prediction) pairs."""
    return aeb_of([page_scores(true, pred) for true, pred in pairs])


def aeb_of(scores: list[tuple[float | None, float]]) -> dict[str, float]:
    """:func:`aeb` from every page's (P, R) (:func:`page_scores`), for a caller that keeps
    them too."""
    precs = [p for p, _ in scores if p is not None]
    recs = [r for _, r in scores]
    mp = sum(precs) / len(precs) if precs else 0.0
    mr = sum(recs) / len(recs) if recs else 0.0
    f1 = 2 * mp * mr / (mp + mr) if mp + mr else 0.0
    return {"P": mp, "R": mr, "F1": f1}
