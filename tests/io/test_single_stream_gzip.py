"""A .warc.gz written as one gzip stream (``gzip file.warc``), read as the WARC it inflates to.

Read as gzip members, such a file had nowhere to resync: a record with a wrong
Content-Length lost every record after it (the one before it was kept with the next
record's bytes, or a stray quarantine stood for the rest), and its records' offsets were
fastwarc's read-buffer positions, three records sharing one. Read through
:class:`~newssift.io.inflated.Inflated` it gives exactly what its plain WARC gives.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from bench.warc_build import http_response, warc_record
from newssift.io import inflated
from newssift.io.inflated import Inflated, one_record_per_member
from newssift.io.readers import plan, read
from newssift.record import QUARANTINE
from newssift.stage import Stats
from tests.io.helpers import dicts, page


def _pages(n: int = 6) -> list[bytes]:
    return [warc_record(http_response(page(i, 30 + i)), uri=f"u:{i}") for i in range(n)]


def _relength(record: bytes, new: bytes) -> bytes:
    return re.sub(rb"Content-Length: \d+\r\n\r\nHTTP", b"Content-Length: " + new + b"\r\n\r\nHTTP",
                  record, count=1)


def _damaged(kind: str) -> list[bytes]:
    """Six HTML responses, the third damaged as ``kind`` says."""
    recs = _pages()
    n = int(re.search(rb"Content-Length: (\d+)", recs[2]).group(1))
    if kind == "long":  # runs into the next record
        recs[2] = _relength(recs[2], b"%d" % (n + 300))
    elif kind == "very_long":  # runs past the end of the file
        recs[2] = _relength(recs[2], b"%d" % (n + 10**6))
    elif kind == "forty_mb":  # far past it: checked all the same (r49's read-through)
        recs[2] = _relength(recs[2], b"%d" % (n + 40 * 10**6))
    elif kind == "short":  # ends inside its own payload
        recs[2] = _relength(recs[2], b"%d" % (n - 300))
    elif kind == "not_a_number":
        recs[2] = _relength(recs[2], b"1x")
    elif kind == "junk":  # bytes between two records
        recs.insert(2, b"half a line of junk\r\n")
    return recs


def _triples(path: Path) -> tuple[list[tuple], dict]:
    stats = Stats()
    docs = list(read(str(path), stats=stats))
    return [(d.url, d.decision, d.source_offset, d.error) for d in docs], dict(stats.counts)


@pytest.mark.parametrize("kind", ["long", "very_long", "forty_mb", "short", "not_a_number",
                                  "junk", "none"])
def test_a_single_stream_warc_gz_reads_as_its_plain_warc(tmp_path: Path, kind: str) -> None:
    """The same documents, quarantined records, errors, offsets and counters as the plain
    WARC: the records after a bad one come out, and the bad one is one quarantined record
    that says where reading went on."""
    raw = b"".join(_damaged(kind))
    (tmp_path / "plain").mkdir()
    plain = tmp_path / "plain" / "d.warc.gz"  # the same name, so the same ids; read as
    plain.write_bytes(raw)  # what its bytes are, an uncompressed WARC
    one = tmp_path / "d.warc.gz"
    one.write_bytes(gzip.compress(raw, mtime=0))
    assert _triples(one) == _triples(plain)
    assert dicts(read(str(one))) == [{**d, "source": str(one)} for d in dicts(read(str(plain)))]


def test_a_wrong_length_in_a_single_stream_loses_no_record(tmp_path: Path) -> None:
    """On main: u:2 was kept with 300 bytes of u:3's record, u:3..u:5 had no record, and
    one quarantined record said "no gzip member starts after it"."""
    recs = _damaged("long")
    starts = [sum(len(r) for r in recs[:i]) for i in range(len(recs))]
    path = tmp_path / "long.warc.gz"
    path.write_bytes(gzip.compress(b"".join(recs), mtime=0))
    got, counts = _triples(path)
    assert [(u, dec, off) for u, dec, off, _ in got] == [
        ("u:0", None, 0), ("u:1", None, starts[1]), (None, QUARANTINE, starts[2]),
        ("u:3", None, starts[3]), ("u:4", None, starts[4]), ("u:5", None, starts[5])]
    error = got[2][3]
    assert re.fullmatch(rf"WARC record at offset {starts[2]} has a Content-Length of \d+ that "
                        rf"runs into the record at offset {starts[3]}; read on from offset "
                        rf"{starts[3]}", error)
    assert counts == {"read/docs": 5, "read/quarantined/broken_warc": 1}


def test_offsets_of_a_single_stream_are_in_its_inflated_bytes(tmp_path: Path) -> None:
    """Every record its own offset, where ``zcat`` puts it (they were read-buffer
    positions: every record after the first shared one)."""
    raw = b"".join(_pages())
    path = tmp_path / "one.warc.gz"
    path.write_bytes(gzip.compress(raw, mtime=0))
    for doc in read(str(path)):
        assert raw[doc.source_offset : doc.source_offset + 9] == b"WARC/1.1\r"
    assert len({d.source_offset for d in read(str(path))}) == 6


def test_concatenated_single_streams_are_one_unit_read_whole(tmp_path: Path) -> None:
    """Several gzipped WARCs joined (``cat a.warc.gz b.warc.gz``): members that hold many
    records each. Not cut by the planner (a unit could start inside a member's records),
    read as the WARC they inflate to."""
    recs = _pages(12)
    raw = b"".join(recs)
    half = sum(len(r) for r in recs[:6])
    path = tmp_path / "cat.warc.gz"
    path.write_bytes(gzip.compress(raw[:half], mtime=0) + gzip.compress(raw[half:], mtime=0))
    assert len(plan([str(path)], unit_bytes=500)) == 1
    assert [d.url for d in read(str(path), unit_bytes=500)] == [f"u:{i}" for i in range(12)]
    members = tmp_path / "members.warc.gz"  # one record a member: still cut, as before
    members.write_bytes(b"".join(gzip.compress(r, mtime=0) for r in recs))
    assert len(plan([str(members)], unit_bytes=500)) > 1


def test_which_files_hold_one_record_per_member(tmp_path: Path) -> None:
    recs = _pages(3)
    cases = {
        b"".join(gzip.compress(r, mtime=0) for r in recs): True,
        gzip.compress(b"".join(recs), mtime=0): False,
        b"\x1f\x8b\x08\x00" + bytes(200): True,  # cannot be inflated: the member reading says so
        # (review r49) a warcinfo and the first record in one member, then one a member
        gzip.compress(recs[0] + recs[1], mtime=0) + gzip.compress(recs[2], mtime=0): True,
        # two one-stream WARCs joined: several records in the second member too
        gzip.compress(recs[0] + recs[1], mtime=0)
        + gzip.compress(recs[2] + recs[0], mtime=0): False,
    }
    for data, expected in cases.items():
        path = tmp_path / "x.warc.gz"
        path.write_bytes(data)
        with open(path, "rb") as fh:
            assert one_record_per_member(fh) is expected


@pytest.mark.parametrize("tail", ["cut", "junk_after", "zero_padding"])
def test_a_single_stream_that_breaks_says_so_in_one_record(tmp_path: Path, tail: str) -> None:
    """The records before the break are read; what follows it is one quarantined record
    naming the break; zero padding after the stream is no break."""
    raw = b"".join(_pages())
    data = gzip.compress(raw, mtime=0)
    data = {"cut": data[:-100], "junk_after": data + b"garbage!",
            "zero_padding": data + bytes(64)}[tail]
    path = tmp_path / "b.warc.gz"
    path.write_bytes(data)
    got, _ = _triples(path)
    good = [u for u, dec, _, _ in got if dec is None]
    bad = [err for _, dec, _, err in got if dec == QUARANTINE]
    if tail == "zero_padding":
        assert good == [f"u:{i}" for i in range(6)] and bad == []
        return
    assert good == [f"u:{i}" for i in range(4 if tail == "cut" else 6)]
    (error,) = bad
    why = "the file ends inside a gzip member" if tail == "cut" else "are not gzip"
    assert why in error and error.endswith("so the rest of the file is not read")
    assert "\n" not in error


def test_a_corrupt_stream_keeps_the_records_before_the_damage(tmp_path: Path) -> None:
    """Deflate cannot resync after damage: the records before it come out, and the
    quarantined record after them names the break; nothing raises. (zlib notices this
    damage only at the stream's checksum: what it inflates to before that is garbage made
    of back-references, which here copies record u:74 whole after u:95, as on main.)"""
    raw = b"".join(warc_record(http_response(page(i, 30 + i % 50)), uri=f"u:{i}")
                   for i in range(200))
    data = bytearray(gzip.compress(raw, mtime=0))
    for k in range(len(data) // 2, len(data) // 2 + 20):
        data[k] ^= 0xFF
    path = tmp_path / "c.warc.gz"
    path.write_bytes(bytes(data))
    got, counts = _triples(path)
    assert [u for u, *_ in got[:50]] == [f"u:{i}" for i in range(50)]
    assert got[-1][1] == QUARANTINE
    assert "its gzip data breaks after" in got[-1][3]
    assert "incorrect data check" in got[-1][3]
    assert counts["read/docs"] == sum(dec is None for _, dec, _, _ in got)


def test_the_view_seeks_back_past_its_window(tmp_path: Path, monkeypatch) -> None:
    """A seek behind what the view holds inflates again from the start; two views of one
    inflation read independently; a view reading far ahead holds at most SPAN."""
    monkeypatch.setattr(inflated, "WINDOW", 1000)
    monkeypatch.setattr(inflated, "SPAN", 3000)
    monkeypatch.setattr(inflated, "_OUT_CHUNK", 700)
    raw = bytes(range(256)) * 200 + b"".join(_pages())
    path = tmp_path / "v.gz"
    path.write_bytes(gzip.compress(raw, mtime=0))
    with open(path, "rb") as fh:
        a = Inflated(fh)
        b = a.twin()
        assert a.read(10) == raw[:10]
        b.seek(40_000)
        assert b.read(50) == raw[40_000:40_050]
        assert len(a._s.buf) <= 3000 + 2 * 700 + 1000  # not everything a is behind
        assert a.read(20) == raw[10:30]  # inflated again from the start
        a.seek(len(raw) - 5)
        assert a.read(100) == raw[-5:] and a.read(1) == b""
        assert b.read(10) == raw[40_050:40_060]
        assert a.seek(0, 2) == len(raw) and a.broken is None


def test_a_one_stream_file_damaged_early_is_still_read_as_one_stream(tmp_path: Path) -> None:
    """(r49's read-through) the sniff fed 4 KiB of compressed bytes at once: damage in the
    first piece raised before the second record came out, the file was taken for one
    record a member, and every record was lost but one line. Fed in small pieces, the
    records before the damage are read."""
    raw = b"".join(_pages(200))
    data = bytearray(gzip.compress(raw, mtime=0))
    data[1500:1520] = bytes(b ^ 0xFF for b in data[1500:1520])
    path = tmp_path / "early.warc.gz"
    path.write_bytes(bytes(data))
    with open(path, "rb") as fh:
        assert one_record_per_member(fh) is False
    docs = list(read(str(path)))
    assert sum(d.decision != QUARANTINE for d in docs) > 0
    assert [d.decision for d in docs][-1] == QUARANTINE
