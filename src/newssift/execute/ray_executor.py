"""The Ray executor: the same run, with its work units and dedup shards as Ray tasks.

Why an executor and not a second runner: everything that decides what a run writes (the
plan, the per-unit contract in ``worker.process_unit``, the part-file names, the markers,
the merge into ``stats.json``) already lives in ``execute.local.run``; a second runner
would be a second place for the output to drift. So Ray only replaces *where* the two maps
of the runner run (``map_unordered`` for units, ``map`` for dedup's shard stages), and
byte-identical output with the local runner follows from the same functions being applied
to the same picklable arguments.

Why plain tasks and not Ray Data: a unit is already the right-sized, self-contained piece
of work that reads its own input and writes its own files; Ray Data would move documents
through the object store only to write them back out, and would own the file naming that
makes resume and byte-identity work.

Faults: a task whose worker process dies (killed, out of memory, node lost) is retried by
Ray (``max_retries``). When Ray gives up on a task whose worker crashed, the runner is told
which unit it was (:class:`~newssift.execute.worker_pool.WorkerDied`) and recovers as from
a local worker's death: the unit's note in the output's ``_state/`` names the documents
its worker held, and the one that kills every worker reading it is quarantined
(:mod:`newssift.execute.in_flight`); the run goes on.

Retrying is safe because processing a unit is idempotent: its completion marker is
written last and a unit counts only once it exists, so a retry simply redoes the unit and
overwrites the same files (local parts are also written under a temporary name and
renamed; object storage has no rename and needs none). Exceptions
raised by the work itself are *not* retried (``retry_exceptions=False``): they are bugs or
bad configuration, and retrying them only delays the error. A stopped driver is handled by
the runner's resume from completion markers.

Storage: workers read inputs and write parts themselves, so on a cluster of several
machines the input and output must name the same storage on every node: object-storage
URLs (``s3://``, ``gs://``, read and written through fsspec by each worker), or paths on
a shared mount. :func:`run_ray` checks this before starting and refuses an output that
some node does not see (no shared mount, missing credentials or s3fs on a worker), rather
than producing a run whose parts are scattered over local disks.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from newssift.errors import ConfigError, InputError, NewssiftError, OutputError
from newssift.execute.config import RunConfig
from newssift.execute.local import RunResult, out_path_of, run
from newssift.execute.worker_pool import WorkerDied
from newssift.io import storage

#: How often Ray reruns a task whose worker died before giving up on the run.
DEFAULT_MAX_RETRIES = 3

#: How long stopping a run's tasks may take (see :func:`_cancel`), and how often a task
#: that has not ended yet is cancelled again.
CANCEL_SECONDS = 60.0
CANCEL_RETRY_SECONDS = 2.0
#: How long the tasks of a stopped run get to end on their own before the ones still
#: running are cancelled (see :func:`_cancel`).
CANCEL_SETTLE_SECONDS = 1.0

#: What marks a Ray client address (``ray://HOST:10001``).
_URL_MARK = "://"


def _ray():
    """Import Ray, or explain how to get it (it is the optional extra ``newssift[ray]``)."""
    try:
        import ray
    except ImportError:
        raise ConfigError(
            "--executor ray needs Ray: pip install 'newssift[ray]'"
        ) from None
    return ray


def _apply(fn: Callable[[Any], Any], item: Any, cwd: str) -> Any:
    """The one Ray task: apply a module-level function to one item on a worker.

    Paths stay as the user gave them (they are recorded in the output), so relative ones
    must resolve on the worker as on the driver: the task runs in the driver's working
    directory, which on a cluster exists on every node with the shared mount.
    """
    if cwd != os.getcwd() and os.path.isdir(cwd):
        os.chdir(cwd)
    return fn(item)


def _worker_version() -> str:
    """What a worker has installed (checked against the driver before a cluster run)."""
    from newssift._version import __version__

    return __version__


def _import_pipeline() -> int:
    """Import everything a unit needs (the warm-up task); returns the worker's pid."""
    from newssift.execute.config import RunConfig
    from newssift.execute.pipeline import build_stages

    build_stages(RunConfig())
    return os.getpid()


