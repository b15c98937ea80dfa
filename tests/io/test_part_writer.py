"""A unit that fails part way (a full disk, a stage bug) must leave no writer open: a
ParquetWriter left to the garbage collector tries to close itself and, on a full disk,
prints a traceback beside the run's one-line error."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from newssift.io.writers import PartWriter
from newssift.record import Document


def _doc(i: int, decision: str | None = None) -> Document:
    return Document(id=str(i), source="x", text=f"line {i}", decision=decision)


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_an_error_inside_the_block_closes_every_part_and_commits_none(
    tmp_path: Path, fmt: str
) -> None:
    with pytest.raises(RuntimeError), PartWriter(tmp_path, "000000-x", fmt) as w:
        w.write(_doc(1))
        w.write(_doc(2, decision="reject"))
        raise RuntimeError("a stage failed")
    assert len(w.parts) == 2
    for part in w.parts.values():
        assert (part.fh.closed if fmt == "jsonl" else not part.writer.is_open)
    assert not list(tmp_path.rglob(f"*.{fmt}"))  # nothing under a final name


def test_a_failing_close_aborts_the_other_parts(tmp_path: Path, monkeypatch) -> None:
    w = PartWriter(tmp_path, "000000-x")
    w.write(_doc(1))
    w.write(_doc(2, decision="reject"))
    first, second = w.parts.values()

    def full_disk() -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(first, "close", full_disk)
    with pytest.raises(OSError, match="No space left"):
        w.close()
    assert not second.writer.is_open and not first.writer.is_open
    gc.collect()  # nothing left for a __del__ to close
