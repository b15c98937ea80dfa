"""The local worker pool (``execute/worker_pool.py``): a worker that dies ends the map
with one line instead of a wait without end, and stopping the pool never depends on its
workers heeding SIGTERM."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from newssift.execute.executors import worker_pool
from newssift.execute.worker_pool import WorkerDied
from tests.conftest import REPO, group_gone


def _die_on_two(item: int) -> int:
    if item == 2:
        os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer ends a process
    return item


def test_a_killed_worker_ends_the_map_with_one_line() -> None:
    pool = worker_pool(2, hint="try again")
    try:
        with pytest.raises(WorkerDied) as err:
            pool.map(_die_on_two, [1, 2, 3])
        workers = [p.pid for p in pool._procs]
    finally:
        pool.terminate()
    assert str(err.value) == ("a worker process was killed by SIGKILL (out of memory?) "
                              "while it had work; try again")
    # the runner reads from the dead worker's pid which documents it held (in_flight.py)
    assert err.value.pid in workers and err.value.how == "was killed by SIGKILL"


def test_a_killed_worker_ends_the_unordered_map_too() -> None:
    pool = worker_pool(2)
    try:
        with pytest.raises(WorkerDied, match="killed by SIGKILL"):
            list(pool.map_unordered(_die_on_two, range(6)))
    finally:
        pool.terminate()


def _term_on_two(item: int) -> int:
    if item == 2:
        os.kill(os.getpid(), signal.SIGTERM)  # as a stop sent to the whole process group
    return item


def test_a_worker_ended_by_sigterm_stops_the_map_as_sigterm_does() -> None:
    from newssift.errors import Interrupted

    pool = worker_pool(2)
    try:
        with pytest.raises(Interrupted) as err:
            pool.map(_term_on_two, [1, 2, 3])
    finally:
        pool.terminate()
    assert err.value.signum == signal.SIGTERM


def test_results_in_order_and_as_they_complete() -> None:
    pool = worker_pool(2)
    try:
        assert pool.map(abs, [-3, -1, -2]) == [3, 1, 2]
        assert sorted(pool.map_unordered(abs, [-3, -1, -2])) == [1, 2, 3]
    finally:
        pool.close()


# Workers that inherited a SIGTERM handler which does not end them (a test process that
# ran Ray keeps Ray's): a bare multiprocessing pool's terminate sends SIGTERM and waits for
# them (stop 48's CI ran out of time so); this pool kills. Run in a process of its own with
# a time limit, so that a pool which waits is a failure, not a hang of the suite.
_DEAF_TO_SIGTERM = textwrap.dedent(
    """
    import signal, threading, time
    from newssift.execute.worker_pool import WorkerPool

    signal.signal(signal.SIGTERM, lambda *_: None)  # inherited by the forked workers
    pool = WorkerPool(2)
    pool.start()
    busy = threading.Thread(target=pool.map, args=(time.sleep, [600, 600]), daemon=True)
    busy.start()
    time.sleep(0.5)
    pool.terminate()
    print("stopped")
    """
)


def test_workers_deaf_to_sigterm_are_stopped() -> None:
    code, out, err, left = _in_own_process(_DEAF_TO_SIGTERM)
    assert code == 0 and out.strip() == "stopped", err
    assert not left, "a worker outlived the pool"


# A worker killed while it sends a result leaves half a message in the result pipe; the
# executor's thread then read for ever and the pool's stop waited on it (review r44: an
# 8 MB result hung the first stop). Run in a process of its own with a time limit.
_STOP_WHILE_SENDING = textwrap.dedent(
    """
    import os, threading, time
    from newssift.execute.executors import worker_pool

    def big(_):
        return b"x" * 8_000_000

    def drain(pool):
        try:
            for _ in pool.map_unordered(big, range(200)):
                pass
        except BaseException:
            pass

    for delay in (0.05, 0.1, 0.15, 0.2, 0.25):
        pool = worker_pool(2)
        pool.start()
        threading.Thread(target=drain, args=(pool,), daemon=True).start()
        time.sleep(delay)
        pool.terminate()
    print("stopped")
    """
)


def _in_own_process(script: str) -> tuple[int | None, str, str, bool]:
    """Run ``script`` in a session of its own: its exit code (None: still running after
    60 s), stdout, stderr, and whether a process of it outlived it."""
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=60)
        return proc.returncode, out, err, not group_gone(proc.pid)
    except subprocess.TimeoutExpired:
        return None, "", "still running after 60 s", True
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def test_a_stop_while_workers_send_large_results_ends() -> None:
    code, out, err, left = _in_own_process(_STOP_WHILE_SENDING)
    assert code == 0 and out.strip() == "stopped", err
    assert not left, "a worker outlived the pool"


def test_close_after_release_waits_for_the_workers() -> None:
    pool = worker_pool(2)
    assert pool.map(abs, [-1, -2]) == [1, 2]
    workers = list(pool._procs)
    pool.release()
    pool.close()
    assert workers and not any(p.is_alive() for p in workers)


def test_a_pool_released_before_any_work_can_still_be_stopped() -> None:
    pool = worker_pool(2)
    assert pool.map(abs, []) == []
    pool.release()
    pool.terminate()  # (raised AttributeError: the executor forgets its processes)
