"""Inputs to work units: expand files and folders, recognise each file, cut big files.

A unit is smaller than a file so that one 2 GB WARC next to a hundred small files does not
leave one core working alone (see :mod:`newssift.io.units`). Cutting must be cheap and
exact: uncompressed JSON Lines are cut at fixed byte offsets (the reader of a range takes
the lines that *start* in it, so no scan is needed); WARC files are cut at record offsets
found by a header-only pre-scan with fastwarc, or, for ``.warc.gz`` where every record
is its own gzip member, by seeking to each cut and syncing on the next member; Parquet
files are cut at row groups; small HTML and text files are batched. Everything is
sorted, so the same inputs and unit size always give the same plan, unit ids included.

The unit size is chosen from the inputs unless the caller sets one (``unit_bytes=0``,
the default: :func:`auto_unit_bytes`): about :data:`TARGET_UNITS` units per run, each
between :data:`MIN_UNIT_BYTES` and :data:`MAX_UNIT_BYTES`. A fixed 32 MB made a 35 MB
WARC of 602 news pages two units of 572 and 30 records, so one of two workers did 95% of
the work; with 64 units a worker's idle tail is at most one small unit. The size depends
only on the inputs (never on the worker count), so the plan, and the output, stay the
same whatever the number of workers.
"""

from __future__ import annotations

import contextlib
import json
import os
import posixpath
import stat
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import BinaryIO

from newssift.errors import InputError
from newssift.io import storage
from newssift.io.inflated import one_record_per_member
from newssift.io.kinds import (
    GZIP_MAGIC,
    HTML,
    JSONL,
    OTHER,
    PARQUET,
    TEXT,
    WARC,
    FileKind,
    detect,
)
from newssift.io.options import ReadOptions
from newssift.io.run_folder import KEPT, RUN_STATE, STATE, STATS
from newssift.io.units import WorkUnit
from newssift.stage import Stats

#: Kinds whose files are batched many to a unit (one document, or one record, per file).
_BATCHED = (HTML, TEXT, OTHER)

#: Units a run's plan aims at when the unit size is automatic: enough that N workers
#: (N up to ~16) end within one small unit of each other, few enough that the per-unit
#: cost (part files, a completion marker, one dedup task per part) stays negligible.
TARGET_UNITS = 64
#: Automatic units are never smaller than this (about 15-50 news pages of WARC), ...
MIN_UNIT_BYTES = 1 << 20
#: ... nor larger than this (a 2 GB crawl file is 64 units of 32 MB).
MAX_UNIT_BYTES = 32 << 20
#: Automatic batches of small files hold at least this many files.
MIN_UNIT_FILES = 16


