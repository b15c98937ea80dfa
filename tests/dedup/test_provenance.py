"""Provenance: rejected copies take part, the canonical is never a flagged copy while an
unflagged member exists, and every copy carries its ``copy_of`` evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from newssift.dedup import DedupOptions, run_dedup
from newssift.dedup.trace import format_trace, trace
from newssift.record import REJECT, Flag
from tests.dedup.synthetic import copy_of, doc, story, write_run


def _rows(out: Path) -> dict[str, dict]:
    rows = {}
    for folder in ("kept", "rejected"):
        for p in sorted((out / folder).glob("part-*.parquet")):
            for r in pq.read_table(p).to_pylist():
                rows[r["id"]] = {**r, "folder": folder}
    return rows


def _farm(i: str, text: str, **kw):
    d = doc(i, text, **kw)
    d.decision, d.reason = REJECT, "content_farm"
    d.scores = {"content_farm": 0.9}
    d.flags = [Flag(name="chrome_density", rule="template_chrome_kinds/v1", value=3.0)]
    return d


def _copy_flag(row: dict) -> dict | None:
    found = [f for f in row["flags"] if f["name"] == "copy_of"]
    assert len(found) <= 1
    return json.loads(found[0]["text"]) if found else None


def test_rejected_copies_get_provenance_and_evidence(tmp_path: Path) -> None:
    base = story(1)
    orig = doc("orig", base, url="https://agency.example/a", date="2024-03-10")
    farm_text = "Trending now: celebrity news\n" + copy_of(base, 5)
    farm = _farm("farm", farm_text, url="https://farm.example/x", date="2024-03-12")
    other = doc("other", story(2), url="https://other.example/b", date="2024-03-11")
    out = write_run(tmp_path / "o", {"0": [orig, other]})
    write_run(out, {"0": [farm]}, folder="rejected")
    stats = run_dedup(str(out))
    rows = _rows(out)
    assert rows["farm"]["folder"] == "rejected"  # nothing moves between folders
    assert rows["farm"]["canonical_id"] == rows["farm"]["cluster_id"] == "orig"
    assert rows["orig"]["canonical_reason"] == "earliest_date 2024-03-10"
    assert rows["other"]["canonical_reason"] == "singleton"
    ev = _copy_flag(rows["farm"])
    assert ev["canonical_id"] == "orig" and ev["canonical_url"] == "https://agency.example/a"
    assert ev["method"] == "minhash"
    assert "Trending now: celebrity news" in ev["added"]
    assert "Follow us for more local news." in ev["added"]
    assert ev["lines_dropped"] >= 1  # the copy's word swaps change every line
    assert 0.0 < ev["word_change_rate"] < 0.2
    # the assessment's flags stay, in order, before the dedup flag
    assert [f["name"] for f in rows["farm"]["flags"]] == ["chrome_density", "copy_of"]
    assert _copy_flag(rows["orig"]) is None and _copy_flag(rows["other"]) is None
    assert stats.counts["dedup/in"] == 3
    # a second run replaces the dedup flag instead of adding one
    run_dedup(str(out))
    assert [f["name"] for f in _rows(out)["farm"]["flags"]] == ["chrome_density", "copy_of"]


def test_flagged_copy_is_never_canonical_while_unflagged_member_exists(tmp_path: Path) -> None:
    base = story(3)
    farm = _farm("farm", base, url="https://farm.example/x", date="2024-01-01")  # earliest
    late = doc("late", copy_of(base, 2), url="https://paper.example/y", date="2024-02-01")
    out = write_run(tmp_path / "o", {"0": [late]})
    write_run(out, {"0": [farm]}, folder="rejected")
    run_dedup(str(out))
    rows = _rows(out)
    assert rows["farm"]["canonical_id"] == "late"
    assert rows["late"]["canonical_reason"] == "not_flagged_copy"
    assert _copy_flag(rows["farm"])["canonical_id"] == "late"


def test_all_flagged_falls_back_to_the_usual_rule(tmp_path: Path) -> None:
    base = story(4)
    a = _farm("a", base, url="https://f1.example/x", date="2024-01-02")
    b = _farm("b", copy_of(base, 1), url="https://f2.example/y", date="2024-01-01")
    out = write_run(tmp_path / "o", {"0": [a, b]}, folder="rejected")
    (out / "kept").mkdir()
    run_dedup(str(out))
    rows = _rows(out)
    assert rows["a"]["canonical_id"] == "b"
    assert rows["b"]["canonical_reason"] == "earliest_date 2024-01-01"


def test_bad_input_no_text_no_date_no_url_duplicate_ids(tmp_path: Path) -> None:
    base = story(6)
    docs = [
        doc("empty", "", url="https://x.example/a", date="2024-01-01"),
        doc("empty2", "", url="https://x.example/a", date="2024-01-02"),  # same URL, no text
        doc("nodate", base, url="https://y.example/b"),
        doc("nourl", copy_of(base, 3), date="2024-05-01"),
        doc("dup", story(7), url="https://z.example/c", date="2024-01-01"),
    ]
    twin = doc("dup", story(8), url="https://w.example/d", date="2024-01-01")
    out = write_run(tmp_path / "o", {"0": docs})
    write_run(out, {"0": [twin]}, folder="rejected")
    run_dedup(str(out))
    kept = pq.read_table(out / "kept" / "part-0.parquet").to_pylist()
    rej = pq.read_table(out / "rejected" / "part-0.parquet").to_pylist()
    assert len(kept) == 5 and len(rej) == 1  # nothing lost
    by = {r["id"]: r for r in kept}
    assert by["empty"]["canonical_reason"] == by["empty2"]["canonical_reason"] == "singleton"
    assert by["nourl"]["canonical_id"] == "nourl"  # dated copy before the undated one
    assert by["nodate"]["canonical_id"] == "nourl"
    assert by["nourl"]["canonical_reason"] == "earliest_date 2024-05-01"
    assert all(r["cluster_id"] for r in kept + rej)
    clusters = pq.read_table(out / "dedup" / "clusters.parquet").to_pylist()
    assert len(clusters) == 6
    # one id per record: the kept "dup" (kept/ before rejected/ at one source position)
    # keeps it, the rejected one is renamed and keeps the input's id on a flag
    assert len({c["id"] for c in clusters}) == 6
    assert by["dup"]["cluster_id"] == "dup"
    assert rej[0]["id"] == rej[0]["cluster_id"] == "dup~dup2"
    flag = next(f for f in rej[0]["flags"] if f["name"] == "duplicate_id")
    assert json.loads(flag["text"])["input_id"] == "dup"
    assert {m["id"] for m in trace(out, "dup~dup2")["members"]} == {"dup~dup2"}


def test_big_cluster_links_every_copy_to_one_canonical(tmp_path: Path) -> None:
    base = story(9, paragraphs=3)
    docs = [doc("c00000", base, url="https://wire.example/a", date="2024-01-01")]
    docs += [doc(f"c{k:05d}", copy_of(base, k, noise=0.02), url=f"https://s{k}.example/a",
                 date="2024-01-02") for k in range(1, 10_000)]
    out = write_run(tmp_path / "o", {f"{k}": docs[k::4] for k in range(4)})
    opt = DedupOptions()
    stats = run_dedup(str(out), opt)
    rows = _rows(out)
    assert len(rows) == 10_000
    assert {r["canonical_id"] for r in rows.values()} == {"c00000"}
    assert stats.counts["dedup/clusters"] == 1
    # the star buckets keep candidate pairs linear in the cluster size, not quadratic
    assert stats.counts["dedup/candidate_pairs"] <= opt.kinds() * 10_000
    ev = _copy_flag(rows["c09999"])
    assert ev["canonical_id"] == "c00000" and "Follow us for more local news." in ev["added"]
    # trace lists a bounded number of members and says how many it left out
    t = trace(out, "c09999", max_members=50)
    assert t["n_members"] == 10_000 and len(t["members"]) == 50
    assert t["members"][0]["id"] == "c00000"
    assert "9950 more members not listed" in format_trace(t)


def test_copy_evidence_is_capped_and_says_so(tmp_path: Path) -> None:
    """A copy that adds more lines than the evidence shows: counted in full, the shown
    lines capped at ``MAX_LINES``, ``truncated`` set."""
    from newssift.dedup.evidence import MAX_LINES

    base = story(11, paragraphs=8)
    extra = [f"Sponsored line number {k} about other things entirely." for k in range(30)]
    docs = [doc("orig", base, url="https://wire.example/a", date="2024-01-01"),
            doc("copy", base + "\n" + "\n".join(extra), url="https://farm.example/a",
                date="2024-01-02")]
    out = write_run(tmp_path / "o", {"0": docs})
    run_dedup(str(out))
    ev = _copy_flag(_rows(out)["copy"])
    assert ev["canonical_id"] == "orig"
    assert ev["lines_added"] == 30 and len(ev["added"]) == MAX_LINES < 30
    assert ev["truncated"] is True


def test_incremental_with_rejected_equals_from_scratch(tmp_path: Path) -> None:
    from newssift.dedup.index import DedupIndex

    base = story(30)
    a = doc("a", base, url="https://wire.example/a", date="2024-01-05")
    f1 = _farm("f1", copy_of(base, 1), url="https://farm.example/1", date="2024-01-01")
    b = doc("b", copy_of(base, 2), url="https://paper.example/b", date="2024-01-03")
    f2 = _farm("f2", copy_of(base, 3), url="https://farm.example/2", date="2024-01-02")
    opt = DedupOptions(index=str(tmp_path / "i.sqlite"))
    d1 = write_run(tmp_path / "d1", {"0": [a]})
    write_run(d1, {"0": [f1]}, folder="rejected")
    d2 = write_run(tmp_path / "d2", {"0": [b]})
    write_run(d2, {"0": [f2]}, folder="rejected")
    run_dedup(str(d1), opt)
    run_dedup(str(d2), opt)
    u = write_run(tmp_path / "u", {"0": [a], "1": [b]})
    write_run(u, {"0": [f1], "1": [f2]}, folder="rejected")
    run_dedup(str(u))
    scratch = _rows(u)
    assert {r["canonical_id"] for r in scratch.values()} == {"b"}  # earliest unflagged
    for i, r in _rows(d2).items():
        assert r["canonical_id"] == scratch[i]["canonical_id"]
        assert r["canonical_reason"] == scratch[i]["canonical_reason"]
    idx = DedupIndex(opt.index, DedupOptions())
    assert dict(idx.assignments()) == {i: r["canonical_id"] for i, r in scratch.items()}
    idx.close()


def test_translated_copy_linked_other_report_of_same_event_not(tmp_path: Path) -> None:
    from tests.dedup.translated import GERMAN, ORIGINAL, OTHER_OUTLET, PARAPHRASE

    docs = [
        doc("orig", ORIGINAL, url="https://wire.example/bridge", date="2024-06-02"),
        doc("para", PARAPHRASE, url="https://farm.example/bridge", date="2024-06-03"),
        doc("de", GERMAN, url="https://zeitung.example/bruecke", date="2024-06-02",
            language="de"),
        doc("other", OTHER_OUTLET, url="https://paper.example/vote", date="2024-06-02"),
    ]
    out = write_run(tmp_path / "o", {"0": docs})
    stats = run_dedup(str(out))
    rows = _rows(out)
    assert rows["para"]["canonical_id"] == "orig"  # shares almost no word 3-shingles
    ev = _copy_flag(rows["para"])
    assert ev["method"] == "translation"
    assert rows["para"]["canonical_similarity"] < DedupOptions().threshold
    assert rows["other"]["canonical_id"] == "other"  # same event, not a copy
    assert stats.counts["dedup/translation_pairs"] >= 1
    # the German version: no crash, nothing lost, a cluster either way; documented in
    # docs/architecture.md (anchors of another language are mostly names and numbers)
    assert rows["de"]["cluster_id"] in ("orig", "de")
    without = write_run(tmp_path / "w", {"0": docs})
    run_dedup(str(without), DedupOptions(anchors=False))
    assert _rows(without)["para"]["canonical_id"] == "para"


def test_sites_table(tmp_path: Path) -> None:
    base = story(40)
    orig = doc("orig", base, url="https://www.wire.example/a", date="2024-01-01")
    f1 = _farm("f1", copy_of(base, 1), url="https://farm.example/1", date="2024-01-02")
    f2 = _farm("f2", copy_of(base, 2), url="https://farm.example/2", date="2024-01-03")
    own = doc("own", story(41), url="https://farm.example/3", date="2024-01-03")
    nourl = doc("nourl", story(42))
    out = write_run(tmp_path / "o", {"0": [orig, own, nourl]})
    write_run(out, {"0": [f1, f2]}, folder="rejected")
    stats = run_dedup(str(out))
    rows = pq.read_table(out / "sites.parquet").to_pylist()
    assert [r["domain"] for r in rows] == ["(no url)", "farm.example", "wire.example"]
    farm = rows[1]
    assert (farm["documents"], farm["kept"], farm["rejected"]) == (3, 1, 2)
    assert farm["content_farm"] == 2 and abs(farm["content_farm_share"] - 2 / 3) < 1e-6
    assert farm["copies_of_other_domains"] == 2
    assert farm["copies_from"] == [{"domain": "wire.example", "count": 2}]
    assert rows[2]["copies_of_other_domains"] == 0 and rows[2]["copies_from"] == []
    assert stats.counts["dedup/sites"] == 3


def test_cluster_mixing_languages_gets_evidence_and_loses_nothing(tmp_path: Path) -> None:
    """A German version that names the English original as its canonical URL joins its
    cluster (URL key): the cluster mixes languages, every member gets provenance and
    the German copy's evidence says how much changed (nearly every word)."""
    from tests.dedup.translated import GERMAN, ORIGINAL, PARAPHRASE

    docs = [
        doc("en", ORIGINAL, url="https://wire.example/bridge", date="2024-06-02",
            language="en"),
        doc("de", GERMAN, url="https://zeitung.example/bruecke", date="2024-06-03",
            canonical_url="https://wire.example/bridge", language="de"),
        doc("para", PARAPHRASE, url="https://farm.example/bridge", date="2024-06-04",
            language="en"),
    ]
    out = write_run(tmp_path / "o", {"0": docs[:2]})
    write_run(out, {"0": [docs[2]]}, folder="rejected")
    run_dedup(str(out))
    rows = _rows(out)
    assert set(rows) == {"en", "de", "para"}  # nothing lost, no record moved
    assert rows["para"]["folder"] == "rejected"
    assert {r["canonical_id"] for r in rows.values()} == {"en"}
    ev = _copy_flag(rows["de"])
    assert ev["method"] == "url" and ev["canonical_id"] == "en"
    assert ev["word_change_rate"] > 0.5 and ev["lines_added"] == ev["lines_dropped"] == 7
    assert _copy_flag(rows["en"]) is None  # the canonical carries no copy_of



