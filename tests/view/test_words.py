"""The viewer's word index on disk (written once, reused, rebuilt when the run changes,
kept elsewhere when the run folder cannot be written) and its filter counts in numpy."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

pytest.importorskip("duckdb", reason="the viewer needs duckdb (pip install 'newssift[view]')")

from newssift.io.run_folder import FOLDERS, RunFolder
from newssift.io.writers import PartWriter, read_part
from newssift.record import Document, Flag
from newssift.view import words
from newssift.view.index import (
    _WORD,
    TABLE_FILE,
    TABLE_FORMAT,
    TABLE_PREFIX,
    Query,
    RunIndex,
    query_words,
)

VOCAB = "harbour ferry pier storm coast council budget Tromsø Ørsted ex-farm 2024".split()


def write_run(out: Path, n: int = 60, unit: str = "000000-a", seed: int = 1) -> Path:
    rng = random.Random(seed)
    with PartWriter(out, unit) as w:
        for i in range(n):
            decision = rng.choice(["keep", "keep", "reject", "quarantine"])
            w.write(Document(
                id=f"{unit}-d{i}", source="s.warc", url=f"https://site{i % 4}.example/{i}",
                title=" ".join(rng.sample(VOCAB, 2)),
                text=" ".join(rng.choice(VOCAB) for _ in range(rng.randint(1, 12))),
                site_name=f"site{i % 4}", language=rng.choice(["en", "de", None]),
                decision=decision,
                reason=rng.choice(["short", "farm"]) if decision != "keep" else None,
                flags=[Flag(f, "t/v1", 1.0, 0.5) for f in rng.sample(["a", "b", "c"],
                                                                     rng.randint(0, 2))],
                cluster_id=f"c{i // 3}" if i % 2 else None))
    return out


def all_docs(out: Path) -> list[Document]:
    return [d for folder in FOLDERS for part in RunFolder(out).part_paths(folder)
            for d in read_part(part)]


def scanned(docs: list[Document], q: str) -> set[str]:
    """What a full scan of the records finds for ``q``: every word in id, URL, title, text."""
    want = set(query_words(q))
    return {d.id for d in docs if want <= set(_WORD.findall(
        " ".join(v or "" for v in (d.id, d.url, d.title, d.text)).lower()))}


def found(index: RunIndex, q: str, **filters: str) -> set[str]:
    rows, total = index.search(Query(q=q, filters=filters), limit=10_000)
    assert total == len(rows)
    return {r["id"] for r in rows}


def open_ready(out: Path) -> RunIndex:
    index = RunIndex(out)
    assert index.words_ready.wait(120)
    return index


QUERIES = ("harbour", "ferry storm", "tromsø", "ørsted coast", "ex", "farm 2024", "site2",
           "000000", "d7", "nothere")


def test_index_is_written_once_and_reused(tmp_path: Path) -> None:
    out = write_run(tmp_path / "run")
    docs = all_docs(out)
    index = open_ready(out)
    try:
        assert index._words_thread is not None  # built this time
        folder = index.words.folder
        assert folder.parent == Path(RunFolder(out).view_index)
        assert folder.name == f"words-{index.words_key}"
        first = {q: found(index, q) for q in QUERIES}
    finally:
        index.close()
    assert folder.is_dir()  # kept after the viewer closes
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]  # no leftovers
    again = RunIndex(out)
    try:
        assert again.words_ready.is_set() and again._words_thread is None  # read, not built
        assert again.words.folder == folder
        for q in QUERIES:
            assert found(again, q) == first[q] == scanned(docs, q), q
    finally:
        again.close()


def test_listing_table_is_kept_and_read_at_the_next_start(tmp_path: Path) -> None:
    out = write_run(tmp_path / "run")
    index = open_ready(out)
    try:
        assert not index.table_read  # built from the parts this time
        first = index.search(Query(filters={"decision": "keep"}), limit=10_000)
        counts = index.facets(Query())
        total, bases, flag_bit = index.total, index.bases, index.flag_bit
    finally:
        index.close()
    saved = words.find(out, words.run_key(out, index.files, TABLE_FORMAT), TABLE_PREFIX,
                       (TABLE_FILE,))
    assert saved is not None and saved.parent == Path(RunFolder(out).view_index)
    again = RunIndex(out)
    try:
        assert again.table_read
        assert (again.total, again.bases, again.flag_bit) == (total, bases, flag_bit)
        assert again.search(Query(filters={"decision": "keep"}), limit=10_000) == first
        assert again.facets(Query()) == counts
    finally:
        again.close()
    # a damaged copy is not trusted: the table is built again from the parts
    (saved / TABLE_FILE).write_bytes(b"not a database")
    third = RunIndex(out)
    try:
        assert not third.table_read
        assert third.search(Query(filters={"decision": "keep"}), limit=10_000) == first
    finally:
        third.close()
    # a part added: the old table is not read
    with PartWriter(out, "000001-b") as w:
        w.write(Document(id="late", source="s", text="zanzibar", decision="keep"))
    fourth = RunIndex(out)
    try:
        assert not fourth.table_read and fourth.total == total + 1
    finally:
        fourth.close()


def test_a_changed_run_gets_a_new_index(tmp_path: Path) -> None:
    out = write_run(tmp_path / "run")
    index = open_ready(out)
    old = index.words.folder
    index.close()
    # another unit's part appears (a resumed run): the old index must not be read
    with PartWriter(out, "000001-b") as w:
        w.write(Document(id="late", source="s", text="zanzibar harbour", decision="keep"))
    index = RunIndex(out)
    try:
        assert index._words_thread is not None  # rebuilt
        assert index.words_ready.wait(120)
        assert index.words.folder != old and not old.exists()  # the stale one removed
        assert found(index, "zanzibar") == {"late"}
        assert found(index, "harbour") == scanned(all_docs(out), "harbour")
    finally:
        index.close()
    assert words.run_key(out, index.files) != old.name.removeprefix("words-")


def test_unwritable_run_folder_keeps_the_index_elsewhere(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    out = write_run(tmp_path / "run")
    docs = all_docs(out)
    # the run folder cannot take the index (a file where its folder would go: the same
    # OSError a read-only folder gives, also when the tests run as root)
    (out / "_state").mkdir()
    (out / "_state" / "view").write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    index = open_ready(out)
    try:
        assert index.words.folder.parent == words.cache_dir(out)
        assert str(tmp_path / "cache") in str(index.words.folder)
        assert found(index, "ferry storm") == scanned(docs, "ferry storm")
    finally:
        index.close()
    again = RunIndex(out)
    again.close()
    assert again._words_thread is None  # reused from the cache
    # neither the run folder nor the cache: built in the viewer's own temporary folder
    monkeypatch.setenv("XDG_CACHE_HOME", str(out / "stats-file-not-folder"))
    (out / "stats-file-not-folder").write_text("")
    index = open_ready(out)
    try:
        assert str(index.words.folder).startswith(index._tmp)
        assert found(index, "coast") == scanned(docs, "coast")
        tmp = Path(index._tmp)
    finally:
        index.close()
    assert not tmp.exists()


@pytest.mark.skipif(not hasattr(__import__("os"), "geteuid") or __import__("os").geteuid() == 0,
                    reason="root writes to read-only folders")
def test_read_only_run_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = write_run(tmp_path / "run")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    modes = {p: p.stat().st_mode for p in [out, *out.rglob("*")] if p.is_dir()}
    for p in modes:
        p.chmod(0o555)
    try:
        index = open_ready(out)
        try:
            assert index.words.folder.parent == words.cache_dir(out)
            assert found(index, "harbour") == scanned(all_docs(out), "harbour")
        finally:
            index.close()
    finally:
        for p, mode in modes.items():
            p.chmod(mode)


def test_terms_and_postings_across_tables_and_segments(tmp_path: Path) -> None:
    """A word's rows may be spread over several tables of a segment and over several
    segments: every lookup returns exactly the word's seqs, in the order written."""
    rng = random.Random(3)
    vocab = sorted({"".join(rng.choices("abcøé", k=rng.randint(1, 4))) for _ in range(60)})
    expected: dict[str, list[int]] = {}
    writer = words.Writer(tmp_path)
    seq = 0
    distinct = 0
    for _ in range(4):  # segments
        tables = []
        for _ in range(rng.randint(1, 4)):  # a segment's tables (batches of records)
            chosen = rng.sample(vocab, rng.randint(1, 20))
            seqs = []
            for t in chosen:
                s = sorted(rng.sample(range(seq, seq + 50), rng.randint(1, 5)))
                seqs.append(s)
                expected.setdefault(t, []).extend(s)
            tables.append(pa.table({"term": pa.array(chosen, pa.string()),
                                    "seqs": pa.array(seqs, pa.list_(pa.uint32()))}))
            seq += 50
        writer.segment(tables)
        distinct += len({t for table in tables for t in table.column("term").to_pylist()})
    writer.segment([])  # an empty segment is no segment
    writer.close()
    assert writer.n_terms == distinct
    index = words.WordIndex(tmp_path)
    assert len(index._segments) == 4
    for t, seqs in expected.items():
        assert index.lookup(t).tolist() == seqs, t
    for missing in ("", "zz", "a" * 9, "\uffff"):
        if missing not in expected:
            assert index.lookup(missing).size == 0


