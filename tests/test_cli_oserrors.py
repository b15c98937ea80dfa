"""An ``OSError`` that names a file (a name too long for the file system, ...) is the
user's to fix: one line naming the file, exit 2, never a traceback; and a write failure
(a full disk) tells each command how to go on: ``--resume`` only where it exists."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from click.testing import CliRunner

from newssift.cli import main
from newssift.execute.local import run
from tests.conftest import write_jsonl

LONG = "a" * 300


def _one_line(res, code: int) -> str:
    assert res.exit_code == code, res.output
    assert not isinstance(res.exception, OSError), res.exception  # no traceback
    assert res.output.strip().count("\n") == 0, res.output
    return res.output


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("oserr")
    out = tmp / "out"
    run([str(write_jsonl(tmp / "c.jsonl", 3))], out, workers=1, progress=False,
        stages=("clean", "news", "assess", "decide"), dedup=False)
    return out


def test_a_too_long_output_name_is_one_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    corpus = write_jsonl(tmp_path / "c.jsonl", 2)
    res = CliRunner().invoke(main, ["run", str(corpus), "-o", LONG, "-w", "1", "-q"])
    text = _one_line(res, 2)
    assert "File name too long" in text and "(300 characters)" in text


def test_a_too_long_report_name_is_one_line(finished: Path, tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["report", str(finished), "--dest",
                                    str(tmp_path / f"{LONG}.html")])
    assert "File name too long" in _one_line(res, 2)
    assert list(tmp_path.iterdir()) == []


def _full(path: str) -> OSError:
    return OSError(errno.ENOSPC, "No space left on device", path)


@pytest.mark.parametrize("how", ["oserror", "storage_error"])
@pytest.mark.parametrize(("command", "target"), [
    ("decide", "newssift.execute.redecide.redecide"),
    ("dedup", "newssift.dedup.run.run_dedup"),
    ("report", "newssift.report.html_report.write_report"),
])
def test_a_full_disk_hints_resume_only_for_run(finished: Path, monkeypatch, command: str,
                                               target: str, how: str) -> None:
    from newssift.io.storage import storage_failure

    def fail(*args, **kwargs):
        exc = _full(str(finished / "kept" / "part.parquet"))
        raise exc if how == "oserror" else storage_failure(exc, finished)

    module, name = target.rsplit(".", 1)
    monkeypatch.setattr(f"{module}.{name}", fail)
    res = CliRunner().invoke(main, [command, str(finished)])
    text = _one_line(res, 3)
    assert "No space left" in text and "--resume" not in text
    assert "rerun the same command" in text


def test_a_full_disk_in_run_still_hints_resume(tmp_path: Path, monkeypatch) -> None:
    def fail(*args, **kwargs):
        raise _full(str(tmp_path / "out" / "kept"))

    monkeypatch.setattr("newssift.execute.local.run", fail)
    res = CliRunner().invoke(main, ["run", str(write_jsonl(tmp_path / "c.jsonl", 2)),
                                    "-o", str(tmp_path / "out"), "-q"])
    assert "--resume" in _one_line(res, 3)
