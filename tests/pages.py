"""The real pages the tests hold compiled parts to their Python twins on: the extraction
bench's pages (where ../shared is) and the pages the repository carries (everywhere, CI
included). One home, so a test of io or clean need not import a test module of extract."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from tests.conftest import shared_path

if TYPE_CHECKING:
    from newssift.extract.blocks import Page

#: The repository's root.
ROOT = Path(__file__).resolve().parents[1]
#: ../shared/benchmarks/extraction (absent on a user's fresh clone).
BENCH_PAGES = shared_path("benchmarks", "extraction")


def bench_pages() -> list[Path]:
    """Every gzipped HTML page of the extraction bench, in path order ([] without ../shared)."""
    return sorted(BENCH_PAGES.rglob("*.html.gz")) if BENCH_PAGES.is_dir() else []


def repo_pages() -> list[tuple[str, bytes]]:
    """The real pages the repository carries (test fixtures, the examples' HTML files and
    the HTML payloads of the examples' WARC), as (name, bytes): the equality checks that
    run where ../shared is absent, as in CI."""
    from fastwarc.warc import ArchiveIterator

    pages = [
        (str(p.relative_to(ROOT)), p.read_bytes())
        for p in sorted([*(ROOT / "tests" / "extract" / "fixtures").glob("*.html"),
                         *(ROOT / "examples" / "html").glob("*.html")])
    ]
    with (ROOT / "examples" / "sample.warc.gz").open("rb") as fh:
        for rec in ArchiveIterator(fh, parse_http=True):
            body = rec.reader.read()
            if b"<" in body[:2000]:
                pages.append((f"sample.warc.gz#{rec.record_id}", body))
    return pages


def walked_pages(every: int) -> Iterator[Page]:
    """The walked body of every ``every``-th bench page (where ../shared is) and of every
    page the repository carries (:func:`repo_pages`): the sample on which the compiled
    twins of the body, drops and metadata code are held equal to their Python references."""
    from selectolax.lexbor import LexborHTMLParser

    from newssift.extract import blocks
    from newssift.extract.decode import decode_html

    htmls = [decode_html(gzip.decompress(p.read_bytes())) for p in bench_pages()[::every]]
    htmls += [decode_html(raw) for _, raw in repo_pages()]
    for html in htmls:
        tree = LexborHTMLParser(html)
        if tree.body is not None:
            yield blocks.walk(tree.body)
