"""io.unique_ids on run folders written by hand: quarantine takes part, the pass is
idempotent (a second pass writes nothing), and a run without collisions is not touched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newssift.io.run_folder import FOLDERS, RunFolder
from newssift.io.unique_ids import FLAG, make_ids_unique
from newssift.io.writers import read_part
from newssift.record import QUARANTINE, Document
from tests.dedup.synthetic import write_run


def _doc(i: str, source: str, offset: int, **kw) -> Document:
    return Document(id=i, source=source, source_offset=offset, text=f"text of {i} {offset}",
                    **kw)


def _records(out: Path) -> list[Document]:
    run = RunFolder(out)
    return [d for f in FOLDERS for p in run.parts(f) for d in read_part(p.path)]


def _mtimes(out: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in out.rglob("*.*")}


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_quarantine_takes_part_and_a_second_pass_writes_nothing(tmp_path: Path,
                                                                fmt: str) -> None:
    out = write_run(tmp_path / "o", {"000001-x": [_doc("a", "s2", 0), _doc("b", "s2", 9)]},
                    fmt=fmt)
    write_run(out, {"000000-y": [_doc("a", "s1", 5, decision=QUARANTINE, reason="error")]},
              fmt=fmt, folder="quarantine")
    write_run(out, {"000001-x": [_doc("a", "s2", 4)]}, fmt=fmt, folder="rejected")
    stats = make_ids_unique(out)
    assert stats.counts == {"ids/renamed": 2}
    docs = {(d.source, d.source_offset): d for d in _records(out)}
    assert docs[("s1", 5)].id == "a"  # quarantined, but first in (source, offset) order
    assert docs[("s2", 0)].id == "a~dup2" and docs[("s2", 4)].id == "a~dup3"
    flag = next(f for f in docs[("s2", 4)].flags if f.name == FLAG)
    assert flag.value == 3.0
    assert json.loads(flag.text) == {"input_id": "a", "first": "run"}
    before = _mtimes(out)
    assert make_ids_unique(out).counts == {"ids/renamed": 2}  # the same answer
    assert _mtimes(out) == before  # and nothing written again


def test_no_collision_no_write(tmp_path: Path) -> None:
    out = write_run(tmp_path / "o", {"0": [_doc("a", "s", 0), _doc("a~dup2", "s", 1)]})
    before = _mtimes(out)
    assert make_ids_unique(out).counts == {}
    assert _mtimes(out) == before


def test_taken_ids_rename_every_occurrence(tmp_path: Path) -> None:
    out = write_run(tmp_path / "o", {"0": [_doc("a", "s", 0), _doc("b", "s", 1)]})
    held = {"a", "a~dup2"}
    make_ids_unique(out, lambda ids: [i for i in ids if i in held])
    docs = {d.source_offset: d for d in _records(out)}
    assert docs[0].id == "a~dup3" and docs[1].id == "b"
    flag = next(f for f in docs[0].flags if f.name == FLAG)
    assert json.loads(flag.text) == {"input_id": "a", "first": "index"}


def test_an_empty_run(tmp_path: Path) -> None:
    assert make_ids_unique(tmp_path).counts == {}


def test_derived_ids_are_the_first_free_numbers() -> None:
    from newssift.io.unique_ids import _derived_ids

    held = {"a~dup2", "a~dup5", "b~dup2"}
    asked: list[list[str]] = []

    def taken(ids: list[str]) -> list[str]:
        asked.append(ids)
        return [i for i in ids if i in held]

    got = _derived_ids({"a": 3, "b": 1, "c": 0}, {"a~dup3"}, taken)
    assert got == {"a": [(4, "a~dup4"), (6, "a~dup6"), (7, "a~dup7")],
                   "b": [(3, "b~dup3")], "c": []}
    assert len(asked) == 2  # rounds, not one question a name
