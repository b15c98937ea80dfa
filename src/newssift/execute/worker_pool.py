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

Two gaps of the executor on Python 3.11 are closed here (review r44). A worker killed while
it sends a result leaves half a message in the result pipe, and the executor's thread waits
for the rest for ever, since this process holds the pipe's write end too: the maps watch
the workers' own exit (their sentinels) besides the futures, and the pool drops its copy of
the write end once the workers are forked, so killing them ends that read.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import multiprocessing.connection as mp_connection
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from newssift.errors import Interrupted, NewssiftError
from newssift.execute.deferred_signals import deferred_stops

#: How long the message of a dead worker waits for the workers' exit codes.
DIED_JOIN_SECONDS = 2.0
#: How often a map looks at its workers while it waits for a result.
WATCH_SECONDS = 1.0


class WorkerDied(NewssiftError):
    """A worker process ended while it had work (killed, out of memory, crashed).

    ``pid`` is the worker that died first, when it is known (the runner reads from it
    which document that worker held: :mod:`newssift.execute.in_flight`); ``how`` says how
    it ended ("was killed by SIGKILL"); ``items``: the places in the map's items of the
    tasks that died, when the executor knows them and not the pid (Ray)."""

    def __init__(self, message: str, pid: int | None = None, how: str = "ended",
                 items: tuple[int, ...] = ()) -> None:
        super().__init__(message)
        self.pid = pid
        self.how = how
        self.items = items

    @property
    def told(self) -> str:
        """``how`` as a message says it (:func:`_told`)."""
        return _told(self.how)


def _told(how: str) -> str:
    """How a worker ended, as a message says it: a SIGKILL is most often the out-of-memory
    killer."""
    return how + (" (out of memory?)" if how.endswith("SIGKILL") else "")


def _ready() -> int:
    return os.getpid()


def _watched(futures) -> threading.Event:
    """An event set whenever one of ``futures`` completes (at once for one already done)."""
    event = threading.Event()
    with deferred_stops():  # each call takes the future's lock
        for fut in futures:
            fut.add_done_callback(lambda _fut: event.set())
    return event


