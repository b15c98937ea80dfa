"""Executors: where the work units and the dedup shards run.

The runner needs only two things from an executor: an unordered parallel map (units are
independent and write their own files, so completion order does not matter) and an
ordered one (for dedup's shard stages). The local executor backs them with a process pool
on this machine; the Ray executor (``ray_executor.py``) with Ray tasks on a cluster.
Because the work itself lives in module-level functions of plain picklable arguments, the
same bytes come out whichever executor ran them.
"""

from __future__ import annotations

import multiprocessing as mp
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol


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
    """A process pool of ``workers`` processes (none at all for one worker).

    The pool is created on first use and forked from the runner, so workers start in
    milliseconds and share the imported code; one worker runs everything in-process,
    which is what you want under a debugger or a profiler.
    """

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._pool = None

    def _get_pool(self):
        if self._pool is None:
            ctx = mp.get_context("fork" if sys.platform != "win32" else "spawn")
            self._pool = ctx.Pool(self.workers)
        return self._pool

    def map_unordered(self, fn, items):
        if self.workers == 1:
            return map(fn, items)
        return self._get_pool().imap_unordered(fn, items, chunksize=1)

    def map(self, fn, items):
        if self.workers == 1:
            return list(map(fn, items))
        return self._get_pool().map(fn, items, chunksize=1)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def terminate(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
