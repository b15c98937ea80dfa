"""bench/instructions.py: the deterministic setup of an instruction count, and what it reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import instructions
from tests.conftest import shared_path


def test_totals_are_read_from_callgrind_output() -> None:
    text = "events: Ir\nfl=x\n0 5\nsummary: 1234567\ntotals: 1234567\n"
    assert instructions.parse_totals(text) == 1234567
    with pytest.raises(ValueError, match="not a callgrind output"):
        instructions.parse_totals("events: Ir\n")


def test_every_measured_command_runs_in_the_deterministic_setup(tmp_path: Path) -> None:
    env = instructions.deterministic_env(tmp_path / "src", tmp_path / "pyc")
    assert (env["PYTHONHASHSEED"], env["OPENBLAS_NUM_THREADS"]) == ("0", "1")
    assert env["PYTHONPATH"] == str(tmp_path / "src") and "PYTHONDONTWRITEBYTECODE" not in env
    measured = instructions.command("pass", ["work"], tmp_path / "cg.out")
    warm = instructions.command("pass", ["work"], None)
    assert f"--callgrind-out-file={tmp_path / 'cg.out'}" in measured
    assert "valgrind" not in warm and warm[-3:] == ["-c", "pass", "work"]


@pytest.mark.skipif(not shared_path("benchmarks", "extraction").is_dir(),
                    reason="needs ../shared/benchmarks")
def test_the_extract_workload_reads_tuning_pages_only() -> None:
    from bench.extraction import load_set

    data = shared_path("benchmarks")
    pages = instructions.extract_pages(data, 3)
    assert len(pages) == 9
    half = {str(p["path"]): p["half"] for s in ("aeb", "naeb", "dragnet")
            for p in load_set(data, s, "all")}
    assert {half[path] for path, _ in pages} == {"tune"}
