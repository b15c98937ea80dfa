"""The extraction bench's batch mode (``--batch``) changes when each tool runs its pages,
never what it returns: the same pages give the same texts, one timing per page."""

from __future__ import annotations

import gzip
from pathlib import Path

from bench.extraction import run_tools

_PAGE = (
    "<html><head><title>T{n}</title></head><body><article>"
    "<p>Paragraph one of story {n} tells what the council decided on Tuesday evening.</p>"
    "<p>Paragraph two of story {n} says who spoke and what happens next week.</p>"
    "</article><footer>Footer {n}</footer></body></html>"
)


def _pages(tmp_path: Path, n: int) -> list[dict]:
    pages = []
    for i in range(n):
        path = tmp_path / f"p{i}.html.gz"
        path.write_bytes(gzip.compress(_PAGE.format(n=i).encode()))
        pages.append({"path": str(path), "url": f"https://example.com/{i}"})
    return pages


def test_batches_give_the_same_results_one_timing_a_page(tmp_path: Path) -> None:
    pages = _pages(tmp_path, 5)
    one = run_tools(["newssift"], pages, batch=1)["newssift"]
    three = run_tools(["newssift"], pages, batch=3)["newssift"]
    assert [r["text"] for r in one["results"]] == [r["text"] for r in three["results"]]
    assert all(f"story {i}" in r["text"] for i, r in enumerate(three["results"]))
    assert len(three["times"]) == len(three["cpu"]) == 5
