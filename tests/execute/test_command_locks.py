"""``decide`` and ``dedup`` rewrite a finished run in place: they take the run's folder
lock (:mod:`newssift.execute.out_lock`), so a second command on a busy folder is refused
in one line (exit 3) instead of mixing two policies or clusterings in one folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newssift.cli import main
from newssift.execute.local import run
from newssift.execute.out_lock import locked
from tests.conftest import lock_held_elsewhere
from tests.execute.test_redecide import STAGES, corpus


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("locks")
    out = tmp / "out"
    run([str(corpus(tmp / "c.jsonl"))], out, stages=STAGES, workers=1, progress=False)
    return out


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "lock"}


@pytest.mark.parametrize("args", [["decide", "{out}", "--policy", "fineweb", "-w", "1"],
                                  ["dedup", "{out}", "-w", "1"]])
def test_a_busy_folder_is_refused_in_one_line(finished: Path, args: list[str]) -> None:
    before = _files(finished)
    with lock_held_elsewhere(finished) as holder:
        res = CliRunner().invoke(main, [a.format(out=finished) for a in args])
    assert res.exit_code == 3, res.output
    assert "in use by another newssift run" in res.output and f"pid {holder.pid}" in res.output
    assert res.output.strip().count("\n") == 0
    assert _files(finished) == before  # nothing rewritten


def test_the_lock_is_released_after_the_command(finished: Path) -> None:
    res = CliRunner().invoke(main, ["decide", str(finished), "--policy", "news", "-w", "1"])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(main, ["dedup", str(finished), "-w", "1"])
    assert res.exit_code == 0, res.output


def _taken_elsewhere(state: Path) -> bool:
    """Whether another process is refused the lock of ``state`` (it is held)."""
    probe = subprocess.run(
        [sys.executable, "-c", "import sys\n"
         "from newssift.errors import OutputError\n"
         "from newssift.execute.out_lock import locked\n"
         "try:\n    with locked(sys.argv[1]):\n        pass\n"
         "except OutputError:\n    sys.exit(7)\n", str(state)],
        capture_output=True, text=True, timeout=60)
    assert probe.returncode in (0, 7), probe.stderr
    return probe.returncode == 7


def test_a_block_inside_its_own_lock_keeps_it_held(tmp_path: Path) -> None:
    # a POSIX lock is the process's: closing the inner block's handle of the lock file
    # released the outer block's lock (a run that re-decides its output)
    state = tmp_path / "_state"
    with locked(str(state)):
        with locked(str(state)):
            assert _taken_elsewhere(state)
        assert _taken_elsewhere(state)
    assert not _taken_elsewhere(state)