def test_filter_counts_equal_counting_the_records(tmp_path: Path) -> None:
    out = write_run(tmp_path / "run", n=120)
    docs = all_docs(out)
    by_id = {d.id: d for d in docs}
    index = open_ready(out)

    def value(d: Document, key: str) -> str | None:
        if key == "site":
            return d.url.split("/")[2]
        return {"decision": d.decision, "reason": d.reason, "language": d.language}[key]

    try:
        # (most records selected are counted as all less the unselected: "000000" is in
        # every id, "a" in most of them)
        for q, filters in (("", {}), ("harbour", {}), ("storm", {"decision": "reject"}),
                           ("000000", {}), ("a", {"decision": "keep"}),
                           ("", {"flag": "a", "language": "(none)"}),
                           ("coast", {"site": "site1.example", "flag": "b"})):
            query = Query(q=q, filters=filters)
            facets = index.facets(query)
            for key in ("decision", "reason", "site", "language", "flag"):
                others = {k: v for k, v in filters.items() if k != key}
                ids = found(index, q, **others) if q else {
                    r["id"] for r in index.search(Query(filters=others), limit=10_000)[0]}
                if key == "flag":
                    counts = Counter(f.name for i in ids for f in by_id[i].flags)
                else:
                    counts = Counter(value(by_id[i], key) for i in ids)
                want = sorted(counts.items(), key=lambda vc: (-vc[1], vc[0] is None, vc[0] or ""))
                assert facets[key] == want[:12], (q, filters, key)
            # clusters: the largest clusters among the matching records, their size in the run
            ids = found(index, q, **filters) if q else {
                r["id"] for r in index.search(query, limit=10_000)[0]}
            sizes = Counter(d.cluster_id for d in docs if d.cluster_id)
            want = sorted({(by_id[i].cluster_id, sizes[by_id[i].cluster_id]) for i in ids
                           if by_id[i].cluster_id and sizes[by_id[i].cluster_id] > 1},
                          key=lambda cs: (-cs[1], cs[0]))
            assert facets["cluster"] == want[:12]
        # the list is in part order, and a filter's total is its count
        rows, total = index.search(Query(filters={"decision": "keep"}, offset=3), limit=5)
        keep = [d.id for d in docs if d.decision == "keep"]
        assert [r["id"] for r in rows] == keep[3:8] and total == len(keep)
        assert np.count_nonzero(index.facet_codes.has_flag("a")) == sum(
            any(f.name == "a" for f in d.flags) for d in docs)
    finally:
        index.close()


def test_substring_scan_before_the_index_and_for_unspaced_scripts(tmp_path: Path) -> None:
    out = write_run(tmp_path / "run")
    with PartWriter(out, "000001-ja") as w:
        w.write(Document(id="ja", source="s", url="https://ja.example/1", title="記者会見",
                         text="東京の記者が話した", decision="keep"))
    docs = all_docs(out)
    index = open_ready(out)
    try:
        assert found(index, "東京の記者") == {"ja"}  # no word breaks: scanned
        for needle in ("harb", "ry st", "site2.ex", "-d1", "京"):
            want = {d.id for d in docs if any(needle in (v or "").lower()
                                              for v in (d.id, d.url, d.title, d.text))}
            got = {d.id for d, hit in zip(docs, index._scan(needle), strict=True) if hit}
            assert got == want, needle
            assert want or needle == "ry st"
    finally:
        index.close()