def test_follow_up_around_another_story_is_not_linked(tmp_path: Path) -> None:
    """A follow-up that repeats the original's lede and last line around another article
    passes loose anchor signatures but not the alignment of the anchor sequences; the
    paraphrase passes both."""
    from tests.dedup.translated import ORIGINAL, OTHER_OUTLET, PARAPHRASE

    lines = ORIGINAL.split("\n")
    follow_up = "\n".join([lines[0], lines[1], *OTHER_OUTLET.split("\n"), lines[-1]])
    docs = [
        doc("orig", ORIGINAL, url="https://wire.example/bridge", date="2024-06-02"),
        doc("para", PARAPHRASE, url="https://farm.example/bridge", date="2024-06-03"),
        doc("follow", follow_up, url="https://paper.example/later", date="2024-06-09"),
    ]
    loose = {"anchor_threshold": 0.15, "anchor_order_threshold": 0.0,
             "anchor_content_threshold": 0.1, "threshold": 0.9}
    found = {}
    for name, segments in (("unchecked", 0), ("checked", 10)):
        out = write_run(tmp_path / name, {"0": docs})
        stats = run_dedup(str(out), DedupOptions(anchor_align_segments=segments, **loose))
        found[name] = ({i: r["canonical_id"] for i, r in _rows(out).items()}, stats.counts)
    assert found["unchecked"][0]["follow"] == "orig"  # the signatures alone link it
    assert found["checked"][0] == {"orig": "orig", "para": "orig", "follow": "follow"}
    assert found["checked"][1]["dedup/unaligned_translation_pairs"] >= 1
    rows = _rows(tmp_path / "checked")
    assert _copy_flag(rows["para"])["method"] == "translation"


