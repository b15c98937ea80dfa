"""The stage contract: documents in, documents out, counters kept once here.

Every pipeline step (extract, clean, news, assess, decide) is a :class:`Stage`. Its one
entry point is the generator ``run(docs, stats)``: it yields every document it receives,
in order, having filled in fields. A stage never silently drops a document: what is not
wanted is marked by the decide stage and routed by the writer, and what fails is marked
quarantined with its error. This is what makes "inputs = kept + rejected + quarantined"
hold by construction, and what lets the same stage objects run under the local runner or
as Ray tasks without change (they are plain picklable objects).

Most stages only implement ``process(doc)``; the base class applies it per document under
a guard (exception capture and the per-document time limit) and counts. Stages that gain
from batches (vectorised hashing, model inference) override ``run`` instead and call
:meth:`Stage.guard` themselves where they touch one document.
"""

from __future__ import annotations

import _signal
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from newssift.record import QUARANTINE, Document


class DocumentTimeout(Exception):
    """A single document took longer than the per-document time limit."""


@dataclass
class Stats:
    """Counters for one work unit (or a whole run, once merged).

    ``counts`` holds deterministic counters keyed "stage/name" (documents in, out,
    per reason); ``seconds`` holds wall time per stage, kept apart because timings are
    the one thing two identical runs do not share.
    """

    counts: Counter[str] = field(default_factory=Counter)
    seconds: Counter[str] = field(default_factory=Counter)

    def inc(self, key: str, n: int = 1) -> None:
        self.counts[key] += n

    def merge(self, other: Stats) -> None:
        self.counts.update(other.counts)
        self.seconds.update(other.seconds)

    def to_dict(self) -> dict:
        return {
            "counts": dict(sorted(self.counts.items())),
            "seconds": {k: round(v, 6) for k, v in sorted(self.seconds.items())},
        }

    @classmethod
    def from_dict(cls, d: dict) -> Stats:
        return cls(Counter(d.get("counts", {})), Counter(d.get("seconds", {})))


