"""The Python API's run options are checked where they are given (review r40, finding 5):
a wrong type or range is one TypeError or ConfigError before any work, never a quarantine
of every document or an AttributeError from deep inside; and a run called from a thread
keeps its time limit and writes what a main-thread run writes (finding 4); a resume with
the same inputs spelled another way continues the run (finding 14)."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newssift import cli
from newssift.errors import ConfigError, OutputError
from newssift.execute import config as config_module
from newssift.execute.config import RunConfig
from newssift.execute.local import run
from newssift.execute.outputs import output_files
from newssift.execute.pipeline import build_stages
from newssift.io.options import ReadOptions
from newssift.io.run_folder import RunFolder
from newssift.record import Document
from newssift.stage import Stage, Stats
from tests.conftest import write_jsonl

STAGES = ("clean", "decide")
KW = dict(workers=1, progress=False, dedup=False)


class _NotAnExecutor:
    workers = 1


class _NoWorkers:
    def map_unordered(self, fn, items):
        return map(fn, items)

    def map(self, fn, items):
        return list(map(fn, items))


@pytest.mark.parametrize("options, error", [
    (dict(time_limit=-1), ConfigError),  # was: every document quarantined (itimer_error)
    (dict(time_limit="5"), TypeError),  # was: every document quarantined (TypeError)
    (dict(time_limit=math.nan), ConfigError),
    (dict(time_limit=math.inf), ConfigError),
    (dict(time_limit=True), TypeError),
    (dict(workers="2"), TypeError),  # was: a TypeError from a comparison in config.py
    (dict(workers=1.5), TypeError),  # was: run with one worker, without a word
    (dict(workers=-1), ConfigError),  # was: run on every core
    (dict(format="csv"), ConfigError),  # was: refused only after the output folder was made
    (dict(stages=("decide", "extract")), ConfigError),  # was: run as extract,decide
    (dict(stages=("clean", "clean")), ConfigError),
    (dict(stages=("bogus",)), ConfigError),
    (dict(stages=5), TypeError),
    (dict(stages=("clean", 5)), TypeError),
    (dict(dedup="no"), TypeError),  # was: a true "no", so dedup ran
    (dict(write_html=1), TypeError),
    (dict(clean_mode="bogus"), ConfigError),  # was: an error from a worker's stage set-up
    (dict(extract_favor="bogus"), ConfigError),
    (dict(language_backend="cld3"), ConfigError),
    (dict(batch_rows=0), ConfigError),  # was: accepted
    (dict(unit_files=0), ConfigError),  # was: accepted
    (dict(unit_bytes=1.5e6), TypeError),
    (dict(max_record_bytes=0), ConfigError),
    (dict(text_field=None), TypeError),
    (dict(read={"text_field": "body"}), TypeError),  # was: AttributeError in the planner
    (dict(config={"workers": 1}), TypeError),  # was: AttributeError in _with_options
    (dict(executor="spark"), ConfigError),
    (dict(executor=_NotAnExecutor()), TypeError),  # was: AttributeError @ map_unordered
    (dict(executor=_NoWorkers()), TypeError),
    (dict(policy=3), TypeError),
    (dict(today=20260101), TypeError),
    (dict(bogus_option=1), TypeError),
])
def test_a_bad_option_is_one_error_before_any_work(tmp_path: Path, options: dict,
                                                   error: type) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", 3)
    out = tmp_path / "out"
    kw = {**KW, "stages": STAGES, **options}
    with pytest.raises(error) as info:
        run([str(corpus)], out, **kw)
    assert "\n" not in str(info.value)
    assert not out.exists()  # refused at the entry: no run folder made


def test_run_config_checks_its_own_fields() -> None:
    """The same checks on a RunConfig made by hand (as the CLI and integrations do)."""
    with pytest.raises(ConfigError, match="extract,clean,news,assess,decide"):
        RunConfig(stages=("decide", "extract"))
    with pytest.raises(TypeError, match="read"):
        RunConfig(read={"text_field": "body"})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unit_files"):
        RunConfig(read=ReadOptions(unit_files="4"))  # type: ignore[arg-type]


def test_stages_as_a_str_are_split_on_commas_as_the_cli_does(tmp_path: Path) -> None:
    """`stages="clean,decide"` is what `--stages clean,decide` says; it used to be read as
    one stage per letter."""
    assert RunConfig(stages="clean, decide").stages == ("clean", "decide")
    assert RunConfig(stages="news").stages == ("news",)
    assert RunConfig(stages="").stages == ()
    corpus = write_jsonl(tmp_path / "c.jsonl", 8)
    run([str(corpus)], tmp_path / "str", stages="clean,decide", **KW)
    run([str(corpus)], tmp_path / "tuple", stages=("clean", "decide"), **KW)
    assert output_files(tmp_path / "str") == output_files(tmp_path / "tuple")


def test_options_take_the_command_lines_forms() -> None:
    """A number of seconds is a float and 0 is no limit, as `--time-limit` gives them, so a
    run started from Python resumes from the command line (same fingerprint); a path is a
    str and a date is YYYY-MM-DD, as the run state and stats.json keep them."""
    assert RunConfig(time_limit=60).time_limit == 60.0
    assert isinstance(RunConfig(time_limit=60).time_limit, float)
    assert RunConfig(time_limit=60).fingerprint() == RunConfig().fingerprint()
    assert RunConfig(time_limit=0).time_limit is None
    assert RunConfig(today=dt.date(2026, 1, 2)).today == "2026-01-02"
    assert RunConfig(today=dt.datetime(2026, 1, 2, 23, 5)).today == "2026-01-02"
    assert RunConfig(policy=Path("p.toml")).policy == "p.toml"
    assert RunConfig(dedup_index=Path("i.sqlite")).dedup_index == "i.sqlite"


def test_build_stages_refuses_stages_set_out_of_order_afterwards() -> None:
    config = RunConfig(stages=("clean", "decide"))
    config.stages = ("decide", "clean")
    with pytest.raises(ConfigError, match="clean,decide"):
        build_stages(config)


def test_the_cli_refuses_stages_out_of_order(tmp_path: Path) -> None:
    """`--stages decide,extract` ran extract then decide, as if given in order; the order
    is the pipeline's (docs/architecture.md), so another one is refused in one line."""
    corpus = write_jsonl(tmp_path / "c.jsonl", 3)
    out = tmp_path / "out"
    res = CliRunner().invoke(cli.main, ["run", str(corpus), "-o", str(out), "-q", "-w", "1",
                                        "--stages", "decide,extract"])
    assert res.exit_code == 2, (res.output, res.exception)
    assert "extract,clean,news,assess,decide" in res.output
    assert "Traceback" not in res.output
    assert not out.exists()