class WorkerPool:
    """``workers`` forked processes with an ordered and an unordered map."""

    def __init__(self, workers: int, initializer: Callable[..., None] | None = None,
                 initargs: tuple = (), hint: str = "rerun the same command") -> None:
        ctx = mp.get_context("fork" if sys.platform != "win32" else "spawn")
        self.hint = hint
        self._ex = ProcessPoolExecutor(workers, mp_context=ctx, initializer=initializer,
                                       initargs=initargs)
        self._procs: list = []
        self._manager = None  # the executor's thread, kept by _shut_down for the join

    def start(self) -> None:
        """Fork the workers now (a first task forks them all; it is waited for, so they
        exist, sharing what this process holds, before the caller goes on)."""
        try:
            self._result(self._submit(_ready))
        except BaseException:  # a Ctrl-C while forking: no worker is left behind
            self.terminate()
            raise

    def _submit(self, fn, *args):
        try:
            with deferred_stops():  # the executor's locks
                fut = self._ex.submit(fn, *args)
        except BrokenProcessPool:
            raise self._died() from None
        if not self._procs:  # the workers, forked by the first submit
            self._procs = list(self._processes().values())
            with contextlib.suppress(AttributeError, OSError):
                # the workers write results, this process only reads them: without its
                # copy of the write end, workers that are gone mean the end of the pipe
                self._ex._result_queue._writer.close()
        return fut

    def _processes(self) -> dict:
        return getattr(self._ex, "_processes", None) or {}

    def _wait(self, futures, return_when: str, done_event: threading.Event):
        """Wait for ``futures`` as :func:`concurrent.futures.wait` does, looking at the
        workers every :data:`WATCH_SECONDS`: one that has exited ends the map.
        ``done_event``: set whenever one of them completes (:func:`_watched`).

        Not :func:`concurrent.futures.wait` itself: it takes every future's lock, and a
        stop raised as one is taken leaves it held by this thread for good; the executor's
        thread then waited on it to fail the futures, and the stop that joins that thread
        for ever (review r46, 1 Ctrl-C in 17). Here the futures' locks are taken with the
        stops deferred (:mod:`newssift.execute.deferred_signals`), and the wait, where a
        stop may land, is on one event."""
        while True:
            done_event.clear()
            with deferred_stops():
                done = {f for f in futures if f.done()}
            if done if return_when == FIRST_COMPLETED else len(done) == len(futures):
                return done, set(futures) - done
            if mp_connection.wait([p.sentinel for p in self._procs], timeout=0):
                raise self._died()
            done_event.wait(WATCH_SECONDS)

    def map_unordered(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """``fn`` of every item, yielded as each completes; every item is handed out at once
        (the runner's items are small: a unit's description)."""
        pending = {self._submit(fn, item) for item in items}
        done_event = _watched(pending)
        while pending:
            done, pending = self._wait(pending, FIRST_COMPLETED, done_event)
            for fut in done:
                yield self._result(fut)

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
        """``fn`` of every item, in item order."""
        futures = [self._submit(fn, item) for item in items]
        if futures:
            self._wait(futures, ALL_COMPLETED, _watched(futures))
        return [self._result(f) for f in futures]

    def _result(self, fut) -> Any:
        while True:
            try:
                with deferred_stops():  # each takes the future's lock; neither waits
                    if fut.done():
                        return fut.result()
            except BrokenProcessPool:
                raise self._died() from None
            self._wait([fut], ALL_COMPLETED, _watched([fut]))

    def _died(self) -> WorkerDied | Interrupted:
        """What ends the map now that a worker died: :class:`WorkerDied`, or the run's
        :class:`~newssift.errors.Interrupted` when SIGTERM ended it (a stop sent to the whole
        process group, a container's stop, reaches the workers too: the run stops as on
        SIGTERM, exit 143, whichever of the two the runner notices first)."""
        exited = [p for p in self._procs
                  if mp_connection.wait([p.sentinel], timeout=0)]  # (gone, maybe not reaped)
        deadline = time.monotonic() + DIED_JOIN_SECONDS
        # the executor's thread may reap a worker before this thread can: its exit code
        # then shows on the process a moment later
        while any(p.exitcode is None for p in exited) and time.monotonic() < deadline:
            time.sleep(0.01)
        dead = [p for p in exited if p.exitcode not in (None, 0)]
        # the pool ends the other workers with SIGTERM once one died: name the first death,
        # and call it a stop only when every exit is known to be SIGTERM's
        dead.sort(key=lambda p: p.exitcode == -signal.SIGTERM)
        if (dead and dead[0].exitcode == -signal.SIGTERM
                and all(p.exitcode is not None for p in exited)):
            return Interrupted(signal.SIGTERM)
        code = dead[0].exitcode if dead else None
        how = "ended"
        if code is not None and code < 0:
            with contextlib.suppress(ValueError):
                how = f"was killed by {signal.Signals(-code).name}"
        elif code is not None:
            how = f"exited with code {code}"
        pid = dead[0].pid if dead else (exited[0].pid if len(exited) == 1 else None)
        return WorkerDied(f"a worker process {_told(how)} while it had work; {self.hint}",
                          pid=pid, how=how)

    def release(self) -> None:
        """No more work will come: the workers exit once idle, while the caller goes on;
        :meth:`close` then waits for them."""
        self._shut_down()

    def close(self) -> None:
        """Wait for the work handed out, then for the workers to exit (after
        :meth:`release` too, whose shutdown forgets the executor's thread)."""
        self._shut_down()
        self._join_manager()
        for proc in self._procs:
            proc.join()

    def terminate(self) -> None:
        """Stop at once: the workers are killed, so nothing queued begins; the pool then
        fails what was waiting and cleans up as for a worker that died. (No future is
        cancelled first: Python 3.11's clean-up of a broken pool fails on a cancelled one,
        a traceback from its thread and the clean-up left half done.)"""
        for proc in self._procs or list(self._processes().values()):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                proc.kill()
        self._shut_down()
        self._join_manager()

    def _shut_down(self) -> None:
        """The executor's shutdown, without waiting, its locks taken with the stops
        deferred (a stop raised as one is taken leaves it held, and the executor's thread
        waits on it for ever: :mod:`newssift.execute.deferred_signals`). The executor's
        thread is kept for :meth:`_join_manager`, the wait where a stop may land."""
        manager = self._manager or getattr(self._ex, "_executor_manager_thread", None)
        with deferred_stops():
            self._ex.shutdown(wait=False)
        self._manager = manager

    def _join_manager(self) -> None:
        """Wait for the executor's thread: it ends once the work handed out is done (or
        failed, the workers killed) and the workers are reaped."""
        if self._manager is not None:
            self._manager.join()
