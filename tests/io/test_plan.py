"""Planning: which files, in what order, recognised how, cut where; clear errors."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newssift.errors import InputError
from newssift.io.options import ReadOptions
from newssift.io.readers import plan, read
from newssift.stage import Stats
from tests.io.helpers import make_jsonl, make_warc, page


def _mixed_folder(root: Path) -> Path:
    (root / "b" / "deep").mkdir(parents=True)
    (root / ".hidden").mkdir()
    make_warc(root / "b" / "crawl.warc.gz", n=3)
    make_jsonl(root / "a.jsonl", n=5)
    (root / "b" / "deep" / "x.html").write_bytes(page(1))
    (root / "b" / "notes.md").write_text("# not an input")
    (root / "b" / "style.css").write_text("body { color: red }")
    (root / ".hidden" / "y.html").write_bytes(page(2))
    (root / "c.txt").write_text("Plain text story.")
    pq.write_table(pa.table({"text": ["row one", "row two"]}), root / "d.parquet")
    return root


def test_folder_expansion_is_sorted_recursive_and_counts_skips(tmp_path: Path) -> None:
    root = _mixed_folder(tmp_path / "in")
    stats = Stats()
    units = plan([str(root)], stats=stats)
    assert [(u.kind, [Path(p).relative_to(root).as_posix() for p in u.paths]) for u in units] == [
        ("jsonl", ["a.jsonl"]),
        ("warc", ["b/crawl.warc.gz"]),
        ("html", ["b/deep/x.html"]),
        ("other", ["b/notes.md", "b/style.css"]),  # quarantined by their reader
        ("text", ["c.txt"]),
        ("parquet", ["d.parquet"]),
    ]
    assert [u.index for u in units] == [0, 1, 2, 3, 4, 5]
    assert stats.counts["plan/skipped_files/hidden"] == 1
    assert all(u.root == str(root) for u in units)


def test_plans_are_deterministic(tmp_path: Path) -> None:
    root = _mixed_folder(tmp_path / "in")
    make_jsonl(root / "big.jsonl", n=300)
    a = plan([str(root)], unit_bytes=2_000)
    b = plan([str(root)], ReadOptions(unit_bytes=2_000))
    assert a == b and [u.id for u in a] == [u.id for u in b]
    assert len({u.id for u in a}) == len(a)


def test_same_file_named_twice_is_read_once(tmp_path: Path) -> None:
    root = _mixed_folder(tmp_path / "in")
    units = plan([str(root / "a.jsonl"), str(root)])
    assert sum(1 for u in units for p in u.paths if p.endswith("a.jsonl")) == 1


def test_missing_and_unrecognised_inputs_raise_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="input not found"):
        plan([str(tmp_path / "nope.warc")])
    odd = tmp_path / "data.bin"
    odd.write_bytes(bytes(range(256)))
    with pytest.raises(InputError, match="unrecognised input") as err:
        plan([str(odd)])
    assert "\n" not in str(err.value) and err.value.exit_code == 2


def test_wrong_extensions_are_corrected_by_content(tmp_path: Path) -> None:
    warc_as_html = tmp_path / "saved.html"
    warc_as_html.write_bytes(make_warc(tmp_path / "w.warc", n=2).read_bytes())
    gz_warc_as_warc = tmp_path / "z.warc"
    gz_warc_as_warc.write_bytes(make_warc(tmp_path / "w2.warc.gz", n=2).read_bytes())
    jsonl_as_json = tmp_path / "rows.json"
    jsonl_as_json.write_text(json.dumps({"text": "hello"}) + "\n")
    html_no_ext = tmp_path / "page"
    html_no_ext.write_bytes(page(9))
    gz_jsonl = tmp_path / "rows.jsonl"  # gzipped despite the name: must not be byte-split
    gz_jsonl.write_bytes(gzip.compress(make_jsonl(tmp_path / "r.jsonl", 50).read_bytes()))
    kinds = {
        p.name: sorted({u.kind for u in plan([str(p)], unit_bytes=100)})
        for p in (warc_as_html, gz_warc_as_warc, jsonl_as_json, html_no_ext, gz_jsonl)
    }
    assert kinds == {
        "saved.html": ["warc"],
        "z.warc": ["warc"],
        "rows.json": ["jsonl"],
        "page": ["html"],
        "rows.jsonl": ["jsonl"],
    }
    assert len(list(read(str(warc_as_html)))) == 2
    assert len(list(read(str(gz_warc_as_warc)))) == 2
    assert len(list(read(str(gz_jsonl)))) == 50


def test_jsonl_units_cover_the_file_without_overlap(tmp_path: Path) -> None:
    path = make_jsonl(tmp_path / "big.jsonl", n=200)
    size = path.stat().st_size
    units = plan([str(path)], unit_bytes=1_000)
    assert units[0].start == 0 and units[-1].end == -1
    assert all(a.end == b.start for a, b in itertools.pairwise(units))
    assert sum(u.size for u in units) == size


def test_automatic_unit_size_follows_the_inputs() -> None:
    from newssift.io import planner

    assert planner.auto_unit_bytes(0) == planner.MIN_UNIT_BYTES
    assert planner.auto_unit_bytes(35 << 20) == planner.MIN_UNIT_BYTES  # 35 MB: 1 MB units
    assert planner.auto_unit_bytes(640 << 20) == 10 << 20
    assert planner.auto_unit_bytes(20 << 30) == planner.MAX_UNIT_BYTES
    assert planner.auto_unit_files(300, 256) == planner.MIN_UNIT_FILES
    assert planner.auto_unit_files(64 * 100, 256) == 100
    assert planner.auto_unit_files(10**6, 256) == 256


def test_one_warc_is_cut_into_balanced_units_by_default(tmp_path: Path, monkeypatch) -> None:
    """A single WARC of a few hundred records becomes many units of similar record counts
    (a fixed 32 MB made 35 MB of pages 572 + 30 records), and reading them gives exactly
    the documents of reading the file whole."""
    from newssift.io import planner
    from newssift.io.readers import read_unit

    warc = make_warc(tmp_path / "crawl.warc.gz", n=300)
    size = warc.stat().st_size
    monkeypatch.setattr(planner, "MIN_UNIT_BYTES", 1024)  # a small fixture, scaled down
    units = plan([str(warc)])
    assert len(units) >= planner.TARGET_UNITS // 2
    assert units == plan([str(warc)])  # deterministic, ids included
    per_unit = [sum(1 for _ in read_unit(u)) for u in units]
    assert sum(per_unit) == 300
    assert max(per_unit[:-1]) <= 2 * min(per_unit[:-1])
    whole = list(read(str(warc), unit_bytes=size + 1))
    assert [d.to_dict() for u in units for d in read_unit(u)] == [d.to_dict() for d in whole]


def test_small_files_are_batched_into_many_units_by_default(tmp_path: Path) -> None:
    from newssift.io import planner

    root = tmp_path / "pages"
    root.mkdir()
    for i in range(300):
        (root / f"{i:03d}.html").write_bytes(page(i))
    units = plan([str(root)])
    assert [len(u.paths) for u in units] == [planner.MIN_UNIT_FILES] * 18 + [12]
    assert len(plan([str(root)], ReadOptions(unit_bytes=1 << 30))) == 2  # 256 + 44: explicit


def test_a_folder_file_is_stat_once(tmp_path: Path, monkeypatch) -> None:
    """Planning a folder asks the file system about each file once: the check that it is
    a regular file also gives its size (it was stat'ed twice, by the check and by size)."""
    import os

    from newssift.io import planner

    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"p{i}.html").write_bytes(page(i))
    calls: list[str] = []
    real = os.stat

    def counting(path, *a, **kw):
        if str(path).startswith(str(src)) and str(path).endswith(".html"):
            calls.append(str(path))
        return real(path, *a, **kw)

    monkeypatch.setattr(os, "stat", counting)
    files = planner.expand_inputs([str(src)])
    assert [f.size for f in files] == [real(src / f"p{i}.html").st_size for i in range(3)]
    assert sorted(calls) == sorted(str(src / f"p{i}.html") for i in range(3))
