"""The public face: a light import, names that do not shadow the stage subpackages, a CLI that
loads subcommands only when named and reports one that cannot load."""

import importlib
import subprocess
import sys
import types

from click.testing import CliRunner

import newssift
from newssift import cli

HEAVY = ("numpy", "pyarrow", "selectolax", "fasttext", "py3langid", "regex")


def _loaded_after(code: str) -> set[str]:
    probe = code + "\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_import_newssift_loads_nothing_heavy():
    loaded = _loaded_after("import newssift")
    assert not [m for m in HEAVY if m in loaded]
    assert not [m for m in loaded if m.startswith("newssift.") and m != "newssift._version"]


def test_help_loads_no_stage():
    loaded = _loaded_after(
        "import sys\nsys.argv = ['newssift', '--help']\nfrom newssift.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert not [m for m in HEAVY if m in loaded]
    assert not [m for m in loaded if m.startswith(("newssift.extract", "newssift.execute.local"))]


def test_api_names_resolve_and_do_not_shadow_subpackages():
    assert sorted(newssift.__all__) == sorted(["__version__", *newssift._API])
    for name in newssift._API:
        assert getattr(newssift, name) is not None
    importlib.import_module("newssift.extract.article")  # binds the subpackage on the package
    assert isinstance(newssift.extract, types.ModuleType)
    assert callable(newssift.extract_article)
    assert newssift.extract_article is newssift.extract.article.extract
    assert isinstance(newssift.assess, types.ModuleType)


def test_help_lists_every_subcommand():
    res = CliRunner().invoke(cli.main, ["--help"])
    assert res.exit_code == 0
    for name in cli._SUBCOMMANDS:
        assert name in res.output


def test_a_subcommand_that_cannot_load_is_reported(monkeypatch):
    monkeypatch.setitem(cli._SUBCOMMANDS, "news", ("newssift.no_such_module", "x", "broken"))
    res = CliRunner().invoke(cli.main, ["news", "-"])
    assert res.exit_code == 1
    assert "'news' command could not be loaded" in res.output
    assert "ModuleNotFoundError" in res.output


def test_log_file_gets_the_run_log(tmp_path):
    page = tmp_path / "in" / "a.txt"
    page.parent.mkdir()
    page.write_text("A short text.\n")
    log = tmp_path / "run.log"
    res = subprocess.run(
        [sys.executable, "-m", "newssift.cli", "-v", "--log-file", str(log), "run",
         str(page.parent), "-o", str(tmp_path / "out"), "-q", "--stages", "", "--no-dedup",
         "-w", "1"],
        capture_output=True, text=True,
    )
    assert res.returncode == 0, res.stderr
    assert "newssift.cli: run: 1 input(s)" in log.read_text()


def test_bad_run_options_are_one_line_and_exit_2_before_any_output(tmp_path):
    """A non-finite size, a negative or NaN time limit, an unknown stage: each is the user's
    error, said in one line (exit 2) before OUT is made. Before, the sizes and the stage
    ended in a traceback, and a time limit of -1 or nan quarantined every document."""
    page = tmp_path / "in" / "a.txt"
    page.parent.mkdir()
    page.write_text("A short text.\n")
    bad = [("--unit-mb", "nan"), ("--unit-mb", "inf"), ("--max-record-mb", "inf"),
           ("--max-record-mb", "nan"), ("--time-limit", "-1"), ("--time-limit", "nan"),
           ("--stages", "extract,bogus")]
    for option, value in bad:
        out = tmp_path / "out"
        res = CliRunner().invoke(cli.main, ["run", str(page.parent), "-o", str(out), "-q",
                                            "--no-dedup", "-w", "1", option, value])
        assert res.exit_code == 2, (option, value, res.output, res.exception)
        assert "Traceback" not in res.output and option in res.output, (option, res.output)
        assert not out.exists(), (option, value)


def test_an_interrupted_command_without_resume_does_not_say_resume(monkeypatch):
    """Ctrl-C in `view` (or `report`, `trace`) said 'rerun the same command with --resume',
    an option only `run` has."""
    import click

    @click.command()
    def stopped():
        raise KeyboardInterrupt

    monkeypatch.setattr(sys.modules[__name__], "_stopped", stopped, raising=False)
    monkeypatch.setitem(cli._SUBCOMMANDS, "view", (__name__, "_stopped", "stops"))
    res = CliRunner().invoke(cli.main, ["view"])
    assert res.exit_code == 130
    assert "interrupted" in res.output and "--resume" not in res.output


def test_the_run_line_counts_empty_files_it_read_nothing_from():
    """Empty files yield no document (counted as read/empty_file); the closing line said
    nothing of them, so a folder of 10 files giving 8 documents looked like a loss."""
    stats = {"documents": {"quarantine": 0},
             "counts": {"read/empty_file": 2, "plan/skipped_files/hidden": 1}}
    line = cli._accounting_line(stats, "out")
    assert line == "newssift: skipped 2 empty file(s), 1 hidden file(s)"
