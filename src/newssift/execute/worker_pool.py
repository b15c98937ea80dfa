"""The local worker processes of a run and of ``newssift dedup``: one home for both.

Why not :class:`multiprocessing.pool.Pool`: when one of its workers dies (the kernel's
out-of-memory killer, a crash in compiled code, a ``kill -9``), it starts another and never
hands the dead one's task to anyone, so the run waited for that task forever, and stopping
it could wait too (the dead worker may hold the task queue's lock). The standard library's
:class:`concurrent.futures.ProcessPoolExecutor` watches its workers and fails every waiting
task when one dies; that becomes :class:`WorkerDied`, one line and an exit, with the finished
units kept for ``--resume``.

The workers are forked from the calling thread when the pool starts, after the caller has
loaded what they share (:mod:`newssift.execute.warmup`), and start with
:func:`newssift.execute.executors.worker_init` (they die with the runner, leave Ctrl-C to it).
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from newssift.errors import Interrupted, NewssiftError

#: How long the message of a dead worker waits for each worker's exit code.
DIED_JOIN_SECONDS = 1.0


class WorkerDied(NewssiftError):
    """A worker process ended while it had work (killed, out of memory, crashed)."""


def _ready() -> int:
    return os.getpid()


class WorkerPool:
    """``workers`` forked processes with an ordered and an unordered map."""

    def __init__(self, workers: int, initializer: Callable[..., None] | None = None,
                 initargs: tuple = (), hint: str = "rerun the same command") -> None:
        ctx = mp.get_context("fork" if sys.platform != "win32" else "spawn")
        self.workers, self.hint = workers, hint
        self._ex = ProcessPoolExecutor(workers, mp_context=ctx, initializer=initializer,
                                       initargs=initargs)
        self._procs: list = []

    def start(self) -> None:
        """Fork the workers now (a first task forks them all; it is waited for, so they
        exist, sharing what this process holds, before the caller goes on)."""
        self._submit(_ready).result()

    def _submit(self, fn, *args):
        try:
            fut = self._ex.submit(fn, *args)
        except BrokenProcessPool:
            raise self._died() from None
        if not self._procs:  # the processes of the pool, to name how one ended
            self._procs = list(getattr(self._ex, "_processes", {}).values())
        return fut

    def map_unordered(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """``fn`` of every item, yielded as each completes; every item is handed out at once
        (the runner's items are small: a unit's description)."""
        pending = {self._submit(fn, item) for item in items}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield self._result(fut)

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
        """``fn`` of every item, in item order."""
        futures = [self._submit(fn, item) for item in items]
        return [self._result(f) for f in futures]

    def _result(self, fut) -> Any:
        try:
            return fut.result()
        except BrokenProcessPool:
            raise self._died() from None

    def _died(self) -> WorkerDied | Interrupted:
        """What ends the map now that a worker died: :class:`WorkerDied`, or the run's
        :class:`~newssift.errors.Interrupted` when SIGTERM ended it (a stop sent to the whole
        process group, a container's stop, reaches the workers too: the run stops as on
        SIGTERM, exit 143, whichever of the two the runner notices first)."""
        for proc in self._procs:  # reaped by the pool's own thread a moment later
            with contextlib.suppress(OSError, ValueError, AssertionError):
                proc.join(DIED_JOIN_SECONDS)
        codes = [p.exitcode for p in self._procs if p.exitcode not in (None, 0)]
        # the pool ends the other workers with SIGTERM once one died: name the first death
        codes.sort(key=lambda code: code == -signal.SIGTERM)
        if codes and codes[0] == -signal.SIGTERM:
            return Interrupted(signal.SIGTERM)
        how = "ended"
        if codes and codes[0] < 0:
            with contextlib.suppress(ValueError):
                how = f"was killed by {signal.Signals(-codes[0]).name}"
        elif codes:
            how = f"exited with code {codes[0]}"
        why = " (out of memory?)" if how.endswith("SIGKILL") else ""
        return WorkerDied(f"a worker process {how}{why} while it had work; {self.hint}")

    def release(self) -> None:
        """No more work will come: the workers exit once idle, while the caller goes on;
        :meth:`close` then waits for them."""
        self._ex.shutdown(wait=False)

    def close(self) -> None:
        """Wait for the work handed out, then for the workers to exit."""
        self._ex.shutdown(wait=True)

    def terminate(self) -> None:
        """Stop at once: the workers are killed, so nothing queued begins; the pool then
        fails what was waiting and cleans up as for a worker that died. (No future is
        cancelled first: Python 3.11's clean-up of a broken pool fails on a cancelled one,
        a traceback from its thread and the clean-up left half done.)"""
        for proc in self._procs or list(getattr(self._ex, "_processes", {}).values()):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                proc.kill()
        self._ex.shutdown(wait=True)
