"""Inputs on fsspec URLs read exactly as the same files on local disk.

``memory://`` exercises the fsspec road (seeks into WARC members and JSONL ranges, Parquet
row groups, folder walks and globs); ``file://`` must give the very same documents as the
plain path, source included, since a file URL is recorded as its local path.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newssift.errors import InputError
from newssift.io.readers import plan, read
from newssift.io.warc_build import write_warc
from tests.io.helpers import dicts, make_jsonl, make_warc, news_records, page

SPLITS = [2_000, 10**9]  # many units per file, and one


def make_corpus(root: Path) -> Path:
    """One file of every kind, big enough to be split at SPLITS[0]."""
    root.mkdir(parents=True, exist_ok=True)
    make_warc(root / "a.warc", 20)
    write_warc(root / "b.warc.gz", news_records(20))
    make_jsonl(root / "c.jsonl", 60)
    (root / "d.jsonl.gz").write_bytes(gzip.compress((root / "c.jsonl").read_bytes(), mtime=0))
    rows = 40
    pq.write_table(pa.table({"id": [f"p{i}" for i in range(rows)],
                             "html": [page(i).decode() for i in range(rows)]}),
                   root / "e.parquet", row_group_size=5)
    pages = root / "pages"
    pages.mkdir()
    for i in range(6):
        (pages / f"p{i}.html").write_bytes(page(i))
    (pages / "note.txt").write_text("A plain text story about the harbour.\n")
    (pages / ".hidden.html").write_bytes(page(99))
    return root


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "in")


@pytest.fixture
def memfs():
    fs = fsspec.filesystem("memory")
    yield fs
    fs.rm("/", recursive=True)


def to_memory(fs, local: Path, url_root: str = "/in") -> str:
    for path in local.rglob("*"):
        if path.is_file():
            fs.pipe_file(f"{url_root}/{path.relative_to(local).as_posix()}", path.read_bytes())
    return "memory:/" + url_root


def without_source(docs) -> list[dict]:
    out = dicts(docs)
    for d in out:
        d.pop("source")
    return out


@pytest.mark.parametrize("unit_bytes", SPLITS)
def test_memory_folder_reads_like_the_local_folder(corpus: Path, memfs, unit_bytes) -> None:
    url = to_memory(memfs, corpus)
    local = list(read([str(corpus)], unit_bytes=unit_bytes))
    remote = list(read([url], unit_bytes=unit_bytes))
    assert len(local) > 150
    assert without_source(remote) == without_source(local)
    assert {d.source.split("/in/", 1)[1] for d in remote} == {
        d.source.split("/in/", 1)[1] for d in local
    }
    shape = [(u.kind, u.start, u.end, u.size) for u in plan([str(corpus)], unit_bytes=unit_bytes)]
    assert [(u.kind, u.start, u.end, u.size) for u in plan([url], unit_bytes=unit_bytes)] == shape
    if unit_bytes == SPLITS[0]:
        assert len(shape) > 10  # WARC, JSONL and Parquet really were cut


def test_file_url_reads_exactly_like_the_path(corpus: Path) -> None:
    local = plan([str(corpus)], unit_bytes=SPLITS[0])
    remote = plan([f"file://{corpus}"], unit_bytes=SPLITS[0])
    assert [u.id for u in remote] == [u.id for u in local]  # part-file names agree
    assert all(p.startswith("file://") for u in remote for p in u.paths)  # read via fsspec
    assert dicts(read([f"file://{corpus}"], unit_bytes=SPLITS[0])) == dicts(
        read([str(corpus)], unit_bytes=SPLITS[0])
    )


def test_globs_and_single_files(corpus: Path, memfs) -> None:
    url = to_memory(memfs, corpus)
    units = plan([f"{url}/*.warc*", f"{url}/pages/p1.html"])
    assert [u.kind for u in units] == ["warc", "warc", "html"]
    assert units[0].paths[0].endswith("/in/a.warc") and units[1].paths[0].endswith("b.warc.gz")
    with pytest.raises(InputError, match="no input matches"):
        plan([f"{url}/*.arc"])


def test_missing_and_unknown_inputs_are_input_errors(memfs) -> None:
    with pytest.raises(InputError, match=r"input not found: memory://nope/a\.warc"):
        plan(["memory://nope/a.warc"])
    with pytest.raises(InputError, match="nosuch:// is not a storage protocol"):
        plan(["nosuch://bucket/a.warc"])
    memfs.pipe_file("/odd/data.bin", b"\x00\x01")
    with pytest.raises(InputError, match="unrecognised input"):
        plan(["memory://odd/data.bin"])
