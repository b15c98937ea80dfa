"""Stage.guard's time limit (set up without signal.signal's enum layer): the document's
handler and timer are in place only while it runs, and a timeout reads as before."""

from __future__ import annotations

import signal
import time

import pytest

from newssift.record import QUARANTINE, Document
from newssift.stage import DocumentTimeout, Stage, Stats, time_limit

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timer")


class Probe(Stage):
    name = "probe"

    def __init__(self) -> None:
        self.seen: list = []

    def process(self, doc: Document) -> Document:
        timer = signal.getitimer(signal.ITIMER_REAL)[0]
        self.seen.append((signal.getsignal(signal.SIGALRM), timer))
        if doc.text == "hang":
            while True:
                time.sleep(0.01)
        return doc


def _doc(text: str) -> Document:
    return Document(id="1", source="mem", text=text)


@pytest.mark.parametrize("before", [signal.SIG_DFL, signal.SIG_IGN, "python"])
def test_guard_restores_the_previous_handler_and_clears_the_timer(before) -> None:
    def mine(signum, frame):  # pragma: no cover - never fires
        pass

    handler = mine if before == "python" else before
    saved = signal.signal(signal.SIGALRM, handler)
    try:
        stage = Probe()
        stage.time_limit = 30.0
        out = stage.guard(_doc("fine"), Stats())
        assert out.decision is None
        inside, timer = stage.seen[0]
        assert callable(inside) and inside is not handler  # the guard's own handler ran it
        assert 0 < timer <= 30.0
        assert signal.getsignal(signal.SIGALRM) == handler  # same object / same enum as before
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, saved)


def test_no_limit_sets_no_handler() -> None:
    stage = Probe()
    stage.time_limit = None
    stage.guard(_doc("fine"), Stats())
    assert stage.seen[0] == (signal.getsignal(signal.SIGALRM), 0.0)


def test_timeout_message_and_state_match_the_context_manager() -> None:
    before = signal.getsignal(signal.SIGALRM)
    stage = Probe()
    stage.time_limit = 0.1
    stats = Stats()
    out = stage.guard(_doc("hang"), stats)
    assert out.decision == QUARANTINE
    with pytest.raises(DocumentTimeout) as exc, time_limit(0.1):
        while True:
            time.sleep(0.01)
    assert out.error == f"probe: timeout: {exc.value}"
    assert stats.counts["probe/error/timeout"] == 1
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
