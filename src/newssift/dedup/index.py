"""The on-disk index of earlier runs, for deduplicating a new batch incrementally.

Why sqlite: it ships with Python, is one file, is transactional (a killed run leaves the
index as it was) and answers the two questions incremental dedup asks by B-tree lookups
rather than by loading the old corpus: "which earlier document opened the bucket with this
key?" (table ``centers``: one row per bucket key, its first document) and "what is that
document's signature, cluster and canonical?" (tables ``docs`` and ``heads``). Documents
get global numbers (``gid``) in the order they were added, and a new batch is numbered
after them; that order is what makes incremental equal to from-scratch on the union of
the batches in the same order: a bucket's first member is the same document either way.

A cluster is named by its root, the gid of its canonical when the cluster was formed
(clusters are stars around their canonicals, :func:`newssift.dedup.run._stars`; until
session 30 connected components named by their smallest gid); ``heads`` keeps its
canonical and runner-up (enough to re-decide the canonical when new documents join,
since the canonical rule is a total order). Signatures are kept as 4-byte-per-entry
blobs, so old documents are compared, never recomputed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from newssift.dedup import canonical
from newssift.dedup.components import CLUSTERS
from newssift.dedup.options import DedupOptions
from newssift.errors import ConfigError
from newssift.io import storage

_SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    gid INTEGER PRIMARY KEY, id TEXT NOT NULL, cluster INTEGER NOT NULL,
    day INTEGER NOT NULL, agency TEXT NOT NULL, text_len INTEGER NOT NULL, sig BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_cluster ON docs (cluster);
CREATE INDEX IF NOT EXISTS docs_id ON docs (id);
CREATE TABLE IF NOT EXISTS centers (
    kind INTEGER NOT NULL, key INTEGER NOT NULL, gid INTEGER NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS heads (
    root INTEGER PRIMARY KEY, canonical INTEGER NOT NULL, runner INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS batches (batch TEXT PRIMARY KEY, stats TEXT NOT NULL);
"""


class IndexMismatch(ConfigError):
    """The index was built with other settings (or is not a dedup index)."""


def _settings(opt: DedupOptions) -> str:
    bands, rows = opt.banding()
    settings = {"num_perm": opt.num_perm, "shingle_size": opt.shingle_size,
                "seed": opt.seed, "bands": bands, "rows": rows, "threshold": opt.threshold}
    if opt.anchors:  # key kinds after the URL key are anchor bands: part of the settings
        abands, arows = opt.anchor_banding()
        settings["anchors"] = {"perm": opt.anchor_perm, "bands": abands, "rows": arows,
                               "min": opt.anchor_min, "version": 3,
                               "align": [opt.anchor_align_segments, opt.anchor_align_fraction,
                                         opt.anchor_align_edges, opt.anchor_align_inner],
                               "cover": [opt.anchor_cover, opt.anchor_contained_threshold,
                                         opt.anchor_contained_content,
                                         opt.anchor_contained_cover,
                                         opt.anchor_contained_min],
                               # session 30: the tiled alignment (v3) and verbatim excerpts
                               "tiling": opt.anchor_tiling,
                               "verbatim": [opt.anchor_verbatim_min,
                                            opt.anchor_verbatim_cover]}
    # session 30: clusters are stars around canonicals (no chaining through a two-story
    # page), chosen by the canonical rule's order: an index built under other rules holds
    # other clusters and canonicals, so it is refused, not mixed with this run's
    settings["clusters"] = CLUSTERS
    settings["canonical"] = canonical.RULE
    return json.dumps(settings, sort_keys=True)


def _signed(keys: np.ndarray) -> np.ndarray:
    return np.asarray(keys, dtype=np.uint64).view(np.int64)


