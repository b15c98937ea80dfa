"""Parquet tables and NumPy arrays on a local path or a URL, for dedup's files.

Why apart from :mod:`newssift.io.storage`: these are the format-aware helpers (pyarrow,
numpy) that only the corpus-level dedup needs; the readers and writers need the plain file
functions alone. Local paths keep the libraries' own file I/O and memory-mapping; a URL
goes through fsspec, with whole files written directly (no rename on object storage) and
array rows fetched by byte range (:class:`NpyRows`).
"""

from __future__ import annotations

import contextlib
import io
import mmap
import os
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any

from newssift.io.storage import (
    PathLike,
    basename,
    fs_of,
    is_url,
    native_name,
    native_source,
    read_bytes,
    writing,
)


def read_table(path: PathLike, columns: list[str] | None = None) -> Any:
    """A Parquet file as a pyarrow table (pyarrow's own file I/O for a local path); a
    file that cannot be read raises :class:`~newssift.errors.PartError` (one line)."""
    from newssift.io.writers import read_parquet, reading_part

    with reading_part(path), contextlib.ExitStack() as stack:
        return read_parquet(native_source(path, stack), columns=columns)


def read_schema(path: PathLike) -> Any:
    import pyarrow.parquet as pq

    from newssift.io.writers import reading_part

    with reading_part(path), contextlib.ExitStack() as stack:
        return pq.read_schema(native_source(path, stack))


def write_table(table: Any, path: PathLike, **options: Any) -> None:
    """``pq.write_table`` through :func:`writing` (same bytes locally and on a URL)."""
    import pyarrow.parquet as pq

    with writing(path) as target:
        pq.write_table(table, target, **options)


def write_arrow(table: Any, path: PathLike) -> None:
    """An uncompressed Arrow IPC file (one record batch per chunk, so :func:`read_arrow`
    gives back the chunks as written): a scratch copy of columns to read again without
    decoding, memory-mapped locally."""
    with arrow_writer(path, table.schema) as w:
        w.write_table(table)


@contextlib.contextmanager
def arrow_writer(path: PathLike, schema: Any) -> Iterator[Any]:
    """The writer of an Arrow IPC file as :func:`write_arrow` writes it, for a caller that
    has its record batches one at a time (each written is a chunk :func:`read_arrow`
    gives back)."""
    import pyarrow as pa

    with writing(path, ".tmp.arrow") as target, contextlib.ExitStack() as stack:
        sink = stack.enter_context(pa.OSFile(target, "wb")) if isinstance(target, str) \
            else target
        with pa.ipc.new_file(sink, schema) as w:
            yield w


def read_arrow(path: PathLike) -> Any:
    """A table :func:`write_arrow` wrote: memory-mapped for a local path (no copy; the
    file may be deleted while the table lives), read whole from a URL."""
    import pyarrow as pa

    path = os.fspath(path)
    if is_url(path):
        return pa.ipc.open_file(pa.py_buffer(read_bytes(path))).read_all()
    if not native_name(path):  # pyarrow takes names as UTF-8: mapped by Python, which
        with open(path, "rb") as fh:  # passes the name's bytes; the table keeps the map
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        return pa.ipc.open_file(pa.py_buffer(mapped)).read_all()
    with pa.memory_map(path) as source:
        return pa.ipc.open_file(source).read_all()


def save_npy(path: PathLike, array: Any) -> None:
    import numpy as np

    with writing(path, ".tmp.npy") as target:  # np.save appends .npy to other names
        np.save(target, array)


def load_npy(path: PathLike) -> Any:
    """A whole ``.npy`` array in memory (see :class:`LocalCopies` to memory-map one)."""
    import numpy as np

    path = os.fspath(path)
    return np.load(io.BytesIO(read_bytes(path))) if is_url(path) else np.load(path)


def open_rows(path: PathLike) -> Any:
    """An ``.npy`` array to index by rows without loading it: memory-mapped for a local
    path, an :class:`NpyRows` (ranged reads) for a URL. Both take ``a[i]`` and
    ``a[index_array]``."""
    import numpy as np

    path = os.fspath(path)
    return NpyRows(path) if is_url(path) else np.load(path, mmap_mode="r")


#: Parsed ``.npy`` headers of local files by path: the header's bytes (magic to data
#: offset), the shape and the dtype. A file whose first bytes differ is parsed again.
_HEADERS: dict[str, tuple[bytes, tuple[int, ...], Any]] = {}


def _local_header(fh: Any, path: str) -> tuple[bytes, tuple[int, ...], Any] | None:
    """The header of the open local ``.npy`` file ``fh`` (see :data:`_HEADERS`), or None
    for an array :func:`read_row` does not read itself (Fortran order, objects, 0-d)."""
    import numpy as np

    head = _HEADERS.get(path)
    if head is None or fh.read(len(head[0])) != head[0]:
        fh.seek(0)
        version = np.lib.format.read_magic(fh)
        reader = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                  else np.lib.format.read_array_header_2_0)
        shape, fortran, dtype = reader(fh)
        if fortran or dtype.hasobject or not shape:
            return None
        offset = fh.tell()
        fh.seek(0)
        head = (fh.read(offset), shape, dtype)
        if len(_HEADERS) >= 4096:
            _HEADERS.clear()
        _HEADERS[path] = head
    return head


