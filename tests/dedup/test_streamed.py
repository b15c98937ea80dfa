"""The signature stage reads a part a batch of rows at a time (parts.iter_columns over
io.writers.iter_columns) and writes its text scratch batch by batch (parts.TextScratch);
the rewrite takes its copies' texts a scratch chunk at a time (parts.RowTexts). Each gives
what the whole-part reader gave."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newssift.dedup.parts import (
    RowTexts,
    TextScratch,
    iter_columns,
    read_columns,
    read_text_columns,
    save_texts,
)
from newssift.io import arrays
from newssift.io.run_folder import RunFolder
from newssift.io.writers import PartWriter
from newssift.io.writers import iter_columns as iter_part_columns
from newssift.io.writers import read_columns as read_part_columns
from newssift.record import SCHEMA, Document, NewsParts


def _part(out: Path, fmt: str, n: int = 7) -> str:
    with PartWriter(out, "u1", fmt) as w:
        for i in range(n):
            w.write(Document(id=f"d{i}", source="s", text=None if i == 3 else f"text {i}\n" * i,
                             url=f"https://x.org/{i}" if i % 2 else None, date="2024-01-02",
                             news=NewsParts(dateline_agency="AP") if i == 1 else None,
                             scores={"content_farm": i / 10}, reason=None))
    return str(RunFolder(out).part("kept", "u1", fmt))


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
@pytest.mark.parametrize("rows", [1, 3, 1024])
def test_the_batches_are_the_part_read_whole(tmp_path: Path, fmt: str, rows: int) -> None:
    part = _part(tmp_path, fmt)
    whole = read_columns(part)
    got = list(iter_columns(part, rows))
    if fmt == "parquet":
        assert [len(g.ids) for g in got] == [min(rows, 7 - lo) for lo in range(0, 7, rows)]
    for f in fields(whole):
        if f.name == "text_column":
            assert pa.chunked_array([c for g in got for c in g.text_column.chunks],
                                    whole.text_column.type).to_pylist() == \
                whole.text_column.to_pylist()
        else:
            assert [x for g in got for x in getattr(g, f.name)] == getattr(whole, f.name)
    columns = ["id", "news.dateline_agency", "no_such_field"]
    tables = list(iter_part_columns(part, columns, rows))
    assert pa.concat_tables(tables).to_pylist() == read_part_columns(part, columns).to_pylist()


def test_a_part_without_rows_comes_as_one_empty_batch(tmp_path: Path) -> None:
    part = str(tmp_path / "empty.parquet")
    pq.write_table(SCHEMA.empty_table(), part)
    got = list(iter_columns(part, 4))
    assert len(got) == 1 and got[0].ids == [] and got[0].texts == []


def test_the_scratch_written_by_batches_is_the_one_written_whole(tmp_path: Path) -> None:
    part = _part(tmp_path, "parquet")
    whole, batched = str(tmp_path / "whole.arrow"), str(tmp_path / "batched.arrow")
    save_texts(whole, read_columns(part))
    with TextScratch(batched) as scratch:
        for got in iter_columns(part, 3):
            scratch.add(got.text_column)
    a, b = arrays.read_arrow(whole), arrays.read_arrow(batched)
    assert a.schema == b.schema
    assert a.column("text").to_pylist() == b.column("text").to_pylist()
    assert [len(c) for c in b.column("text").chunks] == [3, 3, 1]
    assert read_text_columns(part, batched).equals(read_text_columns(part, whole))


def test_row_texts_are_the_rows_taken(tmp_path: Path) -> None:
    """RowTexts gives, row for row, what a take of the rows gives, whatever order the rows
    are asked in (a chunk is decoded again when a row of another was asked between)."""
    part = _part(tmp_path, "parquet")
    scratch = str(tmp_path / "t.arrow")
    with TextScratch(scratch) as t:
        for got in iter_columns(part, 2):
            t.add(got.text_column)
    table = read_text_columns(part, scratch)
    want = [0, 2, 3, 5, 6]
    rows = RowTexts(table, want)
    taken = table.take(pa.array(want)).to_pylist()
    expect = {r: (x["id"], x["url"], x["text"]) for r, x in zip(want, taken, strict=True)}
    assert dict(rows) == expect and len(rows) == 5 and list(rows) == want
    assert [rows[r] for r in (6, 0, 5, 2)] == [expect[r] for r in (6, 0, 5, 2)]
    with pytest.raises(KeyError):
        rows[1]
