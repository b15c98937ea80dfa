"""The parallel steps of dedup, as module-level functions of small picklable arguments.

Each function is one task of a ``pmap`` (builtin map, a process pool, Ray): it reads
what it needs from files under ``OUT/dedup/`` and writes or returns its result, so no task
needs the corpus in memory. Tasks are pure functions of their inputs, which is why the
output is byte-identical whatever map ran them.

- :func:`signature_task`, one per part (kept or rejected): MinHash signatures, band keys,
  exact-text and URL keys, and the few fields the canonical rule needs, written as a
  signature shard.
- :func:`bucket_task`, per key kind (each LSH band, the text key, the URL key; run by
  :func:`buckets_task`, :data:`BUCKET_KINDS` kinds a task): sort one key column of the
  whole corpus (8 bytes a document) and link every member of a bucket to its first
  member (a star, so a bucket of k copies costs k-1 pairs, not k²).
- :func:`verify_task`, one per shard: estimated Jaccard of the candidate pairs whose first
  document lies in that shard, reading the other signatures memory-mapped.
- :func:`canon_text_task`, one per part holding canonicals that have copies: their id,
  URL and text, so the copies' evidence can be computed by the parts holding them.
- :func:`rewrite_task`, one per part: similarity of every document to its canonical, the
  ``copy_of`` evidence of each copy (:mod:`newssift.dedup.evidence`), the part rewritten
  with the dedup fields and flags; the similarities go back to the driver, which writes
  ``clusters.parquet``.

``OUT`` may be a URL (:mod:`newssift.io.storage`): then the scratch files live there too,
so tasks on any node see them, and a task fetches the signature and key rows it needs by
byte range instead of memory-mapping shards.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newssift.dedup import anchors, canonical, evidence, keys, minhash, sites
from newssift.dedup.options import DedupOptions
from newssift.dedup.parts import (
    PartColumns,
    TextScratch,
    iter_columns,
    read_for_rewrite,
    read_text_columns,
    read_texts,
    rewrite,
)
from newssift.dedup.scratch import MANIFEST, SIG_DIR, TEXT_DIR, shard_paths, text_path
from newssift.io import arrays, storage


def _batches(texts: list, max_docs: int, max_chars: int) -> list[tuple[int, int]]:
    """``(lo, hi)`` ranges of at most ``max_docs`` documents and about ``max_chars``
    characters: vectorised hashing holds ~40 bytes per character of a batch, so long
    documents get smaller batches and memory stays flat whatever the text lengths."""
    out, lo, chars = [], 0, 0
    for i, t in enumerate(texts):
        chars += len(t) if t else 0
        if i + 1 - lo >= max_docs or chars >= max_chars:
            out.append((lo, i + 1))
            lo, chars = i + 1, 0
    if lo < len(texts):
        out.append((lo, len(texts)))
    return out


#: Rows of a part the signature stage reads at a time (:func:`parts.iter_columns`).
_READ_ROWS = 1024


def _joined(blocks: list[np.ndarray], empty: tuple[int, ...], dtype: type) -> np.ndarray:
    """The batches' rows as one array (``empty`` the shape without batches)."""
    return np.concatenate(blocks).astype(dtype, copy=False) if blocks \
        else np.zeros(empty, dtype)


#: the :class:`PartColumns` fields the signature stage keeps for a whole part: all but the
#: texts (of which it keeps the lengths), read off the dataclass so the two cannot drift
_KEPT = tuple(f.name for f in fields(PartColumns) if f.name not in ("texts", "text_column"))


class _Accumulated:
    """The per-document values of a part's batches the signature stage keeps for the
    whole part: a list for each field of :data:`_KEPT` (``ids``, ``urls``, ...), and
    ``text_lens``."""

    def __init__(self) -> None:
        for name in _KEPT:
            setattr(self, name, [])
        self.text_lens: list[int] = []

    def add(self, got: PartColumns) -> None:
        for name in _KEPT:
            getattr(self, name).extend(getattr(got, name))
        self.text_lens.extend(len(t) if t else 0 for t in got.texts)


