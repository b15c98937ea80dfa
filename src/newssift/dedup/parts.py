"""Reading the few columns dedup needs from a run's kept parts, and writing its fields back.

Dedup reads only ``id``, ``url``, ``canonical_url``, ``text``, ``date``, ``site_name``,
``news.dateline_agency``, ``reason`` and ``scores``: with Parquet these are read as columns,
never as whole records. Parts of ``kept/`` and ``rejected/`` are read alike (provenance
covers rejected copies too). Rewriting a part keeps its file name and row order and
replaces just the four dedup columns and the dedup flags (``copy_of``) of ``flags``,
writing to a temporary name and renaming, so an interrupted rewrite never leaves
a half-written part and the bytes depend only on the part and the assignments. Parts may
be URLs (:mod:`newssift.io.storage`); there a part is read whole before it is rewritten
under its own name, as object storage has no rename.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from newssift.io import arrays, storage
from newssift.io.run_folder import is_parquet
from newssift.io.writers import read_columns as read_part_columns
from newssift.record import SCHEMA, scores_to_dict

DEDUP_FIELDS = ("cluster_id", "canonical_id", "canonical_similarity", "canonical_reason")
#: Flags dedup writes (and replaces on every run); every other flag is left as it is.
DEDUP_FLAGS = frozenset({"copy_of"})
#: A record is a suspected copy (never the canonical while an unsuspected member exists)
#: when it was rejected for one of these reasons or one of these scores reaches the limit.
SUSPECT_REASONS = frozenset({"content_farm", "machine_translated"})
SUSPECT_SCORES = ("content_farm", "machine_translated")
SUSPECT_LIMIT = 0.5


def is_suspect(reason: str | None, scores: dict[str, float | None]) -> bool:
    """Flagged as a content-farm or machine-translated copy (see ``SUSPECT_*``); ``scores``
    as :func:`newssift.record.scores_to_dict` gives them, whatever the part's format."""
    if reason in SUSPECT_REASONS:
        return True
    return any((scores.get(k) or 0.0) >= SUSPECT_LIMIT for k in SUSPECT_SCORES)


@dataclass
class PartColumns:
    """The columns of one part that dedup reads, aligned by row."""

    ids: list[str]
    urls: list[str | None]
    canonical_urls: list[str | None]
    texts: list[str | None]
    dates: list[str | None]
    site_names: list[str | None]
    agencies: list[str | None]
    suspect: list[bool]


def _lines(path: str) -> Iterator[str]:
    with io.TextIOWrapper(storage.open_read(path), encoding="utf-8") as fh:
        yield from fh


_COLUMNS = ["id", "url", "canonical_url", "text", "date", "site_name",
            "news.dateline_agency", "reason", "scores"]


def read_columns(path: str | Path) -> PartColumns:
    """The columns dedup reads of one part (:func:`newssift.io.writers.read_columns`, so
    Parquet and JSONL parts are read by one reader); a part that cannot be read is one
    :class:`~newssift.errors.PartError` line, as everywhere parts are read back."""
    table = read_part_columns(os.fspath(path), _COLUMNS)

    def col(name: str) -> list:
        return table.column(name).to_pylist()

    suspect = [is_suspect(r, scores_to_dict(sc)) for r, sc in
               zip(col("reason"), col("scores"), strict=True)]
    return PartColumns(col("id"), col("url"), col("canonical_url"), col("text"),
                       col("date"), col("site_name"), col("news.dateline_agency"), suspect)


def _with_flags(old: list[dict] | None, new: list[dict]) -> list[dict]:
    return [f for f in old or [] if f.get("name") not in DEDUP_FLAGS] + new


def read_texts(path: str | Path, rows: list[int]) -> dict[int, tuple]:
    """``row -> (id, url, text)`` of the given rows of one part (read by
    :func:`newssift.io.writers.read_columns`, like :func:`read_columns`)."""
    want = sorted(set(rows))
    if not want:
        return {}
    table = read_part_columns(os.fspath(path), ["id", "url", "text"])
    table = table.take(pa.array(want, pa.int64()))
    ids, urls, texts = (table.column(c).to_pylist() for c in ("id", "url", "text"))
    return {r: (i, u, t) for r, i, u, t in zip(want, ids, urls, texts, strict=True)}


def rewrite(path: str | Path, fields: dict[str, list],
            flags: list[list[dict]] | None = None) -> None:
    """Replace the dedup columns of one part in place (same name, same row order).

    ``flags``, when given, holds per row the dedup flags (dicts of the ``Flag`` fields)
    that replace the row's earlier dedup flags; other flags are kept in their order.
    """
    path = os.fspath(path)
    if is_parquet(path):
        table = arrays.read_table(path)
        for name in DEDUP_FIELDS:
            idx = table.schema.get_field_index(name)
            arr = pa.array(fields[name], type=SCHEMA.field(name).type)
            table = table.set_column(idx, SCHEMA.field(name), arr)
        if flags is not None:
            idx = table.schema.get_field_index("flags")
            old = table.column("flags").to_pylist()
            arr = pa.array([_with_flags(o, f) for o, f in zip(old, flags, strict=True)],
                           type=SCHEMA.field("flags").type)
            table = table.set_column(idx, SCHEMA.field("flags"), arr)
        table = table.replace_schema_metadata(SCHEMA.metadata)
        arrays.write_table(table, path, compression="zstd", write_statistics=False,
                            store_schema=True, row_group_size=1000)
        return
    # on a URL the part is rewritten under its own name: read it all first
    lines = list(_lines(path)) if storage.is_url(path) else _lines(path)
    pending = storage.PendingFile(path)
    with pending.open_text() as dst:
        row = 0
        for line in lines:
            if not line.strip():
                continue
            d = json.loads(line)
            for name in DEDUP_FIELDS:
                d[name] = fields[name][row]
            if flags is not None:
                d["flags"] = _with_flags(d.get("flags"), flags[row])
            row += 1
            dst.write(json.dumps(d, ensure_ascii=False) + "\n")
    pending.commit()
