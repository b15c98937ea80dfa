"""WARC reading: what becomes a document, what is skipped (by reason), what is quarantined."""

from __future__ import annotations

import gzip
import itertools
import os
import re
from pathlib import Path

import pytest

from bench.warc_build import http_response, warc_record, write_warc
from newssift.io.readers import plan, read, read_unit
from newssift.record import QUARANTINE
from newssift.stage import Stats
from tests.io.helpers import dicts, make_warc, news_records, page, read_split


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_reads_html_responses_and_counts_the_rest(tmp_path: Path, name: str) -> None:
    path = make_warc(tmp_path / name, n=10)
    stats = Stats()
    docs = list(read(str(path), stats=stats))
    assert [d.url for d in docs] == [f"https://harbour.example/news/{i}" for i in range(10)]
    assert all(re.fullmatch(r"[0-9a-f]{16}", d.id) for d in docs)
    assert len({d.id for d in docs}) == 10
    assert docs[3].fetch_date == "2021-05-04T08:00:00Z"
    assert "Ferry line 3 returns" in (docs[3].html or "")
    assert docs[0].source == str(path)
    offsets = [d.source_offset for d in docs]
    assert offsets == sorted(offsets) and offsets[0] > 0  # after the warcinfo record
    assert stats.counts == {
        "read/docs": 10,
        "read/skipped/record_warcinfo": 1,
        "read/skipped/record_request": 10,
        "read/skipped/non_html": 2,
    }


def test_record_offset_points_at_the_record(tmp_path: Path) -> None:
    path = make_warc(tmp_path / "c.warc", n=4)
    data = path.read_bytes()
    for doc in read(str(path)):
        assert data[doc.source_offset : doc.source_offset + 9] == b"WARC/1.1\r"


def test_ids_do_not_depend_on_path_or_split(tmp_path: Path) -> None:
    a = make_warc(tmp_path / "a.warc.gz", n=6)
    (tmp_path / "sub").mkdir()
    b = make_warc(tmp_path / "sub" / "b.warc.gz", n=6)
    assert [d.id for d in read(str(a))] == [d.id for d in read(str(b))]  # from WARC-Record-ID


def test_skips_error_statuses_and_reads_resource_records(tmp_path: Path) -> None:
    path = write_warc(
        tmp_path / "m.warc",
        [
            warc_record(http_response(b"<html>gone</html>", status="404 Not Found"), uri="u:1"),
            warc_record(http_response(b"", status="301 Moved"), uri="u:2"),
            warc_record(page(1), uri="u:3", record_type="resource", content_type="text/html"),
            warc_record(b"a,b\n", uri="u:4", record_type="resource", content_type="text/csv"),
            warc_record(http_response(page(2), content_type=""), uri="u:5"),  # sniffed
        ],
    )
    stats = Stats()
    docs = list(read(str(path), stats=stats))
    assert [d.url for d in docs] == ["u:3", "u:5"]
    assert stats.counts["read/skipped/http_status"] == 2
    assert stats.counts["read/skipped/non_html"] == 1


def test_undoes_chunked_and_gzip_http_encodings(tmp_path: Path) -> None:
    body = gzip.compress(page(7), mtime=0)
    chunked = (
        b"".join(
            b"%x\r\n" % len(body[i : i + 50]) + body[i : i + 50] + b"\r\n"
            for i in range(0, len(body), 50)
        )
        + b"0\r\n\r\n"
    )
    block = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Encoding: gzip\r\n\r\n" + chunked
    )
    path = write_warc(tmp_path / "e.warc", [warc_record(block, uri="u:7")])
    (doc,) = read(str(path))
    assert "Ferry line 7 returns" in (doc.html or "")


def test_charset_from_http_header(tmp_path: Path) -> None:
    body = "<html><body><p>Größere Fähren für Köln</p></body></html>".encode("cp1252")
    path = write_warc(
        tmp_path / "cs.warc",
        [warc_record(http_response(body, "text/html; charset=ISO-8859-1"), uri="u:de")],
    )
    (doc,) = read(str(path))
    assert "Größere Fähren für Köln" in (doc.html or "")


