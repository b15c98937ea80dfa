"""The viewer's word index, written once next to the run and read from disk afterwards.

Why on disk: building the index reads every part's text (a minute per million records on
a 2-core machine); a viewer restarted on the same run should not pay that again, nor hold
the index in its memory. So the index is two files in a folder named after the run's
*key* (:func:`run_key`: the parts' names, sizes and modification times, and this format's
version): ``terms.arrow`` (an Arrow IPC file of the sorted distinct words and where each
one's postings end, memory-mapped on open) and ``postings.u32`` (every word's records as
little-endian uint32 seq numbers, word after word; a lookup reads one word's range). A
part rewritten, added or removed changes the key, so a stale index is never read; it is
rebuilt and the old folder removed.

Where: ``OUT/_state/view/`` (:attr:`RunFolder.view_index`, beside the run state: not part
of the output). A run folder that cannot be written (read-only, another user's) gets its
index in the user's cache folder (``$XDG_CACHE_HOME/newssift/view/``), and when that fails
too, in the viewer's temporary folder (rebuilt at every start, as before). The folder is
written under a temporary name and renamed in one step, so a reader never sees half an
index (and two viewers building at once keep the first).
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newssift.io import storage
from newssift.io.run_folder import RunFolder

log = logging.getLogger(__name__)

#: Bump when the files' layout or the definition of a word changes.
FORMAT = "words/v1"
TERMS = "terms.arrow"
POSTINGS = "postings.u32"
#: Records per segment (a batch of ``terms.arrow``): bounds the build's memory.
SEGMENT_ROWS = 16_384
SCHEMA = pa.schema([("term", pa.string()), ("start", pa.int64()), ("end", pa.int64())])
PREFIX = "words-"


def run_key(out: Path, files: Iterable[Path], fmt: str = FORMAT) -> str:
    """What the index depends on: each part's path under ``out``, size and mtime, and the
    format (``fmt``: the viewer's listing table is kept the same way under its own)."""
    h = hashlib.sha256(fmt.encode())
    for path in files:
        st = os.stat(path)
        h.update(f"\0{Path(path).relative_to(out).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}"
                 .encode())
    return h.hexdigest()[:24]


def cache_dir(out: Path) -> Path:
    """The user's cache folder for the index of a run folder it cannot write to."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    # the name's bytes (its UTF-8 spelling under a UTF-8 locale, as before): a name with a
    # byte that is not UTF-8 has no UTF-8 spelling (a traceback), and under a Latin-1 locale
    # the same folder would be hashed another way
    name = hashlib.sha256(os.fsencode(out.resolve())).hexdigest()[:16]
    return Path(base) / "newssift" / "view" / name


def places(out: Path) -> list[Path]:
    """Where an index of ``out`` may live, in order of preference: only places whose names
    Arrow and DuckDB can open (``storage.native_name``; the viewer hands over a run folder
    that they cannot open through a link: ``RunIndex._native_root``), so a cache folder
    under a home whose name they cannot open (``/home/José`` under a Latin-1 locale) is
    passed over, for the viewer's temporary folder."""
    return [p for p in (Path(RunFolder(out).view_index), cache_dir(out))
            if storage.native_name(str(p))]


def find(out: Path, key: str, prefix: str = PREFIX,
         names: tuple[str, ...] = (TERMS, POSTINGS)) -> Path | None:
    """The folder of a complete index of this key (holding every file of ``names``), if
    one was written before."""
    for base in places(out):
        folder = base / f"{prefix}{key}"
        if all((folder / name).is_file() for name in names):
            return folder
    return None


class Writer:
    """Writes an index segment by segment: a segment is the words of a run of consecutive
    records (their seqs only grow), kept as one sorted batch of ``terms.arrow``; a lookup
    searches every segment. Building a segment needs only that segment in memory, so the
    build's memory does not grow with the run."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.n_terms = 0
        self._written = 0
        self._post = open(folder / POSTINGS, "wb")  # noqa: SIM115 (closed in close())
        self._sink = pa.OSFile(str(folder / TERMS), "wb")
        self._terms = pa.ipc.new_file(self._sink, SCHEMA)

    def segment(self, tables: list[pa.Table]) -> None:
        """Add one segment from tables of ``(term, seqs)`` rows (a term may appear in
        several rows and tables: its postings are concatenated)."""
        if not tables:
            return
        table = pa.concat_tables(tables)
        if not table.num_rows:
            return
        table = table.take(pc.sort_indices(table, [("term", "ascending")]))
        terms = table.column("term").combine_chunks()
        seqs = table.column("seqs").combine_chunks()
        del table
        flat = pc.list_flatten(seqs).to_numpy(zero_copy_only=False).astype("<u4", copy=False)
        flat.tofile(self._post)
        ends = self._written + np.cumsum(
            pc.list_value_length(seqs).fill_null(0).to_numpy(zero_copy_only=False),
            dtype=np.int64)
        n = len(terms)
        is_new = np.ones(n, dtype=bool)
        if n > 1:
            is_new[1:] = ~pc.equal(terms.slice(1), terms.slice(0, n - 1)).to_numpy(
                zero_copy_only=False)
        starts = np.flatnonzero(is_new)
        last_rows = np.append(starts[1:], n) - 1
        term_ends = ends[last_rows]
        term_starts = np.concatenate([[self._written], term_ends[:-1]])
        self._terms.write_batch(pa.record_batch(
            [terms.take(pa.array(starts)).cast(pa.string()), pa.array(term_starts),
             pa.array(term_ends)], schema=SCHEMA))
        self._written += len(flat)
        self.n_terms += len(starts)

    def close(self) -> None:
        self._terms.close()
        self._sink.close()
        self._post.close()


def publish(tmp: Path, folder: Path, prefix: str = PREFIX, marker: str = TERMS) -> Path:
    """Rename a written index into place (atomically); if another viewer published one
    first (its ``marker`` file is there), keep that one. Older indexes of the same run
    (other folders named ``prefix...``) are removed."""
    try:
        os.rename(tmp, folder)
    except OSError:
        if not (folder / marker).is_file():
            raise
        shutil.rmtree(tmp, ignore_errors=True)
    for old in folder.parent.glob(f"{prefix}*"):
        if old != folder and old.name.startswith(prefix):
            shutil.rmtree(old, ignore_errors=True)
    return folder


def staging(out: Path, key: str, fallback: Path, prefix: str = PREFIX) -> tuple[Path, Path]:
    """A fresh temporary folder to write an index into, and the name it is published
    under: in the first of :func:`places` that can be written, else in ``fallback``."""
    for base in places(out):
        try:
            base.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{prefix}{key}.", dir=base))
        except OSError as exc:
            log.info("viewer index not written in %s (%s)", base, exc.strerror or exc)
            continue
        return tmp, base / f"{prefix}{key}"
    tmp = Path(tempfile.mkdtemp(prefix=f".{prefix}{key}.", dir=fallback))
    return tmp, fallback / f"{prefix}{key}"


class WordIndex:
    """A written index, open for lookups: the term lists memory-mapped, postings read per
    term and segment (so the index costs the viewer almost no memory whatever the run's
    size)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._postings = folder / POSTINGS
        reader = pa.ipc.open_file(pa.memory_map(str(folder / TERMS)))
        self._segments = [reader.get_batch(i) for i in range(reader.num_record_batches)]
        self.n_terms = sum(b.num_rows for b in self._segments)

    def lookup(self, word: str) -> np.ndarray:
        """The seq numbers of the records holding ``word`` (uint32; empty if none)."""
        ranges = []
        for seg in self._segments:
            col = seg.column(0)
            lo, hi = 0, len(col)
            while lo < hi:  # binary search over the memory-mapped, sorted terms
                mid = (lo + hi) // 2
                if col[mid].as_py() < word:
                    lo = mid + 1
                else:
                    hi = mid
            if lo < len(col) and col[lo].as_py() == word:
                ranges.append((seg.column(1)[lo].as_py(), seg.column(2)[lo].as_py()))
        if not ranges:
            return np.zeros(0, dtype=np.uint32)
        fd = os.open(self._postings, os.O_RDONLY)
        try:
            return np.concatenate([np.frombuffer(os.pread(fd, 4 * (end - start), 4 * start),
                                                 dtype="<u4") for start, end in ranges])
        finally:
            os.close(fd)
