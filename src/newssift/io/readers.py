"""Readers: inputs → work units → documents.

:func:`plan` cuts the inputs into work units (see :mod:`newssift.io.planner`),
:func:`read_unit` streams the documents of one unit, and :func:`read` chains the two for
use from Python. Each input kind has its own small module (``warc_reader``,
``jsonl_reader``, ``parquet_reader``, ``file_reader``); this one only dispatches, so a
worker needs nothing but the unit and the options, and reading a file unit by unit gives
exactly the documents of reading it whole, in the same order.

Counters (in the optional :class:`~newssift.stage.Stats`): ``read/docs``,
``read/skipped/<reason>``, ``read/quarantined/<reason>``, ``read/empty_file`` (a WARC,
JSONL or Parquet file with nothing in it: no document) and ``read/empty_document`` (an
empty HTML or text file: one file is one document, so it is a document, and decide
rejects it as empty).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newssift.io import storage
from newssift.io.file_reader import other_files, read_files
from newssift.io.jsonl_reader import read_jsonl
from newssift.io.kinds import HTML, JSONL, OTHER, PARQUET, TEXT, WARC
from newssift.io.options import ReadOptions
from newssift.io.parquet_reader import read_parquet
from newssift.io.planner import plan
from newssift.io.record_ids import read_error_doc
from newssift.io.units import WorkUnit
from newssift.io.warc_reader import read_warc
from newssift.record import Document
from newssift.stage import Stats

__all__ = ["ReadOptions", "plan", "read", "read_unit"]


def relative_path(unit: WorkUnit, path: str) -> str:
    """``path`` relative to the unit's input root (the basename when there is none); a
    local name as its bytes read as UTF-8 (:func:`storage.utf8_name`): ids hash it."""
    if unit.root:
        return storage.relative(path, unit.root)
    name = storage.basename(path)
    return name if storage.is_url(path) else storage.utf8_name(name)


def read_unit(
    unit: WorkUnit, options: ReadOptions | None = None, stats: Stats | None = None
) -> Iterator[Document]:
    """Every document of one work unit, in file order; broken input is quarantined."""
    opts = options or ReadOptions()
    stats = stats if stats is not None else Stats()
    rel = relative_path(unit, unit.paths[0])
    if unit.kind in (HTML, TEXT):
        yield from read_files(unit, [relative_path(unit, p) for p in unit.paths], opts, stats)
        return
    if unit.kind == OTHER:
        yield from other_files(unit, [relative_path(unit, p) for p in unit.paths], stats)
        return
    readers = {WARC: read_warc, JSONL: read_jsonl, PARQUET: read_parquet}
    reader = readers.get(unit.kind)
    if reader is None:
        raise ValueError(f"unknown unit kind {unit.kind!r}")
    try:
        yield from reader(unit, rel, opts, stats)
    except OSError as exc:  # the file vanished or became unreadable after planning
        stats.inc("read/quarantined/unreadable_file")
        source = storage.recorded(unit.paths[0])
        yield read_error_doc(source, rel, unit.start, f"cannot read {rel}: {exc}")


def read(
    inputs: Iterable[str] | str,
    options: ReadOptions | None = None,
    *,
    unit_bytes: int | None = None,
    stats: Stats | None = None,
) -> Iterator[Document]:
    """Every document of the inputs, in plan order."""
    units = plan(inputs, options, unit_bytes=unit_bytes, stats=stats)
    for unit in units:
        yield from read_unit(unit, options, stats)
