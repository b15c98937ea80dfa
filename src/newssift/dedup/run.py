"""``run_dedup``: cluster the kept records of a finished run, optionally against an index.

The driver only orchestrates: signature shards, buckets, verification and rewriting run
as ``pmap`` tasks (see :mod:`newssift.dedup.stages`); the driver itself holds the
candidate pairs, one label per document for the union-find, and the few per-document
values of the canonical rule (about 40 bytes a document), never texts or signatures.

Order of evidence: exact duplicates (same normalised word sequence) and URL duplicates
(same normalised canonical URL) are linked without further check; LSH candidates are
linked only when the estimated Jaccard of their signatures reaches the threshold, which
is what keeps precision when buckets collide by chance. The connected components of
those links are only where clusters are looked for: links chain (a page carrying two
stories links both), so inside a component each document joins the first canonical, in
the canonical rule's order, it has a direct link to (:func:`_stars`). Every record
gets ``cluster_id`` (= the id of the cluster's canonical, so a cluster is named after its
original), ``canonical_id``,
``canonical_similarity`` (estimated Jaccard to the canonical; 1.0 for the canonical and
for singletons) and ``canonical_reason`` ("singleton" when alone).

With an index (``DedupOptions.index``) the batch is numbered after the indexed documents
and every bucket key is first looked up there: a bucket an earlier document opened links
the new document to that earlier one, exactly as a from-scratch run over the earlier
batches followed by this one would. The index is then updated in one transaction.
"""

from __future__ import annotations

import functools
import json
import os
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newssift.collector import worker_collector
from newssift.dedup import anchors, canonical, evidence, minhash, scratch, sites, stages
from newssift.dedup.components import components
from newssift.dedup.index import DedupIndex
from newssift.dedup.options import DedupOptions
from newssift.errors import ConfigError
from newssift.io import arrays, storage
from newssift.io.run_folder import CLUSTERS, TEXT_FOLDERS, RunFolder
from newssift.io.unique_ids import make_ids_unique
from newssift.sorted_arrays import sorted_isin, sorted_unique
from newssift.stage import Stats

PMap = Callable[[Callable, list], list]
_SCRATCH = ("pairs", "assign", scratch.TEXT_DIR)


def _builtin_map(fn: Callable, items: list) -> list:
    return list(map(fn, items))


def _under_worker_collector(fn: Callable, item):
    """``fn(item)`` under a pool worker's collector thresholds
    (:data:`newssift.collector.WORKER_GC_THRESHOLD`), the old ones after."""
    with worker_collector():
        return fn(item)


def _tasks_under_worker_collector(pmap: PMap) -> PMap:
    """``pmap`` whose tasks run under a pool worker's collector thresholds, whoever made
    the pool (``newssift dedup``'s, a caller's, the builtin map in this process): dedup's
    tasks allocate flags, lines and Python values by the hundred thousand, freed by their
    reference counts, and a young collection every 700 allocations scanned them all the
    same (~2% of a run's instructions). Cycles are still collected, a little later; no
    output depends on when."""

    def mapped(fn: Callable, items: list) -> list:
        return pmap(functools.partial(_under_worker_collector, fn), items)

    return mapped


#: The folders whose records take part in provenance (quarantined records have no text).


def warm_up(options: DedupOptions | None = None) -> None:
    """Build, in this process, what dedup's tasks otherwise build on first use in each
    worker: the per-code-point tables of the word and anchor hashing and of the NFKC
    check, pyarrow's first conversion of a Python list (which imports pandas unless the
    process ruled that out, :mod:`newssift.io.arrow_setup`) and the LSH banding of
    ``options`` (a numerical optimisation, remembered per process). A caller that forks a
    pool for :func:`run_dedup` calls it first: the workers then inherit them instead of
    each building its own. It changes no output (caches of pure functions)."""
    text = "Warm-up: the council said on Tuesday that talks would resume next week."
    minhash.batch_word_hashes([text])
    minhash._nfkc_table()
    anchors.anchor_hashes([text])
    pa.array([text])
    (options or DedupOptions()).banding()


def run_parts(out: str) -> list[tuple[str, str]]:
    """``(part, shard stem)`` of every part dedup reads, in global order: kept parts, then
    rejected parts, each in name order."""
    run = RunFolder(out)
    return [(p.path, shard_stem(folder, p.path))
            for folder in TEXT_FOLDERS for p in run.parts(folder)]


def shard_stem(folder: str, part: str) -> str:
    """The name of a part's signature shard: the part's, prefixed by its folder, as both
    folders hold parts of the same names."""
    return f"{folder}-{storage.basename(part).rsplit('.', 1)[0]}"


def clear_scratch(out: str) -> None:
    """Remove dedup's scratch folders (signature shards, texts, pairs, assignments) of
    the run folder ``out``: what a runner does before its units write early shards
    (:func:`unit_signatures`), so every shard there is one of this run."""
    ddir = RunFolder(out).dedup
    for name in (*_SCRATCH, scratch.SIG_DIR):
        storage.rmtree(storage.join(ddir, name))


#: A signature shard written early: its row count and meta table (:func:`unit_signatures`).
Early = dict[str, tuple[int, pa.Table]]


def unit_signatures(out: str, unit_id: str, fmt: str, opt: DedupOptions) -> Early:
    """The signature shards of one finished unit's parts (:func:`stages.signature_shard`),
    by shard stem with their row counts and meta tables: computed by the worker that just
    wrote the parts, while other workers still run units, instead of in a pass of its own
    after the last unit (in which a worker that finished first waited). :func:`run_dedup`
    takes them as ``early``, computes again only those of parts the unique-id pass
    rewrote, and reads neither the parts' ids nor these shards' meta tables back."""
    run = RunFolder(out)
    shards = {}
    for folder in TEXT_FOLDERS:
        path = run.part(folder, unit_id, fmt)
        if storage.exists(path):
            stem, n, meta = stages.signature_shard(
                (path, run.dedup, opt, shard_stem(folder, path)))
            shards[stem] = (n, meta)
    return shards