def test_read_html_false_leaves_html_empty(tmp_path: Path) -> None:
    from newssift.io.options import ReadOptions

    path = make_warc(tmp_path / "k.warc", n=2)
    docs = list(read(str(path), ReadOptions(read_html=False)))
    assert len(docs) == 2 and all(d.html is None for d in docs)


# --- bad input ---------------------------------------------------------------------------


def test_truncated_gzip_quarantines_the_cut_record(tmp_path: Path) -> None:
    whole = make_warc(tmp_path / "w.warc.gz", n=8)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[:-40])
    stats = Stats()
    docs = list(read(str(cut), stats=stats))
    good = [d for d in docs if d.decision is None]
    bad = [d for d in docs if d.decision == QUARANTINE]
    assert len(bad) == 1 and bad[0].reason == "read_error"
    assert "truncated" in (bad[0].error or "") and "\n" not in (bad[0].error or "")
    assert bad[0].source == str(cut) and bad[0].source_offset > 0
    assert len(good) == 7  # the last response is the cut one
    assert stats.counts["read/quarantined/truncated"] == 1


def test_broken_header_is_quarantined_and_reading_goes_on(tmp_path: Path) -> None:
    """It ended the unit: the four pages after it were lost without a record."""
    recs = news_records(6)
    recs[5] = recs[5].replace(b"WARC/1.1", b"WARQ/9.9", 1)
    path = write_warc(tmp_path / "b.warc", recs)
    stats = Stats()
    docs = list(read(str(path), stats=stats))
    assert [d.decision for d in docs] == [None, None, QUARANTINE, None, None, None, None]
    assert "unreadable WARC record" in (docs[2].error or "")
    assert docs[3].source_offset == path.read_bytes().index(recs[6])
    assert (docs[2].error or "").endswith(f"; read on from offset {docs[3].source_offset}")
    assert stats.counts["read/quarantined/broken_warc"] == 1


def test_bad_content_length_is_quarantined(tmp_path: Path) -> None:
    recs = news_records(3)
    recs[2] = re.sub(
        rb"Content-Length: \d+\r\n\r\nHTTP", b"Content-Length: 1x\r\n\r\nHTTP", recs[2]
    )
    path = write_warc(tmp_path / "cl.warc", recs)
    docs = list(read(str(path)))
    assert docs[0].decision == QUARANTINE and "Content-Length" in (docs[0].error or "")
    assert [d.decision for d in docs[1:]] == [None, None]  # the pages after it are read


@pytest.mark.parametrize("name", ["junk.warc", "junk.warc.gz"])
def test_binary_junk_is_one_quarantined_doc(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    junk = bytes((i * 7919 + 13) % 256 for i in range(4000))
    path.write_bytes((b"\x1f\x8b\x08\x00" if name.endswith(".gz") else b"") + junk)
    docs = list(read(str(path)))
    assert len(docs) == 1 and docs[0].decision == QUARANTINE and docs[0].source_offset == 0


def test_empty_warc_yields_nothing_but_is_counted(tmp_path: Path) -> None:
    path = tmp_path / "empty.warc.gz"
    path.write_bytes(b"")
    stats = Stats()
    assert list(read(str(path), stats=stats)) == []
    assert stats.counts["read/empty_file"] == 1


def test_too_large_record_is_quarantined_and_reading_goes_on(tmp_path: Path) -> None:
    from newssift.io.options import ReadOptions

    recs = [
        warc_record(http_response(page(1, 2000)), uri="u:big"),
        warc_record(http_response(page(2)), uri="u:small"),
    ]
    path = write_warc(tmp_path / "big.warc", recs)
    docs = list(read(str(path), ReadOptions(max_record_bytes=5000)))
    assert [d.decision for d in docs] == [QUARANTINE, None]
    assert docs[1].url == "u:small"


# --- splitting ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["s.warc", "s.warc.gz"])
@pytest.mark.parametrize("unit_bytes", [1, 700, 2_500, 9_000, 10**9])
def test_split_reading_equals_whole_reading(tmp_path: Path, name: str, unit_bytes: int) -> None:
    path = make_warc(tmp_path / name, n=30)
    whole_stats = Stats()
    whole = list(read(str(path), stats=whole_stats))
    docs, stats, n_units = read_split(path, unit_bytes)
    assert dicts(docs) == dicts(whole)
    assert stats.counts == whole_stats.counts
    if unit_bytes < 10_000:
        assert n_units > 1


@pytest.mark.parametrize("unit_bytes", [1, 3_000])
def test_split_of_a_damaged_warc_loses_nothing(tmp_path: Path, unit_bytes: int) -> None:
    whole = make_warc(tmp_path / "w.warc.gz", n=20)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[:-100])
    expected = list(read(str(cut)))
    docs, _, _ = read_split(cut, unit_bytes)
    assert dicts(docs) == dicts(expected)


