"""Resume keeps a finished unit only if its parts read back whole with its marker's counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newssift.errors import PartError
from newssift.execute.local import run
from newssift.execute.outputs import output_files
from newssift.io.writers import count_records, read_part
from tests.conftest import write_jsonl

STAGES = ("clean", "decide")


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_damaged_parts_are_redone_on_resume(tmp_path: Path, fmt: str) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", 120, bad_every=13)
    kw = dict(stages=STAGES, workers=1, unit_bytes=8_000, progress=False, format=fmt,
              dedup=False)
    clean = run([str(corpus)], tmp_path / "clean", **kw)
    out = tmp_path / "out"
    run([str(corpus)], out, **kw)
    parts = sorted((out / "kept").glob(f"part-*.{fmt}"))
    assert len(parts) >= 3
    parts[0].write_bytes(parts[0].read_bytes()[:-40])  # cut short
    parts[1].unlink()  # gone
    (out / "kept" / f"{parts[2].name}.tmp").write_bytes(b"half")  # a killed writer's leftover
    with pytest.raises(PartError, match=parts[0].name):
        read_part(parts[0])
    again = run([str(corpus)], out, resume=True, **kw)
    assert again.units_skipped == again.units - 2
    assert output_files(out) == output_files(tmp_path / "clean")
    assert again.stats["documents"] == clean.stats["documents"]


def test_a_part_with_fewer_records_than_its_marker_is_redone(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", 60)
    kw = dict(stages=STAGES, workers=1, progress=False, format="jsonl", dedup=False)
    out = tmp_path / "out"
    run([str(corpus)], out, **kw)
    part = next((out / "kept").glob("part-*.jsonl"))
    lines = part.read_text().splitlines(keepends=True)
    part.write_text("".join(lines[:-1]))  # whole lines, one fewer: readable but short
    assert count_records(part) == 59
    again = run([str(corpus)], out, resume=True, **kw)
    assert again.units_skipped == 0
    assert count_records(part) == 60
    marker = json.loads(next((out / "_state" / "markers").glob("*.json")).read_text())
    assert marker["counts"]["output/kept"] == 60


def test_a_run_made_by_another_version_is_not_resumed(tmp_path: Path) -> None:
    # the code shapes the output as the config does: a resume by another version mixed
    # two outputs in one folder (the empty-file change of session 32 is such a difference)
    from newssift.errors import OutputError
    from newssift.io.run_folder import RunFolder

    corpus = write_jsonl(tmp_path / "c.jsonl", 40)
    out = tmp_path / "out"
    kw = dict(stages=STAGES, workers=1, unit_bytes=4_000, progress=False)
    run([str(corpus)], out, **kw)
    state_file = Path(RunFolder(str(out)).run_state)
    state = json.loads(state_file.read_text())
    state_file.write_text(json.dumps({**state, "version": "0.0.1"}))
    with pytest.raises(OutputError, match=r"made by newssift 0\.0\.1; this is newssift"):
        run([str(corpus)], out, resume=True, **kw)
    del state["version"]  # a state written before the version was kept: resumed as before
    state_file.write_text(json.dumps(state))
    assert run([str(corpus)], out, resume=True, **kw).units_skipped > 0


def test_a_resume_clears_the_notes_a_killed_pool_left(tmp_path: Path) -> None:
    # (review r46) a pool run killed outright leaves its workers' notes in _state; a
    # resume with one worker (no pool, no notes of its own) left them there for ever
    from newssift.execute.in_flight import IN_FLIGHT
    from newssift.io.run_folder import RunFolder

    corpus = write_jsonl(tmp_path / "c.jsonl", 20)
    out = tmp_path / "out"
    kw = dict(stages=STAGES, workers=1, unit_bytes=4_000, progress=False)
    run([str(corpus)], out, **kw)
    notes = Path(RunFolder(str(out)).state) / IN_FLIGHT
    notes.mkdir()
    (notes / "4242").write_bytes(b"0 1 3".ljust(32) + b"u-1")
    run([str(corpus)], out, resume=True, **kw)
    assert not notes.exists()
