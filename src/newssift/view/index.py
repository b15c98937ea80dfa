"""The viewer's index: the small columns of every record of a run, in DuckDB, and the
queries the pages ask.

Why an index: a run may hold a million documents; the viewer must page, filter and count
them as fast as the demo's fifteen, and never hold a run in memory. So on start the
viewer copies only the columns it filters and lists on (id, url, title, decision, reason,
site, language, cluster, flag names, where the record lives) from each Parquet part into
a DuckDB table under a memory limit. The first start builds that table (the slow part: half
a minute per million records) and keeps a copy beside the run, keyed like the word index
below, so later starts copy the file instead of reading the parts. Bodies, flags with
their evidence, removed lines and HTML stay in the parts: a document page reads one row
group of one part (:meth:`RunIndex.document`); the score plots scan the parts' own
columns through DuckDB. Parts of every schema version are read (version 1 stored
``scores`` as a map).

The search page selects and counts in numpy (:mod:`newssift.view.facets`: a code per
record and filter), and reads only the page's rows from DuckDB, by seq.

Text search has a word index (:mod:`newssift.view.words`): at the first start, a background
thread reads the parts' id, URL, title and text batch by batch, takes each word (a run of
letters and digits, lower-cased) with the records that hold it, and writes it into the run
folder (``_state/view/``), where later starts find it (unless the parts changed). A text
search finds the records holding every word of the query (whole words, any order, in any
of those fields), once per query (cached). Until the index is ready, or for a query in a
script written without spaces (Chinese, Japanese, Thai...: their words are not
delimited), a text search scans the parts' text for the query as a substring.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import shutil
import sys
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import regex

from newssift.dedup.canonical import host_of
from newssift.errors import ConfigError, InputError
from newssift.io import storage
from newssift.io.run_folder import FOLDERS, RunFolder
from newssift.io.writers import reading_part
from newssift.record import scores_from_column
from newssift.view import words as words_disk
from newssift.view.facets import Facets

log = logging.getLogger(__name__)

_SIZE = regex.compile(r"\s*([0-9]{1,9}(?:\.[0-9]{1,6})?)\s*([KMGT]i?B|B)\s*",
                      regex.IGNORECASE | regex.ASCII)
_UNIT = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
         "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}
#: The smallest memory limit accepted: below it DuckDB fails its first allocation.
MIN_MEMORY = 16 * 10**6
#: The largest: far beyond any machine, well inside what DuckDB reads (its "out of range"
#: was a traceback)
MAX_MEMORY = 2**50


def memory_setting(value: str) -> str:
    """The viewer's memory limit as DuckDB's setting (``2GB``, ``500MB``, ``1.5GiB``),
    or :class:`ConfigError`: it goes into an SQL statement, so only a number in ASCII digits
    and a unit pass (anything else was a DuckDB parser traceback), from :data:`MIN_MEMORY`
    to :data:`MAX_MEMORY`."""
    m = _SIZE.fullmatch(value)
    if m is None:
        raise ConfigError(f"--memory {value!r}: give a size such as 2GB or 500MB "
                          "(units B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)")
    number, unit = m.groups()
    size = float(number) * _UNIT[unit.lower()]
    if size < MIN_MEMORY:
        raise ConfigError(f"--memory {value!r}: the viewer needs at least 16MB")
    if size > MAX_MEMORY:
        raise ConfigError(f"--memory {value!r}: at most 1PiB")
    return f"{number}{unit}"

#: Filters of the search page: URL parameter → index column.
FACETS = {
    "decision": "decision",
    "reason": "reason",
    "flag": "flags",
    "site": "site_name",
    "language": "language",
    "cluster": "cluster_id",
}
#: The listing table kept beside the run (see :meth:`RunIndex._save`); bump the format
#: when the ``docs`` table's columns or their meaning change.
TABLE_FORMAT = "docs/v1"
TABLE_PREFIX = "docs-"
TABLE_FILE = "index.duckdb"
#: The link to a run folder whose name DuckDB cannot open (:meth:`RunIndex._native_root`),
#: in the viewer's temporary folder.
RUN_LINK = "run-folder"
#: Columns of the list view.
LIST_COLUMNS = ("seq", "id", "url", "title", "decision", "reason", "site_name", "language",
                "cluster_id", "n_flags", "date")
PAGE = 50
#: Bins of a score histogram on the run page.
BINS = 20

_INDEX_SQL = """
CREATE TABLE docs (
    seq BIGINT, file_no INTEGER, row_no BIGINT, id VARCHAR, url VARCHAR, title VARCHAR,
    date VARCHAR, decision VARCHAR, reason VARCHAR, site_name VARCHAR, language VARCHAR,
    cluster_id VARCHAR, canonical_id VARCHAR, canonical_similarity DOUBLE,
    flags VARCHAR[], n_flags INTEGER, fbits BIGINT DEFAULT 0, cluster_size INTEGER DEFAULT 1
)
"""
#: A word of the text index: a run of letters and digits (Python side, for queries) and its
#: complement (the Arrow/RE2 side, splitting the texts); lower-cased on both sides.
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_NOT_WORD = r"[^\p{L}\p{N}]+"
#: Scripts written without spaces between words: a query in them is searched as a substring.
_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}"
                          r"\p{Myanmar}\p{Tibetan}]")
#: Rows read at a time while the word index is built (bounds its memory).
WORD_BATCH = 2048
#: Text searches whose hits stay cached (one boolean per record each: 1 MB per million).
TEXT_HITS_KEPT = 16
#: The fields whose words the index holds (one bag of words per record).
WORD_COLUMNS = ("id", "url", "title", "text")


def query_words(q: str) -> list[str]:
    """The index words of a query (empty when the query must be searched as a substring)."""
    if _UNSPACED.search(q):
        return []
    return sorted(set(_WORD.findall(q.lower())))


#: Flag names get one bit each in ``fbits`` (the most frequent first), so filtering on a flag
#: and counting every flag take one pass over one integer column instead of unnesting lists.
FLAG_BITS = 62


#: The largest page offset a query may ask for: far past any run's record count, and inside
#: numpy's int64, which a 20-digit offset overflowed (a 500 and a logged traceback).
MAX_OFFSET = 10**15
_OFFSET = regex.compile(r"([+-]?)([0-9]+)")


class BadQuery(ValueError):
    """A query string the search page cannot answer; the server sends it as a 400."""


@dataclass
class Query:
    """What the search page asks: free text, facet filters, the page offset."""

    q: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    offset: int = 0

    @classmethod
    def from_params(cls, params: dict[str, str]) -> Query:
        """The query of a search URL's parameters; :class:`BadQuery` for an offset that is
        not a whole number up to :data:`MAX_OFFSET` (a negative one counts as 0)."""
        filters = {k: params[k] for k in FACETS if params.get(k)}
        raw = params.get("offset", "0").strip() or "0"
        m = _OFFSET.fullmatch(raw)
        if m is None:
            raise BadQuery(f"offset {raw[:40]!r} is not a whole number")
        digits = m.group(2).lstrip("0") or "0"
        if m.group(1) == "-":
            offset = 0
        elif len(digits) > len(str(MAX_OFFSET)) or int(digits) > MAX_OFFSET:
            raise BadQuery(f"offset {raw[:40]} is past the largest one a page takes "
                           f"({MAX_OFFSET})")
        else:
            offset = int(digits)
        return cls(q=params.get("q", "").strip(), filters=filters, offset=offset)


class RunIndex:
    """The index of one finished run (a local output folder with Parquet parts)."""

    def __init__(self, out: str | os.PathLike, *, memory_limit: str = "128MB",
                 workdir: str | None = None) -> None:
        self.out = Path(out)
        #: The run folder's name as the pages show it, as records write a name
        #: (``storage.recorded``: a lone surrogate of an undecodable byte could not be sent
        #: as UTF-8)
        self.name = storage.recorded(Path(os.path.abspath(self.out)).name)
        shown = storage.recorded(out)
        if not self.out.is_dir():
            raise InputError(f"{shown} is not a folder")
        run = RunFolder(self.out)
        if storage.exists(run.run_state) and not run.has_stats():  # killed, or still running
            raise InputError(f"{shown} holds an unfinished newssift run (no stats.json): "
                             "finish it with `newssift run ... --resume` first")
        parts = [p for folder in FOLDERS for p in run.parts(folder)]
        self.files: list[Path] = [Path(p.path) for p in parts if p.fmt == "parquet"]
        if not parts and run.has_stats():
            raise InputError(f"{shown} holds a finished run with no documents: nothing to view")
        if not self.files:
            jsonl = any(p.fmt == "jsonl" for p in parts)
            raise InputError(
                f"{shown} holds no Parquet parts"
                + (" (the viewer reads Parquet runs; this one was written with --format jsonl)"
                   if jsonl else " (is it a newssift output folder?)")
            )
        #: The run folder as DuckDB and Arrow are given it (:meth:`_native_root`)
        self.root = self.out
        self._tmp = tempfile.mkdtemp(prefix="newssift-view-", dir=workdir)
        try:
            self._open(memory_limit)
        except BaseException:  # a failed or interrupted start leaves no temporary folder
            with contextlib.suppress(Exception):
                self.con.close()
            shutil.rmtree(self._tmp, ignore_errors=True)
            raise

    def _native_root(self) -> Path:
        """The run folder under a name DuckDB and Arrow can open: the folder itself when its
        name is spelled in UTF-8 on the file system (every ASCII name; any name under a UTF-8
        locale), else a link to it in the temporary folder, whose name is ASCII.

        Why: both libraries take a name as UTF-8 and give those bytes to the system. Under
        ``LC_ALL=en_US.ISO-8859-1`` Python reads the bytes of ``Zürich`` as ``ZÃ¼rich``,
        whose UTF-8 bytes name no file; a byte that is not UTF-8 (``out\\xff``, carried as
        a lone surrogate) cannot be handed over at all. The view said the run's first part
        was damaged, or stopped with a traceback. The link is made by Python, which gives
        the system the name's own bytes; DuckDB and Arrow open the parts, and read and
        write the kept indexes (``_state/view``), through it. The link goes with the
        temporary folder (removing a link leaves what it points to alone)."""
        if not storage.native_name(self._tmp):  # where DuckDB's own files go: no way round
            raise InputError(
                "the viewer's temporary files go in "
                f"{storage.recorded(os.path.dirname(self._tmp))}, "
                f"whose name DuckDB cannot open under this locale "
                f"({sys.getfilesystemencoding()}): set TMPDIR to a folder with an ASCII name")
        out = os.path.abspath(self.out)
        if storage.native_name(out):
            return self.out
        link = os.path.join(self._tmp, RUN_LINK)
        try:
            os.symlink(out, link, target_is_directory=True)
        except OSError as exc:
            raise InputError(
                f"{storage.recorded(self.out)}: DuckDB cannot open this name under this locale "
                f"({sys.getfilesystemencoding()}), and no link to it could be made "
                f"({exc.strerror or exc}): view it under a UTF-8 locale") from None
        log.info("run folder %s opened through %s", storage.recorded(out), link)
        return Path(link)

    def _open(self, memory_limit: str) -> None:
        """Everything a start does after making its temporary folder."""
        import duckdb

        self.root = self._native_root()
        if self.root != self.out:
            self.files = [self.root / f.relative_to(self.out) for f in self.files]
        db = os.path.join(self._tmp, TABLE_FILE)
        self.table_key = words_disk.run_key(self.root, self.files, TABLE_FORMAT)
        saved = words_disk.find(self.root, self.table_key, TABLE_PREFIX, (TABLE_FILE,))
        self.table_read = saved is not None and self._open_saved(saved, db, memory_limit)
        if not self.table_read:
            self.con = duckdb.connect(db)
            self._configure(memory_limit)
            self._build()
            self._save()
        self.lock = threading.RLock()
        self._row_groups: dict[int, list[int]] = {}
        self._text_hits: OrderedDict[str, np.ndarray] = OrderedDict()
        self._facet_cache: OrderedDict[tuple, dict] = OrderedDict()
        self._plots: dict[str, Any] | None = None
        self.words_ready = threading.Event()
        self._closing = threading.Event()
        self.words: words_disk.WordIndex | None = None
        self._words_thread: threading.Thread | None = None
        self.stats = self._read_stats()
        self._finish()
        self.words_key = words_disk.run_key(self.root, self.files)
        found = words_disk.find(self.root, self.words_key)
        if found is not None:
            try:
                self.words = words_disk.WordIndex(found)
                self.words_ready.set()
                log.info("word index read from %s", found)
            except (OSError, pa.ArrowException) as exc:
                log.warning("word index in %s not read (%s); building it again", found, exc)
        if not self.words_ready.is_set():
            self._words_thread = threading.Thread(target=self._build_words, name="view-words",
                                                  daemon=True)
            self._words_thread.start()

    # -- building -------------------------------------------------------------------

    def _read_stats(self) -> dict[str, Any]:
        try:
            return RunFolder(self.out).read_stats()
        except (OSError, InputError):
            return {}

    def _domains(self, file_no: int) -> None:
        """A record's site is its URL's domain (the unit of ``OUT/sites.parquet``, one
        definition: ``dedup.canonical.host_of``), else the site name the page gives; filled
        part by part so the run is never held whole."""
        rows = self.con.execute(
            "SELECT seq, url, site_name FROM docs WHERE file_no = ?", [file_no]).fetchall()
        domains = pa.table({
            "seq": pa.array([r[0] for r in rows], pa.int64()),
            "domain": pa.array([host_of(r[1]) or r[2] for r in rows], pa.string()),
        })
        self.con.register("part_domains", domains)
        self.con.execute("UPDATE docs SET site_name = d.domain FROM part_domains d "
                         "WHERE docs.seq = d.seq")
        self.con.unregister("part_domains")

    def _configure(self, memory_limit: str) -> None:
        self.con.execute(f"SET memory_limit = '{memory_setting(memory_limit)}'")
        self.con.execute(f"SET temp_directory = '{self._tmp}'")
        self.con.execute("SET preserve_insertion_order = true")
        # DuckDB keeps freed memory for reuse up to this much (default 128 MB) on top of
        # its memory limit; the viewer's memory target has no room for that
        self.con.execute("SET allocator_flush_threshold = '16MB'")

    def _build(self) -> None:
        """The ``docs`` table from every part (the slow part of a first start)."""
        self.con.execute(_INDEX_SQL)
        self.bases: list[int] = []
        seq = 0
        for file_no, path in enumerate(self.files):
            with reading_part(path):  # a damaged part (its footer): one line naming it
                schema = pq.read_schema(path)
            names = set(schema.names)

            def col(name: str, names: set[str] = names) -> str:
                return name if name in names else "NULL"

            flags = ("list_distinct([f.name for f in flags])" if "flags" in names
                     else "[]::VARCHAR[]")
            self.con.execute(
                f"""INSERT INTO docs SELECT ? + file_row_number, ?, file_row_number,
                    id, {col('url')}, {col('title')}, {col('date')}, coalesce(decision, 'keep'),
                    {col('reason')}, {col('site_name')}, {col('language')},
                    {col('cluster_id')}, {col('canonical_id')}, {col('canonical_similarity')},
                    {flags}, {'len(flags)' if 'flags' in names else '0'}, 0, 1
                    FROM read_parquet(?, file_row_number = true)""",
                [seq, file_no, str(path)],
            )
            self.bases.append(seq)
            self._domains(file_no)
            seq += pq.read_metadata(path).num_rows
        self.total = seq
        self.con.execute("CREATE TABLE bases (file_no INTEGER, base BIGINT)")
        self.con.executemany("INSERT INTO bases VALUES (?, ?)", list(enumerate(self.bases)))
        self._count_flags()
        if self.flag_bit:
            self.con.execute(
                "UPDATE docs SET fbits = coalesce(list_sum([CAST(1 AS BIGINT) << "
                "(coalesce(list_position(?, f), 64) - 1) for f in flags "
                "if list_position(?, f) IS NOT NULL]), 0)",
                [list(self.flag_bit), list(self.flag_bit)])
        self.con.execute(
            "UPDATE docs SET cluster_size = s.n FROM (SELECT cluster_id, count(*) n FROM docs "
            "WHERE cluster_id IS NOT NULL GROUP BY cluster_id) s "
            "WHERE docs.cluster_id = s.cluster_id")
        self.con.execute("CHECKPOINT")
        log.info("indexed %d records from %d parts", seq, len(self.files))

    def _count_flags(self) -> None:
        counted = self.con.execute(
            "SELECT f, count(*) c FROM (SELECT unnest(flags) f FROM docs) GROUP BY f "
            "ORDER BY c DESC, f").fetchall()
        self.flag_counts = [(f, int(c)) for f, c in counted]
        self.flag_bit = {f: i for i, (f, _) in enumerate(self.flag_counts[:FLAG_BITS])}

    def _open_saved(self, saved: Path, db: str, memory_limit: str) -> bool:
        """Open a copy of the table an earlier start kept (the kept file is never
        written to); False, with the copy removed, when it cannot be read."""
        import duckdb

        try:
            shutil.copyfile(saved / TABLE_FILE, db)
            self.con = duckdb.connect(db)
            self._configure(memory_limit)
            self._load()
        except (OSError, duckdb.Error, ValueError) as exc:
            log.warning("listing table in %s not read (%s); building it again", saved, exc)
            with contextlib.suppress(AttributeError, duckdb.Error):
                self.con.close()
            with contextlib.suppress(FileNotFoundError):
                os.remove(db)
            return False
        log.info("listing table read from %s", saved)
        return True

    def _load(self) -> None:
        """What :meth:`_build` leaves besides the tables, from a saved table."""
        bases = self.con.execute("SELECT file_no, base FROM bases ORDER BY file_no").fetchall()
        if [f for f, _ in bases] != list(range(len(self.files))):
            raise ValueError("its parts are not this run's")
        self.bases = [int(b) for _, b in bases]
        self.total = int(self.con.execute("SELECT count(*) FROM docs").fetchone()[0])
        self._count_flags()

    def _save(self) -> None:
        """Keep the built table beside the run (like the word index, and in the same
        places), so the next start reads it instead of the parts. Compacted on the way
        (the build's updates leave free blocks); a failure only costs the next start."""
        import duckdb

        tmp: Path | None = None
        try:
            tmp, folder = words_disk.staging(self.root, self.table_key, Path(self._tmp),
                                             TABLE_PREFIX)
            target = str(tmp / TABLE_FILE).replace("'", "''")
            name = self.con.execute("SELECT current_database()").fetchone()[0]
            self.con.execute(f"ATTACH '{target}' AS saved")
            try:
                self.con.execute(f'COPY FROM DATABASE "{name}" TO saved')
            finally:
                self.con.execute("DETACH saved")
            words_disk.publish(tmp, folder, TABLE_PREFIX, TABLE_FILE)
            tmp = None
        except (OSError, duckdb.Error) as exc:
            log.warning("listing table not saved (%s); the next start builds it again", exc)
        finally:
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)

    def _finish(self) -> None:
        self.facet_codes = Facets(self.con, self.total, self.flag_bit, self._flag_records)
        release_memory()  # the columns read to make the codes
        self.facets(Query())  # the first page's counts, ready before the first request

    def _build_words(self) -> None:
        """The word index (see the module docstring), part by part in the background,
        written to disk segment by segment (:mod:`newssift.view.words`) and opened from
        there; Arrow only (no DuckDB), so pages keep answering meanwhile."""
        tmp: Path | None = None
        writer: words_disk.Writer | None = None
        try:
            tmp, folder = words_disk.staging(self.root, self.words_key, Path(self._tmp))
            writer = words_disk.Writer(tmp)
            pending: list[pa.Table] = []
            rows = 0
            for file_no, path in enumerate(self.files):
                pf = pq.ParquetFile(path)
                columns = [c for c in WORD_COLUMNS if c in pf.schema_arrow.names]
                seq = self.bases[file_no]
                for batch in pf.iter_batches(batch_size=WORD_BATCH, columns=columns):
                    if self._closing.is_set():
                        return
                    pending.append(_batch_words(batch, seq))
                    seq += batch.num_rows
                    rows += batch.num_rows
                    if rows >= words_disk.SEGMENT_ROWS:
                        writer.segment(pending)
                        pending, rows = [], 0
                        release_memory()
            writer.segment(pending)
            del pending
            writer.close()
            writer = None
            self.words = words_disk.WordIndex(words_disk.publish(tmp, folder))
            tmp = None
            with self.lock:
                self._text_hits.clear()  # substring results: ask the index now
                self._facet_cache.clear()
                self.words_ready.set()
            log.info("word index ready: %d words, %s", self.words.n_terms, self.words.folder)
        except Exception:  # the viewer keeps working with substring scans
            if not self._closing.is_set():
                log.exception("the word index could not be built; text search scans the parts")
        finally:
            if writer is not None:
                writer.close()
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)
            release_memory()

    def close(self) -> None:
        self._closing.set()
        if self._words_thread is not None:
            self._words_thread.join()
        with self.lock:
            self.con.close()
        shutil.rmtree(self._tmp, ignore_errors=True)

    # -- search ---------------------------------------------------------------------

    def _seqs(self, sql: str, params: list[Any]) -> np.ndarray:
        return self.con.execute(sql, params).fetchnumpy()["seq"].astype(np.int64, copy=False)

    def _flag_records(self, name: str) -> np.ndarray:
        """The records holding a flag that has no bit (rare: beyond the 62 most frequent)."""
        mask = np.zeros(self.total, dtype=bool)
        with self.lock:
            mask[self._seqs("SELECT seq FROM docs WHERE list_contains(flags, ?)", [name])] = True
        return mask

    def _text_mask(self, q: str) -> np.ndarray:
        """One boolean per record (in seq order): the records that match ``q`` (the last
        few cached, as bits): through the word index when it is ready, the records whose
        id, URL, title and text hold every word of ``q``; before, those whose id, URL,
        title or text contain ``q`` (a scan of the parts)."""
        packed = self._text_hits.get(q)
        if packed is not None:
            self._text_hits.move_to_end(q)
            return np.unpackbits(packed, count=self.total).view(bool)
        words = query_words(q)
        if words and self.words_ready.is_set():
            mask = None
            for word in words:
                one = np.zeros(self.total, dtype=bool)
                one[self.words.lookup(word)] = True
                mask = one if mask is None else (mask & one)
        else:
            mask = self._scan(q.lower())
        self._text_hits[q] = np.packbits(mask)
        while len(self._text_hits) > TEXT_HITS_KEPT:
            self._text_hits.popitem(last=False)
        return mask

    def _scan(self, needle: str) -> np.ndarray:
        """The records whose id, URL, title or text contain ``needle`` (lower-cased): the
        parts read batch by batch through Arrow (memory bounded by a batch, released
        after: on a million records, a DuckDB scan of every part raised the viewer's
        memory by ~150 MiB while the word index was being built beside it)."""
        mask = np.zeros(self.total, dtype=bool)
        for file_no, path in enumerate(self.files):
            pf = pq.ParquetFile(path)
            columns = [c for c in WORD_COLUMNS if c in pf.schema_arrow.names]
            seq = self.bases[file_no]
            for batch in pf.iter_batches(batch_size=WORD_BATCH, columns=columns):
                hit = np.zeros(batch.num_rows, dtype=bool)
                for column in batch.columns:
                    found = pc.match_substring(pc.utf8_lower(column), needle)
                    hit |= found.fill_null(False).to_numpy(zero_copy_only=False)
                mask[seq:seq + batch.num_rows] = hit
                seq += batch.num_rows
        release_memory()
        return mask

    def _mask(self, query: Query, skip: str | None = None) -> np.ndarray | None:
        """The records matching the query (every filter but ``skip``); None for all."""
        base = self._text_mask(query.q) if query.q else None
        return self.facet_codes.mask(query.filters, skip, base)

    def search(self, query: Query, limit: int = PAGE) -> tuple[list[dict[str, Any]], int]:
        """One page of matching records (in part order) and how many match in all: the
        selection is made in numpy (:mod:`newssift.view.facets`), then only the page's
        records are read from the index table, by seq."""
        with self.lock:
            sel = self._mask(query)
            # a Query built in Python is not checked: past MAX_OFFSET no page has records
            offset, limit = min(max(0, int(query.offset)), MAX_OFFSET), int(limit)
            if sel is None:
                total = self.total
                seqs = np.arange(offset, min(total, offset + limit), dtype=np.int64)
            else:
                hits = np.flatnonzero(sel)
                total = len(hits)
                seqs = hits[offset:offset + limit].astype(np.int64)
            if not len(seqs):
                return [], int(total)
            cur = self.con.execute(
                f"SELECT {', '.join(LIST_COLUMNS)} FROM docs "
                "WHERE seq BETWEEN ? AND ? AND seq IN (SELECT unnest(?::BIGINT[])) ORDER BY seq",
                [int(seqs[0]), int(seqs[-1]), seqs.tolist()])
            return _dicts(cur), int(total)

    def facets(self, query: Query, top: int = 12) -> dict[str, list[tuple[str | None, int]]]:
        """For each filter, its most frequent values and their counts among the records
        that match every *other* filter (so a chosen value shows its alternatives); for
        clusters, the largest clusters among those records, with their size in the run.

        Counted in numpy over one selection per set of filters; results are cached, so
        paging through a selection is cheap."""
        groups: dict[str, list[str]] = {}
        for key in FACETS:
            skip = key if key in query.filters else None
            groups.setdefault(skip or "", []).append(key)
        out: dict[str, list[tuple[str | None, int]]] = {}
        with self.lock:
            for skip, keys in groups.items():
                # counts are cached per set of filters and facet, so the page of a filter
                # reuses the unfiltered page's counts for that filter's own facet
                applied = tuple(sorted((k, v) for k, v in query.filters.items() if k != skip))
                cache_key = (query.q, applied, top)
                cached = self._facet_cache.setdefault(cache_key, {})
                self._facet_cache.move_to_end(cache_key)
                missing = [k for k in keys if k not in cached]
                if missing:
                    sel = self._mask(query, skip=skip or None)
                    cached.update(self.facet_codes.count(sel, missing, top))
                while len(self._facet_cache) > 256:
                    self._facet_cache.popitem(last=False)
                out.update({k: cached[k] for k in keys})
        return {key: out[key] for key in FACETS}

    # -- one record -----------------------------------------------------------------

    def locate(self, doc_id: str) -> dict[str, Any] | None:
        with self.lock:
            cur = self.con.execute(
                "SELECT seq, file_no, row_no FROM docs WHERE id = ? ORDER BY seq LIMIT 1",
                [doc_id])
            rows = _dicts(cur)
        return rows[0] if rows else None

    def _groups(self, file_no: int) -> list[int]:
        starts = self._row_groups.get(file_no)
        if starts is None:
            meta = pq.read_metadata(self.files[file_no])
            starts, n = [], 0
            for i in range(meta.num_row_groups):
                starts.append(n)
                n += meta.row_group(i).num_rows
            starts.append(n)
            self._row_groups[file_no] = starts
        return starts

    def read_row(self, file_no: int, row_no: int) -> dict[str, Any]:
        """One whole record from its part: only the row group holding it is read."""
        starts = self._groups(file_no)
        group = max(i for i in range(len(starts) - 1) if starts[i] <= row_no)
        table = pq.ParquetFile(self.files[file_no]).read_row_group(group)
        table = table.slice(row_no - starts[group], 1)
        if "scores" in table.column_names:
            idx = table.column_names.index("scores")
            scores = scores_from_column(table.column("scores"))
            table = table.set_column(idx, pa.field("scores", scores.type), scores)
        row = table.to_pylist()[0]
        row["scores"] = {s["name"]: s["value"] for s in row.get("scores") or []}
        row["_part"] = str(self.files[file_no].relative_to(self.root))
        row["_row"] = row_no
        return row

    def document(self, doc_id: str) -> dict[str, Any] | None:
        where = self.locate(doc_id)
        if where is None:
            return None
        return self.read_row(where["file_no"], where["row_no"])

    # -- clusters and sites -----------------------------------------------------------

    def cluster(self, cluster_id: str) -> list[dict[str, Any]]:
        """The members of a cluster, the canonical first, then by similarity."""
        with self.lock:
            cur = self.con.execute(
                f"SELECT {', '.join(LIST_COLUMNS)}, canonical_id, canonical_similarity "
                "FROM docs WHERE cluster_id = ? "
                "ORDER BY (id = canonical_id) DESC, canonical_similarity DESC NULLS LAST, seq "
                "LIMIT 500", [cluster_id])
            return _dicts(cur)

    def site(self, name: str, top: int = 15) -> dict[str, Any]:
        """A site's counts by decision, its flags, and the sites whose stories it copies
        (the site of the canonical record of its non-canonical cluster members)."""
        with self.lock:
            decisions = self.con.execute(
                "SELECT decision, count(*) FROM docs WHERE site_name = ? "
                "GROUP BY 1 ORDER BY 2 DESC",
                [name]).fetchall()
            flags = self.con.execute(
                "SELECT f, count(*) c FROM (SELECT unnest(flags) f FROM docs WHERE site_name = ?) "
                f"GROUP BY f ORDER BY c DESC, f LIMIT {top}", [name]).fetchall()
            copies = self.con.execute(
                "SELECT coalesce(c.site_name, '(unknown)') s, count(*) n FROM docs d "
                "JOIN docs c ON c.id = d.canonical_id "
                "WHERE d.site_name = ? AND d.canonical_id IS NOT NULL AND d.id <> d.canonical_id "
                f"GROUP BY s ORDER BY n DESC, s LIMIT {top}", [name]).fetchall()
            copied_by = self.con.execute(
                "SELECT coalesce(d.site_name, '(unknown)') s, count(*) n FROM docs d "
                "JOIN docs c ON c.id = d.canonical_id "
                "WHERE c.site_name = ? AND d.id <> d.canonical_id "
                f"GROUP BY s ORDER BY n DESC, s LIMIT {top}", [name]).fetchall()
        return {"decisions": decisions, "flags": flags, "copies": copies,
                "copied_by": copied_by}

    # -- the run page ---------------------------------------------------------------

    def breakdowns(self, top: int = 15) -> dict[str, list[tuple[str | None, int]]]:
        """Counts for the run page's bar charts."""
        out = {}
        with self.lock:
            for title, sql in (
                ("decision", "SELECT decision, count(*) c FROM docs GROUP BY 1 ORDER BY c DESC"),
                ("reason", "SELECT reason, count(*) c FROM docs WHERE reason IS NOT NULL "
                           f"GROUP BY 1 ORDER BY c DESC, 1 LIMIT {top}"),
                ("language", "SELECT coalesce(language, '(none)'), count(*) c FROM docs "
                             f"GROUP BY 1 ORDER BY c DESC, 1 LIMIT {top}"),
                ("site", "SELECT site_name, count(*) c FROM docs WHERE site_name IS NOT NULL "
                         f"GROUP BY 1 ORDER BY c DESC, 1 LIMIT {top}"),
            ):
                out[title] = [(v, int(c)) for v, c in self.con.execute(sql).fetchall()]
        out["flag"] = self.flag_counts[:top]
        return out

    def score_histograms(self) -> dict[str, Any]:
        """Each score's histogram by decision: {name: {"lo", "hi", "counts": {decision:
        [BINS counts]}}}. Scans the parts' ``scores`` and ``decision`` columns once and
        keeps the result (a run does not change under the viewer)."""
        if self._plots is not None:
            return self._plots
        v1 = [str(p) for p in self.files
              if pa.types.is_map(pq.read_schema(p).field("scores").type)]
        v2 = [str(p) for p in self.files if str(p) not in set(v1)]
        selects, params = [], []
        if v2:
            selects.append("SELECT coalesce(decision, 'keep') d, unnest(scores) e "
                           "FROM read_parquet(?)")
            params.append(v2)
        if v1:
            selects.append("SELECT coalesce(decision, 'keep') d, unnest([{'name': x.key, "
                           "'value': x.value} for x in map_entries(scores)]) e "
                           "FROM read_parquet(?)")
            params.append(v1)
        scores = (f"SELECT d, e.name AS name, e.value AS value "
                  f"FROM ({' UNION ALL '.join(selects)}) WHERE isfinite(e.value)")
        plots: dict[str, Any] = {}
        with self.lock:
            # two streaming passes (each score's range, then its bins) rather than one query
            # reading the scores twice through a CTE, which DuckDB may keep whole (one row
            # per record and score): the run page was the viewer's peak of memory
            found = self.con.execute(
                f"SELECT name, min(value) lo, max(value) hi FROM ({scores}) s GROUP BY name",
                params).fetchall()
            ranges = pa.table({"name": pa.array([r[0] for r in found], pa.string()),
                               "lo": pa.array([r[1] for r in found], pa.float64()),
                               "hi": pa.array([r[2] for r in found], pa.float64())})
            self.con.register("score_ranges", ranges)
            try:
                rows = self.con.execute(f"""
                    SELECT name, lo, hi, d,
                           least({BINS - 1}, coalesce(CAST(floor((value - lo) /
                                 nullif(hi - lo, 0) * {BINS}) AS INTEGER), 0)) AS bin, count(*)
                    FROM ({scores}) s JOIN score_ranges USING (name)
                    GROUP BY ALL ORDER BY name, d, bin""", params).fetchall()
            finally:
                self.con.unregister("score_ranges")
            for name, lo, hi, decision, b, c in rows:
                p = plots.setdefault(name, {"lo": lo, "hi": hi, "counts": {}})
                p["counts"].setdefault(decision, [0] * BINS)[b] = int(c)
        self._plots = plots
        release_memory()
        return plots


def release_memory() -> None:
    """Give freed memory back to the system after a large step: Arrow's pool, and the C
    allocator's free pages (glibc keeps them in its arenas, one per thread)."""
    pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL(None).malloc_trim(0)


def _batch_words(batch: pa.RecordBatch, first_seq: int) -> pa.Table:
    """``(term, seqs)``: each word of a batch of records (id, URL, title, text), with the
    seqs of the records holding it."""
    joined = pc.binary_join_element_wise(
        *batch.columns, " ", null_handling="replace", null_replacement="")
    words = pc.split_pattern_regex(pc.utf8_lower(joined), _NOT_WORD)
    del joined
    pairs = pa.table({
        "term": pc.list_flatten(words),
        "seq": pc.add(pc.list_parent_indices(words).cast(pa.uint32()),
                      pa.scalar(first_seq, pa.uint32())),
    })
    del words
    pairs = pairs.filter(pc.not_equal(pairs["term"], ""))
    grouped = pairs.group_by("term", use_threads=False).aggregate([("seq", "distinct")])
    return grouped.select(["term", "seq_distinct"]).rename_columns(["term", "seqs"])


def _dicts(cur) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
