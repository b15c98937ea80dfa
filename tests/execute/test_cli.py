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


def test_dedup_index_links_a_new_batch_to_earlier_runs(tmp_path: Path) -> None:
    import json

    from newssift.io.run_folder import RunFolder
    from newssift.io.writers import read_part

    lines = (tmp_path / "all.jsonl")
    from tests.conftest import write_jsonl

    write_jsonl(lines, 8)
    rows = lines.read_text().splitlines()
    (tmp_path / "day1.jsonl").write_text("\n".join(rows[:4]) + "\n")
    (tmp_path / "day2.jsonl").write_text("\n".join(rows[4:]) + "\n")
    index = tmp_path / "index.sqlite"
    for day in ("day1", "day2"):
        res = invoke("run", str(tmp_path / f"{day}.jsonl"), "-o", str(tmp_path / day), "-w", "1",
                     "-q", "--stages", "clean,news,assess,decide", "--dedup-index", str(index))
        assert res.exit_code == 0, res.output
    day1_ids = {json.loads(r)["id"] for r in rows[:4]}
    day2 = [d for p in RunFolder(tmp_path / "day2").part_paths() for d in read_part(p)]
    assert len(day2) == 4
    assert all(d.canonical_id in day1_ids for d in day2)  # the copies point to yesterday's


def test_an_empty_output_path_is_one_line_exit_2(tmp_path: Path, jsonl_corpus: Path,
                                                 monkeypatch) -> None:
    """`-o ""` is refused by the runner alone (the CLI has no check of its own): one
    line, exit 2, nothing written in the current folder, and with --executor ray before
    Ray is started."""
    import newssift.execute.ray_executor as ray_executor

    def no_ray(*args, **kwargs):
        raise AssertionError("Ray started for an empty output path")

    monkeypatch.setattr(ray_executor, "RayExecutor", no_ray)
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    for extra in ([], ["--executor", "ray"]):
        res = invoke("run", str(jsonl_corpus), "-o", "", "-q", "-w", "1", *extra)
        assert res.exit_code == 2, (res.output, res.exception)
        assert res.output.count("\n") == 1
        assert res.output.startswith("newssift: error: an empty output path (-o/--out)")
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_decide_address_without_ray_is_a_usage_error(tmp_path: Path, monkeypatch) -> None:
    """`decide OUT --address X` without --executor ray re-decided on this machine and
    said nothing about the address; now it is refused as `run --address` is."""
    import newssift.execute.redecide as redecide

    def no_redecide(*args, **kwargs):
        raise AssertionError("re-decided despite the refused option")

    monkeypatch.setattr(redecide, "redecide", no_redecide)
    res = invoke("decide", str(tmp_path / "run"), "--address", "10.0.0.1:6379")
    assert res.exit_code == 2, (res.output, res.exception)
    error_lines = [line for line in res.output.splitlines() if line.startswith("Error:")]
    assert error_lines == ["Error: --address names a Ray cluster: add --executor ray."]
    assert "Traceback" not in res.output


def test_the_process_entry_ends_a_run_with_its_output_and_exit_codes(
    tmp_path: Path, jsonl_corpus: Path
) -> None:
    """``python -m newssift.cli`` (:func:`newssift.cli.entry`): a finished run ends the
    process without the interpreter's teardown, yet its lines, its log file and its exit
    status are all there; a failed run exits with its code as before."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    log = tmp_path / "log.txt"
    cmd = [sys.executable, "-m", "newssift.cli", "-v", "--log-file", str(log), "run",
           str(jsonl_corpus), "-o", str(tmp_path / "o"), "-w", "2", "--quiet"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert " documents: " in done.stderr and done.stderr.endswith("\n")
    assert "run: 1 input(s)" in log.read_text()
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 3 and "already holds a run" in again.stderr
