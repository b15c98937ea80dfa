"""A Parquet part rewritten by splicing: the unchanged columns copied as their bytes.

Why: a part's rewrite (dedup's four fields and ``copy_of`` flags, the run's unique ids)
changes a few small columns, yet decoding and re-encoding the whole table spent most of
its time compressing the ``text`` column again (about 7.5% of a dedup run's
instructions). pyarrow (26) cannot copy column chunks (a C++ rewriter is proposed
upstream, apache/arrow#47628), so this module does it: the changed columns are encoded
by pyarrow alone, row group by row group like the part's own, and every other column
chunk is copied as it lies in the part (compressed pages, their headers and
statistics); then a new footer is written. The footer's schema, key-value metadata
(``ARROW:schema`` included), writer name and column orders are those pyarrow writes for
the output's schema, taken from an empty table it writes: read back, the part is the
table the decoding rewrite would write, its chunks aside (one per row group of the
part, not one per 1,000 rows).

The footer is Thrift's compact protocol (the Parquet format's ``parquet.thrift``); a
small generic codec below reads it into nested lists and writes it back, so fields this
module does not know are kept as they were. When a part holds what a copy could get
wrong (encryption, page indexes, bloom filters, sorting columns, an empty row group, a
schema that is not the one pyarrow writes for the output) :func:`splice` returns
``None`` and the caller takes the decoding path.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterable
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

try:  # the compiled codec (io/_thrift.c); the Python one below is its twin
    from newssift.io import _thrift
except ImportError:  # pragma: no cover - not built
    _thrift = None

MAGIC = b"PAR1"

# compact-protocol type ids
_TRUE, _FALSE, _BYTE, _I16, _I32, _I64, _DOUBLE, _BINARY, _LIST, _SET, _MAP, _STRUCT = \
    range(1, 13)
_INTS = (_BYTE, _I16, _I32, _I64)

#: A decoded struct: its fields in file order, each ``[field id, type, value]``; a list
#: value is ``(element type, [values])``.
Fields = list[list[Any]]


class _Reader:
    """The compact-protocol decoder. The buffer is read as ``bytes`` and each byte by index
    in place, not through a method per byte: a part's footer is thousands of small fields,
    and the calls were most of a rewrite's Python time (tests/io/test_part_rewrite_splice.py
    holds it equal to the plain per-byte reader)."""

    def __init__(self, buf: bytes | memoryview) -> None:
        self.buf = bytes(buf)
        self.pos = 0

    def byte(self) -> int:
        b = self.buf[self.pos]
        self.pos += 1
        return b

    def varint(self) -> int:
        buf, pos = self.buf, self.pos
        b = buf[pos]
        pos += 1
        out, shift = b & 0x7F, 7
        while b >= 0x80:
            b = buf[pos]
            pos += 1
            out |= (b & 0x7F) << shift
            shift += 7
        self.pos = pos
        return out

    def zigzag(self) -> int:
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def value(self, kind: int) -> Any:
        if kind in _INTS:
            if kind == _BYTE:
                b = self.buf[self.pos]
                self.pos += 1
                return b - 256 if b > 127 else b
            n = self.varint()
            return (n >> 1) ^ -(n & 1)
        if kind == _BINARY:
            n = self.varint()
            pos = self.pos
            out = self.buf[pos : pos + n]
            if len(out) != n:
                raise ValueError("thrift binary runs past the footer")
            self.pos = pos + n
            return out
        if kind == _STRUCT:
            return self.struct()
        if kind in (_LIST, _SET):
            head = self.buf[self.pos]
            self.pos += 1
            size, elem = head >> 4, head & 0x0F
            if size == 15:
                size = self.varint()
            if elem in (_TRUE, _FALSE):
                pos = self.pos
                flags = self.buf[pos : pos + size]
                if len(flags) != size:
                    raise IndexError("thrift list runs past the footer")
                self.pos = pos + size
                return elem, [b == _TRUE for b in flags]
            value = self.value
            return elem, [value(elem) for _ in range(size)]
        if kind == _DOUBLE:
            out = struct.unpack_from("<d", self.buf, self.pos)[0]
            self.pos += 8
            return out
        raise ValueError(f"thrift type {kind} not expected in a Parquet footer")

    def struct(self) -> Fields:
        fields: Fields = []
        append, value, buf = fields.append, self.value, self.buf
        last = 0
        while True:
            head = buf[self.pos]
            self.pos += 1
            if head == 0:
                return fields
            delta, kind = head >> 4, head & 0x0F
            fid = last + delta if delta else self.zigzag()
            if kind in (_TRUE, _FALSE):
                append([fid, kind, kind == _TRUE])
            else:
                append([fid, kind, value(kind)])
            last = fid


class _Writer:
    """The compact-protocol encoder (the bytes :class:`_Reader` reads back); one-byte
    varints, most of a footer's, are appended without a loop."""

    def __init__(self) -> None:
        self.out = bytearray()

    def varint(self, n: int) -> None:
        out = self.out
        if n <= 0x7F:
            out.append(n)
            return
        while n > 0x7F:
            out.append((n & 0x7F) | 0x80)
            n >>= 7
        out.append(n)

    def zigzag(self, n: int) -> None:
        self.varint((n << 1) ^ (n >> 63))

    def value(self, kind: int, v: Any) -> None:
        if kind in _INTS:
            if kind == _BYTE:
                self.out.append(v & 0xFF)
            else:
                self.varint((v << 1) ^ (v >> 63))
        elif kind == _BINARY:
            self.varint(len(v))
            self.out += v
        elif kind == _STRUCT:
            self.struct(v)
        elif kind in (_LIST, _SET):
            elem, items = v
            if len(items) < 15:
                self.out.append(len(items) << 4 | elem)
            else:
                self.out.append(0xF0 | elem)
                self.varint(len(items))
            if elem in (_TRUE, _FALSE):
                self.out += bytes(_TRUE if item else _FALSE for item in items)
            else:
                value = self.value
                for item in items:
                    value(elem, item)
        elif kind == _DOUBLE:
            self.out += struct.pack("<d", v)
        else:
            raise ValueError(f"thrift type {kind} not expected in a Parquet footer")

    def struct(self, fields: Fields) -> None:
        out, value = self.out, self.value
        last = 0
        for fid, kind, v in fields:
            boolean = kind in (_TRUE, _FALSE)
            if boolean:
                kind = _TRUE if v else _FALSE
            if 0 < fid - last <= 15:
                out.append((fid - last) << 4 | kind)
            else:
                out.append(kind)
                self.zigzag(fid)
            if not boolean:
                value(kind, v)
            last = fid
        out.append(0)


