"""Our own quote annotations of aeb/naeb news (bench/quotes_own.py): the file's shape and
split rule always; with ../shared present, every span still found in its truth text."""

import json
from pathlib import Path

import pytest

from bench.quotes_own import DATA, load, part_of

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "benchmarks" / "extraction"


def test_the_annotation_file_holds_only_offsets_hashes_and_names():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    assert len(data) >= 40
    for key, rec in data.items():
        assert key.split("/")[0] in ("aeb", "naeb")
        assert rec["part"] == part_of(rec["site"])
        assert set(rec) <= {"site", "part", "round", "quotes"} and rec.get("round", 4) == 4
        for q in rec["quotes"]:
            assert set(q) == {"at", "len", "sha1", "speaker", "fragment"}
            assert q["len"] > 0 and len(q["sha1"]) == 10
            assert q["speaker"] is None or len(q["speaker"]) < 60


def test_both_parts_have_sites_and_no_site_is_in_both():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    parts: dict[str, set[str]] = {}
    for rec in data.values():
        parts.setdefault(rec["part"], set()).add(rec["site"])
    assert set(parts) == {"tune", "held"}
    assert not parts["tune"] & parts["held"]


def test_round_4_has_fifty_pages_from_sites_new_to_the_set():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    new = {k: r for k, r in data.items() if r.get("round") == 4}
    assert len(new) >= 50
    assert not {r["site"] for r in new.values()} & {
        r["site"] for k, r in data.items() if k not in new}


def test_every_annotated_span_is_found_in_its_truth_text():
    if not (SHARED / "aeb" / "ground-truth.json").exists():
        pytest.skip("aeb/naeb not in ../shared")
    pages = load(SHARED)
    assert sum(len(p.quotes) for p in pages) >= 500
    for p in pages:
        for g in p.quotes:
            assert g.text[:1] in "\"“‘"
            assert p.text[g.start:g.end] == g.text