def signature_task(args: tuple) -> tuple[str, int]:
    """Signature shard of one part; returns (shard stem, rows).

    ``args`` is ``(part, dedup_dir, options)`` or ``(part, dedup_dir, options, stem)``:
    the stem names the shard (the part's name by default; ``kept-``/``rejected-`` prefixed
    by :func:`newssift.dedup.run.run_dedup`, as both folders hold parts of the same names).
    """
    stem, n, _meta = signature_shard(args)
    return stem, n


def signature_shard(args: tuple) -> tuple[str, int, pa.Table]:
    """:func:`signature_task`, also returning the shard's meta table as written: what the
    driver reads of every shard (its ``id`` column is the part's ids), which a unit job
    that wrote the shard hands over instead (:func:`newssift.dedup.run.unit_signatures`)."""
    part, dedup_dir, opt = args[:3]
    stem = args[3] if len(args) > 3 else storage.basename(part).rsplit(".", 1)[0]
    storage.makedirs(storage.join(dedup_dir, TEXT_DIR))
    cols = _Accumulated()
    sigs, asigs, seqs, seq_lens = [], [], [], []  # each batch's rows, joined after
    n_words_l, n_anchors_l, text_keys_l = [], [], []
    with TextScratch(text_path(dedup_dir, stem)) as texts_file:
        for got in iter_columns(part, _READ_ROWS):
            texts_file.add(got.text_column)
            cols.add(got)
            for lo, hi in _batches(got.texts, opt.batch_docs, opt.batch_chars):
                forms = [minhash.nfkc(t) if t else "" for t in got.texts[lo:hi]]  # NFKC once
                # the batch's hashes stay one flat array with a length per document; with
                # the anchors, words and anchors are cut in one pass over the batch
                if opt.anchors:
                    (hashes, n_words), ah, content = anchors.flat_words_and_anchors(forms, True)
                else:
                    hashes, n_words = minhash.flat_word_hashes(forms, is_nfkc=True)
                n_words_l.append(n_words)
                text_keys_l.append(minhash.sequence_keys_flat(hashes, n_words))
                sigs.append(minhash.signatures_from_flat(
                    hashes, n_words, opt.num_perm, opt.shingle_size, opt.seed))
                if opt.anchors:
                    n_anchors_l.append(ah[1])
                    seq, seq_len = anchors.flat_sequences(*ah)
                    seqs.append(seq)
                    seq_lens.append(seq_len)
                    asigs.append(anchors.flat_anchor_signatures(ah, content, opt.anchor_perm,
                                                                opt.seed))
            del got
    n = len(cols.ids)
    bands, rows = opt.banding()
    sig = _joined(sigs, (0, opt.num_perm), np.uint32)
    asig = _joined(asigs, (0, anchors.SIGNATURES * opt.anchor_perm if opt.anchors else 0),
                   np.uint32) if opt.anchors else np.empty((n, 0), np.uint32)
    n_words = _joined(n_words_l, (0,), np.int64)
    n_anchors = _joined(n_anchors_l, (0,), np.int64) if opt.anchors else np.zeros(n, np.int64)
    text_keys = _joined(text_keys_l, (0,), np.uint64)
    valid = n_words >= max(1, opt.min_words)
    key_rows = np.zeros((opt.kinds(), n), dtype=np.uint64)
    key_rows[:bands] = keys.band_keys(sig, bands, rows, opt.seed, valid)
    key_rows[bands] = text_keys
    key_rows[bands + 1] = [
        keys.url_key(u, c) for u, c in zip(cols.urls, cols.canonical_urls, strict=True)
    ]
    key_rows[bands + 1][~valid] = 0  # a page without text is no copy of anything
    abands, arows = opt.anchor_banding()
    if abands:
        key_rows[bands + 2:] = keys.band_keys(asig[:, : opt.anchor_perm], abands, arows,
                                             opt.seed ^ 0xA5, valid & (n_anchors >= opt.anchor_min))
    meta = pa.table(
        {
            "id": pa.array(cols.ids, pa.string()),
            "day": pa.array(
                [canonical.day_number(canonical.day_key(d)) for d in cols.dates], pa.int32()
            ),
            "agency": pa.array(
                [
                    canonical.own_agency(u, s, a, c)
                    for u, s, a, c in zip(cols.urls, cols.site_names, cols.agencies,
                                          cols.canonical_urls, strict=True)
                ],
                pa.string(),
            ),
            "text_len": pa.array(cols.text_lens, pa.int64()),
            "n_words": pa.array(n_words, pa.int64()),
            "suspect": pa.array(cols.suspect, pa.bool_()),
            "url": pa.array(cols.urls, pa.string()),
        }
    )
    if cols.reasons is not None and cols.scores is not None:
        marks = sites.site_marks(cols.urls, cols.reasons, cols.scores, cols.canonical_urls)
        for name, values, kind in zip(sites.MARK_COLUMNS, marks,
                                      (pa.string(), pa.bool_(), pa.bool_()), strict=True):
            meta = meta.append_column(name, pa.array(values, kind))
    paths = shard_paths(dedup_dir, stem)
    storage.makedirs(storage.join(dedup_dir, SIG_DIR))
    arrays.save_npy(paths["sig"], sig)
    arrays.save_npy(paths["asig"], asig)
    arrays.save_npy(paths["keys"], key_rows)
    arrays.save_npy(paths["aseq"], np.concatenate(seqs) if seqs else np.zeros(0, np.uint32))
    arrays.save_npy(paths["aseqoff"], np.r_[0, np.cumsum(np.concatenate(seq_lens),
                                                          dtype=np.int64)].astype(np.int64)
                    if seqs else np.zeros(n + 1, np.int64))
    arrays.write_table(meta, paths["meta"], compression="zstd", write_statistics=False)
    return stem, n, meta


