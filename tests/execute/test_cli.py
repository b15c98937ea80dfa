"""The CLI's user errors: one line on stderr and a meaningful exit code, never a traceback."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from newssift.cli import main


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_missing_input_is_one_line_exit_2(tmp_path: Path) -> None:
    res = invoke("run", str(tmp_path / "nope.warc.gz"), "-o", str(tmp_path / "out"))
    assert res.exit_code == 2
    assert res.output.count("\n") == 1 and res.output.startswith("newssift: error:")
    assert "nope.warc.gz" in res.output


def test_unknown_format_is_a_usage_error(tmp_path: Path, jsonl_corpus: Path) -> None:
    res = invoke("run", str(jsonl_corpus), "-o", str(tmp_path / "o"), "--format", "csv")
    assert res.exit_code == 2
    assert "csv" in res.output


def test_unwritable_output_exit_3(tmp_path: Path, jsonl_corpus: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    res = invoke("run", str(jsonl_corpus), "-o", str(blocker / "out"))
    assert res.exit_code == 3
    assert res.output.startswith("newssift: error: cannot write")


def test_run_end_to_end_jsonl(tmp_path: Path, jsonl_corpus: Path) -> None:
    out = tmp_path / "out"
    res = invoke("run", str(jsonl_corpus), "-o", str(out), "-f", "jsonl", "-w", "1", "-q")
    assert res.exit_code == 0, res.output
    assert "60 documents" in res.output
    assert list((out / "kept").glob("part-*.jsonl"))
    assert list((out / "quarantine").glob("part-*.jsonl"))
