"""The run folder's layout has one owner: every file a run writes is one RunFolder names."""

from __future__ import annotations

from pathlib import Path

import pytest

from newssift import run
from newssift.errors import InputError
from newssift.io.run_folder import (
    FOLDERS,
    STATE,
    RunFolder,
    is_parquet,
    parse_part_name,
    part_name,
)
from newssift.io.writers import PartWriter, read_columns
from newssift.record import REJECT, Document

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_part_names_round_trip() -> None:
    assert part_name("000003-a", "jsonl") == "part-000003-a.jsonl"
    assert parse_part_name("part-000003-a.jsonl") == ("000003-a", "jsonl")
    assert parse_part_name("part-000003-a.parquet.tmp") is None
    assert parse_part_name("part-.parquet") is None
    assert parse_part_name("notes.parquet") is None
    assert is_parquet("x/part-1.parquet") and not is_parquet("x/part-1.jsonl")


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_every_file_of_a_run_is_named_by_the_run_folder(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    run([str(EXAMPLES / "sample.warc.gz")], out, workers=1, progress=False, format=fmt)
    folder = RunFolder(out)
    named = {folder.stats, folder.sites, folder.clusters}
    for name in FOLDERS:
        named.update(p.path for p in folder.parts(name))
    written = {str(p) for p in out.rglob("*") if p.is_file()
               and not p.relative_to(out).as_posix().startswith((STATE + "/", "dedup/"))}
    written |= {str(p) for p in (out / "dedup").glob("*.parquet")}
    assert written <= named, written - named
    assert {p.fmt for name in FOLDERS for p in folder.parts(name)} == {fmt}
    units = folder.units()
    assert units and all(f == fmt for f, _ in units.values())
    assert folder.read_stats()["documents"]["total"] > 0
    assert Path(folder.marker(next(iter(units)))).exists()


def test_a_unit_in_two_formats_is_one_error(tmp_path: Path) -> None:
    with PartWriter(tmp_path, "u1", "parquet") as w:
        w.write(Document(id="a", source="s", text="x"))
    with PartWriter(tmp_path, "u1", "jsonl") as w:
        w.write(Document(id="b", source="s", text="y", decision=REJECT, reason="r"))
    with pytest.raises(InputError, match="two formats"):
        RunFolder(tmp_path).units()


def test_a_broken_stats_file_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "stats.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not a newssift stats file"):
        RunFolder(tmp_path).read_stats()
    assert RunFolder(tmp_path / "nothing").read_stats() == {}


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_read_columns_is_the_same_for_both_formats(tmp_path: Path, fmt: str) -> None:
    with PartWriter(tmp_path, "u1", fmt) as w:
        w.write(Document(id="a", source="s", text="hello", url="https://x.org/a"))
        w.write(Document(id="b", source="s", text=None))
    path = RunFolder(tmp_path).part("kept", "u1", fmt)
    rows = read_columns(path, ["id", "url", "no_such_field"]).to_pylist()
    assert rows == [{"id": "a", "url": "https://x.org/a", "no_such_field": None},
                    {"id": "b", "url": None, "no_such_field": None}]


def test_a_part_the_markers_promise_but_missing_is_named(tmp_path: Path) -> None:
    """A deleted part left report, view and trace answering from the rest without a word;
    the unit's completion marker says how many records each folder got, so the run folder
    can name the part that is gone."""
    import json

    with PartWriter(tmp_path, "000001-b") as w:
        w.write(Document(id="a", source="s", text="x"))
    markers = tmp_path / STATE / "markers"
    markers.mkdir(parents=True)
    (markers / "000000-a.json").write_text(json.dumps(
        {"unit": "000000-a", "counts": {"output/kept": 2, "output/quarantine": 0}}))
    (markers / "000001-b.json").write_text(json.dumps(
        {"unit": "000001-b", "counts": {"output/kept": 1}}))
    (markers / "000002-c.json").write_text(json.dumps({"unit": "000002-c", "counts": {}}))
    assert RunFolder(tmp_path).missing_parts() == [
        "part-000000-a in kept/ or rejected/ (2 records)"]


def test_a_part_decide_emptied_is_not_missing(tmp_path: Path) -> None:
    """Re-deciding moves a unit's records from kept to rejected and removes the empty kept
    part; its marker still counts them as kept, and that is no loss."""
    import json

    with PartWriter(tmp_path, "000000-a") as w:
        w.write(Document(id="a", source="s", text="x", decision=REJECT, reason="r"))
    markers = tmp_path / STATE / "markers"
    markers.mkdir(parents=True)
    (markers / "000000-a.json").write_text(json.dumps({"counts": {"output/kept": 1}}))
    assert RunFolder(tmp_path).missing_parts() == []