def test_incremental_alignment_reads_indexed_sequences(tmp_path: Path) -> None:
    """A translation arriving a day after its original, and a follow-up of it, are
    checked against the original's anchor sequence from the index: the same links as one
    run over both days."""
    from newssift.dedup.index import DedupIndex
    from tests.dedup.translated import ORIGINAL, OTHER_OUTLET, PARAPHRASE

    lines = ORIGINAL.split("\n")
    follow_up = "\n".join([lines[0], lines[1], *OTHER_OUTLET.split("\n"), lines[-1]])
    orig = doc("orig", ORIGINAL, url="https://wire.example/bridge", date="2024-06-02")
    para = doc("para", PARAPHRASE, url="https://farm.example/bridge", date="2024-06-03")
    follow = doc("follow", follow_up, url="https://paper.example/later", date="2024-06-09")
    loose = {"anchor_threshold": 0.15, "anchor_order_threshold": 0.0,
             "anchor_content_threshold": 0.1, "threshold": 0.9}
    opt = DedupOptions(index=str(tmp_path / "i.sqlite"), **loose)
    d1 = write_run(tmp_path / "d1", {"0": [orig]})
    d2 = write_run(tmp_path / "d2", {"0": [para, follow]})
    run_dedup(str(d1), opt)
    stats = run_dedup(str(d2), opt)
    u = write_run(tmp_path / "u", {"0": [orig], "1": [para, follow]})
    run_dedup(str(u), DedupOptions(**loose))
    scratch = {i: r["canonical_id"] for i, r in _rows(u).items()}
    assert scratch == {"orig": "orig", "para": "orig", "follow": "follow"}
    assert {i: r["canonical_id"] for i, r in _rows(d2).items()} == \
        {"para": "orig", "follow": "follow"}
    assert stats.counts["dedup/unaligned_translation_pairs"] >= 1
    assert _copy_flag(_rows(d2)["para"])["method"] == "translation"  # old canonical's sequence
    idx = DedupIndex(opt.index, DedupOptions(**loose))
    assert dict(idx.assignments()) == scratch
    idx.close()


