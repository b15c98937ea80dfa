"""The stage contract: errors and timeouts quarantine one document, never the run."""

from __future__ import annotations

import time

from newssift.record import QUARANTINE, Document
from newssift.stage import Stage, Stats, run_stages


class Upper(Stage):
    name = "upper"

    def process(self, doc: Document) -> Document:
        if doc.text == "boom":
            raise ValueError("cannot shout that")
        doc.text = (doc.text or "").upper()
        return doc


class Slow(Stage):
    name = "slow"

    def process(self, doc: Document) -> Document:
        if doc.text == "HANG":
            while True:
                time.sleep(0.01)
        return doc


def docs(*texts: str) -> list[Document]:
    return [Document(id=str(i), source="mem", text=t) for i, t in enumerate(texts)]


def test_error_quarantines_one_document_and_the_rest_flow_on() -> None:
    stats = Stats()
    out = list(run_stages([Upper()], docs("a", "boom", "c"), stats))
    assert [d.text for d in out] == ["A", "boom", "C"]
    assert out[1].decision == QUARANTINE
    assert out[1].error == "upper: ValueError: cannot shout that"
    assert stats.counts["upper/in"] == 3
    assert stats.counts["upper/error/ValueError"] == 1


def test_time_limit_quarantines_a_hanging_document() -> None:
    slow = Slow()
    slow.time_limit = 0.2
    stats = Stats()
    out = list(run_stages([Upper(), slow], docs("ok", "hang"), stats))
    assert out[0].decision is None
    assert out[1].decision == QUARANTINE
    assert out[1].error.startswith("slow: timeout")
    assert stats.counts["slow/error/timeout"] == 1


def test_quarantined_documents_skip_later_stages() -> None:
    stats = Stats()
    out = list(run_stages([Upper(), Upper()], docs("boom"), stats))
    assert out[0].decision == QUARANTINE
    assert stats.counts["upper/skipped_quarantined"] == 1
