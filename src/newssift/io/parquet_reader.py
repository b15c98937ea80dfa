"""Parquet rows to documents, a batch of rows at a time.

Text datasets published as Parquet (with ``text`` or ``html`` columns) are read by row
group ranges (the planner's units) and in record batches, so a unit never materialises
more than one batch. Only the configured columns are read; a row without content, or with
HTML and text over the record limit (``max_record_bytes``), is quarantined like a JSONL
line would be, and a file pyarrow cannot open or decode yields a quarantined document at
the row where reading stopped.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from newssift.io import storage
from newssift.io.jsonl_reader import row_identity, row_to_document
from newssift.io.options import ReadOptions
from newssift.io.record_ids import read_error_doc
from newssift.io.units import WorkUnit
from newssift.record import Document
from newssift.stage import Stats

BATCH_ROWS = 256


def _content_sizes(batch, opts: ReadOptions) -> list[int]:
    """UTF-8 bytes of each row's HTML and text strings (what the record limit measures),
    read off the batch's Arrow columns, which hold them as UTF-8 already."""
    import pyarrow as pa
    import pyarrow.compute as pc

    sizes = None
    for name in dict.fromkeys((opts.html_field, opts.text_field)):
        i = batch.schema.get_field_index(name)
        if i < 0 or not (pa.types.is_string(batch.schema.field(i).type)
                         or pa.types.is_large_string(batch.schema.field(i).type)):
            continue  # absent, or not text (such a row is quarantined for that)
        n = pc.fill_null(pc.binary_length(batch.column(i)), 0)
        sizes = n if sizes is None else pc.add(sizes, n)
    return [0] * batch.num_rows if sizes is None else sizes.to_pylist()


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
        fields = (opts.html_field, opts.text_field, opts.url_field, opts.id_field, opts.date_field)
        columns = [f for f in dict.fromkeys(fields) if f in names]
        if not groups:
            if meta.num_rows == 0:
                stats.inc("read/empty_file")
            return
        batches = pf.iter_batches(batch_size=BATCH_ROWS, row_groups=groups, columns=columns)
        for batch in batches:
            for values, size in zip(batch.to_pylist(), _content_sizes(batch, opts),
                                    strict=True):
                if size > opts.max_record_bytes:  # the limit a JSONL line or WARC record has
                    stats.inc("read/quarantined/too_large")
                    yield read_error_doc(path, rel, row, f"Parquet row {row} is {size} bytes, "
                                         f"over the limit of {opts.max_record_bytes} bytes",
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
