"""Property: for any file and any unit size, the units' documents are the whole file's."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.warc_build import http_response, warc_record, write_warc
from newssift.io.readers import read
from tests.io.helpers import dicts, read_split

_line = st.one_of(
    st.builds(lambda t: json.dumps({"text": t}), st.text(min_size=0, max_size=40)),
    st.sampled_from(["", "{oops", "[1]", '{"title": "no body"}', "   "]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(_line, min_size=0, max_size=25),
    newline=st.sampled_from(["\n", "\r\n"]),
    trailing=st.booleans(),
    unit_bytes=st.integers(min_value=1, max_value=400),
)
def test_jsonl_split_property(lines: list[str], newline: str, trailing: bool, unit_bytes: int):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.jsonl"
        path.write_text(newline.join(lines) + (newline if trailing else ""), newline="")
        whole = list(read(str(path)))
        docs, _, _ = read_split(path, unit_bytes)
        assert dicts(docs) == dicts(whole)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sizes=st.lists(st.integers(min_value=0, max_value=3000), min_size=1, max_size=12),
    gz=st.booleans(),
    cut=st.integers(min_value=0, max_value=200),
    unit_bytes=st.integers(min_value=1, max_value=8000),
)
def test_warc_split_property(sizes: list[int], gz: bool, cut: int, unit_bytes: int):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("p.warc.gz" if gz else "p.warc")
        recs = [
            warc_record(http_response(b"<p>" + b"n" * n + b"</p>"), uri=f"u:{i}")
            for i, n in enumerate(sizes)
        ]
        write_warc(path, recs)
        if cut:  # damage the end of the file
            path.write_bytes(path.read_bytes()[:-cut])
        whole = list(read(str(path)))
        docs, _, _ = read_split(path, unit_bytes)
        assert dicts(docs) == dicts(whole)