def decode_py(buf: bytes | memoryview) -> Fields:
    """:func:`decode` in Python (the compiled codec's twin)."""
    return _Reader(buf).struct()


def encode_py(fields: Fields) -> bytes:
    """:func:`encode` in Python (the compiled codec's twin)."""
    w = _Writer()
    w.struct(fields)
    return bytes(w.out)


def decode(buf: bytes | memoryview) -> Fields:
    """One compact-protocol struct (a whole Parquet footer) as nested field lists.

    Compiled (``io/_thrift.c``) where built; what it does not handle (a damaged footer,
    and anything unusual) it refuses with ValueError, and :func:`decode_py` then gives
    the result, or the error, the Python codec gives."""
    if _thrift is not None:
        try:
            return _thrift.decode(buf)
        except ValueError:
            pass
    return decode_py(buf)


def encode(fields: Fields) -> bytes:
    """The bytes of a struct :func:`decode` read (the same bytes for an unchanged one);
    compiled where built, :func:`encode_py` for what the compiled codec refuses."""
    if _thrift is not None:
        try:
            return _thrift.encode(fields)
        except ValueError:
            pass
    return encode_py(fields)


def _get(fields: Fields, fid: int, default: Any = None) -> Any:
    for f in fields:
        if f[0] == fid:
            return f[2]
    return default


def _set(fields: Fields, fid: int, value: Any) -> None:
    for f in fields:
        if f[0] == fid:
            f[2] = value
            return
    raise KeyError(fid)


