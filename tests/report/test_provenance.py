"""The report's provenance section: sites table and a canonical beside one copy."""

from __future__ import annotations

import json
from pathlib import Path

from newssift.dedup import run_dedup
from newssift.record import REJECT
from newssift.report.html_report import write_report
from tests.dedup.synthetic import copy_of, doc, story, write_run


def test_report_shows_sites_and_side_by_side_copy(tmp_path: Path) -> None:
    base = story(11)
    orig = doc("orig", base, url="https://wire.example/a", date="2024-01-01")
    farm = doc("farm", "Click here <to> subscribe\n" + copy_of(base, 3),
               url="https://farm.example/b", date="2024-01-02")
    farm.decision, farm.reason = REJECT, "content_farm"
    out = write_run(tmp_path / "o", {"0": [orig]})
    write_run(out, {"0": [farm]}, folder="rejected")
    run_dedup(str(out))
    (out / "stats.json").write_text(json.dumps({"documents": {"kept": 1, "rejected": 1}}))
    page = write_report(out).read_text()
    assert "<h2>Sites</h2>" in page and "farm.example" in page
    assert "wire.example (1)" in page  # whom farm.example copies
    assert "<h2>orig — 2 members</h2>" in page
    assert "<div class='line add'>Click here &lt;to&gt; subscribe</div>" in page
    assert "<del>" in page and "<ins>" in page


def test_report_without_dedup_has_no_section(tmp_path: Path) -> None:
    out = write_run(tmp_path / "o", {"0": [doc("a", story(1))]})
    (out / "stats.json").write_text("{}")
    assert "<h2>Sites</h2>" not in write_report(out).read_text()
