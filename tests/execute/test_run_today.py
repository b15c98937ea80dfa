"""A run bounds article dates by one day: the day it starts, kept in its state, so a run
resumed (or still going) after midnight dates every page as an uninterrupted run of that
day would; or a day the caller pins (``today``), kept the same way."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newssift.errors import ConfigError, OutputError
from newssift.execute.local import run
from newssift.execute.outputs import output_files
from newssift.io.run_folder import RunFolder
from newssift.io.writers import read_part

PARA = ("<p>The harbour authority said on Monday that ferry service would resume after "
        "repairs to the northern pier were finished ahead of schedule.</p>")
KW = dict(stages=("extract",), workers=1, dedup=False, progress=False, format="jsonl")


def _pages(folder: Path) -> Path:
    folder.mkdir()
    for i, day in enumerate(("2099-01-01", "2020-05-04")):
        (folder / f"p{i}.html").write_text(
            f'<html><head><title>Ferry back {i}</title><meta property="article:published_time"'
            f' content="{day}T10:00:00Z"></head><body><article><h1>Ferry back {i}</h1>'
            f"{PARA * 3}</article></body></html>")
    return folder


def _dates(out: Path) -> list:
    return sorted((r.date or "") for p in sorted((out / "kept").glob("part-*"))
                  for r in read_part(p))


def test_a_pinned_day_bounds_the_dates_and_only_a_day_is_taken(tmp_path: Path) -> None:
    pages = _pages(tmp_path / "in")
    today = run([str(pages)], tmp_path / "a", **KW)
    assert _dates(tmp_path / "a") == ["", "2020-05-04"]  # 2099 is after any real today
    assert today.stats["config"]["today"] == json.loads(
        Path(RunFolder(str(tmp_path / "a")).run_state).read_text())["today"]
    pinned = run([str(pages)], tmp_path / "b", today="2100-01-01", **KW)
    assert _dates(tmp_path / "b") == ["2020-05-04", "2099-01-01"]
    assert pinned.stats["config"]["today"] == "2100-01-01"
    for bad in ("5 Dec 2026", "20261204", "2026-W49-5", "2026-12-4", "2026-02-30"):
        # (review r38) fromisoformat's other forms were taken and recorded as typed
        with pytest.raises(ConfigError, match="YYYY-MM-DD"):
            run([str(pages)], tmp_path / "c", today=bad, **KW)
    assert not (tmp_path / "c").exists()


def test_a_resumed_run_keeps_the_day_its_state_holds(tmp_path: Path) -> None:
    # a run started on the day its state names (here 2100-01-01, as if the clock had read
    # so), killed before its units finished, and resumed on another day
    pages = _pages(tmp_path / "in")
    out = tmp_path / "out"
    run([str(pages)], out, **KW)
    folder = RunFolder(str(out))
    state = json.loads(Path(folder.run_state).read_text())
    Path(folder.run_state).write_text(json.dumps({**state, "today": "2100-01-01"}))
    shutil.rmtree(folder.markers)
    again = run([str(pages)], out, resume=True, **KW)
    assert _dates(out) == ["2020-05-04", "2099-01-01"]
    assert again.stats["config"]["today"] == "2100-01-01"
    run([str(pages)], tmp_path / "pinned", today="2100-01-01", **KW)
    assert output_files(out) == output_files(tmp_path / "pinned")


def test_a_resume_may_repeat_the_day_or_leave_it_out(tmp_path: Path) -> None:
    # (review r38) a pinned day was in the fingerprint: a run started with --today could
    # not be resumed without it, nor one started without it with its own day repeated
    pages = _pages(tmp_path / "in")
    pinned, free = tmp_path / "pinned", tmp_path / "free"
    run([str(pages)], pinned, today="2100-01-01", **KW)
    run([str(pages)], free, **KW)
    day = json.loads(Path(RunFolder(str(free)).run_state).read_text())["today"]
    for out, again in ((pinned, None), (pinned, "2100-01-01"), (free, day), (free, None)):
        shutil.rmtree(RunFolder(str(out)).markers)
        result = run([str(pages)], out, resume=True, today=again, **KW)
        assert result.stats["config"]["today"] == ("2100-01-01" if out == pinned else day)
    assert _dates(pinned) == ["2020-05-04", "2099-01-01"]
    with pytest.raises(OutputError, match="bounds article dates by 2100-01-01"):
        run([str(pages)], pinned, resume=True, today="2099-12-31", **KW)


def test_newssift_today_gives_the_day_of_a_run_not_pinned(tmp_path: Path, monkeypatch) -> None:
    # a run that is not given --today takes NEWSSIFT_TODAY's day (the suite sets it), so its
    # bytes do not depend on when it ran; SOURCE_DATE_EPOCH, which nix shells set to 1980
    # for builds, is not read (review r41: it left every article undated)
    pages = _pages(tmp_path / "in")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "315532800")  # 1980-01-01
    monkeypatch.setenv("NEWSSIFT_TODAY", "2099-12-31")
    late = run([str(pages)], tmp_path / "late", **KW)
    monkeypatch.setenv("NEWSSIFT_TODAY", "2030-01-01")
    early = run([str(pages)], tmp_path / "early", **KW)
    assert late.stats["config"]["today"] == "2099-12-31"
    assert early.stats["config"]["today"] == "2030-01-01"
    assert _dates(tmp_path / "late") == ["2020-05-04", "2099-01-01"]
    assert _dates(tmp_path / "early") == ["", "2020-05-04"]
    monkeypatch.setenv("NEWSSIFT_TODAY", " ")  # empty: not set
    assert run([str(pages)], tmp_path / "now", **KW).stats["config"]["today"] >= "2026-12-05"
    for bad in ("soon", "20261204", "2026-02-30"):
        monkeypatch.setenv("NEWSSIFT_TODAY", bad)
        with pytest.raises(ConfigError, match="NEWSSIFT_TODAY must be"):
            run([str(pages)], tmp_path / f"bad{len(bad)}", **KW)


def test_the_day_of_a_run_not_pinned_is_utcs_in_any_time_zone(monkeypatch) -> None:
    # (review r40) the local day: the same run dated a page under TZ=Pacific/Kiritimati and
    # left it undated here. UTC+14 and UTC-11: at any hour one of them is not UTC's day
    import datetime as dt
    import time

    from newssift.extract.stage import run_day

    monkeypatch.delenv("NEWSSIFT_TODAY", raising=False)
    try:
        for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
            monkeypatch.setenv("TZ", zone)
            time.tzset()
            before = dt.datetime.now(dt.UTC).date().isoformat()
            day = run_day()
            assert day in (before, dt.datetime.now(dt.UTC).date().isoformat()), zone
    finally:
        monkeypatch.undo()
        time.tzset()
