"""Executors: where the work units and the dedup shards run.

The runner needs only two things from an executor: an unordered parallel map (units are
independent and write their own files, so completion order does not matter) and an
ordered one (for dedup's shard stages). The local executor backs them with a process pool
on this machine; the Ray executor (``ray_executor.py``) with Ray tasks on a cluster.
Because the work itself lives in module-level functions of plain picklable arguments, the
same bytes come out whichever executor ran them.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from newssift.collector import WORKER_GC_THRESHOLD
from newssift.execute.worker_pool import WorkerPool

#: What a run whose worker died says to do (the units it finished are kept).
RESUME_HINT = "the finished units are kept: rerun the same command with --resume to continue"

#: Seconds between a worker's checks that the runner that forked it is still alive.
PARENT_WATCH_SECONDS = 1.0


def _set_parent_death_signal() -> bool:
    """Ask Linux to SIGKILL this process when the thread that forked it dies
    (``prctl(PR_SET_PDEATHSIG)``); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        return libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    """Exit at once when the parent is gone (re-parented: ``getppid`` changes). The
    portable half of :func:`worker_init`, and the cover for the moment between fork and
    ``prctl`` in which the parent could die unnoticed."""
    while True:
        if os.getppid() != parent:
            os._exit(1)
        threading.Event().wait(PARENT_WATCH_SECONDS)


def worker_init(parent: int) -> None:
    """Run first in every pool worker: die with the runner, never outlive it.

    A worker left running after its runner was killed (``kill -9``, an OOM kill) would
    go on writing into the output folder while a ``--resume`` redoes the same units. So:
    the kernel kills the worker when the runner dies (Linux), a daemon thread checks
    the parent pid (everywhere), SIGTERM has its default effect (the runner terminates
    its pool with it) and SIGINT is ignored (a Ctrl-C reaches the whole process group;
    the runner alone handles it and stops the workers). The collector runs less often
    (:data:`newssift.collector.WORKER_GC_THRESHOLD`).
    """
    _set_parent_death_signal()
    gc.set_threshold(*WORKER_GC_THRESHOLD)
    with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def worker_pool(workers: int, hint: str = "rerun the same command") -> WorkerPool:
    """A pool of ``workers`` forked processes started as the runner's are (:func:`worker_init`:
    they die with this process, SIGTERM ends them, Ctrl-C is left to it); ``hint``: what
    the one line of a worker's death tells to do. The one way the runner, ``newssift dedup
    -w N`` and the benches build their pool."""
    return WorkerPool(workers, initializer=worker_init, initargs=(os.getpid(),), hint=hint)


class Executor(Protocol):
    """What the runner asks of an executor."""

    workers: int

    def map_unordered(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """Apply ``fn`` to every item, yielding results as they complete."""
        ...

    def map(self, fn: Callable[[Any], Any], items: list[Any]) -> list[Any]:
        """Apply ``fn`` to every item; results in item order."""
        ...

    def close(self) -> None: ...


class LocalExecutor:
    """A process pool of ``workers`` processes (none at all for one worker): a
    :class:`~newssift.execute.worker_pool.WorkerPool`, which ends the run with one line
    when a worker dies, where a plain pool waited for the dead worker's task forever.

    The pool is created on first use and forked from the runner, so workers start in
    milliseconds and share the imported code. ``in_process`` (the default for one
    worker) runs everything in this process, which is what you want under a debugger or a
    profiler (``run(..., executor=LocalExecutor(1))``); the runner's own one worker is a
    pool of one (``LocalExecutor(1, in_process=False)``), where a document that kills its
    process does not end the run, and whose worker runs its tasks on its main thread, so
    a run called from another thread keeps its time limit (a signal timer).
    """

    def __init__(self, workers: int, in_process: bool | None = None) -> None:
        self.workers = max(1, workers)
        self.in_process = self.workers == 1 if in_process is None else in_process
        self._pool = None

    def _get_pool(self) -> WorkerPool:
        if self._pool is None:
            self._pool = worker_pool(self.workers, hint=RESUME_HINT)
        return self._pool

    def forks(self) -> bool:
        """Whether the next map forks a new pool (what the runner loads before it
        forks, its workers share: :mod:`newssift.execute.warmup`)."""
        return (not self.in_process and self._pool is None
                and sys.platform != "win32")

    def start(self) -> None:
        """Fork the pool now (it is otherwise forked on first use)."""
        if not self.in_process:
            self._get_pool().start()

    def map_unordered(self, fn, items):
        if self.in_process:
            return map(fn, items)
        return self._get_pool().map_unordered(fn, items)

    def map(self, fn, items):
        if self.in_process:
            return list(map(fn, items))
        return self._get_pool().map(fn, items)

    def release(self) -> None:
        """No more work will come: the workers exit once idle, while the caller goes on
        (the runner's last writes); :meth:`close` then waits for them. A later map fails."""
        if self._pool is not None:
            self._pool.release()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def terminate(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool = None


@contextlib.contextmanager
def owned(executor: Executor, own: bool) -> Iterator[Executor]:
    """Work on ``executor``; when the caller made it (``own``), close it once the work is done,
    or stop its workers at once when the work fails or is interrupted."""
    try:
        yield executor
    except BaseException:
        if own and isinstance(executor, LocalExecutor):
            executor.terminate()
        raise
    if own:
        executor.close()