def test_units_start_at_record_offsets(tmp_path: Path) -> None:
    for name in ("o.warc", "o.warc.gz"):
        path = make_warc(tmp_path / name, n=20)
        units = plan([str(path)], unit_bytes=2_000)
        data = path.read_bytes()
        starts = [u.start for u in units]
        assert starts[0] == 0 and starts == sorted(starts) and units[-1].end == -1
        for u, nxt in itertools.pairwise(units):
            assert u.end == nxt.start
            head = gzip.decompress(data[u.end :])[:5] if name.endswith(".gz") else data[u.end :][:5]
            assert head == b"WARC/"
        assert sum(u.size for u in units) == os.path.getsize(path)


def test_single_stream_gzip_is_not_split(tmp_path: Path) -> None:
    raw = make_warc(tmp_path / "raw.warc", n=20).read_bytes()
    path = tmp_path / "one.warc.gz"
    path.write_bytes(gzip.compress(raw, mtime=0))  # one gzip member for the whole file
    units = plan([str(path)], unit_bytes=500)
    assert len(units) == 1
    assert len([d for u in units for d in read_unit(u)]) == 20


def test_charset_only_in_http_header_cp1251(tmp_path: Path) -> None:
    text = "Кремль заявил о готовности к диалогу"
    body = f"<html><body><p>{text}</p></body></html>".encode("cp1251")
    path = write_warc(
        tmp_path / "ru.warc",
        [warc_record(http_response(body, "text/html; charset=windows-1251"), uri="u:ru")],
    )
    (doc,) = read(str(path))
    assert text in (doc.html or "")


def test_non_http_response_records_are_skipped_not_quarantined(tmp_path: Path) -> None:
    dns = warc_record(
        b"20210124120000\nharbour.example. 300 IN A 192.0.2.7\n",
        uri="dns:harbour.example",
        content_type="text/dns",
    )
    garbled = warc_record(b"this is not an HTTP message\r\n\r\n<html></html>", uri="u:g")
    path = write_warc(tmp_path / "dns.warc", [dns, garbled, *news_records(1)[1:]])
    stats = Stats()
    docs = list(read(str(path), stats=stats))
    assert [d.decision for d in docs] == [QUARANTINE, None]
    assert stats.counts["read/skipped/non_html"] == 1
    assert stats.counts["read/quarantined/bad_http"] == 1


_ARC = (b"filedesc://old.arc 0.0.0.0 20010101000000 text/plain 76\n1 0 Example\n\n"
        b"http://a.example/ 192.0.2.1 20010101000000 text/html 15\n<html>hi</html>\n")