def auto_unit_bytes(total_bytes: int) -> int:
    """The unit size for inputs of ``total_bytes``: ``total / TARGET_UNITS``, clamped to
    ``[MIN_UNIT_BYTES, MAX_UNIT_BYTES]``."""
    return min(MAX_UNIT_BYTES, max(MIN_UNIT_BYTES, total_bytes // TARGET_UNITS))


def auto_unit_files(batched_files: int, unit_files: int) -> int:
    """Files per batch when the unit size is automatic: enough batches for
    :data:`TARGET_UNITS` units, at least :data:`MIN_UNIT_FILES` files each, at most
    ``unit_files``."""
    return min(unit_files, max(MIN_UNIT_FILES, -(-batched_files // TARGET_UNITS)))


@dataclass(frozen=True, slots=True)
class InputFile:
    path: str
    root: str  # the folder the path is relative to (its input folder, or its parent)
    kind: str
    compressed: bool
    size: int


#: The counter of the files left unread in the run folders an input folder holds.
SKIPPED_RUN = "plan/skipped_files/run_output"


def holds_run(folder: str) -> str | None:
    """The file that shows ``folder`` (a path or URL) holds a newssift run's output: its
    ``_state/run.json``, or a ``stats.json`` in newssift's shape (it names the
    ``newssift_version``); None for any other folder.

    Why: a run folder read as input gave its parts' records a second time and made its
    ``sites.parquet``, ``clusters.parquet`` and ``_state`` files quarantined records (42
    of them for the review's 6 inputs). A ``stats.json`` of another program is data."""
    state = storage.join(folder, STATE, RUN_STATE)
    stats = storage.join(folder, STATS)
    try:
        if storage.isfile(state):
            return state
        if not storage.isfile(stats) or storage.size(stats) > _MAX_STATS_BYTES:
            return None
        data = json.loads(storage.read_bytes(stats))
    except (OSError, ValueError):  # unreadable, not JSON: not a run's (its reader says why)
        return None
    return stats if isinstance(data, dict) and "newssift_version" in data else None


#: A stats.json past this is not a run's (a run of 10^6 inputs writes about 100 MB).
_MAX_STATS_BYTES = 256 << 20


def _files_under(folder: str) -> int:
    """How many files (hidden ones too) ``folder`` holds, its subfolders' included."""
    return sum(len(names) for _, _, names in os.walk(folder))


def _walk(folder: str, exclude: frozenset[str] = frozenset(),
          stats: Stats | None = None) -> Iterator[str]:
    """Files under ``folder``, recursively, sorted by path; hidden names (counted under
    ``plan/skipped_files/hidden``) and the folders in ``exclude`` (real paths: the run's
    own output) skipped. Links to folders are walked like folders (a linked file is read,
    so a linked folder is too); a folder reached twice (a loop, two links to one place) is
    walked once, by the same path in every run, and a link up to a folder that holds the
    input is a loop too (it would walk the input's surroundings).

    A folder inside that cannot be listed (no read or search permission) is yielded in
    its place, so its reader quarantines it with the reason: skipping it lost every file
    in it without a word. The input folder itself unlisted raises :class:`InputError`,
    as an unreadable named file does.

    A folder inside that holds a newssift run (:func:`holds_run`) is not walked: its
    files are counted under :data:`SKIPPED_RUN`, which the run's summary line shows."""
    found = []
    top = os.path.realpath(folder)
    walked = {top}
    unlisted: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(folder, onerror=unlisted.append,
                                                followlinks=True):
        if (dirpath != folder and (STATE in dirnames or STATS in filenames)
                and holds_run(dirpath)):
            if stats is not None:
                stats.inc(SKIPPED_RUN, _files_under(dirpath))
            dirnames[:] = []
            continue
        hidden = sum(1 for n in (*dirnames, *filenames) if n.startswith("."))
        if hidden and stats is not None:
            stats.inc("plan/skipped_files/hidden", hidden)
        keep = []
        for d in sorted(dirnames):  # sorted, so the same one of two links is walked
            real = os.path.realpath(os.path.join(dirpath, d))
            if (not d.startswith(".") and real not in exclude and real not in walked
                    and not top.startswith(real.rstrip(os.sep) + os.sep)):  # a loop upwards
                walked.add(real)
                keep.append(d)
        dirnames[:] = keep
        rel_dir = os.path.relpath(dirpath, folder)
        parts = () if rel_dir == os.curdir else tuple(rel_dir.split(os.sep))
        found += [((*parts, n), os.path.join(dirpath, n)) for n in filenames if n[:1] != "."]
    for err in unlisted:
        path = err.filename if isinstance(err.filename, str) else folder
        if path == folder:
            raise InputError(f"cannot list input {storage.printable(folder)}: "
                             f"{err.strerror or err}")
        # os.walk yields nothing of a folder whose listing failed, even part way
        found.append((tuple(os.path.relpath(path, folder).split(os.sep)), path))
    found.sort()  # by path components, so "a/b" sorts with "a", before "a-c"
    yield from (path for _, path in found)


def expand_inputs(
    inputs: Iterable[str], stats: Stats | None = None, exclude: Iterable[str] = ()
) -> list[InputFile]:
    """Every input file, in a deterministic order (see the module docstring).

    An explicitly named input that is missing or unrecognised raises :class:`InputError`;
    a file inside a folder that no reader takes, or that cannot be read, comes as kind
    ``other`` (its reader quarantines it with the reason). Folders in ``exclude`` (the
    run's own output, when it lies inside an input folder) are not walked.
    """
    stats = stats if stats is not None else Stats()
    skip = frozenset(os.path.realpath(os.fspath(e)) for e in exclude
                     if not storage.is_url(os.fspath(e)))
    files: list[InputFile] = []
    seen: set[str] = set()

    def add(path: str, root: str, fk: FileKind, size: int | None = None) -> None:
        name = storage.recorded(path)
        key = name if storage.is_url(name) else os.path.realpath(storage.spelled(path))
        if key in seen:
            return
        seen.add(key)
        assert fk.kind is not None
        if size is None:
            try:
                size = storage.size(path)
            except OSError:  # a dangling link: its reader says so
                size = 0
        files.append(InputFile(path, root, fk.kind, fk.compressed, size))

    for inp in inputs:
        inp = os.fspath(inp)
        if storage.is_url(inp):
            for path, root, fk, size in _expand_url(inp, stats):
                add(path, root, fk, size)
        elif os.path.isdir(inp):
            if os.path.realpath(inp) in skip:
                raise InputError(f"input {inp} is the run's own output folder")
            _refuse_run(inp)
            for path, fk, size in _recognised(((p, None) for p in _walk(inp, skip, stats)),
                                              stats):
                add(path, inp, fk, size)
        elif _is_file(inp):
            try:
                fk = detect(inp, trust_content=True)
            except OSError as exc:
                raise InputError(f"cannot read input {inp}: {exc.strerror or exc}") from None
            if fk.kind is None:
                raise _unrecognised(inp)
            add(inp, os.path.dirname(inp), fk)
        elif os.path.exists(inp):
            raise InputError(f"input is not a regular file or folder: {inp}")
        else:
            raise InputError(f"input not found: {inp}")
    return files


def _refuse_run(inp: str) -> None:
    """Raise :class:`InputError` when the folder named as an input holds a newssift run.
    Refused, not skipped as inside a folder: a run that skipped its one named input would
    read nothing and say only "0 documents"; the records of a run are read again by naming
    its ``kept/`` folder, which the message says."""
    mark = holds_run(inp)
    if mark is not None:
        shown = storage.printable(inp)
        raise InputError(f"input {shown} is the output of a newssift run (it holds "
                         f"{storage.printable(mark)}): give that run's inputs, or "
                         f"{storage.printable(storage.join(inp, KEPT))} to read its records")


def _is_file(inp: str) -> bool:
    """Whether ``inp`` is a regular file (through links); False when it does not exist.
    Raises :class:`InputError` when it cannot be looked at (a folder on its way without
    search permission): ``os.path.isfile`` says False then, and the input was reported
    "not found" though it is there."""
    try:
        return stat.S_ISREG(os.stat(inp).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as exc:
        raise InputError(f"cannot read input {inp}: {exc.strerror or exc}") from None


def _unrecognised(inp: str) -> InputError:
    return InputError(f"unrecognised input {inp}: expected WARC, HTML, JSONL, Parquet or .txt")


def _expand_url(inp: str, stats: Stats) -> Iterator[tuple[str, str, FileKind, int | None]]:
    """(path, root, kind, size if known) of the files an input URL names: a file, a folder
    (walked as :func:`_walk` walks local ones) or a glob pattern (each match as if named)."""
    fs, path = storage.filesystem(inp, InputError)
    try:
        if any(c in path for c in "*?["):
            matches = sorted(fs.glob(path))
            if not matches:
                raise InputError(f"no input matches {inp}")
            for match in matches:
                yield from _expand_url(fs.unstrip_protocol(match), stats)
        elif fs.isdir(path):
            _refuse_run(inp)
            yield from _walk_url(fs, path, inp, stats)
        elif fs.isfile(path):
            fk = detect(inp, trust_content=True)
            if fk.kind is None:
                raise _unrecognised(inp)
            yield inp, fs.unstrip_protocol(posixpath.dirname(path)), fk, None
        else:
            raise InputError(f"input not found: {inp}")
    except InputError:
        raise
    except Exception as exc:  # fsspec backends raise their own types (credentials, HTTP)
        raise InputError(f"cannot read input {inp}: {storage.describe(exc)}") from None


def _walk_url(
    fs, folder: str, root: str, stats: Stats
) -> Iterator[tuple[str, str, FileKind, int | None]]:
    """Files under a folder URL, sorted by path components; hidden names skipped. Sizes
    come with the listing, so a file costs one request (its first bytes), not two.

    A folder inside whose listing fails is yielded in its place, as the local walk does,
    as its URL with a ``/`` at the end (:data:`UNLISTED_MARK`), kind ``other``: its
    reader quarantines it with the reason. fsspec's walk leaves such a folder out without
    a word, so every page in it was lost (:func:`_list_url`)."""
    found = []
    hidden: set[tuple[str, ...]] = set()  # the hidden names, counted as the local walk does
    listed, unlisted = _list_url(fs, folder, root)
    runs = _url_runs(fs, folder, listed)
    in_runs = 0
    entries = [(path, info.get("size"), False) for path, info in listed.items()]
    entries += [(path, 0, True) for path in unlisted]  # no size to ask for (r49's read-through)
    for path, size, failed in entries:
        parts = tuple(posixpath.relpath(path, folder).split("/"))
        if any(parts[:n] in runs for n in range(1, len(parts))):
            in_runs += not failed  # (a folder in a run's output is not read either)
            continue
        first = next((i for i, p in enumerate(parts) if p.startswith(".")), None)
        if first is None:
            url = fs.unstrip_protocol(path)
            found.append((parts, url + UNLISTED_MARK if failed else url, size))
        else:
            hidden.add(parts[: first + 1])
    if hidden:
        stats.inc("plan/skipped_files/hidden", len(hidden))
    if in_runs:
        stats.inc(SKIPPED_RUN, in_runs)
    for url, fk, size in _recognised(((u, s) for _, u, s in sorted(found)), stats):
        yield url, root, fk, size


#: How the planner marks, at the end of its URL, a folder inside an input folder URL
#: whose listing failed (the reader needs to tell it from a file it cannot open).
UNLISTED_MARK = "/"


def _list_url(fs, folder: str, root: str) -> tuple[dict[str, dict], list[str]]:
    """The files under the folder path ``folder`` (path -> info, as ``fs.find`` gives
    them) and the folders inside whose listing failed.

    fsspec's own find (and every backend that keeps it) walks folder by folder and leaves
    out a folder whose listing raises, so it is walked here, one listing a folder as
    fsspec would, with each failure kept. A backend with its own find (one flat listing,
    as s3fs's) is asked that first; when it raises, the tree is walked folder by folder
    to find which folder fails and read the rest. The input folder itself unlisted is an
    :class:`InputError`, as a local one is."""
    from fsspec.asyn import AsyncFileSystem
    from fsspec.spec import AbstractFileSystem

    cls = type(fs)
    own_find = (cls._find is not AsyncFileSystem._find if isinstance(fs, AsyncFileSystem)
                else cls.find is not AbstractFileSystem.find)
    if own_find:
        try:
            return fs.find(folder, detail=True), []
        except Exception:  # any backend error: the walk below finds which folder fails
            pass
    files: dict[str, dict] = {}
    unlisted: list[str] = []
    todo = [folder]
    while todo:
        path = todo.pop()
        try:
            listing = fs.ls(path, detail=True)
        except Exception as exc:  # fsspec backends raise their own types
            if path == folder:
                raise InputError(f"cannot list input {storage.printable(root)}: "
                                 f"{list_error(exc)}") from None
            unlisted.append(path)
            continue
        for info in listing:  # as fsspec's walk sorts a listing into folders and files
            name = info["name"].rstrip("/")
            if info["type"] == "directory" and name != path:
                todo.append(name)
            else:
                files[info["name"]] = info
    return files, unlisted


def list_error(exc: BaseException) -> str:
    """Why a folder could not be listed, in one line: an OS error's own words
    (``Permission denied``, as for a local folder), a backend's type and message."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return storage.describe(exc)


def _url_runs(fs, folder: str, listed: dict) -> set[tuple[str, ...]]:
    """The folders under a folder URL that hold a newssift run (:func:`holds_run`), as
    path components; only folders listed with a ``_state/run.json`` or a ``stats.json``
    are asked (one request each)."""
    candidates = set()
    for path in listed:
        parts = tuple(posixpath.relpath(path, folder).split("/"))
        if parts[-2:] == (STATE, RUN_STATE) and len(parts) > 2:
            candidates.add(parts[:-2])
        elif parts[-1] == STATS and len(parts) > 1:
            candidates.add(parts[:-1])
    return {c for c in candidates
            if holds_run(fs.unstrip_protocol(posixpath.join(folder, *c)))}


def _recognised(
    found: Iterable[tuple[str, int | None]], stats: Stats
) -> Iterator[tuple[str, FileKind, int | None]]:
    """The files found in a folder with their kind; those no reader takes, or that
    cannot be read, as kind ``other`` (quarantined by their reader, never skipped), and
    so a folder URL that could not be listed (:data:`UNLISTED_MARK`), never opened."""
    for path, size in found:
        if storage.is_url(path) and path.endswith(UNLISTED_MARK):
            yield path, FileKind(OTHER), size
            continue
        try:
            checked = storage.require_regular(path)  # a named pipe would block the run here
            size = checked if size is None else size  # one stat a file, not two
            fk = detect(path, trust_content=False)
        except OSError:
            fk = FileKind(OTHER)
        if fk.kind is None:
            fk = FileKind(OTHER, fk.compressed)
        yield path, fk, size


def warc_record_offsets(path: str, unit_bytes: int) -> list[int]:
    """Offsets of records at which to start new units, about ``unit_bytes`` apart.

    A record-per-member ``.warc.gz`` (what crawlers write) is cut without reading it
    through: see :func:`gzip_member_cuts`. An uncompressed WARC gets a header-only pass
    with fastwarc (payloads skipped). A broken or truncated file just ends the scan: the
    last unit then runs to the end of the file and its reader quarantines what it cannot
    read. A file compressed as one gzip stream cannot be cut and gets no offsets, nor
    do several single-stream files concatenated (their first two members each hold more
    than one record: :func:`~newssift.io.inflated.one_record_per_member`): its one unit is
    read as the WARC it inflates to (:mod:`newssift.io.inflated`).
    """
    if storage.read_head(path, 2) == GZIP_MAGIC:
        with storage.open_read(path) as fh:
            if not one_record_per_member(fh):
                return []
        return gzip_member_cuts(path, unit_bytes)
    from fastwarc.warc import ArchiveIterator

    cuts: list[int] = []
    last = 0
    with contextlib.ExitStack() as stack:
        source = storage.native_source(path, stack)
        try:
            for rec in ArchiveIterator(source, parse_http=False):
                pos = rec.stream_pos
                if pos - last >= unit_bytes:
                    cuts.append(pos)
                    last = pos
        except (OSError, ValueError):
            pass
    return cuts


#: How far past a target offset to look for the next record's gzip member.
_SYNC_WINDOW = 64 << 20
_SYNC_CHUNK = 256 << 10


def is_warc_member(fh: BinaryIO, pos: int) -> bool:
    """Whether a gzip member that inflates to a WARC record header starts at ``pos``."""
    fh.seek(pos)
    data = fh.read(1 << 16)
    try:
        head = zlib.decompressobj(wbits=31).decompress(data, 16)
    except zlib.error:
        return False
    return head.startswith(b"WARC/")


def next_warc_member(fh: BinaryIO, pos: int, limit: int) -> int | None:
    """The first offset at or after ``pos`` where a gzip member inflating to a WARC header
    starts, scanning chunks that start before ``limit``; None if there is none. Shared by
    the planner's cuts and the reader, which resyncs here after a corrupt member."""
    while pos < limit:
        fh.seek(pos)
        chunk = fh.read(_SYNC_CHUNK + 2)
        if len(chunk) < 3:
            break
        i = chunk.find(b"\x1f\x8b\x08")
        while i >= 0:
            if is_warc_member(fh, pos + i):
                return pos + i
            i = chunk.find(b"\x1f\x8b\x08", i + 1)
        pos += _SYNC_CHUNK
    return None


def gzip_member_cuts(path: str, unit_bytes: int) -> list[int]:
    """Record-member starts about ``unit_bytes`` apart in a ``.warc.gz``, found by seeking.

    Crawlers write one gzip member per record, so a unit can start at any member. Rather
    than inflating the whole file to find them (as long as reading it), jump to each
    target offset and scan forward for the gzip magic; a candidate counts only if it
    inflates to a ``WARC/`` header, which compressed noise practically never does. Reading
    a few kilobytes per cut makes planning a 2 GB crawl file instant. A file compressed as
    one stream has no member after the first and yields no cuts.
    """
    size = storage.size(path)
    cuts: list[int] = []
    with storage.open_read(path) as fh:
        target = unit_bytes
        while target < size:
            found = next_warc_member(fh, target, min(size, target + _SYNC_WINDOW))
            if found is None:
                break
            cuts.append(found)
            target = found + unit_bytes
    return cuts


def _ranges(size: int, cuts: list[int]) -> list[tuple[int, int, int]]:
    """(start, end, size) for cut points; the last range ends at -1 (end of file)."""
    bounds = [0, *cuts]
    out = []
    for i, start in enumerate(bounds):
        end = bounds[i + 1] if i + 1 < len(bounds) else -1
        out.append((start, end, (end if end >= 0 else size) - start))
    return out


def _parquet_groups(path: str, unit_bytes: int) -> list[tuple[int, int, int]]:
    """(first row group, end row group, bytes) ranges of about ``unit_bytes``."""
    import pyarrow.parquet as pq

    try:
        with contextlib.ExitStack() as stack:
            meta = pq.ParquetFile(storage.native_source(path, stack)).metadata
    except Exception:  # a broken file is one unit; its reader quarantines it
        return [(0, -1, storage.size(path))]
    out: list[tuple[int, int, int]] = []
    start, acc = 0, 0
    for i in range(meta.num_row_groups):
        rg = meta.row_group(i)
        acc += sum(rg.column(j).total_compressed_size for j in range(rg.num_columns))
        if acc >= unit_bytes and i + 1 < meta.num_row_groups:
            out.append((start, i + 1, acc))
            start, acc = i + 1, 0
    out.append((start, -1, acc))
    return out


def plan(
    inputs: Iterable[str] | str,
    options: ReadOptions | None = None,
    *,
    unit_bytes: int | None = None,
    stats: Stats | None = None,
    exclude: Iterable[str] = (),
) -> list[WorkUnit]:
    """Work units covering every document of ``inputs``, in a deterministic order.

    ``unit_bytes`` overrides ``options.unit_bytes``; 0 (the default) chooses it from the
    inputs' total size (:func:`auto_unit_bytes`). Hidden files skipped inside
    folders are counted in ``stats`` under ``plan/skipped_files/hidden``; ``exclude``
    names folders not to walk (the run's own output).
    """
    if isinstance(inputs, str | os.PathLike):
        inputs = [os.fspath(inputs)]
    opts = options or ReadOptions()
    if unit_bytes is not None:
        opts = replace(opts, unit_bytes=unit_bytes)
    files = expand_inputs(inputs, stats, exclude)
    unit_files = opts.unit_files
    if opts.unit_bytes > 0:
        ub = opts.unit_bytes
    else:
        ub = auto_unit_bytes(sum(f.size for f in files))
        unit_files = auto_unit_files(sum(f.kind in _BATCHED for f in files), unit_files)
    specs: list[tuple[str, tuple[str, ...], int, int, int, str]] = []
    batch: list[InputFile] = []

    def flush() -> None:
        if batch:
            specs.append(
                (
                    batch[0].kind,
                    tuple(f.path for f in batch),
                    0,
                    -1,
                    sum(f.size for f in batch),
                    batch[0].root,
                )
            )
            batch.clear()

    for f in files:
        if f.kind not in _BATCHED:
            flush()  # units follow path order: a batch ends where another file comes
        if f.kind in _BATCHED:
            if batch and (batch[0].kind != f.kind or batch[0].root != f.root):
                flush()
            batch.append(f)
            if len(batch) >= unit_files or sum(b.size for b in batch) >= ub:
                flush()
            continue
        if f.kind == WARC and f.size > ub:
            ranges = _ranges(f.size, warc_record_offsets(f.path, ub))
        elif f.kind == JSONL and not f.compressed and f.size > ub:
            ranges = _ranges(f.size, list(range(ub, f.size, ub)))
        elif f.kind == PARQUET:
            ranges = _parquet_groups(f.path, ub)
        else:
            ranges = [(0, -1, f.size)]
        for start, end, size in ranges:
            specs.append((f.kind, (f.path,), start, end, size, f.root))
    flush()
    return [
        WorkUnit(index=i, kind=k, paths=p, start=s, end=e, size=z, root=r)
        for i, (k, p, s, e, z, r) in enumerate(specs)
    ]
