"""``newssift dedup -w N``'s pool workers start as the runner's do: they die with the
command's process (Linux's parent-death signal), so a ``kill -9`` of it leaves none
running on (they printed BrokenPipeError tracebacks and went on)."""

from __future__ import annotations

import ctypes
import signal
import sys
from pathlib import Path

import pytest

from newssift.dedup.cli import _pool_map


def _death_signal(_item: int) -> int:
    libc = ctypes.CDLL(None, use_errno=True)
    sig = ctypes.c_int(0)
    pr_get_pdeathsig = 2
    libc.prctl(pr_get_pdeathsig, ctypes.byref(sig), 0, 0, 0)
    return sig.value


def _sigint_handler(_item: int) -> bool:
    return signal.getsignal(signal.SIGINT) is signal.SIG_IGN


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_dedup_pool_workers_die_with_the_command() -> None:
    pmap, pool = _pool_map(2)
    try:
        assert pmap(_death_signal, [0, 1, 2, 3]) == [signal.SIGKILL] * 4
        assert all(pmap(_sigint_handler, [0, 1]))  # Ctrl-C is the command's to handle
    finally:
        pool.close()


def _slow_mark(path: str) -> None:
    import time
    from pathlib import Path

    # long past the 1 s alarm, so a loaded machine's slow stop cannot let one finish
    # (review r39); the terminated workers do not wait it out
    time.sleep(30)
    Path(path).touch()


def test_an_interrupted_dedup_does_not_run_its_queued_tasks(tmp_path, monkeypatch) -> None:
    # (review r38) the pool was closed and joined on Ctrl-C too: every queued task of the
    # current map ran before the command stopped (12 tasks of 3 s: 18 s at 2 workers)
    from newssift.dedup import cli as dedup_cli
    from newssift.dedup import run as dedup_run
    from newssift.dedup.options import DedupOptions
    from newssift.io.run_folder import RunFolder

    marks = [str(tmp_path / f"task{i}") for i in range(8)]

    def interrupted_dedup(out, opt, pmap):
        def stop(signum, frame):
            raise KeyboardInterrupt

        signal.signal(signal.SIGALRM, stop)
        signal.alarm(1)  # while the first two tasks run, six queued
        pmap(_slow_mark, marks)

    monkeypatch.setattr(dedup_run, "run_dedup", interrupted_dedup)
    monkeypatch.setattr(dedup_run, "warm_up", lambda opt: None)
    out = tmp_path / "out"
    out.mkdir()
    previous = signal.getsignal(signal.SIGALRM)
    try:
        with pytest.raises(KeyboardInterrupt):
            dedup_cli._dedup_locked(RunFolder(str(out)), str(out), DedupOptions(), 2)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert sum(Path(m).exists() for m in marks) == 0  # (all 8 ran before)
