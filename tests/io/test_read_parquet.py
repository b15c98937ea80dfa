"""io.writers.read_parquet (``pq.ParquetFile(...).read``) gives the table ``pq.read_table``
gives for one file: values, schema and its metadata, column order of a projection, and
from a path and from a buffer."""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newssift.io.arrays import read_table
from newssift.io.writers import read_parquet


def _table() -> pa.Table:
    return pa.table({
        "id": ["a", "b", None, "d" * 300],
        "n": [1, 2, 3, None],
        "flags": [["x"], [], None, ["y", "z"]],
        "m": pa.array([[("k", 1.5)], [], None, [("q", -2.0)]],
                      pa.map_(pa.string(), pa.float64())),
    }).replace_schema_metadata({"newssift": "1", "ARROW:extra": "x"})


def test_read_parquet_is_read_table(tmp_path: Path) -> None:
    for kwargs in ({}, {"row_group_size": 1}, {"store_schema": False}):
        path = str(tmp_path / "t.parquet")
        pq.write_table(_table(), path, **kwargs)
        buf = io.BytesIO()
        pq.write_table(_table(), buf, **kwargs)
        for columns in (None, ["flags"], ["m", "id"], ["n", "flags", "id"]):
            want = pq.read_table(path, columns=columns)
            for got in (read_parquet(path, columns), read_table(path, columns),
                        read_parquet(pa.BufferReader(buf.getvalue()), columns)):
                assert got.column_names == want.column_names
                assert got.schema.equals(want.schema, check_metadata=True)
                assert got.equals(want)
