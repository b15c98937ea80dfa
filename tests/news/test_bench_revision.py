"""bench/quotes.py loads a revision's news code beside this worktree's (speed and --base)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bench.quotes import ROOT, _base_parse, _stage_parse
from newssift.news.parts import parse_news

TEXT = ('Kremlin spokesman Dmitry Peskov spoke on Monday. "We will not comment on this," '
        'Peskov said. "The talks go on," he added.\n\nThe embassy said the talks would go on.')


def test_worktree_stage_loads_apart_and_parses_alike():
    parse = _stage_parse("work")
    assert parse is not parse_news
    assert parse.__module__.startswith("_rev_work_")
    assert parse.__module__ in sys.modules and parse.__module__ != "newssift.news.parts"
    assert repr(parse(TEXT)) == repr(parse_news(TEXT))
    assert [q.speaker for q in parse(TEXT).quotes] == ["Dmitry Peskov", "Dmitry Peskov"]


def _has_git() -> bool:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT,
                              capture_output=True).returncode == 0
    except OSError:
        return False


def _need_commit(rev: str) -> None:
    """Skip where the clone lacks ``rev`` (a shallow one)."""
    try:
        subprocess.run(["git", "cat-file", "-e", f"{rev}^{{commit}}"], cwd=ROOT, check=True,
                       capture_output=True)
    except subprocess.CalledProcessError:
        pytest.skip(f"a shallow clone without {rev}")


@pytest.mark.skipif(not _has_git(), reason="needs the project's git history")
def test_base_quotes_of_the_worktree_parse_alike():
    # HEAD's quotes code in this worktree's stage: same output as the worktree's own
    assert repr(_base_parse("HEAD")(TEXT)) == repr(parse_news(TEXT))


@pytest.mark.skipif(not _has_git(), reason="needs the project's git history")
def test_a_revision_from_before_the_names_moved_still_loads():
    # 3de8162's quotes code imports newssift.news.names (now newssift.vocab.names): the
    # loader points it at the new home, so --base can still compare against such a revision
    _need_commit("3de8162")
    assert repr(_base_parse("3de8162")(TEXT)) == repr(parse_news(TEXT))


def test_a_served_stage_reads_the_worktree_build_or_none():
    # --chain serves the whole news package: its compiled helper is this worktree's build
    # (the stage as it runs), or, python_only, missing (the Python twins)
    native = pytest.importorskip("newssift.news._native")
    spec = native.__spec__
    parse = _stage_parse("work")
    mod = sys.modules[parse.__module__.rsplit(".", 2)[0] + ".news.quotes.capitals"]
    assert mod._capital_runs is native.capital_runs
    assert native.__spec__ is spec
    bare = _stage_parse("work", python_only=True)
    mod = sys.modules[bare.__module__.rsplit(".", 2)[0] + ".news.quotes.capitals"]
    assert mod._capital_runs is mod.capital_runs_py
    assert repr(parse(TEXT)) == repr(bare(TEXT)) == repr(parse_news(TEXT))


@pytest.mark.skipif(not _has_git(), reason="needs the project's git history")
def test_a_whole_stage_from_before_the_move_reads_its_own_names():
    # (review r33) --chain serves a revision's whole news package: a revision from before the
    # given names moved reads its own news/names.py, not this worktree's vocab/names.py
    _need_commit("3de8162")
    parse = _stage_parse("3de8162")
    alias = parse.__module__.rsplit(".news.parts", 1)[0]
    assert f"{alias}.news.names" in sys.modules
    assert f"{alias}.vocab.names" not in sys.modules
    assert repr(parse(TEXT)) == repr(parse_news(TEXT))
