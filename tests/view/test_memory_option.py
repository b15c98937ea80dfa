"""``newssift view --memory``: a size DuckDB reads, checked before any work (it goes into
an SQL statement: a word there was a DuckDB parser traceback, exit 1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newssift.cli import main
from newssift.errors import ConfigError
from newssift.view.index import RunIndex, memory_setting
from tests.view.runs import example_run


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_run(tmp_path_factory.mktemp("mem") / "out")


@pytest.mark.parametrize("value", ["lots", "1GB'; SELECT 1; --", "2 GB per worker", "1000",
                                   "-1GB", "8MB", "", "\u0661\u0662\u0668MB",
                                   "99999999999999999999TB", "2000TiB"])
def test_a_bad_memory_limit_is_a_usage_error(out: Path, value: str) -> None:
    res = CliRunner().invoke(main, ["view", str(out), "--port", "0", "--memory", value])
    assert res.exit_code == 2, res.output
    assert "--memory" in res.output and "Traceback" not in res.output
    assert not (out / "_state" / "view").exists()  # refused before the index is built


@pytest.mark.parametrize(("value", "setting"), [("2GB", "2GB"), (" 500 mb ", "500mb"),
                                                ("1.5GiB", "1.5GiB"), ("16MB", "16MB")])
def test_sizes_pass(value: str, setting: str) -> None:
    assert memory_setting(value) == setting


def test_the_index_refuses_one_too(out: Path) -> None:
    with pytest.raises(ConfigError, match="--memory"):
        RunIndex(out, memory_limit="lots")
