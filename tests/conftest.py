"""Shared fixtures: small corpora written by the tests themselves."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# No timing in unit tests: Hypothesis' per-example deadline (200 ms) fails a property test
# whose first call loads a model on a loaded machine, which says nothing about the code.
# derandomize: the same examples on every run, so CI fails only where a run here fails too
# (review r39).
settings.register_profile("newssift", deadline=None, derandomize=True)
settings.load_profile("newssift")

# One day for every run the tests start, in this process and in the CLI processes they
# spawn (extract/stage.py: run_day): two runs compared byte for byte either side of
# midnight gave two days in stats.json (review r39). Later than every date a test page
# carries that a test expects kept (2099-01-01 stands for "after any real today").
os.environ.setdefault("NEWSSIFT_TODAY", "2030-01-01")

ARTICLE = (
    "LISBON, March 3 (Wire) - The harbour authority said on Monday that ferry service "
    "number {i} would resume after repairs to the northern pier were finished ahead of schedule.\n"
    "Engineers had worked through the weekend, a spokeswoman for the authority said.\n"
    "\"We expect the first crossing at seven in the morning,\" said Marta Lopes, who runs the "
    "terminal.\n"
    "Commuters welcomed the news after three weeks of detours through the southern bridge.\n"
    "The repairs cost less than the city had feared, according to figures released on Friday.\n"
    "A second pier, damaged in the same storm, will be inspected next month by the same team."
)


#: Seconds a command a test runs with ``subprocess.run`` (or ``check_output``) may take when
#: the test gives no ``timeout``: past faulthandler's 300 s (pyproject), so a hang first
#: has every stack written, then fails its test naming the command, where it held CI until
#: its 5,400 s limit (session 31: 47 such calls in the suite).
SUBPROCESS_SECONDS = 600.0


@pytest.fixture(scope="session", autouse=True)
def _subprocess_time_limit() -> Iterator[None]:
    """Every ``subprocess.run`` of the suite without a ``timeout`` gets
    :data:`SUBPROCESS_SECONDS` (session scope: module fixtures that run commands are
    covered too). The child is killed at the limit; a newssift command's workers die with
    it (``execute/executors.py: worker_init``)."""
    real = subprocess.run

    def run(*args, **kwargs):
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = SUBPROCESS_SECONDS
        return real(*args, **kwargs)

    subprocess.run = run
    try:
        yield
    finally:
        subprocess.run = real


#: The repository's root.
REPO = Path(__file__).resolve().parents[1]
#: ../shared: beside the clone (CI), or beside the folder of worktrees; None where neither is.
SHARED: Path | None = next(
    (p for p in (REPO.parent / "shared", REPO.parent.parent / "shared") if p.is_dir()), None
)


def shared_path(*parts: str) -> Path:
    """``../shared/<parts>`` under :data:`SHARED` (beside the clone where there is none: a path
    that does not exist, so the tests that need it skip)."""
    return (SHARED or REPO.parent / "shared").joinpath(*parts)


def can_build_c() -> bool:
    """A C compiler and Python's headers on Linux: what setup.py needs to build the
    compiled parts (without them each part's Python twin runs)."""
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    compiler = shutil.which("cc") or shutil.which("gcc")
    return compiler is not None and headers.is_file() and sys.platform.startswith("linux")


def write_jsonl(path: Path, n: int, *, bad_every: int = 0) -> Path:
    """A JSONL corpus of ``n`` text articles; every ``bad_every``-th line is broken JSON."""
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            if bad_every and i % bad_every == bad_every - 1:
                fh.write('{"id": "broken", "text": "unterminated\n')
                continue
            fh.write(json.dumps({"id": f"doc-{i:05d}", "text": ARTICLE.format(i=i)}) + "\n")
    return path


@contextlib.contextmanager
def lock_held_elsewhere(out: Path) -> Iterator[subprocess.Popen]:
    """Another process holding the run folder ``out``'s lock (:mod:`newssift.execute.
    out_lock`) until the block ends; yields that process (its pid names the holder)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\n"
         "from newssift.execute.out_lock import locked\n"
         "with locked(sys.argv[1]):\n    print('held', flush=True)\n    time.sleep(600)\n",
         str(out / "_state")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


@pytest.fixture
def jsonl_corpus(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "corpus.jsonl", 60, bad_every=17)


@pytest.fixture(scope="module")
def ray_alone(tmp_path_factory):
    """Held while a test module runs its own local Ray instance: under pytest-xdist two such
    modules would otherwise start two instances at once on the same cores, each slowing the
    other's idle and cancel waits and listing the other's workers in its failure messages.
    The lock is a file of this run's temporary folder: the one xdist's workers share (each
    has its own folder below it), or the run's own without xdist."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    with open(shared / "ray.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def pool_pmap(fn, items):
    """``newssift dedup -w 2``'s ordered map (:func:`newssift.dedup.cli._pool_map`, the
    product's pool, its workers started by ``worker_init``), for tests that compare a
    pooled dedup with one in-process.

    Not a bare ``multiprocessing`` pool: its workers inherit this process's signal handlers,
    and in a test process that ran Ray earlier SIGTERM no longer ends them (Ray leaves its
    own handler behind after ``ray.shutdown``); the pool's exit, a ``terminate`` that sends
    SIGTERM and then waits, waited forever (stop 48's CI ran out of time in
    test_stars.py this way). ``worker_init`` puts SIGTERM back to its default, and the
    product's pool ends its workers with SIGKILL."""
    from newssift.dedup.cli import _pool_map

    pmap, pool = _pool_map(2)
    try:
        return pmap(fn, items)
    finally:
        pool.terminate()


def group_gone(pgid: int, seconds: float = 10.0) -> bool:
    """Whether every process of the session ``pgid`` has exited within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False
