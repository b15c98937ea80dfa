"""The local runner: all cores of one machine, resumable, with progress.

A run is: plan the inputs into work units, process every unit not yet marked complete
(in a pool of worker processes), run the corpus-level dedup stage
over the kept parts, then merge the units' counters into ``stats.json``. The run state
(the plan, the config fingerprint, one completion marker per unit) lives in
``OUT/_state/``; it is what ``--resume`` reads, and it is not part of the output proper.
``OUT`` and the inputs may be fsspec URLs (``s3://``, ``gs://``; see
:mod:`newssift.io.storage`); the run writes the same bytes there as into a local folder.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import platform
import signal
import sys
import tempfile
import time
from collections.abc import Container, Sequence
from dataclasses import dataclass
from pathlib import Path

from newssift.collector import worker_collector
from newssift.errors import ConfigError, OutputError
from newssift.execute.config import RunConfig
from newssift.execute.deferred_signals import deferred_stops
from newssift.execute.executors import Executor, LocalExecutor, owned
from newssift.execute.in_flight import IN_FLIGHT, Suspects, clear_notes, held_by, held_in
from newssift.execute.out_lock import locked
from newssift.execute.worker import (
    process_unit,
    read_markers,
    totals_of,
    unit_parts_problem,
)
from newssift.execute.worker_pool import WorkerDied
from newssift.extract.stage import parse_today, run_day
from newssift.io import storage
from newssift.io.readers import plan
from newssift.io.run_folder import STATE, RunFolder
from newssift.io.unique_ids import make_ids_unique
from newssift.io.units import WorkUnit
from newssift.io.writers import remove_parts, remove_temporaries
from newssift.record import SCHEMA_VERSION
from newssift.stage import Stats, timer_usable

log = logging.getLogger(__name__)

@dataclass
class RunResult:
    """What :func:`run` returns: the merged stats and where they were written."""

    out: Path | str  # a str for a URL
    stats: dict
    units: int
    units_skipped: int


def out_path_of(out: str | os.PathLike) -> str:
    """``out`` as a string; an empty one is refused (:class:`ConfigError`, exit 2 on the
    command line, which has no check of its own): "" would be the current folder, past
    the must-be-empty check, and the run's folders would land among the user's files."""
    out_path = os.fspath(out)
    if not out_path:
        raise ConfigError("an empty output path (-o/--out); give a folder ('.' for this one)")
    return out_path


def run(
    inputs: Sequence[str] | str,
    out: str | os.PathLike,
    *,
    config: RunConfig | None = None,
    resume: bool = False,
    progress: bool | None = None,
    executor: Executor | str | None = None,
    **options,
) -> RunResult:
    """Run the pipeline on ``inputs`` into the folder ``out``.

    Keyword ``options`` override fields of ``config`` (``workers=2, format="jsonl"``);
    every option is checked here (:class:`RunConfig`), a bad one is a TypeError or a
    :class:`ConfigError` before any work. With ``resume=True`` a run stopped part way
    continues from its completion markers; the finished output is identical to an
    uninterrupted run's. ``executor`` defaults to a local process pool of
    ``config.workers`` processes; "local" is that default, "ray" runs the units as Ray
    tasks (:func:`newssift.execute.ray_executor.run_ray`, as ``--executor ray`` does; the
    cluster is then the one ``RAY_ADDRESS`` names, or a local one).

    The units run in worker processes, one worker included: a document that kills
    its process is then found and quarantined, and the run goes on; and a run called from
    a thread other than the main one (a web server, a notebook's worker) keeps its time
    limit, a signal timer, which only a main thread can have. Only an output in
    ``memory://`` (one store per process), a daemonic caller (a worker of its own pool,
    which may start no process) or an executor given as ``LocalExecutor(1)`` keeps the
    units in this process.
    """
    if isinstance(inputs, str | os.PathLike):
        inputs = [str(inputs)]
    if config is not None and not isinstance(config, RunConfig):
        raise TypeError(f"config must be a newssift.execute.config.RunConfig, not "
                        f"{type(config).__name__} (or give its fields as keyword options: "
                        "run(inputs, out, workers=2))")
    if isinstance(executor, str) and executor not in ("local", "ray"):
        raise ConfigError(f"unknown executor {executor!r}: choose local or ray, or give an "
                          "executor object")
    if executor is not None and not isinstance(executor, str) and not (  # what it calls
        all(callable(getattr(executor, m, None)) for m in ("map_unordered", "map"))
        and isinstance(getattr(executor, "workers", None), int)
    ):
        raise TypeError(f"executor must be 'local', 'ray' or an executor object "
                        f"(newssift.execute.executors.Executor), not {executor!r}")
    config = _with_options(config or RunConfig(), options)
    if executor == "ray":  # the options checked first: Ray takes seconds to start
        from newssift.execute.ray_executor import run_ray

        return run_ray(inputs, out, config=config, resume=resume, progress=progress)
    if executor == "local":
        executor = None
    if config.today is not None:
        parse_today(config.today)  # a malformed day fails before any work
    if config.dedup and config.dedup_index:
        from newssift.dedup.index import check_index_path

        check_index_path(config.dedup_index)
    out_path = out_path_of(out)
    t0 = time.perf_counter()
    plan_stats = Stats()
    inputs = [str(i) for i in inputs]
    if resume:
        inputs = _as_spelled_before(out_path, inputs)
    units = plan(inputs, config.read, stats=plan_stats, exclude=[out_path])
    with _output_lock(out_path), storage.write_errors(out_path):
        state = _prepare_output(out_path, config, units, inputs, resume)
        config = dataclasses.replace(config, today=state["today"])  # every unit, one day
        done = read_markers(out_path, units)
        if resume:
            _check_not_redecided(out_path, config)
            remove_temporaries(out_path)
            _remove_notes(out_path)  # of a pool run killed outright, whatever runs now
            done = _check_done(out_path, config, units, done)
        pending = [u for u in units if u.id not in done]
        own = executor is None
        pool = None  # the pool this run makes (and releases after its last task)
        if executor is None:
            workers = min(config.resolved_workers(), max(1, len(units)))
            # one worker runs in a pool of one, where a document that kills its worker
            # (compiled code's crash, memory exhausted) does not end the run (r45); only an
            # output the workers could not write to (memory://, one per process) keeps the
            # units in this process, with nothing to recover to
            alone = workers == 1 and not _per_process(out_path)
            cannot = _cannot_start_workers()
            if cannot:  # a pool's worker, or no semaphores: the units run here (r47, r48)
                if workers > 1 or alone:
                    log.warning("newssift: %s: the units run in this process, one at a "
                                "time", cannot)
                if _timer_needs_a_process(config):
                    log.warning("newssift: and off the main thread, without the time limit")
                workers, alone = 1, False
            executor = pool = LocalExecutor(workers, in_process=not alone and workers == 1)
        in_process = isinstance(executor, LocalExecutor) and executor.in_process
        notes = ("pool" if isinstance(executor, LocalExecutor) and not in_process
                 else "unit" if getattr(executor, "notes_by_unit", False) else None)
        # made before the pool and removed after it: its workers may still write notes
        with _in_flight_folder(notes, out_path) as folder, \
                owned(executor, own), \
                worker_collector() if in_process else contextlib.nullcontext():
            if pending and isinstance(executor, LocalExecutor) and executor.forks():
                _fork_warm(executor, config)
            early = _early_signatures(out_path, config)
            shards = _process_units(pending, config, out_path, executor, progress,
                                    sum(u.size for u in units), early, folder,
                                    by_unit=notes == "unit")
            markers = read_markers(out_path, units)
            check_markers(out_path, [u.id for u in units], markers)
            stats = Stats(plan_stats.counts.copy())
            for unit in units:
                stats.merge(Stats.from_dict(markers.get(unit.id, {})))
            # a pool of our own is not used after the last task: its workers exit meanwhile
            release = pool.release if pool is not None else None
            if config.dedup:
                _run_dedup(out_path, config, stats, executor, shards, release)  # ids unique first
            else:
                if release is not None:
                    release()
                stats.merge(make_ids_unique(out_path))
        wall = time.perf_counter() - t0
        summary = _summary(config, state, stats, executor.workers, wall, len(units))
        RunFolder(out_path).write_stats(summary)
        if config.dedup and _policy_reads_dedup(config):
            from newssift.execute.redecide import redecide

            summary = redecide(out_path, config.policy, executor=None if own else executor,
                               workers=executor.workers)
    result_out = out_path if storage.is_url(out_path) else Path(out_path)
    return RunResult(result_out, summary, len(units), len(units) - len(pending))


def _cannot_start_workers() -> str | None:
    """Why this process cannot start a pool, or None: it is daemonic (a
    ``multiprocessing.Pool`` worker, a Dask worker: ``multiprocessing`` forbids it
    children), or it has no semaphores to make one with (no writable ``/dev/shm``: AWS
    Lambda, some sandboxes; the pool's failure read as a failed write into the output)."""
    import multiprocessing

    if multiprocessing.current_process().daemon:
        return "running in a daemonic process, which may start no worker"
    try:
        multiprocessing.get_context().Lock()
    except (OSError, ImportError) as exc:
        return f"this system gives no semaphore for a pool of workers ({exc})"
    return None


def _timer_needs_a_process(config: RunConfig) -> bool:
    """Whether the run has a per-document time limit that this thread cannot keep: the
    limit is a real-time signal timer (``stage.py``), and Python gives signals to the main
    thread only, so off it the guard runs without the limit (review r40)."""
    return bool(config.time_limit) and hasattr(signal, "setitimer") and not timer_usable()


def _per_process(out: str) -> bool:
    """Whether ``out`` lives in this process only (``memory://``): a worker process
    writing there writes into its own copy, which ends with it."""
    return out.startswith("memory://")


def _fork_warm(executor: LocalExecutor, config: RunConfig) -> None:
    """Load the run's models here, then fork the workers, so they share them
    (:mod:`newssift.execute.warmup`); the runner's own collector is thawed after."""
    import gc

    from newssift.execute.warmup import warm_up

    with deferred_stops():  # a stop raised in a finalizer or a fork hook is dropped
        warm_up(config)
        try:
            executor.start()
        finally:
            gc.unfreeze()


def _output_lock(out: str) -> contextlib.AbstractContextManager:
    """The run's exclusive lock on a local ``out`` (see :mod:`newssift.execute.out_lock`),
    taken before the run state is read or written; a folder that is not empty and holds
    no run is refused first, so the lock never leaves a ``_state`` folder in it."""
    storage.check_protocol(out, OutputError)  # an unknown protocol, s3fs not installed
    out = storage.spelled(out)  # a file:// URL is a local folder, locked as one (r46)
    if storage.is_url(out):
        return contextlib.nullcontext()
    if os.path.exists(out) and not os.path.isdir(out):
        raise OutputError(f"cannot write to {out}: a file is in the way")
    state = RunFolder(out).state
    if [n for n in storage.listdir(out) if n != STATE] and not os.path.isdir(state):
        raise OutputError(f"{out} is not empty and holds no newssift run; choose an empty folder")
    try:
        os.makedirs(state, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write to {out}: {exc.strerror or exc}") from None
    return locked(state)


def _check_done(out: str, config: RunConfig, units: list[WorkUnit], done: dict) -> dict:
    """The markers of units whose parts all read back whole, with the record counts
    their marker holds; a unit with a missing, unreadable or short part loses its
    marker (and its parts) and is redone."""
    kept = {}
    for unit in units:
        marker = done.get(unit.id)
        if marker is None:
            continue
        problem = unit_parts_problem(out, unit.id, config.format, marker)
        if problem is None:
            kept[unit.id] = marker
            continue
        log.warning("newssift: resume: redoing unit %s: %s", unit.id, problem)
        storage.remove(RunFolder(out).marker(unit.id))
        remove_parts(out, unit.id, config.format)
    return kept


def _check_not_redecided(out: str, config: RunConfig) -> None:
    """Refuse to resume a finished run that ``newssift decide`` re-decided under another
    policy than the run's: resume would redo units whose part counts moved under the run's
    policy and keep the others, a mix of two policies. Deciding back to the run's policy
    first makes resume consistent again (the parts then match their markers)."""
    run = RunFolder(out)
    if not run.has_stats():
        return
    try:
        stats = run.read_stats()
    except Exception:  # an unreadable stats.json is rewritten by the resumed run
        return
    if "decide" not in stats:
        return
    now, want = stats.get("policy"), _policy_info(config)
    if now == want:
        return
    name = (now or {}).get("name") or "?"
    orig = (want or {}).get("name") or config.policy
    raise OutputError(
        f"{out} was re-decided by `newssift decide` under policy '{name}'; --resume would "
        f"redo units under the run's policy '{orig}' and mix the two: run `newssift decide "
        f"{out} --policy {orig}` first (then resume, then decide again), or run into a new "
        "folder"
    )


def _with_options(config: RunConfig, options: dict) -> RunConfig:
    """``config`` with the keyword options of :func:`run` (a field of the config, or of its
    :class:`ReadOptions`); an unknown name is a TypeError that lists the known ones."""
    read_fields = {f.name for f in dataclasses.fields(config.read)}
    fields = {f.name for f in dataclasses.fields(config)}
    unknown = sorted(set(options) - read_fields - fields)
    if unknown:
        raise TypeError(f"unknown run option(s) {', '.join(unknown)} (known: "
                        f"{', '.join(sorted(fields | read_fields))})")
    read_opts = {k: options.pop(k) for k in list(options) if k in read_fields}
    if read_opts:
        config = dataclasses.replace(config, read=dataclasses.replace(config.read, **read_opts))
    return dataclasses.replace(config, **options) if options else config


def _prepare_output(
    out: str, config: RunConfig, units: list[WorkUnit], inputs: list, resume: bool
) -> dict:
    """Create or check the output folder and its run state; refuse to mix two runs."""
    run = RunFolder(out)
    state_file = run.run_state
    state = {
        "fingerprint": config.fingerprint(),
        "inputs": [storage.recorded(str(i)) for i in inputs],
        # what those spellings named where the run started: a relative spelling names
        # other files from another folder, so a resume there must not continue this run
        # (written as the inputs are: a name that is not UTF-8 escaped, review r43)
        "resolved": [storage.recorded(_canonical(str(i))) for i in inputs],
        "units": [u.id for u in units],
        "today": config.today or run_day(),
        # the code shapes the output as the config does: units written by two versions
        # would mix two outputs (an empty file skipped by one, rejected by the next)
        "version": _version(),
    }
    try:
        if storage.exists(state_file):
            old = json.loads(storage.read_text(state_file))
            if not resume:
                raise OutputError(
                    f"{out} already holds a run: add --resume to continue it, "
                    "or choose another folder"
                )
            if old.get("resolved") == state["resolved"] and old.get("inputs") != state["inputs"]:
                raise OutputError(  # the same files, spelled relative to another folder
                    f"{out} holds a run of these inputs, spelled {_listed(old.get('inputs'))} "
                    "from the folder it started in; resume from that folder"
                )
            if old.get("fingerprint") != state["fingerprint"] or old.get("units") != state["units"]:
                raise OutputError(
                    f"{out} holds a run with other inputs or another configuration; "
                    f"resume needs the same ones (its inputs: {_listed(old.get('inputs'))})"
                )
            resolved = old.get("resolved", state["resolved"])  # (kept from session 30 on)
            if resolved != state["resolved"]:
                raise OutputError(
                    f"{out} holds a run of other files under the same names (its inputs: "
                    f"{_listed(resolved)}); resume from the folder the run started in"
                )
            made_by = old.get("version", state["version"])  # (kept from session 32 on)
            if made_by != state["version"]:
                raise OutputError(
                    f"{out} holds a run made by newssift {made_by}; this is newssift "
                    f"{state['version']}, whose output may differ: resume it with {made_by}, "
                    "or start the run again in another folder"
                )
            old.setdefault("today", state["today"])  # (a state written before it was kept)
            if config.today is not None and config.today != old["today"]:
                raise OutputError(
                    f"{out} holds a run that bounds article dates by {old['today']}; resume "
                    f"with that day (--today {old['today']}) or without --today"
                )
            return old
        if [n for n in storage.listdir(out) if n != STATE]:
            raise OutputError(
                f"{out} is not empty and holds no newssift run; choose an empty folder"
            )
        storage.makedirs(run.state)
        _write_json(state_file, state)
    except OutputError:
        raise
    except PermissionError as exc:
        raise OutputError(f"cannot write to {out}: {exc.strerror or exc}") from None
    except (NotADirectoryError, FileExistsError):
        raise OutputError(f"cannot write to {out}: a file is in the way") from None
    except OSError as exc:
        raise OutputError(f"cannot write to {out}: {exc.strerror or exc}") from None
    except Exception as exc:  # fsspec backends raise their own types (credentials, HTTP)
        if not storage.is_url(out):
            raise
        raise OutputError(f"cannot write to {out}: {storage.describe(exc)}") from None
    return state


def _as_spelled_before(out: str, inputs: list[str]) -> list[str]:
    """``inputs`` as the run in ``out`` spelled them, when they name the same files.

    A local path is written into the output as it was spelled (document ``source``, unit
    ids and so part names), so resuming with ``/abs/in`` a run started with ``in`` planned
    other unit ids and was refused as other inputs (review r40). Each input whose
    canonical form (:func:`_canonical`) is that of the one stored at the same place is
    read under the stored spelling, so the resumed run writes what the first would have
    written; the run state and stats keep that spelling. Anything else is left as given
    (and :func:`_prepare_output` refuses it as before, naming the run's inputs)."""
    try:
        old = json.loads(storage.read_text(RunFolder(out).run_state)).get("inputs")
    except Exception:  # no run there yet, or a state that _prepare_output reports
        return inputs
    if not isinstance(old, list) or len(old) != len(inputs) or old == inputs:
        return inputs
    spelled = []
    for new, before in zip(inputs, old, strict=True):
        if new != before and not (
            isinstance(before, str)
            and storage.recorded(before) == before  # stored as it was given: readable
            and _canonical(before) == _canonical(new)
        ):
            return inputs
        spelled.append(before)
    return spelled


def _canonical(path: str) -> str:
    """One spelling per input: a local path resolved (absolute, ``.``, ``..``, trailing
    ``/`` and symbolic links gone, in this process's folder), a ``file://`` URL as that
    path, any other URL as given (its store decides what its names mean)."""
    path = storage.spelled(path)
    if storage.is_url(path):
        return path
    return os.path.realpath(path)


def _listed(inputs: object, most: int = 3) -> str:
    """A run state's inputs for a one-line message (the first ``most``)."""
    if not isinstance(inputs, list):
        return "?"
    shown = ", ".join(str(i) for i in inputs[:most])
    return shown + (f" and {len(inputs) - most} more" if len(inputs) > most else "")


def check_markers(out: str, unit_ids: list[str], found: Container[str] | None = None) -> None:
    """After the units ran: every completion marker must be visible here, or the merged
    stats would miss units (the mark of workers writing to storage the driver does not
    see: a node's local disk, or ``memory://``, which is per process). ``found``: the
    unit ids whose markers were already read (:func:`read_markers`), not listed again."""
    markers = RunFolder(out).markers
    if found is None:
        found = {n.removesuffix(".json") for n in storage.listdir(markers)}
    missing = [u for u in unit_ids if u not in found]
    if missing:
        raise OutputError(
            f"{len(missing)} of {len(unit_ids)} units finished on the workers but their "
            f"completion markers are not in {markers}: the output folder must be on storage "
            "shared by the driver and every worker (memory:// is per process: use -w 1); "
            "rerun with --resume once it is"
        )


def _early_signatures(out: str, config: RunConfig):
    """The dedup options with which each unit job also writes its parts' signature
    shards (:func:`newssift.dedup.run.unit_signatures`), or None when the run does not
    dedup. The scratch of an earlier attempt is removed first: a shard there is then one
    this run wrote."""
    if not config.dedup:
        return None
    from newssift.dedup.options import DedupOptions
    from newssift.dedup.run import clear_scratch

    clear_scratch(out)
    return DedupOptions(index=config.dedup_index)


def _call_unit(args: tuple) -> tuple[WorkUnit, dict, dict[str, tuple]]:
    """One unit job: the unit, then (``early`` dedup options given) its parts' signature
    shards, in the worker that wrote the parts, while the others still run units. A
    shard that fails here is left to dedup's own pass, which fails as it always did.
    ``held``: where the worker notes the documents it holds (and whether by the unit's
    name), and how the unit runs (:mod:`newssift.execute.in_flight`)."""
    unit, config, out, early, (in_flight, by_unit, careful, skip) = args
    result = process_unit(unit, config, out, in_flight=in_flight, by_unit=by_unit,
                          careful=careful, skip=skip)
    shards: dict[str, tuple] = {}
    if early is not None:
        from newssift.dedup.run import unit_signatures

        try:
            shards = unit_signatures(out, unit.id, config.format, early)
        except Exception as exc:  # reported by run_dedup, which computes it again
            log.debug("newssift: early signatures of unit %s: %s", unit.id, exc)
            shards = {}
    return unit, result, shards


def _process_units(
    pending: list[WorkUnit],
    config: RunConfig,
    out: str,
    executor: Executor,
    progress: bool | None,
    total_bytes: int,
    early=None,
    folder: str | None = None,
    *,
    by_unit: bool = False,
) -> dict[str, tuple]:
    """Run the pending units; return the signature shards their jobs wrote (``early``:
    the dedup options, see :func:`_call_unit`).

    When a worker dies (a document that crashes compiled code or exhausts memory), the
    units it left unfinished are redone (in a new pool, for a local one), and the
    document it held is found and quarantined (:mod:`newssift.execute.in_flight`;
    ``folder``: where the workers note what they hold, None to end the run at a death as
    before; ``by_unit``: the notes are named by the unit, for an executor that reports
    which task died and not which process, Ray's): one such document does not stop the
    run, nor every resume after it."""
    shards: dict[str, tuple] = {}
    done_bytes = total_bytes - sum(u.size for u in pending)
    docs = 0
    t0 = time.perf_counter()
    bar = _progress_bar(progress, total_bytes, done_bytes)
    suspects = Suspects()

    def finished(unit: WorkUnit, result: dict) -> None:
        nonlocal docs
        docs += sum(v for k, v in result["counts"].items() if k.count("/") == 1
                    and k.startswith("output/"))
        rate = docs / max(time.perf_counter() - t0, 1e-9)
        bar.set_postfix_str(f"{docs} docs, {rate:,.0f} docs/s", refresh=False)
        bar.update(unit.size)

    with bar:
        while True:
            jobs = [(u, config, str(out), early, (folder, by_unit, *suspects.job(u.id)))
                    for u in pending]
            received: set[str] = set()
            try:
                for unit, result, unit_shards in executor.map_unordered(_call_unit, jobs):
                    shards.update(unit_shards)
                    received.add(unit.id)
                    finished(unit, result)
                return shards
            except WorkerDied as died:
                if folder is None:
                    raise
                by_id = {u.id: u for u in pending}
                if by_unit and died.items:  # Ray: the tasks' units, and their notes
                    for item in died.items:
                        unit = jobs[item][0]
                        log.warning("newssift: %s", suspects.learn(
                            died, held_in(folder, unit.id), by_id))
                else:
                    log.warning("newssift: %s", suspects.learn(
                        died, held_by(folder, died.pid), by_id))
                if isinstance(executor, LocalExecutor):
                    executor.terminate()  # (Ray's map ran its other tasks to their end)
                clear_notes(folder)  # a new worker's pid may be a dead one's
                done = read_markers(out, pending)
                for unit in pending:  # finished, its result lost with the pool
                    if unit.id in done and unit.id not in received:
                        finished(unit, done[unit.id])
                pending = [u for u in pending if u.id not in done]
                if isinstance(executor, LocalExecutor) and executor.forks():
                    _fork_warm(executor, config)


def _remove_notes(out: str) -> None:
    """Remove the workers' notes a run killed outright left in ``out``'s state."""
    storage.rmtree(storage.join(RunFolder(storage.spelled(out)).state, IN_FLIGHT))


@contextlib.contextmanager
def _in_flight_folder(notes: str | None, out: str):
    """The folder for the workers' notes of what they hold
    (:mod:`newssift.execute.in_flight`), removed once the workers are gone; None for no
    notes (units that run in this process, an executor that cannot take them).

    ``notes`` "pool": a local pool's, in the run's own ``_state/`` for a local output, so
    a runner killed outright leaves it to the next run of that folder to clear (in the
    system's temporary folder, CI's kill -9 tests left one for each); in a temporary
    folder for an output on object storage. "unit": Ray's, named by the unit and written
    only while a unit is redone with care; in the output's ``_state/``, which every node
    sees (``check_shared_storage``), on object storage too."""
    if notes is None:
        yield None
        return
    local = storage.spelled(out)  # a file:// URL is a local folder
    folder = storage.join(RunFolder(local).state, IN_FLIGHT)
    if storage.is_url(local) and notes == "pool":
        with tempfile.TemporaryDirectory(prefix="newssift-in-flight-",
                                         ignore_cleanup_errors=True) as folder:
            yield folder
        return
    storage.makedirs(folder)  # a killed run's notes went with the resume's start
    try:
        yield folder
    finally:
        storage.rmtree(folder)


class _NoBar(contextlib.nullcontext):
    """The progress bar's calls, doing nothing (no bar is shown)."""

    def set_postfix_str(self, text: str, refresh: bool = True) -> None:
        pass

    def update(self, n: float = 1) -> None:
        pass


def _progress_bar(progress: bool | None, total: int, initial: int):
    """A tqdm bar on stderr; ``progress=None`` shows it only on a terminal (tqdm's own rule
    for ``disable=None``). No bar, no tqdm import (0.1 s of every quiet or piped run)."""
    quiet_tty = hasattr(sys.stderr, "isatty") and not sys.stderr.isatty()
    if progress is False or (progress is None and quiet_tty):
        return _NoBar()
    from tqdm import tqdm

    return tqdm(
        total=total,
        initial=initial,
        unit="B",
        unit_scale=True,
        desc="newssift",
        disable=(not progress) if progress is not None else None,
        file=sys.stderr,
        dynamic_ncols=True,
    )


def _run_dedup(out: str, config: RunConfig, stats: Stats, executor: Executor,
               early: dict[str, tuple] | None = None, release=None) -> None:
    """Corpus-level stage: cluster every record with text, kept or rejected (provenance), against
    an index of earlier runs if one is configured. ``early``: the signature shards the
    unit jobs wrote; ``release``: called after dedup's last task."""
    from newssift.dedup import run_dedup
    from newssift.dedup.options import DedupOptions

    options = DedupOptions(index=config.dedup_index)
    stats.merge(run_dedup(str(out), options, pmap=executor.map, early=early,
                          after_tasks=release))


def _summary(
    config: RunConfig, state: dict, stats: Stats, workers: int, wall: float, n_units: int
) -> dict:
    counts = dict(sorted(stats.counts.items()))
    documents, reasons = totals_of(counts)
    config_d = config.to_dict()
    config_d.pop("workers")
    return {
        "newssift_version": _version(),
        "schema_version": SCHEMA_VERSION,
        "inputs": state["inputs"],
        "config": config_d,
        "policy": _policy_info(config),
        "units": n_units,
        "documents": documents,
        "reasons": reasons,
        "counts": counts,
        "timings": {
            "workers": workers,
            "wall_seconds": round(wall, 3),
            "stage_seconds": {k: round(v, 3) for k, v in sorted(stats.seconds.items())},
        },
        "versions": _versions(),
    }


def _policy_info(config: RunConfig) -> dict | None:
    """The decide policy the run applied (None when the decide stage did not run)."""
    if "decide" not in config.stages:
        return None
    from newssift.decide.policy import load_policy

    return load_policy(config.policy).info()


def _policy_reads_dedup(config: RunConfig) -> bool:
    """A policy rule on copies (off by default) can only be applied once dedup has run."""
    if "decide" not in config.stages:
        return False
    from newssift.decide.policy import load_policy

    return load_policy(config.policy).needs_dedup


def _version() -> str:
    from newssift._version import __version__

    return __version__


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for pkg in ("pyarrow", "selectolax", "fastwarc", "numpy"):
        with contextlib.suppress(PackageNotFoundError):
            out[pkg] = version(pkg)
    return out


def _write_json(path: str, data: dict) -> None:
    text = json.dumps(data, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
    storage.write_text(path, text)
