"""Writers: one work unit's documents → part files in ``kept/``, ``rejected/``, ``quarantine/``.

Each work unit writes its own part files, named after the unit, so the output of a run
does not depend on which worker ran which unit or in what order: that is the whole trick
behind byte-identical output for any worker count and behind resume. Local parts are
written under a temporary name and renamed into place on close, so a killed worker never
leaves a half-written part that looks finished; on object storage (no rename) a part is
written to its final name and counts only once the unit's marker exists (see
:mod:`newssift.io.storage`). The bytes are the same either way.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newssift.errors import PartError
from newssift.io import storage
from newssift.io.run_folder import (
    DECISION_FOLDERS,
    DEDUP,
    FOLDERS,
    FORMATS,
    KEPT,
    RunFolder,
    is_parquet,
)
from newssift.record import KEEP, Document, schema_for, to_arrow

#: A row group is also closed at about this many characters of text and HTML, so long
#: articles do not make a worker buffer 1,000 of them (short ones still get full groups).
BATCH_CHARS = 4_000_000

#: Columns written without a dictionary: long texts, nearly all distinct, on which the
#: writer would build a dictionary only to give it up (about a seventh of the write).
#: Both Parquet writers (a unit's parts here, a rewritten part in
#: :mod:`newssift.io.part_rewrite`) take their encoding from :func:`dictionary_columns`.
PLAIN_COLUMNS = frozenset({"text", "html", "comments"})


def _leaves(field: pa.Field, prefix: str = "") -> Iterator[str]:
    """The Parquet column paths of one field, as the writer names them."""
    path = prefix + field.name
    if pa.types.is_struct(field.type):
        for child in field.type:
            yield from _leaves(child, path + ".")
    elif pa.types.is_map(field.type):
        yield from _leaves(field.type.key_field, path + ".key_value.")
        yield from _leaves(field.type.item_field, path + ".key_value.")
    elif pa.types.is_list(field.type) or pa.types.is_large_list(field.type):
        yield from _leaves(pa.field("element", field.type.value_type), path + ".list.")
    else:
        yield path


def dictionary_columns(schema: pa.Schema) -> list[str]:
    """The column paths of ``schema`` written with a dictionary: all but those of
    :data:`PLAIN_COLUMNS`."""
    return [p for f in schema if f.name not in PLAIN_COLUMNS for p in _leaves(f)]


def folder_for(doc: Document) -> str:
    """The output folder of a document: no decision yet counts as kept."""
    return DECISION_FOLDERS.get(doc.decision or KEEP, KEPT)


class _ParquetPart:
    def __init__(self, path: str, batch_rows: int, comments: bool = False) -> None:
        self.path = path
        self.file = storage.PendingFile(path)
        self.batch_rows = batch_rows
        self.comments = comments
        self.buffer: list[Document] = []
        self.buffered_chars = 0
        schema = schema_for(comments)
        self.writer = pq.ParquetWriter(
            self.file.target, schema, compression="zstd", write_statistics=False,
            store_schema=True, use_dictionary=dictionary_columns(schema),
        )

    def write(self, doc: Document) -> None:
        self.buffer.append(doc)
        self.buffered_chars += len(doc.text or "") + len(doc.html or "")
        if len(self.buffer) >= self.batch_rows or self.buffered_chars >= BATCH_CHARS:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.writer.write_table(to_arrow(self.buffer, self.comments))
            self.buffer = []
            self.buffered_chars = 0

    def close(self) -> None:
        self.flush()
        self.writer.close()
        self.file.commit()

    def abort(self) -> None:
        """Close without committing, after a failed write (a full disk). Quietly: the error
        that stopped the unit is the one reported, and a writer left to the garbage
        collector would print its own traceback when it fails to close. The temporary
        file is removed when the unit is redone (:func:`remove_parts`)."""
        with contextlib.suppress(Exception):
            self.writer.close()
        self.file.abort()


class _JsonlPart:
    def __init__(self, path: str) -> None:
        self.path = path
        self.file = storage.PendingFile(path)
        self.fh: IO[str] = self.file.open_text()

    def write(self, doc: Document) -> None:
        self.fh.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.fh.close()
        self.file.commit()

    def abort(self) -> None:
        """As :meth:`_ParquetPart.abort`."""
        with contextlib.suppress(Exception):
            self.fh.close()
        self.file.abort()


class PartWriter:
    """Routes one unit's documents by decision into ``OUT/<folder>/part-<name>.<ext>``.

    A folder's part file is created on the first document routed there, so a unit with
    no rejected documents leaves no empty rejected part. ``write_html=False`` drops the raw
    HTML from written records (the extracted fields are what users read; HTML is 10-50x
    the size). ``comments=True`` (a run with ``--comments``) gives Parquet parts the
    ``comments`` column.
    """

    def __init__(
        self,
        out: str | Path,
        name: str,
        fmt: str = "parquet",
        *,
        write_html: bool = False,
        batch_rows: int = 1000,
        comments: bool = False,
    ) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown output format {fmt!r} (choose from {', '.join(FORMATS)})")
        self.out = os.fspath(out)
        self.name = name
        self.fmt = fmt
        self.write_html = write_html
        self.batch_rows = batch_rows
        self.comments = comments
        self.parts: dict[str, _ParquetPart | _JsonlPart] = {}
        #: documents written per folder, and per folder/reason outside kept/
        self.counts: dict[str, int] = {}

    def write(self, doc: Document) -> None:
        folder = folder_for(doc)
        part = self.parts.get(folder)
        if part is None:
            run = RunFolder(self.out)
            storage.makedirs(run.folder(folder))
            path = run.part(folder, self.name, self.fmt)
            part = (
                _ParquetPart(path, self.batch_rows, self.comments)
                if self.fmt == "parquet" else _JsonlPart(path)
            )
            self.parts[folder] = part
        if not self.write_html:
            doc.html = None
        part.write(doc)
        self.counts[folder] = self.counts.get(folder, 0) + 1
        if doc.reason and folder != KEPT:
            key = f"{folder}/{doc.reason}"
            self.counts[key] = self.counts.get(key, 0) + 1

    def write_all(self, docs: Iterable[Document]) -> None:
        for doc in docs:
            self.write(doc)

    def close(self) -> None:
        try:
            for part in self.parts.values():
                part.close()
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Close every part not yet closed, committing none (see :meth:`_ParquetPart.abort`)."""
        for part in self.parts.values():
            part.abort()

    def __enter__(self) -> PartWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def remove_parts(out: str | Path, name: str, fmt: str) -> None:
    """Remove one unit's part files from every output folder, before the unit is (re)done.

    An earlier attempt (a killed worker, a Ray retry, a run resumed) may have left a part,
    half-written on object storage or whole but without a marker, in a folder this
    attempt does not write to, e.g. when a document timed out then and does not now.
    Removing by exact name costs no listing of the folder.
    """
    run = RunFolder(out)
    for folder in FOLDERS:
        path = run.part(folder, name, fmt)
        storage.remove(path)
        if not storage.is_url(path):
            storage.remove(path + ".tmp")  # what a worker killed while writing left


