"""A run with ``--dedup-index`` killed around the index's commit, then resumed, ends as
an uninterrupted run does: same output bytes, counters and index. The index keeps the
batch's token in the transaction that adds the batch, so a resume knows whether its batch
went in (it used to add it twice, every record a ``~dup2`` of itself, or to refuse the
folder forever as "already in the index")."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.execute.test_redecide import STAGES, corpus

#: Where the kill lands: before the index's commit, right after it, after the marker.
KILLS = {
    "before_add": ("_update_index", "os._exit(137)\n    orig(*a, **k)"),
    "after_add": ("_update_index", "orig(*a, **k)\n    os._exit(137)"),
    "after_dedup": ("_run_dedup", "orig(*a, **k)\n    os._exit(137)"),
}


def _cmd(src: Path, out: Path, index: Path) -> list[str]:
    return ["run", str(src), "-o", str(out), "--dedup-index", str(index), "-w", "1", "-q",
            "--stages", ",".join(STAGES)]


def _run(args: list[str], kill: str | None = None) -> subprocess.CompletedProcess:
    code = "import sys\nfrom newssift.cli import entry\n"
    if kill is not None:
        name, body = KILLS[kill]
        code = ("import os, sys\nimport newssift.dedup.run as r\n"
                f"orig = r.{name}\ndef patched(*a, **k):\n    {body}\n"
                f"r.{name} = patched\nfrom newssift.cli import entry\n")
    code += "sys.argv = ['newssift'] + sys.argv[1:]\nentry()\n"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                          text=True, env=os.environ.copy())


def _output(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "stats.json" and "_state" not in p.parts}


def _counts(out: Path) -> dict:
    return json.loads((out / "stats.json").read_text(encoding="utf-8"))["counts"]


def _index(path: Path) -> list[tuple]:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT gid, id, cluster FROM docs ORDER BY gid").fetchall()
    finally:
        db.close()


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> tuple[Path, Path, Path]:
    tmp = tmp_path_factory.mktemp("clean")
    src = corpus(tmp / "c.jsonl")
    res = _run(_cmd(src, tmp / "out", tmp / "i.sqlite"))
    assert res.returncode == 0, res.stderr
    return src, tmp / "out", tmp / "i.sqlite"


@pytest.mark.parametrize("kill", list(KILLS))
def test_resume_after_a_kill_ends_as_an_uninterrupted_run(clean, tmp_path: Path,
                                                          kill: str) -> None:
    src, clean_out, clean_index = clean
    out, index = tmp_path / "out", tmp_path / "i.sqlite"
    killed = _run(_cmd(src, out, index), kill)
    assert killed.returncode == 137, killed.stderr
    res = _run([*_cmd(src, out, index), "--resume"])
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    assert _output(out) == _output(clean_out)
    assert _counts(out) == _counts(clean_out)
    assert _index(index) == _index(clean_index)
    again = _run(["dedup", str(out), "--index", str(index)])  # still added once only
    assert again.returncode == 2 and "already in the index" in again.stderr, again.stderr