@pytest.mark.parametrize("name", ["old.arc", "old.arc.gz", "members.arc.gz"])
def test_arc_files_get_a_clear_error(tmp_path: Path, name: str) -> None:
    """A gzipped ARC file was quarantined "unreadable WARC record at offset 0: Invalid
    WARC header" (the check read the gzip magic); it gets the same reason as a plain one,
    whatever the unit size."""
    path = tmp_path / name
    if name == "members.arc.gz":  # a member per record, as crawlers wrote them
        path.write_bytes(b"".join(gzip.compress(p + b"\n", mtime=0) for p in _ARC.split(b"\n\n")))
    else:
        path.write_bytes(gzip.compress(_ARC, mtime=0) if name.endswith(".gz") else _ARC)
    for unit_bytes in (1, 10**9):
        stats = Stats()
        units = plan([str(path)], unit_bytes=unit_bytes)
        docs = [d for u in units for d in read_unit(u, None, stats)]
        assert [(d.decision, d.source_offset, d.error) for d in docs] == [
            (QUARANTINE, 0, "ARC (version 1) files are not supported; convert them to WARC")]
        assert stats.counts == {"read/quarantined/arc_file": 1}


def test_a_cut_off_non_html_record_is_quarantined_not_skipped(tmp_path: Path) -> None:
    recs = [*news_records(2)[1:], warc_record(http_response(bytes(3000), "image/png"), uri="u:i")]
    whole = write_warc(tmp_path / "img.warc", recs)
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole.read_bytes()[:-500])
    stats = Stats()
    docs = list(read(str(cut), stats=stats))
    assert [d.decision for d in docs] == [None, None, QUARANTINE]
    assert "truncated" in (docs[-1].error or "")
    assert "read/skipped/non_html" not in stats.counts


@pytest.mark.parametrize("keep", [5, 30])
def test_gzip_cut_inside_the_last_members_header_is_not_lost(tmp_path: Path, keep: int) -> None:
    recs = news_records(3)[1:]  # request, response, request, response, ...
    whole = write_warc(tmp_path / "w.warc.gz", recs)
    last = write_warc(tmp_path / "last.warc.gz", recs[-1:]).stat().st_size
    cut = tmp_path / "cut.warc.gz"
    start_of_last = whole.stat().st_size - last
    cut.write_bytes(whole.read_bytes()[: start_of_last + keep])
    stats = Stats()
    docs = list(read(str(cut), stats=stats))
    assert docs[-1].decision == QUARANTINE and docs[-1].source_offset == start_of_last
    assert len([d for d in docs if d.decision is None]) == 2
    assert stats.counts["read/quarantined/truncated"] == 1


# --- reading on after a record that cannot be read ----------------------------------------


def _relength(record: bytes, delta: int) -> bytes:
    """``record`` with its WARC Content-Length (the first one) changed by ``delta``."""
    n = int(re.search(rb"Content-Length: (\d+)", record).group(1))
    return record.replace(b"Content-Length: %d" % n, b"Content-Length: %d" % (n + delta), 1)


def _pages(n: int = 6) -> list[bytes]:
    return [warc_record(http_response(page(i, 30 + i)), uri=f"u:{i}") for i in range(n)]


