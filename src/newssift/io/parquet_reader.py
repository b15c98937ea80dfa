"""Parquet rows to documents, a batch of rows at a time.

Text datasets published as Parquet (with ``text`` or ``html`` columns) are read by row
group ranges (the planner's units) and in record batches, so a unit never materialises
more than one batch. Only the configured columns are read (the publication date's among
them: :func:`newssift.io.jsonl_reader.row_dates` reads a row's dates as a JSONL line's);
a row without content, or with HTML and text over the record limit (``max_record_bytes``),
is quarantined like a JSONL line would be. A value Python cannot be given (a ``string``
value that is not UTF-8, a timestamp out of Python's range) quarantines its row alone,
naming the column, and the rows beside it are read; a file pyarrow cannot open or decode
yields a quarantined document at the row where reading stopped.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from newssift.io import storage
from newssift.io.jsonl_reader import OWN_FETCH_FIELD, row_identity, row_to_document
from newssift.io.options import ReadOptions
from newssift.io.record_ids import read_error_doc
from newssift.io.units import WorkUnit
from newssift.record import Document
from newssift.stage import Stats

BATCH_ROWS = 256


def _byte_lengths(column) -> Any:
    """UTF-8 bytes of each value of a text column (0 where null) as an Arrow integer
    array, or None when the column does not hold text (such a row is quarantined for that).

    Every type whose values become ``str`` is measured, since the record limit is on what
    the stages get: ``string``, ``large_string``, ``string_view`` and a dictionary of any
    of them (pyarrow reads a column back as the type its writer stored). Binary columns
    are not: their values are bytes, which a document does not take as text. Cheaply: a
    dictionary's values are measured once and looked up by index, a view's length is read
    off its 16-byte view (its first four bytes), so no text is copied."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if pa.types.is_dictionary(kind):
        inner = _byte_lengths(column.dictionary)
        return None if inner is None else pc.fill_null(pc.take(inner, column.indices), 0)
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return pc.fill_null(pc.binary_length(column), 0)
    if pa.types.is_string_view(kind):
        views = column.buffers()[1]
        if views is None:
            return pa.array(np.zeros(len(column), np.int64))
        first = np.frombuffer(views, np.int32, count=4 * (column.offset + len(column)))
        lengths = first[4 * column.offset::4].astype(np.int64)
        if column.null_count:
            lengths[~column.is_valid().to_numpy(zero_copy_only=False)] = 0
        return pa.array(lengths)
    return None


def _content_sizes(batch, opts: ReadOptions) -> list[int]:
    """UTF-8 bytes of each row's HTML and text strings (what the record limit measures),
    read off the batch's Arrow columns, which hold them as UTF-8 already."""
    import pyarrow.compute as pc

    sizes = None
    for name in dict.fromkeys((opts.html_field, opts.text_field)):
        i = batch.schema.get_field_index(name)
        n = None if i < 0 else _byte_lengths(batch.column(i))
        if n is not None:
            sizes = n if sizes is None else pc.add(sizes, n)
    return [0] * batch.num_rows if sizes is None else sizes.to_pylist()


def _batch_rows(batch) -> tuple[list[dict[str, Any]], list[tuple[str, Exception] | None]]:
    """Each row of ``batch`` as a dict of Python values, and for each row the first column
    (name, error) whose value could not be converted, or None.

    Why: ``to_pylist`` converts the batch at once (the common case, and fast) but raises
    for the whole batch when one value cannot become a Python object, e.g. a string column
    holding bytes that are not UTF-8 (pyarrow does not check them when reading). A batch
    that fails is converted again column by column, and a column that fails value by
    value, so one bad value costs its row only; its cell is None in the row's dict, so
    the row's id and url are still read when those columns are fine."""
    try:
        return batch.to_pylist(), [None] * batch.num_rows
    except Exception:  # any value that cannot be converted: found below
        pass
    errors: list[tuple[str, Exception] | None] = [None] * batch.num_rows
    columns: list[list[Any]] = []
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        try:
            columns.append(column.to_pylist())
            continue
        except Exception:
            pass
        values: list[Any] = []
        for i in range(len(column)):
            try:
                values.append(column[i].as_py())
            except Exception as exc:
                values.append(None)
                if errors[i] is None:
                    errors[i] = (name, exc)
        columns.append(values)
    names = batch.schema.names
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)], errors


def read_parquet(unit: WorkUnit, rel: str, opts: ReadOptions, stats: Stats) -> Iterator[Document]:
    """Documents of row groups ``[unit.start, unit.end)`` of one Parquet file."""
    import pyarrow.parquet as pq

    path = storage.recorded(unit.paths[0])  # the documents' source
    row = 0
    stack = contextlib.ExitStack()
    try:
        pf = pq.ParquetFile(storage.native_source(unit.paths[0], stack))
        meta = pf.metadata
        end = meta.num_row_groups if unit.end < 0 else unit.end
        groups = list(range(unit.start, end))
        row = sum(meta.row_group(i).num_rows for i in range(unit.start))
        names = set(pf.schema_arrow.names)
        fields = (opts.html_field, opts.text_field, opts.url_field, opts.id_field, opts.date_field,
                  *opts.published_fields, OWN_FETCH_FIELD)  # the dates: row_dates
        columns = [f for f in dict.fromkeys(fields) if f in names]
        if not groups:
            if meta.num_rows == 0:
                stats.inc("read/empty_file")
            return
        batches = pf.iter_batches(batch_size=BATCH_ROWS, row_groups=groups, columns=columns)
        for batch in batches:
            rows, errors = _batch_rows(batch)
            for values, error, size in zip(rows, errors, _content_sizes(batch, opts),
                                           strict=True):
                if size > opts.max_record_bytes:  # the limit a JSONL line or WARC record has
                    stats.inc("read/quarantined/too_large")
                    yield read_error_doc(path, rel, row, f"Parquet row {row} is {size} bytes, "
                                         f"over the limit of {opts.max_record_bytes} bytes",
                                         *row_identity(values, opts))
                    row += 1
                    continue
                if error is not None:
                    name, exc = error
                    stats.inc("read/quarantined/unreadable_value")
                    yield read_error_doc(path, rel, row, f"Parquet row {row}: column {name!r} "
                                         f"cannot be read: {type(exc).__name__}: {exc}",
                                         *row_identity(values, opts))
                    row += 1
                    continue
                doc = row_to_document(values, path, rel, row, opts)
                if isinstance(doc, str):
                    stats.inc("read/quarantined/no_content")
                    yield read_error_doc(path, rel, row, f"Parquet row {row}: {doc}",
                                         *row_identity(values, opts))
                else:
                    stats.inc("read/docs")
                    yield doc
                row += 1
    except Exception as exc:  # pyarrow raises several types for corrupt files
        stats.inc("read/quarantined/broken_parquet")
        yield read_error_doc(
            path, rel, row, f"unreadable Parquet at row {row}: {type(exc).__name__}: {exc}"
        )
    finally:
        stack.close()
