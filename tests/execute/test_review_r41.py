"""Review r41's findings on the session's mends, each held here: a set of stages runs in
the pipeline's order whatever the hash seed; another thread of the process is refused a run
folder's lock as another process is; a caller's own one-worker executor is kept in a thread;
a numpy integer is a number of permutations like any other."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from newssift.errors import OutputError
from newssift.execute.config import RunConfig
from newssift.execute.out_lock import locked
from tests.conftest import REPO


def test_a_set_of_stages_runs_in_the_pipelines_order_whatever_the_hash_seed() -> None:
    # a set iterates in an order of its hash seed: refused under some seeds, taken under others
    code = ("from newssift.execute.config import RunConfig\n"
            "print(RunConfig(stages={'news', 'extract', 'clean'}).stages)")
    seen = set()
    for seed in ("1", "2", "3", "4"):
        proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                              text=True, timeout=60, env={"PYTHONHASHSEED": seed,
                                                          "PATH": "/usr/bin:/bin"})
        assert proc.returncode == 0, proc.stderr
        seen.add(proc.stdout.strip())
    assert seen == {"('extract', 'clean', 'news')"}
    assert RunConfig(stages=frozenset({"decide", "extract"})).stages == ("extract", "decide")


def test_another_thread_is_refused_the_lock_and_its_block_ends_clean(tmp_path: Path) -> None:
    # a second thread entered the first one's block as if nested, and the first one's exit
    # left it a KeyError at its own
    state = str(tmp_path / "_state")
    errors: list[BaseException] = []

    def other() -> None:
        try:
            with locked(state):
                pass
        except BaseException as exc:  # (the test reads what it was)
            errors.append(exc)

    with locked(state):
        t = threading.Thread(target=other)
        t.start()
        t.join()
        with locked(state):  # this thread's own nesting still works
            pass
    assert len(errors) == 1 and isinstance(errors[0], OutputError), errors
    assert "another thread" in str(errors[0])
    t = threading.Thread(target=other)  # released: the other thread now gets it
    t.start()
    t.join()
    assert len(errors) == 1


def test_numpy_integers_are_permutation_counts() -> None:
    from newssift.dedup.options import DedupOptions

    opt = DedupOptions(num_perm=np.int64(64), anchor_perm=np.uint16(128))
    assert (opt.num_perm, opt.anchor_perm) == (64, 128)
    assert type(opt.num_perm) is int and type(opt.anchor_perm) is int
    with pytest.raises(ValueError, match="power of two"):
        DedupOptions(num_perm=np.int64(100))
