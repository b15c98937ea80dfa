"""One work unit, start to finish: read → stages → part files → completion marker.

This function is the whole per-unit contract shared by every executor. The local runner
calls it in a process pool, the Ray executor as a Ray task; because it depends only on
the unit and the config, and writes only files named after the unit, any executor and any
worker count produce the same bytes. The completion marker is written last (atomically
on local disk; on object storage a single small PUT): a unit with a marker is finished, a
unit without one is redone from scratch on resume (its part files from the earlier attempt
are removed first). That rule is what lets parts on object storage, which has no rename,
be written directly under their final names.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from newssift.errors import PartError
from newssift.execute.config import RunConfig
from newssift.execute.in_flight import InFlight, Skip
from newssift.execute.pipeline import build_stages
from newssift.io import storage
from newssift.io.readers import read_unit
from newssift.io.run_folder import FOLDERS, QUARANTINED, REJECTED, RunFolder, part_name
from newssift.io.units import WorkUnit
from newssift.io.writers import PartWriter, count_records, remove_parts
from newssift.stage import CHUNK_DOCS, Stats, run_stages


def process_unit(unit: WorkUnit, config: RunConfig, out: str, *, in_flight: str | None = None,
                 by_unit: bool = False, careful: bool = False, skip: Skip = ()) -> dict:
    """Run one unit and return its stats as a dict (also stored in its marker).

    ``in_flight``: the folder where this worker writes which documents it holds
    (:mod:`newssift.execute.in_flight`), in a file named by the process, or by the unit
    when ``by_unit`` (then only while ``careful``); ``careful``: the stages take one
    document at a time; ``skip``: the documents to quarantine unprocessed, each of which
    killed its worker before."""
    t0 = time.perf_counter()
    stats = Stats()
    stages = build_stages(config)
    held = InFlight(in_flight, unit.id, by_unit, careful)
    try:
        docs = held.documents(read_unit(unit, config.read, stats), skip, stats)
        remove_parts(out, unit.id, config.format)
        with PartWriter(
            out, unit.id, config.format, write_html=config.write_html,
            batch_rows=config.batch_rows, comments=config.comments,
        ) as writer:
            chunk = 1 if careful else CHUNK_DOCS
            for doc in run_stages(stages, docs, stats, chunk=chunk, on_chunk=held.chunk):
                writer.write(doc)
            held.writing()
    finally:  # a unit that fails leaves no open note behind in its worker
        held.close()
    for folder, n in writer.counts.items():
        stats.inc(f"output/{folder}", n)
    stats.seconds["unit"] += time.perf_counter() - t0
    result = {"unit": unit.id, **stats.to_dict()}
    run = RunFolder(out)
    storage.makedirs(run.markers)
    storage.write_text(run.marker(unit.id), json.dumps(result, sort_keys=True))
    return result


def read_markers(out: str | Path, units: list[WorkUnit]) -> dict[str, dict]:
    """The valid completion markers of ``units``, by unit id
    (:meth:`newssift.io.run_folder.RunFolder.read_markers`)."""
    return RunFolder(out).read_markers([u.id for u in units])


def unit_parts_problem(out: str | Path, unit_id: str, fmt: str, marker: dict) -> str | None:
    """Why the parts of a marked unit cannot be kept on resume, or None when each part
    reads back whole with the record count its marker holds (and no part is missing or
    left over)."""
    counts = marker.get("counts", {})
    run = RunFolder(out)
    for folder in FOLDERS:
        want = int(counts.get(f"output/{folder}", 0))
        path = run.part(folder, unit_id, fmt)
        if not storage.exists(path):
            if want:
                return f"{folder}/{part_name(unit_id, fmt)} is missing"
            continue
        try:
            got = count_records(path)
        except PartError as exc:
            return str(exc).split(" (the run", 1)[0]
        if got != want:
            return f"{folder}/{part_name(unit_id, fmt)} holds {got} records, its marker says {want}"
    return None


def totals_of(counts: dict[str, int]) -> tuple[dict, dict]:
    """stats.json's ``documents`` totals and ``reasons`` from the ``output/`` counters
    (also what ``newssift decide`` rewrites them from)."""
    out_counts = {k.split("/", 1)[1]: v for k, v in counts.items() if k.startswith("output/")}
    totals = {f: out_counts.get(f, 0) for f in FOLDERS}
    reasons = {
        f: {k.split("/", 1)[1]: v for k, v in out_counts.items() if k.startswith(f + "/")}
        for f in (REJECTED, QUARANTINED)
    }
    return {"total": sum(totals.values()), **totals}, reasons