def check_index_path(path: str | Path, opt: DedupOptions | None = None) -> None:
    """Refuse, in one line and before any work, an index the run could not use: one on
    object storage (sqlite needs a local file: locks, in-place writes; one index serves a
    sequence of runs from one driver), a file that is not a dedup index (a text file, the
    sqlite file of another program), one this user cannot write, one whose folder cannot
    take sqlite's journal files, or (with ``opt``) one built with other settings. Found
    only when the batch is added, these would fail after the whole pipeline ran and the
    parts were rewritten. Nothing is created or written here."""
    if storage.is_url(os.fspath(path)):
        raise ConfigError(
            f"--dedup-index {path}: the dedup index is an sqlite file and must be a local "
            "path (the run's input and output may still be URLs)"
        )
    p = Path(path)
    if not p.exists():
        parent = p.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if not parent.is_dir():
            raise ConfigError(f"cannot create the dedup index {path}: {parent} is not a folder")
        if not os.access(parent, os.W_OK | os.X_OK):
            raise ConfigError(f"cannot create the dedup index {path}: {parent} is not writable")
        return
    if p.is_dir():
        raise ConfigError(f"the dedup index {path} is a folder, not an sqlite file")
    try:
        with open(p, "r+b") as fh:  # opened for writing: the batch is added to it
            head = fh.read(16)
    except OSError as exc:
        raise ConfigError(f"cannot write the dedup index {path}: "
                          f"{exc.strerror or exc}") from None
    if not os.access(p.parent, os.W_OK | os.X_OK):  # sqlite writes its journal beside it
        raise ConfigError(f"cannot write the dedup index {path}: its folder {p.parent} is "
                          "not writable (sqlite keeps its journal there)")
    if not head:
        return  # an empty file: sqlite makes it a new index
    if head != b"SQLite format 3\x00":
        raise IndexMismatch(f"{path} is not a newssift dedup index (not an sqlite file)")
    _check_contents(p, opt)


def _check_contents(p: Path, opt: DedupOptions | None) -> None:
    """An sqlite file that is a dedup index (a ``settings`` table with its options; an
    empty database becomes one) of ``opt``'s settings; read only."""
    import sqlite3

    try:
        db = sqlite3.connect(p.resolve().as_uri() + "?mode=rw", uri=True)
        try:
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master "
                                               "WHERE type = 'table'")}
            if not tables:
                return
            cols = ({r[1] for r in db.execute("PRAGMA table_info(settings)")}
                    if "settings" in tables else set())
            row = (db.execute("SELECT value FROM settings WHERE name = 'options'").fetchone()
                   if {"name", "value"} <= cols and "docs" in tables else None)
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise IndexMismatch(f"{p} is not a usable newssift dedup index ({exc})") from None
    if row is None:
        raise IndexMismatch(f"{p} is not a newssift dedup index (an sqlite file of another "
                            "program)")
    if opt is not None and row[0] != _settings(opt):
        raise IndexMismatch(f"index {p} was built with {row[0]}; this run uses {_settings(opt)}")


