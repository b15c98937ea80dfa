"""The ``run`` command imports its modules with the collector off and freezes what they made
(cli._imports_frozen): the collector comes back as it was, and the objects made inside are
out of every later collection."""

from __future__ import annotations

import gc

import pytest

from newssift import cli, collector


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


def test_in_process_work_collects_less_often_and_restores():
    """collector.worker_collector: the workers' thresholds inside, the old after (also
    after an error); worker_init gives a pool worker the same thresholds."""
    before = gc.get_threshold()
    with collector.worker_collector():
        assert gc.get_threshold() == collector.WORKER_GC_THRESHOLD
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), collector.worker_collector():
        raise RuntimeError("a unit failed")
    assert gc.get_threshold() == before


def test_pool_workers_get_the_worker_thresholds():
    from newssift.execute import executors

    ex = executors.LocalExecutor(2)
    try:
        got = ex.map(_threshold, [0, 1])
    finally:
        ex.close()
    assert got == [collector.WORKER_GC_THRESHOLD] * 2


def _threshold(_: int) -> tuple[int, int, int]:
    return gc.get_threshold()


def test_freeze_before_fork_leaves_nothing_for_the_collector_to_walk():
    # the runner's warm-up, newssift dedup and the dedup bench all freeze through it
    junk = [[i] for i in range(1000)]
    assert any(o is junk for o in gc.get_objects())
    try:
        collector.freeze_before_fork()
        assert gc.get_freeze_count() > len(junk)
        assert not any(o is junk for o in gc.get_objects())  # out of every generation
    finally:
        gc.unfreeze()
