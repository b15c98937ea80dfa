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


def test_report_says_how_many_it_shows_when_it_samples(tmp_path: Path) -> None:
    with PartWriter(tmp_path, "000000-x") as w:
        for i in range(5):
            w.write(Document(id=f"d{i}", source="x", text="t", decision="keep"))
    (tmp_path / "stats.json").write_text(json.dumps({"documents": {"total": 5, "kept": 5}}))
    page = write_report(tmp_path, limit=3).read_text()
    data = json.loads(re.search(r'<script id="data"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert len(data["docs"]) == 3 and data["limit"] == 3
    assert '<p id="shown"></p>' in page and "showing ${N} of ${M} documents" in page
