"""One id per record in a run: what happens when the input's ids collide.

A record keeps the input's own id (a JSONL or Parquet ``id`` field, a WARC-Record-ID), but
inputs repeat ids: two JSONL files of one crawl, a line written twice, a Parquet file and
its JSONL export, a document an earlier run already put in the dedup index. Workers read
units in parallel and cannot see each other's ids, so the check is a pass over the
finished parts, after the units and before dedup (the first corpus-level step), which
needs one id per record to name clusters.

The rule, deterministic whatever the worker count or unit split:

- occurrences of one input id are put in (``source``, ``source_offset``) order (then
  folder, part and row, which only a single source position holding two records needs);
  the first keeps the id, unless an earlier run holds it in the dedup index (``taken``),
  in which case every occurrence in this run is a later one;
- each later occurrence gets ``<id>~dup<k>``, ``k`` = 2, 3, ... the first number whose id
  no record of the run, no earlier rename and no indexed record uses;
- a renamed record carries a ``duplicate_id`` flag (rule ``unique_id/v1``, ``value`` =
  ``k``) whose text is JSON ``{"input_id": ..., "first": "run"}`` (the record of this run
  with that id is the first occurrence) or ``"first": "index"`` (an earlier run's record
  in the index is): the input's id is never lost, and the flag names no path, so a run
  over the same files in another place gives the same records.

The pass reads the ``id`` column of every part (and a part's flags only where an id
carries the ``~dup`` mark, to recover the input id: the pass is idempotent, so a resumed
run gives the same bytes) and rewrites only the parts holding a collision. A run without
collisions is left byte for byte as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from newssift.io.part_rewrite import rewrite_part
from newssift.io.run_folder import FOLDERS, RunFolder
from newssift.io.writers import read_columns
from newssift.stage import Stats

MARK = "~dup"
FLAG = "duplicate_id"
RULE = "unique_id/v1"
FLAGS = frozenset({FLAG})
#: ``taken(ids)``: those of ``ids`` an earlier run already holds (the dedup index).
Taken = Callable[[list[str]], Iterable[str]]


def input_id(record_id: str, flags: list[dict] | None) -> str:
    """The id the input gave a record: its ``duplicate_id`` flag's, else its own."""
    for f in flags or []:
        if f.get("name") == FLAG:
            try:
                return str(json.loads(f.get("text") or "")["input_id"])
            except (ValueError, KeyError, TypeError):
                break
    return record_id


def _flag(k: int, input_id: str, first: str) -> dict:
    text = json.dumps({"input_id": input_id, "first": first}, ensure_ascii=False,
                      sort_keys=True)
    return {"name": FLAG, "rule": RULE, "value": float(k), "threshold": 1.0, "line": -1,
            "start": -1, "end": -1, "text": text}