def test_the_choices_are_those_of_their_homes() -> None:
    """config.py spells the option choices to stay a light import; they must stay equal."""
    from newssift.clean.cleaner import MODES
    from newssift.extract.body import FAVORS
    from newssift.io.run_folder import FORMATS
    from newssift.langid import BACKENDS

    assert tuple(FORMATS) == config_module.FORMATS
    assert tuple(MODES) == config_module.CLEAN_MODES
    assert tuple(FAVORS) == config_module.FAVORS
    assert tuple(BACKENDS) == config_module.LANGUAGE_BACKENDS


def test_executor_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """executor="local" is the default; "ray" is what `--executor ray` runs (run_ray), not
    an AttributeError from deep in the runner."""
    import newssift.execute.ray_executor as ray_executor

    corpus = write_jsonl(tmp_path / "c.jsonl", 3)
    run([str(corpus)], tmp_path / "local", stages=STAGES, executor="local", **KW)
    run([str(corpus)], tmp_path / "default", stages=STAGES, **KW)
    assert output_files(tmp_path / "local") == output_files(tmp_path / "default")
    calls = []
    monkeypatch.setattr(ray_executor, "run_ray", lambda *a, **k: calls.append((a, k)) or "r")
    assert run([str(corpus)], tmp_path / "ray", stages=STAGES, executor="ray", **KW) == "r"
    assert calls[0][1]["config"].stages == STAGES
    with pytest.raises(TypeError):  # checked before Ray starts
        run([str(corpus)], tmp_path / "ray2", executor="ray", workers="2")
    assert len(calls) == 1


