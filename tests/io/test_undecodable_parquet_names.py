"""A file or folder name that is not UTF-8 works for Parquet as it does for HTML, JSONL and WARC.

Python carries such a name's bytes as lone surrogates; pyarrow takes a path as UTF-8 and
raised ``UnicodeEncodeError`` for it (review r37): a valid Parquet input named so was
quarantined as unreadable, and an output folder named so stopped the run with a
traceback. Those files are now opened by Python and handed to pyarrow as file objects.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newssift.execute.local import run
from newssift.io import storage
from newssift.io.readers import read
from newssift.io.writers import (
    PartWriter,
    count_records,
    iter_columns,
    read_columns,
    read_part,
)
from newssift.record import QUARANTINE, Document

STORY = "The harbour authority said on Monday that the ferry line would start in spring."


def _bad(folder: Path, name: bytes) -> str:
    """The str Python gives for ``folder/name`` (``name`` holding a byte not UTF-8)."""
    return os.fsdecode(os.path.join(os.fsencode(folder), name))


def _write(table: pa.Table, path: str) -> None:
    with open(path, "wb") as fh:  # pyarrow itself cannot take the name
        pq.write_table(table, fh)


def test_a_parquet_input_named_not_utf8_is_read(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    table = pa.table({"id": ["p1", "p2"], "text": [STORY, STORY + " Again."]})
    _write(table, _bad(root, b"p\xff.parquet"))
    for given in (str(root), _bad(root, b"p\xff.parquet")):
        docs = list(read(given))
        assert [(d.id, d.decision) for d in docs] == [("p1", None), ("p2", None)]
        assert docs[1].text == STORY + " Again."
        assert Path(docs[0].source).name == "p\\xff.parquet"  # recorded escaped, in UTF-8


def test_native_source_opens_an_undecodable_name_itself(tmp_path: Path) -> None:
    good = str(tmp_path / "a.parquet")
    bad = _bad(tmp_path, b"b\xfe.parquet")
    for path in (good, bad):
        _write(pa.table({"id": ["a"]}), path)
    with contextlib.ExitStack() as stack:
        assert storage.native_source(good, stack) == good  # pyarrow's own file I/O
        fh = storage.native_source(bad, stack)
        assert not isinstance(fh, str)
    assert fh.closed
    assert storage.native_name(good) and storage.native_name(str(tmp_path / "caf\u00e9"))
    assert not storage.native_name(bad)


def _docs(n: int) -> list[Document]:
    return [Document(id=f"d{i}", source="s", source_offset=i, text=f"{STORY} {i}.",
                     decision=QUARANTINE if i == 2 else None, reason="x" if i == 2 else None)
            for i in range(n)]


def test_parts_are_written_and_read_back_in_an_undecodable_folder(tmp_path: Path) -> None:
    for fmt in ("parquet", "jsonl"):
        out = _bad(tmp_path, f"o\xff{fmt}".encode("latin-1"))
        with PartWriter(out, "000000-x", fmt, batch_rows=2) as writer:
            writer.write_all(_docs(5))
        kept = os.path.join(out, "kept", f"part-000000-x.{fmt}")
        assert sorted(os.listdir(os.path.join(out, "kept"))) == [f"part-000000-x.{fmt}"]
        assert [d.id for d in read_part(kept)] == ["d0", "d1", "d3", "d4"]
        assert count_records(kept) == 4
        assert read_columns(kept, ["id"]).column("id").to_pylist() == ["d0", "d1", "d3", "d4"]
        got = [t.column("id").to_pylist() for t in iter_columns(kept, ["id"], 3)]
        assert [i for ids in got for i in ids] == ["d0", "d1", "d3", "d4"]


def test_pending_file_in_an_undecodable_folder(tmp_path: Path) -> None:
    """Committed under its final name; aborted, the file opened for it is closed and left
    under its temporary name (what a redone unit removes), as for a name written by path."""
    path = _bad(tmp_path, b"f\xff.bin")
    pending = storage.PendingFile(path)
    assert not isinstance(pending.target, str)
    pending.target.write(b"abc")
    pending.commit()
    assert storage.read_bytes(path) == b"abc" and not os.path.exists(path + ".tmp")
    storage.write_text(path, "d\u00e9f")
    assert storage.read_text(path) == "d\u00e9f"
    pending = storage.PendingFile(path)
    pending.target.write(b"half")
    pending.abort()
    assert pending.target.closed and storage.read_text(path) == "d\u00e9f"
    assert os.path.exists(path + ".tmp")


def test_a_run_into_an_undecodable_output_folder(tmp_path: Path) -> None:
    """The r37 case: a run into ``o\\xffx`` stopped with pyarrow's UnicodeEncodeError."""
    src = tmp_path / "in"
    src.mkdir()
    with open(_bad(src, b"bad\xff.html"), "w", encoding="utf-8") as fh:
        fh.write(f"<html><head><title>Ferry</title></head><body><article><p>{STORY} "
                 f"{STORY}</p></article></body></html>")
    _write(pa.table({"id": ["p1"], "text": [STORY]}), _bad(src, b"p\xff.parquet"))
    for fmt in ("parquet", "jsonl"):
        out = _bad(tmp_path, f"o\xff{fmt}".encode("latin-1"))
        result = run([str(src)], out, workers=1, progress=False, format=fmt,
                     dedup=fmt == "parquet")  # dedup's scratch arrays are read by name too
        assert result.stats["documents"]["total"] == 2
        docs = [d for folder in ("kept", "rejected", "quarantine")
                if os.path.isdir(os.path.join(out, folder))
                for name in sorted(os.listdir(os.path.join(out, folder)))
                for d in read_part(os.path.join(out, folder, name))]
        assert sorted(Path(d.source).name for d in docs) == ["bad\\xff.html", "p\\xff.parquet"]
        assert all(d.decision != QUARANTINE for d in docs), fmt
