"""The ``run`` command imports its modules with the collector off and freezes what they made
(cli._imports_frozen): the collector comes back as it was, and the objects made inside are
out of every later collection."""

from __future__ import annotations

import gc

import pytest

from newssift import cli


@pytest.fixture
def thawed():
    yield
    gc.unfreeze()  # give the test process its collector's view back


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_back_as_it_was(thawed, enabled):
    before = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with cli._imports_frozen():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if before else gc.disable)()


def test_what_the_imports_make_is_frozen(thawed):
    frozen = gc.get_freeze_count()
    with cli._imports_frozen():
        made = [[i] for i in range(1000)]  # tracked objects, as a module's tables
    assert gc.get_freeze_count() >= frozen + len(made)
    young = {id(o) for o in gc.get_objects(0)}
    assert not any(id(x) in young for x in made)


def test_an_error_inside_still_restores_the_collector(thawed):
    before = gc.isenabled()
    gc.enable()
    try:
        with pytest.raises(RuntimeError), cli._imports_frozen():
            raise RuntimeError("a bad policy")
        assert gc.isenabled()
    finally:
        (gc.enable if before else gc.disable)()
