"""One run per output folder: an exclusive lock on ``OUT/_state/lock`` for the run's life.

Two runners on one folder (a run and a ``--resume`` started at once, or a resume while
the workers of a killed run still write) redo the same units into the same part names
and corrupt each other's files. The lock is a POSIX record lock (``fcntl.lockf``) on a
file in the run state: the kernel releases it when the runner is gone, so a crashed run
never leaves a stale lock behind. It belongs to the runner process alone (forked workers
do not inherit it, so a pool kept by the caller does not keep the folder locked); the
workers die with the runner instead (:func:`newssift.execute.executors.worker_init`).
The lock file names its holder (pid, host) for the message the next runner prints.
Folders on object storage (URLs) have no such lock; there the lock is a no-op.

A POSIX lock is the process's, not the file handle's: closing *any* handle of the file
releases it. So a block that takes the lock its own process already holds (a run that
re-decides its output, ``decide`` inside ``run``) opens no second handle; it is inside
the outer block's lock, which stays held to the outer block's end.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import threading
from collections.abc import Iterator

from newssift.errors import OutputError

LOCK_NAME = "lock"

# The state folders whose lock this process holds: (pid, real path) -> [the holding
# thread's ident, blocks inside it]. The pid keeps a forked child, which inherits the dict
# but not the lock, from trusting it. Another thread of the process is refused as another
# process is: the kernel's lock cannot tell them apart (review r41).
_HELD: dict[tuple[int, str], list[int]] = {}
_HELD_GUARD = threading.Lock()


def _holder(fh) -> str:
    fh.seek(0)
    text = fh.read(200).strip()
    return text or "another process"


@contextlib.contextmanager
def locked(state_dir: str) -> Iterator[None]:
    """Hold the exclusive lock of the run state folder ``state_dir`` (created) in this
    block; :class:`OutputError` naming the holder when another process has it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock
        yield
        return
    os.makedirs(state_dir, exist_ok=True)
    key = (os.getpid(), os.path.realpath(state_dir))
    with _HELD_GUARD:
        held = _HELD.get(key)
        if held is not None and held[0] != threading.get_ident():
            raise OutputError(
                f"{os.path.dirname(state_dir)} is in use by another newssift run in this "
                "process (another thread); wait for it to finish, then rerun"
            )
        if held is not None:  # an outer block of this thread holds it: no second handle
            held[1] += 1
    if held is not None:
        try:
            yield
        finally:
            with _HELD_GUARD:
                held[1] -= 1
        return
    path = os.path.join(state_dir, LOCK_NAME)
    fh = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole block
    try:
        try:
            fcntl.lockf(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EAGAIN):
                raise
            holder = _holder(fh)
            raise OutputError(
                f"{os.path.dirname(state_dir)} is in use by another newssift run "
                f"({holder}); wait for it to finish or stop it, then rerun"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} on {socket.gethostname()}\n")
        fh.flush()
        with _HELD_GUARD:
            _HELD[key] = [threading.get_ident(), 0]
        try:
            yield
        finally:
            with _HELD_GUARD:
                del _HELD[key]
    finally:
        fh.close()  # releases the lock


def run_lock(out: str) -> contextlib.AbstractContextManager:
    """The same lock for a command that rewrites a finished run in ``out`` in place
    (``newssift decide``, ``newssift dedup``): two of them at once, or one beside a
    ``run --resume``, rewrite the same parts and leave the folder a mix of both (one
    policy in stats.json, another's rows in rejected/). A no-op for URLs, and for a
    folder that holds no run (no ``_state``, stats.json or records): the command
    refuses that one itself, and the lock must not leave a ``_state`` folder in it."""
    from newssift.io import storage
    from newssift.io.run_folder import RunFolder

    if storage.is_url(out) or not os.path.isdir(out):
        return contextlib.nullcontext()
    run = RunFolder(out)
    if not (os.path.isdir(run.state) or run.has_stats() or run.holds_records()):
        return contextlib.nullcontext()
    return locked(run.state)