def test_alignment_output_identical_with_a_process_pool(tmp_path: Path) -> None:
    from tests.conftest import pool_pmap
    from tests.dedup.translated import GERMAN, ORIGINAL, OTHER_OUTLET, PARAPHRASE

    lines = ORIGINAL.split("\n")
    follow_up = "\n".join([lines[0], *OTHER_OUTLET.split("\n"), lines[-1]])
    parts = {"0": [doc("orig", ORIGINAL, url="https://wire.example/a", date="2024-06-02"),
                   doc("follow", follow_up, url="https://paper.example/b")],
             "1": [doc("para", PARAPHRASE, url="https://farm.example/c"),
                   doc("de", GERMAN, url="https://zeitung.example/d", language="de")]}
    opt = DedupOptions(anchor_threshold=0.15, anchor_order_threshold=0.0,
                       anchor_content_threshold=0.1, threshold=0.9)
    one, two = write_run(tmp_path / "one", parts), write_run(tmp_path / "two", parts)
    s1 = run_dedup(str(one), opt)
    s2 = run_dedup(str(two), opt, pmap=pool_pmap)
    assert s1.counts == s2.counts and s1.counts["dedup/translation_pairs"] >= 1
    for name in ("part-0.parquet", "part-1.parquet"):
        assert (one / "kept" / name).read_bytes() == (two / "kept" / name).read_bytes()


