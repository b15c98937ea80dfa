"""``decide`` and ``dedup`` rewrite a finished run in place: they take the run's folder
lock (:mod:`newssift.execute.out_lock`), so a second command on a busy folder is refused
in one line (exit 3) instead of mixing two policies or clusterings in one folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newssift.cli import main
from newssift.execute.local import run
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
