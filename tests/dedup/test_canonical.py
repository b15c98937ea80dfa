"""The canonical rule (``canonical_order/v2``): the agency's own copy, then the earliest
date, then the longest text, then the id (after the flag step, tests/dedup/test_provenance)."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from newssift.dedup import run_dedup
from newssift.dedup.canonical import own_agency, reason
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
            url="https://dailypaper.example/x"),
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


def test_agency_copy_beats_a_copy_dated_earlier(tmp_path: Path) -> None:
    # review r42 finding 2: a scraper dating its verbatim copy four days before AP's page
    # made AP's own page its copy; and a copy one zone west of Reuters is a day earlier
    t = story(9)
    rows = _cluster(tmp_path, [
        doc("ap", t, date="2023-11-14", url="https://apnews.com/article/x", agency="AP",
            site_name="AP News"),
        doc("scraper", t, date="2023-11-10", url="https://scrapedpress.example/x",
            agency="AP", site_name="Scraped Press"),
        doc("paper", t, date="2023-11-12", url="https://dailypaper.example/x", agency="AP"),
    ])
    assert {r["canonical_id"] for r in rows.values()} == {"ap"}
    assert rows["scraper"]["canonical_reason"] == "agency_copy ap"
    t = story(10)
    rows = _cluster(tmp_path / "2", [
        doc("reuters", t, date="2021-01-25", url="https://www.reuters.com/world/x",
            agency="Reuters"),
        doc("syndicated", t, date="2021-01-24", url="https://us-daily.example/world/x",
            agency="Reuters"),
    ])
    assert rows["syndicated"]["canonical_id"] == "reuters"


def test_a_site_calling_itself_an_agency_on_its_own_host_is_a_copy(tmp_path: Path) -> None:
    # scrapers copy og:site_name with the page's head: with the agency before the date, a
    # name must not outrank the earliest date where the host says another site
    t = story(11)
    rows = _cluster(tmp_path, [
        doc("orig", t, date="2022-05-01", url="https://dailypaper.example/x"),
        doc("spoof", t, date="2022-05-03", url="https://mirror.example/x", site_name="Reuters"),
    ])
    assert rows["spoof"]["canonical_id"] == "orig"
    assert rows["spoof"]["canonical_reason"] == "earliest_date 2022-05-01"


def test_reason_names_the_first_step_that_decides() -> None:
    ap = {"day": "2023-11-14", "agency": "ap", "text_len": 100, "id": "b"}
    early = {"day": "2023-11-10", "agency": "", "text_len": 900, "id": "a"}
    assert reason(ap, early) == "agency_copy ap"
    assert reason(early, {**early, "day": "2023-11-11"}) == "earliest_date 2023-11-10"
    # two agencies' own copies: the date decides between them
    assert reason(ap, {**ap, "agency": "reuters", "day": "2023-11-15"}) == (
        "earliest_date 2023-11-14")
    assert reason({**early, "suspect": False},
                  {**ap, "suspect": True}) == "not_flagged_copy"
    assert reason(ap, None) == "singleton"


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
    assert own_agency(None, "The Associated Press", None) == "ap"
    assert own_agency(None, "AP News", "AP") == "ap"  # apnews.com's own og:site_name
    assert own_agency("https://daily.example/x", "The Associated Press", None) == ""
    assert own_agency("https://daily.example/x", "Daily", "AP") == ""
    assert own_agency("https://www.reuters.com/x", None, "AFP") == ""


def test_own_agency_reads_the_canonical_url_of_a_page_without_url() -> None:
    # review r42 finding 13: a saved HTML file has no URL; its page declares where it lives
    assert own_agency(None, "Scraped Press", "AP", "https://apnews.com/article/x") == "ap"
    assert own_agency(None, "AP News", "AP", "https://scrapedpress.example/x") == ""
    # the URL, where there is one, is where the bytes came from: it decides
    assert own_agency("https://mirror.example/x", None, "AP", "https://apnews.com/x") == ""
    assert own_agency("https://apnews.com/x", None, "AP", "https://mirror.example/x") == "ap"


def test_a_saved_page_without_url_is_hosted_by_its_canonical_url(tmp_path: Path) -> None:
    # review r42 finding 13: a saved HTML file has no URL; the canonical rule and
    # sites.parquet read its page's declared canonical URL (url itself stays empty)
    t = story(12)
    out = write_run(tmp_path / "o", {"0": [
        doc("saved", t, date="2023-11-14", canonical_url="https://apnews.com/article/x",
            agency="AP"),
        doc("scraper", t, date="2023-11-10", url="https://scrapedpress.example/x", agency="AP"),
        doc("unknown", story(13), date="2023-11-10"),
    ]})
    run_dedup(str(out))
    rows = {r["id"]: r for r in pq.read_table(out / "kept" / "part-0.parquet").to_pylist()}
    assert rows["scraper"]["canonical_id"] == "saved"
    assert rows["scraper"]["canonical_reason"] == "agency_copy ap"
    assert rows["saved"]["url"] is None
    sites = {r["domain"]: r for r in pq.read_table(out / "sites.parquet").to_pylist()}
    assert set(sites) == {"apnews.com", "scrapedpress.example", "(no url)"}
    assert sites["scrapedpress.example"]["copies_from"] == [{"domain": "apnews.com", "count": 1}]
