"""A record whose compressed payload is damaged past fastwarc's first buffer (review r49).

fastwarc inflates a record's payload as it is read; corrupt deflate data past its first
64 KiB raised an ``OSError`` from the payload read, which ended the unit there: every
later record of the unit was lost without a record, and what came out depended on how
the file was cut into units. Now that record is quarantined and reading goes on at the
next gzip member, whole or split.
"""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest

from bench.warc_build import http_response, warc_record
from newssift.io.readers import read
from newssift.record import QUARANTINE
from newssift.stage import Stats
from tests.io.helpers import page, read_split


def _damaged(path: Path, content_type: str = "text/html") -> Path:
    rng = random.Random(1)
    recs = [warc_record(http_response(page(i, 30 + i)), uri=f"u:{i}") for i in range(6)]
    words = b" ".join(b"w%d" % rng.randrange(10**6) for _ in range(200_000))
    big = http_response(b"<html><body>" + words + b"</body></html>", content_type=content_type)
    recs[2] = warc_record(big, uri="u:2big")
    members = [gzip.compress(r, mtime=0) for r in recs]
    bad = bytearray(members[2])
    cut = len(bad) * 2 // 3
    bad[cut:cut + 40] = bytes(40)
    members[2] = bytes(bad)
    path.write_bytes(b"".join(members))
    return path


@pytest.mark.parametrize("content_type", ["text/html", "image/png"])
def test_a_damaged_payload_is_one_record_and_the_rest_is_read(tmp_path: Path,
                                                             content_type: str) -> None:
    # an HTML page is read; an image is only consumed (skipped): both raised
    path = _damaged(tmp_path / "d.warc.gz", content_type)
    stats = Stats()
    docs = list(read(str(path), stats=stats))
    assert [d.url for d in docs if d.decision != QUARANTINE] == [
        "u:0", "u:1", "u:3", "u:4", "u:5"]
    bad = [d for d in docs if d.decision == QUARANTINE]
    assert len(bad) == 1 and bad[0].error.startswith("unreadable WARC record at offset ")
    assert "; read on from offset " in bad[0].error and "\n" not in bad[0].error
    assert stats.counts["read/quarantined/broken_warc"] == 1
    # the same records however the file is cut into units
    split, _, units = read_split(path, 500)
    assert units > 1
    assert [(d.url, d.source_offset) for d in split] == [
        (d.url, d.source_offset) for d in docs]


@pytest.mark.parametrize(("name", "ahead"), [("p.warc", 0), ("p.warc.gz", 1)])
def test_a_document_is_given_out_before_the_next_record_is_read_but_in_a_gzip_member_file(
    tmp_path: Path, monkeypatch, name: str, ahead: int
) -> None:
    # (review r49) the worker notes which document it holds before asking the reader for
    # it (execute/in_flight.py); a reader that parsed record i+1 before giving out
    # document i had a crash in that parse blamed on document i. Only a .warc.gz of a
    # member a record holds one back: its next member can show the length wrong.
    import fastwarc.warc

    from bench.warc_build import write_warc

    path = write_warc(tmp_path / name, [
        warc_record(http_response(page(i)), uri=f"u:{i}") for i in range(4)])
    pulled = []
    real = fastwarc.warc.ArchiveIterator

    def counting(fh, **kw):
        for rec in real(fh, **kw):
            pulled.append(1)
            yield rec

    monkeypatch.setattr(fastwarc.warc, "ArchiveIterator", counting)
    seen = []
    for i, doc in enumerate(read(str(path))):
        seen.append(doc.url)
        assert len(pulled) == min(i + 1 + ahead, 4), (name, i, len(pulled))
    assert seen == ["u:0", "u:1", "u:2", "u:3"]
