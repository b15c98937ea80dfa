"""``report --dest`` inside the run folder wrote over the run's own files (review r40, 12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newssift.cli import main
from newssift.io.writers import PartWriter
from newssift.record import Document


def _run(folder: Path) -> Path:
    with PartWriter(folder, "000000-x") as w:
        w.write(Document(id="a", source="x", text="Line one", decision="keep"))
    (folder / "stats.json").write_text(json.dumps({"documents": {"kept": 1}}))
    return folder


@pytest.mark.parametrize("name", ["stats.json", "sites.parquet", "kept/part-999999-x.parquet",
                                  "other.html", "kept/../stats.json"])
def test_a_dest_inside_the_run_is_refused_and_nothing_is_written(tmp_path: Path,
                                                                 name: str) -> None:
    out = _run(tmp_path / "r")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    res = CliRunner().invoke(main, ["report", str(out), "--dest", str(out / name)])
    assert res.exit_code == 2, (res.output, res.exception)
    assert "inside the run folder" in res.output and len(res.output.strip().splitlines()) == 1
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_dest_through_a_link_into_the_run_is_refused(tmp_path: Path) -> None:
    out = _run(tmp_path / "r")
    (tmp_path / "link").symlink_to(out)
    dest = tmp_path / "link" / "x.html"
    res = CliRunner().invoke(main, ["report", str(out), "--dest", str(dest)])
    assert res.exit_code == 2 and "inside the run folder" in res.output
    res = CliRunner().invoke(main, ["report", f"file://{out}", "--dest", str(out / "stats.json")])
    assert res.exit_code == 2 and "inside the run folder" in res.output


def test_the_run_report_and_a_page_outside_the_run_are_written(tmp_path: Path) -> None:
    out = _run(tmp_path / "r")
    for dest in (out / "report.html", tmp_path / "elsewhere.html", tmp_path / "r-report.html"):
        res = CliRunner().invoke(main, ["report", str(out), "--dest", str(dest)])
        assert res.exit_code == 0, res.output
        assert dest.read_text().startswith("<!")
