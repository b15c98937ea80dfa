"""io.arrays.read_row and read_rows: the row (the rows) a memory-mapped ``np.load`` gives
(values, dtype, shape), for 1-D and 2-D arrays, byte orders, negative and out-of-range
indices, a file rewritten under the same path, and an empty row."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newssift.io.arrays import read_row, read_rows


def _check(path: Path, i: int) -> None:
    want = np.array(np.load(path, mmap_mode="r")[i])
    got = read_row(path, i)
    assert got.dtype == want.dtype and got.shape == want.shape
    assert np.array_equal(got, want)


def test_rows_are_those_of_the_memory_map(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    path = tmp_path / "a.npy"
    for arr in (rng.integers(0, 2**63, (76, 9), dtype=np.uint64),
                rng.integers(0, 2**31, (5, 3, 2)).astype(">i4"),
                np.arange(7, dtype=np.float32), np.zeros((4, 0), np.uint64)):
        np.save(path, arr)  # the same path rewritten: the header is read again
        for i in range(-len(arr), len(arr)):
            _check(path, i)
        for i in (len(arr), -len(arr) - 1):
            with pytest.raises(IndexError):
                read_row(path, i)


def test_row_ranges_are_those_of_the_memory_map(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    path = tmp_path / "a.npy"
    for arr in (rng.integers(0, 2**63, (76, 9), dtype=np.uint64),
                rng.integers(0, 2**31, (5, 3, 2)).astype(">i4"),
                np.arange(7, dtype=np.float32), np.zeros((4, 0), np.uint64),
                np.asfortranarray(rng.integers(0, 9, (4, 3)))):
        np.save(path, arr)
        mm = np.load(path, mmap_mode="r")
        for lo in range(len(arr) + 2):
            for hi in range(lo, len(arr) + 3):
                want = np.array(mm[lo:hi])
                got = read_rows(path, lo, hi)
                assert got.dtype == want.dtype and got.shape == want.shape
                assert np.array_equal(got, want)
        read_row(path, 0)  # the header cached by one is the other's
        assert np.array_equal(read_rows(path, 1, 3), np.array(mm[1:3]))
    with pytest.raises(ValueError):
        read_rows(path, 2, 1)


@pytest.mark.parametrize("scheme", ["memory", "file"])
def test_row_ranges_on_urls_are_those_of_the_memory_map(tmp_path: Path, scheme: str) -> None:
    """On a URL read_rows goes through the ranged reader (NpyRows, sliced as a memory map
    is): the same rows, clipped the same way."""
    import io

    import fsspec

    arr = np.random.default_rng(5).integers(0, 2**63, (76, 9), dtype=np.uint64)
    local = tmp_path / "k.npy"
    np.save(local, arr)
    if scheme == "memory":
        url = "memory://read-rows-test/k.npy"
        buf = io.BytesIO()
        np.save(buf, arr)
        fsspec.filesystem("memory").pipe_file("/read-rows-test/k.npy", buf.getvalue())
    else:
        url = local.as_uri()
    mm = np.load(local, mmap_mode="r")
    for lo, hi in ((0, 8), (8, 16), (70, 80), (76, 84), (3, 3), (0, 76)):
        want = np.array(mm[lo:hi])
        got = read_rows(url, lo, hi)
        assert got.dtype == want.dtype and got.shape == want.shape
        assert np.array_equal(got, want)
