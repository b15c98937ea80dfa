"""``newssift dedup``: a MinHash size past any sane one, and the scratch an unfinished
dedup left under OUT/dedup/ (review r40, 14)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from newssift.dedup import DedupOptions
from newssift.dedup.cli import dedup_command
from newssift.dedup.options import MAX_PERM
from newssift.io import arrays

SCRATCH = ("texts", "signatures", "pairs", "assign")


@pytest.mark.parametrize("n", ["1048576", "2048", "4", "100", "0", "-8"])
def test_num_perm_out_of_range_is_refused_before_any_work(run_dir: Path, n: str) -> None:
    res = CliRunner().invoke(dedup_command, [str(run_dir), "--num-perm", n])
    assert res.exit_code == 2, (res.output, res.exception)
    assert f"power of two from 8 to {MAX_PERM}" in res.output and "--num-perm" in res.output
    assert not (run_dir / "dedup").exists()


def test_the_bound_holds_in_python_too() -> None:
    assert DedupOptions(num_perm=MAX_PERM, anchor_perm=MAX_PERM).num_perm == 1024
    for kw in ({"num_perm": 2 * MAX_PERM}, {"anchor_perm": 2 * MAX_PERM}, {"num_perm": 128.0},
               {"num_perm": True}):
        with pytest.raises(ValueError, match="power of two from 8 to 1024"):
            DedupOptions(**kw)


def _leftovers(out: Path) -> list[str]:
    ddir = out / "dedup"
    return sorted(str(p.relative_to(out)) for p in ddir.rglob("*")
                  if p.name in SCRATCH or ".tmp" in p.name) if ddir.exists() else []


def test_an_interrupted_dedup_leaves_no_scratch(run_dir: Path, monkeypatch) -> None:
    """Ctrl-C while a part's texts were written left ``dedup/texts/*.arrow.tmp.arrow`` and
    the signature shards behind."""
    writer = arrays.arrow_writer

    @contextlib.contextmanager
    def interrupted(path, schema):
        with writer(path, schema) as w:
            yield w
            if "texts" in str(path):
                raise KeyboardInterrupt

    monkeypatch.setattr(arrays, "arrow_writer", interrupted)
    res = CliRunner().invoke(dedup_command, [str(run_dir)])
    assert res.exit_code != 0
    assert _leftovers(run_dir) == []


def test_a_killed_dedups_scratch_is_gone_after_the_next(run_dir: Path) -> None:
    """A ``kill -9`` leaves no chance to clean: the next dedup starts by removing it."""
    texts = run_dir / "dedup" / "texts"
    texts.mkdir(parents=True)
    (texts / "kept-part-000.arrow.tmp.arrow").write_bytes(b"half")
    (run_dir / "dedup" / "signatures").mkdir()
    res = CliRunner().invoke(dedup_command, [str(run_dir)])
    assert res.exit_code == 0, res.output
    assert _leftovers(run_dir) == []