def run_dedup(
    out: str, options: DedupOptions | None = None, pmap: PMap | None = None,
    early: Early | None = None, after_tasks: Callable[[], None] | None = None,
) -> Stats:
    """Cluster the records of ``OUT/kept/`` and ``OUT/rejected/`` and fill their dedup
    fields and ``copy_of`` flags (see module doc); no record changes folder.

    ``early``: the signature shards already written under ``OUT/dedup/`` by this run's
    units (:func:`unit_signatures`, after :func:`clear_scratch`), by stem with row counts
    and meta tables; they are kept unless their part's ids were rewritten. The shards are
    pure functions of the parts, so the output is the same bytes with or without them.
    ``after_tasks`` is called once the last ``pmap`` has returned (the driver's own writes
    follow: the local runner lets its workers exit meanwhile)."""
    with worker_collector():  # the driver's own work too (see _tasks_under_worker_collector)
        return _run_dedup(out, options or DedupOptions(),
                          _tasks_under_worker_collector(pmap or _builtin_map), early, after_tasks)


def _run_dedup(out: str, opt: DedupOptions, pmap: PMap, early: Early | None,
               after_tasks: Callable[[], None] | None) -> Stats:
    """:func:`run_dedup` with its defaults filled in."""
    stats = Stats()
    t0 = time.perf_counter()
    ddir = RunFolder(out).dedup
    pairs = run_parts(out)  # the unique-id pass rewrites parts, never adds or removes one
    parts = [p for p, _ in pairs]
    rewritten: list[str] = []
    batch = None
    if opt.index:
        added = _added_before(out, opt)
        if added is not None:  # killed after its batch went into the index: finish
            for name in (*_SCRATCH, *(() if opt.keep_signatures else (scratch.SIG_DIR,))):
                storage.rmtree(storage.join(ddir, name))
            return added
        batch = uuid.uuid4().hex
        _write_marker(out, opt.index, batch, done=False)
    known = {p: early[stem][1].column("id") for p, stem in pairs if stem in (early or {})}
    stats.merge(_unique_ids(out, opt, rewritten, known))
    if early is None:
        clear_scratch(out)
        early = {}
    else:
        for name in _SCRATCH:
            if name != scratch.TEXT_DIR:
                storage.rmtree(storage.join(ddir, name))
    storage.makedirs(storage.join(ddir, scratch.SIG_DIR))

    # 1. signature shards (those the units did not write, or whose ids changed since)
    redo = set(rewritten)
    early = {stem: v for p, stem in pairs if p not in redo and (v := early.get(stem))}
    todo = [(p, ddir, opt, stem) for p, stem in pairs if stem not in early]
    done = dict(pmap(stages.signature_task, todo))
    stems = [s for _, s in pairs]
    counts = [done[s] if s in done else early[s][0] for s in stems]
    storage.write_text(storage.join(ddir, scratch.SIG_DIR, scratch.MANIFEST),
                       json.dumps({"stems": stems, "counts": counts}) + "\n")
    stats.seconds["dedup/signatures"] += time.perf_counter() - t0
    stats.merge(cluster_shards(ddir, opt, pmap, parts,
                               {stem: meta for stem, (_, meta) in early.items()},
                               sites_path=RunFolder(out).sites, after_tasks=after_tasks,
                               batch=None if batch is None else (batch, stats)))
    for name in (*_SCRATCH, *(() if opt.keep_signatures else (scratch.SIG_DIR,))):
        storage.rmtree(storage.join(ddir, name))
    if batch is not None:
        _write_marker(out, opt.index, batch, done=True)  # type: ignore[arg-type]
    return stats


def _write_marker(out: str, index: str, batch: str, done: bool) -> None:
    """Note in the run state the index this folder's batch goes into, its token, and
    whether this dedup returned (:func:`_added_before`)."""
    storage.makedirs(RunFolder(out).state)
    storage.write_text(_indexed_marker(out), json.dumps(
        {"index": os.path.abspath(index), "batch": batch, "done": done}) + "\n")


def _indexed_marker(out: str) -> str:
    """Where a run folder notes the index its batch is added to, and the batch's token
    (run state, not output). It is written before the batch is added; the index keeps
    the token in the transaction that adds the batch, so whether the batch went in is
    the index's to say, whenever the process was killed."""
    return storage.join(RunFolder(out).state, "dedup_index.json")


def _added_before(out: str, opt: DedupOptions) -> Stats | None:
    """The dedup counters of this folder's batch when an earlier, interrupted attempt
    added it to ``opt.index`` already (killed after the index's commit, before the run
    or ``newssift dedup`` wrote stats.json): the parts, clusters and sites were all
    written before that commit, so the attempt is finished by returning its counters,
    and the output is the bytes of an uninterrupted run. None when the batch is not in
    the index (the dedup runs whole). A batch whose run or dedup finished (stats.json
    records this index), or whose dedup returned to a caller that was not stopped (a
    second call on the same folder), is refused: a batch is added to an index once."""
    marker = _indexed_marker(out)
    if not storage.exists(marker):
        return None
    saved = json.loads(storage.read_text(marker))
    if saved.get("index") != os.path.abspath(opt.index):  # type: ignore[arg-type]
        return None
    token = saved.get("batch")
    run = RunFolder(out)
    # a dedup that returned is finished unless what called it was stopped before its
    # own write: a run (its state, no stats.json) or `newssift dedup` (a stats.json that
    # does not record this index yet)
    returned = saved.get("done") and not (storage.exists(run.run_state) or run.has_stats())
    if token is not None and not returned and not _finished_with(out, opt.index):  # type: ignore[arg-type]
        index = DedupIndex(opt.index, opt)  # type: ignore[arg-type]
        try:
            added = index.batch_stats(token)
        finally:
            index.close()
        if added is None:  # stopped before its batch went in: dedup it whole
            return None
        return Stats.from_dict(json.loads(added))
    raise ConfigError(f"the records of {out} are already in the index {opt.index}: "
                      "a batch is added to an index once")


def _finished_with(out: str, index: str) -> bool:
    """Whether the run in ``out`` finished with its batch added to ``index``: its
    stats.json (written after the dedup, by the run or ``newssift dedup``) records it."""
    run = RunFolder(out)
    if not run.has_stats():
        return False
    recorded = (run.read_stats().get("config") or {}).get("dedup_index")
    return isinstance(recorded, str) and os.path.abspath(recorded) == os.path.abspath(index)


