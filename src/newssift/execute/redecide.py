"""Re-deciding a finished run under another policy, recomputing nothing.

Why a job of its own beside the runner: deciding is cheap and argued about, measuring is
expensive. ``newssift decide OUT --policy fineweb`` reads the scores already on the
records of ``kept/`` and ``rejected/``, applies the policy and writes every unit's parts
back under their own names: one task per unit, mapped over the same executor as a run
(a local process pool, or Ray), so the output does not depend on the worker count.
Within a unit, documents are sorted by (source, source_offset, id); a part that ends up
empty is removed (the run writer never creates empty parts either), so "documents in
kept/ + rejected/" is the same before and after.

Then the run's own saved options (``stats.json`` ``config``) are used again. Dedup reads
kept and rejected records alike, and its sites table counts them by decision, so when the
run had dedup it runs again, with the settings the run was clustered with (the defaults,
or those ``newssift dedup`` recorded under ``dedup_options``); rejected records lose their
cluster fields before it (except those rejected *as* copies, whose cluster is the
evidence) and get them back from it. A run made with ``--dedup-index`` (or added to an
index by ``newssift dedup --index``) already added its records to the index, and a batch
is added to an index once: its clusters, cross-batch ones included, cannot be computed
again, so every record keeps them as they were written, the rejected ones too (they are
``trace``'s provenance, and a later ``decide`` may keep the record again), and records
that become kept without one get no cluster (counted under
``redecide/unclustered``). Finally ``stats.json`` is rewritten
so its totals and reasons agree with the folders (the policy recorded, the previous one
under ``decide.previous_policy``), and ``report.html`` is rewritten if the run had one.

The completion markers keep the run's own counts, so ``run --resume`` on a folder that
``decide`` moved to another policy is refused in one line (it would redo the units whose
counts moved under the run's policy and keep the rest: two policies in one run); after
``decide`` back to the run's policy, resume is consistent again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from newssift.decide.policy import Policy, load_policy
from newssift.decide.stage import DECISION_FLAG, DecideStage
from newssift.errors import InputError
from newssift.execute.executors import Executor, LocalExecutor, owned
from newssift.execute.out_lock import run_lock
from newssift.io import storage
from newssift.io.run_folder import TEXT_FOLDERS, RunFolder
from newssift.record import REJECT, Document
from newssift.stage import Stats

_DEDUP_FIELDS = ("cluster_id", "canonical_id", "canonical_similarity", "canonical_reason")
_REPLACED = ("decide/", "output/kept", "output/rejected", "redecide/")


@dataclass(frozen=True)
class UnitTask:
    """One unit's re-decision: everything a worker needs, picklable."""

    out: str
    unit: str
    fmt: str
    paths: tuple[str, ...]
    policy: Policy
    batch_rows: int
    keep_dedup: bool  # the run's clusters come from an index: keep them on every record
    comments: bool = False  # the run kept readers' comments (its parts have the column)


def redecide_unit(task: UnitTask) -> dict:
    """Re-decide one unit's documents and rewrite its parts; returns its counters."""
    from newssift.io.writers import PartWriter, read_part

    docs: list[Document] = []
    for path in task.paths:
        docs.extend(read_part(path))
    docs.sort(key=lambda d: (d.source, d.source_offset, d.id))
    stats = Stats()
    stage = DecideStage(task.policy)
    copy_rules = {r.name for r in task.policy.rules
                  if any(c.field == "duplicate" for c in r.conditions)}
    decided = []
    for d in stage.run(docs, stats):
        if d.decision == REJECT and not task.keep_dedup:
            rule = next((f.rule for f in d.flags if f.name == DECISION_FLAG), None)
            if rule not in copy_rules:
                for name in _DEDUP_FIELDS:
                    setattr(d, name, None)
        elif task.keep_dedup and d.cluster_id is None:
            stats.inc("redecide/unclustered")
        decided.append(d)
    writer = PartWriter(task.out, task.unit, task.fmt, write_html=True,
                        batch_rows=task.batch_rows, comments=task.comments)
    writer.write_all(decided)
    writer.close()
    for folder, n in writer.counts.items():
        stats.inc(f"output/{folder}", n)
    written = {os.fspath(p.path) for p in writer.parts.values()}
    for path in task.paths:
        if path not in written:
            storage.remove(path)
    return stats.to_dict()


