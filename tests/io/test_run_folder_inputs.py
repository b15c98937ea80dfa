"""A newssift run folder found among the inputs (review r40, 14): its parts were read a
second time and its sites.parquet, clusters.parquet and _state files became quarantined
records. Inside an input folder it is skipped and counted; named as the input, refused."""

from __future__ import annotations

import json
from pathlib import Path

import fsspec
import pytest
from click.testing import CliRunner

from newssift.cli import main
from newssift.errors import InputError
from newssift.io.planner import SKIPPED_RUN, holds_run
from newssift.io.readers import plan
from newssift.stage import Stats
from tests.io.helpers import make_jsonl, to_memory


def _a_run(folder: Path, mark: str = "state") -> Path:
    """A folder shaped as a run's output: parts, sites, scratch and its mark."""
    (folder / "kept").mkdir(parents=True)
    make_jsonl(folder / "kept" / "part-000000-a.jsonl", n=3)
    (folder / "sites.parquet").write_bytes(b"PAR1 not really")
    if mark == "state":
        (folder / "_state").mkdir()
        (folder / "_state" / "run.json").write_text("{}")
    else:
        (folder / "stats.json").write_text(json.dumps({"newssift_version": "1", "counts": {}}))
    return folder


def _inputs(root: Path) -> Path:
    root.mkdir()
    make_jsonl(root / "a.jsonl", n=2)
    _a_run(root / "old")
    _a_run(root / "deeper" / "other", mark="stats")
    make_jsonl(root / "deeper" / "b.jsonl", n=2)
    return root


def test_run_folders_inside_an_input_are_skipped_and_counted(tmp_path: Path) -> None:
    root = _inputs(tmp_path / "in")
    stats = Stats()
    units = plan([str(root)], stats=stats)
    assert [Path(p).relative_to(root).as_posix() for u in units for p in u.paths] == [
        "a.jsonl", "deeper/b.jsonl"]
    assert stats.counts[SKIPPED_RUN] == 6  # 3 files in each


def test_a_named_run_folder_is_refused_in_one_line(tmp_path: Path) -> None:
    run = _a_run(tmp_path / "out")
    with pytest.raises(InputError, match=r"is the output of a newssift run .*_state/run.json"
                                         r".*out/kept to read its records"):
        plan([str(run)])
    assert [u.kind for u in plan([str(run / "kept")])] == ["jsonl"]  # its records: named


def test_other_stats_files_and_empty_state_folders_are_data(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "x" / "_state").mkdir(parents=True)
    (root / "x" / "stats.json").write_text(json.dumps({"documents": 3}))
    (root / "y").mkdir()
    (root / "y" / "stats.json").write_text("not json")
    assert holds_run(str(root / "x")) is None and holds_run(str(root / "y")) is None
    stats = Stats()
    units = plan([str(root)], stats=stats)
    assert sorted(Path(p).name for u in units for p in u.paths) == ["stats.json", "stats.json"]
    assert SKIPPED_RUN not in stats.counts


def test_a_url_folder_skips_and_refuses_the_same(tmp_path: Path) -> None:
    fs = fsspec.filesystem("memory")
    try:
        url = to_memory(fs, _inputs(tmp_path / "in"))
        stats = Stats()
        units = plan([url], stats=stats)
        assert [p.rsplit("/in/", 1)[1] for u in units for p in u.paths] == [
            "a.jsonl", "deeper/b.jsonl"]
        assert stats.counts[SKIPPED_RUN] == 6
        with pytest.raises(InputError, match="is the output of a newssift run"):
            plan([f"{url}/old"])
    finally:
        fs.rm("/", recursive=True)


def test_run_on_a_folder_holding_an_earlier_run(tmp_path: Path) -> None:
    """The review's case: `run in -o in/out`, then `run in -o d`."""
    src = tmp_path / "in"
    src.mkdir()
    make_jsonl(src / "a.jsonl", n=4)
    first = CliRunner().invoke(main, ["run", str(src), "-o", str(src / "out"), "-w", "1"])
    assert first.exit_code == 0, first.output
    res = CliRunner().invoke(main, ["run", str(src), "-o", str(tmp_path / "d"), "-w", "1"])
    assert res.exit_code == 0, res.output
    stats = json.loads((tmp_path / "d" / "stats.json").read_text())
    assert stats["documents"]["total"] == 4 and stats["documents"]["quarantine"] == 0
    assert stats["counts"][SKIPPED_RUN] > 0 and "run_output file(s)" in res.output
    res = CliRunner().invoke(main, ["run", str(src / "out"), "-o", str(tmp_path / "e")])
    assert res.exit_code == 2 and "is the output of a newssift run" in res.output