def _unique_ids(out: str, opt: DedupOptions, rewritten: list[str] | None = None,
                known: dict | None = None) -> Stats:
    """One id per record before clustering (:mod:`newssift.io.unique_ids`); with an index,
    an id an earlier run put there counts as taken: the record gets a derived id, whether
    it repeats the indexed document (dedup then links it to it as an exact copy) or is
    another document under the same id. A folder whose batch is in the index already is
    refused: a batch is added to an index once."""
    if not opt.index:
        return make_ids_unique(out, rewritten=rewritten, known=known)
    index = DedupIndex(opt.index, opt)
    try:
        return make_ids_unique(out, index.known_ids, rewritten=rewritten, known=known)
    finally:
        index.close()


def cluster_shards(
    ddir: str | Path, opt: DedupOptions, pmap: PMap | None = None,
    parts: list[str] | None = None, metas: dict[str, pa.Table] | None = None,
    sites_path: str | None = None, after_tasks: Callable[[], None] | None = None,
    batch: tuple[str, Stats] | None = None,
) -> Stats:
    """Steps after the signatures: buckets, verification, clusters, canonicals, output.

    Reads the signature shards listed in ``ddir/signatures/manifest.json``. With ``parts``
    (the parts, in manifest order) they are rewritten and ``clusters.parquet`` is
    written; without, only ``ddir/assign/`` is (what the memory benchmark measures).
    ``metas``: meta tables of shards already in hand, by stem (not read again). With
    ``sites_path`` (and ``parts``) the per-domain table is written there
    (:func:`sites.write_sites`). ``after_tasks``: see :func:`run_dedup`. ``batch``: the
    batch's token and the counters of its dedup before this step, kept in the index with
    the batch (with this step's: :func:`_added_before`).
    """
    pmap = pmap or _builtin_map
    stats = Stats()
    ddir = os.fspath(ddir)
    man = stages.read_manifest(ddir)
    stems, counts = man["stems"], man["counts"]
    n = int(sum(counts))
    offsets = np.r_[0, np.cumsum(counts)].astype(np.int64)
    meta = _read_meta(ddir, stems, metas)
    stats.inc("dedup/in", n)
    stats.inc("dedup/no_text", int((meta["n_words"] == 0).sum()))

    # 2. buckets: candidate pairs per key kind (bands, then text, then URL)
    t1 = time.perf_counter()
    bands, _ = opt.banding()
    kinds = opt.kinds()
    step = stages.BUCKET_KINDS
    bucket_pairs = [pairs for batch in pmap(stages.buckets_task, [
        (ddir, lo, min(lo + step, kinds)) for lo in range(0, kinds, step)]) for pairs in batch]
    index = DedupIndex(opt.index, opt) if opt.index else None
    try:
        if index is not None:
            known = index.known_ids(meta["id"].to_pylist())
            if known:
                raise ConfigError(
                    f"{len(known)} records of this run (e.g. {known[0]!r}) are already in the "
                    f"index {opt.index}: a batch is added to an index once"
                )
        first_gid = index.size() if index else 0
        cand = _Candidates(n)
        kind_keys: list[tuple[int, np.ndarray]] = []
        for k in range(kinds):
            a, b = bucket_pairs[k]
            old_a = old_b = np.zeros(0, np.int64)
            if index is not None:
                key_row = stages.load_key_row(ddir, k)
                kind_keys.append((k, key_row))
                centers = index.lookup_centers(k, key_row)
                matched = centers >= 0
                keep = ~matched[b]
                a, b = a[keep], b[keep]
                old_a = np.nonzero(matched)[0]
                old_b = centers[old_a]
            cand.add(bands <= k < bands + 2, k, a, b, old_a, old_b, anchor=k >= bands + 2)
        bucket_pairs = None
        stats.inc("dedup/exact_duplicates", int(cand.dup_of[bands].sum()))
        url_only = cand.dup_of[bands + 1] & ~cand.dup_of[bands]
        stats.inc("dedup/url_duplicates", int(url_only.sum()))
        stats.inc("dedup/candidate_pairs", cand.size())
        stats.seconds["dedup/buckets"] += time.perf_counter() - t1

        # 3. verification of LSH candidates, sharded by the shard of the first document
        t2 = time.perf_counter()
        ea, eb = cand.accepted_edges()
        va, vb = cand.to_verify()
        old_gids = cand.old_gids()
        extra_file = None
        if len(old_gids):
            extra_file = storage.join(ddir, "pairs", "old-signatures.npy")
            storage.makedirs(storage.join(ddir, "pairs"))
            arrays.save_npy(extra_file, index.signatures(old_gids))  # type: ignore[union-attr]
        sims = _verify(ddir, offsets, va, cand.sig_ref(vb), extra_file, pmap)
        ok = sims >= opt.threshold - 1e-9
        stats.inc("dedup/verified_pairs", int(ok.sum()))
        stats.inc("dedup/rejected_pairs", int((~ok).sum()))
        ea = np.concatenate([ea, va[ok]])
        eb = np.concatenate([eb, vb[ok]])
        if opt.anchors:  # translation-robust candidates not already linked
            aa, ab = cand.anchor_to_verify(va[ok], vb[ok])
            # a pair the exact and MinHash links already join adds no edge: not verified
            joined = components(n + len(old_gids) + 1, ea, eb)
            fresh = joined[aa] != joined[ab]
            stats.inc("dedup/translation_pairs_already_joined", int((~fresh).sum()))
            aa, ab = aa[fresh], ab[fresh]
            aextra = None
            if len(old_gids):
                aextra = storage.join(ddir, "pairs", "old-anchor-signatures.npy")
                arrays.save_npy(aextra, index.anchor_signatures(old_gids))  # type: ignore[union-attr]
            j = _verify(ddir, offsets, aa, cand.sig_ref(ab), aextra, pmap,
                        stages.anchor_verify_task)
            ok_a = anchors.linked(j, opt)
            if opt.anchor_align_segments > 0 and ok_a.any():  # the finer check on sequences
                sel = np.nonzero(ok_a)[0]
                seq_extra = None
                if len(old_gids):
                    seq_extra = storage.join(ddir, "pairs", "old-anchor-sequences.npy")
                    stages.save_ragged(seq_extra,
                                       index.anchor_sequences(old_gids))  # type: ignore[union-attr]
                fine = _align(ddir, offsets, aa[sel], cand.sig_ref(ab[sel]),
                              anchors.strong(j[:, sel], opt), seq_extra, opt, pmap)
                stats.inc("dedup/unaligned_translation_pairs", int((~fine).sum()))
                ok_a[sel[~fine]] = False
            stats.inc("dedup/translation_pairs", int(ok_a.sum()))
            stats.inc("dedup/rejected_translation_pairs", int((~ok_a).sum()))
            ea = np.concatenate([ea, aa[ok_a]])
            eb = np.concatenate([eb, ab[ok_a]])
        stats.seconds["dedup/verify"] += time.perf_counter() - t2

        # 4. clusters: old roots first, then this batch's documents
        t3 = time.perf_counter()
        old_node_gid = cand.node_gid(eb)  # -1 for new documents
        roots_of_old = index.roots(old_gids) if len(old_gids) else np.zeros(0, np.int64)
        old_roots = sorted_unique(roots_of_old)
        m = len(old_roots)
        root_of_gid = dict(zip(old_gids.tolist(), roots_of_old.tolist(), strict=True))
        node_b = np.where(
            old_node_gid >= 0,
            np.searchsorted(old_roots, [root_of_gid.get(g, 0) for g in old_node_gid.tolist()])
            if len(eb) else np.zeros(0, np.int64),
            eb + m,
        ).astype(np.int64)
        labels = components(m + n, ea + m, node_b)
        # 4b. stars inside the components: no copy is named without direct evidence
        labels = _stars(ddir, offsets, labels, m, n, old_roots, meta, index, opt, pmap,
                        edges=(ea + m, node_b), stats=stats)
        stats.seconds["dedup/components"] += time.perf_counter() - t3

        # 5. canonical of every cluster
        t4 = time.perf_counter()
        assign = _choose_canonicals(labels, m, n, first_gid, old_roots, meta, index)
        reasons = assign["reason"]
        multi = assign["multi"]
        canon_pos = assign["canon_pos"]
        is_canonical = canon_pos == np.arange(n)
        stats.inc("dedup/clusters", len(sorted_unique(labels[m:][multi])))
        near = multi & ~is_canonical & ~cand.dup_of[bands] & ~url_only
        stats.inc("dedup/near_duplicates", int(near.sum()))
        stats.inc("dedup/in_clusters", int(multi.sum()))

        # 6. rewrite the kept parts, write clusters.parquet
        canon_extra = canon_aextra = canon_seq = None
        old_canon = assign["old_canon_gids"]
        storage.makedirs(storage.join(ddir, "assign"))
        if len(old_canon):
            canon_extra = storage.join(ddir, "assign", "old-canonicals.npy")
            arrays.save_npy(canon_extra, index.signatures(old_canon))  # type: ignore[union-attr]
            if opt.anchors:
                canon_aextra = storage.join(ddir, "assign", "old-canonical-anchors.npy")
                arrays.save_npy(canon_aextra,
                                index.anchor_signatures(old_canon))  # type: ignore[union-attr]
                canon_seq = storage.join(ddir, "assign", "old-canonical-sequences.npy")
                stages.save_ragged(canon_seq,
                                   index.anchor_sequences(old_canon))  # type: ignore[union-attr]
        def part_assign(s: int) -> dict:
            """Shard ``s``'s rows of the assignment (``assign/<stem>.parquet``'s columns)."""
            lo, hi = offsets[s], offsets[s + 1]
            return {"canonical_ref": assign["ref"][lo:hi],
                    "cluster_id": assign["canonical_id"][lo:hi],
                    "canonical_id": assign["canonical_id"][lo:hi],
                    "canonical_reason": reasons[lo:hi]}

        if parts is None:
            for s, stem in enumerate(stems):
                rows = part_assign(s)
                arrays.write_table(
                    pa.table({
                        "canonical_ref": pa.array(rows["canonical_ref"], pa.int64()),
                        "cluster_id": pa.array(rows["cluster_id"], pa.string()),
                        "canonical_id": pa.array(rows["canonical_id"], pa.string()),
                        "canonical_reason": pa.array(rows["canonical_reason"], pa.string()),
                    }),
                    storage.join(ddir, "assign", f"{stem}.parquet"),
                )
        else:
            canon_files = _gather_canonicals(ddir, parts, stems, offsets, canon_pos,
                                             is_canonical, multi, n, pmap)
            old_urls = {}
            if len(old_canon):
                urls = index.urls(old_canon)  # type: ignore[union-attr]
                old_urls = {-(k + 1): u for k, u in enumerate(urls)}
            # each task gets its part's assignment in its arguments (not through a file)
            sims = pmap(stages.rewrite_task, [
                (ddir, os.fspath(p), stem, int(offsets[s]), canon_extra,
                 canon_files[s], opt, old_urls, canon_aextra, canon_seq, part_assign(s))
                for s, (p, stem) in enumerate(zip(parts, stems, strict=True))
            ])
            if after_tasks is not None:  # the rest is the driver's
                after_tasks()
            evidence.clear_profiles()  # a builtin map ran the rewrites here
            _write_clusters(ddir, [
                stages.clusters_rows(meta["id"][offsets[s]:offsets[s + 1]],
                                     *[part_assign(s)[c] for c in ("cluster_id", "canonical_id")],
                                     sim)
                for s, sim in enumerate(sims)])
            if sites_path is not None:
                t5 = time.perf_counter()
                results = sites.part_results(parts, stems, offsets, meta["marks"], assign["ref"])
                stats.inc("dedup/sites", sites.write_sites(sites_path, results))
                stats.seconds["dedup/sites"] += time.perf_counter() - t5
        if index is not None:
            token = None
            if batch is not None:
                whole = Stats.from_dict(batch[1].to_dict())
                whole.merge(stats)
                token = (batch[0], json.dumps(whole.to_dict(), sort_keys=True))
            _update_index(index, ddir, stems, first_gid, n, m, labels, old_roots, assign,
                          meta, kind_keys, token)
        stats.seconds["dedup/canonical_and_rewrite"] += time.perf_counter() - t4
    finally:
        if index is not None:
            index.close()
    return stats