def timer_usable() -> bool:
    """Whether this thread can keep a time limit: signal timers exist (not on Windows) and
    this is the main thread, the only one Python hands signals to. The local runner runs
    the units in worker processes, on their main threads, one worker included
    (``LocalExecutor(1, in_process=False)``); a stage driven off the main thread otherwise
    runs without the limit and counts ``<stage>/no_time_limit``."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


# The C module's own signal() and plain ints: signal.signal wraps every call in enum
# conversions (Signals, Handlers), ~5 us of the ~8 us a guarded document paid twice over.
# The handler handed back is the raw one (an int for SIG_DFL/SIG_IGN), restored as is.
_SIGALRM = int(getattr(signal, "SIGALRM", 14))
_ITIMER_REAL = int(getattr(signal, "ITIMER_REAL", 0))


def _arm(seconds: float):
    """Start the timer that raises :class:`DocumentTimeout` after ``seconds``; returns the
    handler it replaced, for :func:`_disarm`."""

    def _raise(signum, frame):  # pragma: no cover - exercised via tests of the guard
        raise DocumentTimeout(f"document exceeded the time limit of {seconds:g}s")

    previous = _signal.signal(_SIGALRM, _raise)
    _signal.setitimer(_ITIMER_REAL, seconds)
    return previous


def _disarm(previous) -> None:
    """Stop the timer and put back the handler :func:`_arm` replaced."""
    _signal.setitimer(_ITIMER_REAL, 0)
    _signal.signal(_SIGALRM, previous)


@contextmanager
def time_limit(seconds: float | None):
    """Raise :class:`DocumentTimeout` in this block after ``seconds`` (main thread only).

    Uses a real-time interval timer, so it interrupts Python code; a single long call
    into C (one parser call) is interrupted when it returns to Python.
    """
    if not seconds or not timer_usable():
        yield
        return
    previous = _arm(seconds)
    try:
        yield
    finally:
        _disarm(previous)


def _process_limited(stage: Stage, doc: Document, seconds: float) -> Document:
    """``stage.process(doc)`` under :func:`time_limit`'s timer, without the generator-based
    context manager around it (the per-document path)."""
    previous = _arm(seconds)
    try:
        return stage.process(doc)
    finally:
        _disarm(previous)


class Stage:
    """Base of every pipeline step.

    Subclasses set ``name`` and implement :meth:`process` (or override :meth:`run`).
    ``time_limit`` is set by the runner from the run config (seconds per document).
    Documents already quarantined by an earlier stage pass through untouched.
    """

    name: str = "stage"
    time_limit: float | None = None

    @classmethod
    def for_run(cls, config: Any) -> Stage:
        """The stage as a run configures it (``config``: an ``execute.config.RunConfig``);
        a stage with options reads them here."""
        return cls()

    def process(self, doc: Document) -> Document:
        """Fill fields of one document and return it (the same object is fine)."""
        raise NotImplementedError

    def run(self, docs: Iterable[Document], stats: Stats) -> Iterator[Document]:
        for doc in docs:
            yield self.guard(doc, stats)

    def guard(self, doc: Document, stats: Stats) -> Document:
        """Apply :meth:`process` to one document, counting, timing and catching errors."""
        if doc.decision == QUARANTINE:
            stats.inc(f"{self.name}/skipped_quarantined")
            return doc
        stats.inc(f"{self.name}/in")
        t0 = time.perf_counter()
        try:
            seconds = self.time_limit
            if not seconds:
                out = self.process(doc)
            elif timer_usable():
                out = _process_limited(self, doc, seconds)
            else:  # off the main thread: no timer; counted, never silent (review r40)
                stats.inc(f"{self.name}/no_time_limit")
                out = self.process(doc)
        except DocumentTimeout as exc:
            out = quarantine(doc, f"{self.name}: timeout: {exc}")
            stats.inc(f"{self.name}/error/timeout")
        except Exception as exc:  # one bad document never stops a run
            out = quarantine(doc, f"{self.name}: {type(exc).__name__}: {exc}")
            stats.inc(f"{self.name}/error/{type(exc).__name__}")
        stats.seconds[self.name] += time.perf_counter() - t0
        return out


def quarantine(doc: Document, error: str) -> Document:
    """Mark a document as stopped by an error; it is written to ``quarantine/``."""
    doc.decision = QUARANTINE
    doc.reason = "error"
    doc.error = error[:2000]
    return doc


#: Documents a stage runs back to back before the next stage takes them (:func:`run_stages`).
CHUNK_DOCS = 16
#: ... unless their HTML and text reach this many characters first (a chunk of large pages
#: stays small in memory; a single larger document is a chunk of its own).
CHUNK_CHARS = 2_000_000


def _chunks(docs: Iterable[Document], most: int, chars: int) -> Iterator[list[Document]]:
    """``docs`` in lists of at most ``most`` documents and, but for a single larger one,
    about ``chars`` characters of HTML and text, in order."""
    chunk: list[Document] = []
    size = 0
    for doc in docs:
        chunk.append(doc)
        size += len(doc.html or "") + len(doc.text or "")
        if len(chunk) >= most or size >= chars:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def run_stages(
    stages: list[Stage],
    docs: Iterable[Document],
    stats: Stats,
    chunk: int = CHUNK_DOCS,
    chunk_chars: int = CHUNK_CHARS,
    on_chunk: Callable[[int], None] | None = None,
) -> Iterator[Document]:
    """Chain stages over chunks of documents as they are read: every stage runs a chunk's
    documents back to back, then hands them all to the next stage.

    Why chunks and not one document through every stage: each stage has its own working
    set (the parser, the language model's tables, the line and MT models, the regex
    tables), and a stage that starts each document after four others ran starts it with
    cold caches. Running a few documents back to back keeps them warm. The output is the
    same, in the same order (every stage treats each document on its own, and yields every
    document it receives); only the documents in memory at once grow, bounded by
    :data:`CHUNK_DOCS` and :data:`CHUNK_CHARS`. ``chunk=1`` is one document at a time.
    ``on_chunk(n)`` is told before the stages take each chunk of ``n`` documents.
    """
    for batch in _chunks(docs, max(1, chunk), chunk_chars):
        if on_chunk is not None:
            on_chunk(len(batch))
        for stage in stages:
            batch = list(stage.run(batch, stats))
        yield from batch
