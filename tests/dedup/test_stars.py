"""Clusters are stars around canonicals: no copy is named without direct evidence.

Review r42's finding 1: a weekend digest carrying two stories linked both, the clusters
were the connected components of the links, and the football story was named a copy of
the library story (``via_member``, similarity 0.0), so a one-story policy rejected an
original. Here each document joins the first canonical, in the canonical rule's order,
it has a direct link to (:func:`newssift.dedup.run._stars`).
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pyarrow.parquet as pq

from newssift.dedup import DedupOptions, run_dedup
from newssift.dedup.index import DedupIndex
from tests.conftest import pool_pmap
from tests.dedup.synthetic import copy_of, doc, write_run

# two stories of disjoint vocabularies (the fixtures' stories share one small vocabulary,
# so any two of them have the weak evidence of stages.weak between them)
_LIBRARY_WORDS = ("library", "reading", "books", "shelves", "archive", "librarian",
                  "opening", "hours", "children", "authors", "catalogue", "volunteers",
                  "donation", "renovation", "lending", "manuscripts", "atlas", "poetry")
_FOOTBALL_WORDS = ("penalty", "striker", "keeper", "header", "corner", "midfield",
                   "referee", "stoppage", "equaliser", "substitute", "rovers", "united",
                   "tackle", "offside", "derby", "fixture", "winger", "captain")


def _story(seed: int, words: tuple[str, ...]) -> str:
    rng = random.Random(seed)
    return "\n".join(" ".join(rng.choice(words) for _ in range(rng.randint(25, 40)))
                     .capitalize() + "." for _ in range(6))


LIBRARY, FOOTBALL = _story(301, _LIBRARY_WORDS), _story(302, _FOOTBALL_WORDS)


def _chain() -> list:
    """The library story, the football story, a copy of the football story and a digest
    holding both stories (each a plain text with its date)."""
    return [
        doc("library", LIBRARY, url="https://city.example/library", date="2023-11-11"),
        doc("football", FOOTBALL, url="https://city.example/football", date="2023-11-12"),
        doc("football-copy", copy_of(FOOTBALL, 7), url="https://other.example/match",
            date="2023-11-14"),
        doc("digest", LIBRARY + "\n" + FOOTBALL, url="https://city.example/weekend",
            date="2023-11-13"),
    ]


def _records(out: Path) -> dict[str, dict]:
    return {r["id"]: r for f in sorted((out / "kept").glob("part-*"))
            for r in pq.read_table(f).to_pylist()}


def _copy_flags(rec: dict) -> list[dict]:
    return [json.loads(f["text"]) for f in rec["flags"] if f["name"] == "copy_of"]


def _assign(out: Path) -> dict[str, tuple]:
    rows = pq.read_table(out / "dedup" / "clusters.parquet").to_pylist()
    return {r["id"]: (r["cluster_id"], r["canonical_id"]) for r in rows}


def test_a_page_with_two_stories_does_not_chain_them(tmp_path: Path) -> None:
    out = write_run(tmp_path / "o", {"0": _chain()})
    run_dedup(str(out))
    recs = _records(out)
    assert _assign(out) == {"library": ("library", "library"),
                            "digest": ("library", "library"),
                            "football": ("football", "football"),
                            "football-copy": ("football", "football")}
    assert _copy_flags(recs["football"]) == []  # an original is accused of nothing
    assert recs["football"]["canonical_reason"] == "earliest_date 2023-11-12"
    assert [f["canonical_id"] for f in _copy_flags(recs["digest"])] == ["library"]
    assert [f["canonical_id"] for f in _copy_flags(recs["football-copy"])] == ["football"]
    for rec in recs.values():  # every copy names a direct link to its canonical
        assert all(f["method"] != "via_member" for f in _copy_flags(rec))


def test_stars_do_not_depend_on_input_order_or_workers(tmp_path: Path) -> None:
    docs = _chain()
    first = write_run(tmp_path / "first", {"0": docs})
    run_dedup(str(first))
    want = _assign(first)
    for k in range(3):
        shuffled = docs[:]
        random.Random(k).shuffle(shuffled)
        out = write_run(tmp_path / f"o{k}", {"a": shuffled[:2], "b": shuffled[2:]})
        run_dedup(str(out), pmap=pool_pmap if k == 0 else None)
        assert _assign(out) == want
        if k == 0:  # the same run at one worker: the same bytes
            again = write_run(tmp_path / "again", {"a": shuffled[:2], "b": shuffled[2:]})
            run_dedup(str(again))
            for f in ("kept/part-a.parquet", "kept/part-b.parquet", "dedup/clusters.parquet"):
                assert (hashlib.sha256((out / f).read_bytes()).digest()
                        == hashlib.sha256((again / f).read_bytes()).digest())


def test_a_digest_in_a_later_batch_links_no_indexed_stories(tmp_path: Path) -> None:
    docs = {d.id: d for d in _chain()}
    opt = DedupOptions(index=str(tmp_path / "index.sqlite"))
    day1 = [docs["library"], docs["football"]]
    day2 = [docs["digest"], docs["football-copy"]]
    run_dedup(str(write_run(tmp_path / "d1", {"0": day1})), opt)
    out2 = write_run(tmp_path / "d2", {"0": day2})
    run_dedup(str(out2), opt)
    union = write_run(tmp_path / "u", {"0": day1, "1": day2})
    run_dedup(str(union))
    scratch = _assign(union)
    assert _assign(out2) == {i: scratch[i] for i in ("digest", "football-copy")}
    idx = DedupIndex(opt.index, DedupOptions())
    assert dict(idx.assignments()) == {i: v[1] for i, v in scratch.items()}
    idx.close()
    assert scratch["football"] == ("football", "football")


def test_a_member_joined_through_another_shows_its_own_evidence(tmp_path: Path) -> None:
    """A copy reached through another copy joins the canonical only with weak direct
    evidence against it (stages.weak), and its flag and trace show that evidence."""
    from newssift.dedup import stages
    from newssift.dedup.trace import format_trace, trace
    from tests.dedup.synthetic import story

    a = doc("a", story(50), url="https://one.example/x", date="2024-05-02")
    b = doc("b", story(51), url="https://two.example/y", date="2024-05-01")
    c = doc("c", story(51), url="https://one.example/x/", date="2024-05-04")  # a's URL
    out = write_run(tmp_path / "o", {"0": [a, b, c]})
    run_dedup(str(out))
    rec = _records(out)["a"]
    (flag,) = [f for f in rec["flags"] if f["name"] == "copy_of"]
    assert json.loads(flag["text"])["method"] == "via_member"
    assert flag["value"] >= flag["threshold"] > 0  # evidence at its limit, never 0.0
    assert flag["threshold"] in (DedupOptions().threshold * stages.WEAK_FRACTION,
                                 DedupOptions().anchor_contained_threshold)
    text = format_trace(trace(str(out), "a"))
    assert "linked by  via_member (through another member; direct evidence" in text


def _disjoint_story(seed: int) -> str:
    """A story whose words no other seed's story shares."""
    rng = random.Random(seed)
    words = [f"w{seed}q{chr(97 + k % 26)}{chr(97 + k // 26)}" for k in range(40)]
    return "\n".join(" ".join(rng.choice(words) for _ in range(30)).capitalize() + "."
                     for _ in range(6))


