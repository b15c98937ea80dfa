"""The compiled footer codec (io/_thrift.c) against its Python twin in
io/part_rewrite_splice.py: the same nested fields and bytes on footers pyarrow writes, and
through ``decode``/``encode`` the same result or the same error on anything else (damaged
bytes, odd values: the compiled codec refuses them and the twin decides)."""

from __future__ import annotations

import io
import random
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newssift.io import part_rewrite_splice as S

_thrift = pytest.importorskip("newssift.io._thrift")

_T, _F, _BY, _I16, _I32, _I64, _D, _BIN, _L, _SET, _MAP, _ST = range(1, 13)


def _footer_bytes(table: pa.Table, **kwargs: Any) -> bytes:
    buf = io.BytesIO()
    pq.write_table(table, buf, **kwargs)
    data = buf.getvalue()
    start = S.footer(data)[1]
    return data[start : len(data) - 8]


def _footers() -> list[bytes]:
    tables = [
        pa.table({"s": ["a", None, "ü" * 300], "b": [True, False, None], "d": [0.5, -1e300, 2.0],
                  "i": [1, -(2**62), 7], "l": [[1, 2], [], None]}),
        pa.table({f"c{k}": list(range(k, k + 50)) for k in range(40)}),
        pa.table({"m": pa.array([[("k", 1)], [], None], pa.map_(pa.string(), pa.int64()))}),
    ]
    return [_footer_bytes(t.replace_schema_metadata({"k": "v" * 40}), **kw)
            for t in tables for kw in ({}, {"row_group_size": 7}, {"write_statistics": False})]


def _outcome(fn, arg) -> Any:
    try:
        return ("ok", fn(arg))
    except Exception as exc:
        return ("error", type(exc))


def test_compiled_decode_and_encode_equal_the_twins_on_footers() -> None:
    for footer in _footers():
        want = S.decode_py(footer)
        got = _thrift.decode(footer)
        assert got == want
        assert repr(got) == repr(want)  # the same types all the way down (bools, tuples)
        assert _thrift.encode(got) == S.encode_py(want) == footer


def test_damaged_footers_decode_as_the_twin_decodes() -> None:
    rng = random.Random(17)
    for footer in _footers()[:4]:
        cases = [footer[:cut] for cut in range(0, len(footer), 5)]
        for _ in range(300):
            b = bytearray(footer)
            for _ in range(rng.randint(1, 4)):
                b[rng.randrange(len(b))] = rng.randrange(256)
            cases.append(bytes(b))
        for data in cases:
            want = _outcome(S.decode_py, data)
            got = _outcome(S.decode, memoryview(data))
            assert repr(got) == repr(want)
            native = _outcome(_thrift.decode, data)  # refuses (ValueError) or agrees
            assert native == ("error", ValueError) or repr(native) == repr(want)


def test_odd_values_encode_as_the_twin_encodes() -> None:
    cases: list[Any] = [
        [[1, _I64, -(2**63)], [2, _I64, 2**63 - 1], [3, _L, (_T, [True, False] * 20)],
         [40, _BIN, b"x" * 1000], [41, _L, (_I32, list(range(-500, 500)))],
         [200, _D, 1.5], [201, _ST, [[1, _F, False], [2, _T, True]]]],
        [[1, _D, 3]],                      # an int as a double: struct.pack takes it
        [[1, _BIN, bytearray(b"ab")]],     # another bytes-like
        [(1, _I32, 5)],                    # a tuple field
        [[1, _I32, 2**70]],                # past 64 bits
        [[1, _I32, 1.5]],                  # not an int
        [[1, _MAP, 1]],                    # a type the footer never holds
        [[1, 16, 1]],
        [[-5, _I32, 1], [-5, _I32, 2], [1000, _BY, -1], [3, _BY, 300]],
        [[1, _L, (16, [])]],
        [[1, _L, [_I32, [1]]]],           # a list value as a list
        [[1, _L, (_BIN, (b"a", b"b"))]],  # items in a tuple
        [[1, _T, 0], [2, _F, "yes"], [3, _L, (_F, [0, 1, None])]],
        [[1, _ST, [[1, _ST, [[1, _ST, []]]]]]],
    ]
    for fields in cases:
        want = _outcome(S.encode_py, fields)
        got = _outcome(S.encode, fields)
        assert got == want, fields
        native = _outcome(_thrift.encode, fields)
        assert native == ("error", ValueError) or native == want, fields


def test_deep_nesting_falls_back_to_the_twin() -> None:
    fields: list = []
    for _ in range(100):
        fields = [[1, _ST, fields]]
    data = S.encode_py(fields)
    assert S.encode(fields) == data
    assert S.decode(data) == S.decode_py(data) == fields
