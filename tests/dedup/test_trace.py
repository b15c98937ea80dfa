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


def _quarantined(key: str, url: str) -> object:
    from newssift.record import QUARANTINE

    q = doc(key, "", url=url)
    q.text, q.decision, q.reason = None, QUARANTINE, "read_error"
    q.error = "JSONL line at offset 0: no string field 'html' or 'text'"
    return q


def test_trace_says_a_quarantined_record_is_quarantined(traced: Path) -> None:
    """A quarantined id got "no record with id"; its reason and error are what it has."""
    write_run(traced, {"1": [_quarantined("a1", "https://x.example/a")]}, folder="quarantine")
    for key in ("a1", "https://x.example/a/"):
        with pytest.raises(InputError, match=r"'a1' is quarantined \(read_error\): JSONL line "
                                             r"at offset 0: no string field"):
            newssift.trace(traced, key)
    with pytest.raises(InputError, match="no record with id or URL 'zz'"):
        newssift.trace(traced, "zz")


def test_trace_on_an_empty_or_quarantine_only_run(tmp_path: Path) -> None:
    """Both said "holds no newssift run (no kept/ or rejected/ folder)"."""
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "stats.json").write_text(json.dumps({"documents": {"total": 0}}))
    with pytest.raises(InputError, match="holds no kept or rejected records"):
        newssift.trace(empty, "x")
    q = write_run(tmp_path / "q", {"0": [_quarantined("a1", "https://x.example/a")]},
                  folder="quarantine")
    with pytest.raises(InputError, match="'a1' is quarantined"):
        newssift.trace(q, "a1")
    with pytest.raises(InputError,
                       match=r"no kept or rejected records \(it holds 1 quarantined record\)"):
        newssift.trace(q, "b")


def test_trace_key_of_the_wrong_type_is_a_type_error(traced: Path) -> None:
    with pytest.raises(TypeError, match=r"key must be a str .*not NoneType"):
        newssift.trace(traced, None)



def test_a_quarantined_first_occurrence_names_the_renamed_ones(tmp_path: Path) -> None:
    """The quarantined line keeps the input's id ``a1``; the later line with that id is
    renamed ``a1~dup2``: ``trace a1`` says ``a1`` is quarantined and names ``a1~dup2``."""
    src = tmp_path / "a.jsonl"
    src.write_text('{"id": "a1", "url": "https://x.example/a", "text": null}\n'
                   '{"id": "a1", "text": "' + story(3).replace("\n", " ") + '"}\n')
    out = tmp_path / "out"
    newssift.run([str(src)], out, workers=1, progress=False)
    with pytest.raises(InputError, match=r"'a1' is quarantined .*trace a1~dup2 for the other"):
        newssift.trace(out, "a1")
    assert newssift.trace(out, "a1~dup2")["document"]["id"] == "a1~dup2"


def test_a_new_canonical_of_indexed_copies_says_where_they_are(tmp_path: Path) -> None:
    """Review r42, finding 7: a later batch's earlier-dated copy becomes the canonical of
    an indexed document, which the index records; the earlier run's record of that
    document cannot change, so the new canonical, alone in its folder with a reason that
    says it beat another member, is traced with a note saying where the others are."""
    from newssift.dedup import DedupOptions
    from newssift.dedup.index import DedupIndex
    from newssift.dedup.trace import format_trace

    base = story(401)
    opt = DedupOptions(index=str(tmp_path / "index.sqlite"))
    run_dedup(str(write_run(tmp_path / "d1", {"0": [
        doc("agency", base, url="https://agency.example/a", date="2023-11-14")]})), opt)
    out2 = write_run(tmp_path / "d2", {"0": [
        doc("backdated", copy_of(base, 3), url="https://scraped.example/b",
            date="2023-11-10")]})
    run_dedup(str(out2), opt)
    idx = DedupIndex(opt.index, DedupOptions())
    assert dict(idx.assignments()) == {"agency": "backdated", "backdated": "backdated"}
    idx.close()
    t = newssift.trace(str(out2), "backdated")
    assert t["canonical"]["canonical_reason"] == "earliest_date 2023-11-10"
    assert t["n_members"] == 1
    assert "its other members are in earlier runs (the dedup index)" in format_trace(t)
    lone = write_run(tmp_path / "d3", {"0": [doc("lone", story(402))]})
    run_dedup(str(lone))
    assert "earlier runs" not in format_trace(newssift.trace(str(lone), "lone"))
