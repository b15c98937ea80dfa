"""The garbage collector's settings for newssift's processes: one home.

Why a module of its own: the runner's pool workers, a one-worker run, the dedup driver and
its tasks, and ``newssift dedup``'s own pool all set the collector the same way, and
before this module the thresholds lived in the executors (which dedup then imported from a
layer above it) while two commands each wrote their own freeze before the fork. No output
depends on any of it: every cycle is still collected, only later or less often.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

#: The collector's thresholds in a pool worker (Python's default: 700, 10, 10). A unit
#: allocates millions of short-lived objects (tokens, lines, flags), nearly all freed by
#: their reference counts; a young collection every 700 allocations scanned them by the
#: hundred thousand all the same (~3% of a worker's CPU on the 602-page run).
WORKER_GC_THRESHOLD = (20_000, 10, 10)


@contextlib.contextmanager
def worker_collector() -> Iterator[None]:
    """:data:`WORKER_GC_THRESHOLD` in this process for the block, the old thresholds
    after: for the work a one-worker executor runs in the caller's process."""
    old = gc.get_threshold()
    gc.set_threshold(*WORKER_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*old)


def freeze_before_fork() -> None:
    """Collect, then freeze (``gc.freeze``) what this process holds, just before a pool
    forks: the modules, tables and warm-up values every worker inherits stay out of the
    workers' collections, which would walk them (and copy the pages their headers lie in)
    to free nothing. The forking process thaws its own collector once the pool is up
    (``gc.unfreeze``): the workers keep theirs frozen, and a caller in the same process
    (a test, a notebook) is not left with everything frozen."""
    gc.collect()
    gc.freeze()