def make_ids_unique(out: str | Path, taken: Taken | None = None, *,
                    rewritten: list[str] | None = None,
                    known: dict[str, pa.Array | pa.ChunkedArray] | None = None) -> Stats:
    """Give every record of the run folder ``out`` an id unique within the run (and not in
    ``taken``), by the rule of the module docstring; returns the ``ids/renamed`` count.
    The path of each part it rewrites is appended to ``rewritten`` when given (what was
    computed from such a part before, dedup's early signature shards, is stale).
    ``known``: the ``id`` column of parts already read, by path (not read again)."""
    stats = Stats()
    run = RunFolder(out)
    parts = [p for f in FOLDERS for p in run.parts(f)]
    inputs: list[pa.Array] = []
    marked: list[bool] = []
    known = known or {}
    for p in parts:
        ids = known[p.path] if p.path in known else read_columns(p.path, ["id"]).column("id")
        ids = ids.combine_chunks().cast(pa.string()) if isinstance(ids, pa.ChunkedArray) \
            else ids.cast(pa.string())
        has_mark = bool(len(ids)) and bool(pc.any(pc.fill_null(
            pc.match_substring(ids, MARK), False)).as_py())
        if has_mark:  # a record renamed by an earlier pass: its input id is on its flag
            flags = read_columns(p.path, ["flags"]).column("flags").to_pylist()
            ids = pa.array([input_id(i, f) for i, f in zip(ids.to_pylist(), flags,
                                                           strict=True)], pa.string())
        inputs.append(ids)
        marked.append(has_mark)
    if not parts:
        return stats
    every = pa.chunked_array(inputs, pa.string())
    counts = pc.value_counts(every)
    values, n = counts.field("values"), counts.field("counts")
    affected = set(values.filter(pc.greater(n, 1)).to_pylist())
    in_index: set[str] = set()
    if taken is not None:
        in_index = set(taken(values.to_pylist()))
        affected |= in_index
    if not affected and not any(marked):
        return stats

    # every occurrence of an affected input id, with its position in the input
    occ: dict[str, list[tuple]] = {}
    touched: list[int] = []
    value_set = pa.array(sorted(affected), pa.string())
    for k, (p, ids) in enumerate(zip(parts, inputs, strict=True)):
        hit = pc.is_in(ids, value_set=value_set)
        if not pc.any(hit).as_py() and not marked[k]:
            continue
        touched.append(k)
        rows = pc.indices_nonzero(hit).to_pylist()
        if not rows:
            continue
        t = read_columns(p.path, ["source", "source_offset"]).take(pa.array(rows, pa.int64()))
        ids_here = ids.take(pa.array(rows, pa.int64())).to_pylist()
        for r, i, s, o in zip(rows, ids_here, t.column("source").to_pylist(),
                              t.column("source_offset").to_pylist(), strict=True):
            occ.setdefault(i, []).append((s or "", o if o is not None else -1,
                                          FOLDERS.index(p.folder), k, r))

    # ids a derived id must not take: the input's ids carrying the mark, the index's
    used = {i for a in inputs if len(a)
            for i in a.filter(pc.fill_null(pc.match_substring(a, MARK), False)).to_pylist()}
    later = {}
    for iid in sorted(occ):
        order = sorted(occ[iid])
        first, start = ("index", 0) if iid in in_index else ("run", 1)
        later[iid] = (first, [(k, r) for *_, k, r in order[start:]])
    names = _derived_ids({iid: len(rows) for iid, (_, rows) in later.items()}, used, taken)
    new_id: dict[tuple[int, int], tuple[str, dict]] = {}
    for iid, (first, rows) in later.items():
        for (k, name), pos in zip(names[iid], rows, strict=True):
            new_id[pos] = (name, _flag(k, iid, first))
    if new_id:
        stats.inc("ids/renamed", len(new_id))

    for k in touched:
        p = parts[k]
        t = read_columns(p.path, ["id", "flags"])
        ids, flags = t.column("id").to_pylist(), t.column("flags").to_pylist()
        want_ids, want_flags = [], []
        for r, (i, fl) in enumerate(zip(ids, flags, strict=True)):
            got = new_id.get((k, r))
            want_ids.append(got[0] if got else input_id(i, fl))
            want_flags.append([got[1]] if got else [])
        have_flags = [[f for f in fl or [] if f.get("name") == FLAG] for fl in flags]
        if want_ids == ids and all(_same(a, b) for a, b in zip(want_flags, have_flags,
                                                               strict=True)):
            continue  # already as it should be (a resumed run): not written again
        rewrite_part(p.path, {"id": want_ids}, want_flags, FLAGS)
        if rewritten is not None:
            rewritten.append(p.path)
    return stats


def _derived_ids(need: dict[str, int], used: set[str],
                 taken: Taken | None) -> dict[str, list[tuple[int, str]]]:
    """``need[iid]`` derived ids for each input id, as ``(k, "<iid>~dup<k>")`` with ``k``
    rising from 2 and skipping names in ``used`` or ``taken``: the first free numbers, as
    a one-by-one search would give, with the index asked once a round, not once a name."""
    out: dict[str, list[tuple[int, str]]] = {iid: [] for iid in need}
    next_k = dict.fromkeys(need, 2)
    todo = {iid: m for iid, m in need.items() if m}
    while todo:
        proposed: dict[str, list[tuple[int, str]]] = {}
        for iid, m in todo.items():
            got, k = [], next_k[iid]
            while len(got) < m:
                name = f"{iid}{MARK}{k}"
                if name not in used:
                    got.append((k, name))
                k += 1
            proposed[iid], next_k[iid] = got, k
        flat = [name for got in proposed.values() for _, name in got]
        held = set(taken(flat)) if taken is not None else set()
        todo = {}
        for iid, got in proposed.items():
            ok = [(k, name) for k, name in got if name not in held]
            out[iid] += ok
            used.update(name for _, name in got)
            if len(ok) < len(got):
                todo[iid] = len(got) - len(ok)
    return out


def _same(want: list[dict], have: list[dict]) -> bool:
    if len(want) != len(have):
        return False
    keys = ("name", "rule", "value", "threshold", "line", "start", "end", "text")
    return all(all(w.get(x) == h.get(x) for x in keys) for w, h in zip(want, have, strict=True))
