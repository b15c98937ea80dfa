"""Which documents a worker holds, written down as it goes, so a worker's death names them.

Why: a document that kills the process working on it (a crash in compiled code, the
out-of-memory killer) must not stop the run, and must not stop every ``--resume`` after
it either. The runner can only set such a document aside if it knows which one it was, and
a dead worker says nothing. So each local worker keeps a small file of its own (named by
its pid, in a folder the runner makes for the run) saying which unit it works on and which
of the unit's documents it holds: the one being read, or the chunk the stages run over.
When a worker dies, the runner reads that file (:func:`held_by`) and decides what to redo
(:class:`Suspects`, used by ``execute/local.py``):

- a death blames the documents it held (the chunk): their unit is redone one document at
  a time ("careful"), so the next death there names one document;
- a death holding one document that the unit's previous death held too sets it aside:
  the next attempt quarantines it unread by the stages, its record's ``error`` saying
  so (:data:`SKIPPED_ERROR`; how the worker ended is in the log); a death elsewhere
  only makes the unit's next suspects, so one from outside (another process's memory)
  does not set a good document aside;
- a death that names no document (an idle worker, one killed from outside between
  units) just redoes the unfinished units; a unit whose worker dies twice outside its
  documents (starting the unit, or writing its parts) ends the run.

Deaths are bounded (:data:`MOST_DEATHS`), and a document set aside that kills its worker
again (while it is read, before it can be skipped) ends the run with one line naming it.
A write costs one ``pwrite`` of 32 bytes per document and chunk (a unit's note on Ray,
a whole small file each, through a temporary name or an object-storage request). One
worker asked for runs in a pool of one, so it recovers as a pool of two does; only a run
into ``memory://``, a caller that can start no process (daemonic, or without semaphores)
or ``executor=LocalExecutor(1)`` keeps its units in the runner's own process, with no note
and nothing to recover to.

On Ray (``execute/ray_executor.py``) a task's worker that dies is retried by Ray first;
when Ray gives up, the runner learns which task died, not which process. There a unit
keeps no note while it runs as usual (on object storage a note a document would be a
request each), so its death blames all its documents and narrows nothing; it is redone
with care, and only then does it note what it holds, in a file named by the unit
(:func:`unit_note`, :func:`held_in`) in the output's ``_state/``, which every node sees:
two careful deaths holding the same document alone set it aside.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from newssift.execute.executors import RESUME_HINT
from newssift.execute.worker_pool import WorkerDied
from newssift.io import storage
from newssift.io.kinds import HTML, PARQUET, TEXT
from newssift.io.storage import recorded
from newssift.io.units import WorkUnit
from newssift.record import Document
from newssift.stage import Stats, quarantine

log = logging.getLogger(__name__)

#: Bytes of the file's head: "<start> <end> <length of the unit id>", space-padded; the
#: unit id follows it.
HEAD = 32
#: The notes' folder in a local run's ``_state/`` (``execute/local.py``).
IN_FLIGHT = "in_flight"
#: Worker deaths a run recovers from before it ends as an unrecovered death would (a bad
#: document takes two, three on Ray, where a death is a task Ray gave up on: about 25 such
#: documents a run, 16 on Ray; ``--resume`` goes on from there).
MOST_DEATHS = 50

#: The end of "all the unit's documents", for a death that held an unknown one of them.
ALL = 1 << 40

#: Documents of a unit to quarantine unprocessed: their positions in the unit, sorted.
Skip = tuple[int, ...]


class InFlight:
    """The worker side: ``folder``'s file of this process, for one unit (no file and no
    cost when ``folder`` is None).

    ``by_unit`` (Ray, whose driver learns which task died, not which process): the file is
    named by the unit (:func:`unit_note`), written whole through :mod:`newssift.io.storage`
    (a shared mount or object storage), only while the unit runs ``careful``, and removed
    when its documents are done. A unit's first death then blames all its documents
    (:func:`held_in`), and its careful redo names the one."""

    def __init__(self, folder: str | None, unit_id: str, by_unit: bool = False,
                 careful: bool = False) -> None:
        self._fd: int | None = None
        self._path: str | None = None  # a unit's note (by_unit)
        self._broken = False  # a unit's note that could not be written (logged once)
        self._last: tuple[int, int] | None = None  # the mark last written
        self._staged = 0  # documents handed to the stages so far
        if folder is None or (by_unit and not careful):
            return
        self._uid = unit_id.encode("utf-8", "surrogateescape")
        try:
            if by_unit:
                self._path = storage.join(folder, unit_note(unit_id))
            else:
                self._fd = os.open(os.path.join(folder, str(os.getpid())),
                                   os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.pwrite(self._fd, self._uid, HEAD)
            self._mark(0, 0)
        except Exception as exc:  # the unit runs on; only a death here would go unnamed
            log.warning("newssift: cannot note the documents this worker holds: %s", exc)
            self.close()

    def _mark(self, start: int, end: int) -> None:
        if ((self._fd is None and (self._path is None or self._broken))
                or (start, end) == self._last):  # no note; a chunk repeating its read's mark
            return
        self._last = (start, end)
        head = f"{start} {end} {len(self._uid)}".encode().ljust(HEAD)
        if self._fd is not None:
            os.pwrite(self._fd, head, 0)
        else:
            try:
                storage.write_bytes(self._path, head + self._uid)
            except Exception as exc:  # a stale note narrows nothing wrong (two deaths do)
                log.warning("newssift: cannot note the documents this worker holds: %s",
                            storage.describe(exc))
                self._broken = True

    def documents(self, docs: Iterable[Document], skip: Skip,
                  stats: Stats) -> Iterator[Document]:
        """``docs`` in order, each marked held while it is read; those at a position
        ``skip`` names come out quarantined, for the stages to pass by."""
        deaths = set(skip)
        for i, doc in enumerate(_marked_reads(docs, self._mark)):
            if i in deaths:
                stats.inc("worker/error/killed")
                doc = quarantine(doc, SKIPPED_ERROR)
            yield doc

    def chunk(self, n: int) -> None:
        """The stages take the next ``n`` documents (``run_stages``' ``on_chunk``)."""
        self._mark(self._staged, self._staged + n)
        self._staged += n

    def writing(self) -> None:
        """Every document went through: the unit's parts are written now, holding none."""
        self._mark(self._staged, self._staged)

    def close(self) -> None:
        """The unit's documents are done (what follows, its marker, holds none)."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                os.pwrite(fd, b"0 0 0".ljust(HEAD), 0)
            finally:
                os.close(fd)
        if self._path is not None:  # a unit's note: gone is "holds none" too
            path, self._path = self._path, None
            with contextlib.suppress(Exception):
                storage.remove(path)


def _marked_reads(docs: Iterable[Document], mark) -> Iterator[Document]:
    it = iter(docs)
    i = 0
    while True:
        mark(i, i + 1)
        try:
            doc = next(it)
        except StopIteration:  # no document i: what follows holds none
            mark(i, i)
            return
        yield doc
        i += 1


#: The record of a document set aside (``Document.error``; the stage part is "worker"). How
#: its worker ended (a signal, Ray's error) is in the run's log, not here: the record is
#: the same whichever engine ran it (review r47).
SKIPPED_ERROR = ("worker: not processed: its worker process died twice while it held this "
                 "document, the second time while it held it alone (out of memory, or a "
                 "crash in compiled code); the run went on without it")


def clear_notes(folder: str) -> None:
    """Remove the notes of workers that are gone: a new worker may get a dead one's pid,
    and a unit's note left by a cancelled task would blame its documents."""
    for name in storage.listdir(folder):
        with contextlib.suppress(Exception):
            storage.remove(storage.join(folder, name))


def unit_note(unit_id: str) -> str:
    """The name of a unit's note (``InFlight(by_unit=True)``): unit ids hold slashes."""
    return "unit-" + hashlib.sha1(unit_id.encode("utf-8", "surrogateescape")).hexdigest()


def held_by(folder: str | os.PathLike, pid: int | None) -> tuple[str, int, int] | None:
    """``(unit id, start, end)``: the documents the worker ``pid`` held when it stopped
    writing; None when it left no file (or held no unit)."""
    return None if pid is None else _read_note(os.path.join(folder, str(pid)))


def held_in(folder: str, unit_id: str) -> tuple[str, int, int]:
    """What the task of ``unit_id`` held when its worker died, for a note named by the
    unit (``InFlight(by_unit=True)``). No note (a unit run without care keeps none; a
    careful one before its note, after its documents, or one a shared mount does not show
    yet: review r48) blames all its documents, ``(unit id, 0, ALL)``, which narrows
    nothing and only counts toward :data:`MOST_DEATHS`."""
    held = _read_note(storage.join(folder, unit_note(unit_id)))
    if held is not None and held[0] == unit_id:
        return held
    return (unit_id, 0, ALL)


def _read_note(path: str | Path) -> tuple[str, int, int] | None:
    try:
        data = storage.read_bytes(path)
        start, end, n = (int(x) for x in data[:HEAD].split())
    except (OSError, ValueError):
        return None
    uid = data[HEAD:HEAD + n].decode("utf-8", "surrogateescape")
    return (uid, start, end) if uid else None


@dataclass
class Suspects:
    """The runner side: what the run's worker deaths taught it, and what to redo.

    A document is set aside only when two deaths in its unit both held it, the second
    holding it alone: a death elsewhere (another worker's memory, a kill from outside)
    narrows nothing, it only makes the unit's next suspects (review r45: an
    out-of-memory kill of a careful unit's worker had a document set aside that the
    first death never held). A death that held all of a unit's documents (on Ray, a
    unit's first: it keeps no note until it is redone with care) counts as holding none
    of them in particular: the document it set aside took two careful deaths more."""

    #: per unit, the positions of the documents set aside
    skip: dict[str, set[int]] = field(default_factory=dict)
    #: per unit, the documents the last death held (start, end) that set nothing aside;
    #: an empty range after a death that held them all (the unit is careful all the same)
    suspect: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: per unit, deaths outside its documents (starting it, or writing its parts)
    writing: dict[str, int] = field(default_factory=dict)
    deaths: int = 0

    def job(self, unit_id: str) -> tuple[bool, Skip]:
        """How to run ``unit_id``: one document at a time (a death held some of its
        documents: it has suspects or set one aside) or not, and what to skip."""
        careful = unit_id in self.suspect or unit_id in self.skip
        return careful, tuple(sorted(self.skip.get(unit_id, ())))

    def learn(self, died: WorkerDied, held: tuple[str, int, int] | None,
              units: Mapping[str, WorkUnit] | None = None) -> str:
        """Take in one death (``held``: :func:`held_by` of the dead worker; ``units``: the
        run's units by id, to name the input) and return the line to log about it; raise
        the death, named, when the run cannot recover: too many deaths, a unit whose
        worker died twice outside its documents, or a document set aside that killed its
        worker again (while it was read, before it could be skipped)."""
        how = died.told
        self.deaths += 1
        if self.deaths > MOST_DEATHS:
            raise WorkerDied(f"{MOST_DEATHS} worker deaths in this run, the last a worker "
                             f"process that {how}; {RESUME_HINT}", died.pid, died.how) from died
        if held is None:
            return f"a worker process {how} between units; redoing the unfinished units"
        uid, start, end = held
        unit = (units or {}).get(uid)
        if start >= end:
            self.writing[uid] = self.writing.get(uid, 0) + 1
            if self.writing[uid] > 1:
                raise WorkerDied(f"a worker process {how} twice outside the documents of "
                                 f"{_unit_name(uid, unit)} (starting it, or writing its "
                                 f"parts); {RESUME_HINT}", died.pid, died.how) from died
            return (f"a worker process {how} outside the documents of "
                    f"{_unit_name(uid, unit)} (starting it, or writing its parts); redoing "
                    f"the unfinished units")
        what = _documents(uid, start, end, unit)
        if end - start == 1 and start in self.skip.get(uid, ()):
            raise WorkerDied(
                f"a worker process {how} while it read {what}, which had killed its worker "
                f"before: a document that stops the process reading it cannot be set "
                f"aside; the finished units are kept: mend or remove that input, then "
                f"rerun with --resume", died.pid, died.how) from died
        before = self.suspect.get(uid)
        if end - start == 1 and before is not None and before[0] <= start < before[1]:
            self.skip.setdefault(uid, set()).add(start)
            del self.suspect[uid]
            return (f"a worker process {how} again while it held {what}; "
                    f"that document is quarantined and the unit redone without it")
        # a death that held all the unit's documents (Ray's first: no note) makes the unit
        # careful and suspects none of them: the one its careful redo names becomes the
        # suspect (review r47)
        self.suspect[uid] = (start, end) if end < ALL else (start, start)
        return (f"a worker process {how} while it held {what}; redoing its unit one "
                f"document at a time")


def _unit_name(uid: str, unit: WorkUnit | None) -> str:
    """A unit in a user's words: its file (and where in it), or its files, or its id."""
    if unit is None:
        return f"unit {uid}"
    if len(unit.paths) > 1:
        return f"the files {recorded(unit.paths[0])} ... {recorded(unit.paths[-1])}"
    where = recorded(unit.paths[0])
    if unit.start:
        where += f" from {'row group' if unit.kind == PARQUET else 'byte'} {unit.start}"
    return where


def _documents(uid: str, start: int, end: int, unit: WorkUnit | None) -> str:
    """The documents ``start`` to ``end`` of a unit, in a user's words: the files of an
    HTML or text unit, else the documents' places in the unit's input."""
    if end >= ALL:
        return f"one of the documents of {_unit_name(uid, unit)}"
    if unit is not None and unit.kind in (HTML, TEXT) and end <= len(unit.paths):
        if end - start == 1:
            return f"the file {recorded(unit.paths[start])}"
        return f"the files {recorded(unit.paths[start])} ... {recorded(unit.paths[end - 1])}"
    docs = f"document {start + 1}" if end - start == 1 else f"documents {start + 1}-{end}"
    return f"{docs} of {_unit_name(uid, unit)}"
