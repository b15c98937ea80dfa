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
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newssift.io.run_folder import RunFolder

log = logging.getLogger(__name__)

#: Bump when the files' layout or the definition of a word changes.
FORMAT = "words/v1"
TERMS = "terms.arrow"
POSTINGS = "postings.u32"
#: Distinct words per record batch of ``terms.arrow``.
TERM_BATCH = 65_536
PREFIX = "words-"


def run_key(out: Path, files: Iterable[Path]) -> str:
    """What the index depends on: each part's path under ``out``, size and mtime."""
    h = hashlib.sha256(FORMAT.encode())
    for path in files:
        st = os.stat(path)
        h.update(f"\0{Path(path).relative_to(out).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}"
                 .encode())
    return h.hexdigest()[:24]


def cache_dir(out: Path) -> Path:
    """The user's cache folder for the index of a run folder it cannot write to."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    name = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
    return Path(base) / "newssift" / "view" / name


def places(out: Path) -> list[Path]:
    """Where an index of ``out`` may live, in order of preference."""
    return [Path(RunFolder(out).view_index), cache_dir(out)]


def find(out: Path, key: str) -> Path | None:
    """The folder of a complete index of this key, if one was written before."""
    for base in places(out):
        folder = base / f"{PREFIX}{key}"
        if (folder / TERMS).is_file() and (folder / POSTINGS).is_file():
            return folder
    return None


def write(batches: Iterator[pa.RecordBatch], folder: Path) -> int:
    """Write an index into ``folder`` from batches of ``(term, seqs)`` rows sorted by term
    (a term may span several rows and batches: its postings are concatenated). Returns the
    number of distinct terms."""
    schema = pa.schema([("term", pa.string()), ("end", pa.int64())])
    pending_term: str | None = None
    pending_end = 0
    written = 0
    buf_terms: list[pa.Array] = []
    buf_ends: list[np.ndarray] = []
    n_terms = 0
    with open(folder / POSTINGS, "wb") as post, pa.OSFile(str(folder / TERMS), "wb") as sink, \
            pa.ipc.new_file(sink, schema) as terms_out:

        def flush(force: bool = False) -> None:
            nonlocal buf_terms, buf_ends
            size = sum(len(t) for t in buf_terms)
            if size and (force or size >= TERM_BATCH):
                terms_out.write_batch(pa.record_batch(
                    [pa.concat_arrays(buf_terms), pa.array(np.concatenate(buf_ends))],
                    schema=schema))
                buf_terms, buf_ends = [], []

        def emit(terms: pa.Array, ends: np.ndarray) -> None:
            nonlocal n_terms
            if len(terms):
                buf_terms.append(terms.cast(pa.string()))
                buf_ends.append(ends.astype(np.int64))
                n_terms += len(terms)
                flush()

        for batch in batches:
            if not batch.num_rows:
                continue
            terms = batch.column("term")
            seqs = batch.column("seqs")
            flat = pc.list_flatten(seqs).to_numpy(zero_copy_only=False).astype("<u4", copy=False)
            flat.tofile(post)
            ends = written + np.cumsum(
                pc.list_value_length(seqs).fill_null(0).to_numpy(zero_copy_only=False),
                dtype=np.int64)
            written += len(flat)
            is_new = np.empty(batch.num_rows, dtype=bool)
            is_new[0] = pending_term is None or terms[0].as_py() != pending_term
            if batch.num_rows > 1:
                same = pc.equal(terms.slice(1), terms.slice(0, batch.num_rows - 1))
                if not pc.all(pc.less_equal(terms.slice(0, batch.num_rows - 1),
                                            terms.slice(1))).as_py():
                    raise ValueError("word index rows are not sorted by term")
                is_new[1:] = ~same.to_numpy(zero_copy_only=False)
            if pending_term is not None and is_new[0]:
                if terms[0].as_py() < pending_term:
                    raise ValueError("word index rows are not sorted by term")
                emit(pa.array([pending_term], pa.string()), np.array([pending_end]))
            starts = np.flatnonzero(is_new)
            closing = starts[starts > 0] - 1
            emit(terms.take(pa.array(closing)), ends[closing])
            pending_term = terms[batch.num_rows - 1].as_py()
            pending_end = int(ends[-1])
        if pending_term is not None:
            emit(pa.array([pending_term], pa.string()), np.array([pending_end]))
        flush(force=True)
    return n_terms


def publish(tmp: Path, folder: Path) -> Path:
    """Rename a written index into place (atomically); if another viewer published one
    first, keep that one. Older indexes of the same run are removed."""
    try:
        os.rename(tmp, folder)
    except OSError:
        if not (folder / TERMS).is_file():
            raise
        shutil.rmtree(tmp, ignore_errors=True)
    for old in folder.parent.glob(f"{PREFIX}*"):
        if old != folder and old.name.startswith(PREFIX):
            shutil.rmtree(old, ignore_errors=True)
    return folder


def staging(out: Path, key: str, fallback: Path) -> tuple[Path, Path]:
    """A fresh temporary folder to write an index into, and the name it is published
    under: in the first of :func:`places` that can be written, else in ``fallback``."""
    for base in places(out):
        try:
            base.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{PREFIX}{key}.", dir=base))
        except OSError as exc:
            log.info("word index not written in %s (%s)", base, exc.strerror or exc)
            continue
        return tmp, base / f"{PREFIX}{key}"
    tmp = Path(tempfile.mkdtemp(prefix=f".{PREFIX}{key}.", dir=fallback))
    return tmp, fallback / f"{PREFIX}{key}"


class WordIndex:
    """A written index, open for lookups: the term list memory-mapped, postings read per
    term (so the index costs the viewer almost no memory whatever the run's size)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._postings = folder / POSTINGS
        reader = pa.ipc.open_file(pa.memory_map(str(folder / TERMS)))
        self._batches = [reader.get_batch(i) for i in range(reader.num_record_batches)]
        # the last term of each batch: which batch may hold a word (bisect)
        self._lasts = [b.column(0)[b.num_rows - 1].as_py() for b in self._batches]
        self._firsts = [0]
        for b in self._batches:
            self._firsts.append(self._firsts[-1] + b.num_rows)
        self.n_terms = self._firsts[-1]

    def _end(self, batch: int, row: int) -> int:
        if row < 0:
            return 0 if batch == 0 else self._end(batch - 1, self._batches[batch - 1].num_rows - 1)
        return self._batches[batch].column(1)[row].as_py()

    def lookup(self, word: str) -> np.ndarray:
        """The seq numbers of the records holding ``word`` (uint32; empty if none)."""
        import bisect

        b = bisect.bisect_left(self._lasts, word)
        if b == len(self._batches):
            return np.zeros(0, dtype=np.uint32)
        col = self._batches[b].column(0)
        lo, hi = 0, len(col)
        while lo < hi:  # binary search over the memory-mapped, sorted terms
            mid = (lo + hi) // 2
            if col[mid].as_py() < word:
                lo = mid + 1
            else:
                hi = mid
        if lo == len(col) or col[lo].as_py() != word:
            return np.zeros(0, dtype=np.uint32)
        start, end = self._end(b, lo - 1), self._end(b, lo)
        return np.fromfile(self._postings, dtype="<u4", count=end - start, offset=4 * start)
