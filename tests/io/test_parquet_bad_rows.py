"""A Parquet row that cannot be read costs that row only; every row is measured against the
record limit, whatever Arrow type holds its text.

Review r37 found that one ``string`` value holding bytes that are not UTF-8 made the whole
file one quarantined record (pyarrow's ``to_pylist`` raises for the batch and the reader
stopped there), and that dictionary-encoded and ``string_view`` text escaped
``--max-record-mb``.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newssift.io.options import ReadOptions
from newssift.io.readers import read
from newssift.record import QUARANTINE
from newssift.stage import Stats
from tests.io.helpers import dicts

STORY = "The harbour authority said on Monday that the ferry line would start in spring."


def _texts(n: int) -> list[bytes]:
    return [f"{STORY} Row {i}.".encode() for i in range(n)]


def _strings(values: list[bytes], kind: str) -> pa.Array:
    """``values`` (UTF-8 checked by no one) as a string column of Arrow type ``kind``."""
    arr = pa.array(values, pa.binary()).view(pa.string())
    if kind == "dictionary":
        return pa.DictionaryArray.from_arrays(pa.array(range(len(values)), pa.int32()), arr)
    if kind == "string_view":
        return pa.array(values, pa.binary_view()).view(pa.string_view())
    if kind == "large_string":
        return pa.array(values, pa.large_binary()).view(pa.large_string())
    return arr


def _write(path: Path, ids: list[bytes], texts: list[bytes], kind: str = "string") -> Path:
    pq.write_table(pa.table({"id": _strings(ids, "string"), "text": _strings(texts, kind)}),
                   path, row_group_size=300)
    return path


@pytest.mark.parametrize("kind", ["string", "large_string", "dictionary", "string_view"])
def test_one_row_not_utf8_is_quarantined_alone(tmp_path: Path, kind: str) -> None:
    n = 600
    ids = [f"r{i}".encode() for i in range(n)]
    texts = _texts(n)
    (tmp_path / "good").mkdir()
    (tmp_path / "bad").mkdir()
    good = list(read(str(_write(tmp_path / "good" / "t.parquet", ids, texts, kind))))
    texts[3] = b"bad \xff utf8 " + texts[3]
    stats = Stats()
    docs = list(read(str(_write(tmp_path / "bad" / "t.parquet", ids, texts, kind)), stats=stats))
    assert [d.source_offset for d in docs] == list(range(n))
    bad = docs[3]
    assert (bad.id, bad.decision, bad.reason) == ("r3", QUARANTINE, "read_error")
    assert bad.error.startswith("Parquet row 3: column 'text' cannot be read: UnicodeDecodeError")
    assert "\n" not in bad.error
    same = [{**d, "source": "t.parquet"} for d in dicts(docs[:3] + docs[4:])]
    assert same == [{**d, "source": "t.parquet"} for d in dicts(good[:3] + good[4:])]
    assert stats.counts == {"read/docs": n - 1, "read/quarantined/unreadable_value": 1}


def test_an_unreadable_id_gives_the_row_a_location_id(tmp_path: Path) -> None:
    n = 10
    ids = [f"r{i}".encode() for i in range(n)]
    ids[7] = b"r\xfe7"
    docs = list(read(str(_write(tmp_path / "t.parquet", ids, _texts(n)))))
    assert [d.decision for d in docs] == [None] * 7 + [QUARANTINE] + [None] * 2
    assert len(docs[7].id) == 16 and "column 'id'" in docs[7].error
    assert [d.id for d in docs[8:]] == ["r8", "r9"]


def test_bad_rows_in_several_batches_and_row_groups(tmp_path: Path) -> None:
    """Row numbers (offsets) stay the file's across batches (256 rows) and row groups."""
    n = 700
    texts = _texts(n)
    for i in (0, 255, 256, 299, 300, 699):
        texts[i] = b"\xc3" + texts[i]
    docs = list(read(str(_write(tmp_path / "t.parquet", [f"r{i}".encode() for i in range(n)],
                                texts))))
    assert [d.source_offset for d in docs] == list(range(n))
    assert [d.source_offset for d in docs if d.decision == QUARANTINE] == [
        0, 255, 256, 299, 300, 699]
    assert all(d.text == f"{STORY} Row {d.source_offset}." for d in docs if d.decision is None)


def test_a_row_over_the_limit_is_measured_before_it_is_decoded(tmp_path: Path) -> None:
    texts = _texts(3)
    texts[1] = b"\xff" * 2000
    docs = list(read(str(_write(tmp_path / "t.parquet", [b"a", b"b", b"c"], texts)),
                     options=ReadOptions(max_record_bytes=1000)))
    assert [d.decision for d in docs] == [None, QUARANTINE, None]
    assert "over the limit of 1000 bytes" in docs[1].error


@pytest.mark.parametrize("kind", ["string", "large_string", "dictionary", "string_view"])
def test_the_record_limit_holds_for_every_text_type(tmp_path: Path, kind: str) -> None:
    """``--max-record-mb`` measured only ``string`` and ``large_string``: the same row
    stored dictionary-encoded or as ``string_view`` went on into the stages."""
    texts = [b"Short story.", "\u00e9".encode() * 600, b"Another story.", b""]
    stats = Stats()
    docs = list(read(str(_write(tmp_path / "t.parquet", [b"a", b"b", b"c", b"d"], texts, kind)),
                     options=ReadOptions(max_record_bytes=1000), stats=stats))
    assert [d.decision for d in docs] == [None, QUARANTINE, None, None]
    assert "row 1 is 1200 bytes, over the limit of 1000 bytes" in docs[1].error
    assert stats.counts["read/quarantined/too_large"] == 1


def test_html_and_text_sizes_add_up_across_types(tmp_path: Path) -> None:
    html = pa.array(["<p>x</p>" * 70, None, "<p>y</p>"]).dictionary_encode()
    text = pa.array(["t" * 500, "u" * 999, None], pa.string_view())
    pq.write_table(pa.table({"id": ["a", "b", "c"], "html": html, "text": text}),
                   tmp_path / "t.parquet")
    docs = list(read(str(tmp_path / "t.parquet"), options=ReadOptions(max_record_bytes=1000)))
    assert [d.decision for d in docs] == [QUARANTINE, None, None]  # 560 + 500 bytes
    assert "row 0 is 1060 bytes" in docs[0].error


def test_byte_lengths_of_sliced_and_null_values() -> None:
    """The lengths read off views and dictionaries are those of the values, on slices
    (an offset into the buffers) and with nulls counted as 0."""
    from newssift.io.parquet_reader import _byte_lengths

    values = ["", "ab", None, "\u00e9" * 20, "x" * 13, None, "long enough to be out of line"]
    want = [len((v or "").encode()) for v in values]
    for kind in (pa.string(), pa.large_string(), pa.string_view()):
        arr = pa.array(values, kind)
        for column in (arr, arr.dictionary_encode()):
            assert _byte_lengths(column).to_pylist() == want
            assert _byte_lengths(column.slice(2, 4)).to_pylist() == want[2:6]
    assert _byte_lengths(pa.array([b"ab"], pa.binary())) is None
    assert _byte_lengths(pa.array([1, 2])) is None
