"""Local paths and fsspec URLs: which path takes which road, and the one-line errors."""

from __future__ import annotations

import sys
from pathlib import Path

import fsspec
import pytest

from newssift.errors import InputError, OutputError
from newssift.io import arrays, storage


@pytest.fixture
def memfs():
    fs = fsspec.filesystem("memory")
    yield fs
    fs.rm("/", recursive=True)


def test_only_scheme_urls_go_through_fsspec() -> None:
    assert storage.is_url("s3://bucket/key") and storage.is_url("memory://x")
    assert storage.is_url("file:///tmp/a")
    assert not storage.is_url("/tmp/a") and not storage.is_url("data/a.warc")
    assert not storage.is_url("C:\\data\\a.warc") and not storage.is_url(Path("/x"))
    assert storage.join("s3://b/run/", "kept", "part.parquet") == "s3://b/run/kept/part.parquet"
    assert storage.basename("gs://b/run/") == "run"


def test_file_urls_are_recorded_as_local_paths(tmp_path: Path) -> None:
    assert storage.recorded(f"file://{tmp_path}/a.warc") == f"{tmp_path}/a.warc"
    assert storage.recorded("memory://in/a.warc") == "memory://in/a.warc"
    assert storage.recorded("rel/a.warc") == "rel/a.warc"


def test_pending_file_renames_locally_and_writes_urls_directly(tmp_path: Path, memfs) -> None:
    local = storage.PendingFile(tmp_path / "a.bin")
    assert isinstance(local.target, str)
    Path(local.target).write_bytes(b"x")
    assert not (tmp_path / "a.bin").exists()  # not visible under its name until committed
    local.commit()
    assert (tmp_path / "a.bin").read_bytes() == b"x"
    remote = storage.PendingFile("memory://run/a.bin")
    remote.target.write(b"y")
    remote.commit()
    assert memfs.cat("/run/a.bin") == b"y"
    assert storage.listdir("memory://run") == ["a.bin"]
    assert storage.listdir("memory://nothing-here") == []


def test_unknown_protocol_is_one_line() -> None:
    with pytest.raises(InputError, match=r"^nosuch:// is not a storage protocol fsspec knows"):
        storage.filesystem("nosuch://bucket/x")


def test_missing_s3fs_says_what_to_install(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "s3fs", None)  # as if not installed
    monkeypatch.delitem(sys.modules["fsspec.registry"]._registry, "s3", raising=False)
    with pytest.raises(OutputError) as err:
        storage.filesystem("s3://bucket/run", OutputError)
    assert str(err.value) == "s3:// needs s3fs: pip install 'newssift[s3]'"


def test_local_copies_are_removed_on_close(memfs) -> None:
    memfs.pipe_file("/d/sig.npy", b"abc")
    with arrays.LocalCopies() as copies:
        local = copies.path("memory://d/sig.npy")
        assert Path(local).read_bytes() == b"abc"
        assert copies.path("/already/local") == "/already/local"
    assert not Path(local).exists()


def test_read_many_skips_missing_files(tmp_path: Path, memfs) -> None:
    memfs.pipe_file("/m/a.json", b"1")
    (tmp_path / "b.json").write_bytes(b"2")
    paths = ["memory://m/a.json", "memory://m/gone.json", str(tmp_path / "b.json"),
             str(tmp_path / "gone.json")]
    assert storage.read_many(paths) == {"memory://m/a.json": b"1", str(tmp_path / "b.json"): b"2"}
    assert storage.read_head("memory://m/a.json", 512) == b"1"


def test_npy_rows_by_range_equal_fancy_indexing(memfs) -> None:
    import numpy as np

    arr = np.arange(40 * 6, dtype=np.uint32).reshape(40, 6)
    arrays.save_npy("memory://d/sig.npy", arr)
    rows = arrays.NpyRows("memory://d/sig.npy")
    assert len(rows) == 40
    for idx in ([], [3], [5, 6, 7, 20, 5, 39, 0], list(range(40))):
        want = arr[np.array(idx, dtype=np.int64)]
        got = rows.take(idx)
        assert got.shape == want.shape and (got == want).all()
        assert (rows[np.array(idx, dtype=np.int64)] == want).all()  # as a memory map indexes
    assert (rows[7] == arr[7]).all() and rows[7].shape == (6,)
    for lo, hi in ((0, 0), (5, 9), (35, 50), (45, 50)):  # a slice clips as a memory map's does
        assert rows[lo:hi].shape == arr[lo:hi].shape and (rows[lo:hi] == arr[lo:hi]).all()

