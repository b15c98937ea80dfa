"""``trace(out, key)``: where did this page come from, and what did the copier change?

Finds a record of a finished run by id or URL (kept or rejected), then its cluster: the
canonical (id, URL, date, site), every member with its folder, decision, reason, flags and
similarity, the member's ``copy_of`` evidence, and the ordered diff of the record against
the canonical (:func:`newssift.dedup.evidence.word_diff`, capped). Reads only the columns
it needs, part by part; members beyond ``max_members`` are counted, not listed.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from newssift.dedup import evidence
from newssift.dedup.keys import normalise_url
from newssift.errors import InputError
from newssift.io import storage
from newssift.io.run_folder import QUARANTINED, TEXT_FOLDERS, RunFolder
from newssift.io.unique_ids import FLAG, MARK, input_id
from newssift.io.writers import read_columns
from newssift.textarg import text_arg

_COLUMNS = ["id", "url", "canonical_url", "date", "site_name", "decision", "reason",
            "flags", "cluster_id", "canonical_id", "canonical_similarity", "canonical_reason"]


def _tables(out: str):
    run = RunFolder(out)
    for folder in TEXT_FOLDERS:
        for part in run.parts(folder):
            yield folder, read_columns(part.path, [*_COLUMNS, "text"])


def _occurrence(row: dict) -> int:
    """The occurrence number of a renamed record (``value`` of its duplicate_id flag)."""
    return next((int(f["value"]) for f in row.get("flags") or [] if f["name"] == FLAG), 0)


def _member(folder: str, row: dict) -> dict[str, Any]:
    flags = row.get("flags") or []
    copy = next((f for f in flags if f.get("name") == "copy_of"), None)
    return {
        "id": row["id"], "url": row.get("url"), "date": row.get("date"),
        "site": row.get("site_name"), "folder": folder, "decision": row.get("decision"),
        "reason": row.get("reason"), "similarity": row.get("canonical_similarity"),
        "canonical_reason": row.get("canonical_reason"),
        "flags": sorted({f["name"] for f in flags}),
        # the evidence, with the flag's value and limit (for ``via_member``, the weak
        # direct evidence against the canonical that let the member join it)
        "copy_of": ({**json.loads(copy["text"]), "value": copy.get("value"),
                     "threshold": copy.get("threshold")} if copy else None),
    }


def _quarantine_tables(out: str):
    for part in RunFolder(out).parts(QUARANTINED):
        yield read_columns(part.path, ["id", "url", "reason", "error", "flags"])


def _quarantined(out: str, key: str, want_url: str, others: list[str] = ()) -> None:
    """Raise the one line that says the record ``key`` names is quarantined (it has no text
    and no cluster: its reason and error are what there is), if it is; ``others``: the
    records of kept/ and rejected/ the input gave the same id, named to trace instead."""
    for t in _quarantine_tables(out):
        for r in t.to_pylist():
            if (r["id"] == key or input_id(r["id"], r.get("flags")) == key
                    or (want_url and r.get("url") and normalise_url(r["url"]) == want_url)):
                raise InputError(f"record {r['id']!r} is quarantined ({r.get('reason')}): "
                                 f"{r.get('error') or 'no error recorded'}; see {out}/"
                                 f"{QUARANTINED}" + (f" (trace {', '.join(others[:3])} for "
                                 "the other records with its id)" if others else ""))


def _quarantine_note(out: str) -> str:
    n = sum(t.num_rows for t in _quarantine_tables(out))
    return f" (it holds {n} quarantined record{'s' if n != 1 else ''})" if n else ""


def trace(out: str | os.PathLike, key: str, max_members: int = 1000) -> dict[str, Any]:
    """The provenance of the record whose id or URL is ``key`` (see module doc).

    Returns a dict: ``document`` (the record's member entry), ``cluster_id``,
    ``canonical`` (member entry of the canonical, or ``None`` when it belongs to an earlier
    run of an incremental index), ``members`` (at most ``max_members``, canonical first,
    then by id), ``n_members``, ``diff`` (list of ``(op, text)``), ``matches`` (how many
    records carry this key) and ``candidates`` (their ids): an id is unique within a run,
    but a URL may be shared, and records the input gave the same id carry derived ids
    (:mod:`newssift.io.unique_ids`) and are found by the input's id too; the record
    with the id itself is shown, else the first of them.
    Raises :class:`InputError` when no record matches (saying so when the key names a
    quarantined record, with its error) or the run was never deduplicated, and
    :class:`TypeError` when ``key`` is not a str.
    """
    if not isinstance(key, str):
        raise TypeError(f"key must be a str (a record id or URL), not {type(key).__name__}")
    # a lone surrogate (an undecodable byte of the command line) has no UTF-8 form, so
    # pyarrow refused the key with a TypeError; U+FFFD is what the readers store for one
    key = text_arg(key, "trace")
    out = os.fspath(out)
    storage.check_protocol(out, InputError)
    run = RunFolder(out)
    want_url = normalise_url(key) if "/" in key else ""
    if not run.holds_records():
        if not (run.has_stats() or run.holds_records((QUARANTINED,))):
            raise InputError(f"{out} holds no newssift run (no kept/ or rejected/ folder)")
        _quarantined(out, key, want_url)
        raise InputError(f"{out} holds no kept or rejected records"
                         f"{_quarantine_note(out)}: nothing to trace")
    hits: list[tuple[str, dict]] = []
    renamed: list[tuple[str, dict]] = []  # records the input gave this id (io.unique_ids)
    for folder, t in _tables(out):
        mask = pc.equal(t.column("id"), key)
        if want_url:
            for col in ("url", "canonical_url"):
                if col in t.column_names:
                    urls = [normalise_url(u) == want_url for u in t.column(col).to_pylist()]
                    mask = pc.or_(mask, pa.array(urls, pa.bool_()))
        mask = pc.fill_null(mask, False)
        hits += [(folder, r) for r in t.filter(mask).to_pylist()]
        derived = pc.fill_null(pc.starts_with(t.column("id"), key + MARK), False)
        renamed += [(folder, r) for r in t.filter(derived).to_pylist()
                    if input_id(r["id"], r.get("flags")) == key]
    if not hits:  # the record with this id itself may be quarantined
        _quarantined(out, key, want_url, [r["id"] for _, r in renamed])
    if not hits and not renamed:
        raise InputError(f"no record with id or URL {key!r} in {out}{_quarantine_note(out)}")
    # one answer: the record with this id, else the first the input gave it (the first
    # occurrence is in an earlier run's index); the others are listed as candidates
    renamed.sort(key=lambda m: _occurrence(m[1]))
    folder, doc = (hits or renamed)[0]
    candidates = list(dict.fromkeys(r["id"] for _, r in hits + renamed))
    cluster = doc.get("cluster_id")
    if not cluster:
        raise InputError(f"record {doc['id']!r} has no cluster: run `newssift dedup {out}`")
    members: list[tuple[str, dict]] = []
    for f, t in _tables(out):
        sel = t.filter(pc.fill_null(pc.equal(t.column("cluster_id"), cluster), False))
        members += [(f, r) for r in sel.to_pylist()]
    canon_id = doc.get("canonical_id")
    canon = next(((f, r) for f, r in members if r["id"] == canon_id), None)
    members.sort(key=lambda m: (m[1]["id"] != canon_id, m[1]["id"]))
    diff = evidence.word_diff(canon[1].get("text"), doc.get("text")) if canon else []
    return {
        "key": key,
        "matches": len(hits) + len(renamed),
        "candidates": candidates,
        "document": _member(folder, doc),
        "cluster_id": cluster,
        "canonical": _member(*canon) if canon else None,
        "canonical_id": canon_id,
        "n_members": len(members),
        "members": [_member(f, r) for f, r in members[:max_members]],
        "diff": diff,
    }


def format_trace(t: dict[str, Any], width: int = 100) -> str:
    """The trace as plain text: cluster, canonical, members, then the diff (``+`` added,
    ``-`` dropped, ``~`` a changed block with ``[-old-]{+new+}`` marks)."""
    d, c = t["document"], t["canonical"]
    lines = [f"document   {d['id']}  {d['url'] or '-'}  ({d['folder']}"
             f"{', ' + d['reason'] if d['reason'] else ''})"]
    if t["matches"] > 1:
        lines.append(f"note       {t['matches']} records carry this key "
                     f"({', '.join(t['candidates'][:10])}); the first is shown")
    lines.append(f"cluster    {t['cluster_id']}  ({t['n_members']} members)")
    if c and t["n_members"] == 1 and c["canonical_reason"] not in (None, "singleton"):
        # a canonical that beat members no record here shows: an incremental run's, whose
        # copies are indexed documents; their records are in the earlier runs' folders,
        # which no later run rewrites, and name no copy_of it (review r42, finding 7)
        lines.append("note       its other members are in earlier runs (the dedup index); "
                     "their records there predate this run and name no copy_of it")
    if c:
        lines.append(f"canonical  {c['id']}  {c['url'] or '-'}  date {c['date'] or '-'}  "
                     f"site {c['site'] or '-'}  ({c['canonical_reason']})")
    else:
        lines.append(f"canonical  {t['canonical_id']}  (from an earlier run; not in this folder)")
    ev = d["copy_of"]
    if ev:
        if ev["method"] == "via_member":  # joined through a member: show its own evidence
            lines.append(f"linked by  via_member (through another member; direct evidence "
                         f"{ev.get('value')} >= {ev.get('threshold')}), similarity "
                         f"{d['similarity']}")
        else:
            lines.append(f"linked by  {ev['method']}, similarity {d['similarity']}")
        if "lines_added" in ev:
            lines.append(f"evidence   +{ev['lines_added']} lines, -{ev['lines_dropped']} lines, "
                         f"{100 * ev['word_change_rate']:.1f}% of words changed")
    lines.append("")
    lines.append("members:")
    for m in t["members"]:
        mark = "*" if m["id"] == t["canonical_id"] else " "
        lines.append(f" {mark} {m['id']}  {m['folder']:<8} {m['reason'] or m['decision'] or '-'}"
                     f"  sim {m['similarity']}  {m['url'] or '-'}  flags: "
                     f"{','.join(m['flags']) or '-'}")
    if t["n_members"] > len(t["members"]):
        lines.append(f"   ... {t['n_members'] - len(t['members'])} more members not listed")
    if c and d["id"] != c["id"]:
        lines += ["", f"diff of {d['id']} against the canonical {c['id']}:"]
        lines += [f"{op} {text}" for op, text in t["diff"]]
    return "\n".join(lines)