def read_row(path: PathLike, i: int) -> Any:
    """``np.array(open_rows(path)[i])``: row ``i`` of an ``.npy`` array, a copy.

    Memory-mapping the file for each read parsed its header (a ``literal_eval``) and
    built a memmap every time, ~0.1 ms a read. A local file's header is parsed once per
    process (reused while the file starts with the same header bytes, which say the
    shape and dtype) and the row read after one seek; a URL is read as :func:`open_rows`
    reads it. ``tests/io/test_read_row.py`` holds the rows equal."""
    import numpy as np

    path = os.fspath(path)
    if is_url(path):
        return np.array(open_rows(path)[i])
    with open(path, "rb") as fh:
        head = _local_header(fh, path)
        if head is None:
            return np.array(open_rows(path)[i])
        raw, shape, dtype = head
        n = int(np.prod(shape[1:], dtype=np.int64))
        if i < 0:
            i += shape[0]
        if not 0 <= i < shape[0]:
            raise IndexError(f"index {i} is out of bounds for axis 0 with size {shape[0]}")
        fh.seek(len(raw) + i * n * dtype.itemsize)
        row = np.fromfile(fh, dtype=dtype, count=n)
    return row.reshape(shape[1:])


def read_rows(path: PathLike, lo: int, hi: int) -> Any:
    """``np.array(open_rows(path)[lo:hi])`` for ``0 <= lo <= hi``: rows ``lo`` to ``hi``
    (clipped to the array) of an ``.npy`` array, a copy, in one read; dedup's bucket
    tasks read the key rows of several kinds of every shard this way
    (``tests/io/test_read_row.py`` holds them equal)."""
    import numpy as np

    path = os.fspath(path)
    if lo < 0 or hi < lo:
        raise ValueError(f"rows {lo}:{hi}: give 0 <= lo <= hi")
    if is_url(path):  # the ranged reader (NpyRows) slices as a memory map does
        return np.array(open_rows(path)[lo:hi])
    with open(path, "rb") as fh:
        head = _local_header(fh, path)
        if head is None:
            return np.array(open_rows(path)[lo:hi])
        raw, shape, dtype = head
        lo, hi = min(lo, shape[0]), min(hi, shape[0])
        n = int(np.prod(shape[1:], dtype=np.int64))
        fh.seek(len(raw) + lo * n * dtype.itemsize)
        rows = np.fromfile(fh, dtype=dtype, count=(hi - lo) * n)
    return rows.reshape((hi - lo, *shape[1:]))


class NpyRows:
    """Rows of a C-ordered ``.npy`` array on a URL, fetched by byte range.

    Dedup's tasks read a few rows of many shards (the signatures of candidate pairs, one
    key row of every shard); locally they memory-map, on object storage downloading whole
    shards for that would move the corpus once per task. The header is read once.
    ``rows[i]``, ``rows[index_array]`` and ``rows[lo:hi]`` index like a memory-mapped array.
    """

    def __init__(self, url: str) -> None:
        import numpy as np

        self.url = url
        self.fs, self.path = fs_of(url)
        head = io.BytesIO(self.fs.cat_file(self.path, start=0, end=4096))
        version = np.lib.format.read_magic(head)
        reader = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                  else np.lib.format.read_array_header_2_0)
        self.shape, fortran, self.dtype = reader(head)
        if fortran:
            raise ValueError(f"{url}: a Fortran-ordered array has no contiguous rows")
        self.offset = head.tell()
        self.row_bytes = int(np.prod(self.shape[1:], dtype=np.int64)) * self.dtype.itemsize

    def __len__(self) -> int:
        return int(self.shape[0])

    def __getitem__(self, rows: Any) -> Any:
        import numpy as np

        if isinstance(rows, slice):  # read_rows' range (clipped as a slice clips)
            rows = np.arange(*rows.indices(len(self)), dtype=np.int64)
        rows = np.asarray(rows, dtype=np.int64)
        return self.take(rows.reshape(-1)).reshape(*rows.shape, *self.shape[1:])

    def take(self, rows: Any) -> Any:
        """The rows ``rows`` (any order, repeats allowed), one range per run of rows."""
        import numpy as np

        rows = np.asarray(rows, dtype=np.int64)
        wanted, inverse = np.unique(rows, return_inverse=True)
        out_shape = (len(wanted), *self.shape[1:])
        if not len(wanted):
            return np.empty((0, *self.shape[1:]), self.dtype)
        breaks = np.nonzero(np.diff(wanted) != 1)[0] + 1
        firsts = wanted[np.r_[0, breaks]]
        lasts = wanted[np.r_[breaks - 1, len(wanted) - 1]]
        starts = (self.offset + firsts * self.row_bytes).tolist()
        ends = (self.offset + (lasts + 1) * self.row_bytes).tolist()
        chunks = self.fs.cat_ranges([self.path] * len(starts), starts, ends, on_error="raise")
        data = np.frombuffer(b"".join(chunks), self.dtype).reshape(out_shape)
        return data[inverse.reshape(-1)]


class LocalCopies:
    """Local paths for files to memory-map: local files as they are, URL files fetched
    once into a temporary folder that :meth:`close` removes."""

    def __init__(self) -> None:
        self._dir: str | None = None
        self._copies: dict[str, str] = {}

    def path(self, path: PathLike) -> str:
        path = os.fspath(path)
        if not is_url(path):
            return path
        if path not in self._copies:
            if self._dir is None:
                self._dir = tempfile.mkdtemp(prefix="newssift-")
            local = os.path.join(self._dir, f"{len(self._copies)}-{basename(path)}")
            fs, p = fs_of(path)
            fs.get_file(p, local)
            self._copies[path] = local
        return self._copies[path]

    def close(self) -> None:
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
            self._copies.clear()

    def __enter__(self) -> LocalCopies:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
