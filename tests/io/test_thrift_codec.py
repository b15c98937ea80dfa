"""The Parquet footer codec of io/part_rewrite_splice.py against the plain per-byte codec
it replaced (kept below as it was): the same nested fields read from footers pyarrow
writes (strings, bools, lists, maps, doubles, many row groups and columns, statistics,
key-value metadata), the same bytes written back, and the same errors on cut footers."""

from __future__ import annotations

import io
import struct
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newssift.io import part_rewrite_splice as S

_T, _F, _BY, _I16, _I32, _I64, _D, _BIN, _L, _SET, _MAP, _ST = range(1, 13)


class _RefReader:
    def __init__(self, buf) -> None:
        self.buf, self.pos = buf, 0

    def byte(self) -> int:
        b = self.buf[self.pos]
        self.pos += 1
        return b

    def varint(self) -> int:
        shift = out = 0
        while True:
            b = self.byte()
            out |= (b & 0x7F) << shift
            if b < 0x80:
                return out
            shift += 7

    def zigzag(self) -> int:
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def value(self, kind: int) -> Any:
        if kind in (_BY, _I16, _I32, _I64):
            if kind == _BY:
                b = self.byte()
                return b - 256 if b > 127 else b
            return self.zigzag()
        if kind == _BIN:
            n = self.varint()
            out = bytes(self.buf[self.pos : self.pos + n])
            if len(out) != n:
                raise ValueError("past")
            self.pos += n
            return out
        if kind == _ST:
            return self.struct()
        if kind in (_L, _SET):
            head = self.byte()
            size, elem = head >> 4, head & 0x0F
            if size == 15:
                size = self.varint()
            if elem in (_T, _F):
                return elem, [self.byte() == _T for _ in range(size)]
            return elem, [self.value(elem) for _ in range(size)]
        if kind == _D:
            out = struct.unpack_from("<d", self.buf, self.pos)[0]
            self.pos += 8
            return out
        raise ValueError(kind)

    def struct(self) -> list:
        fields, last = [], 0
        while True:
            head = self.byte()
            if head == 0:
                return fields
            delta, kind = head >> 4, head & 0x0F
            fid = last + delta if delta else self.zigzag()
            fields.append([fid, kind, kind == _T] if kind in (_T, _F)
                          else [fid, kind, self.value(kind)])
            last = fid


def _footers() -> list[bytes]:
    out = []
    tables = [
        pa.table({"s": ["a", None, "ü" * 300], "b": [True, False, None], "d": [0.5, -1e300, 2.0],
                  "i": [1, -(2**62), 7], "l": [[1, 2], [], None]}),
        pa.table({f"c{k}": list(range(k, k + 50)) for k in range(40)}),
        pa.table({"m": pa.array([[("k", 1)], [], None], pa.map_(pa.string(), pa.int64()))}),
    ]
    for t in tables:
        for kwargs in ({}, {"row_group_size": 7}, {"write_statistics": False}):
            buf = io.BytesIO()
            pq.write_table(t.replace_schema_metadata({"k": "v" * 40}), buf, **kwargs)
            data = buf.getvalue()
            n = struct.unpack("<I", data[-8:-4])[0]
            out.append(data[len(data) - 8 - n : len(data) - 8])
    return out


def test_the_codec_reads_and_writes_what_the_plain_codec_does() -> None:
    for footer in _footers():
        want = _RefReader(memoryview(footer)).struct()
        got = S.decode(memoryview(footer))
        assert got == want
        assert [type(f[2]) for f in got] == [type(f[2]) for f in want]
        assert S.encode(got) == footer


def test_a_cut_footer_fails_as_before() -> None:
    footer = _footers()[0]
    for cut in range(0, len(footer), 7):
        part = memoryview(footer[:cut])
        try:
            want: Any = _RefReader(part).struct()
        except Exception as exc:  # the kind of error is what part_rewrite catches
            want = type(exc)
        try:
            got: Any = S.decode(part)
        except Exception as exc:
            got = type(exc)
        assert got == want or (isinstance(got, type) and isinstance(want, type)
                               and {got, want} <= {IndexError, ValueError, struct.error}), cut


def test_large_varints_and_lists_round_trip() -> None:
    fields = [[1, _I64, -(2**63)], [2, _I64, 2**63 - 1], [3, _L, (_T, [True, False] * 20)],
              [40, _BIN, b"x" * 1000], [41, _L, (_I32, list(range(-500, 500)))],
              [200, _D, 1.5], [201, _ST, [[1, _F, False], [2, _T, True]]]]
    data = S.encode(fields)
    assert S.decode(data) == fields == _RefReader(data).struct()


@pytest.mark.parametrize("kind", [_SET])
def test_sets_read_like_lists(kind: int) -> None:
    data = S.encode([[1, kind, (_I32, [1, 2, 3])]])
    assert S.decode(data) == _RefReader(data).struct()
