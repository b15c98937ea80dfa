"""The canonical rule: earliest date, then agency's own copy, then longest text, then id."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from newssift.dedup import run_dedup
from newssift.dedup.canonical import own_agency
from tests.dedup.synthetic import copy_of, doc, story, write_run


def _cluster(tmp_path: Path, docs) -> dict[str, dict]:
    out = write_run(tmp_path / "o", {"0": docs})
    run_dedup(str(out))
    rows = pq.read_table(out / "kept" / "part-0.parquet").to_pylist()
    return {r["id"]: r for r in rows}


def test_earliest_date_wins(tmp_path: Path) -> None:
    t = story(1)
    rows = _cluster(tmp_path, [
        doc("a", copy_of(t, 1) + " extra words here", date="2021-01-25",
            url="https://apnews.com/x"),
        doc("b", copy_of(t, 2), date="2021-01-24T09:00:00Z"),
        doc("c", copy_of(t, 3), date=None),
    ])
    assert {r["canonical_id"] for r in rows.values()} == {"b"}
    assert rows["a"]["canonical_reason"] == "earliest_date 2021-01-24"
    assert rows["b"]["cluster_id"] == "b"


def test_agency_copy_beats_longer_text_on_same_day(tmp_path: Path) -> None:
    t = story(2)
    rows = _cluster(tmp_path, [
        doc("a", t + "\nRead more stories like this on our site every day.", date="2021-01-24",
            url="https://daily.example/a", agency="Reuters"),
        doc("b", t, date="2021-01-24", url="https://www.reuters.com/world/b", agency="Reuters"),
    ])
    assert rows["a"]["canonical_id"] == "b"
    assert rows["a"]["canonical_reason"] == "agency_copy reuters"


def test_longest_text_then_smallest_id(tmp_path: Path) -> None:
    t = story(3)
    longer = t + "\nThe council will meet again next week to discuss the plan."
    rows = _cluster(tmp_path, [
        doc("z", longer, date="2021-02-01"),
        doc("y", t, date="2021-02-01"),
    ])
    assert rows["y"]["canonical_id"] == "z"
    assert rows["y"]["canonical_reason"] == f"longest_text {len(longer)} chars"
    rows = _cluster(tmp_path / "2", [doc("q", t), doc("p", t)])
    assert rows["q"]["canonical_id"] == "p"
    assert rows["q"]["canonical_reason"] == "smallest_id"


def test_singleton(tmp_path: Path) -> None:
    rows = _cluster(tmp_path, [doc("a", story(4)), doc("b", story(5))])
    for i, r in rows.items():
        assert (r["cluster_id"], r["canonical_id"]) == (i, i)
        assert r["canonical_similarity"] == 1.0
        assert r["canonical_reason"] == "singleton"


def test_own_agency() -> None:
    assert own_agency("https://apnews.com/article/x", None, "AP") == "ap"
    assert own_agency("https://uk.reuters.com/x", None, None) == "reuters"
    assert own_agency("https://daily.example/x", "The Associated Press", None) == "ap"
    assert own_agency("https://daily.example/x", "Daily", "AP") == ""
    assert own_agency("https://www.reuters.com/x", None, "AFP") == ""
