"""A ``--dedup-index`` / ``--index`` file the run cannot use (a text file, the sqlite file
of another program, a read-only file) is refused in one line, exit 2, before any work:
nothing is written (it used to fail with a traceback after the whole pipeline ran and the
parts were rewritten)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newssift.cli import main
from newssift.dedup import DedupOptions, run_dedup
from tests.conftest import write_jsonl


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file()}


def _not_an_index(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.db"
    if kind == "text":
        path.write_text("not a database\n" * 20, encoding="utf-8")
    else:  # another program's sqlite file, with a table of the same name
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE settings (k TEXT)")
        db.execute("INSERT INTO settings VALUES ('x')")
        db.commit()
        db.close()
    return path


def _one_line(res) -> None:
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output and res.output.strip().count("\n") == 0, res.output
    assert "not a newssift dedup index" in res.output


@pytest.mark.parametrize("kind", ["text", "other"])
def test_run_refuses_a_file_that_is_not_an_index_before_any_work(tmp_path: Path,
                                                                   kind: str) -> None:
    index = _not_an_index(tmp_path, kind)
    before = index.read_bytes()
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["run", str(write_jsonl(tmp_path / "c.jsonl", 3)),
                                    "-o", str(out), "-w", "1", "-q", "--dedup-index", str(index)])
    _one_line(res)
    assert not out.exists()
    assert index.read_bytes() == before


@pytest.mark.parametrize("kind", ["text", "other"])
def test_dedup_refuses_a_file_that_is_not_an_index(run_dir: Path, tmp_path: Path,
                                                    kind: str) -> None:
    index = _not_an_index(tmp_path, kind)
    before = _files(run_dir)
    res = CliRunner().invoke(main, ["dedup", str(run_dir), "-w", "1", "--index", str(index)])
    _one_line(res)
    assert _files(run_dir) == before


def test_a_good_index_still_takes_the_batch(run_dir: Path, tmp_path: Path) -> None:
    index = tmp_path / "sub" / "i.sqlite"
    res = CliRunner().invoke(main, ["dedup", str(run_dir), "-w", "1", "--index", str(index)])
    assert res.exit_code == 0, res.output
    assert index.stat().st_size > 0


def _unprivileged() -> list[str] | None:
    """A prefix that runs a command without root's bypass of file permissions."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        return None
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]


def test_dedup_refuses_a_read_only_index_before_rewriting(run_dir: Path, tmp_path: Path) -> None:
    prefix = _unprivileged()
    if prefix is None:
        pytest.skip("running as root without setpriv")
    index = tmp_path / "ro.sqlite"
    other = run_dir.parent / "other"
    shutil.copytree(run_dir, other)
    run_dedup(str(other), DedupOptions(index=str(index)))  # a real index, then read-only
    index.chmod(0o444)
    before = _files(run_dir)
    try:
        res = subprocess.run([*prefix, sys.executable, "-m", "newssift.cli", "dedup",
                              str(run_dir), "-w", "1", "--index", str(index)],
                             capture_output=True, text=True, env=os.environ.copy())
    finally:
        index.chmod(0o644)
    assert res.returncode == 2, res.stderr
    assert "Traceback" not in res.stderr and res.stderr.strip().count("\n") == 0, res.stderr
    assert "cannot write the dedup index" in res.stderr
    assert _files(run_dir) == before