class DedupIndex:
    """An sqlite index of deduplicated documents (see module docstring)."""

    def __init__(self, path: str | Path, opt: DedupOptions) -> None:
        check_index_path(path, opt)
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        import sqlite3  # here, not at import: most runs have no index (~9 ms of start-up)

        self.db = sqlite3.connect(self.path, isolation_level=None)
        try:
            self._open(opt)
        except sqlite3.Error as exc:  # checked above; a file changed since: still one line
            self.db.close()
            raise IndexMismatch(f"{self.path} is not a usable newssift dedup index "
                                f"({exc})") from None

    def _open(self, opt: DedupOptions) -> None:
        """Make or check the schema and the settings of the open index."""
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        want = _settings(opt)
        row = self.db.execute("SELECT value FROM settings WHERE name='options'").fetchone()
        if row is None:
            self.db.execute("INSERT INTO settings VALUES ('options', ?)", (want,))
        elif row[0] != want:
            raise IndexMismatch(
                f"index {self.path} was built with {row[0]}; this run uses {want}"
            )
        have = {r[1] for r in self.db.execute("PRAGMA table_info(docs)")}
        for col, decl in (("suspect", "INTEGER NOT NULL DEFAULT 0"),
                          ("url", "TEXT NOT NULL DEFAULT ''"), ("asig", "BLOB"),
                          ("aseq", "BLOB")):
            if col not in have:  # an index of the same settings from an older version
                self.db.execute(f"ALTER TABLE docs ADD COLUMN {col} {decl}")
        self.num_perm = opt.num_perm
        self.anchor_width = 3 * opt.anchor_perm

    def close(self) -> None:
        self.db.close()

    def size(self) -> int:
        """Number of documents indexed (the next gid)."""
        row = self.db.execute("SELECT MAX(gid) FROM docs").fetchone()
        return 0 if row[0] is None else int(row[0]) + 1

    def known_ids(self, ids: list[str]) -> list[str]:
        """Those of ``ids`` already in the index (a batch must not be added twice)."""
        found: list[str] = []
        for lo in range(0, len(ids), 900):
            chunk = ids[lo : lo + 900]
            q = f"SELECT id FROM docs WHERE id IN ({','.join('?' * len(chunk))})"
            found += [r[0] for r in self.db.execute(q, chunk)]
        return sorted(set(found))

    def lookup_centers(self, kind: int, keys: np.ndarray) -> np.ndarray:
        """First indexed document of the bucket of each key (-1: none; key 0 never matches)."""
        out = np.full(len(keys), -1, np.int64)
        nz = np.nonzero(keys)[0]
        if not len(nz) or self.size() == 0:
            return out
        skeys = _signed(keys[nz])
        db = self.db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS probe (pos INTEGER, key INTEGER)")
        db.execute("BEGIN")  # one transaction, not one per probe row
        try:
            db.executemany("INSERT INTO probe VALUES (?, ?)",
                           zip(nz.tolist(), skeys.tolist(), strict=True))
            for pos, gid in db.execute(
                "SELECT p.pos, c.gid FROM probe p JOIN centers c ON c.kind = ? AND c.key = p.key",
                (kind,),
            ):
                out[pos] = gid
            db.execute("DELETE FROM probe")
        finally:
            db.execute("COMMIT")
        return out

    def _by_gid(self, sql: str, gids: np.ndarray) -> dict[int, tuple]:
        out: dict[int, tuple] = {}
        ids = [int(g) for g in np.unique(gids)]
        for lo in range(0, len(ids), 900):
            chunk = ids[lo : lo + 900]
            q = sql.format(",".join("?" * len(chunk)))
            for row in self.db.execute(q, chunk):
                out[row[0]] = row[1:]
        return out

    def signatures(self, gids: np.ndarray) -> np.ndarray:
        rows = self._by_gid("SELECT gid, sig FROM docs WHERE gid IN ({})", gids)
        out = np.empty((len(gids), self.num_perm), np.uint32)
        for i, g in enumerate(gids.tolist()):
            out[i] = np.frombuffer(rows[g][0], dtype="<u4")
        return out

    def anchor_signatures(self, gids: np.ndarray) -> np.ndarray:
        """Anchor signatures (set and order halves); a document indexed without one gets
        a row of empty bins, which matches nothing."""
        rows = self._by_gid("SELECT gid, asig FROM docs WHERE gid IN ({})", gids)
        out = np.full((len(gids), self.anchor_width), 0xFFFFFFFF, np.uint32)
        for i, g in enumerate(gids.tolist()):
            blob = rows[g][0]
            if blob and len(blob) == 4 * self.anchor_width:
                out[i] = np.frombuffer(blob, dtype="<u4")
        return out

    def anchor_sequences(self, gids: np.ndarray) -> list[np.ndarray]:
        """Anchor sequences (:func:`newssift.dedup.anchors.sequence`); empty for a
        document indexed without one (it aligns with nothing)."""
        rows = self._by_gid("SELECT gid, aseq FROM docs WHERE gid IN ({})", gids)
        return [np.frombuffer(rows[g][0], dtype="<u4").astype(np.uint32) if rows[g][0]
                else np.zeros(0, np.uint32) for g in gids.tolist()]

    def roots(self, gids: np.ndarray) -> np.ndarray:
        rows = self._by_gid("SELECT gid, cluster FROM docs WHERE gid IN ({})", gids)
        return np.array([rows[g][0] for g in gids.tolist()], np.int64)

    def heads(self, roots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(canonical gid, runner-up gid or -1) of each cluster root."""
        rows = self._by_gid("SELECT root, canonical, runner FROM heads WHERE root IN ({})", roots)
        canon = np.array([rows.get(r, (r, -1))[0] for r in roots.tolist()], np.int64)
        runner = np.array([rows.get(r, (r, -1))[1] for r in roots.tolist()], np.int64)
        return canon, runner

    def meta(self, gids: np.ndarray) -> dict[str, list]:
        rows = self._by_gid(
            "SELECT gid, id, day, agency, text_len, suspect FROM docs WHERE gid IN ({})", gids
        )
        cols = list(zip(*(rows[g] for g in gids.tolist()), strict=True)) or [()] * 5
        return {"id": list(cols[0]), "day": list(cols[1]), "agency": list(cols[2]),
                "text_len": list(cols[3]), "suspect": list(cols[4])}

    def urls(self, gids: np.ndarray) -> list[str]:
        rows = self._by_gid("SELECT gid, url FROM docs WHERE gid IN ({})", gids)
        return [rows[g][0] for g in gids.tolist()]

    def add(
        self,
        first_gid: int,
        docs: Iterator[tuple[int, str, int, int, str, int, bytes, int, str, bytes, bytes]],
        centers: list[tuple[int, np.ndarray]],
        relabel: dict[int, int],
        heads: list[tuple[int, int, int]],
        batch: tuple[str, str] | None = None,
    ) -> None:
        """Add a batch in one transaction.

        ``batch``: (the batch's token, its dedup counters as JSON), kept in the same
        transaction, so that a run killed after it and resumed knows its batch is in the
        index (:meth:`batch_stats`) and finishes without adding it twice.

        ``docs`` yields (gid, id, cluster root, day, agency, text_len, signature bytes,
        suspect, url, anchor signature bytes, anchor sequence bytes);
        ``centers`` is (kind, key per new document) with gids from ``first_gid``;
        ``relabel`` maps old cluster roots merged by the batch to their new root; ``heads``
        holds (root, canonical, runner) of every cluster the batch touched.
        """
        db = self.db
        db.execute("BEGIN")
        try:
            db.executemany(
                "INSERT INTO docs (gid, id, cluster, day, agency, text_len, sig, suspect, url, "
                "asig, aseq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", docs)
            for kind, keys in centers:
                nz = np.nonzero(keys)[0]
                db.executemany(
                    "INSERT OR IGNORE INTO centers VALUES (?, ?, ?)",
                    zip([kind] * len(nz), _signed(keys[nz]).tolist(),
                        (nz + first_gid).tolist(), strict=True),
                )
            for old, new in sorted(relabel.items()):
                db.execute("UPDATE docs SET cluster = ? WHERE cluster = ?", (new, old))
                db.execute("DELETE FROM heads WHERE root = ?", (old,))
            db.executemany("INSERT OR REPLACE INTO heads VALUES (?, ?, ?)", heads)
            if batch is not None:
                db.execute("INSERT INTO batches VALUES (?, ?)", batch)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def batch_stats(self, batch: str) -> str | None:
        """The counters (JSON) the batch of token ``batch`` was added with; None when no
        batch of that token was added."""
        row = self.db.execute("SELECT stats FROM batches WHERE batch = ?", (batch,)).fetchone()
        return None if row is None else row[0]

    def assignments(self) -> Iterator[tuple[str, str]]:
        """(id, canonical id) of every indexed document, in gid order."""
        yield from self.db.execute(
            "SELECT d.id, COALESCE(c.id, d.id) FROM docs d "
            "LEFT JOIN heads h ON h.root = d.cluster "
            "LEFT JOIN docs c ON c.gid = h.canonical ORDER BY d.gid"
        )
