"""The local runner: nothing lost, byte-identical for any worker count, resumable after SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newssift.errors import ConfigError, OutputError
from newssift.execute.local import run
from newssift.execute.outputs import output_files
from tests.conftest import write_jsonl

STAGES = ("clean", "news", "assess", "decide")


def test_nothing_lost(tmp_path: Path, jsonl_corpus: Path) -> None:
    res = run([str(jsonl_corpus)], tmp_path / "out", stages=STAGES, workers=1, progress=False)
    docs = res.stats["documents"]
    assert docs["total"] == 60  # every input line comes out
    assert docs["quarantine"] == 3  # lines 17, 34, 51 are broken JSON
    assert docs["kept"] + docs["rejected"] + docs["quarantine"] == 60


def test_workers_give_identical_bytes(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", 400, bad_every=50)
    one = run(
        [str(corpus)], tmp_path / "one", stages=STAGES, workers=1, unit_bytes=20_000, progress=False
    )
    run(
        [str(corpus)], tmp_path / "two", stages=STAGES, workers=2, unit_bytes=20_000, progress=False
    )
    assert one.units > 2  # the file really was split into several work units
    a, b = output_files(tmp_path / "one"), output_files(tmp_path / "two")
    assert a.keys() == b.keys()
    assert a == b


def test_refuses_to_overwrite_and_resumes(tmp_path: Path, jsonl_corpus: Path) -> None:
    out = tmp_path / "out"
    run([str(jsonl_corpus)], out, stages=STAGES, workers=1, progress=False)
    with pytest.raises(OutputError, match="--resume"):
        run([str(jsonl_corpus)], out, stages=STAGES, workers=1, progress=False)
    again = run([str(jsonl_corpus)], out, stages=STAGES, workers=1, progress=False, resume=True)
    assert again.units_skipped == again.units


def test_resume_after_sigkill_matches_clean_run(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "big.jsonl", 600)
    cmd = [
        sys.executable,
        "-m",
        "newssift.cli",
        "run",
        str(corpus),
        "--stages",
        ",".join(STAGES),
        "--unit-mb",
        "0.01",
        "-w",
        "2",
        "-q",
    ]
    subprocess.run([*cmd, "-o", str(tmp_path / "clean")], check=True)
    kill_part_way_then_resume(cmd, tmp_path / "killed", str(tmp_path / "killed"))
    assert output_files(tmp_path / "killed") == output_files(tmp_path / "clean")


def kill_part_way_then_resume(cmd: list[str], killed_out: Path, out_arg: str) -> None:
    """Run ``cmd -o out_arg`` (the folder ``killed_out``, as a path or a URL), SIGKILL the
    whole process group once 3 units are marked, check the kill landed part way, and
    rerun with --resume."""
    proc = subprocess.Popen([*cmd, "-o", out_arg], start_new_session=True)
    markers = killed_out / "_state" / "markers"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(markers.glob("*.json"))) < 3:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = len(list(markers.glob("*.json")))
    total = len(json.loads((killed_out / "_state" / "run.json").read_text())["units"])
    assert 0 < done < total, "the kill must land part way through the run"
    subprocess.run([*cmd, "-o", out_arg, "--resume"], check=True)


def test_models_are_loaded_before_the_workers_fork(monkeypatch) -> None:
    """The runner warms the stages up (language model loaded, collector frozen) before it
    forks a pool, and only then: one worker runs in-process and needs no warm-up."""
    import gc

    from newssift import langid
    from newssift.execute import local
    from newssift.execute.config import RunConfig
    from newssift.execute.executors import LocalExecutor
    from newssift.execute.warmup import warm_up

    monkeypatch.setattr(langid, "_predictors", {})
    try:
        warm_up(RunConfig(dedup=False))
        assert gc.get_freeze_count() > 0
        assert gc.isenabled()  # paused while the models load, on again after
        gc.disable()
        warm_up(RunConfig(dedup=False))
        assert not gc.isenabled()  # a caller's own setting is left as it was
    finally:
        gc.enable()
        gc.unfreeze()
    assert langid._predictors  # the run's identifier is loaded
    started = []
    monkeypatch.setattr(LocalExecutor, "start", lambda self: started.append(self.workers))
    monkeypatch.setattr("newssift.execute.warmup.warm_up", lambda config: None)
    local._fork_warm(LocalExecutor(2), RunConfig())
    assert started == [2]
    assert not LocalExecutor(1).forks() and LocalExecutor(2).forks()


def test_a_quiet_run_imports_no_progress_bar_and_no_ftfy(tmp_path: Path) -> None:
    """Start-up paid only for what a run uses: a quiet run imports no tqdm; a run into
    ``memory://`` (the one that keeps its units in this process, forking nothing) with no
    mojibake imports no ftfy; a warm-up before a fork loads ftfy, which a worker would
    otherwise import on its first mojibake page."""
    corpus = write_jsonl(tmp_path / "c.jsonl", 5)
    code = (
        "import sys\n"
        "from newssift.execute.local import run\n"
        f"run([{str(corpus)!r}], 'memory://quiet', workers=1, progress=False)\n"
        "print('tqdm' in sys.modules, 'ftfy' in sys.modules)\n"
        f"run([{str(corpus)!r}], {str(tmp_path / 'out')!r}, workers=1, progress=False)\n"
        "print('tqdm' in sys.modules)\n"
        "from newssift.execute.config import RunConfig\n"
        "from newssift.execute.warmup import warm_up\n"
        "warm_up(RunConfig(dedup=False))\n"
        "print('ftfy' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=True)
    assert res.stdout.split() == ["False", "False", "False", "True"]


def test_mojibake_is_repaired_with_ftfy_loaded_late() -> None:
    from newssift.clean.repair import repair

    assert repair("CafÃ© â€œquotedâ€\x9d") == "Café “quoted”"


def test_an_empty_output_path_is_refused_by_the_api_too(tmp_path: Path, jsonl_corpus: Path,
                                                        monkeypatch) -> None:
    """``run(inputs, "")`` wrote into the current folder past the must-be-empty check (the
    CLI refused it, the Python API did not)."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="empty output path"):
        run([str(jsonl_corpus)], "", stages=STAGES, workers=1, progress=False)
    assert [p.name for p in tmp_path.iterdir()] == ["corpus.jsonl"]