def footer(data: bytes | memoryview) -> tuple[Fields, int]:
    """The decoded ``FileMetaData`` of a whole Parquet file, and where it starts."""
    if len(data) < 12 or bytes(data[:4]) != MAGIC or bytes(data[-4:]) != MAGIC:
        raise ValueError("not a plain Parquet file (no PAR1 at both ends)")
    (n,) = struct.unpack_from("<i", data, len(data) - 8)
    start = len(data) - 8 - n
    if n <= 0 or start < 4:
        raise ValueError("the footer length does not fit the file")
    return decode(memoryview(data)[start : len(data) - 8]), start


# FileMetaData / RowGroup / ColumnChunk / ColumnMetaData field ids (parquet.thrift)
_FM_VERSION, _FM_SCHEMA, _FM_ROWS, _FM_GROUPS, _FM_KV, _FM_BY, _FM_ORDERS = range(1, 8)
_RG_COLUMNS, _RG_BYTES, _RG_ROWS, _RG_SORTING, _RG_OFFSET, _RG_COMPRESSED, _RG_ORDINAL = \
    range(1, 8)
_CC_PATH, _CC_OFFSET, _CC_META = 1, 2, 3
_CM_PATH, _CM_UNCOMPRESSED, _CM_COMPRESSED = 3, 6, 7
_CM_DATA, _CM_INDEX, _CM_DICT, _CM_BLOOM = 9, 10, 11, 14


class Unspliceable(ValueError):
    """What a part holds that :func:`splice` does not copy (the caller re-encodes)."""


def _chunk(cc: Fields, size: int) -> tuple[tuple[str, ...], int, int, Fields]:
    """A column chunk's path, byte range and metadata, refused when a copy could break
    what refers into the file from outside the chunk."""
    if any(f[0] != _CC_OFFSET and f[0] != _CC_META for f in cc):
        raise Unspliceable("a column chunk with a file path, page index or encryption")
    meta = _get(cc, _CC_META)
    if meta is None or any(f[0] in (_CM_INDEX, _CM_BLOOM) for f in meta):
        raise Unspliceable("a column chunk with an index page or a bloom filter")
    path = tuple(p.decode("utf-8") for p in _get(meta, _CM_PATH)[1])
    data_at = _get(meta, _CM_DATA)
    dict_at = _get(meta, _CM_DICT)
    start = dict_at if dict_at else data_at
    length = _get(meta, _CM_COMPRESSED)
    if start is None or length is None or start < 4 or start + length > size:
        raise Unspliceable("a column chunk outside the file")
    return path, start, length, meta


def _moved(cc: Fields, meta: Fields, by: int) -> Fields:
    """``cc`` with its offsets moved ``by`` bytes (a copy; ``cc`` is left as it was)."""
    meta = [list(f) for f in meta]
    for f in meta:
        if f[0] in (_CM_DATA, _CM_DICT) and f[2]:
            f[2] += by
    out: Fields = []
    for fid, kind, v in cc:
        if fid == _CC_META:
            v = meta
        elif fid == _CC_OFFSET and v:
            v += by
        out.append([fid, kind, v])
    return out


_REFERENCE: dict[bytes, Fields] = {}


def _reference(schema: pa.Schema) -> Fields:
    """The footer pyarrow writes for ``schema`` (an empty table, the rewrite's options):
    its schema elements, key-value metadata, writer name and column orders are the
    output's. Kept per schema: a run's parts share one."""
    key = schema.serialize().to_pybytes()
    ref = _REFERENCE.get(key)
    if ref is None:
        buf = io.BytesIO()
        pq.write_table(schema.empty_table(), buf, store_schema=True, write_statistics=False)
        ref = footer(buf.getvalue())[0]
        if len(_REFERENCE) > 16:
            _REFERENCE.clear()
        _REFERENCE[key] = ref
    return ref