def redecide(
    out: str | os.PathLike[str],
    policy: str | os.PathLike[str] | Policy | None = None,
    *,
    executor: Executor | None = None,
    workers: int = 0,
) -> dict[str, Any]:
    """Re-decide the finished run in ``out`` under ``policy``; returns the new stats.json.

    ``out`` may be a local folder or an fsspec URL; ``executor`` defaults to a local
    process pool of ``workers`` processes (0: all cores).
    """
    out = os.fspath(out)
    if storage.is_url(out):
        storage.filesystem(out, InputError)  # an unknown protocol: one line, not a traceback
    if not storage.isdir(out):
        raise InputError(f"no output folder at {out}")
    pol = policy if isinstance(policy, Policy) else load_policy(policy)
    with run_lock(out):  # one command at a time rewrites a run's folder
        return _redecide(out, pol, executor, workers)


def _redecide(out: str, pol: Policy, executor: Executor | None, workers: int) -> dict[str, Any]:
    """:func:`redecide` under the folder's lock."""
    run = RunFolder(out)
    # stats.json is rewritten from what the parts hold: a run that never finished, or one
    # that lost a part, would be counted short without a word
    if not run.has_stats():
        raise InputError(f"{out} holds no finished newssift run (no stats.json)")
    missing = run.missing_parts()
    if missing:
        raise InputError(f"{out}: {len(missing)} part(s) are missing ({missing[0]}"
                         f"{', ...' if len(missing) > 1 else ''}); rerun the run with "
                         "--resume to write them again, then decide")
    old = run.read_stats()
    saved = old.get("config") or {}
    had_dedup = storage.isdir(run.dedup)
    index = saved.get("dedup_index") if had_dedup else None
    units = run.units()
    tasks = [
        UnitTask(out, name, fmt, tuple(paths), pol, int(saved.get("batch_rows", 1000)),
                 keep_dedup=bool(index), comments=bool(saved.get("comments")))
        for name, (fmt, paths) in sorted(units.items())
    ]
    own = executor is None
    if executor is None:
        n = workers if workers > 0 else (os.cpu_count() or 1)
        executor = LocalExecutor(min(n, max(1, len(tasks))))
    with owned(executor, own):
        results = executor.map(redecide_unit, tasks)
        stats = Stats()
        for result in results:
            stats.merge(Stats.from_dict(result))
        if had_dedup and not index:
            from newssift.dedup import run_dedup
            from newssift.dedup.options import DedupOptions

            opt = DedupOptions.from_saved(saved.get("dedup_options"))
            stats.merge(run_dedup(out, opt, pmap=executor.map))
    summary = _rewrite_stats(old, stats, pol, replace_dedup=had_dedup and not index)
    run.write_stats(summary)
    if storage.exists(run.report):
        from newssift.report.html_report import write_report

        write_report(out)
    return summary


def _rewrite_stats(old: dict[str, Any], stats: Stats, policy: Policy,
                   replace_dedup: bool) -> dict[str, Any]:
    """The run's stats.json with totals, reasons, counters and policy of the new decision."""
    from newssift.execute.worker import totals_of

    replaced = _REPLACED + (("dedup/", "ids/") if replace_dedup else ())  # dedup's own
    counts = {k: v for k, v in (old.get("counts") or {}).items() if not k.startswith(replaced)}
    for k, v in stats.counts.items():
        counts[k] = counts.get(k, 0) + v
    counts = dict(sorted(counts.items()))
    documents, reasons = totals_of(counts)
    new = dict(old)
    previous = old.get("policy")
    new["policy"] = policy.info()
    new["documents"] = documents
    new["reasons"] = reasons
    new["counts"] = counts
    if isinstance(new.get("config"), dict):
        new["config"] = {**new["config"], "policy": policy.source}
    new["decide"] = {
        "policy": policy.info(),
        "previous_policy": previous,
        "documents": {k: documents[k] for k in TEXT_FOLDERS},
    }
    return new
