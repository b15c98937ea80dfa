"""``newssift dedup -w N``'s pool workers start as the runner's do: they die with the
command's process (Linux's parent-death signal), so a ``kill -9`` of it leaves none
running on (they printed BrokenPipeError tracebacks and went on)."""

from __future__ import annotations

import ctypes
import signal
import sys

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
        pool.join()
