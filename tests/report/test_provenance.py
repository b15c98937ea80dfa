"""The report's provenance section: sites table and a canonical beside one copy."""

from __future__ import annotations

import json
from pathlib import Path

from newssift.dedup import run_dedup
from newssift.record import REJECT, Flag
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


def test_cluster_panel_shows_the_rejected_copy_not_the_first_in_output_order(
        tmp_path: Path) -> None:
    # review r42, finding 11: a benign syndicated copy came first in output order and hid
    # the rejected farm copy of the same story
    base = story(11)
    orig = doc("orig", base, url="https://wire.example/a", date="2024-01-01")
    benign = doc("a-synd", copy_of(base, 5), url="https://paper.example/c", date="2024-01-02")
    flagged = doc("b-kept", copy_of(base, 7), url="https://blog.example/d", date="2024-01-02")
    flagged.flags = [Flag(name="foreign_script", rule="script_mixing/v1", value=0.1,
                          threshold=0.3, text="x")]
    farm = doc("z-farm", "Click here <to> subscribe\n" + copy_of(base, 3),
               url="https://farm.example/b", date="2024-01-02")
    farm.decision, farm.reason = REJECT, "content_farm"
    out = write_run(tmp_path / "o", {"0": [orig, benign, flagged]})
    write_run(out, {"0": [farm]}, folder="rejected")
    run_dedup(str(out))
    (out / "stats.json").write_text(json.dumps({"documents": {"kept": 3, "rejected": 1}}))
    page = write_report(out).read_text()
    panel = page[page.index("<h2>orig — 4 members</h2>"):]
    side = panel[:panel.index("other copies:")]
    assert "<b>z-farm</b>" in side and "(rejected, content_farm)" in side
    assert "<b>a-synd</b>" not in side
    rest = panel[panel.index("other copies:"):]
    assert rest.index("b-kept (kept, flags foreign_script)") < rest.index("a-synd (kept)")