def remove_temporaries(out: str | Path) -> list[str]:
    """Remove the ``*.tmp`` files a killed run left in the output folders (a part or a
    dedup file written under its temporary name and never renamed); their names. Only
    for a local folder, and only while no other run writes there (the caller holds the
    output lock)."""
    out = os.fspath(out)
    if storage.is_url(out):
        return []
    removed = []
    for folder in (*FOLDERS, DEDUP, ""):
        base = os.path.join(out, folder) if folder else out
        for name in storage.listdir(base):
            if ".tmp" in name and os.path.isfile(os.path.join(base, name)):
                storage.remove(os.path.join(base, name))
                removed.append(os.path.join(folder, name) if folder else name)
    return removed


def damaged(path: str | Path, exc: BaseException) -> PartError:
    """The one-line error for a part that cannot be read back."""
    lines = str(exc).splitlines()
    detail = getattr(exc, "strerror", None) or (lines[0] if lines else type(exc).__name__)
    return PartError(
        f"cannot read part {os.fspath(path)}: {detail[:300]} (the run that wrote it was "
        "interrupted or the file was damaged: rerun it with --resume to redo its unit)"
    )


@contextlib.contextmanager
def reading_part(path: str | Path) -> Iterator[None]:
    """Turn any failure to read the part ``path`` into one :class:`PartError` line.

    Every command that reads parts back (resume's check, dedup, decide, report) goes
    through :func:`read_part` or :func:`count_records`, so they all say the same thing
    about a truncated or corrupt part instead of a library's traceback."""
    try:
        yield
    except PartError:
        raise
    except FileNotFoundError as exc:
        raise damaged(path, exc) from None
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, EOFError) as exc:
        # pyarrow's ArrowInvalid/ArrowIOError are ValueError/OSError subclasses
        raise damaged(path, exc) from None
    except Exception as exc:  # fsspec backends, pyarrow's other errors
        raise damaged(path, exc) from None