def test_cut_copy_linked_on_the_contained_path(tmp_path: Path) -> None:
    """anchor_alignment/v2: a copy cut to its first quarter shares a quarter of the word
    shingles and misses the strong anchor limits, but its anchor sequence is covered by
    its original's: linked on the contained path, its limit named in the evidence."""
    import random

    from tests.dedup.synthetic import _WORDS

    rng = random.Random(11)
    lines = []
    for k in range(60):
        words = [rng.choice(_WORDS) for _ in range(4)]
        lines.append(f"Officer Quill{k:03d} told {words[0]} {words[1]} that {1000 + 7 * k} "
                     f"{' '.join(words[2:])} near Varn{k:03d} on Monday.")
    original = "\n".join(lines)
    cut = "\n".join(lines[:15])  # set estimate ~0.31: under anchor_threshold
    opt = DedupOptions()
    docs = [doc("orig", original, url="https://wire.example/a", date="2024-05-01"),
            doc("cut", cut, url="https://farm.example/a", date="2024-05-02")]
    out = write_run(tmp_path / "o", {"0": docs})
    run_dedup(str(out), opt)
    rows = _rows(out)
    assert rows["cut"]["canonical_id"] == "orig"
    assert rows["cut"]["canonical_similarity"] < opt.threshold
    assert _copy_flag(rows["cut"])["method"] == "contained"  # provenance_copy/v2
    flag = next(f for f in rows["cut"]["flags"] if f["name"] == "copy_of")
    assert flag["rule"] == "provenance_copy/v2"
    assert flag["threshold"] == opt.anchor_contained_threshold  # not the strong limits
    # without the contained path (as under anchor_alignment/v1): not linked
    old = write_run(tmp_path / "v1", {"0": docs})
    run_dedup(str(old), DedupOptions(anchor_contained_threshold=1.0))
    assert _rows(old)["cut"]["canonical_id"] == "cut"
