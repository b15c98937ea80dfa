"""Dedup reads a part's columns through io.writers.read_columns: the same values from
Parquet and JSONL, nested fields included, and a kept record whose content-farm score
reaches the limit is a suspect copy in both formats."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from newssift.dedup.parts import (
    PartColumns,
    read_columns,
    read_for_rewrite,
    read_text_columns,
    read_texts,
    rewrite,
    save_texts,
)
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


def _three_docs(out: Path, fmt: str) -> str:
    with PartWriter(out, "u1", fmt) as w:
        w.write(Document(id="a", source="s", text="one\ntwo", url="https://x.org/a"))
        w.write(Document(id="b", source="s", text=None))
        w.write(Document(id="c", source="s", text="three", url=None))
    return str(RunFolder(out).part("kept", "u1", fmt))


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_the_rewrite_reads_a_part_once_and_writes_the_same_bytes(tmp_path: Path,
                                                                fmt: str) -> None:
    """rewrite_task reads a Parquet part's few columns once (read_for_rewrite) and takes
    its copies' texts and old flags from them: the same texts as the column read, and the
    same bytes as a rewrite that reads the part itself."""
    paths = [_three_docs(tmp_path / x, fmt) for x in ("own", "given")]
    whole = read_for_rewrite(paths[1])
    assert (whole is None) == (fmt == "jsonl")
    assert read_texts(paths[1], [2, 0, 2], whole) == read_texts(paths[0], [0, 2]) == {
        0: ("a", "https://x.org/a", "one\ntwo"), 2: ("c", None, "three")}
    fields = {"cluster_id": ["k", None, "k"], "canonical_id": ["a", None, "a"],
              "canonical_similarity": [1.0, None, 0.5],
              "canonical_reason": ["earliest", "singleton", "earliest"]}
    flags = [[], [], [{"name": "copy_of", "rule": "r", "value": 0.5, "threshold": 0.4,
                       "line": -1, "start": -1, "end": -1, "text": "{}"}]]
    rewrite(paths[0], fields, flags)
    rewrite(paths[1], fields, flags, whole)
    assert Path(paths[0]).read_bytes() == Path(paths[1]).read_bytes()
    assert read_columns(paths[1]).ids == ["a", "b", "c"]


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_the_canonicals_file_holds_what_read_texts_reads(tmp_path: Path, fmt: str) -> None:
    """canon_text_task takes its rows as Arrow columns: the file holds, row for row, the
    id, URL and text read_texts gives (a missing URL and text stay null), as strings; the
    rewrite's _canon_texts gives back the wanted rows of it and no other."""
    from newssift.dedup.stages import _canon_texts, canon_text_task
    from newssift.io import arrays

    part = _three_docs(tmp_path / "p", fmt)
    target = str(tmp_path / "c.arrow")
    canon_text_task((part, [0, 1, 2], 100, target))
    t = arrays.read_arrow(target)
    assert [str(f.type) for f in t.schema] == ["int64", "string", "string", "string"]
    got = read_texts(part, [0, 1, 2])
    assert t.to_pylist() == [{"pos": 100 + r, "id": got[r][0], "url": got[r][1],
                              "text": got[r][2]} for r in (0, 1, 2)]
    assert got[1] == ("b", None, None)
    assert _canon_texts([target], {100, 102, 7}) == {100: got[0], 102: got[2]}


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_the_saved_texts_stand_in_for_the_parts_own(tmp_path: Path, fmt: str) -> None:
    """The signature stage keeps a part's text column as read (save_texts); the rewrite
    and the canonicals' texts take it from there: the same table as reading the part
    whole (schema, values, chunks: a part of several row groups), the same rewritten
    bytes, the same id/URL/text columns. A copy of another length is not used."""
    from newssift.dedup.stages import canon_text_task

    texts = ["one\ntwo", None, "three", "", "vier – fünf", "six"]
    paths = []
    for x in ("own", "saved"):
        with PartWriter(tmp_path / x, "u1", fmt, batch_rows=4) as w:  # two row groups
            for k, t in enumerate(texts):
                w.write(Document(id=f"d{k}", source="s", text=t, url=f"https://x.org/{k}",
                                 scores={"content_farm": 0.1 * k}))
        paths.append(str(RunFolder(tmp_path / x).part("kept", "u1", fmt)))
    own, saved = paths
    cols = read_columns(saved)
    assert cols.texts == texts
    copy = str(tmp_path / "saved.arrow")
    save_texts(copy, cols)
    if fmt == "parquet":
        whole, mapped = read_for_rewrite(own), read_for_rewrite(saved, copy)
        assert whole.column_names == ["id", "url", "flags", "text"]
        assert mapped.equals(whole, check_metadata=True)
    else:
        whole = mapped = None
        assert read_for_rewrite(saved, copy) is None
    assert read_text_columns(saved, copy).equals(read_text_columns(own))
    canon_text_task((own, [4, 0], 10, str(tmp_path / "a.arrow")))
    canon_text_task((saved, [4, 0], 10, str(tmp_path / "b.arrow"), copy))
    assert (tmp_path / "a.arrow").read_bytes() == (tmp_path / "b.arrow").read_bytes()
    fields = {"cluster_id": ["k"] * 6, "canonical_id": ["d0"] * 6,
              "canonical_similarity": [0.5] * 6, "canonical_reason": ["earliest"] * 6}
    rewrite(own, fields, [[] for _ in texts], whole)
    rewrite(saved, fields, [[] for _ in texts], mapped)
    assert Path(own).read_bytes() == Path(saved).read_bytes()
    other = str(tmp_path / "other.arrow")  # the copy is what is read, not the part
    save_texts(other, PartColumns(*([[]] * 8), pa.chunked_array([list("abcdef")])))
    assert read_text_columns(saved, other).column("text").to_pylist() == list("abcdef")
    if fmt == "parquet":
        assert read_for_rewrite(saved, other).column("text").to_pylist() == list("abcdef")
    short = str(tmp_path / "short.arrow")
    save_texts(short, PartColumns(*([[]] * 8), pa.chunked_array([["x"]])))
    if fmt == "parquet":
        assert read_for_rewrite(saved, short).equals(read_for_rewrite(own))
    assert read_text_columns(saved, short).equals(read_text_columns(own))
    assert read_text_columns(saved, str(tmp_path / "missing.arrow")).num_rows == 6
