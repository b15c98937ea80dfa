"""JSON Lines reading: every line accounted for, byte ranges that add up to the file."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from newssift.io.options import ReadOptions
from newssift.io.readers import plan, read
from newssift.record import QUARANTINE
from newssift.stage import Stats
from tests.io.helpers import dicts, make_jsonl, read_split


def test_reads_text_html_ids_and_quarantines_broken_lines(tmp_path: Path) -> None:
    path = make_jsonl(tmp_path / "a.jsonl", n=40)
    stats = Stats()
    docs = list(read(str(path), stats=stats))
    assert len(docs) == 40  # one document per line, good or bad
    bad = [d for d in docs if d.decision == QUARANTINE]
    assert [d.reason for d in bad] == ["read_error"] * 3  # lines 7, 20, 33
    data = path.read_bytes()
    for d in bad:
        assert data[d.source_offset : d.source_offset + 12] == b'{"id": "cut"'
        assert "invalid JSON" in (d.error or "")
    assert docs[0].id == "a0" and docs[0].text == "Story 0. "
    html_doc = docs[3]
    assert html_doc.html and "Ferry line 3" in html_doc.html and html_doc.text is None
    assert html_doc.url == "https://x.example/3" and len(html_doc.id) == 16
    assert stats.counts == {"read/docs": 37, "read/quarantined/invalid_json": 3}


def test_field_names_are_options(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    row = {
        "doc": "k1",
        "body": "Body text.",
        "link": "https://e.example/1",
        "crawled": "2021-01-02",
    }
    path.write_text(json.dumps(row) + "\n")
    opts = ReadOptions(text_field="body", id_field="doc", url_field="link", date_field="crawled")
    (doc,) = read(str(path), opts)
    assert (doc.id, doc.text, doc.url, doc.fetch_date) == (
        "k1",
        "Body text.",
        "https://e.example/1",
        "2021-01-02",
    )


def test_lines_without_content_or_not_objects_are_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": 1, "title": "no body"}\n[1, 2]\n\n{"id": 2, "text": "ok"}\n')
    stats = Stats()
    docs = list(read(str(path), stats=stats))
    assert [d.decision for d in docs] == [QUARANTINE, QUARANTINE, None]
    assert docs[2].id == "2"
    assert stats.counts["read/quarantined/no_content"] == 1
    assert stats.counts["read/quarantined/not_an_object"] == 1
    assert stats.counts["read/skipped/blank_line"] == 1


def test_invalid_utf8_does_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "u.jsonl"
    path.write_bytes(b'{"text": "caf\xe9 \xff"}\n')
    (doc,) = read(str(path))
    assert doc.decision is None and doc.text is not None and doc.text.startswith("caf")


def test_ids_without_given_id_do_not_depend_on_the_working_directory(tmp_path: Path) -> None:
    path = tmp_path / "n.jsonl"
    path.write_text('{"text": "one"}\n{"text": "two"}\n')
    ids = [d.id for d in read(str(path))]
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        assert [d.id for d in read("n.jsonl")] == ids
    finally:
        os.chdir(cwd)
    assert len(set(ids)) == 2


def test_a_50_mb_line_is_read_and_a_line_over_the_limit_is_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with open(path, "w") as fh:
        fh.write('{"id": "before", "text": "x"}\n')
        fh.write('{"id": "huge", "text": "' + "a" * 50_000_000 + '"}\n')
        fh.write('{"id": "after", "text": "y"}\n')
    docs = list(read(str(path)))  # the default limit (64 MiB) admits it
    assert [d.id for d in docs] == ["before", "huge", "after"]
    assert len(docs[1].text or "") == 50_000_000
    del docs
    stats = Stats()
    docs = list(read(str(path), ReadOptions(max_record_bytes=1 << 20), stats=stats))
    assert [d.decision for d in docs] == [None, QUARANTINE, None]
    assert docs[1].source_offset == 30 and "over the limit" in (docs[1].error or "")
    assert docs[2].id == "after"
    assert stats.counts["read/quarantined/line_too_long"] == 1


def test_gzip_jsonl_and_a_truncated_one(tmp_path: Path) -> None:
    src = make_jsonl(tmp_path / "a.jsonl", n=40)
    gz = tmp_path / "a.jsonl.gz"
    gz.write_bytes(gzip.compress(src.read_bytes(), mtime=0))
    plain = list(read(str(src)))
    packed = list(read(str(gz)))
    assert [(d.text, d.html, d.source_offset) for d in packed] == [
        (d.text, d.html, d.source_offset) for d in plain
    ]
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gz.read_bytes()[: gz.stat().st_size // 2])
    stats = Stats()
    docs = list(read(str(cut), stats=stats))
    assert docs[-1].decision == QUARANTINE and docs[-1].reason == "read_error"
    assert 0 < len(docs) < 40
    assert stats.counts["read/quarantined/broken_gzip"] == 1


def test_empty_file_is_counted(tmp_path: Path) -> None:
    path = tmp_path / "e.jsonl"
    path.write_bytes(b"")
    stats = Stats()
    assert list(read(str(path), stats=stats)) == []
    assert stats.counts["read/empty_file"] == 1


@pytest.mark.parametrize("unit_bytes", [1, 37, 500, 1_234, 4_096, 10**9])
def test_split_reading_equals_whole_reading(tmp_path: Path, unit_bytes: int) -> None:
    path = make_jsonl(tmp_path / "s.jsonl", n=60)
    whole_stats = Stats()
    whole = list(read(str(path), stats=whole_stats))
    docs, stats, n_units = read_split(path, unit_bytes)
    assert dicts(docs) == dicts(whole)
    assert stats.counts == whole_stats.counts
    assert n_units == max(1, -(-path.stat().st_size // unit_bytes))


def test_split_without_trailing_newline_and_with_crlf(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_bytes(b'{"text": "a"}\r\n{"text": "b"}\r\n{"text": "c"}')
    whole = list(read(str(path)))
    assert [d.text for d in whole] == ["a", "b", "c"]
    for ub in (1, 5, 16, 17):
        assert dicts(read_split(path, ub)[0]) == dicts(whole)


def test_compressed_jsonl_is_one_unit(tmp_path: Path) -> None:
    src = make_jsonl(tmp_path / "a.jsonl", n=40)
    gz = tmp_path / "a.jsonl.gz"
    gz.write_bytes(gzip.compress(src.read_bytes(), mtime=0))
    assert len(plan([str(gz)], unit_bytes=10)) == 1


def test_utf8_bom_at_the_start_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "x", "text": "first"}\n{"id": "y", "text": "second"}\n')
    assert [d.text for d in read(str(path))] == ["first", "second"]
    assert [u.kind for u in plan([str(tmp_path)])] == ["jsonl"]


def test_a_lone_surrogate_escape_is_replaced_not_carried_to_the_writer(tmp_path: Path) -> None:
    """JSON may escape half a surrogate pair ("\\ud800"); json.loads gives a string UTF-8
    cannot hold, and the part writer stopped the whole run with a traceback. Such a
    character becomes U+FFFD in every field; a real pair stays the character it spells."""
    from newssift.io.writers import PartWriter

    path = tmp_path / "s.jsonl"
    path.write_bytes(b'{"id": "a\\udc80", "url": "https://x.example/\\ud800", '
                     b'"text": "lone \\ud800 here"}\n'
                     b'{"text": "pair \\ud83d\\ude00 here"}\n')
    docs = list(read(str(path)))
    assert docs[0].text == "lone \ufffd here" and docs[0].id == "a\ufffd"
    assert docs[0].url == "https://x.example/\ufffd"
    assert docs[1].text == "pair \U0001F600 here"
    with PartWriter(tmp_path / "out", "000000-x") as w:
        for d in docs:
            w.write(d)


def test_a_quarantined_row_keeps_its_own_id_and_url(tmp_path: Path) -> None:
    """A line with an id and a url but no content kept neither (a hashed id, url None), so
    ``trace OUT a1`` could not find it; a line without an id still gets the hashed one."""
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "a1", "url": "https://x.example/a", "text": null}\n'
                    '{"url": "https://x.example/b"}\n{"id": "", "html": 3}\n')
    docs = list(read(str(path)))
    assert [d.decision for d in docs] == [QUARANTINE] * 3
    assert (docs[0].id, docs[0].url) == ("a1", "https://x.example/a")
    assert "no string field" in docs[0].error
    assert len(docs[1].id) == 16 and docs[1].url == "https://x.example/b"
    assert len(docs[2].id) == 16 and docs[2].url is None


def _deep_file(path: Path, depth: int) -> Path:
    """A good line, a line holding an array ``depth`` deep, a good line."""
    deep = '{"id": "deep", "text": "x", "nest": ' + "[" * depth + "]" * depth + "}"
    lines = [json.dumps({"id": "a", "text": "Before."}), deep,
             json.dumps({"id": "b", "text": "After, with braces {[ in a string."})]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_line_nested_too_deep_is_quarantined_and_reading_goes_on(tmp_path: Path) -> None:
    """A 2 KB line of 1,000 nested arrays raised RecursionError out of json.loads and
    stopped the whole run (and its --resume) with a traceback."""
    stats = Stats()
    docs = list(read(str(_deep_file(tmp_path / "a.jsonl", 1000)), stats=stats))
    assert [d.id for d in docs if d.decision is None] == ["a", "b"]
    bad = [d for d in docs if d.decision == QUARANTINE]
    offset = len(json.dumps({"id": "a", "text": "Before."})) + 1
    assert len(bad) == 1 and bad[0].source_offset == offset
    assert bad[0].error == f"invalid JSON at offset {offset}: nested more than 200 levels deep"
    assert stats.counts["read/quarantined/invalid_json"] == 1
    ok = list(read(str(_deep_file(tmp_path / "b.jsonl", 199)), stats=Stats()))
    assert [d.id for d in ok if d.decision is None] == ["a", "deep", "b"]


def test_a_deep_line_is_read_the_same_whatever_the_stack_depth(tmp_path: Path) -> None:
    """Where json.loads gives up depends on how deep the caller's stack already is (a
    worker's is not the main process's), so a line 600 deep read at one depth and was
    lost at another; the fixed limit decides the same at both."""
    path = _deep_file(tmp_path / "a.jsonl", 600)

    def at_depth(n: int) -> list[str | None]:
        if n:
            return at_depth(n - 1)
        return [d.decision for d in read(str(path))]

    assert at_depth(0) == at_depth(500) == [None, QUARANTINE, None]


def test_the_cli_quarantines_a_deep_line_and_resumes(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = _deep_file(tmp_path / "a.jsonl", 1000)
    for args in ([], ["--resume"]):
        res = subprocess.run([sys.executable, "-m", "newssift.cli", "run", str(path), "-o",
                              str(tmp_path / "out"), "-q", "-w", "1", *args],
                             capture_output=True, text=True)
        assert res.returncode == 0, res.stderr
        assert "Traceback" not in res.stderr and "1 invalid_json" in res.stderr


def test_a_publication_date_field_is_the_records_date(tmp_path: Path) -> None:
    # review r42 finding 4: the row's date went to fetch_date only, so a text input had no
    # publication date and sorted after every dated copy in dedup's canonical rule
    rows = [
        {"id": "a", "text": "A.", "date": "2023-12-01T00:00:00Z",
         "published": "2023-11-14T09:30:00Z"},
        {"id": "b", "text": "B.", "datePublished": "14 November 2023"},
        {"id": "c", "text": "C.", "publish_date": 1699954200},  # unix seconds
        {"id": "d", "text": "D.", "published": "not a date", "pub_date": "2023/11/14"},
        {"id": "e", "text": "E.", "date": "2023-12-01"},  # a crawl date: not published
        {"id": "f", "text": "F.", "published": True},
    ]
    path = tmp_path / "p.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    docs = {d.id: d for d in read(str(path))}
    assert {i: d.date for i, d in docs.items()} == {
        "a": "2023-11-14", "b": "2023-11-14", "c": "2023-11-14", "d": "2023-11-14",
        "e": None, "f": None}
    assert docs["a"].fetch_date == "2023-12-01T00:00:00Z"
    # the fields are an option (a str is split on commas, as on the command line)
    opts = ReadOptions(published_fields="pub_date")
    assert opts.published_fields == ("pub_date",)
    docs = {d.id: d for d in read(str(path), opts)}
    assert [i for i, d in docs.items() if d.date] == ["d"]
    assert all(d.date is None for d in read(str(path), ReadOptions(published_fields=())))
    with pytest.raises(TypeError):
        ReadOptions(published_fields=("published", 3))  # type: ignore[arg-type]


def test_newssifts_own_records_read_back_keep_both_dates(tmp_path: Path) -> None:
    from newssift.record import Document

    rec = Document(id="r1", source="x", text="Body.", date="2023-11-14",
                   fetch_date="2023-12-01T10:00:00Z", url="https://e.example/1")
    path = tmp_path / "own.jsonl"
    path.write_text(json.dumps(rec.to_dict()) + "\n")
    (doc,) = read(str(path))
    assert (doc.date, doc.fetch_date) == ("2023-11-14", "2023-12-01T10:00:00Z")


def test_parquet_rows_read_their_dates_as_jsonl_lines(tmp_path: Path) -> None:
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "p.parquet"
    pq.write_table(pa.table({
        "id": ["a", "b", "c"], "text": ["A.", "B.", "C."],
        "date": ["2023-12-01", "2023-12-01", None],
        "published_at": pa.array([dt.datetime(2023, 11, 14, 9, 30, tzinfo=dt.UTC), None,
                                  dt.datetime(1980, 1, 1, tzinfo=dt.UTC)],
                                 pa.timestamp("s", tz="UTC")),
        "pub_date": pa.array([None, dt.date(2023, 11, 13), None], pa.date32()),
    }), path)
    docs = {d.id: d for d in read(str(path))}
    assert {i: (d.date, d.fetch_date) for i, d in docs.items()} == {
        "a": ("2023-11-14", "2023-12-01"), "b": ("2023-11-13", "2023-12-01"),
        "c": (None, None)}  # 1980: before any page date newssift takes



def test_a_rows_publication_day_stays_when_its_page_has_no_date(tmp_path) -> None:
    """An HTML row's ``published`` field is its date unless the page itself gives one (the
    extract stage kept only the page's, so such a row lost the day the reader took)."""
    from newssift.extract.stage import ExtractStage

    undated = "<html><body><article>" + "<p>The harbour wall was repaired this week.</p>" * 6 \
        + "</article></body></html>"
    dated = undated.replace("<body>", '<head><meta property="article:published_time" '
                            'content="2021-03-04T10:00:00Z"></head><body>')
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": i, "html": h, "published": "2020-05-06"})
                             for i, h in (("u", undated), ("d", dated))) + "\n")
    stats = Stats()
    docs = list(read(str(src), stats=stats))
    assert [d.date for d in docs] == ["2020-05-06", "2020-05-06"]  # what the reader took
    out = {d.id: d for d in ExtractStage().run(docs, stats)}
    assert out["u"].date == "2020-05-06"
    assert out["d"].date == "2021-03-04"