def test_an_error_in_the_runners_loop_closes_the_executors_results() -> None:
    """A Ray generator cancels its tasks when closed; the runner must close it on an error
    at once, not when a traceback that holds it is collected (tasks would run on). The
    runner iterates it without a name, so unwinding its frame drops the last reference;
    binding it to a local would keep it alive in the traceback and fail here."""
    from newssift.execute.config import RunConfig
    from newssift.execute.local import _process_units
    from newssift.io.units import WorkUnit

    closed: list[bool] = []

    class _Executor:
        def map_unordered(self, fn, items):
            try:
                for unit, _config, _out, _early, _held in items:
                    yield unit, {}, {}  # no "counts": the runner's loop raises KeyError
            finally:
                closed.append(True)

    units = [WorkUnit(index=i, kind="jsonl", paths=("x.jsonl",), size=1) for i in range(3)]
    with pytest.raises(KeyError) as excinfo:
        _process_units(units, RunConfig(), "out", _Executor(), False, 3)
    assert excinfo.traceback  # the traceback (and the frame holding the results) lives on
    assert closed == [True]


def test_a_released_pool_takes_no_more_work_and_closes() -> None:
    """LocalExecutor.release: the runner's pool after dedup's last task; its workers exit
    while the runner writes the rest, close() then reaps them."""
    from newssift.execute.executors import LocalExecutor

    ex = LocalExecutor(2)
    try:
        assert ex.map(abs, [-1, -2, -3]) == [1, 2, 3]
        ex.release()
        with pytest.raises(RuntimeError, match="after shutdown"):
            ex.map(abs, [1])
    finally:
        ex.close()
    assert ex._pool is None


def test_an_empty_html_or_text_file_comes_out_rejected(tmp_path: Path) -> None:
    # one file is one document: an empty one was skipped (counted, not written), so a
    # folder of three pages gave two records
    import pyarrow.parquet as pq

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.html").write_text("<html><body><p>" + "A sentence of the story. " * 20
                                  + "</p></body></html>", encoding="utf-8")
    (pages / "b.html").write_bytes(b"")
    (pages / "c.txt").write_bytes(b"\n \n")
    res = run([str(pages)], tmp_path / "out", workers=1, progress=False)
    assert res.stats["documents"]["total"] == 3
    rows = {Path(r["source"]).name: r for part in (tmp_path / "out").glob("*/*.parquet")
            if part.parent.name in ("kept", "rejected", "quarantine")
            for r in pq.read_table(part).to_pylist()}
    assert rows["b.html"]["reason"] == "extraction_empty"
    assert rows["c.txt"]["reason"] == "empty_text"
