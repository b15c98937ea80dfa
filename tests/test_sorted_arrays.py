"""The sort-based stand-ins for np.unique and np.isin give numpy's answers (numpy 2.3+
answers a plain np.unique with a hash table, far slower on millions of distinct codes)."""

from __future__ import annotations

import numpy as np

from newssift.sorted_arrays import sorted_isin, sorted_unique


def test_sorted_unique_equals_np_unique() -> None:
    rng = np.random.default_rng(5)
    cases = [np.zeros(0, np.int64), np.array([7]), np.array([3, 3, 3]), np.array([2, 1]),
             rng.integers(-50, 50, (40, 3)), np.array([5, 4, 4, 9, 1, 9], np.uint64)]
    cases += [rng.integers(0, hi, size) for size in (10, 1000, 100_000)
              for hi in (3, 1000, 2**62)]
    for x in cases:
        got, want = sorted_unique(x), np.unique(x)
        assert got.dtype == want.dtype and got.tolist() == want.tolist()


def test_sorted_isin_equals_np_isin() -> None:
    rng = np.random.default_rng(6)
    for size, hi in ((0, 5), (1, 5), (50, 5), (1000, 2000), (10_000, 2**40)):
        x = rng.integers(0, hi, size)
        for values in (np.zeros(0, np.int64), rng.integers(0, hi, 7), x[: size // 2],
                       np.array([hi - 1]), rng.integers(0, hi, 3 * size + 1)):
            sv = np.sort(values)  # duplicates allowed
            assert sorted_isin(x, sv).tolist() == np.isin(x, values).tolist()
