"""``newssift dedup OUT``: the click command the lead wires into the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newssift.dedup import DedupOptions, run_dedup
from newssift.dedup.cli import dedup_command
from newssift.errors import ConfigError, InputError
from tests.dedup.synthetic import corpus, write_run


def test_dedup_command_counts(run_dir: Path) -> None:
    result = CliRunner().invoke(dedup_command, [str(run_dir), "--workers", "2"])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.output)
    assert counts["dedup/in"] == 48
    assert counts["dedup/clusters"] == 12
    assert (run_dir / "dedup" / "clusters.parquet").exists()


def test_dedup_command_needs_a_run(tmp_path: Path) -> None:
    result = CliRunner().invoke(dedup_command, [str(tmp_path)])
    assert isinstance(result.exception, InputError)


def test_batch_added_to_index_once(tmp_path: Path) -> None:
    out = write_run(tmp_path / "o", {"0": corpus(3, 2)})
    opt = DedupOptions(index=str(tmp_path / "i.sqlite"))
    run_dedup(str(out), opt)
    with pytest.raises(ConfigError, match="already in the index"):
        run_dedup(str(out), opt)


def test_dedup_command_updates_stats_json(run_dir: Path) -> None:
    stats = run_dir / "stats.json"
    stats.write_text(json.dumps({"counts": {"output/kept": 48, "dedup/clusters": 99},
                                 "timings": {"stage_seconds": {"extract": 1.0}}}))
    result = CliRunner().invoke(dedup_command, [str(run_dir), "--threshold", "0.5"])
    assert result.exit_code == 0, result.output
    summary = json.loads(stats.read_text())
    assert summary["counts"]["output/kept"] == 48
    assert summary["counts"]["dedup/clusters"] == 12
    assert summary["timings"]["stage_seconds"]["extract"] == 1.0
    assert "dedup/signatures" in summary["timings"]["stage_seconds"]
    # the settings `newssift decide` needs to cluster the run again as it was clustered
    assert summary["config"] == {"dedup": True,
                                 "dedup_options": {"threshold": 0.5, "lsh_threshold": 0.4}}
    index = str(run_dir.parent / "ix.sqlite")
    assert CliRunner().invoke(dedup_command, [str(run_dir), "--index", index]).exit_code == 0
    assert json.loads(stats.read_text())["config"] == {"dedup": True, "dedup_index": index}


def test_dedup_on_a_corrupt_jsonl_part_is_one_line(tmp_path):
    import subprocess
    import sys

    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"{i}.txt").write_text(f"Story {i}. " + "The council met on Tuesday. " * 20)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "newssift.cli"]
    subprocess.run([*cmd, "run", str(src), "-o", str(out), "-f", "jsonl", "--no-dedup", "-q",
                    "-w", "1"], check=True, capture_output=True)
    part = next((out / "kept").glob("*.jsonl"))
    part.write_text(part.read_text() + '{"id": "broken", "text": \n')
    res = subprocess.run([*cmd, "dedup", str(out)], capture_output=True, text=True)
    assert res.returncode == 2, res.stderr
    assert "Traceback" not in res.stderr and res.stderr.strip().count("\n") == 0
    assert f"cannot read part {part}" in res.stderr


def test_dedup_on_a_killed_run_is_refused_in_one_line(run_dir: Path) -> None:
    """A run killed before its end (run state, no stats.json) was clustered part-way and
    got dedup/ and sites.parquet; report and decide refuse such a run, so does dedup."""
    (run_dir / "_state").mkdir()
    (run_dir / "_state" / "run.json").write_text("{}")
    result = CliRunner().invoke(dedup_command, [str(run_dir)])
    assert isinstance(result.exception, InputError)
    assert "unfinished" in str(result.exception) and "--resume" in str(result.exception)
    assert not (run_dir / "dedup").exists() and not (run_dir / "sites.parquet").exists()


def test_dedup_command_settles_pyarrows_pandas_check(run_dir: Path, monkeypatch) -> None:
    """The command's process is its own, as ``newssift run``'s is: pyarrow's lazy pandas
    check is settled without pandas (io/arrow_setup) before dedup converts a list;
    the output is the same as run_dedup's called directly (the other tests)."""
    from newssift.io import arrow_setup

    calls: list[int] = []
    real = arrow_setup.arrow_without_pandas
    monkeypatch.setattr(arrow_setup, "arrow_without_pandas",
                        lambda: calls.append(1) or real())
    result = CliRunner().invoke(dedup_command, [str(run_dir)])
    assert result.exit_code == 0, result.output
    assert calls == [1]


def test_dedup_command_freezes_the_collector_before_its_pool_forks(run_dir: Path,
                                                                   monkeypatch) -> None:
    """With workers, the command collects and freezes (gc.freeze) what its process holds
    before the pool forks and thaws its own after, as ``newssift run``'s runner does; with
    one worker (no fork) it leaves the collector alone. The counts are the same either
    way."""
    import gc

    calls: list[str] = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gc, "unfreeze", lambda: calls.append("unfreeze"))
    one = CliRunner().invoke(dedup_command, [str(run_dir), "--workers", "1"])
    assert one.exit_code == 0, one.output
    assert calls == []
    two = CliRunner().invoke(dedup_command, [str(run_dir), "--workers", "2"])
    assert two.exit_code == 0, two.output
    assert calls == ["freeze", "unfreeze"]
    assert json.loads(one.output) == json.loads(two.output)
