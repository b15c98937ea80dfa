"""``newssift dedup OUT``: cluster the kept and rejected records of a finished run (or
re-cluster them), name each cluster's canonical and each copy's evidence.

Separate from ``newssift run`` so a run can be deduplicated again with other settings, or
a new day's run against the index of earlier ones (``--index``), without re-extracting.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from newssift.errors import InputError
from newssift.io import storage
from newssift.io.run_folder import RunFolder

if TYPE_CHECKING:
    from newssift.dedup.options import DedupOptions


def _pool_map(workers: int):
    """A pool of ``workers`` forked processes and its ordered map; the collector, frozen
    before the fork (:func:`newssift.collector.freeze_before_fork`), is thawed here after
    it, as the runner does. The workers start as the runner's do
    (:func:`newssift.execute.executors.worker_init`): they die with this process (a
    ``kill -9`` of it left them printing BrokenPipeError tracebacks and running on) and
    leave Ctrl-C to it; one that dies ends the dedup with one line
    (:class:`~newssift.execute.worker_pool.WorkerPool`)."""
    if workers <= 1:
        return None, None
    import gc

    from newssift.execute.executors import worker_pool

    pool = worker_pool(workers, hint="rerun the command (it starts afresh)")
    try:
        pool.start()
    finally:
        gc.unfreeze()
    return pool.map, pool


@click.command("dedup")
@click.argument("out", type=click.Path(file_okay=False))
@click.option("--index", "index", type=click.Path(dir_okay=False),
              help="sqlite index of earlier runs: match against it and add this run to it.")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0, min_open=True), default=None,
              help="Estimated Jaccard similarity above which two records are copies "
                   "[default: 0.4].")
@click.option("--num-perm", type=int, default=None,
              help="MinHash size (a power of two, 8 to 1024) [default: 128].")
@click.option("--shingle-size", type=click.IntRange(min=1), default=None,
              help="Words per shingle.")
@click.option("-w", "--workers", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes (0 = all cores).")
def dedup_command(out, index, threshold, num_perm, shingle_size, workers):
    """Group copies of the same story in OUT/kept and OUT/rejected (translated copies
    too), name each cluster's original and what every copy changed; write OUT/sites.parquet."""
    from newssift.dedup.index import check_index_path
    from newssift.dedup.options import DedupOptions
    from newssift.execute.out_lock import run_lock

    storage.check_protocol(out, InputError)
    run = RunFolder(out)
    if not (run.holds_records() or run.has_stats()):
        raise InputError(f"{out} holds no newssift run: run `newssift run ... -o {out}` first")
    kw: dict = {"index": index}
    if threshold is not None:
        # band for a little below the verified threshold, as the defaults do (0.3 for 0.4)
        kw["threshold"] = threshold
        kw["lsh_threshold"] = max(0.05, threshold - 0.1)
    if num_perm is not None:
        kw["num_perm"] = num_perm
    if shingle_size is not None:
        kw["shingle_size"] = shingle_size
    try:
        opt = DedupOptions(**kw)
    except ValueError as exc:
        hint = "'--num-perm'" if str(exc).startswith("num_perm") else None
        raise click.BadParameter(str(exc), param_hint=hint) from None
    if index is not None:  # a bad index: one line before anything is written
        check_index_path(index, opt)
    with run_lock(out):  # one command at a time rewrites a run's folder
        _dedup_locked(run, out, opt, workers)


def _dedup_locked(run: RunFolder, out: str, opt: DedupOptions, workers: int) -> None:
    """:func:`dedup_command` under the folder's lock (a run still writing it is refused by
    the lock, not mistaken for an unfinished one)."""
    import os

    from newssift.dedup.run import run_dedup

    if storage.exists(run.run_state) and not run.has_stats():  # killed part way
        raise InputError(f"{out} holds an unfinished newssift run (no stats.json): finish it "
                         "with `newssift run ... --resume` (which dedups it) first")
    workers = workers or os.cpu_count() or 1
    from newssift.io.arrow_setup import arrow_without_pandas

    arrow_without_pandas()  # this process is the command's own, as `newssift run`'s is
    if workers > 1:
        from newssift.dedup.run import warm_up

        warm_up(opt)  # the forked workers inherit the hashing tables and the banding
        from newssift.collector import freeze_before_fork

        freeze_before_fork()
    pmap, pool = _pool_map(workers)
    done = False
    try:
        stats = run_dedup(out, opt, pmap)
        done = True
    finally:
        if pool is not None:
            if done:
                pool.close()
            else:  # Ctrl-C, an error: the queued tasks are not waited for (review r38)
                pool.terminate()
        if not done:  # its scratch (signature shards, texts, half-written *.tmp.arrow
            # files) is never reused: the next dedup starts afresh (review r40)
            _clear_scratch(out)
    _update_stats(run, stats.to_dict(), opt)
    click.echo(json.dumps(stats.to_dict()["counts"], indent=1))


def _clear_scratch(out: str) -> None:
    """Remove dedup's scratch of ``out`` after a dedup that did not finish; a failure to is
    not the error to report (the one that stopped the dedup is)."""
    import contextlib

    from newssift.dedup.run import clear_scratch

    with contextlib.suppress(Exception):
        clear_scratch(out)


def _update_stats(run: RunFolder, new: dict, opt: DedupOptions) -> None:
    """Replace the ``dedup/*`` counters of a run's stats.json (and ``ids/*``: dedup makes
    ids unique first) by this dedup's (if any), and record its settings in ``config``:
    ``newssift decide`` clusters the run again with them (``dedup_options``, the knobs
    that differ from the defaults), or keeps the clusters of a batch added to an index
    (``dedup_index``), whose cross-batch links cannot be computed again."""
    summary = run.read_stats()
    if not summary:
        return
    config = summary.setdefault("config", {})
    config["dedup"] = True
    if opt.index is not None:
        config["dedup_index"] = opt.index
    config.pop("dedup_options", None)
    if opt.saved():
        config["dedup_options"] = opt.saved()
    counts = {k: v for k, v in summary.get("counts", {}).items()
              if not k.startswith(("dedup/", "ids/"))}
    counts.update(new["counts"])
    summary["counts"] = dict(sorted(counts.items()))
    stage = summary.get("timings", {}).get("stage_seconds")
    if isinstance(stage, dict):
        stage = {k: v for k, v in stage.items() if not k.startswith("dedup/")}
        stage.update({k: round(v, 3) for k, v in new["seconds"].items()})
        summary["timings"]["stage_seconds"] = dict(sorted(stage.items()))
    run.write_stats(summary)