def _damaged(tmp_path: Path, kind: str) -> tuple[Path, int]:
    """Six HTML responses with the third damaged; returns the file and the damaged
    record's offset."""
    recs = _pages()
    if kind == "corrupt_member":  # 20 bytes flipped in the middle of the third member
        members = [gzip.compress(r, mtime=0) for r in recs]
        bad = bytearray(members[2])
        for k in range(len(bad) // 2, len(bad) // 2 + 20):
            bad[k] ^= 0xFF
        data = b"".join([*members[:2], bytes(bad), *members[3:]])
        at = len(members[0]) + len(members[1])
    elif kind == "junk":  # bytes between two records
        data = b"".join([*recs[:2], b"half a line of junk\r\n", *recs[2:]])
        at = len(recs[0]) + len(recs[1])
    elif kind == "long_length":  # a Content-Length 300 bytes long: it runs into the next
        recs[2] = _relength(recs[2], 300)
        data = b"".join(recs)
        at = len(recs[0]) + len(recs[1])
    else:  # a Content-Length 300 bytes short: the record ends inside its own payload
        n = int(re.search(rb"Content-Length: (\d+)", recs[2]).group(1))
        recs[2] = _relength(recs[2], -300)
        data = b"".join(recs)
        at = len(recs[0]) + len(recs[1]) + recs[2].index(b"\r\n\r\n") + 4 + n - 300 + 4
    path = tmp_path / ("d.warc.gz" if kind == "corrupt_member" else "d.warc")
    path.write_bytes(data)
    return path, at


@pytest.mark.parametrize("kind", ["corrupt_member", "junk", "short_length", "long_length"])
def test_a_record_that_cannot_be_read_is_quarantined_and_the_rest_read(
    tmp_path: Path, kind: str
) -> None:
    """One corrupt gzip member, junk between records, or a Content-Length too short
    ended the unit: the records after it were lost without a record or a counter. A
    Content-Length too long (session 30) swallowed the next record's header: that record
    had no document and the record that ran into it was kept with the swallowed bytes."""
    path, at = _damaged(tmp_path, kind)
    stats = Stats()
    docs = list(read(str(path), stats=stats))
    bad = [d for d in docs if d.decision == QUARANTINE]
    urls = [d.url for d in docs if d.decision is None]
    assert len(bad) == 1 and bad[0].source_offset == at
    lost = ["u:2"] if kind in ("corrupt_member", "long_length") else []  # the damaged one
    assert urls == [f"u:{i}" for i in range(6) if f"u:{i}" not in lost]
    after = "u:2" if kind == "junk" else "u:3"  # the record reading resyncs at
    nxt = next(d.source_offset for d in docs if d.url == after)
    assert (bad[0].error or "").endswith(f"; read on from offset {nxt}")
    assert stats.counts["read/quarantined/broken_warc"] == 1


@pytest.mark.parametrize("kind", ["corrupt_member", "junk", "short_length", "long_length"])
@pytest.mark.parametrize("unit_bytes", [1, 700, 3_000, 6_000])
def test_split_reading_of_a_damaged_warc_equals_whole_reading(
    tmp_path: Path, kind: str, unit_bytes: int
) -> None:
    path, _ = _damaged(tmp_path, kind)
    whole_stats = Stats()
    whole = list(read(str(path), stats=whole_stats))
    docs, stats, _ = read_split(path, unit_bytes)
    assert dicts(docs) == dicts(whole) and stats.counts == whole_stats.counts


@pytest.mark.parametrize("delta", [-300, 300])
@pytest.mark.parametrize("unit_bytes", [None, 1, 700, 3_000])
def test_a_wrong_length_inside_its_own_gzip_member_loses_no_other_record(
    tmp_path: Path, delta: int, unit_bytes: int | None
) -> None:
    """(review r38) a record whose Content-Length is wrong inside its own gzip member
    made the read of the next, intact member fail; read whole, that member was quarantined
    and skipped, while a unit starting at it read it. (Session 33) the record itself was
    then kept without a word: 300 bytes too long, with the next record's header at the end
    of its page; 300 too short, with its page cut. It is quarantined, as in a plain WARC,
    the same however the file is cut."""
    recs = _pages()
    n = int(re.search(rb"Content-Length: (\d+)", recs[2]).group(1))
    recs[2] = recs[2].replace(f"Content-Length: {n}".encode(),
                              f"Content-Length: {n + delta}".encode())
    members = [gzip.compress(r, mtime=0) for r in recs]
    path = tmp_path / "d.warc.gz"
    path.write_bytes(b"".join(members))
    if unit_bytes is None:
        stats = Stats()
        docs = list(read(str(path), stats=stats))
        assert stats.counts == {"read/docs": 5, "read/quarantined/broken_warc": 1}
    else:
        docs, _, _ = read_split(path, unit_bytes)
    assert [d.url for d in docs if d.decision != QUARANTINE] == [
        f"u:{i}" for i in range(6) if i != 2]
    at, nxt = len(members[0]) + len(members[1]), sum(len(m) for m in members[:3])
    (bad,) = [d for d in docs if d.decision == QUARANTINE]
    assert bad.source_offset == at
    assert bad.error == (f"WARC record at offset {at} has a Content-Length of {n + delta} that "
                         f"does not end its gzip member (at offset {nxt}); read on from "
                         f"offset {nxt}")


@pytest.mark.parametrize("where", ["last", "request"])
def test_a_wrong_length_in_a_member_is_one_record(tmp_path: Path, where: str) -> None:
    """The last record's length too short: one quarantined record, not that record kept
    and an "unreadable record" at the file's end. A request record's too long (skipped,
    never a document): quarantined once, and every response read."""
    recs = news_records(3) if where == "request" else _pages()
    k = 3 if where == "request" else len(recs) - 1
    n = int(re.search(rb"Content-Length: (\d+)", recs[k]).group(1))
    delta = 400 if where == "request" else -300
    recs[k] = recs[k].replace(f"Content-Length: {n}".encode(),
                              f"Content-Length: {n + delta}".encode())
    path = tmp_path / "m.warc.gz"
    path.write_bytes(b"".join(gzip.compress(r, mtime=0) for r in recs))
    for docs in ([*read(str(path))], read_split(path, 1)[0], read_split(path, 700)[0]):
        bad = [d for d in docs if d.decision == QUARANTINE]
        assert len(bad) == 1 and "does not end its gzip member" in (bad[0].error or "")
        good = [d.url for d in docs if d.decision is None]
        if where == "request":
            assert good == [f"https://harbour.example/news/{i}" for i in range(3)]
        else:
            assert good == [f"u:{i}" for i in range(5)]
            assert "read on" not in (bad[0].error or "")


def test_a_single_gzip_stream_broken_says_the_rest_is_not_read(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(b"".join(_pages()), mtime=0))
    for k in range(len(data) // 2, len(data) // 2 + 20):
        data[k] ^= 0xFF
    path = tmp_path / "one.warc.gz"
    path.write_bytes(bytes(data))
    bad = [d for d in read(str(path)) if d.decision == QUARANTINE]
    assert len(bad) == 1
    assert (bad[0].error or "").endswith("no gzip member starts after it, so the rest of the "
                                         "file is not read")


# --- a Content-Length too long in a plain WARC (session 30) ------------------------------


def _read_every_way(path: Path) -> list[list]:
    """What reading ``path`` whole and cut at several unit sizes gives, as (url, decision,
    offset) triples, one list a way."""
    ways = [list(read(str(path), stats=Stats()))]
    ways += [read_split(path, unit_bytes)[0] for unit_bytes in (1, 700, 2_500)]
    return [[(d.url, d.decision, d.source_offset) for d in docs] for docs in ways]


@pytest.mark.parametrize("delta", [5, 300, 2_000, 10**6])
def test_a_content_length_too_long_loses_no_other_record(tmp_path: Path, delta: int) -> None:
    """The record declaring more than it holds swallowed the next record's header (and at
    2,000 bytes the next two records, at a million every record after it): those records
    had no document, and the one that ran into them was kept with their bytes. It is
    quarantined, and every record after it comes out, however the file is cut."""
    recs = _pages()
    recs[2] = _relength(recs[2], delta)
    path = tmp_path / "long.warc"
    path.write_bytes(b"".join(recs))
    starts = list(itertools.accumulate(len(r) for r in recs[:-1]))
    ways = _read_every_way(path)
    for got in ways:
        assert got == [("u:0", None, 0), ("u:1", None, starts[0]),
                       (None, QUARANTINE, starts[1]),
                       *[(f"u:{i}", None, starts[i - 1]) for i in range(3, 6)]]
    declared = int(re.search(rb"Content-Length: (\d+)", recs[2]).group(1))
    (bad,) = [d for d in read(str(path)) if d.decision == QUARANTINE]
    assert bad.error == (f"WARC record at offset {starts[1]} has a Content-Length of "
                         f"{declared} that runs into the record at offset {starts[2]}; "
                         f"read on from offset {starts[2]}")


def test_a_skipped_record_too_long_loses_no_response(tmp_path: Path) -> None:
    """A request record (skipped, never a document) that runs into the response after it
    took the response with it."""
    recs = news_records(3)  # warcinfo, then request and response for each page
    recs[3] = _relength(recs[3], 400)  # the second page's request
    path = write_warc(tmp_path / "req.warc", recs)
    for got in _read_every_way(path):
        assert [u for u, dec, _ in got if dec is None] == [
            f"https://harbour.example/news/{i}" for i in range(3)]
        assert [dec for _, dec, _ in got].count(QUARANTINE) == 1


_LOOKALIKE = (b"<p>How a WARC record begins:</p><pre>\r\n\r\nWARC/1.1\r\nWARC-Type: response\r\n"
              b"Content-Length: 12\r\n\r\nhello world!\r\n\r\n</pre>")


def test_a_payload_holding_a_warc_header_is_not_cut(tmp_path: Path) -> None:
    """The declared length is trusted when the block ends where the format says: a page
    about WARC (its payload holds a whole well-formed record) is one record, read whole,
    and what its payload holds is not read as a record."""
    body = b"<html><body>" + _LOOKALIKE + page(3) + b"</body></html>"
    recs = _pages()
    recs[2] = warc_record(http_response(body), uri="u:2")
    path = tmp_path / "about.warc"
    path.write_bytes(b"".join(recs))
    for got in _read_every_way(path):
        assert [(u, dec) for u, dec, _ in got] == [(f"u:{i}", None) for i in range(6)]
    (doc,) = [d for d in read(str(path)) if d.url == "u:2"]
    assert "hello world!" in (doc.html or "") and "Ferry line 3 returns" in (doc.html or "")


def test_a_payload_holding_a_warc_header_with_a_length_too_long(tmp_path: Path) -> None:
    """The ambiguous case: a Content-Length too long on a record whose payload holds a
    well-formed WARC header before the real next record. Reading goes on from the first
    record start inside the block, the look-alike: it is read as the record it looks like
    (here skipped, not HTML), the rest of the payload after it is quarantined, and every
    real record after that is read, the same at every cut."""
    body = b"<html><body>" + _LOOKALIKE + page(3) + b"</body></html>"
    recs = _pages()
    recs[2] = _relength(warc_record(http_response(body), uri="u:2"), 300)
    path = tmp_path / "about.warc"
    path.write_bytes(b"".join(recs))
    ways = _read_every_way(path)
    assert all(got == ways[0] for got in ways)
    got = ways[0]
    assert [u for u, dec, _ in got if dec is None] == ["u:0", "u:1", "u:3", "u:4", "u:5"]
    assert got[2] == (None, QUARANTINE, len(recs[0]) + len(recs[1]))


def test_a_content_length_of_a_non_ascii_digit_is_one_bad_length(tmp_path: Path) -> None:
    """``"²".isdigit()`` is true and ``int("²")`` raises: the length check asks for ASCII
    digits, so the record is one quarantined record (it was two at one offset on main)."""
    recs = _pages()
    recs[2] = re.sub(rb"Content-Length: \d+\r\n\r\nHTTP", "Content-Length: ²\r\n\r\nHTTP".encode(),
                     recs[2])
    path = tmp_path / "sup.warc"
    path.write_bytes(b"".join(recs))
    docs = list(read(str(path)))
    assert [d.url for d in docs if d.decision is None] == ["u:0", "u:1", "u:3", "u:4", "u:5"]
    (bad,) = [d for d in docs if d.decision == QUARANTINE]
    assert "has a bad Content-Length '²'" in (bad.error or "")
