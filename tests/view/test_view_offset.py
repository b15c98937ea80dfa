"""A search page offset past numpy's int64 was a 500 and a logged traceback (review r40, 14):
it is a 400 that says why; a page past the last record is empty."""

from __future__ import annotations

import logging

import pytest

pytest.importorskip("duckdb", reason="the viewer needs duckdb (pip install 'newssift[view]')")

from newssift.view.index import MAX_OFFSET, Query
from newssift.view.server import ViewApp


@pytest.mark.parametrize("offset, says", [
    ("99999999999999999999", "past the largest"),
    (str(MAX_OFFSET + 1), "past the largest"),
    ("9" * 5000, "past the largest"),  # past int()'s digit limit too
    ("abc", "not a whole number"),
    ("1e3", "not a whole number"),
])
def test_a_bad_offset_is_a_400_with_a_message(app: ViewApp, caplog: pytest.LogCaptureFixture,
                                               offset: str, says: str) -> None:
    with caplog.at_level(logging.DEBUG):
        status, page = app.handle(f"/?offset={offset}")
    assert status == 400 and says in page
    assert not [r for r in caplog.records if r.exc_info]


@pytest.mark.parametrize("offset, first", [("0", 1), ("", 1), ("-5", 1), ("+3", 4),
                                           ("0003", 4)])
def test_offsets_a_page_takes(app: ViewApp, offset: str, first: int) -> None:
    status, page = app.handle(f"/?offset={offset}")
    assert status == 200 and f"showing {first}–" in page


def test_a_page_past_the_last_record_is_empty(app: ViewApp) -> None:
    assert app.handle(f"/?offset={MAX_OFFSET}")[0] == 200
    assert app.index.search(Query(offset=10**20)) == ([], app.index.total)