def _sees_file(path: str, token: str) -> bool:
    """Whether this node sees the file the driver just wrote (the shared-storage probe)."""
    try:
        return storage.read_text(path) == token
    except Exception:  # missing file, no credentials, no s3fs on this node: not seen
        return False


@contextlib.contextmanager
def _signal_handlers_kept() -> Iterator[None]:
    """Keep the caller's SIGINT and SIGTERM handlers over ``ray.init``: Ray's core worker
    installs its own failure handlers for them, so a SIGTERM to a run printed Ray's stack
    dump and exited 1 instead of the run's one line and 143 (review r37). Handlers set from
    Python are put back as they were; the main thread only (elsewhere none can be set)."""
    saved = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        handler = signal.getsignal(sig)
        if handler is not None:  # (None: set outside Python, nothing of ours to keep)
            saved[sig] = handler
    try:
        yield
    finally:
        for sig, handler in saved.items():
            with contextlib.suppress(ValueError, OSError):  # not the main thread
                signal.signal(sig, handler)


class RayExecutor:
    """Runs the runner's maps as Ray tasks, on a local Ray instance or an existing cluster.

    ``address=None`` starts a local Ray instance of ``workers`` CPUs (all cores for 0),
    unless Ray is already initialised in this process or ``RAY_ADDRESS`` names a cluster,
    in which case that one is used. Any other address (``auto``, ``HOST:6379``,
    ``ray://HOST:10001``) connects to an existing cluster. ``workers=0`` then means every
    CPU of the cluster; a smaller number caps how many tasks run at once.

    A task whose worker dies is rerun up to ``max_retries`` times; a task whose worker
    crashed every time raises :class:`~newssift.execute.worker_pool.WorkerDied` naming
    the task (which the runner recovers from), one that fails for good otherwise
    :class:`~newssift.errors.NewssiftError` (rerun with ``--resume``). An exception
    raised by the work itself is raised here unchanged, without retries.
    """

    #: A dead task is named by its item, so the runner's notes are named by the unit
    #: (``execute/in_flight.py``).
    notes_by_unit = True

    def __init__(
        self,
        address: str | None = None,
        workers: int = 0,
        *,
        max_retries: int = DEFAULT_MAX_RETRIES,
        init_options: dict[str, Any] | None = None,
    ) -> None:
        ray = _ray()
        self.address = address
        self.max_retries = max_retries
        self._cwd = os.getcwd()
        self._connected = False  # whether close() disconnects (and stops a local instance)
        local = False
        if not ray.is_initialized():
            local = self._init(ray, address, workers, init_options or {})
        cluster_cpus = int(ray.cluster_resources().get("CPU", 0))
        if workers < 1 and cluster_cpus < 1:
            raise ConfigError(
                "the Ray cluster has no CPUs yet; give the number of tasks to run at once "
                "with -w (an autoscaling cluster then adds the nodes)"
            )
        self.workers = workers if workers > 0 else cluster_cpus
        # On a local instance of exactly ``workers`` CPUs, extra tasks only queue, which
        # keeps every CPU fed between two tasks; on a cluster, which may have or grow more
        # CPUs, exactly ``workers`` tasks run at once.
        self.max_in_flight = 2 * self.workers if local else self.workers
        self._task = ray.remote(_apply).options(
            num_cpus=1, max_retries=max_retries, retry_exceptions=False
        )

    def _init(self, ray, address: str | None, workers: int, options: dict[str, Any]) -> bool:
        """Start a local instance (returns True) or connect to a cluster (False)."""
        import logging

        local = address is None and not os.environ.get("RAY_ADDRESS")
        kwargs: dict[str, Any] = {"log_to_driver": True}
        if local:
            kwargs["address"] = "local"
            kwargs["num_cpus"] = workers if workers > 0 else (os.cpu_count() or 1)
            kwargs["include_dashboard"] = False
        else:
            kwargs["address"] = address
            _check_reachable(address or os.environ.get("RAY_ADDRESS", ""))
        if _URL_MARK not in (address or os.environ.get("RAY_ADDRESS", "")):
            kwargs["logging_level"] = logging.WARNING  # Ray client mode takes no level
        kwargs.update(options)
        try:
            with _signal_handlers_kept():
                ray.init(**kwargs)
        except (ConnectionError, TimeoutError) as exc:
            where = address or os.environ.get("RAY_ADDRESS")
            raise ConfigError(f"cannot connect to the Ray cluster at {where}: {exc}") from None
        self._connected = True
        if not local:
            self._check_worker_version(ray)
        return local

    def _check_worker_version(self, ray) -> None:
        from newssift._version import __version__

        try:
            theirs = ray.get(ray.remote(_worker_version).options(num_cpus=0).remote())
        except ray.exceptions.RayError as exc:
            self.close()
            raise ConfigError(
                "the Ray workers cannot import newssift; install the same version on every "
                f"node (pip install 'newssift[ray]=={__version__}'): {exc}"
            ) from None
        if theirs != __version__:
            self.close()
            raise ConfigError(
                f"the Ray workers run newssift {theirs}, this machine {__version__}: "
                "install the same version on every node"
            )

    def warm_up(self) -> int:
        """Start the workers and import the pipeline in each, before any unit is submitted.

        Forked local workers inherit the driver's imported modules; Ray workers import them
        on their first task. Not needed for correctness; a benchmark calls it to time Ray's
        start apart from the run. Returns how many distinct worker processes answered.
        """
        ray = _ray()
        task = ray.remote(_import_pipeline).options(num_cpus=1)
        return len(set(ray.get([task.remote() for _ in range(self.workers)])))

    def map_unordered(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """Apply ``fn`` to every item as Ray tasks; yield results as they complete. A task
        whose worker crashed for good does not stop the others: see :meth:`_run`."""
        for _, result in self._run(fn, items, finish_others=True):
            yield result

    def map(self, fn: Callable[[Any], Any], items: list[Any]) -> list[Any]:
        """Apply ``fn`` to every item as Ray tasks; results in item order (dedup's and
        ``decide``'s maps, which recover from no death: the first one stops it)."""
        results: list[Any] = [None] * len(items)
        for index, result in self._run(fn, items):
            results[index] = result
        return results

    def _run(self, fn: Callable[[Any], Any], items: Iterable[Any],
             finish_others: bool = False) -> Iterator[tuple[int, Any]]:
        """Submit at most ``max_in_flight`` tasks at a time; yield (index, result) as they
        finish. ``finish_others`` (the runner's units): a task whose worker crashed for
        good does not stop the others; the map runs every item, then raises one
        :class:`WorkerDied` naming every such task (``items``), which the runner redoes
        alone (review r47: cancelling the rest threw away the work of every other worker,
        at each death). Stopping early (an error, Ctrl-C, the consumer closing the
        generator) cancels the tasks still running and waits for them to stop, so no task
        of this run is still writing files once control is back with the caller."""
        ray = _ray()
        fn_ref = ray.put(fn)
        todo = enumerate(items)
        pending: dict[Any, int] = {}

        def submit() -> None:
            for index, item in todo:
                pending[self._task.remote(fn_ref, item, self._cwd)] = index
                if len(pending) >= self.max_in_flight:
                    return

        crashed: list[WorkerDied] = []
        try:
            submit()
            while pending:
                ready, _ = ray.wait(list(pending), num_returns=1)
                index = pending.pop(ready[0])
                try:
                    result = _get(ray, ready[0], self.max_retries, index)
                except WorkerDied as died:
                    if not finish_others:
                        raise
                    crashed.append(died)
                    submit()
                    continue
                submit()
                yield index, result
            if crashed:
                first = crashed[0]
                raise WorkerDied(str(first), None, first.how,
                                 items=tuple(i for d in crashed for i in d.items)
                                 ) from first.__cause__
        finally:
            if pending:
                _cancel(ray, list(pending))

    def close(self) -> None:
        """Disconnect from Ray if this executor connected (which stops a local instance it
        started); a Ray already initialised by the caller is left as it was."""
        if self._connected:
            _ray().shutdown()
            self._connected = False


def _check_reachable(address: str, timeout: float = 10.0) -> None:
    """Fail fast on a ``HOST:PORT`` nobody listens on (Ray itself retries for minutes)."""
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit() or _URL_MARK in address:
        return  # "auto", "ray://...": left to Ray
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as exc:
        raise ConfigError(
            f"cannot reach the Ray cluster at {address}: {exc.strerror or exc}"
        ) from None


def _get(ray, ref: Any, retries: int, index: int | None = None) -> Any:
    """``ray.get``, with Ray's own failures (not the task's exceptions) made user errors:
    a worker that crashed on every try (:data:`_CRASHES`) a :class:`WorkerDied` naming
    the task's ``index``, any other a :class:`NewssiftError`."""
    try:
        return ray.get(ref)
    except ray.exceptions.RayTaskError:
        raise  # the work raised: a bug or a bad configuration, shown as it is
    except ray.exceptions.RayError as exc:
        name = type(exc).__name__
        # Ray retries its memory monitor's kills on a budget of its own (task_oom_retries)
        failed = "failed" if name == "OutOfMemoryError" else f"failed {retries + 1} times"
        message = (f"a Ray task {failed} ({name}: "
                   f"{str(exc).splitlines()[0] if str(exc) else ''}); the finished units "
                   "are kept: rerun the same command with --resume")
        if name in _CRASHES:
            tries = f"{retries + 1} tries" if retries else "1 try"
            how = ("was killed by Ray's memory monitor (OutOfMemoryError)"
                   if name == "OutOfMemoryError" else f"crashed ({name}, {tries} on Ray)")
            raise WorkerDied(message, None, how, items=() if index is None else (index,)
                             ) from exc
        raise NewssiftError(message) from exc


#: Ray's errors for a task whose worker process died under it: a crash, a kill, the
#: memory monitor (not a lost node or owner, which says nothing of the task's documents).
_CRASHES = frozenset({"WorkerCrashedError", "OutOfMemoryError"})


def _cancel(
    ray, refs: list[Any], limit: float = CANCEL_SECONDS, settle: float = CANCEL_SETTLE_SECONDS
) -> None:
    """Stop the tasks of ``refs`` (``force``: their worker processes are killed) and wait
    until every one has ended, asking again every :data:`CANCEL_RETRY_SECONDS`; the tasks
    that end on their own within ``settle`` seconds are not asked at all.

    Why not cancel at once: Ray 2.60's driver fails its own check ("Tried to complete task
    that was not pending": a C++ stack dump and exit 1 instead of the run's one line) when
    a task is cancelled while the reply of its finished work is being taken in. Its driver
    log shows the cancel finding the task neither queued nor running and failing it, and
    the reply completing it 50-200 ms later. A gentle cancel (``force=False``) hit it as
    often as a forced one, so it is the cancel's timing, not the kill. A stop that comes
    as a task ends (the SIGTERM test stops the run at its first marker) hit it in 14 of 71
    stops; waiting first lets such a reply land (0 of 50, docs/bench/ray.md, session 30),
    and only the tasks still running are asked. A cancel can still meet a reply by chance.

    Asking once is not enough: with Ray 2.60 on a loaded machine, 3 stops in 110 left a
    task running to its end, each time on the worker that had just finished the run's
    previous task (so most likely the cancel raced the task's hand-over to that worker).
    Asking again found the task running and killed it. A task still running after
    ``limit`` seconds is an error: it may still be writing into the output.
    """
    deadline = time.monotonic() + limit
    left = list(refs)
    if settle > 0:
        try:
            _, left = ray.wait(left, num_returns=len(left), timeout=min(settle, limit))
        except BaseException:  # a second Ctrl-C or SIGTERM while waiting: cancel at once
            _cancel(ray, left, limit, settle=0)
            raise
    while left:
        for ref in left:
            # an already finished or already gone task has nothing left to stop
            with contextlib.suppress(Exception):
                ray.cancel(ref, force=True)
        wait = min(CANCEL_RETRY_SECONDS, deadline - time.monotonic())
        if wait <= 0:
            break
        _, left = ray.wait(left, num_returns=len(left), timeout=wait)
    if left:
        raise NewssiftError(
            f"{len(left)} Ray task(s) of this run were still running {limit:.0f} s after "
            "being cancelled and may still write into the output; stop them (ray stop on "
            "their node) before rerunning with --resume"
        )


def run_ray(
    inputs: Sequence[str] | str,
    out: str | os.PathLike,
    *,
    config: RunConfig | None = None,
    resume: bool = False,
    address: str | None = None,
    progress: bool | None = None,
    max_retries: int = DEFAULT_MAX_RETRIES,
    **options: Any,
) -> RunResult:
    """:func:`newssift.execute.local.run` with its units and dedup shards as Ray tasks.

    Same arguments and the same output, byte for byte, as the local runner; ``address``
    picks the cluster (see :class:`RayExecutor`). ``config.workers`` (or ``workers=`` in
    ``options``) caps concurrent tasks; 0 uses every CPU of the cluster.
    """
    paths = [str(inputs)] if isinstance(inputs, str | os.PathLike) else [str(i) for i in inputs]
    out = out_path_of(out)  # refused before Ray takes seconds to start
    # an unknown protocol or a missing s3fs is reported before Ray takes seconds to start
    for path in paths:
        storage.check_protocol(path, InputError)
    storage.check_protocol(out, OutputError)
    workers = options.get("workers", (config or RunConfig()).workers)
    executor = RayExecutor(address, workers, max_retries=max_retries)
    try:
        check_shared_storage(out)
        result = run(paths, out, config=config, resume=resume, progress=progress,
                     executor=executor, **options)
    finally:
        executor.close()
    return result


def _probe_path(out: str | Path, token: str) -> str | None:
    """Where to write the shared-storage probe: next to ``out`` (inside it would make a
    new output folder non-empty); None when nothing can be written there."""
    if storage.is_url(out):
        return f"{os.fspath(out).rstrip('/')}.newssift-probe-{token}"
    anchor = Path(out).resolve()
    while not anchor.exists() and anchor != anchor.parent:
        anchor = anchor.parent
    if not anchor.is_dir():
        return None  # the runner reports the unwritable folder with its own message
    return str(anchor / f".newssift-probe-{token}")


def check_shared_storage(out: str | Path, *, min_nodes: int = 2) -> None:
    """Refuse an output folder (or URL) that some Ray node with CPUs does not see.

    The driver writes a probe file next to ``out`` and one task per node reads it back;
    skipped on a single-node cluster (``min_nodes`` lowers that, for tests).
    """
    ray = _ray()
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    nodes = [n for n in ray.nodes() if n.get("Alive") and n.get("Resources", {}).get("CPU")]
    if len(nodes) < min_nodes:
        return
    token = uuid.uuid4().hex
    probe = _probe_path(out, token)
    if probe is None:
        return
    try:
        storage.write_text(probe, token)
    except Exception:  # the runner reports the unwritable output with its own message
        return
    try:
        task = ray.remote(_sees_file)
        refs = [
            task.options(
                num_cpus=0,
                scheduling_strategy=NodeAffinitySchedulingStrategy(n["NodeID"], soft=False),
            ).remote(str(probe), token)
            for n in nodes
        ]
        seen = ray.get(refs, timeout=300)
    finally:
        storage.remove(probe)
    blind = [n.get("NodeManagerAddress", n["NodeID"]) for n, ok in zip(nodes, seen, strict=True)
             if not ok]
    if blind:
        raise OutputError(
            f"{out} is not visible from Ray node(s) {', '.join(sorted(blind))}: on a cluster "
            "the output folder (and the inputs) must be on storage every node reads and "
            "writes: a shared mount, or object storage with s3fs/gcsfs and credentials "
            "on every node"
        )
