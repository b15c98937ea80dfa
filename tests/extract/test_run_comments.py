"""``run --comments``: the readers' comments as the record's ``comments`` field; without the
option a run writes exactly what it wrote before the field existed (no key, no column)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from newssift.execute.local import run
from newssift.io.writers import read_part
from newssift.record import SCHEMA, SCHEMA_COMMENTS, Document

PARA = (
    "<p>The city council approved the new bicycle lanes on Tuesday after a long debate "
    "that lasted well into the evening, with residents speaking on both sides.</p>"
)
READER = "Finally, the river path will be safe for my children to ride to school."
OTHER = "Eleven kilometres is not enough; the eastern bank needs lanes as well."
WITH = (
    "<html><head><title>Bicycle lanes approved</title></head><body><article>"
    "<h1>Bicycle lanes approved</h1>" + PARA * 4 + '</article><div id="comments">'
    '<h3>2 Comments</h3><ol class="commentlist">'
    f'<li><p>{READER}</p><a href="#r">Reply</a></li><li><p>{OTHER}</p></li></ol>'
    '<div id="respond"><form><p>Your email address will not be published.</p></form></div>'
    "</div></body></html>"
)
WITHOUT = (
    "<html><head><title>Budget passed</title></head><body><article><h1>Budget passed</h1>"
    + PARA.replace("bicycle lanes", "budget") * 4 + "</article></body></html>"
)
STAGES = ("extract", "clean", "decide")


@pytest.fixture()
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a-with.html").write_text(WITH, encoding="utf-8")
    (folder / "b-without.html").write_text(WITHOUT, encoding="utf-8")
    return folder


def _records(out: Path) -> dict[str, Document]:
    docs = [d for p in sorted(out.glob("*/part-*")) for d in read_part(p)]
    return {Path(d.source).name: d for d in docs}


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_comments_on_fills_the_field_apart_from_text(tmp_path: Path, pages: Path, fmt: str):
    out = tmp_path / "on"
    run([str(pages)], out, stages=STAGES, dedup=False, workers=1, format=fmt,
        comments=True, progress=False)
    docs = _records(out)
    assert docs["a-with.html"].comments == f"{READER}\n{OTHER}"
    assert READER not in (docs["a-with.html"].text or "")
    assert docs["b-without.html"].comments == ""  # asked for, none on the page
    if fmt == "parquet":
        for part in out.glob("*/part-*.parquet"):
            assert pq.read_schema(part).equals(SCHEMA_COMMENTS, check_metadata=False)
    else:
        rows = [json.loads(x) for p in out.glob("*/part-*.jsonl") for x in p.read_text().split("\n")
                if x]
        assert {r["comments"] for r in rows} == {f"{READER}\n{OTHER}", ""}
    stats = json.loads((out / "stats.json").read_text())
    assert stats["config"]["comments"] is True


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_comments_off_writes_no_field(tmp_path: Path, pages: Path, fmt: str):
    out = tmp_path / "off"
    run([str(pages)], out, stages=STAGES, dedup=False, workers=1, format=fmt, progress=False)
    docs = _records(out)
    assert all(d.comments is None for d in docs.values())
    for part in out.glob("*/part-*"):
        if fmt == "parquet":
            assert pq.read_schema(part).equals(SCHEMA, check_metadata=False)
        else:
            for line in part.read_text().split("\n"):
                if line:
                    assert set(json.loads(line)) == set(SCHEMA.names) | {"schema_version"}
    stats = json.loads((out / "stats.json").read_text())
    assert "comments" not in stats["config"]


def test_redecide_keeps_the_comments_column(tmp_path: Path, pages: Path):
    from newssift.execute.redecide import redecide

    out = tmp_path / "on"
    run([str(pages)], out, stages=STAGES, dedup=False, workers=1, comments=True, progress=False)
    redecide(out, "fineweb", workers=1)
    docs = _records(out)
    assert docs["a-with.html"].comments == f"{READER}\n{OTHER}"
    for part in out.glob("*/part-*.parquet"):
        assert "comments" in pq.read_schema(part).names


def test_cli_run_comments_flag(tmp_path: Path, pages: Path):
    from newssift.cli import main

    out = tmp_path / "cli"
    res = CliRunner().invoke(main, ["run", str(pages), "-o", str(out), "-w", "1", "-q",
                                    "--no-dedup", "--comments", "-f", "jsonl"])
    assert res.exit_code == 0, res.output
    assert _records(out)["a-with.html"].comments == f"{READER}\n{OTHER}"
