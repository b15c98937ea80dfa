"""Gopher's n-gram repetition measures, vectorised.

Why a module of its own: the repetition filter looks at every 2- to 10-gram of a
document, which in plain Python (a string per n-gram, a set and a counter per n) costs
more than everything else in the quality signals together. Here tokens become integer
ids, each n-gram a 64-bit rolling hash built from the (n-1)-gram's, and numpy groups the
hashes, at the positions where a repeated n-gram can start (a repeated (n-1)-gram there and
one after it: few, past the shortest n); only positions whose n-gram occurs more than once
are visited in Python.

The measurements are those of the reference filter:

- *top n-gram* (n = 2, 3, 4): characters of the most frequent n-gram written with single
  spaces, times its count; ties go to the n-gram that occurs first;
- *duplicated n-grams* (n = 5 ... 10): a left-to-right scan where an n-gram already seen
  adds its characters (without spaces) and jumps n tokens, the jumped-over n-grams not
  being remembered.

N-grams are compared as token sequences (the reference compares the concatenated
strings, which differs only if two different token sequences concatenate to the same
string) and through 64-bit hashes (a collision is astronomically unlikely and would at
worst shift one score slightly).
"""

from __future__ import annotations

import numpy as np

_MULT = np.uint64(0x9E3779B97F4A7C15)


class _Ids(dict):
    """Token → small integer id, numbered in order of first appearance."""

    def __missing__(self, key: str) -> int:
        value = self[key] = len(self) + 1
        return value


def ngram_repetition(words: list[str]) -> tuple[dict[int, int], dict[int, int]]:
    """({n: top n-gram characters} for n=2..4, {n: duplicated n-gram characters} for n=5..10)."""
    top = dict.fromkeys((2, 3, 4), 0)
    dup = dict.fromkeys(range(5, 11), 0)
    m = len(words)
    if m < 2:
        return top, dup
    vocab = _Ids()
    ids = np.fromiter(map(vocab.__getitem__, words), dtype=np.uint64, count=m)
    if len(vocab) == m:  # no token repeats, so no n-gram does
        for n in (2, 3, 4):
            if m >= n:
                top[n] = sum(len(w) for w in words[:n]) + n - 1
        return top, dup
    cum = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, words), dtype=np.int64, count=m), out=cum[1:])
    rep = np.bincount(ids.astype(np.intp))[ids.astype(np.intp)] > 1  # the token repeats
    h = ids
    for n in range(2, 11):
        count = m - n + 1
        if count <= 0:
            break
        h = h[:-1] * _MULT + ids[n - 1 :]
        # every occurrence of a repeated n-gram starts where a repeated (n-1)-gram does and
        # is followed by one, so the n-grams are grouped only at those positions: the counts
        # of repeated n-grams and their first places are the same as over all positions
        cand = np.flatnonzero(rep[:-1] & rep[1:])
        rep = np.zeros(count, dtype=bool)
        counts = None
        if len(cand):
            _, first, inverse, counts = np.unique(
                h[cand], return_index=True, return_inverse=True, return_counts=True
            )
            multi = counts > 1
            rep[cand[multi[inverse]]] = True
        if n <= 4:
            if counts is not None and multi.any():
                best = counts.max()
                pos = int(cand[first[counts == best].min()])
            else:  # every n-gram occurs once: the first one is the top
                best, pos = 1, 0
            top[n] = (int(cum[pos + n] - cum[pos]) + n - 1) * int(best)
        else:
            if not rep.any():
                break  # a repeated n-gram would contain a repeated (n-1)-gram
            dup[n] = _scan(np.flatnonzero(rep), h, cum, n)
    return top, dup


def _scan(candidates: np.ndarray, keys: np.ndarray, cum: np.ndarray, n: int) -> int:
    """The greedy duplicate scan restricted to positions whose n-gram occurs twice or more.

    Positions left out hold n-grams that occur once, which can never be "already seen",
    so skipping them changes nothing but the time taken.
    """
    seen: set[int] = set()
    chars = 0
    nxt = 0
    offsets = cum.tolist()
    for pos, key in zip(candidates.tolist(), keys[candidates].tolist(), strict=True):
        if pos < nxt:
            continue
        if key in seen:
            chars += offsets[pos + n] - offsets[pos]
            nxt = pos + n
        else:
            seen.add(key)
            nxt = pos + 1
    return chars
