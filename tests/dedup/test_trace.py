"""``newssift.trace`` and ``newssift trace``: a record's cluster, canonical and diff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import newssift
from newssift.cli import main
from newssift.dedup import run_dedup
from newssift.errors import InputError
from newssift.record import REJECT
from tests.dedup.synthetic import copy_of, doc, story, write_run


@pytest.fixture
def traced(tmp_path: Path) -> Path:
    base = story(21)
    orig = doc("orig", base, url="https://agency.example/story", date="2024-03-10",
               site_name="Agency")
    farm = doc("farm", "Subscribe to our newsletter\n" + copy_of(base, 8),
               url="https://farm.example/copy", date="2024-03-12", site_name="Farm")
    farm.decision, farm.reason, farm.scores = REJECT, "content_farm", {"content_farm": 0.8}
    lone = doc("lone", story(22), url="https://lone.example/x", date="2024-03-11")
    out = write_run(tmp_path / "o", {"0": [orig, lone]})
    write_run(out, {"0": [farm]}, folder="rejected")
    run_dedup(str(out))
    return out


def test_trace_by_id_and_url(traced: Path) -> None:
    t = newssift.trace(traced, "farm")
    assert t["cluster_id"] == "orig" and t["n_members"] == 2
    assert t["canonical"]["url"] == "https://agency.example/story"
    assert t["canonical"]["date"] == "2024-03-10" and t["canonical"]["site"] == "Agency"
    assert [m["id"] for m in t["members"]] == ["orig", "farm"]
    farm = t["members"][1]
    assert farm["folder"] == "rejected" and farm["reason"] == "content_farm"
    assert "copy_of" in farm["flags"]
    assert ("+", "Subscribe to our newsletter") in t["diff"]
    assert any(op == "~" and "[-" in text and "{+" in text for op, text in t["diff"])
    by_url = newssift.trace(traced, "http://www.farm.example/copy/")
    assert by_url["document"]["id"] == "farm"


def test_trace_cli(traced: Path) -> None:
    res = CliRunner().invoke(main, ["trace", str(traced), "farm"])
    assert res.exit_code == 0, res.output
    assert "canonical  orig  https://agency.example/story  date 2024-03-10" in res.output
    assert "+ Subscribe to our newsletter" in res.output
    res = CliRunner().invoke(main, ["trace", str(traced), "lone", "--json"])
    assert json.loads(res.output)["n_members"] == 1
    res = CliRunner().invoke(main, ["trace", str(traced), "nothing"])
    assert res.exit_code == 2 and "no record with id or URL" in res.output


def test_trace_needs_a_run(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        newssift.trace(tmp_path, "x")


def test_trace_says_when_a_part_of_the_run_is_missing(traced: Path) -> None:
    """A record of a lost part cannot be traced: the command says a part is gone (each unit's
    completion marker counts its records) instead of only 'no record'."""
    markers = traced / "_state" / "markers"
    markers.mkdir(parents=True)
    (markers / "0.json").write_text(json.dumps({"counts": {"output/kept": 2}}))
    res = CliRunner().invoke(main, ["trace", str(traced), "farm"])
    assert res.exit_code == 0 and "1 part(s)" not in res.output  # every part is there
    (markers / "1.json").write_text(json.dumps({"counts": {"output/rejected": 3}}))
    res = CliRunner().invoke(main, ["trace", str(traced), "farm"])
    assert res.exit_code == 0, res.output
    assert "1 part(s)" in res.output and "part-1 in kept/ or rejected/ (3 records)" in res.output
    assert "canonical  orig" in res.output