def read_parquet(source: object, columns: list[str] | None = None) -> pa.Table:
    """``pq.read_table(source, columns=columns)`` of one file, read by ``pq.ParquetFile``:
    the same table, without ``pq.read_table``'s dataset layer, whose first use in a
    process loads and sets up pyarrow's dataset, Acero and Substrait libraries (~0.8 G
    instructions, 5% of a 151-page run; tests/io/test_read_parquet.py holds the tables
    equal)."""
    with pq.ParquetFile(source) as pf:
        return pf.read(columns=columns)


def read_part(path: str | Path) -> list[Document]:
    """Read back one part file written by :class:`PartWriter` (either format); a part
    that cannot be read raises :class:`~newssift.errors.PartError` (one line)."""
    path = os.fspath(path)
    with reading_part(path):
        if is_parquet(path):
            from newssift.record import from_arrow

            with contextlib.ExitStack() as stack:
                return from_arrow(read_parquet(storage.native_source(path, stack)))
        lines = storage.read_text(path).split("\n")  # not splitlines(): U+2028 is text
        return [Document.from_dict(json.loads(line)) for line in lines if line.strip()]


def count_records(path: str | Path) -> int:
    """The number of records in one part, having read every byte of it (each Parquet
    row group decoded, each JSONL line parsed): what resume checks against the unit's
    marker. A part that cannot be read raises :class:`~newssift.errors.PartError`."""
    path = os.fspath(path)
    with reading_part(path):
        if is_parquet(path):
            with contextlib.ExitStack() as stack:
                pf = pq.ParquetFile(storage.native_source(path, stack))
                rows = 0
                for i in range(pf.metadata.num_row_groups):
                    rows += pf.read_row_group(i).num_rows
                if rows != pf.metadata.num_rows:
                    raise ValueError("row groups do not add up to the footer's row count")
                return rows
        text = storage.read_text(path)
        if text and not text.endswith("\n"):
            raise ValueError("the last line is cut off")
        lines = [line for line in text.split("\n") if line.strip()]
        for line in lines:
            json.loads(line)
        return len(lines)


def read_columns(path: str | Path, columns: list[str]) -> pa.Table:
    """The named columns of one part, whichever its format, as one table; a column the
    part lacks (an older schema) comes back all null. A dotted name
    (``"news.dateline_agency"``) is a field of a nested column, null where its parent is.
    For the readers of a finished run that need a few fields of every record (dedup,
    trace, sites, the report), so none of them reads a part's format off its name on its
    own."""
    path = os.fspath(path)
    tops = list(dict.fromkeys(c.split(".", 1)[0] for c in columns))
    with reading_part(path):
        if is_parquet(path):
            with contextlib.ExitStack() as stack:
                pf = pq.ParquetFile(storage.native_source(path, stack))
                schema = pf.schema_arrow
                table = pf.read(columns=_read_paths(schema, tops, columns))
                rows = pf.metadata.num_rows
            return _picked(table, set(schema.names), columns, rows)
        return _jsonl_columns(path, columns)


def _jsonl_columns(path: str, columns: list[str]) -> pa.Table:
    """:func:`read_columns` of a JSONL part."""
    lines = storage.read_text(path).split("\n")  # not splitlines(): U+2028 is text
    records = [json.loads(line) for line in lines if line.strip()]
    values = {c: [_dotted(r, c) for r in records] for c in columns}
    return pa.table({c: pa.array(v) if any(x is not None for x in v)
                     else pa.nulls(len(records)) for c, v in values.items()})


