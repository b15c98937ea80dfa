"""Local paths and fsspec URLs behind one small set of file functions.

Why: inputs and the output folder may live in object storage (``s3://``, ``gs://``), but
local disk is the common case and the fast one (fastwarc on a local file, memory-mapped
dedup signatures, atomic renames). So a path with a ``scheme://`` goes through fsspec and
anything else keeps the plain ``open``/``os`` calls it always used. Callers pass strings,
never filesystem objects: a :class:`~newssift.io.units.WorkUnit` carries the URL and a
worker re-creates the filesystem from it (fsspec caches the instances).

Object stores have no atomic rename. :class:`PendingFile` therefore writes a local file
under a temporary name and renames it into place, and a URL straight to its final name:
that is safe because a unit's files count only once its completion marker exists, and a
unit redone after a crash first removes what the earlier attempt left (see
:mod:`newssift.execute.worker`). Format-aware helpers (Parquet, ``.npy``) are in
:mod:`newssift.io.arrays`.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import posixpath
import re
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO

from newssift.errors import InputError, NewssiftError, StorageError

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
#: Extras that bring the fsspec implementation of a protocol (``pip install newssift[x]``).
_EXTRAS = {"s3": "s3", "s3a": "s3", "gs": "gcs", "gcs": "gcs"}

PathLike = str | os.PathLike


def is_url(path: PathLike) -> bool:
    """Whether ``path`` names a location through fsspec (it starts with ``scheme://``)."""
    return isinstance(path, str) and _SCHEME.match(path) is not None


def filesystem(url: str, error: type[NewssiftError] = InputError) -> tuple[Any, str]:
    """The fsspec filesystem of ``url`` and the path within it.

    An unknown protocol or a missing implementation (``s3fs``, ``gcsfs``) raises ``error``
    with one line that says what to install, instead of fsspec's ImportError.
    """
    from fsspec.core import url_to_fs

    try:
        return url_to_fs(url)
    except (ImportError, ValueError) as exc:
        m = _SCHEME.match(url)
        scheme = m.group(1).lower() if m else url
        raise error(_protocol_message(url, scheme, exc)) from None


def check_protocol(path: PathLike, error: type[NewssiftError]) -> None:
    """For a URL, raise ``error`` now if fsspec does not know its protocol or lacks the
    library for it (see :func:`filesystem`); a local path needs no check."""
    path = os.fspath(path)
    if is_url(path):
        filesystem(path, error)


def describe(exc: BaseException) -> str:
    """An fsspec backend's error as one line: its type (they raise their own, e.g. for
    missing credentials) and the first line of its message."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__


def _protocol_message(url: str, scheme: str, exc: Exception) -> str:
    from fsspec.registry import known_implementations

    known = known_implementations.get(scheme)
    if known is None:
        return f"{scheme}:// is not a storage protocol fsspec knows ({exc})"
    if not isinstance(exc, ImportError):
        return f"{url}: {describe(exc)}"
    package = known["class"].split(".", 1)[0]
    if package == "fsspec":  # built into fsspec, missing a library of its own
        return f"{scheme}:// needs more libraries: {known.get('err') or exc}"
    extra = _EXTRAS.get(scheme)
    how = f"pip install 'newssift[{extra}]'" if extra else f"pip install {package}"
    return f"{scheme}:// needs {package}: {how}"


def fs_of(path: str) -> tuple[Any, str]:
    """:func:`filesystem` for URLs already checked (planned inputs, a prepared output)."""
    return filesystem(path, NewssiftError)


def recorded(path: PathLike) -> str:
    """How a path is written into the output (document ``source``, unit ids, stats inputs).

    A ``file://`` URL names a local file, so it is recorded as that local path: a run
    reads and writes the same bytes whichever way a local file was spelled. A local name
    is recorded as its bytes read as UTF-8 (:func:`utf8_name`), whatever the locale. A
    name whose bytes are not UTF-8 (Python carries them as lone surrogates) is written
    with those bytes escaped (``b\\xff.html``): output files hold UTF-8 only, and the
    escaped name still tells which file it was.
    """
    path = spelled(path)
    return printable(path if is_url(path) else utf8_name(path))


def utf8_name(name: str) -> str:
    """A local file name as its bytes read as UTF-8 (a byte that is not UTF-8 kept as a
    lone surrogate, as Python keeps one), so what a run records of a name, and the ids
    hashed from it, do not depend on the locale's encoding.

    Why: under ``LC_ALL=en_US.ISO-8859-1`` Python decodes the bytes of ``İzmir.html`` as
    Latin-1 (``Ä°zmir.html``), and the record's id and ``source`` differed from a UTF-8
    locale's. Under a UTF-8 locale this returns ``name`` itself. A name with a character
    the locale cannot encode never came from the file system, and is returned as given."""
    if name.isascii():
        return name
    try:
        raw = os.fsencode(name)
    except UnicodeEncodeError:
        return name
    return raw.decode("utf-8", "surrogateescape")


def spelled(path: PathLike) -> str:
    """The path as the file system spells it: a ``file://`` URL as its local path, any
    other path or URL as given (undecodable bytes kept, for opening and comparing)."""
    path = os.fspath(path)
    return fs_of(path)[1] if path.startswith("file://") else path


def printable(text: str) -> str:
    """``text`` with any lone surrogate written as a ``\\xNN`` escape of the byte it stands
    for (``surrogateescape``, how Python carries an undecodable byte of a file name), or as
    ``\\udNNN`` when it stands for none; other text unchanged."""
    if text.isascii():
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no undecodable byte makes
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def join(base: PathLike, *names: str) -> str:
    """``base/name/...``; a URL is joined with ``/`` whatever the local separator."""
    base = os.fspath(base)
    if is_url(base):
        return "/".join([base.rstrip("/"), *names])
    return os.path.join(base, *names)


def basename(path: PathLike) -> str:
    path = os.fspath(path)
    return path.rstrip("/").rsplit("/", 1)[-1] if is_url(path) else Path(path).name


def relative(path: str, root: str) -> str:
    """``path`` relative to the folder ``root``, with ``/`` separators."""
    if is_url(path):
        return posixpath.relpath(fs_of(path)[1], fs_of(root)[1])
    return utf8_name(os.path.relpath(path, root).replace(os.sep, "/"))


def open_read(path: PathLike) -> BinaryIO:
    """A seekable binary file: the builtin one for local paths."""
    path = os.fspath(path)
    if is_url(path):
        fs, p = fs_of(path)
        return fs.open(p, "rb")
    return open(path, "rb")


def require_regular(path: PathLike) -> int | None:
    """Raise ``OSError`` unless local ``path`` is a regular file (through links); its size
    (None for a URL, not asked), so a caller that needs it does not stat it again. For
    files found in a folder: opening a named pipe waits for a writer forever, and a device
    or socket holds no document. (A pipe given to a one-page command is read as given.)"""
    path = os.fspath(path)
    if is_url(path):
        return None
    st = os.stat(path)
    mode = st.st_mode
    if not stat.S_ISREG(mode):
        what = ("a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
                else "a folder" if stat.S_ISDIR(mode) else "a device")
        raise OSError(errno.EINVAL, f"not a regular file ({what})", path)
    return st.st_size


def native_name(path: str) -> bool:
    """Whether a library that opens files itself (pyarrow, fastwarc) can be given the local
    ``path``: they take a name as UTF-8, so only a name whose bytes on the file system
    (``os.fsencode``) are its UTF-8 spelling. A name the file system could not decode
    (Python carries its bytes as lone surrogates) has no UTF-8 spelling (pyarrow raised
    ``UnicodeEncodeError``), and under a locale that is not UTF-8 a non-ASCII name's bytes
    are another encoding's (pyarrow opened ``haber-Å\\x9f.parquet``, which is not there).
    Such a file is opened by Python (``open`` gives the file system the name's own bytes)
    and handed over as a file object."""
    if path.isascii():
        return True
    try:
        return os.fsencode(path) == path.encode("utf-8")
    except UnicodeEncodeError:
        return False


def native_source(path: PathLike, stack: contextlib.ExitStack) -> str | BinaryIO:
    """What to hand a library that opens files itself (fastwarc, pyarrow): a local path
    as is, so it keeps its native I/O; a URL as an fsspec file, and a local name not
    spelled in UTF-8 (:func:`native_name`) as a Python file, closed with ``stack``."""
    path = os.fspath(path)
    if is_url(path) or not native_name(path):
        return stack.enter_context(open_read(path))
    return path


def read_bytes(path: PathLike) -> bytes:
    with open_read(path) as fh:
        return fh.read()


def read_head(path: PathLike, n: int) -> bytes:
    """The first ``n`` bytes: on a URL one ranged read, not a file opened with readahead."""
    path = os.fspath(path)
    if is_url(path):
        fs, p = fs_of(path)
        return fs.cat_file(p, start=0, end=n)
    with open(path, "rb") as fh:
        return fh.read(n)


def read_many(paths: list[str]) -> dict[str, bytes]:
    """The bytes of every file of ``paths`` that exists. URLs of one filesystem are
    fetched concurrently by fsspec, so thousands of small files (completion markers)
    cost one round of requests, not one after the other."""
    out: dict[str, bytes] = {}
    by_fs: dict[int, tuple[Any, dict[str, str]]] = {}
    for path in paths:
        if is_url(path):
            fs, p = fs_of(path)
            by_fs.setdefault(id(fs), (fs, {}))[1][p] = path
        else:
            with contextlib.suppress(FileNotFoundError):
                out[path] = read_bytes(path)
    for fs, urls in by_fs.values():
        got = fs.cat(list(urls), on_error="omit")
        out.update({urls[p]: data for p, data in got.items() if p in urls})
    return out


def read_text(path: PathLike) -> str:
    return read_bytes(path).decode("utf-8")


def _ask(path: PathLike, method: str, local: Callable[[str], Any]) -> Any:
    """``fs.<method>(path)`` for a URL, ``local(path)`` for a local path."""
    path = os.fspath(path)
    if is_url(path):
        fs, p = fs_of(path)
        return getattr(fs, method)(p)
    return local(path)


def exists(path: PathLike) -> bool:
    return _ask(path, "exists", os.path.exists)


def isdir(path: PathLike) -> bool:
    return _ask(path, "isdir", os.path.isdir)


def isfile(path: PathLike) -> bool:
    return _ask(path, "isfile", os.path.isfile)


def size(path: PathLike) -> int:
    return int(_ask(path, "size", os.path.getsize))


def listdir(folder: PathLike) -> list[str]:
    """Names in ``folder``, sorted; none when it does not exist."""
    folder = os.fspath(folder)
    try:
        if is_url(folder):
            fs, p = fs_of(folder)
            if not fs.isdir(p):
                return []
            names = [posixpath.basename(e.rstrip("/")) for e in fs.ls(p, detail=False)]
        else:
            names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(n for n in names if n)


def makedirs(folder: PathLike) -> None:
    folder = os.fspath(folder)
    if is_url(folder):
        fs, p = fs_of(folder)
        fs.makedirs(p, exist_ok=True)
    else:
        os.makedirs(folder, exist_ok=True)


def rmtree(folder: PathLike) -> None:
    """Remove a folder and everything in it; nothing happens if it does not exist."""
    folder = os.fspath(folder)
    if is_url(folder):
        fs, p = fs_of(folder)
        with contextlib.suppress(FileNotFoundError):
            if fs.exists(p):
                fs.rm(p, recursive=True)
    else:
        shutil.rmtree(folder, ignore_errors=True)


def remove(path: PathLike) -> None:
    """Remove one file; nothing happens if it does not exist."""
    path = os.fspath(path)
    with contextlib.suppress(FileNotFoundError):
        if is_url(path):
            fs, p = fs_of(path)
            fs.rm_file(p)
        else:
            os.remove(path)


class PendingFile:
    """A file that appears under its final name on :meth:`commit` (see the module doc).

    ``target`` is where to write: a temporary path for a local file (so writers that
    take a path, like pyarrow's, keep their native file I/O), an open binary file for a
    URL. ``suffix`` names the temporary file (``np.save`` insists on ``.npy``).
    """

    def __init__(self, path: PathLike, suffix: str = ".tmp") -> None:
        self.path = os.fspath(path)
        self.target: str | BinaryIO
        #: the temporary name of a local file opened here (one not :func:`native_name`)
        self._opened: str | None = None
        if is_url(self.path):
            fs, p = fs_of(self.path)
            self.target = fs.open(p, "wb")
        elif native_name(self.path + suffix):
            self.target = self.path + suffix
        else:  # a writer that takes a path would fail on the name: give it a file
            self._opened = self.path + suffix
            self.target = open(self._opened, "wb")  # noqa: SIM115 - closed by commit/abort

    def open_text(self) -> IO[str]:
        """The target as a UTF-8 text file writing ``\\n`` line ends."""
        if isinstance(self.target, str):
            return open(self.target, "w", encoding="utf-8")
        return io.TextIOWrapper(self.target, encoding="utf-8", newline="\n")

    def commit(self) -> None:
        if isinstance(self.target, str):
            os.replace(self.target, self.path)
            return
        if not self.target.closed:
            self.target.close()
        if self._opened is not None:
            os.replace(self._opened, self.path)

    def abort(self) -> None:
        """Close a local file opened here without committing it (after a failed write); the
        temporary file is left, as one written by path is (the unit's redo removes it)."""
        if self._opened is not None and not self.target.closed:
            with contextlib.suppress(OSError):
                self.target.close()


@contextlib.contextmanager
def writing(path: PathLike, suffix: str = ".tmp") -> Iterator[str | BinaryIO]:
    """Write one file in a ``with`` block: ``target`` as in :class:`PendingFile`."""
    pending = PendingFile(path, suffix)
    yield pending.target
    pending.commit()


def write_bytes(path: PathLike, data: bytes) -> None:
    """Write a whole file; locally through a temporary name and a rename."""
    with writing(path) as target:
        if isinstance(target, str):
            Path(target).write_bytes(data)
        else:
            target.write(data)


def write_text(path: PathLike, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


#: errno values that mean "this storage cannot take the write", not a bug.
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS, errno.EIO,
                 errno.EFBIG}
_WRITE_MESSAGES = ("No space left", "Disk quota", "Permission denied", "Read-only file system",
                   "File too large")


def storage_failure(exc: BaseException, out: PathLike) -> StorageError | None:
    """The one-line :class:`~newssift.errors.StorageError` for a failed write into
    ``out`` (a full disk, a permission, a read-only mount), or None for other errors.
    pyarrow reports some of these as ``OSError`` without an errno: the message says."""
    if not isinstance(exc, OSError):
        return None
    text = str(exc)
    if exc.errno not in _WRITE_ERRNOS and not any(m in text for m in _WRITE_MESSAGES):
        return None
    what = exc.strerror or next((m for m in _WRITE_MESSAGES if m in text), text.splitlines()[0])
    where = f" ({exc.filename})" if exc.filename else ""
    return StorageError(
        f"cannot write to {os.fspath(out)}: {what}{where}; the units finished so far are "
        "kept: fix this and rerun the same command with --resume"
    )


@contextlib.contextmanager
def write_errors(out: PathLike) -> Iterator[None]:
    """Turn a full disk, a refused permission or a read-only mount met while writing
    ``out`` into one :class:`~newssift.errors.StorageError` line (exit code 3)."""
    try:
        yield
    except OSError as exc:
        err = storage_failure(exc, out)
        if err is None:
            raise
        raise err from None
