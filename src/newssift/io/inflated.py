"""A WARC gzipped as one stream, read as the plain WARC it inflates to.

Crawlers write a ``.warc.gz`` as one gzip member per record, so a record starts at a
file offset and a damaged record is skipped by finding the next member. ``gzip
file.warc`` (and tools that compress a finished WARC) writes one member for the whole
file: no record starts at a file offset, fastwarc's record positions inside it are
positions of its read buffer (every record after the first shared one offset), and after a
record with a wrong Content-Length there was no member to read on from, so every record
after it was lost. Such a file is read instead through :class:`Inflated`, a seekable view
of its inflated bytes: its records sit at offsets of the inflated bytes (as in ``zcat
file.warc.gz``, as a gzipped JSON Lines file's lines do) and everything the plain-WARC
reading does (the Content-Length check, resyncing at the next ``WARC/1.x`` line, the
cut-off tail) applies unchanged. :func:`one_record_per_member` tells the two kinds of
file apart from the first member, and the second where the first holds two records.
"""

from __future__ import annotations

import os
import re
import zlib
from typing import BinaryIO

from newssift.io.kinds import GZIP_MAGIC

_IN_CHUNK = 1 << 16
_OUT_CHUNK = 1 << 20
#: Inflated bytes kept behind the furthest point read, so the short seeks back that
#: reading makes (a record's header, the tail after the last record, a resync after a
#: failure) cost nothing; a seek further back inflates the file again from its start.
WINDOW = 8 << 20
#: At most this much is held behind the view that reads, whatever the other view needs.
SPAN = 64 << 20
#: How far into the first member :func:`one_record_per_member` looks for a second record.
_SNIFF_LIMIT = 64 << 20
#: A first member of several records is read to its end, to look at the second, up to
#: this many inflated bytes (a warcinfo and a first response; a one-stream file's one
#: member goes on for ever).
_SNIFF_MEMBER = 4 << 20
#: Compressed bytes fed at a time while sniffing: damage further on in the member raises
#: only once its piece is reached, so it does not hide a second record before it (a
#: crawl's warcinfo and first request are small: at 4 KiB damage in the first piece hid
#: the second record, and a one-stream file was read member by member: r49's read-through).
_SNIFF_PIECE = 256
#: A record's end and the next record's first line, inside one member.
_NEXT_RECORD = re.compile(rb"\r\n\r\nWARC/\d\.\d+\r?\n")
_PAD = b"\x00 \t\r\n"
#: Compressed bytes per step when inflating up to a damaged spot, byte-exact enough.
_SALVAGE_PIECE = 256


def one_record_per_member(fh: BinaryIO) -> bool:
    """Whether the gzip file ``fh`` is written one record per member (what crawlers
    write, and what a file offset can point into): False when its first member holds the
    start of a second record and so does the second member, or there is none (one
    stream, or several gzipped WARCs concatenated). A first member that cannot be
    inflated, or that holds one record, says True: the member reading, as before,
    quarantines what it cannot read. So does a first member of two records (a warcinfo
    and the first response written together; up to :data:`_SNIFF_MEMBER` inflated, a
    longer one is taken for one stream) followed by members of one record each (review
    r49: such a file was read as one stream, one unit, its offsets moved)."""
    fh.seek(0)
    several, rest = _several_records(fh, b"")
    if not several:
        return True
    if rest is None or rest.lstrip(_PAD)[:2] != GZIP_MAGIC:
        return False  # one member, or what follows it is not a member
    second, _ = _several_records(fh, rest.lstrip(_PAD))
    return not second


def _several_records(fh: BinaryIO, pending: bytes) -> tuple[bool, bytes | None]:
    """Whether the gzip member starting at ``pending`` (then ``fh``'s next bytes) holds
    the start of a second record, and the bytes after it once it ends (None when it
    does not end within the sniff's bounds, or cannot be inflated)."""
    d = zlib.decompressobj(wbits=31)
    tail, seen, several = b"", 0, False
    try:
        while not d.eof and seen < _SNIFF_LIMIT:
            src = d.unconsumed_tail or pending or fh.read(_SNIFF_PIECE)
            pending = b""
            if not src:
                break
            out = d.decompress(src, _OUT_CHUNK)
            seen += len(out)
            window = tail + out
            if _NEXT_RECORD.search(window) is not None:
                several = True
                if seen > _SNIFF_MEMBER:  # a long member: one stream, not a pair
                    return True, None
            tail = window[-32:]
    except zlib.error:
        return several, None
    return several, (d.unused_data + fh.read(_SNIFF_PIECE) if d.eof else None)


