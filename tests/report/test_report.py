"""The report page embeds every document's evidence: removed lines in place, flags, decisions."""

from __future__ import annotations

import json
import re
from pathlib import Path

from newssift.io.writers import PartWriter
from newssift.record import Document, Flag, RemovedLine
from newssift.report.html_report import write_report


def test_report_embeds_removed_lines_in_place_and_flags(tmp_path: Path) -> None:
    kept = Document(
        id="a", source="x", text="Line one\nLine three", title="A story", decision="keep",
        removed=[RemovedLine(1, "See also: unrelated", "related_link", 0.9)],
        flags=[Flag("foreign_script", "script_mixing/v1", 0.1, 0.0, 0, 5, 8, "one")],
    )
    rejected = Document(id="b", source="x", text="", decision="reject", reason="empty_text")
    with PartWriter(tmp_path, "000000-x") as w:
        w.write(kept)
        w.write(rejected)
    (tmp_path / "stats.json").write_text(json.dumps({"documents": {"kept": 1, "rejected": 1}}))
    page = write_report(tmp_path).read_text()
    data = json.loads(re.search(r'<script id="data"[^>]*>(.*?)</script>', page, re.S).group(1))
    docs = {d["id"]: d for d in data["docs"]}
    assert [line["t"] for line in docs["a"]["lines"]] == ["Line one", "See also: unrelated",
                                                           "Line three"]
    assert docs["a"]["lines"][1]["removed"] == "related_link"
    assert docs["a"]["flags"][0]["name"] == "foreign_script"
    assert docs["b"]["reason"] == "empty_text"
    assert data["stats"]["documents"]["rejected"] == 1


def test_report_puts_extractor_drops_and_removed_lines_in_one_numbering(tmp_path: Path) -> None:
    from newssift.record import DroppedBlock

    # text before cleaning: 0 "Title", 1 "Para one", 2 "See also: x", 3 "Para two"
    doc = Document(
        id="a", source="x", text="Para one\nPara two", title="Title", decision="keep",
        line_numbers=[1, 3],
        removed=[RemovedLine(2, "See also: x", "related_link", 0.9)],
        dropped=[
            DroppedBlock(0, "Home · News", "page_header", "page", 2),
            DroppedBlock(2, "Organizer. Web expert. Music scholar.", "author_box", "beside"),
            DroppedBlock(4, "© Site", "page_footer", "page", 1),
        ],
        dropped_total=10,
    )
    with PartWriter(tmp_path, "000000-x") as w:
        w.write(doc)
    page = write_report(tmp_path).read_text()
    data = json.loads(re.search(r'<script id="data"[^>]*>(.*?)</script>', page, re.S).group(1))
    lines = data["docs"][0]["lines"]
    assert [line["t"] for line in lines] == [
        "Home · News", "Para one", "Organizer. Web expert. Music scholar.", "See also: x",
        "Para two", "© Site", "… 6 more dropped lines not listed",
    ]
    assert lines[2]["removed"].startswith("author_box, dropped by the extractor, beside")
    assert lines[3]["removed"] == "related_link"
    assert "removed" not in lines[1]


