"""A folder that cannot be listed, and a named input that cannot be looked at.

os.walk skipped a folder it could not list without a word, so a run over a folder holding
one said "1 document" and lost every page inside; a file under a folder without search
permission was reported "input not found". The permission checks run for real: as root
(which reads everything) the command runs with the file-permission capabilities dropped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import newssift
from newssift.errors import InputError
from newssift.io.readers import plan, read_unit
from newssift.io.writers import read_part
from newssift.record import QUARANTINE
from newssift.stage import Stats
from tests.io.helpers import page

_SRC = str(Path(newssift.__file__).resolve().parent.parent)


def _as_user() -> list[str]:
    """The prefix that makes a command see file permissions as a normal user does."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": _SRC}
    return subprocess.run([*_as_user(), sys.executable, "-m", "newssift.cli", *args],
                          capture_output=True, text=True, env=env)


@pytest.fixture
def locked_tree(tmp_path: Path):
    """in/a.html beside in/locked/ (mode 000) holding b.html."""
    root = tmp_path / "in"
    (root / "locked").mkdir(parents=True)
    (root / "a.html").write_bytes(page(1))
    (root / "locked" / "b.html").write_bytes(page(2))
    (root / "locked").chmod(0)
    try:
        yield root
    finally:
        (root / "locked").chmod(0o755)


def test_an_unlistable_folder_is_a_quarantined_record(locked_tree: Path, tmp_path: Path) -> None:
    outs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}"
        res = _cli("run", str(locked_tree), "-o", str(out), "-q", "-w", workers)
        assert res.returncode == 0, res.stderr
        assert "Traceback" not in res.stderr
        assert "1 unlistable_folder" in res.stderr
        docs = [d for p in sorted(out.glob("*/part-*")) for d in read_part(p)]
        bad = [d for d in docs if d.decision == QUARANTINE]
        assert len(docs) == 2 and len(bad) == 1
        assert bad[0].error == "cannot list locked: Permission denied"
        assert bad[0].source == str(locked_tree / "locked")
        outs.append(sorted(p.relative_to(out).as_posix() for p in out.glob("*/part-*")))
        outs.append([p.read_bytes() for p in sorted(out.glob("*/part-*"))])
    assert outs[0:2] == outs[2:4]  # the same bytes at -w 1 and -w 2


def test_a_named_folder_or_file_that_cannot_be_read_gets_its_reason(
    locked_tree: Path, tmp_path: Path
) -> None:
    res = _cli("run", str(locked_tree / "locked"), "-o", str(tmp_path / "o1"), "-q")
    assert res.returncode == 2
    assert res.stderr.strip() == (
        f"newssift: error: cannot list input {locked_tree / 'locked'}: Permission denied")
    res = _cli("run", str(locked_tree / "locked" / "b.html"), "-o", str(tmp_path / "o2"), "-q")
    assert res.returncode == 2
    assert res.stderr.strip() == (f"newssift: error: cannot read input "
                                  f"{locked_tree / 'locked' / 'b.html'}: Permission denied")
    res = _cli("run", str(locked_tree / "gone.html"), "-o", str(tmp_path / "o3"), "-q")
    assert res.returncode == 2 and "input not found" in res.stderr


def _refuse(locked: set[str]):
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path) in locked:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    return scandir


def test_the_planner_puts_an_unlistable_folder_in_its_place(tmp_path: Path, monkeypatch) -> None:
    """In process (whoever runs it): a nested folder that cannot be listed sorts where
    its files would, and is read as one quarantined record; the input itself unlisted
    is an InputError."""
    root = tmp_path / "in"
    for sub in ("a", "b/deep", "c"):
        (root / sub).mkdir(parents=True)
        (root / sub / "p.html").write_bytes(page(3))
    deep = str(root / "b" / "deep")
    monkeypatch.setattr(os, "scandir", _refuse({deep, str(root / "c")}))
    stats = Stats()
    units = plan([str(root)], stats=stats)
    paths = [os.path.relpath(p, root) for u in units for p in u.paths]
    assert paths == ["a/p.html", "b/deep", "c"]
    docs = [d for u in units for d in read_unit(u, stats=stats)]
    assert [d.error for d in docs] == [None, "cannot list b/deep: Permission denied",
                                       "cannot list c: Permission denied"]
    assert stats.counts["read/quarantined/unlistable_folder"] == 2
    with pytest.raises(InputError, match=r"cannot list input .*: Permission denied"):
        plan([deep])


def test_an_unlistable_folder_url_gives_the_bytes_of_the_local_folder(
    locked_tree: Path, tmp_path: Path
) -> None:
    """Through fsspec (file://, whose walk is fsspec's own: it left the folder out without
    a word), the folder is the same record, and the run writes the local run's bytes."""
    outs = {}
    for name, inp, workers in (("local", str(locked_tree), "1"),
                               ("url", f"file://{locked_tree}", "2")):
        out = tmp_path / name
        res = _cli("run", inp, "-o", str(out), "-q", "-w", workers)
        assert res.returncode == 0, res.stderr
        assert "Traceback" not in res.stderr and "1 unlistable_folder" in res.stderr
        outs[name] = {p.relative_to(out).as_posix(): p.read_bytes()
                      for p in sorted(out.glob("*/part-*"))}
    assert outs["url"] == outs["local"] and len(outs["local"]) == 2
