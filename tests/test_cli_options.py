"""`newssift run` option combinations that contradict each other are usage errors: one line,
exit 2, before OUT is made, instead of one of the two options being silently ignored."""

from click.testing import CliRunner

from newssift import cli


def _run(tmp_path, *options):
    page = tmp_path / "in" / "a.txt"
    page.parent.mkdir(exist_ok=True)
    page.write_text("A short text.\n")
    out = tmp_path / "out"
    res = CliRunner().invoke(cli.main, ["run", str(page.parent), "-o", str(out), "-q",
                                        "-w", "1", *options])
    return res, out


def test_dedup_index_with_no_dedup_is_a_usage_error(tmp_path):
    """--dedup-index asks to add the batch to an index; with --no-dedup nothing was added and
    nothing said (the index file was not even made)."""
    index = tmp_path / "idx.sqlite"
    res, out = _run(tmp_path, "--no-dedup", "--dedup-index", str(index))
    assert res.exit_code == 2, (res.output, res.exception)
    assert "--dedup-index" in res.output and "--no-dedup" in res.output
    assert "Traceback" not in res.output
    assert not out.exists() and not index.exists()


def test_address_without_ray_is_a_usage_error(tmp_path):
    """--address names a Ray cluster; on the local executor it was ignored without a word, so
    a user who forgot --executor ray ran everything on this machine."""
    res, out = _run(tmp_path, "--no-dedup", "--address", "10.0.0.1:6379")
    assert res.exit_code == 2, (res.output, res.exception)
    assert "--address" in res.output and "--executor ray" in res.output
    assert not out.exists()


def test_log_file_in_a_missing_folder_is_one_line(tmp_path):
    """`--log-file` where it cannot be opened ended in FileNotFoundError's traceback; it is a
    bad option: one line, exit 2, nothing run."""
    log = tmp_path / "no" / "such" / "run.log"
    res = CliRunner().invoke(cli.main, ["--log-file", str(log), "run", str(tmp_path / "in"),
                                        "-o", str(tmp_path / "out")])
    assert res.exit_code == 2, (res.output, res.exception)
    assert "--log-file" in res.output and "run.log" in res.output
    assert "Traceback" not in res.output
    assert not (tmp_path / "out").exists()


def test_an_empty_output_path_is_a_usage_error(tmp_path, monkeypatch):
    """`-o ""` passed the must-be-empty check (which `-o .` does not) and wrote the run's
    folders into the current directory, among the user's own files."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.txt").write_text("the user's own file\n")
    page = tmp_path / "in" / "a.txt"
    page.parent.mkdir()
    page.write_text("A short text.\n")
    res = CliRunner().invoke(cli.main, ["run", str(page.parent), "-o", "", "-q",
                                        "--no-dedup", "-w", "1"])
    assert res.exit_code == 2, (res.output, res.exception)
    assert "--out" in res.output and "Traceback" not in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "mine.txt"]


def test_the_run_line_names_the_stage_errors():
    """20 documents over --time-limit were "20 stage errors": the closing line now says which
    stage and what (a timeout the user can lift with --time-limit), largest first."""
    stats = {"documents": {"quarantine": 23},
             "counts": {"read/quarantined/no_content": 1, "extract/error/timeout": 20,
                        "assess/error/ValueError": 2}}
    line = cli._accounting_line(stats, "out")
    assert line.startswith("newssift: 23 quarantined (20 extract timeout, 2 assess ValueError, "
                           "1 no_content): see ")
    assert "--time-limit" in line


def test_today_is_a_day_or_a_one_line_error(tmp_path):
    """--today pins the last day an article's date may be (review r37: it was the clock's);
    anything but YYYY-MM-DD is one line, exit 2, before OUT is made."""
    import json

    res, out = _run(tmp_path, "--no-dedup", "--today", "5 Dec 2026")
    assert res.exit_code == 2, (res.output, res.exception)
    assert "YYYY-MM-DD" in res.output and "Traceback" not in res.output
    assert not out.exists()
    res, out = _run(tmp_path, "--no-dedup", "--today", "2100-01-01")
    assert res.exit_code == 0, (res.output, res.exception)
    assert json.loads((out / "stats.json").read_text())["config"]["today"] == "2100-01-01"
