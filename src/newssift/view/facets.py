"""The search page's filters and counts, in numpy: one small integer per record and filter.

Why numpy: a text search may match most of a million records, and the page then counts
them by every filter. Counting in SQL means joining the search's hits to the index table
(~150 ms per first search on 1M records); here each filter column is an array of codes
in seq order (a record's position), a selection is one boolean per record, and a count
is one ``np.bincount`` over the selected codes (a few ms). The codes are the positions
of the values in their sorted distinct list (``None`` last), so sorting codes sorts
values; they take 1-4 bytes a record (~13 MB per million records in all).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

#: facet -> the index table's column
COLUMNS = {
    "decision": "decision",
    "reason": "reason",
    "site": "site_name",
    "language": "language",
    "cluster": "cluster_id",
}


def _narrow(n: int) -> type:
    return np.uint8 if n < 2**8 else np.uint16 if n < 2**16 else np.uint32


class Codes:
    """One facet's column as codes: ``codes[seq]`` indexes ``values`` (``len(values)``
    stands for None)."""

    def __init__(self, seqs: np.ndarray, column: pa.ChunkedArray, total: int) -> None:
        distinct = pc.unique(column).drop_null()
        self.values = distinct.take(pc.sort_indices(distinct))  # byte order, as SQL sorts
        self.none = len(self.values)
        codes = pc.index_in(column, value_set=self.values).fill_null(self.none)
        self.codes = np.full(total, self.none, dtype=_narrow(self.none + 1))
        self.codes[seqs] = codes.to_numpy()
        self._all: np.ndarray | None = None

    def code(self, value: str) -> int | None:
        found = pc.index(self.values, value).as_py()
        return None if found < 0 else found

    def value(self, code: int) -> str | None:
        return None if code == self.none else self.values[int(code)].as_py()

    def mask(self, value: str) -> np.ndarray:
        if value == "(none)":
            return self.codes == self.none
        code = self.code(value)
        if code is None:
            return np.zeros(len(self.codes), dtype=bool)
        return self.codes == code

    def counts(self, sel: np.ndarray | None) -> np.ndarray:
        """How many selected records hold each code. A selection of most records is
        counted as every record's counts (kept) less the unselected ones' (fewer to read)."""
        if sel is None:
            if self._all is None:
                self._all = np.bincount(self.codes, minlength=self.none + 1)
            return self._all
        if np.count_nonzero(sel) > len(sel) // 2:
            return self.counts(None) - np.bincount(self.codes[~sel], minlength=self.none + 1)
        return np.bincount(self.codes[sel], minlength=self.none + 1)


class Facets:
    """Every filter of a run as codes, with the flag bits: selections and their counts."""

    def __init__(self, con: Any, total: int, flag_bit: dict[str, int],
                 flag_fallback: Callable[[str], np.ndarray]) -> None:
        """``con`` is the index's DuckDB connection (table ``docs``); ``flag_fallback``
        gives the records holding a flag that has no bit (beyond the first 62)."""
        self.total = total
        self.flag_bit = flag_bit
        self._flag_fallback = flag_fallback
        self.codes: dict[str, Codes] = {}
        for key, column in COLUMNS.items():
            table = con.sql(f"SELECT seq, {column} AS v FROM docs").to_arrow_table()
            self.codes[key] = Codes(table.column("seq").to_numpy(), table.column("v"), total)
            del table
        table = con.sql("SELECT seq, fbits FROM docs").to_arrow_table()
        width = max([0, *(b + 1 for b in flag_bit.values())])
        dtype = np.uint8 if width <= 8 else np.uint16 if width <= 16 else \
            np.uint32 if width <= 32 else np.uint64
        self.fbits = np.zeros(total, dtype=dtype)
        self.fbits[table.column("seq").to_numpy()] = table.column("fbits").to_numpy().astype(dtype)
        del table
        clusters = self.codes["cluster"]
        self.cluster_size = clusters.counts(None).copy()
        self.cluster_size[clusters.none] = 0
        self._all_flags: np.ndarray | None = None

    def has_flag(self, name: str) -> np.ndarray:
        bit = self.flag_bit.get(name)
        if bit is None:
            return self._flag_fallback(name)
        return (self.fbits & self.fbits.dtype.type(1 << bit)) != 0

    def mask(self, filters: dict[str, str], skip: str | None = None,
             base: np.ndarray | None = None) -> np.ndarray | None:
        """The records matching every filter but ``skip`` (and ``base``, a text search's
        hits); None for every record."""
        sel = None if base is None else base.copy()
        for key, value in filters.items():
            if key == skip:
                continue
            one = self.has_flag(value) if key == "flag" else self.codes[key].mask(value)
            if sel is None:
                sel = one
            else:
                sel &= one
        return sel

    def count(self, sel: np.ndarray | None, keys: list[str],
              top: int) -> dict[str, list[tuple[str | None, int]]]:
        """For each facet in ``keys``, its ``top`` values among the selected records by
        count (ties by value, None last); flags by count then name; clusters: the largest
        clusters among them, with their size in the run."""
        out: dict[str, list[tuple[str | None, int]]] = {}
        for key in keys:
            if key == "flag":
                out[key] = self._flag_counts(sel, top)
            elif key == "cluster":
                out[key] = self._clusters(sel, top)
            else:
                codes = self.codes[key]
                counts = codes.counts(sel)
                found = np.flatnonzero(counts)
                order = found[np.lexsort((found, -counts[found]))][:top]
                out[key] = [(codes.value(c), int(counts[c])) for c in order]
        return out

    def _flag_counts(self, sel: np.ndarray | None, top: int) -> list[tuple[str | None, int]]:
        if not self.flag_bit:
            return []
        if sel is None:
            counts = self._flag_counts_all()
        elif np.count_nonzero(sel) > len(sel) // 2:  # every record's less the unselected
            counts = self._flag_counts_all() - _bit_counts(self.fbits[~sel])
        else:
            counts = _bit_counts(self.fbits[sel])
        found = [(name, int(counts[b])) for name, b in self.flag_bit.items() if counts[b]]
        found.sort(key=lambda vc: (-vc[1], vc[0]))
        return found[:top]

    def _flag_counts_all(self) -> np.ndarray:
        if self._all_flags is None:
            self._all_flags = _bit_counts(self.fbits)
        return self._all_flags

    def _clusters(self, sel: np.ndarray | None, top: int) -> list[tuple[str | None, int]]:
        clusters = self.codes["cluster"]
        present = (clusters.counts(sel) > 0) & (self.cluster_size > 1)
        found = np.flatnonzero(present)
        order = found[np.lexsort((found, -self.cluster_size[found]))][:top]
        return [(clusters.value(c), int(self.cluster_size[c])) for c in order]


def _bit_counts(bits: np.ndarray) -> np.ndarray:
    """How many of ``bits`` have each bit set (bounded temporaries: a byte per bit for
    2**18 records at a time)."""
    counts = np.zeros(8 * bits.dtype.itemsize, dtype=np.int64)
    step = 1 << 18
    for i in range(0, len(bits), step):
        chunk = bits[i:i + step].astype(bits.dtype.newbyteorder("<"), copy=False)
        unpacked = np.unpackbits(chunk.view(np.uint8).reshape(len(chunk), -1),
                                 axis=1, bitorder="little")
        counts += unpacked.sum(axis=0, dtype=np.int64)
    return counts
