"""Rewriting a finished part in place: new values for some columns, the rest as written.

The one way a part is changed after its unit wrote it (dedup's fields, the run's unique
ids). Apart from :mod:`newssift.io.writers` because it reads and writes whole Parquet
tables through :mod:`newssift.io.arrays`, which itself turns read failures into one line
with :func:`newssift.io.writers.reading_part`: kept in the writers, the two modules
imported each other.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa

from newssift.io import arrays, storage, writers
from newssift.io.run_folder import is_parquet
from newssift.record import SCHEMA


def _lines(path: str) -> Iterator[str]:
    with io.TextIOWrapper(storage.open_read(path), encoding="utf-8") as fh:
        yield from fh


def _with_flags(old: list[dict] | None, new: list[dict], replace: frozenset[str]) -> list[dict]:
    return [f for f in old or [] if f.get("name") not in replace] + new


def rewrite_part(path: str | Path, fields: dict[str, list],
                 flags: list[list[dict]] | None = None,
                 replace_flags: frozenset[str] = frozenset(),
                 table: pa.Table | None = None) -> None:
    """Replace some columns of one part in place (same name, same row order, the other
    columns as they were): the one way a finished part is changed (dedup's fields, the
    run's unique ids).

    ``fields`` maps a record field to its new value per row. ``flags``, when given, holds
    per row the flags (dicts of the ``Flag`` fields) that replace the row's flags named
    in ``replace_flags``; other flags are kept in their order. Written under a temporary
    name and renamed; on a URL the part is read whole first (no rename there).

    ``table``, for a Parquet part, is the part as :func:`newssift.io.arrays.read_table`
    reads it, from a caller that read it already (dedup takes its copies' texts from it):
    then the part is not read a second time.
    """
    path = os.fspath(path)
    if is_parquet(path):
        if table is None:
            table = arrays.read_table(path)
        for name, values in fields.items():
            idx = table.schema.get_field_index(name)
            arr = pa.array(values, type=SCHEMA.field(name).type)
            table = table.set_column(idx, SCHEMA.field(name), arr)
        if flags is not None:
            idx = table.schema.get_field_index("flags")
            old = table.column("flags").to_pylist()
            arr = pa.array([_with_flags(o, f, replace_flags)
                            for o, f in zip(old, flags, strict=True)],
                           type=SCHEMA.field("flags").type)
            table = table.set_column(idx, SCHEMA.field("flags"), arr)
        table = table.replace_schema_metadata(SCHEMA.metadata)
        arrays.write_table(table, path, compression="zstd", write_statistics=False,
                           store_schema=True, row_group_size=1000,
                           use_dictionary=writers.dictionary_columns(table.schema))
        return
    lines = list(_lines(path)) if storage.is_url(path) else _lines(path)
    pending = storage.PendingFile(path)
    with pending.open_text() as dst:
        row = 0
        for line in lines:
            if not line.strip():
                continue
            d = json.loads(line)
            for name, values in fields.items():
                d[name] = values[row]
            if flags is not None:
                d["flags"] = _with_flags(d.get("flags"), flags[row], replace_flags)
            row += 1
            dst.write(json.dumps(d, ensure_ascii=False) + "\n")
    pending.commit()