# --- finding 4: a run called from a thread keeps its time limit ---------------------------

SLOW = "SLOWSLOW"


def _slow_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    """The clean stage takes 30 s on a document that holds SLOW (a forked worker inherits
    the patch)."""
    from newssift.clean.stage import CleanStage

    process = CleanStage.process

    def slow(self, doc):
        if doc.text and SLOW in doc.text:
            time.sleep(30)
        return process(self, doc)

    monkeypatch.setattr(CleanStage, "process", slow)


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timer")
def test_a_run_in_a_thread_keeps_its_time_limit_and_bytes(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """workers=1 ran in the calling thread, where no signal timer can be had: off the main
    thread the limit was silently off, so a document quarantined on the main thread was
    kept in a thread (review r40: 4.8 s quarantined against 10.4 s kept)."""
    _slow_clean(monkeypatch)
    corpus = tmp_path / "c.jsonl"
    write_jsonl(corpus, 5)
    with open(corpus, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "slow", "text": f"A slow text. {SLOW}\nIt goes on."}) + "\n")
    kw = dict(stages=STAGES, time_limit=3, **KW)
    # the stages' models loaded in this process first: a first document that loads them
    # on a loaded machine must not reach the limit on the main thread only
    run([str(write_jsonl(tmp_path / "warm.jsonl", 2))], tmp_path / "warm", **kw)
    main = run([str(corpus)], tmp_path / "main", **kw)
    assert main.stats["documents"]["quarantine"] == 1
    got: dict = {}

    def in_thread() -> None:
        try:
            got["result"] = run([str(corpus)], tmp_path / "thread", **kw)
        except BaseException as exc:  # reported below
            got["error"] = exc

    worker = threading.Thread(target=in_thread)
    worker.start()
    worker.join(120)
    assert not worker.is_alive()
    assert "error" not in got, got.get("error")
    # the same documents quarantined (the 30 s one stopped by its limit) and the same bytes
    assert got["result"].stats["documents"] == main.stats["documents"]
    assert output_files(tmp_path / "thread") == output_files(tmp_path / "main")


def test_a_stage_off_the_main_thread_counts_its_missing_limit() -> None:
    """Driven off the main thread by other code (no runner to move it), a stage cannot have
    the limit; it says so in its counters instead of silently."""

    class Echo(Stage):
        name = "echo"

        def process(self, doc: Document) -> Document:
            return doc

    stage = Echo()
    stage.time_limit = 5.0
    stats = Stats()
    worker = threading.Thread(
        target=lambda: stage.guard(Document(id="1", source="m", text="x"), stats))
    worker.start()
    worker.join()
    assert stats.counts["echo/no_time_limit"] == 1
    main = Stats()
    stage.guard(Document(id="1", source="m", text="x"), main)
    assert "echo/no_time_limit" not in main.counts or not hasattr(signal, "setitimer")


# --- finding 14: resume with the same inputs spelled another way --------------------------

