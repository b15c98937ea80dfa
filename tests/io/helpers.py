"""Small corpora for the reader tests, written by the tests themselves."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from bench.warc_build import http_response, warc_record, warcinfo_record, write_warc
from newssift.io.readers import plan, read_unit
from newssift.record import Document
from newssift.stage import Stats

PAGE = (
    "<html><head><title>Harbour {i}</title></head><body><article><h1>Ferry line {i} "
    "returns</h1><p>PORTO, May {i} (Wire) - Ferry line {i} resumed on Tuesday after the "
    "pier was mended.</p><p>{filler}</p></article></body></html>"
)


def page(i: int, filler_words: int = 20) -> bytes:
    return PAGE.format(i=i, filler=" ".join(["calm water"] * filler_words)).encode()


def news_records(n: int) -> list[bytes]:
    """A warcinfo record, then for each page a request and an HTML response; every 5th
    page also gets an image response (non-HTML)."""
    recs = [warcinfo_record()]
    for i in range(n):
        uri = f"https://harbour.example/news/{i}"
        recs.append(
            warc_record(
                f"GET /news/{i} HTTP/1.1\r\nHost: harbour.example\r\n\r\n".encode(),
                uri=uri,
                record_type="request",
                content_type="application/http; msgtype=request",
            )
        )
        body = page(i, filler_words=5 + 7 * (i % 9))
        recs.append(
            warc_record(http_response(body), uri=uri, date=f"2021-05-{i % 28 + 1:02d}T08:00:00Z")
        )
        if i % 5 == 4:
            recs.append(
                warc_record(
                    http_response(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "image/png"),
                    uri=uri + ".png",
                )
            )
    return recs


def make_warc(path: Path, n: int = 12) -> Path:
    return write_warc(path, news_records(n))


def make_jsonl(path: Path, n: int = 40) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            if i % 13 == 7:
                fh.write('{"id": "cut", "text": "no end\n')
            elif i % 11 == 3:
                fh.write(json.dumps({"html": page(i).decode(), "url": f"https://x.example/{i}"}))
                fh.write("\n")
            else:
                fh.write(json.dumps({"id": f"a{i}", "text": f"Story {i}. " + "Word " * i}) + "\n")
    return path


def read_split(path: Path, unit_bytes: int, **opts) -> tuple[list[Document], Stats, int]:
    """Read every unit of a plan with ``unit_bytes``; returns docs, stats, unit count."""
    stats = Stats()
    units = plan([str(path)], unit_bytes=unit_bytes)
    docs = [d for u in units for d in read_unit(u, None, stats)]
    return docs, stats, len(units)


def dicts(docs: list[Document]) -> list[dict]:
    return [d.to_dict() for d in docs]


def make_corpus(root: Path) -> Path:
    """One file of every input kind (WARC plain and per-record gzip, JSONL plain and
    gzip, Parquet in small row groups, HTML and text files), each split into several
    units at a unit size of 2,000 bytes."""
    root.mkdir(parents=True, exist_ok=True)
    make_warc(root / "a.warc", 20)
    write_warc(root / "b.warc.gz", news_records(20))
    make_jsonl(root / "c.jsonl", 60)
    (root / "d.jsonl.gz").write_bytes(gzip.compress((root / "c.jsonl").read_bytes(), mtime=0))
    rows = 40
    pq.write_table(pa.table({"id": [f"p{i}" for i in range(rows)],
                             "html": [page(i).decode() for i in range(rows)]}),
                   root / "e.parquet", row_group_size=5)
    pages = root / "pages"
    pages.mkdir()
    for i in range(6):
        (pages / f"p{i}.html").write_bytes(page(i))
    (pages / "note.txt").write_text("A plain text story about the harbour.\n")
    (pages / ".hidden.html").write_bytes(page(99))
    return root


def to_memory(fs, local: Path, url_root: str = "/in") -> str:
    """Copy a local folder into fsspec's in-process memory filesystem; returns its URL."""
    for path in local.rglob("*"):
        if path.is_file():
            fs.pipe_file(f"{url_root}/{path.relative_to(local).as_posix()}", path.read_bytes())
    return "memory:/" + url_root
