"""The summary lines of ``run`` and ``report`` show a folder name that is not UTF-8 as the
records do (``\\xNN``), not as Python's lone surrogate: a UTF-8 terminal cannot print that,
and a log reader decoding the line as UTF-8 failed on it (session 28's left item)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, write_jsonl


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "newssift.cli", *args], cwd=REPO, env=env,
                          capture_output=True, timeout=300)


def test_run_and_report_name_a_folder_not_utf8_escaped(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", 3)
    out = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"out\xff"))
    proc = _cli("run", str(corpus), "-o", out, "-w", "1", "-q")
    assert proc.returncode == 0, proc.stderr
    summary = proc.stderr.decode("utf-8")  # strict: no surrogate's bytes in the line
    assert f"-> {tmp_path}/out\\xff" in summary, summary
    proc = _cli("report", out)
    assert proc.returncode == 0, proc.stderr
    assert f"{tmp_path}/out\\xff" in proc.stdout.decode("utf-8"), proc.stdout
