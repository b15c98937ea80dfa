"""Inputs on fsspec URLs read exactly as the same files on local disk.

``memory://`` exercises the fsspec road (seeks into WARC members and JSONL ranges, Parquet
row groups, folder walks and globs); ``file://`` must give the very same documents as the
plain path, source included, since a file URL is recorded as its local path.
"""

from __future__ import annotations

from pathlib import Path

import fsspec
import pytest

from newssift.errors import InputError
from newssift.io.readers import plan, read
from tests.io.helpers import dicts, make_corpus, to_memory

SPLITS = [2_000, 10**9]  # many units per file, and one


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "in")


@pytest.fixture
def memfs():
    fs = fsspec.filesystem("memory")
    yield fs
    fs.rm("/", recursive=True)


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