def test_a_chain_longer_than_the_rounds_still_clusters_each_storys_copies(
        tmp_path: Path, monkeypatch) -> None:
    """(review r43) Stories chained by two-story digests make one component that needs a
    round per story; past STAR_ROUNDS the unplaced documents were left alone, so exact
    copies went unclustered. The rest are now stars over their own links."""
    from newssift.dedup import run as run_module

    monkeypatch.setattr(run_module, "STAR_ROUNDS", 2)
    k = 8
    texts = [_disjoint_story(s) for s in range(k)]
    docs = []
    for s in range(k):
        docs.append(doc(f"s{s}", texts[s], url=f"https://o.example/{s}", date="2024-01-01"))
        docs += [doc(f"s{s}-copy{c}", texts[s], url=f"https://c{c}.example/{s}",
                     date="2024-01-05") for c in range(2)]
    docs += [doc(f"dg{s}", texts[s] + "\n" + texts[s + 1], url=f"https://dg.example/{s}",
                 date="2024-01-09") for s in range(k - 1)]
    out = write_run(tmp_path / "o", {"0": docs})
    stats = run_dedup(str(out))
    assert stats.counts["dedup/star_rounds_capped"] > 0  # the case reaches the cap
    rows = {r["id"]: r for r in pq.read_table(out / "dedup" / "clusters.parquet").to_pylist()}
    for s in range(k):
        assert rows[f"s{s}"]["canonical_id"] == f"s{s}"
        for c in range(2):
            assert rows[f"s{s}-copy{c}"]["canonical_id"] == f"s{s}", (s, c)


def test_a_url_link_to_an_indexed_document_is_direct_evidence(tmp_path: Path) -> None:
    """(review r43) The index keeps no keys, so a page whose URL is an indexed page's (an
    updated live page) was left alone in the second batch, where one run of both links
    it: a verified link counts as direct evidence."""
    p = doc("p", LIBRARY, url="https://city.example/live", date="2023-11-11")
    q = doc("q", FOOTBALL, url="https://city.example/live/", date="2023-11-12")
    opt = DedupOptions(index=str(tmp_path / "index.sqlite"))
    run_dedup(str(write_run(tmp_path / "d1", {"0": [p]})), opt)
    second = write_run(tmp_path / "d2", {"0": [q]})
    run_dedup(str(second), opt)
    both = write_run(tmp_path / "u", {"0": [p], "1": [q]})
    run_dedup(str(both))
    assert _assign(both)["q"][0] == "p"
    assert _assign(second)["q"][0] == "p"
