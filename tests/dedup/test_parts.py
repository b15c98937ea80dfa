"""Dedup reads a part's columns through io.writers.read_columns: the same values from
Parquet and JSONL, nested fields included, and a kept record whose content-farm score
reaches the limit is a suspect copy in both formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from newssift.dedup.parts import read_columns
from newssift.io.run_folder import RunFolder
from newssift.io.writers import PartWriter
from newssift.io.writers import read_columns as read_part_columns
from newssift.record import Document, NewsParts


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_dedup_columns_are_the_same_for_both_formats(tmp_path: Path, fmt: str) -> None:
    with PartWriter(tmp_path, "u1", fmt) as w:
        w.write(Document(id="a", source="s", text="one", url="https://x.org/a",
                         date="2024-01-02", news=NewsParts(dateline_agency="AP"),
                         scores={"content_farm": 0.8}))
        w.write(Document(id="b", source="s", text="two", scores={"content_farm": 0.2}))
        w.write(Document(id="c", source="s", text=None, reason=None))
    path = RunFolder(tmp_path).part("kept", "u1", fmt)
    cols = read_columns(path)
    assert cols.ids == ["a", "b", "c"]
    assert cols.texts == ["one", "two", None]
    assert cols.agencies == ["AP", None, None]
    assert cols.dates == ["2024-01-02", None, None]
    assert cols.suspect == [True, False, False]  # the score, not only a farm rejection
    t = read_part_columns(path, ["news.dateline_agency", "news.no_such", "nothing.here"])
    assert t.column_names == ["news.dateline_agency", "news.no_such", "nothing.here"]
    assert t.to_pylist()[0] == {"news.dateline_agency": "AP", "news.no_such": None,
                                "nothing.here": None}