def _interrupted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict]:
    """A run of ``in`` (relative) with one unit's marker gone, as a run killed before that
    unit finished leaves it; and the finished run's files."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    write_jsonl(tmp_path / "in" / "c.jsonl", 60)
    kw = dict(stages=STAGES, unit_bytes=8_000, **KW)
    first = run(["in"], "out", **kw)
    assert first.units >= 3
    want = output_files(tmp_path / "out")
    markers = sorted(Path(RunFolder("out").markers).glob("*.json"))
    markers[1].unlink()
    return tmp_path / "out", want


@pytest.mark.parametrize("spelling", ["abs", "./in/", "in/", "file"])
def test_resume_with_the_input_spelled_another_way(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   spelling: str) -> None:
    """`in`, `./in/`, `/abs/in` and `file:///abs/in` name one folder: a resume with any of
    them continues the run, and writes the first spelling's bytes (sources, part names,
    stats inputs), as an uninterrupted run would have."""
    out, want = _interrupted(tmp_path, monkeypatch)
    given = {"abs": str(tmp_path / "in"), "file": (tmp_path / "in").as_uri()}.get(spelling,
                                                                                  spelling)
    again = run([given], out, resume=True, stages=STAGES, unit_bytes=8_000, **KW)
    assert again.units_skipped == again.units - 1
    assert output_files(out) == want
    assert again.stats["inputs"] == ["in"]


def test_resume_with_other_inputs_is_refused_naming_the_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = _interrupted(tmp_path, monkeypatch)
    shutil.copytree(tmp_path / "in", tmp_path / "in2")
    with pytest.raises(OutputError, match=r"its inputs: in\)"):
        run(["in2"], out, resume=True, stages=STAGES, unit_bytes=8_000, **KW)


def test_resume_from_another_folder_with_the_same_spelling_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`in` from another folder names other files: continuing the run there would mix two
    corpora under one run's unit ids, so the resume is refused, naming the run's files."""
    out, want = _interrupted(tmp_path, monkeypatch)
    other = tmp_path / "elsewhere"
    shutil.copytree(tmp_path / "in", other / "in")  # same names, same unit ids
    monkeypatch.chdir(other)
    with pytest.raises(OutputError, match=r"other files under the same names .*"
                                          + re.escape(os.path.realpath(tmp_path / "in"))):
        run(["in"], out, resume=True, stages=STAGES, unit_bytes=8_000, **KW)
    monkeypatch.chdir(tmp_path)  # from the folder it started in, the same resume goes on
    again = run(["in"], out, resume=True, stages=STAGES, unit_bytes=8_000, **KW)
    assert again.units_skipped == again.units - 1
    assert output_files(out) == want


def test_resume_of_the_same_files_from_another_folder_names_the_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The run's own files named from another folder (`/abs/in`) cannot be read under the
    run's spelling (`in`) there: the refusal says to resume from the folder it started in."""
    out, _ = _interrupted(tmp_path, monkeypatch)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    with pytest.raises(OutputError, match=r"spelled in from the folder it started in"):
        run([str(tmp_path / "in")], out, resume=True, stages=STAGES, unit_bytes=8_000, **KW)


def test_a_state_without_resolved_inputs_still_resumes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run state written before the resolved inputs were kept resumes as before."""
    out, want = _interrupted(tmp_path, monkeypatch)
    state_file = Path(RunFolder(str(out)).run_state)
    state = json.loads(state_file.read_text())
    del state["resolved"]
    state_file.write_text(json.dumps(state))
    again = run(["in"], out, resume=True, stages=STAGES, unit_bytes=8_000, **KW)
    assert again.units_skipped == again.units - 1
    assert output_files(out) == want


def test_an_input_whose_name_is_not_utf8_runs_and_resumes(tmp_path: Path) -> None:
    """(review r43) The run state's resolved inputs kept a non-UTF-8 name's lone surrogates,
    which the state's UTF-8 JSON cannot hold: the run stopped with a traceback. They are
    written as the inputs are (escaped)."""
    folder = os.fsencode(tmp_path / "in")
    os.mkdir(folder)
    name = os.path.join(folder, b"p\xff.jsonl")
    with open(name, "w") as fh:
        fh.write('{"id": "1", "text": "The council met on Tuesday."}\n')
    given = os.fsdecode(name)
    first = run([given], tmp_path / "out", stages=STAGES, **KW)
    again = run([given], tmp_path / "out", resume=True, stages=STAGES, **KW)
    assert first.units == again.units == again.units_skipped == 1
