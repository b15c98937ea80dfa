"""HTML and text files, and Parquet tables: one document per file or row, breakage kept."""

from __future__ import annotations

import gzip
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newssift.io.options import ReadOptions
from newssift.io.readers import plan, read
from newssift.record import QUARANTINE
from newssift.stage import Stats
from tests.io.helpers import dicts, page, read_split


def test_html_and_text_files(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "2021").mkdir(parents=True)
    (root / "a.html").write_bytes(page(1))
    (root / "2021" / "b.htm").write_bytes(page(2))
    (root / "c.html.gz").write_bytes(gzip.compress(page(3), mtime=0))
    (root / "d.txt").write_text("A plain story.\nSecond line.\n")
    stats = Stats()
    docs = list(read(str(root), stats=stats))
    by_src = {Path(d.source).name: d for d in docs}
    assert sorted(by_src) == ["a.html", "b.htm", "c.html.gz", "d.txt"]
    assert "Ferry line 3" in (by_src["c.html.gz"].html or "")
    assert by_src["d.txt"].text == "A plain story.\nSecond line.\n"
    assert by_src["a.html"].url is None and by_src["a.html"].source_offset == 0
    assert stats.counts["read/docs"] == 4
    # ids hash the path relative to the input folder: moving the folder keeps them
    moved = tmp_path / "elsewhere"
    root.rename(moved)
    assert sorted(d.id for d in read(str(moved))) == sorted(d.id for d in docs)


def test_bad_files_are_quarantined_empty_ones_are_documents(tmp_path: Path) -> None:
    root = tmp_path / "bad"
    root.mkdir()
    (root / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(200)))
    (root / "cut.html.gz").write_bytes(gzip.compress(page(4) * 20, mtime=0)[:80])
    (root / "empty.html").write_bytes(b"")
    (root / "blank.txt").write_bytes(b" \n\t\n")
    (root / "ok.html").write_bytes(page(5))
    stats = Stats()
    docs = list(read(str(root), stats=stats))
    assert {Path(d.source).name: d.decision for d in docs} == {
        "blank.txt": None,
        "cut.html.gz": QUARANTINE,
        "empty.html": None,  # one file, one document: it comes out (decide rejects it)
        "image.html": QUARANTINE,
        "ok.html": None,
    }
    assert stats.counts["read/quarantined/binary"] == 1
    assert stats.counts["read/quarantined/unreadable_file"] == 1
    assert stats.counts["read/empty_document"] == 2
    assert stats.counts["read/empty_file"] == 0


def test_html_file_charsets(tmp_path: Path) -> None:
    root = tmp_path / "cs"
    root.mkdir()
    (root / "latin.html").write_bytes(
        "<html><body>Les élèves déjà partis à Noël</body></html>".encode("cp1252")
    )
    (root / "sjis.html").write_bytes(
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
        "</head><body>東京の港で新しいフェリー</body></html>".encode("shift_jis")
    )
    docs = {Path(d.source).name: d.html or "" for d in read(str(root))}
    assert "Les élèves déjà partis à Noël" in docs["latin.html"]
    assert "東京の港で新しいフェリー" in docs["sjis.html"]


def test_html_files_are_batched(tmp_path: Path) -> None:
    root = tmp_path / "many"
    root.mkdir()
    for i in range(10):
        (root / f"p{i:02d}.html").write_bytes(page(i))
    units = plan([str(root)], ReadOptions(unit_files=4))
    assert [len(u.paths) for u in units] == [4, 4, 2]
    assert [Path(p).name for u in units for p in u.paths] == [f"p{i:02d}.html" for i in range(10)]
    assert sum(u.size for u in units) == sum(p.stat().st_size for p in root.iterdir())


def _table(n: int) -> pa.Table:
    return pa.table(
        {
            "id": [f"r{i}" if i % 4 else None for i in range(n)],
            "text": [f"Row {i} story." if i % 10 != 9 else None for i in range(n)],
            "url": [f"https://p.example/{i}" for i in range(n)],
            "extra": list(range(n)),
        }
    )


def test_parquet_rows(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    pq.write_table(_table(30), path, row_group_size=7)
    stats = Stats()
    docs = list(read(str(path), stats=stats))
    assert len(docs) == 30
    assert [d.source_offset for d in docs] == list(range(30))
    assert docs[1].id == "r1" and docs[1].text == "Row 1 story." and docs[1].url.endswith("/1")
    assert len(docs[0].id) == 16  # no given id: hashed location
    assert [d.source_offset for d in docs if d.decision == QUARANTINE] == [9, 19, 29]
    assert stats.counts == {"read/docs": 27, "read/quarantined/no_content": 3}


@pytest.mark.parametrize("unit_bytes", [1, 300, 10**9])
def test_parquet_split_by_row_groups_equals_whole(tmp_path: Path, unit_bytes: int) -> None:
    path = tmp_path / "t.parquet"
    pq.write_table(_table(50), path, row_group_size=8)
    whole = list(read(str(path)))
    docs, _, n_units = read_split(path, unit_bytes)
    assert dicts(docs) == dicts(whole)
    if unit_bytes == 1:
        assert n_units == 7  # one per row group


def test_broken_parquet_is_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    good = tmp_path / "good.parquet"
    pq.write_table(_table(20), good)
    path.write_bytes(good.read_bytes()[:200] + b"\0" * 50 + good.read_bytes()[-120:])
    docs = list(read(str(path)))
    assert docs and docs[-1].decision == QUARANTINE and docs[-1].reason == "read_error"


def test_parquet_row_over_the_record_limit_is_quarantined(tmp_path: Path) -> None:
    """The record limit (``--max-record-mb``) held for WARC records, JSONL lines and files,
    but a Parquet row of any size went on into the stages; it is quarantined as a JSONL
    line over the limit is, and the rows beside it are read."""
    path = tmp_path / "big.parquet"
    pq.write_table(pa.table({"id": ["a", "b", "c"],
                             "text": ["Short story.", "é" * 600, "Another story."]}), path)
    stats = Stats()
    docs = list(read(str(path), options=ReadOptions(max_record_bytes=1000), stats=stats))
    assert [d.id for d in docs if d.decision is None] == ["a", "c"]
    big = [d for d in docs if d.decision == QUARANTINE]
    assert len(big) == 1 and big[0].source_offset == 1  # 600 characters, 1200 bytes
    assert "over the limit of 1000 bytes" in big[0].error
    assert stats.counts["read/quarantined/too_large"] == 1


def test_a_quarantined_parquet_row_keeps_its_own_id_and_url(tmp_path: Path) -> None:
    path = tmp_path / "q.parquet"
    pq.write_table(pa.table({"id": ["a", "b", "c"], "url": ["https://x.example/a", None, "u"],
                             "text": [None, "é" * 600, "Fine."]}), path)
    docs = list(read(str(path), options=ReadOptions(max_record_bytes=1000)))
    assert [(d.id, d.url, d.decision) for d in docs] == [
        ("a", "https://x.example/a", QUARANTINE), ("b", None, QUARANTINE), ("c", "u", None)]