class _Stream:
    """The inflation of one gzip file, shared by the :class:`Inflated` views reading it
    (the reader's and its probe's), so the file is inflated once, not once a view."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.views: list[Inflated] = []
        self.broken: str | None = None  # kept over a restart: the data breaks there again
        self.restart()

    def restart(self) -> None:
        self.raw.seek(0)
        self.d: zlib._Decompress | None = zlib.decompressobj(wbits=31)
        self.pending = b""  # raw bytes read but not yet given to the decompressor
        self.in_pos = 0  # the file offset of pending's first byte
        self.done = False
        self.buf = bytearray()  # inflated bytes from offset base on
        self.base = 0

    @property
    def end(self) -> int:
        return self.base + len(self.buf)

    def stop(self, why: str) -> None:
        self.done = True
        self.broken = (f"its gzip data breaks after {self.end} inflated bytes ({why}), so "
                       f"the rest of the file is not read")

    def next_member(self) -> bool:
        """At a member's end: start the next one; False at the end of the file."""
        while len(self.pending) < 2:
            more = self.raw.read(_IN_CHUNK)
            if not more:
                break
            self.pending += more
        if self.pending[:2] == GZIP_MAGIC:
            self.d = zlib.decompressobj(wbits=31)
            return True
        while not self.pending.strip(_PAD):  # zero or blank padding ends a file cleanly
            self.in_pos += len(self.pending)
            self.pending = self.raw.read(_IN_CHUNK)
            if not self.pending:
                self.done = True
                return False
        at = self.in_pos + len(self.pending) - len(self.pending.lstrip(_PAD))
        self.stop(f"the bytes at file offset {at} are not gzip")
        return False

    def inflate(self) -> bytes:
        """The next inflated bytes; empty at the end (or where the data breaks)."""
        while not self.done:
            if self.d is None and not self.next_member():
                return b""
            assert self.d is not None
            if not self.pending:
                self.pending = self.raw.read(_IN_CHUNK)
                if not self.pending:
                    self.stop(f"the file ends inside a gzip member, at byte {self.in_pos}")
                    return b""
            saved = self.d.copy()
            try:
                out = self.d.decompress(self.pending, _OUT_CHUNK)
            except zlib.error as exc:  # keep what inflates before the damage, then stop
                self.d = saved
                out = self.salvage()
                if out:
                    return out
                self.stop(f"corrupt gzip data after file offset {self.in_pos}: {exc}")
                return b""
            rest = self.d.unused_data if self.d.eof else self.d.unconsumed_tail
            self.in_pos += len(self.pending) - len(rest)
            self.pending = rest
            if self.d.eof:
                self.d = None
            if out:
                return out
        return b""

    def salvage(self) -> bytes:
        """What ``pending`` inflates to before the error that one call over all of it
        raised (that call returns nothing): fed in small pieces, the pieces before the
        damaged one still give their bytes, so the records before it are read."""
        assert self.d is not None
        got = bytearray()
        while self.pending and not self.d.eof:
            piece = self.pending[:_SALVAGE_PIECE]
            try:
                out = self.d.decompress(piece, _OUT_CHUNK)
            except zlib.error:
                break
            used = len(piece) - len(self.d.unconsumed_tail)
            if self.d.eof:
                used -= len(self.d.unused_data)
            got += out
            self.in_pos += used
            self.pending = self.pending[used:]
            if not out and not used:
                break
        if self.d.eof:
            self.d = None
        return bytes(got)

    def fill(self, upto: int, reader: int) -> None:
        """Inflate until offset ``upto`` is held (or the data ends). What every view has
        passed by more than :data:`WINDOW` is dropped, and anything more than
        :data:`SPAN` behind ``reader`` (the position of the view asking), so a view
        reading far ahead (a Content-Length of a gigabyte) does not hold the file."""
        while self.end < upto:
            out = self.inflate()
            if not out:
                return
            self.buf += out
            keep = max(min(v.pos for v in self.views) - WINDOW, reader - SPAN)
            drop = min(keep, self.end) - self.base
            if drop > WINDOW:  # in bulk: moving the window costs one copy per WINDOW
                del self.buf[:drop]
                self.base += drop


class Inflated:
    """Read-only, seekable view of the inflated bytes of a gzip file (members one after
    another, as ``zcat`` gives them); all fastwarc and the WARC checks need of a file.
    :meth:`twin` gives a second view of the same inflation.

    Where the gzip data cannot be inflated (corrupt, cut off, bytes after a member that
    are not gzip) the view ends, and :attr:`broken` says where and why in one line, so
    the reader quarantines the rest with that reason rather than raise."""

    def __init__(self, raw: BinaryIO | None = None, stream: _Stream | None = None) -> None:
        if stream is None:
            assert raw is not None
            stream = _Stream(raw)
        self._s = stream
        self.pos = 0
        stream.views.append(self)

    def twin(self) -> Inflated:
        return Inflated(stream=self._s)

    @property
    def broken(self) -> str | None:
        return self._s.broken

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_CUR:
            offset += self.pos
        elif whence == os.SEEK_END:  # inflates the whole file: not for every record
            self._s.fill(1 << 62, self.pos)
            offset += self._s.end
        if offset < 0:
            raise ValueError("negative seek position")
        if offset < self._s.base:
            self._s.restart()
        self.pos = offset
        return offset

    def tell(self) -> int:
        return self.pos

    def would_drop_others(self, upto: int) -> bool:
        """Whether reading this view up to ``upto`` drops inflated bytes another view has
        yet to read (more than :data:`SPAN` behind it): that view's next read would then
        inflate the file again from its start."""
        return any(upto - SPAN > v.pos for v in self._s.views if v is not self)

    def read(self, n: int = -1) -> bytes:
        s = self._s
        end = 1 << 62 if n is None or n < 0 else self.pos + n
        s.fill(end, self.pos)
        if self.pos < s.base:  # dropped while filling (this view read past SPAN)
            s.restart()
            s.fill(end, self.pos)
        start = self.pos - s.base
        if start >= len(s.buf):
            return b""
        with memoryview(s.buf) as view:
            data = bytes(view[start : end - s.base])
        self.pos += len(data)
        return data

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True