def read_manifest(dedup_dir: str | Path) -> dict:
    return json.loads(storage.read_text(storage.join(dedup_dir, SIG_DIR, MANIFEST)))


def star_pairs(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs linking every document of a bucket (equal nonzero key) to its first member."""
    idx = np.nonzero(key)[0]
    if len(idx) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    k = key[idx]
    order = np.argsort(k, kind="stable")  # stable: within a bucket, index order
    k, idx = k[order], idx[order]
    new_group = np.r_[True, k[1:] != k[:-1]]
    first = idx[np.maximum.accumulate(np.where(new_group, np.arange(len(k)), 0))]
    member = ~new_group
    return first[member].astype(np.int64), idx[member].astype(np.int64)


def load_key_row(dedup_dir: str | Path, kind: int) -> np.ndarray:
    """Key column ``kind`` of every document of the run, in global order."""
    man = read_manifest(dedup_dir)
    rows = [arrays.read_row(shard_paths(dedup_dir, s)["keys"], kind)
            for s in man["stems"]]  # on a URL one ranged read of the row per shard
    return np.concatenate(rows) if rows else np.zeros(0, np.uint64)


def bucket_task(args: tuple[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs (global indices, first < second) of one key kind."""
    dedup_dir, kind = args
    return star_pairs(load_key_row(dedup_dir, kind))


#: Key kinds per :func:`buckets_task` (a run has 76 by default): each task reads its
#: kinds' rows of a shard in one read, where one task per kind opened every shard 76 times.
BUCKET_KINDS = 8


def buckets_task(args: tuple[str, int, int]) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`bucket_task` of the key kinds ``lo`` to ``hi - 1``, in kind order."""
    dedup_dir, lo, hi = args
    man = read_manifest(dedup_dir)
    blocks = [arrays.read_rows(shard_paths(dedup_dir, s)["keys"], lo, hi)
              for s in man["stems"]]
    if not blocks:
        return [star_pairs(np.zeros(0, np.uint64)) for _ in range(lo, hi)]
    return [star_pairs(np.concatenate([b[k] for b in blocks])) for k in range(hi - lo)]


class _Signatures:
    """Random access to the signature rows of a run, shard by shard: memory-mapped, or
    fetched row range by row range when the run is on a URL."""

    def __init__(self, dedup_dir: str | Path, name: str = "sig") -> None:
        man = read_manifest(dedup_dir)
        self.dir = dedup_dir
        self.name = name
        self.stems: list[str] = man["stems"]
        self.offsets = np.r_[0, np.cumsum(man["counts"])].astype(np.int64)
        self._open: dict[int, np.ndarray | arrays.NpyRows] = {}

    def width(self) -> int:
        """Entries per signature row (that of the first shard; 0 without shards)."""
        return int(self.shard(0).shape[1]) if self.stems else 0

    def shard(self, s: int) -> np.ndarray | arrays.NpyRows:
        if s not in self._open:
            self._open[s] = arrays.open_rows(shard_paths(self.dir, self.stems[s])[self.name])
        return self._open[s]

    def rows(self, idx: np.ndarray) -> np.ndarray:
        """Signature rows of global indices ``idx`` (any order)."""
        shard_of = np.searchsorted(self.offsets, idx, side="right") - 1
        if len(idx) and shard_of[0] == shard_of[-1] and (shard_of == shard_of[0]).all():
            # one shard (a pairs file's first documents, a part's own): its rows as taken,
            # not copied again into a new array
            s = int(shard_of[0])
            return np.asarray(self.shard(s)[idx - self.offsets[s]], dtype=np.uint32)
        out = np.empty((len(idx), 0), np.uint32)
        for s in np.unique(shard_of):
            sel = shard_of == s
            block = self.shard(int(s))[idx[sel] - self.offsets[s]]
            if out.shape[1] == 0:
                out = np.empty((len(idx), block.shape[1]), np.uint32)
            out[sel] = block
        return out


class Sequences:
    """Anchor sequences (:func:`newssift.dedup.anchors.sequence`) of a run's documents by
    global index, or of earlier documents from a ragged extra pair (values, offsets) for
    references ``-(1+k)``."""

    def __init__(self, dedup_dir: str | Path, extra: str | None = None) -> None:
        man = read_manifest(dedup_dir)
        self.dir = dedup_dir
        self.stems: list[str] = man["stems"]
        self.offsets = np.r_[0, np.cumsum(man["counts"])].astype(np.int64)
        self._open: dict[int, tuple] = {}
        self.extra = load_ragged(extra) if extra else None

    def _shard(self, s: int) -> tuple:
        if s not in self._open:
            paths = shard_paths(self.dir, self.stems[s])
            self._open[s] = (arrays.open_rows(paths["aseq"]),
                             np.asarray(arrays.load_npy(paths["aseqoff"])))
        return self._open[s]

    def get(self, ref: int) -> np.ndarray:
        if ref < 0:
            assert self.extra is not None
            values, offs = self.extra
            k = -(ref + 1)
            return values[offs[k]:offs[k + 1]]
        s = int(np.searchsorted(self.offsets, ref, side="right") - 1)
        values, offs = self._shard(s)
        lo, hi = int(offs[ref - self.offsets[s]]), int(offs[ref - self.offsets[s] + 1])
        return np.asarray(values[np.arange(lo, hi)]) if hi > lo else np.zeros(0, np.uint32)


def save_ragged(path: str, seqs: list[np.ndarray]) -> None:
    """Sequences as one ``.npy`` of ``[count, offsets..., values...]`` (int64): for the
    anchor sequences of indexed documents a task needs."""
    offs = np.r_[0, np.cumsum([len(q) for q in seqs], dtype=np.int64)].astype(np.int64)
    values = np.concatenate(seqs).astype(np.int64) if seqs else np.zeros(0, np.int64)
    arrays.save_npy(path, np.concatenate([[len(seqs)], offs, values]).astype(np.int64))


def load_ragged(path: str) -> tuple[np.ndarray, np.ndarray]:
    flat = arrays.load_npy(path)
    k = int(flat[0])
    offs = flat[1:k + 2]
    return flat[k + 2:].astype(np.uint32), offs


def align_task(args: tuple[str, str, str | None, DedupOptions]) -> np.ndarray:
    """Whether each pair of one pairs file (anchor links the signatures accepted; rows:
    first, second, reaches the strong limits) passes the alignment of their anchor
    sequences (:func:`newssift.dedup.anchors.aligned`); ``extra`` holds the sequences of
    indexed documents (references ``-(1+k)``)."""
    dedup_dir, pairs_file, extra_file, opt = args
    pairs = arrays.load_npy(pairs_file)
    seqs = Sequences(dedup_dir, extra_file)
    return np.array([anchors.aligned(seqs.get(a), seqs.get(b), opt, bool(s))
                     for a, b, s in zip(*(pairs[k].tolist() for k in range(3)), strict=True)],
                    dtype=bool)


def _sig_rows(sigs: _Signatures, extra: np.ndarray | None, idx: np.ndarray) -> np.ndarray:
    """Rows of ``idx``: non-negative = this run's documents, -(1+k) = row k of ``extra``."""
    old = idx < 0
    if not old.any():
        return sigs.rows(idx)
    assert extra is not None
    out = np.empty((len(idx), extra.shape[1]), np.uint32)
    out[old] = extra[-(idx[old] + 1)]
    if (~old).any():
        out[~old] = sigs.rows(idx[~old])
    return out


#: Signature entries a verification step takes of each side (``step x width`` uint32, 1 MB):
#: the steps' arrays are reused from the heap. Steps of 50,000 pairs (25 MB a side for the
#: MinHash rows, 77 MB for the anchors') were fresh memory each time, which numpy asks the
#: kernel to back with huge pages: zeroing them was about a tenth of a 20k run's CPU (perf).
#: A pair's estimate depends on its two rows alone, so the step changes no result.
_PAIR_ROWS = 1 << 18


def verify_task(args: tuple[str, str, str | None]) -> np.ndarray:
    """Estimated Jaccard of the pairs in one pairs file ((2, m) int64; see _sig_rows)."""
    dedup_dir, pairs_file, extra_file = args
    pairs = arrays.load_npy(pairs_file)
    sigs = _Signatures(dedup_dir)
    extra = arrays.load_npy(extra_file) if extra_file else None
    out = np.empty(pairs.shape[1], np.float32)
    step = max(1, _PAIR_ROWS // max(1, sigs.width()))
    for lo in range(0, pairs.shape[1], step):
        a = _sig_rows(sigs, extra, pairs[0, lo : lo + step])
        b = _sig_rows(sigs, extra, pairs[1, lo : lo + step])
        out[lo : lo + step] = minhash.jaccard(a, b)
    return out


def canon_text_task(args: tuple) -> None:
    """The id, URL and text of the canonicals in one part (global positions), for the
    ``copy_of`` evidence of the parts whose members copied them.

    ``args``: ``(part, rows, offset, target)`` and optionally the part's texts file
    (:func:`text_path`), from which the texts are taken instead of the part.

    The rows are taken as Arrow columns (no Python string per text) and the file, read
    back by the rewrite and deleted with the run's scratch, is an uncompressed Arrow file
    (:func:`newssift.io.arrays.write_arrow`, memory-mapped when read): until session 14
    a Snappy Parquet file, whose compression and decoding were about 1% of a run's
    instructions, for a file no one keeps."""
    part, rows, offset, target = args[:4]
    texts = args[4] if len(args) > 4 else None
    got = read_text_columns(part, texts).take(pa.array(rows, pa.int64()))
    arrays.write_arrow(
        pa.table({
            "pos": pa.array([offset + r for r in rows], pa.int64()),
            **{c: got.column(c).cast(pa.string()) for c in ("id", "url", "text")},
        }),
        target,
    )


def _canon_texts(files: list[str], want: set[int]) -> dict[int, tuple]:
    """``pos -> (id, url, text)`` of the wanted canonicals, from the files
    :func:`canon_text_task` wrote (only the wanted rows become Python strings)."""
    out: dict[int, tuple] = {}
    wanted = pa.array(sorted(want), pa.int64())
    for f in files:
        t = arrays.read_arrow(f)
        t = t.filter(pc.is_in(t.column("pos"), value_set=wanted))
        for pos, i, u, x in zip(t.column("pos").to_pylist(), t.column("id").to_pylist(),
                                t.column("url").to_pylist(), t.column("text").to_pylist(),
                                strict=True):
            out[pos] = (i, u, x)
    return out


#: A member linked to its cluster only through other members joins the canonical (method
#: ``via_member``) only with this much direct evidence against it: word shingles at this
#: fraction of ``DedupOptions.threshold`` (0.1 by default), or anchors at the contained
#: path's lower limits (set and content words, no alignment). Copies reached through a
#: copy share that much (syndication seeds 0 and 2 at strengths 1.5 and 2.0, WMT08-13:
#: the lowest 0.078 words with anchor set 0.29, docs/bench/dedup.md session 30); two
#: stories a digest carries share next to none (r42's repro: 0.0 words, set 0.023).
WEAK_FRACTION = 0.25


def weak(sim: np.ndarray, anchor_sim: np.ndarray | None, opt: DedupOptions) -> np.ndarray:
    """Which pairs have the weak direct evidence of :data:`WEAK_FRACTION` (``sim``: word
    shingle estimates; ``anchor_sim``: :func:`anchors.similarity` rows, or None)."""
    eps = 1e-9
    ok = np.asarray(sim) >= opt.threshold * WEAK_FRACTION - eps
    if anchor_sim is not None:
        ok = ok | ((anchor_sim[0] >= opt.anchor_contained_threshold - eps)
                   & (anchor_sim[2] >= opt.anchor_contained_content - eps))
    return ok


def _method(own_key: np.ndarray | None, canon_key: np.ndarray | None, bands: int, sim: float,
            anchor_sim: np.ndarray | None, opt: DedupOptions,
            aligned: Callable[[bool], bool] | None = None) -> tuple[str, float, float]:
    """How a member is linked to its canonical: (method, its similarity, its limit).

    ``exact_text`` and ``url`` (equal keys), ``minhash`` (word shingles), ``translation``
    (anchors, :mod:`newssift.dedup.anchors`: the signatures and, when ``aligned`` is
    given, the alignment of the anchor sequences; it is called with whether the pair
    reaches the strong limits), ``contained`` (anchors on the contained path: under the
    strong limits, a copy cut to a part of its canonical; since ``provenance_copy/v2``,
    before it was ``translation`` too), else ``via_member``: linked to the cluster through
    another member, not directly to the canonical. Since session 30 such a member is in the
    cluster only with the weak direct evidence of :func:`weak` against the canonical
    (:func:`newssift.dedup.run._stars`), and the flag shows it: the word-shingle estimate
    and its weak limit, or, below that limit, the anchor set estimate and the contained
    path's limit (until then the word estimate against the threshold: 0.0 for a page
    chained in by a digest).
    """
    if own_key is not None and canon_key is not None:
        if own_key[bands] and own_key[bands] == canon_key[bands]:
            return "exact_text", 1.0, 1.0
        if own_key[bands + 1] and own_key[bands + 1] == canon_key[bands + 1]:
            return "url", 1.0, 1.0
    if sim >= opt.threshold - 1e-9:
        return "minhash", sim, opt.threshold
    if anchor_sim is not None and anchors.linked(anchor_sim[:, None], opt)[0]:
        strong = bool(anchors.strong(anchor_sim[:, None], opt)[0])
        if (aligned(strong) if aligned is not None else strong):
            if strong:
                return "translation", float(anchor_sim[0]), opt.anchor_threshold
            return "contained", float(anchor_sim[0]), opt.anchor_contained_threshold
    if sim >= opt.threshold * WEAK_FRACTION - 1e-9 or anchor_sim is None:
        return "via_member", sim, opt.threshold * WEAK_FRACTION
    return "via_member", float(anchor_sim[0]), opt.anchor_contained_threshold


def anchor_verify_task(args: tuple[str, str, str | None]) -> np.ndarray:
    """``(3, m)`` estimated anchor similarities (set, order, content words) of the pairs
    in one pairs file (as :func:`verify_task`, on the anchor signatures)."""
    dedup_dir, pairs_file, extra_file = args
    pairs = arrays.load_npy(pairs_file)
    sigs = _Signatures(dedup_dir, "asig")
    extra = arrays.load_npy(extra_file) if extra_file else None
    out = np.empty((anchors.SIGNATURES, pairs.shape[1]), np.float32)
    step = max(1, _PAIR_ROWS // max(1, sigs.width()))
    for lo in range(0, pairs.shape[1], step):
        a = _sig_rows(sigs, extra, pairs[0, lo : lo + step])
        b = _sig_rows(sigs, extra, pairs[1, lo : lo + step])
        out[:, lo : lo + step] = anchors.similarity(a, b)
    return out


def rewrite_task(args: tuple) -> np.ndarray:
    """Similarity to the canonical, the ``copy_of`` evidence, the part rewritten; returns
    the similarities (its rows of clusters.parquet: the part's ids, canonical ids and these).

    ``args``: ``(dedup_dir, part, stem, offset, extra_file)`` and, for the evidence,
    ``(canon_files, options, old_canon_urls, old_canon_anchor_signatures,
    old_canon_anchor_sequences)``: the canonical-text files this part needs, the URLs,
    anchor signatures and anchor sequences of canonicals from an earlier run (by their
    reference ``-(1+k)``); then, optionally, the part's assignment (the columns of
    ``assign/<stem>.parquet`` by name: the driver's own values, passed instead of written
    and read back). Without it the assignment is read from that file and the part's
    clusters rows are written to ``assign/<stem>.clusters.parquet``.
    """
    dedup_dir, part, stem, offset, extra_file = args[:5]
    canon_files, opt, old_urls, aextra_file = (args[5:9] if len(args) > 5
                                               else ([], DedupOptions(anchors=False), {}, None))
    seq_extra = args[9] if len(args) > 9 else None
    given = args[10] if len(args) > 10 else None
    assign = given if given is not None else arrays.read_table(
        storage.join(dedup_dir, "assign", f"{stem}.parquet")).to_pydict()
    ref = np.asarray(assign["canonical_ref"], np.int64)
    n = len(ref)
    sigs = _Signatures(dedup_dir)
    extra = arrays.load_npy(extra_file) if extra_file else None
    own_idx = np.arange(offset, offset + n, dtype=np.int64)
    own = _sig_rows(sigs, extra, own_idx)
    canon = _sig_rows(sigs, extra, ref)
    sim = np.round(minhash.jaccard(own, canon).astype(np.float64), 6) if n else np.zeros(0)
    cluster_ids = list(assign["cluster_id"])
    canonical_ids = list(assign["canonical_id"])
    reasons = list(assign["canonical_reason"])
    copies = [i for i in range(n) if ref[i] != offset + i and reasons[i] != "singleton"]
    flags: list[list[dict]] = [[] for _ in range(n)]
    # read once (the texts from the signature stage's copy): the copies' texts and the
    # old flags; the part's other columns are copied by the rewrite, not decoded
    whole = read_for_rewrite(part, text_path(dedup_dir, stem))
    if copies:
        bands, _ = opt.banding()
        key_of = _Keys(dedup_dir, bands)
        own_keys = key_of.rows(own_idx[copies])
        new_refs = [int(ref[i]) for i in copies if ref[i] >= 0]
        canon_keys = dict(zip(new_refs, key_of.rows(np.array(new_refs, np.int64)), strict=True)) \
            if new_refs else {}
        texts = _canon_texts(canon_files, set(new_refs))
        mine = read_texts(part, copies, whole)
        asim = None
        if opt.anchors:
            asigs = _Signatures(dedup_dir, "asig")
            aextra = arrays.load_npy(aextra_file) if aextra_file else None
            step = max(1, _PAIR_ROWS // max(1, asigs.width()))  # (see _PAIR_ROWS)
            mine_idx, their_idx = own_idx[copies], ref[copies]
            asim = np.concatenate(
                [anchors.similarity(_sig_rows(asigs, None, mine_idx[lo:lo + step]),
                                    _sig_rows(asigs, aextra, their_idx[lo:lo + step]))
                 for lo in range(0, len(copies), step)], axis=1)
        seqs = (Sequences(dedup_dir, seq_extra)
                if opt.anchors and opt.anchor_align_segments > 0 else None)
        for j, i in enumerate(copies):
            r = int(ref[i])
            s = float(sim[i])
            mine_sim = asim[:, j] if asim is not None else None
            check = None
            if seqs is not None:
                def check(strong: bool, a: int = int(own_idx[i]), b: int = r) -> bool:
                    return anchors.aligned(seqs.get(a), seqs.get(b), opt, strong)
            if r >= 0:
                method, value, limit = _method(own_keys[j], canon_keys[r], bands, s, mine_sim,
                                               opt, check)
                cid, curl, ctext = texts[r]
                diff = evidence.compare(mine[i][2], ctext, evidence.cached_profile(ctext))
            else:
                method, value, limit = _method(None, None, bands, s, mine_sim, opt, check)
                cid, curl, diff = canonical_ids[i], old_urls.get(r, ""), None
            flags[i].append(evidence.copy_flag(cid, curl, method, round(value, 6), limit, diff))
    rewrite(
        part,
        {
            "cluster_id": cluster_ids,
            "canonical_id": canonical_ids,
            "canonical_similarity": sim.tolist(),
            "canonical_reason": reasons,
        },
        flags,
        whole,
    )
    del whole
    if given is None:
        ids = arrays.read_table(shard_paths(dedup_dir, stem)["meta"], columns=["id"]).column("id")
        arrays.write_table(clusters_rows(ids, cluster_ids, canonical_ids, sim),
                           storage.join(dedup_dir, "assign", f"{stem}.clusters.parquet"),
                           compression="zstd", write_statistics=False)
    return sim


#: The columns of ``OUT/dedup/clusters.parquet``.
CLUSTERS_SCHEMA = pa.schema([("id", pa.string()), ("cluster_id", pa.string()),
                             ("canonical_id", pa.string()), ("similarity", pa.float64())])


def clusters_rows(ids, cluster_ids: list, canonical_ids: list, sim: np.ndarray) -> pa.Table:
    """One part's rows of ``clusters.parquet``."""
    return pa.table({
        "id": ids,
        "cluster_id": pa.array(cluster_ids, pa.string()),
        "canonical_id": pa.array(canonical_ids, pa.string()),
        "similarity": pa.array(sim, pa.float64()),
    })


class _Keys:
    """Random access to the text and URL keys of a run's documents (kinds ``bands`` and
    ``bands + 1``): memory-mapped rows, or one ranged read of a row on a URL, so a part
    whose copies' canonicals lie in many shards reads two key rows of each, not the shards."""

    def __init__(self, dedup_dir: str | Path, bands: int) -> None:
        man = read_manifest(dedup_dir)
        self.dir = dedup_dir
        self.bands = bands
        self.stems: list[str] = man["stems"]
        self.offsets = np.r_[0, np.cumsum(man["counts"])].astype(np.int64)
        self._rows: dict[int, list[np.ndarray]] = {}

    def _shard(self, s: int) -> list[np.ndarray]:
        if s not in self._rows:
            keys_file = arrays.open_rows(shard_paths(self.dir, self.stems[s])["keys"])
            self._rows[s] = [np.asarray(keys_file[self.bands + k]) for k in (0, 1)]
        return self._rows[s]

    def rows(self, idx: np.ndarray) -> np.ndarray:
        """``(len(idx), bands + 2)`` keys of global indices ``idx``; only the text and URL
        columns are filled."""
        shard_of = np.searchsorted(self.offsets, idx, side="right") - 1
        out = np.zeros((len(idx), self.bands + 2), np.uint64)
        for s in np.unique(shard_of).tolist():
            sel = shard_of == s
            text_row, url_row = self._shard(s)
            local = idx[sel] - self.offsets[s]
            out[sel, self.bands] = text_row[local]
            out[sel, self.bands + 1] = url_row[local]
        return out