def _picked(table: pa.Table, present: set[str], columns: list[str], rows: int) -> pa.Table:
    """The named columns of ``rows`` rows of a Parquet part as read (``table``, whose
    file schema has the top columns ``present``): all null where the part lacks one, a
    dotted name's field taken from its struct."""
    out = {}
    for c in columns:
        top, _, sub = c.partition(".")
        if top not in present or (sub and top not in table.column_names):
            out[c] = pa.nulls(rows)
        elif not sub:
            out[c] = table.column(top)
        else:
            out[c] = _nested_field(table.column(top).combine_chunks(), sub, rows)
    return pa.table(out) if columns else table.select([])


def iter_columns(path: str | Path, columns: list[str], batch_rows: int) -> Iterator[pa.Table]:
    """:func:`read_columns` in row order, as tables of at most ``batch_rows`` rows of a
    Parquet part (a JSONL part, or one without rows, comes as one table): the same
    values, for a reader that handles a part's records a batch at a time. Why: the whole
    ``text`` column of a part (tens of MB) is decoded into buffers that grow while it is
    read, and into Python strings held until the part is done; each part of a run did
    that in freshly mapped memory, whose first touch (page zeroing, and on a virtual
    machine the host's own fault) was most of dedup's kernel time. A batch's buffers are
    freed before the next batch's are taken, so the allocator hands the same memory out
    again. Read failures are one :class:`PartError` line, as in :func:`read_columns`."""
    path = os.fspath(path)
    tops = list(dict.fromkeys(c.split(".", 1)[0] for c in columns))
    with reading_part(path):
        if not is_parquet(path):
            yield _jsonl_columns(path, columns)
            return
        with contextlib.ExitStack() as stack:
            pf = pq.ParquetFile(storage.native_source(path, stack))
            schema = pf.schema_arrow
            paths = _read_paths(schema, tops, columns)
            if pf.metadata.num_rows == 0 or not paths:
                yield _picked(pf.read(columns=paths), set(schema.names), columns,
                              pf.metadata.num_rows)
                return
            for batch in pf.iter_batches(batch_size=batch_rows, columns=paths):
                yield _picked(pa.Table.from_batches([batch]), set(schema.names), columns,
                              batch.num_rows)


def _read_paths(schema: pa.Schema, tops: list[str], columns: list[str]) -> list[str]:
    """What :func:`read_columns` asks pyarrow for: a column named whole, else the dotted
    paths of it that exist. A path reads only its own leaves (``news.dateline_agency``
    and not every quote of ``news``: about two thirds of dedup's reading of ``news``),
    into a struct column holding only those fields, whose nulls are the whole column's
    (a leaf's definition levels carry its parents'); a path that does not exist reads
    nothing and comes back all null, as it did when the whole column was read."""
    want = set(columns)
    paths = []
    for top in tops:
        if schema.get_field_index(top) < 0:
            continue
        if top in want:
            paths.append(top)
            continue
        for c in columns:
            head, _, sub = c.partition(".")
            if head == top and _has_path(schema.field(top).type, sub):
                paths.append(c)
    return list(dict.fromkeys(paths))


def _has_path(kind: pa.DataType, sub: str) -> bool:
    """Whether the dotted ``sub`` names a field through structs from ``kind``."""
    for name in sub.split("."):
        if not pa.types.is_struct(kind) or kind.get_field_index(name) < 0:
            return False
        kind = kind.field(name).type
    return True


def _nested_field(parent: pa.Array, sub: str, rows: int) -> pa.Array:
    """Field ``sub`` (dotted for deeper levels) of a struct column, null where the parent
    row is null or the field is missing."""
    arr = parent
    for name in sub.split("."):
        if not pa.types.is_struct(arr.type) or arr.type.get_field_index(name) < 0:
            return pa.nulls(rows)
        valid = arr.is_valid()
        field = arr.field(name)
        arr = pc.if_else(valid, field, pa.scalar(None, field.type))
    return arr


def _dotted(record: dict, name: str) -> object:
    value: object = record
    for key in name.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value
