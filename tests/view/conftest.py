"""The viewer's app over the example run, built once per test module that asks for it."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):
    pytest.importorskip("duckdb", reason="the viewer needs duckdb (pip install 'newssift[view]')")
    from newssift.view.index import RunIndex
    from newssift.view.server import ViewApp
    from tests.view.runs import example_run

    index = RunIndex(example_run(tmp_path_factory.mktemp("ex") / "out"))
    yield ViewApp(index)
    index.close()
