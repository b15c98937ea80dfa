"""SIGINT and SIGTERM noted in a block of code and handed to their handlers after it.

Why: the command's handlers (``cli._stop_on_signals``; Python's own for SIGINT) raise an
exception wherever the main thread happens to be. Two kinds of place cannot take one:

- a finalizer run by the collector, or a fork hook: Python prints the exception and drops
  it, so the stop was lost and the run went on to its end (reviews r45 and r46, a signal
  50-120 ms into the pool's warm-up);
- the gap between taking a lock and entering the ``with`` block that releases it
  (``threading.Condition.__enter__`` is Python code): the lock stays held by this thread
  for good. The process pool's futures are guarded so, and its manager thread then waited
  for ever on such a lock to fail them, and the stop that joins it waited too (review r46:
  1 Ctrl-C in 17 hung the runner; a bare ``concurrent.futures.wait`` left locks held in 1
  interrupt in 200).

In a :func:`deferred_stops` block the handlers only note the signal; the first one noted
is handed to its handler when the block ends, a place that can raise. Off the main thread
the handlers are not this thread's to swap, and they do not run in it either.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

STOPS = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def deferred_stops() -> Iterator[None]:
    """Hold SIGINT and SIGTERM's handlers back until the block ends (see the module)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[int] = []
    handlers = {}
    for sig in STOPS:
        if callable(signal.getsignal(sig)):
            handlers[sig] = signal.signal(sig, lambda signum, frame: noted.append(signum))
    try:
        yield
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        if noted:
            handlers[noted[0]](noted[0], None)