def splice(data: bytes | memoryview, meta: Fields, schema: pa.Schema, new: pa.Table,
           write_options: dict[str, Any]) -> list[bytes | memoryview]:
    """The pieces (to write in order) of the Parquet file ``data``, whose decoded footer is
    ``meta``, with its columns named in ``new`` replaced by ``new``'s: ``new``'s columns
    encoded by pyarrow with ``write_options`` in the part's row groups, the other
    column chunks copied. ``schema`` is the output's Arrow schema (the one stored in its
    footer). Raises :class:`Unspliceable` when the part holds what is not copied."""
    if any(f[0] > _FM_ORDERS for f in meta):
        raise Unspliceable("an encrypted part")
    groups = (_get(meta, _FM_GROUPS) or (_STRUCT, []))[1]
    rows = [_get(g, _RG_ROWS) for g in groups]
    if not groups or any(not r for r in rows) or sum(rows) != new.num_rows \
            or _get(meta, _FM_ROWS) != new.num_rows:
        raise Unspliceable("no rows, an empty row group or another row count")
    ref = _reference(schema)
    if encode([[0, _LIST, _get(ref, _FM_SCHEMA)]]) != encode([[0, _LIST, _get(meta, _FM_SCHEMA)]]):
        raise Unspliceable("the part's schema is not the one written for the output")
    changed = set(new.column_names)
    buf = io.BytesIO()
    with pq.ParquetWriter(buf, new.schema, **write_options) as w:
        at = 0
        for n in rows:
            w.write_table(new.slice(at, n), row_group_size=n)
            at += n
    fresh = buf.getvalue()
    fresh_groups = _get(footer(fresh)[0], _FM_GROUPS)[1]
    if len(fresh_groups) != len(groups):
        raise Unspliceable("pyarrow wrote other row groups")
    pieces: list[bytes | memoryview] = [MAGIC]
    at = len(MAGIC)
    view, fresh_view = memoryview(data), memoryview(fresh)
    out_groups: Fields = []
    for g, fg in zip(groups, fresh_groups, strict=True):
        if any(f[0] == _RG_SORTING for f in g):
            raise Unspliceable("a row group with sorting columns")
        fresh_chunks = {}
        for cc in _get(fg, _RG_COLUMNS)[1]:
            path, start, length, cmeta = _chunk(cc, len(fresh))
            fresh_chunks[path] = (cc, start, length, cmeta)
        columns: Fields = []
        first, compressed, uncompressed = at, 0, 0
        for cc in _get(g, _RG_COLUMNS)[1]:
            path, start, length, cmeta = _chunk(cc, len(data))
            src = view
            if path[0] in changed:
                if path not in fresh_chunks:
                    raise Unspliceable(f"column {'.'.join(path)} not in the new columns")
                cc, start, length, cmeta = fresh_chunks.pop(path)
                src = fresh_view
            pieces.append(src[start : start + length])
            columns.append(_moved(cc, cmeta, at - start))
            at += length
            compressed += length
            uncompressed += _get(cmeta, _CM_UNCOMPRESSED) or 0
        if fresh_chunks:
            raise Unspliceable("new columns the part does not have")
        group: Fields = [[_RG_COLUMNS, _LIST, (_STRUCT, columns)],
                         [_RG_BYTES, _I64, uncompressed], [_RG_ROWS, _I64, _get(g, _RG_ROWS)],
                         [_RG_OFFSET, _I64, first], [_RG_COMPRESSED, _I64, compressed],
                         [_RG_ORDINAL, _I16, len(out_groups)]]
        out_groups.append(group)
    out_meta: Fields = [[_FM_VERSION, _I32, _get(ref, _FM_VERSION)],
                        [_FM_SCHEMA, _LIST, _get(ref, _FM_SCHEMA)],
                        [_FM_ROWS, _I64, sum(rows)],
                        [_FM_GROUPS, _LIST, (_STRUCT, out_groups)]]
    out_meta += [f for f in ref if f[0] in (_FM_KV, _FM_BY, _FM_ORDERS)]
    tail = encode(out_meta)
    pieces += [tail, struct.pack("<i", len(tail)), MAGIC]
    return pieces


def write_pieces(target: Any, pieces: Iterable[bytes | memoryview]) -> None:
    """Write :func:`splice`'s pieces to a path or an open binary file."""
    if isinstance(target, str):
        with open(target, "wb") as fh:
            for p in pieces:
                fh.write(p)
    else:
        for p in pieces:
            target.write(p)
