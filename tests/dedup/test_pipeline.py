"""run_dedup end to end on small synthetic runs: clusters, determinism, incremental."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from newssift.dedup import DedupOptions, run_dedup
from newssift.dedup.index import DedupIndex, IndexMismatch
from tests.conftest import pool_pmap
from tests.dedup.synthetic import copy_of, corpus, doc, story, write_run


def _digest(out: Path) -> dict[str, str]:
    files = [*sorted((out / "kept").glob("part-*")), out / "dedup" / "clusters.parquet",
             out / "sites.parquet"]
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def _assign(out: Path) -> dict[str, tuple]:
    rows = pq.read_table(out / "dedup" / "clusters.parquet").to_pylist()
    return {r["id"]: (r["cluster_id"], r["canonical_id"]) for r in rows}


def test_copies_cluster_and_stories_stay_apart(run_dir: Path) -> None:
    stats = run_dedup(str(run_dir))
    assign = _assign(run_dir)
    assert len(assign) == 48
    for i, (cluster, canon) in assign.items():
        story_of = i.split("-")[0]
        assert canon.split("-")[0] == story_of  # never joined to another story
        assert cluster == canon
    joined = sum(1 for i, (_, c) in assign.items() if c == i.split("-")[0] + "-c0")
    assert joined >= 45
    assert stats.counts["dedup/clusters"] == 12
    assert stats.counts["dedup/in"] == 48
    assert sorted(p.name for p in (run_dir / "dedup").iterdir()) == ["clusters.parquet"]


def test_kept_rows_filled_in_place(run_dir: Path) -> None:
    before = pq.read_table(run_dir / "kept" / "part-001.parquet")
    run_dedup(str(run_dir))
    after = pq.read_table(run_dir / "kept" / "part-001.parquet")
    assert after.column("id").to_pylist() == before.column("id").to_pylist()
    assert after.column("text").to_pylist() == before.column("text").to_pylist()
    assert after.schema.equals(before.schema)
    rows = after.to_pylist()
    assert all(r["cluster_id"] and r["canonical_id"] and r["canonical_reason"] for r in rows)
    for r in rows:
        if r["id"] == r["canonical_id"]:
            assert r["canonical_similarity"] == 1.0
        else:
            assert DedupOptions().threshold <= r["canonical_similarity"] < 1.0
            assert r["canonical_reason"] == "earliest_date 2024-03-10"


def test_output_identical_for_any_worker_count(run_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "copy"
    shutil.copytree(run_dir, other)
    run_dedup(str(run_dir))
    run_dedup(str(other), pmap=pool_pmap)
    assert _digest(run_dir) == _digest(other)
    run_dedup(str(other))  # a second dedup of the same run changes nothing
    assert _digest(run_dir) == _digest(other)


def test_verification_steps_of_any_size_give_the_same_output(
    run_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    # the verification steps take _PAIR_ROWS signature entries a side; a row wider than
    # that must still make a step of one pair (a step of 0 stopped the run), and pairs
    # verified a few at a time must give what one step gives
    from newssift.dedup import stages

    other = tmp_path / "copy"
    shutil.copytree(run_dir, other)
    run_dedup(str(run_dir))
    monkeypatch.setattr(stages, "_PAIR_ROWS", 1 << 7)  # below one row: a pair a step
    run_dedup(str(other))
    assert _digest(run_dir) == _digest(other)


def test_jsonl_parts(tmp_path: Path) -> None:
    docs = corpus(4, 3)
    out = write_run(tmp_path / "o", {"a": docs[:6], "b": docs[6:]}, fmt="jsonl")
    run_dedup(str(out))
    lines = (out / "kept" / "part-b.jsonl").read_text().splitlines()
    assert len(lines) == 6
    assert all('"canonical_id": "s' in line for line in lines)


def test_exact_and_url_duplicates(tmp_path: Path) -> None:
    text = story(99)
    docs = [
        doc("a", text, url="https://news.example/x?utm_source=feed"),
        doc("b", text.upper().replace(".", " !"), url="https://other.example/y"),
        doc("c", story(98), url="http://www.news.example/x/"),
        doc("d", story(97), url="https://lone.example/z"),
    ]
    out = write_run(tmp_path / "o", {"0": docs})
    stats = run_dedup(str(out))
    assign = _assign(out)
    # c shares only a's URL, and a is b's copy: c has no evidence against b, so it is not
    # named b's copy (r42 finding 1: no chaining through a member); it stands alone
    assert assign["a"][1] == assign["b"][1] == "b"
    assert assign["c"] == ("c", "c")
    assert assign["d"] == ("d", "d")
    assert stats.counts["dedup/exact_duplicates"] == 1
    assert stats.counts["dedup/url_duplicates"] == 1
    rows = {r["id"]: r for r in pq.read_table(out / "kept" / "part-0.parquet").to_pylist()}
    method = {i: json.loads(f["text"])["method"] for i, r in rows.items()
              for f in r["flags"] if f["name"] == "copy_of"}
    # b is the canonical (longest text); every copy names a direct link to it
    assert method == {"a": "exact_text"}


def test_incremental_equals_from_scratch(tmp_path: Path) -> None:
    docs = corpus(10, 4)
    rng = random.Random(3)
    rng.shuffle(docs)
    day1, day2 = docs[:22], docs[22:]
    # a day-2 copy with the earliest date takes over a day-1 cluster's canonical
    day2.append(doc("zz-early", docs[0].text, date="2024-01-01"))
    index = str(tmp_path / "index.sqlite")
    opt = DedupOptions(index=index)
    out1 = write_run(tmp_path / "day1", {"a0": day1[:11], "a1": day1[11:]})
    out2 = write_run(tmp_path / "day2", {"b0": day2[:9], "b1": day2[9:]})
    run_dedup(str(out1), opt)
    run_dedup(str(out2), opt)
    union = write_run(tmp_path / "union", {"a0": day1[:11], "a1": day1[11:],
                                           "b0": day2[:9], "b1": day2[9:]})
    run_dedup(str(union))
    scratch = _assign(union)
    # the new batch's records equal the from-scratch records
    for i, value in _assign(out2).items():
        assert value == scratch[i]
    # the index holds the from-scratch assignment of every document, old ones included
    idx = DedupIndex(index, DedupOptions())
    indexed = dict(idx.assignments())
    idx.close()
    assert indexed == {i: v[1] for i, v in scratch.items()}
    assert indexed[docs[0].id] == "zz-early"
    a = pq.read_table(out2 / "kept" / "part-b0.parquet").to_pylist()
    b = {r["id"]: r for r in pq.read_table(union / "kept" / "part-b0.parquet").to_pylist()}
    for r in a:
        assert r["canonical_similarity"] == b[r["id"]]["canonical_similarity"]
        assert r["canonical_reason"] == b[r["id"]]["canonical_reason"]


def test_index_refuses_other_settings(tmp_path: Path) -> None:
    DedupIndex(tmp_path / "i.sqlite", DedupOptions()).close()
    with pytest.raises(IndexMismatch):
        DedupIndex(tmp_path / "i.sqlite", DedupOptions(num_perm=64))


def test_index_refuses_one_built_under_other_rules(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """An index holds clusters and canonicals of the rules it was built under: one built
    before the star clusters, the canonical order v2 or the tiled alignment is refused."""
    from newssift.dedup import canonical, index

    DedupIndex(tmp_path / "i.sqlite", DedupOptions()).close()
    DedupIndex(tmp_path / "i.sqlite", DedupOptions()).close()  # the same rules: reused
    with pytest.raises(IndexMismatch):
        DedupIndex(tmp_path / "i.sqlite", DedupOptions(anchor_tiling=False))
    for module, name, old in ((canonical, "RULE", "canonical_order/v1"),
                              (index, "CLUSTERS", "components/v1")):
        with monkeypatch.context() as m:
            m.setattr(module, name, old)
            with pytest.raises(IndexMismatch):
                DedupIndex(tmp_path / "i.sqlite", DedupOptions())


def test_empty_run(tmp_path: Path) -> None:
    (tmp_path / "o" / "kept").mkdir(parents=True)
    stats = run_dedup(str(tmp_path / "o"))
    assert stats.counts["dedup/in"] == 0
    assert pq.read_table(tmp_path / "o" / "dedup" / "clusters.parquet").num_rows == 0


def test_incremental_merges_two_old_clusters(tmp_path: Path) -> None:
    a = doc("a", story(50), url="https://one.example/x", date="2024-05-02")
    b = doc("b", story(51), url="https://two.example/y", date="2024-05-01")
    b2 = doc("b2", copy_of(story(51), 4), url="https://three.example/z", date="2024-05-03")
    c = doc("c", story(51), url="https://one.example/x/", date="2024-05-04")  # a's URL, b's text
    opt = DedupOptions(index=str(tmp_path / "index.sqlite"))
    run_dedup(str(write_run(tmp_path / "d1", {"0": [a, b, b2]})), opt)
    idx = DedupIndex(opt.index, DedupOptions())
    assert dict(idx.assignments()) == {"a": "a", "b": "b", "b2": "b"}
    idx.close()
    out2 = write_run(tmp_path / "d2", {"0": [c]})
    run_dedup(str(out2), opt)
    union = write_run(tmp_path / "u", {"0": [a, b, b2], "1": [c]})
    run_dedup(str(union))
    scratch = _assign(union)
    # one cluster, b is the earliest (a joins b through c, on a's URL with b's text, and
    # the weak evidence between a and b: two stories of the fixtures' small vocabulary)
    assert {v[1] for v in scratch.values()} == {"b"}
    idx = DedupIndex(opt.index, DedupOptions())
    assert dict(idx.assignments()) == {i: v[1] for i, v in scratch.items()}
    idx.close()
    assert _assign(out2)["c"] == scratch["c"]


def test_bucket_batches_give_each_kinds_pairs(run_dir: Path) -> None:
    """stages.buckets_task (the kinds of a batch, each shard's rows read at once) gives
    every kind the pairs bucket_task gives it alone."""
    import numpy as np

    from newssift.dedup import scratch, stages
    from newssift.dedup.run import run_parts
    from newssift.io.run_folder import RunFolder

    opt = DedupOptions()
    ddir = RunFolder(str(run_dir)).dedup
    (Path(ddir) / scratch.SIG_DIR).mkdir(parents=True)
    results = [stages.signature_task((p, ddir, opt, stem)) for p, stem in run_parts(str(run_dir))]
    (Path(ddir) / scratch.SIG_DIR / scratch.MANIFEST).write_text(json.dumps(
        {"stems": [s for s, _ in results], "counts": [c for _, c in results]}))
    kinds = opt.kinds()
    for lo, hi in ((0, kinds), (0, 1), (3, 11), (kinds - 2, kinds), (kinds, kinds)):
        got = stages.buckets_task((ddir, lo, hi))
        assert len(got) == hi - lo
        for k, (a, b) in zip(range(lo, hi), got, strict=True):
            want_a, want_b = stages.bucket_task((ddir, k))
            assert np.array_equal(a, want_a) and np.array_equal(b, want_b)
            assert a.dtype == want_a.dtype and b.dtype == want_b.dtype
    assert any(len(a) for a, _ in stages.buckets_task((ddir, 0, kinds)))


def _site_result(part: str, folder: str, assign_file: str) -> dict:
    """One part's rows for sites.sites_table, read from files: its url, reason and scores
    columns and its assignment file (the reference the driver's values are held to)."""
    import pyarrow.parquet as pq

    from newssift.dedup import sites
    from newssift.io.run_folder import KEPT
    from newssift.io.writers import read_columns

    t = read_columns(part, ["url", "reason", "scores"])
    domain, farm, mt = sites.site_marks(*(t.column(c).to_pylist()
                                          for c in ("url", "reason", "scores")))
    ref = pq.read_table(assign_file, columns=["canonical_ref"]).column("canonical_ref")
    return {"domain": domain, "kept": folder == KEPT, "farm": farm, "mt": mt,
            "ref": ref.to_numpy()}


def test_site_marks_from_the_signature_meta_equal_the_parts(run_dir: Path) -> None:
    """The marks signature_task writes into the shard's meta table equal site_marks of the
    part's own url, reason and scores."""
    from newssift.dedup import scratch, sites, stages
    from newssift.dedup.run import run_parts
    from newssift.io import arrays
    from newssift.io.run_folder import RunFolder
    from newssift.io.writers import read_columns

    opt = DedupOptions()
    ddir = RunFolder(str(run_dir)).dedup
    (Path(ddir) / scratch.SIG_DIR).mkdir(parents=True)
    checked = 0
    for part, stem in run_parts(str(run_dir)):
        stages.signature_task((part, ddir, opt, stem))
        meta = arrays.read_table(scratch.shard_paths(ddir, stem)["meta"])
        got = tuple(meta.column(c).to_pylist() for c in sites.MARK_COLUMNS)
        t = read_columns(part, ["url", "reason", "scores"])
        want = sites.site_marks(*(t.column(c).to_pylist() for c in ("url", "reason", "scores")))
        assert got == tuple(want)
        checked += len(got[0])
    assert checked


def test_site_marks_read_scores_in_every_stored_form() -> None:
    """A row reaches the farm or MT mark by its reason or by its score at SUSPECT_LIMIT,
    whether scores are Parquet's {name, value} structs, a map's pairs or a dict (the
    struct form once read as its two keys: no score ever counted)."""
    from newssift.dedup import sites
    from newssift.dedup.parts import SUSPECT_LIMIT

    high, low = SUSPECT_LIMIT + 0.1, SUSPECT_LIMIT - 0.1
    forms = [
        [{"name": "content_farm", "value": high}, {"name": "machine_translated", "value": low}],
        [("content_farm", high), ("machine_translated", low)],
        {"content_farm": high, "machine_translated": low},
    ]
    for scores in forms:
        domains, farm, mt = sites.site_marks(
            ["https://www.farm.example/a", None], [None, "machine_translated"], [scores, None])
        assert domains == ["farm.example", sites.NO_URL]
        assert farm == [True, False] and mt == [False, True]
