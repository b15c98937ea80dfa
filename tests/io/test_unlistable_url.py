"""A folder inside an input folder URL whose listing fails is a quarantined record.

fsspec's walk (``find``, and every backend that keeps fsspec's own) leaves out a folder
whose ``ls`` raises, without a word, so a run over ``memory://in`` holding one lost every
page inside it; a backend with its own flat listing (s3fs's) that raised refused the whole
input. Now, as for a local folder (tests/io/test_unlistable.py), the folder is one
quarantined record ``cannot list <folder>: <why>``, sorted where its files would be, and
the rest is read.
"""

from __future__ import annotations

import fsspec
import pytest
from fsspec.implementations.memory import MemoryFileSystem
from fsspec.spec import AbstractFileSystem

from newssift.errors import InputError
from newssift.io.readers import plan, read, read_unit
from newssift.record import QUARANTINE
from newssift.stage import Stats
from tests.io.helpers import page

_REAL_LS = MemoryFileSystem.ls


@pytest.fixture
def memfs():
    fs = fsspec.filesystem("memory")
    for sub in ("a", "b/deep", "c"):
        fs.pipe_file(f"/in/{sub}/p.html", page(3))
    fs.pipe_file("/in/.hidden/locked/x.html", page(4))
    yield fs
    fs.rm("/", recursive=True)


def _refuse(monkeypatch, locked: set[str], flat_find: bool) -> None:
    """``ls`` of the folders ``locked`` raises, as a listing without permission does.
    ``flat_find``: find is memory's own one-pass listing, made to raise as a flat object
    store listing does when part of it is refused; otherwise it is fsspec's own walk."""
    def ls(self, path, detail=True, **kwargs):
        if self._strip_protocol(path) in locked:
            raise PermissionError(13, "Permission denied", path)
        return _REAL_LS(self, path, detail=detail, **kwargs)

    monkeypatch.setattr(MemoryFileSystem, "ls", ls)
    if flat_find:
        real_find = MemoryFileSystem.find

        def find(self, path, *args, **kwargs):
            found = real_find(self, path, *args, **kwargs)
            if any(name.startswith(tuple(f"{d}/" for d in locked)) for name in found):
                raise PermissionError(13, "Permission denied", path)
            return found

        monkeypatch.setattr(MemoryFileSystem, "find", find)
    else:
        monkeypatch.setattr(MemoryFileSystem, "find", AbstractFileSystem.find)


@pytest.mark.parametrize("flat_find", [False, True], ids=["walked", "flat_listing"])
def test_an_unlistable_folder_url_is_a_quarantined_record(memfs, monkeypatch,
                                                          flat_find: bool) -> None:
    _refuse(monkeypatch, {"/in/b/deep", "/in/c", "/in/.hidden/locked"}, flat_find)
    stats = Stats()
    units = plan(["memory://in"], stats=stats)
    assert [p for u in units for p in u.paths] == [
        "memory:///in/a/p.html", "memory:///in/b/deep/", "memory:///in/c/"]
    docs = [d for u in units for d in read_unit(u, stats=stats)]
    assert [(d.source, d.decision, d.error) for d in docs] == [
        ("memory:///in/a/p.html", None, None),
        ("memory:///in/b/deep", QUARANTINE, "cannot list b/deep: Permission denied"),
        ("memory:///in/c", QUARANTINE, "cannot list c: Permission denied")]
    assert stats.counts["read/quarantined/unlistable_folder"] == 2
    assert stats.counts["plan/skipped_files/hidden"] == 1  # .hidden: not read, not a record
    assert [d.id for d in docs] == [d.id for d in read(["memory://in"])]  # the same each time


def test_the_reason_is_asked_again_when_read(memfs, monkeypatch) -> None:
    """As for a local folder: the record gives the error of the listing when it is read,
    and says so when the folder can be listed by then."""
    _refuse(monkeypatch, {"/in/c"}, flat_find=False)
    units = plan(["memory://in"])
    monkeypatch.setattr(MemoryFileSystem, "ls", _REAL_LS)
    (doc,) = [d for u in units for d in read_unit(u) if d.decision == QUARANTINE]
    assert doc.error == "cannot list c: it could not be listed when the run was planned"


def test_a_backend_error_is_one_line_and_the_input_itself_unlisted_is_refused(
    memfs, monkeypatch
) -> None:
    class Throttled(Exception):
        pass

    def ls(self, path, detail=True, **kwargs):
        stripped = self._strip_protocol(path)
        if stripped == "/in/c":
            raise Throttled("SlowDown: reduce your request rate\nrequest id 42")
        if stripped == "/in/b":
            raise PermissionError(13, "Permission denied", path)
        return _REAL_LS(self, path, detail=detail, **kwargs)

    monkeypatch.setattr(MemoryFileSystem, "ls", ls)
    monkeypatch.setattr(MemoryFileSystem, "find", AbstractFileSystem.find)
    errors = [d.error for d in read(["memory://in"]) if d.decision == QUARANTINE]
    assert errors == ["cannot list b: Permission denied",
                      "cannot list c: Throttled: SlowDown: reduce your request rate"]
    with pytest.raises(InputError, match=r"^cannot list input memory://in/b: "
                                         r"Permission denied$"):
        plan(["memory://in/b"])
