"""Input ids that collide (two JSONL files, two lines of one file, JSONL + Parquet, an
incremental index): every output record gets an id unique within the run, the first
occurrence in (source, offset) order keeps the input's id, later ones get a derived id and
keep the input's on a ``duplicate_id`` flag; -w1 and -w2 and any unit split agree."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newssift.dedup.index import DedupIndex
from newssift.dedup.options import DedupOptions
from newssift.dedup.trace import trace
from newssift.execute.local import run
from newssift.execute.outputs import output_files
from newssift.io.run_folder import FOLDERS, RunFolder
from newssift.io.writers import read_part
from tests.conftest import ARTICLE
from tests.dedup.synthetic import story

STAGES = ("clean", "news", "assess", "decide")


def _records(out: Path) -> list:
    run = RunFolder(out)
    return [d for f in FOLDERS for p in run.parts(f) for d in read_part(p.path)]


def _dup_flag(d) -> dict | None:
    f = next((f for f in d.flags if f.name == "duplicate_id"), None)
    return json.loads(f.text) if f else None


def _line(i: str, text: str, **kw) -> str:
    return json.dumps({"id": i, "text": text, **kw}) + "\n"


def _two_files(root: Path) -> Path:
    root.mkdir()
    (root / "a.jsonl").write_text(_line("a", story(1)) + _line("b", story(2)))
    (root / "b.jsonl").write_text(_line("a", story(3)) + _line("c", story(4)))
    return root


def test_two_jsonl_files_with_one_id(tmp_path: Path) -> None:
    src = _two_files(tmp_path / "in")
    run([str(src)], tmp_path / "out", stages=STAGES, workers=1, progress=False)
    docs = _records(tmp_path / "out")
    ids = [d.id for d in docs]
    assert len(ids) == len(set(ids)) == 4
    first = next(d for d in docs if d.id == "a")
    assert first.source.endswith("a.jsonl")  # the first in (source, offset) order keeps it
    second = next(d for d in docs if d.id != "a" and _dup_flag(d))
    assert second.source.endswith("b.jsonl")
    assert second.id == "a~dup2"
    flag = _dup_flag(second)
    assert flag["input_id"] == "a"
    assert flag["first"] == "run"  # the record of this run with id "a"
    # each record is its own cluster, and its cluster is named after its own id
    for d in docs:
        assert d.cluster_id == d.id and d.canonical_reason == "singleton"
    assert trace(tmp_path / "out", "a~dup2")["n_members"] == 1
    t = trace(tmp_path / "out", "a")
    assert t["document"]["id"] == "a" and t["n_members"] == 1
    assert t["matches"] == 2 and t["candidates"] == ["a", "a~dup2"]


def test_two_lines_of_one_file_and_worker_counts_agree(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    lines = [_line("x" if i % 7 == 0 else f"d{i}", ARTICLE.format(i=i)) for i in range(120)]
    src.write_text("".join(lines))
    one = run([str(src)], tmp_path / "one", stages=STAGES, workers=1, unit_bytes=9_000,
              progress=False)
    run([str(src)], tmp_path / "two", stages=STAGES, workers=2, unit_bytes=9_000,
        progress=False)
    run([str(src)], tmp_path / "whole", stages=STAGES, workers=1, progress=False)
    assert one.units > 3
    a, b = output_files(tmp_path / "one"), output_files(tmp_path / "two")
    assert a == b
    for out in ("one", "whole"):
        docs = sorted(_records(tmp_path / out), key=lambda d: d.source_offset)
        ids = [d.id for d in docs]
        assert len(ids) == len(set(ids)) == 120
        xs = [d for d in docs if (_dup_flag(d) or {}).get("input_id") == "x" or d.id == "x"]
        assert [d.id for d in xs] == ["x"] + [f"x~dup{k}" for k in range(2, 19)]
    # the unit split changes no id
    assert ({d.source_offset: d.id for d in _records(tmp_path / "one")}
            == {d.source_offset: d.id for d in _records(tmp_path / "whole")})


def test_jsonl_and_parquet_with_one_id(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    pq.write_table(pa.table({"id": ["p", "q"], "text": [story(5), story(6)]}),
                   src / "a.parquet")
    (src / "b.jsonl").write_text(_line("p", story(5)) + _line("r", story(7)))
    run([str(src)], tmp_path / "out", stages=STAGES, workers=1, progress=False)
    docs = _records(tmp_path / "out")
    assert sorted(d.id for d in docs) == ["p", "p~dup2", "q", "r"]
    copy = next(d for d in docs if d.id == "p~dup2")
    assert copy.source.endswith("b.jsonl") and _dup_flag(copy)["input_id"] == "p"
    # the same text under one id: a copy of the first, in one cluster of two
    assert copy.cluster_id == "p"
    assert trace(tmp_path / "out", "p")["n_members"] == 2


def test_derived_id_skips_ids_the_input_uses(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    src.write_text(_line("a", story(1)) + _line("a~dup2", story(2)) + _line("a", story(3)))
    run([str(src)], tmp_path / "out", stages=STAGES, workers=1, progress=False)
    ids = sorted(d.id for d in _records(tmp_path / "out"))
    assert ids == ["a", "a~dup2", "a~dup3"]


def test_rerun_is_idempotent(tmp_path: Path) -> None:
    src = _two_files(tmp_path / "in")
    out = tmp_path / "out"
    run([str(src)], out, stages=STAGES, workers=1, progress=False)
    before = output_files(out)
    run([str(src)], out, stages=STAGES, workers=1, progress=False, resume=True)
    assert output_files(out) == before


def test_index_with_an_id_of_an_earlier_run(tmp_path: Path) -> None:
    """A new run bringing ids already in the index: no error, nothing lost. A re-run of
    the same document and a different document under the same id both get a derived id;
    the re-run is linked to the indexed record as an exact copy."""
    index = str(tmp_path / "index.sqlite")
    day1 = tmp_path / "day1.jsonl"
    day1.write_text(_line("a", story(1)) + _line("b", story(2)))
    run([str(day1)], tmp_path / "o1", stages=STAGES, workers=1, progress=False,
        dedup_index=index)
    day2 = tmp_path / "day2.jsonl"
    day2.write_text(_line("a", story(1)) + _line("b", story(9)) + _line("c", story(4)))
    run([str(day2)], tmp_path / "o2", stages=STAGES, workers=1, progress=False,
        dedup_index=index)
    docs = {d.id: d for d in _records(tmp_path / "o2")}
    assert sorted(docs) == ["a~dup2", "b~dup2", "c"]
    rerun, other = docs["a~dup2"], docs["b~dup2"]
    assert _dup_flag(rerun) == {"input_id": "a", "first": "index"}
    assert _dup_flag(other)["input_id"] == "b"
    assert rerun.cluster_id == "a"  # the indexed record it repeats is its canonical
    assert other.cluster_id == "b~dup2"  # another story: its own cluster
    idx = DedupIndex(index, DedupOptions())
    try:
        assigned = dict(idx.assignments())
    finally:
        idx.close()
    assert assigned == {"a": "a", "b": "b", "a~dup2": "a", "b~dup2": "b~dup2", "c": "c"}


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_formats(tmp_path: Path, fmt: str) -> None:
    src = _two_files(tmp_path / "in")
    run([str(src)], tmp_path / "out", stages=STAGES, workers=1, progress=False, format=fmt)
    assert sorted(d.id for d in _records(tmp_path / "out")) == ["a", "a~dup2", "b", "c"]


def test_redecide_keeps_ids_and_counts_renames_once(tmp_path: Path) -> None:
    from newssift.execute.redecide import redecide

    src = _two_files(tmp_path / "in")
    out = tmp_path / "out"
    first = run([str(src)], out, stages=STAGES, workers=1, progress=False)
    assert first.stats["counts"]["ids/renamed"] == 1
    summary = redecide(out, "fineweb", workers=1)
    assert summary["counts"]["ids/renamed"] == 1  # replaced, not added to
    assert sorted(d.id for d in _records(out)) == ["a", "a~dup2", "b", "c"]
