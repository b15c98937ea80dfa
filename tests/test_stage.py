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


class Logged(Stage):
    """Appends (its name, the document's text) to a shared log as it processes."""

    def __init__(self, name: str, log: list[tuple[str, str]]) -> None:
        self.name, self.log = name, log

    def process(self, doc: Document) -> Document:
        self.log.append((self.name, doc.text or ""))
        doc.text = f"{doc.text}+{self.name}"
        return doc


def test_a_stage_runs_a_chunk_back_to_back_and_the_output_is_unchanged() -> None:
    texts = [f"d{i}" for i in range(7)]
    outs = {}
    for chunk in (1, 3, 16):
        log: list[tuple[str, str]] = []
        out = list(run_stages([Logged("a", log), Logged("b", log)], docs(*texts), Stats(), chunk))
        outs[chunk] = [d.text for d in out]
        if chunk == 3:  # a takes d0-d2, then b takes them; then the next three
            assert [n for n, _ in log[:6]] == ["a", "a", "a", "b", "b", "b"]
            assert log[3] == ("b", "d0+a")
    assert outs[1] == outs[3] == outs[16] == [f"d{i}+a+b" for i in range(7)]


def test_a_chunk_closes_early_once_its_documents_are_large() -> None:
    log: list[tuple[str, str]] = []
    big = ["x" * 60, "y" * 60, "z"]
    list(run_stages([Logged("a", log), Logged("b", log)], docs(*big), Stats(), 16, 100))
    # 120 characters after two documents: the first chunk holds those two only
    assert [n for n, _ in log] == ["a", "a", "b", "b", "a", "b"]