def test_report_says_how_many_it_shows_when_it_samples(tmp_path: Path) -> None:
    with PartWriter(tmp_path, "000000-x") as w:
        for i in range(5):
            w.write(Document(id=f"d{i}", source="x", text="t", decision="keep"))
    (tmp_path / "stats.json").write_text(json.dumps({"documents": {"total": 5, "kept": 5}}))
    page = write_report(tmp_path, limit=3).read_text()
    data = json.loads(re.search(r'<script id="data"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert len(data["docs"]) == 3 and data["limit"] == 3
    assert '<p id="shown"></p>' in page and "showing ${N} of ${M} documents" in page


def test_rewriting_a_run_s_report_keeps_its_limit(tmp_path: Path) -> None:
    """`newssift decide OUT` rewrites OUT/report.html by calling write_report(OUT): a report
    the user wrote with --limit 3 came back with 2000 documents per folder (a page too big
    for the browser on a large run). Without a limit, the page's own limit is kept."""
    with PartWriter(tmp_path, "000000-x") as w:
        for i in range(5):
            w.write(Document(id=f"d{i}", source="x", text="t", decision="keep"))
    (tmp_path / "stats.json").write_text(json.dumps({"documents": {"total": 5, "kept": 5}}))

    def embedded(page: str) -> dict:
        return json.loads(re.search(r'<script id="data"[^>]*>(.*?)</script>', page, re.S)
                          .group(1))

    write_report(tmp_path, limit=3)
    data = embedded(write_report(tmp_path).read_text())  # as decide calls it
    assert data["limit"] == 3 and len(data["docs"]) == 3
    # a first report, or one to another place, has the usual default
    assert embedded(write_report(tmp_path, tmp_path / "other.html").read_text())["limit"] == 2000
    (tmp_path / "report.html").unlink()
    assert embedded(write_report(tmp_path).read_text())["limit"] == 2000


def test_report_to_a_folder_that_does_not_exist_is_one_line(tmp_path: Path) -> None:
    """``--dest`` in a missing folder ended in a FileNotFoundError traceback."""
    from click.testing import CliRunner

    from newssift.cli import main

    with PartWriter(tmp_path, "000000-x") as w:
        w.write(Document(id="a", source="x", text="Line one", decision="keep"))
    (tmp_path / "stats.json").write_text(json.dumps({"documents": {"kept": 1}}))
    dest = tmp_path / "missing" / "r.html"
    res = CliRunner().invoke(main, ["report", str(tmp_path), "--dest", str(dest)])
    assert res.exit_code == 2, (res.output, res.exception)
    assert "error:" in res.output and str(dest.parent) in res.output


def test_report_says_when_a_part_of_the_run_is_missing(tmp_path: Path) -> None:
    """A deleted part: the page showed the rest beside the old counts without a word."""
    from click.testing import CliRunner

    from newssift.cli import main

    with PartWriter(tmp_path, "000001-b") as w:
        w.write(Document(id="a", source="x", text="Line one", decision="keep"))
    (tmp_path / "stats.json").write_text(json.dumps({"documents": {"kept": 3}}))
    markers = tmp_path / "_state" / "markers"
    markers.mkdir(parents=True)
    (markers / "000000-a.json").write_text(json.dumps({"counts": {"output/kept": 2}}))
    (markers / "000001-b.json").write_text(json.dumps({"counts": {"output/kept": 1}}))
    res = CliRunner().invoke(main, ["report", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "1 part(s)" in res.output
    assert "part-000000-a in kept/ or rejected/ (2 records)" in res.output


def test_a_run_folder_named_not_utf8_gets_its_report(tmp_path: Path) -> None:
    # (f2's left item) the page's title held the folder's name with Python's lone
    # surrogate for the byte, and writing the page as UTF-8 raised UnicodeEncodeError
    import os

    out = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"run\xff"))
    os.mkdir(out)
    with PartWriter(out, "000000-x") as w:
        w.write(Document(id="a", source="x", text="Line one", decision="keep"))
    Path(out, "stats.json").write_text(json.dumps({"documents": {"kept": 1}}))
    page = Path(write_report(out)).read_text()
    assert "<title>newssift report: run\\xff</title>" in page


def test_report_is_the_same_bytes_whatever_the_run_s_timings(tmp_path: Path) -> None:
    # review r42, finding 14: the page embedded stats.json's timings, so a run at -w 1 and
    # at -w 2 gave two reports; the timings stay in stats.json only
    pages = []
    for workers, wall in ((1, 3.25), (2, 1.5)):
        out = tmp_path / f"w{workers}" / "out"
        with PartWriter(out, "u0", "parquet") as w:
            w.write(Document(id="d1", source="s", text="A body line.", decision="keep"))
        stats = {"documents": {"total": 1, "kept": 1},
                 "timings": {"workers": workers, "wall_seconds": wall,
                             "stage_seconds": {"extract": wall / 2}}}
        (out / "stats.json").write_text(json.dumps(stats))
        pages.append(write_report(out).read_bytes())
    assert pages[0] == pages[1]
    assert b"wall_seconds" not in pages[0] and b'"total": 1' in pages[0]