class _Candidates:
    """Candidate pairs of this batch, keyed so duplicates across kinds collapse.

    A pair is (first, second) with ``first`` a document of this batch and ``second``
    either a later document of this batch (>= 0) or an indexed document, encoded as
    ``n + k`` where ``k`` numbers the distinct indexed documents met.
    """

    def __init__(self, n: int) -> None:
        self.n = n
        self.exact: list[np.ndarray] = []
        self.lsh: list[np.ndarray] = []
        self.anchor: list[np.ndarray] = []
        self._old: dict[int, int] = {}
        self._old_list: list[int] = []
        self.dup_of: dict[int, np.ndarray] = {}

    def _encode_old(self, gids: np.ndarray) -> np.ndarray:
        out = np.empty(len(gids), np.int64)
        for i, g in enumerate(gids.tolist()):
            k = self._old.get(g)
            if k is None:
                k = self._old[g] = len(self._old_list)
                self._old_list.append(g)
            out[i] = self.n + k
        return out

    def add(self, exact: bool, kind: int, a: np.ndarray, b: np.ndarray,
            old_a: np.ndarray, old_b: np.ndarray, anchor: bool = False) -> None:
        first = np.concatenate([a, old_a]).astype(np.int64)
        second = np.concatenate([b, self._encode_old(old_b)])
        target = self.exact if exact else self.anchor if anchor else self.lsh
        target.append(np.stack([first, second]))
        if exact:
            dup = np.zeros(self.n, bool)
            dup[b] = True
            dup[old_a] = True
            self.dup_of[kind] = dup

    def _unique(self, blocks: list[np.ndarray]) -> np.ndarray:
        if not blocks:
            return np.zeros((2, 0), np.int64)
        pairs = np.concatenate(blocks, axis=1)
        width = self.n + len(self._old_list) + 1
        code = sorted_unique(pairs[0] * width + pairs[1])
        return np.stack([code // width, code % width])

    def size(self) -> int:
        return int(sum(b.shape[1] for b in self.exact + self.lsh + self.anchor))

    def accepted_edges(self) -> tuple[np.ndarray, np.ndarray]:
        self._exact_u = self._unique(self.exact)
        return self._exact_u[0], self._exact_u[1]

    def to_verify(self) -> tuple[np.ndarray, np.ndarray]:
        lsh = self._unique(self.lsh)
        width = self.n + len(self._old_list) + 1
        known = sorted_isin(lsh[0] * width + lsh[1], self._exact_u[0] * width + self._exact_u[1])
        lsh = lsh[:, ~known]
        return lsh[0], lsh[1]

    def anchor_to_verify(self, ok_a: np.ndarray, ok_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Anchor candidates not already linked (exact keys, or verified MinHash ``ok``)."""
        pairs = self._unique(self.anchor)
        width = self.n + len(self._old_list) + 1
        code = pairs[0] * width + pairs[1]
        done = np.sort(np.concatenate([self._exact_u[0] * width + self._exact_u[1],
                                       ok_a * width + ok_b]))
        pairs = pairs[:, ~sorted_isin(code, done)]
        return pairs[0], pairs[1]

    def old_gids(self) -> np.ndarray:
        return np.array(self._old_list, np.int64)

    def sig_ref(self, b: np.ndarray) -> np.ndarray:
        """Signature references: global index, or -(1+k) for row k of the old signatures."""
        return np.where(b >= self.n, -(b - self.n) - 1, b)

    def node_gid(self, b: np.ndarray) -> np.ndarray:
        """Indexed gid of each encoded second document (-1 for this batch's documents)."""
        old = np.array([*self._old_list, 0], np.int64)
        return np.where(b >= self.n, old[np.clip(b - self.n, 0, len(self._old_list))], -1)


def _read_meta(ddir: str, stems: list[str],
               metas: dict[str, pa.Table] | None = None) -> dict[str, np.ndarray]:
    metas = metas or {}
    tables = [metas[s] if s in metas else arrays.read_table(scratch.shard_paths(ddir, s)["meta"])
              for s in stems]
    if not tables:
        return {"id": pa.array([], pa.string()), "day": np.zeros(0, np.int32),
                "agency": np.zeros(0, object), "text_len": np.zeros(0, np.int64),
                "n_words": np.zeros(0, np.int64), "suspect": np.zeros(0, np.int8),
                "marks": None}
    t = pa.concat_tables(tables)
    marks = (tuple(t.column(c).to_pylist() for c in sites.MARK_COLUMNS)
             if all(c in t.column_names for c in sites.MARK_COLUMNS) else None)
    return {
        "marks": marks,  # the site marks the signature stage wrote, None in older shards
        "id": t.column("id").combine_chunks(),
        "day": t.column("day").to_numpy(),
        "agency": np.array(t.column("agency").to_pylist(), dtype=object),
        "text_len": t.column("text_len").to_numpy(),
        "n_words": t.column("n_words").to_numpy(),
        "suspect": (np.array(t.column("suspect").to_pylist(), np.int8)
                    if "suspect" in t.column_names else np.zeros(len(t), np.int8)),
    }


def _verify(ddir: str, offsets: np.ndarray, a: np.ndarray, b_ref: np.ndarray,
            extra_file: str | None, pmap: PMap, task: Callable = stages.verify_task) -> np.ndarray:
    """Estimated Jaccard of every pair, computed by shard tasks; aligned with ``a`` (last
    axis; ``anchor_verify_task`` gives one row per anchor signature)."""
    anchor = task is stages.anchor_verify_task
    if not len(a):
        return np.zeros((anchors.SIGNATURES, 0) if anchor else 0, np.float32)
    pdir = storage.join(ddir, "pairs")
    storage.makedirs(pdir)
    shard_of = np.searchsorted(offsets, a, side="right") - 1
    order = np.argsort(shard_of, kind="stable")
    items, slices = [], []
    for s in np.unique(shard_of):
        sel = order[shard_of[order] == s]
        f = storage.join(pdir, f"{'anchor' if anchor else 'verify'}-{int(s):06d}.npy")
        arrays.save_npy(f, np.stack([a[sel], b_ref[sel]]))
        items.append((ddir, f, extra_file))
        slices.append(sel)
    out = np.empty((anchors.SIGNATURES, len(a)) if anchor else len(a), np.float32)
    for sel, sims in zip(slices, pmap(task, items), strict=True):
        out[..., sel] = sims
    return out


def _align(ddir: str, offsets: np.ndarray, a: np.ndarray, b_ref: np.ndarray,
           strong: np.ndarray, extra_file: str | None, opt: DedupOptions,
           pmap: PMap) -> np.ndarray:
    """:func:`stages.align_task` over the pairs (``strong``: whether each reaches the
    :func:`anchors.strong` limits), one task per shard of the first document."""
    pdir = storage.join(ddir, "pairs")
    storage.makedirs(pdir)
    shard_of = np.searchsorted(offsets, a, side="right") - 1
    items, slices = [], []
    for s in np.unique(shard_of):
        sel = np.nonzero(shard_of == s)[0]
        f = storage.join(pdir, f"align-{int(s):06d}.npy")
        arrays.save_npy(f, np.stack([a[sel], b_ref[sel], strong[sel].astype(np.int64)]))
        items.append((ddir, f, extra_file, opt))
        slices.append(sel)
    out = np.zeros(len(a), bool)
    for sel, ok in zip(slices, pmap(stages.align_task, items), strict=True):
        out[sel] = ok
    return out


#: Rounds of :func:`_stars` before the documents still unplaced are clustered as greedy
#: stars over their own links (:func:`_linked_rest`): a round places at least one
#: center per component, so only a component chained through more than this many unrelated
#: stories (a digest of digests, a run of section pages) reaches it (review r43: leaving
#: them alone left exact duplicates unclustered). Counted as ``dedup/star_rounds_capped``.
STAR_ROUNDS = 64


def _stars(ddir: str, offsets: np.ndarray, comp: np.ndarray, m: int, n: int,
           old_roots: np.ndarray, meta: dict, index: DedupIndex | None, opt: DedupOptions,
           pmap: PMap, edges: tuple[np.ndarray, np.ndarray] | None = None,
           stats: Stats | None = None) -> np.ndarray:
    """Clusters as stars around canonicals, inside the connected components ``comp``.

    Nodes are ``0..m-1``, the indexed clusters the batch touches (each stands for its
    canonical, whose record an earlier run published), then the batch's documents. The
    components of the pairwise links chain: a page carrying two stories joins both, and
    the member of one story was named a copy of the other's canonical with no evidence
    between the two (``via_member``, similarity 0.0: finding 1 of review r42). Here, in
    each component, the best node by the canonical rule (:func:`canonical.choose`) not yet
    placed becomes a canonical and every unplaced node with direct evidence against it
    (:class:`_Direct`: a link, or, since the two are linked through the component, the
    weak evidence of :func:`stages.weak`) joins it; the rest go round again. Each node
    joins the first canonical, in the rule's order, it has direct evidence against, so no
    copy is named without it. (Stars on the links alone, with no weak evidence, split
    copies of one story that reach the original through another copy: WMT08-13 recall
    0.971 -> 0.913, syndication seed 0 at strength 2.0 0.901 -> 0.844.) The result
    depends on the pairs' values and the rule only, not on the input order; all rounds are
    vectorised, and a round tests only the nodes
    still unplaced (the first about as many pairs as the rewrite compares). An indexed
    cluster that joins another canonical moves whole in the index (its members' records,
    published by an earlier run, stay as they are). Returns, per node, the node of its
    canonical.
    """
    nodes = np.arange(m + n, dtype=np.int64)
    size = np.bincount(comp, minlength=m + n)
    todo = size[comp] > 1
    star = np.where(todo, -1, nodes)
    if not todo.any():
        return star
    ids = meta["id"]
    day = meta["day"].astype(np.int64)
    agency = meta["agency"]
    text_len = meta["text_len"].astype(np.int64)
    suspect = meta["suspect"].astype(np.int8)
    canon = np.zeros(0, np.int64)
    if m:
        canon, _ = index.heads(old_roots)  # type: ignore[union-attr]
        om = index.meta(canon)  # type: ignore[union-attr]
        ids = pa.concat_arrays([pa.array(om["id"], pa.string()), ids])
        day = np.concatenate([np.array(om["day"], np.int64), day])
        agency = np.concatenate([np.array(om["agency"], dtype=object), agency])
        text_len = np.concatenate([np.array(om["text_len"], np.int64), text_len])
        suspect = np.concatenate([np.array(om["suspect"], np.int8), suspect])
    id_rank = np.empty(m + n, np.int64)
    id_rank[pc.array_sort_indices(ids).to_numpy()] = nodes
    not_agency = np.array([0 if a else 1 for a in agency], np.int8)
    direct = _Direct(ddir, offsets, m, canon, index, opt, pmap, edges)
    for rounds in range(STAR_ROUNDS + 1):
        idx = np.nonzero(todo)[0]
        if not len(idx):
            break
        first, _ = canonical.choose(comp[idx], day[idx], not_agency[idx], text_len[idx],
                                    id_rank[idx], suspect[idx])
        center = idx[first]
        star[center] = center
        member = center != idx
        mem, cen = idx[member], center[member]
        ok = direct(mem, cen)
        star[mem[ok]] = cen[ok]
        todo = star < 0
        if rounds == STAR_ROUNDS and todo.any():  # the rest: stars over their own links
            rest = np.nonzero(todo)[0]
            star[rest] = _linked_rest(rest, m + n, edges, comp, day, not_agency, text_len,
                                      id_rank, suspect)
            if stats is not None:
                stats.inc("dedup/star_rounds_capped", len(rest))
            break
    return star


def _linked_rest(rest: np.ndarray, size: int, edges: tuple[np.ndarray, np.ndarray] | None,
                 comp: np.ndarray, day: np.ndarray, not_agency: np.ndarray,
                 text_len: np.ndarray, id_rank: np.ndarray, suspect: np.ndarray) -> np.ndarray:
    """The canonical node of each node of ``rest`` (still unplaced after
    :data:`STAR_ROUNDS`), by greedy stars over their own verified links: in the canonical
    rule's order, a node joins the best canonical already chosen that it is linked to,
    else it becomes one. No chaining (a member is never a center's stand-in) and no weak
    evidence through the component: only the links. One pass over the links, in Python:
    the remainder of a pathological component only."""
    if edges is None or not len(rest):
        return rest
    a, b = edges
    inside = np.zeros(size, bool)
    inside[rest] = True
    keep = inside[a] & inside[b]
    a, b = a[keep], b[keep]
    order = rest[np.lexsort((id_rank[rest], -text_len[rest], day[rest], not_agency[rest],
                             suspect[rest], comp[rest]))]
    rank = np.empty(size, np.int64)
    rank[order] = np.arange(len(order))
    neighbours: dict[int, list[int]] = {}
    for x, y in zip(np.concatenate([a, b]).tolist(), np.concatenate([b, a]).tolist(),
                    strict=True):
        neighbours.setdefault(x, []).append(y)
    center = {}
    for node in order.tolist():
        best = -1
        for other in neighbours.get(node, ()):
            if center.get(other) == other and (best < 0 or rank[other] < rank[best]):
                best = other
        center[node] = best if best >= 0 else node
    return np.array([center[x] for x in rest.tolist()], np.int64)


class _Direct:
    """Whether pairs of nodes (:func:`_stars`), which lie in one component (linked, maybe
    through other members), have direct evidence between them: one of the tests with
    which the rewrite names a copy's method (:func:`stages._method`: equal text or URL
    keys, word shingles at the threshold, anchors linked and aligned), or the weak
    evidence of :func:`stages.weak` that makes a ``via_member`` copy. Every pair the strict
    tests pass (keys aside) passes the weak one, so only that is computed (no alignment
    here). An indexed node is compared through its canonical's signatures."""

    def __init__(self, ddir: str, offsets: np.ndarray, m: int, canon: np.ndarray,
                 index: DedupIndex | None, opt: DedupOptions, pmap: PMap,
                 edges: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        self.ddir, self.offsets, self.m, self.opt, self.pmap = ddir, offsets, m, opt, pmap
        # a verified link between the two is direct evidence too: an indexed node keeps no
        # keys, so a URL link to it was not seen by the key test (review r43)
        self.linked = np.zeros(0, np.int64)
        if edges is not None and len(edges[0]):
            lo, hi = np.minimum(*edges), np.maximum(*edges)
            self.linked = np.unique(lo.astype(np.int64) << 32 | hi.astype(np.int64))
        bands = opt.banding()[0]
        self.keys = [stages.load_key_row(ddir, bands + k) for k in (0, 1)]
        self.extra = self.aextra = None
        self.old_sig = self.old_asig = None
        if m:
            pdir = storage.join(ddir, "pairs")
            storage.makedirs(pdir)
            self.extra = storage.join(pdir, "star-signatures.npy")
            self.old_sig = index.signatures(canon)  # type: ignore[union-attr]
            arrays.save_npy(self.extra, self.old_sig)
            if opt.anchors:
                self.aextra = storage.join(pdir, "star-anchor-signatures.npy")
                self.old_asig = index.anchor_signatures(canon)  # type: ignore[union-attr]
                arrays.save_npy(self.aextra, self.old_asig)

    def __call__(self, mem: np.ndarray, cen: np.ndarray) -> np.ndarray:
        m, opt = self.m, self.opt
        ok = np.zeros(len(mem), bool)
        if len(self.linked):
            code = (np.minimum(mem, cen).astype(np.int64) << 32
                    | np.maximum(mem, cen).astype(np.int64))
            ok[np.isin(code, self.linked, assume_unique=False)] = True
        # the first of a pair is a document of this batch (the member, or the canonical
        # when the member is an indexed cluster); an indexed node is referenced -(1+j)
        swap = mem < m
        a = np.where(swap, cen, mem) - m
        b = np.where(swap, mem, cen)
        b_ref = np.where(b < m, -b - 1, b - m)
        testable = a >= 0
        if not testable.all():  # two indexed clusters (a new document linked them): here
            k = np.nonzero(~testable)[0]
            sims = minhash.jaccard(self.old_sig[mem[k]], self.old_sig[cen[k]])  # type: ignore[index]
            asims = (anchors.similarity(self.old_asig[mem[k]], self.old_asig[cen[k]])  # type: ignore[index]
                     if opt.anchors else None)
            ok[k] = stages.weak(sims, asims, opt)
        both = testable & (b_ref >= 0)
        for key in self.keys:  # (the index keeps no keys: an indexed node by its words)
            ka = key[a[both]]
            hit = (ka != 0) & (ka == key[b_ref[both]])
            ok[np.nonzero(both)[0][hit]] = True
        sel = np.nonzero(testable & ~ok)[0]
        if len(sel):
            sims = _verify(self.ddir, self.offsets, a[sel], b_ref[sel], self.extra, self.pmap)
            ok[sel] = stages.weak(sims, None, opt)
        sel = np.nonzero(testable & ~ok)[0]
        if opt.anchors and len(sel):
            j = _verify(self.ddir, self.offsets, a[sel], b_ref[sel], self.aextra, self.pmap,
                        stages.anchor_verify_task)
            ok[sel] = stages.weak(np.zeros(len(sel)), j, opt)
        return ok


def _choose_canonicals(labels: np.ndarray, m: int, n: int, first_gid: int,
                       old_roots: np.ndarray, meta: dict, index: DedupIndex | None) -> dict:
    """Canonical, runner-up and reason for every document of this batch.

    Candidates are the batch's documents plus, for each indexed cluster a batch touches,
    its canonical and runner-up: the rule is a total order, so the best two of a merged
    cluster are among those.
    """
    new_label = labels[m:]
    ids = meta["id"]
    day = meta["day"].astype(np.int64)
    agency = meta["agency"]
    text_len = meta["text_len"]
    suspect = meta["suspect"]
    cand_gid = np.arange(first_gid, first_gid + n, dtype=np.int64)
    cand_label = new_label
    if m:
        canon, runner = index.heads(old_roots)  # type: ignore[union-attr]
        heads = np.concatenate([canon, runner[runner >= 0]])
        head_label = np.concatenate([labels[:m], labels[:m][runner >= 0]])
        om = index.meta(heads)  # type: ignore[union-attr]
        ids = pa.concat_arrays([ids, pa.array(om["id"], pa.string())])
        day = np.concatenate([day, np.array(om["day"], np.int64)])
        agency = np.concatenate([agency, np.array(om["agency"], dtype=object)])
        text_len = np.concatenate([text_len, np.array(om["text_len"], np.int64)])
        suspect = np.concatenate([suspect, np.array(om["suspect"], np.int8)])
        cand_gid = np.concatenate([cand_gid, heads])
        cand_label = np.concatenate([cand_label, head_label])
    id_rank = np.empty(len(ids), np.int64)
    id_rank[pc.array_sort_indices(ids).to_numpy()] = np.arange(len(ids))
    not_agency = np.array([0 if a else 1 for a in agency], np.int8)
    first, second = canonical.choose(cand_label, day, not_agency, text_len, id_rank, suspect)
    size = np.bincount(cand_label, minlength=len(labels)) if len(cand_label) else np.zeros(0)
    canon_pos = first[:n]
    multi = (size[new_label] > 1) if n else np.zeros(0, bool)
    id_list = ids.to_pylist()
    reason_of: dict[int, str] = {}
    reasons = []
    for i in range(n):
        c = int(canon_pos[i])
        if not multi[i]:
            reasons.append("singleton")
            continue
        r = reason_of.get(c)
        if r is None:
            s = int(second[i])
            best = {"day": canonical.day_text(int(day[c])), "agency": agency[c],
                    "text_len": int(text_len[c]), "suspect": bool(suspect[c]),
                    "id": id_list[c]}
            run = {"day": canonical.day_text(int(day[s])), "agency": agency[s],
                   "text_len": int(text_len[s]), "suspect": bool(suspect[s]),
                   "id": id_list[s]}
            r = reason_of[c] = canonical.reason(best, run)
        reasons.append(r)
    # references to the canonical's signature: this batch, or row k of old-canonicals.npy
    is_old = canon_pos >= n
    old_canon_gids = sorted_unique(cand_gid[canon_pos[is_old]])
    ref = canon_pos.copy()
    if len(old_canon_gids):
        ref[is_old] = -np.searchsorted(old_canon_gids, cand_gid[canon_pos[is_old]]) - 1
    return {
        "canon_pos": canon_pos,
        "canonical_id": [id_list[int(c)] for c in canon_pos],
        "reason": reasons,
        "multi": multi,
        "ref": ref,
        "old_canon_gids": old_canon_gids,
        "cand_gid": cand_gid,
        "cand_label": cand_label,
        "first": first,
        "second": second,
    }


def _gather_canonicals(ddir: str, parts: list[str], stems: list[str], offsets: np.ndarray,
                       canon_pos: np.ndarray, is_canonical: np.ndarray, multi: np.ndarray,
                       n: int, pmap: PMap) -> list[list[str]]:
    """Write the texts of this batch's canonicals that have copies, one file per part
    holding some; return for each part the files its copies need."""
    copies = np.nonzero(multi & ~is_canonical & (canon_pos < n))[0]
    needed = sorted_unique(canon_pos[copies])
    shard_of = np.searchsorted(offsets, needed, side="right") - 1
    jobs, file_of = [], {}
    for s in np.unique(shard_of).tolist():
        rows = (needed[shard_of == s] - offsets[s]).tolist()
        target = storage.join(ddir, "assign", f"{stems[s]}.canon.arrow")
        jobs.append((parts[s], rows, int(offsets[s]), target, scratch.text_path(ddir, stems[s])))
        file_of[s] = target
    if jobs:
        pmap(stages.canon_text_task, jobs)
    copy_shard = np.searchsorted(offsets, copies, side="right") - 1
    canon_shard = np.searchsorted(offsets, canon_pos[copies], side="right") - 1
    out: list[list[str]] = [[] for _ in stems]
    if len(copies):
        pairs = np.unique(np.stack([copy_shard, canon_shard]), axis=1)
        for a, b in pairs.T.tolist():
            out[a].append(file_of[b])
    return out


def _write_clusters(ddir: str, pieces: list[pa.Table]) -> None:
    """Write the parts' cluster rows (:func:`stages.clusters_rows`, in part order), one row
    group a part, as ``OUT/dedup/clusters.parquet``."""
    schema = stages.CLUSTERS_SCHEMA
    with storage.writing(storage.join(ddir, CLUSTERS)) as target, \
            pq.ParquetWriter(target, schema, compression="zstd", write_statistics=False) as w:
        for piece in pieces:
            w.write_table(piece.cast(schema))


def _update_index(index: DedupIndex, ddir: str, stems: list[str], first_gid: int, n: int,
                  m: int, labels: np.ndarray, old_roots: np.ndarray, assign: dict,
                  meta: dict, kind_keys: list[tuple[int, np.ndarray]],
                  batch: tuple[str, str] | None = None) -> None:
    """Add this batch to the index: documents, bucket keys, merged clusters, heads."""
    def root_gid(label: int) -> int:
        return int(old_roots[label]) if label < m else first_gid + label - m

    new_root = np.array([root_gid(int(x)) for x in labels[m:]], np.int64)
    relabel = {}
    for j in range(m):
        r = root_gid(int(labels[j]))
        if r != int(old_roots[j]):
            relabel[int(old_roots[j])] = r
    ids = meta["id"].to_pylist()

    def docs():
        pos = 0
        for stem in stems:
            paths = scratch.shard_paths(ddir, stem)
            urls = arrays.read_table(paths["meta"], columns=["url"]).column("url").to_pylist()
            with arrays.LocalCopies() as copies:
                sig = np.load(copies.path(paths["sig"]), mmap_mode="r")
                asig = np.load(copies.path(paths["asig"]), mmap_mode="r")
                aseq = np.load(copies.path(paths["aseq"]), mmap_mode="r")
                aoff = np.load(copies.path(paths["aseqoff"]))
                for row in range(len(sig)):
                    i = pos + row
                    yield (first_gid + i, ids[i], int(new_root[i]), int(meta["day"][i]),
                           meta["agency"][i] or "", int(meta["text_len"][i]),
                           np.ascontiguousarray(sig[row]).astype("<u4").tobytes(),
                           int(meta["suspect"][i]), urls[row] or "",
                           np.ascontiguousarray(asig[row]).astype("<u4").tobytes(),
                           np.ascontiguousarray(aseq[aoff[row]:aoff[row + 1]])
                           .astype("<u4").tobytes())
                pos += len(sig)

    cand_gid, cand_label = assign["cand_gid"], assign["cand_label"]
    first, second = assign["first"], assign["second"]
    heads = {}
    for i in range(len(cand_gid)):
        r = root_gid(int(cand_label[i]))
        if r not in heads:
            s = int(second[i])
            heads[r] = (r, int(cand_gid[first[i]]), int(cand_gid[s]) if s >= 0 else -1)
    index.add(first_gid, docs(), kind_keys, relabel, sorted(heads.values()), batch)
