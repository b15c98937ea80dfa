"""Rewriting a finished part in place: new values for some columns, the rest as written.

How dedup's fields and the run's unique ids are written into a part its unit already
wrote (``newssift decide``, which changes decisions, writes its parts again whole with the
part writer instead). Apart from :mod:`newssift.io.writers` because it reads and writes
whole Parquet tables through :mod:`newssift.io.arrays`, which itself turns read failures
into one line with :func:`newssift.io.writers.reading_part`: kept in the writers, the two
modules imported each other.
"""

from __future__ import annotations

import io
import json
import logging
import os
import struct
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newssift.io import arrays, part_rewrite_splice, storage, writers
from newssift.io.run_folder import is_parquet
from newssift.record import SCHEMA

log = logging.getLogger(__name__)


def _lines(path: str) -> Iterator[str]:
    with io.TextIOWrapper(storage.open_read(path), encoding="utf-8") as fh:
        yield from fh


def _with_flags(old: list[dict] | None, new: list[dict], replace: frozenset[str]) -> list[dict]:
    return [f for f in old or [] if f.get("name") not in replace] + new


def _new_columns(fields: dict[str, list], flags: list[list[dict]] | None,
                 replace_flags: frozenset[str], old_flags: pa.ChunkedArray | None) -> pa.Table:
    """The replaced columns as a table: ``fields``, and ``flags`` merged into the old."""
    cols = {name: pa.array(values, type=SCHEMA.field(name).type)
            for name, values in fields.items()}
    if flags is not None:
        old = old_flags.to_pylist() if old_flags is not None else [None] * len(flags)
        cols["flags"] = pa.array([_with_flags(o, f, replace_flags)
                                  for o, f in zip(old, flags, strict=True)],
                                 type=SCHEMA.field("flags").type)
    return pa.table(cols, schema=pa.schema([SCHEMA.field(n) for n in cols]))


def _write_options(schema: pa.Schema) -> dict:
    """How both rewrite paths encode what they encode (as a unit's part is written)."""
    return {"compression": "zstd", "write_statistics": False,
            "use_dictionary": writers.dictionary_columns(schema)}


def _spliced(path: str, fields: dict[str, list], flags: list[list[dict]] | None,
             replace_flags: frozenset[str], table: pa.Table | None) -> bool:
    """The part rewritten by a splice, or ``False`` (nothing written) when the splice
    does not apply to it and it is to be re-encoded."""
    with writers.reading_part(path):
        data = storage.read_bytes(path)
    try:
        meta = part_rewrite_splice.footer(data)[0]
        with writers.reading_part(path):
            schema = pq.read_schema(pa.BufferReader(data))
    except (ValueError, IndexError, RecursionError, struct.error) as exc:
        # a damaged part: the re-encoding path reads it and says what is wrong
        log.debug("%s: not spliced (%s)", path, exc)
        return False
    names = [*fields, *(["flags"] if flags is not None else [])]
    if any(schema.get_field_index(n) < 0 for n in names):
        return False
    old_flags = None
    if flags is not None:
        if table is not None and "flags" in table.column_names:
            old_flags = table.column("flags")
        else:
            with writers.reading_part(path):
                old_flags = writers.read_parquet(pa.BufferReader(data), columns=["flags"])["flags"]
    new = _new_columns(fields, flags, replace_flags, old_flags)
    for name in names:
        schema = schema.set(schema.get_field_index(name), SCHEMA.field(name))
    schema = schema.with_metadata(SCHEMA.metadata)
    try:
        pieces = part_rewrite_splice.splice(data, meta, schema, new, _write_options(new.schema))
    except part_rewrite_splice.Unspliceable as exc:
        log.debug("%s: not spliced (%s)", path, exc)
        return False
    with storage.writing(path) as target:
        part_rewrite_splice.write_pieces(target, pieces)
    return True


def _reencoded(path: str, fields: dict[str, list], flags: list[list[dict]] | None,
               replace_flags: frozenset[str], table: pa.Table | None) -> None:
    """The part read whole (unless ``table`` is), its columns replaced, written whole."""
    if table is None or set(table.column_names) != set(arrays.read_schema(path).names):
        table = arrays.read_table(path)
    new = _new_columns(fields, flags, replace_flags,
                       table.column("flags") if flags is not None else None)
    for name in new.column_names:
        table = table.set_column(table.schema.get_field_index(name), SCHEMA.field(name),
                                 new.column(name))
    table = table.replace_schema_metadata(SCHEMA.metadata)
    arrays.write_table(table, path, store_schema=True, row_group_size=1000,
                       **_write_options(table.schema))


def rewrite_part(path: str | Path, fields: dict[str, list],
                 flags: list[list[dict]] | None = None,
                 replace_flags: frozenset[str] = frozenset(),
                 table: pa.Table | None = None, *, splice: bool = True) -> None:
    """Replace some columns of one part in place (same name, same row order, the other
    columns as they were): the one way a finished part is changed (dedup's fields, the
    run's unique ids).

    ``fields`` maps a record field to its new value per row. ``flags``, when given, holds
    per row the flags (dicts of the ``Flag`` fields) that replace the row's flags named
    in ``replace_flags``; other flags are kept in their order. Written under a temporary
    name and renamed; on a URL the part is read whole first (no rename there).

    A Parquet part is spliced (:mod:`newssift.io.part_rewrite_splice`): the replaced
    columns (``flags`` among them when given) are encoded, every other column chunk is
    copied as it lies in the part, in the part's row groups, and a new footer is
    written; read back, the table is the one re-encoding it whole gives. A part the
    splice does not copy (see there), or ``splice=False``, is read whole and re-encoded.

    ``table``, for a Parquet part, holds columns of the part as
    :func:`newssift.io.arrays.read_table` reads them, from a caller that read them
    already (dedup reads ``flags`` with its copies' ids and URLs): they are not read a
    second time (the re-encoding path uses it only when it holds every column).
    """
    path = os.fspath(path)
    if is_parquet(path):
        if not (splice and _spliced(path, fields, flags, replace_flags, table)):
            _reencoded(path, fields, flags, replace_flags, table)
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
