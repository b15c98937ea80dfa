"""The run folder's layout, in one place: every name a run writes under ``OUT``.

A run folder holds the records by decision (``kept/``, ``rejected/``, ``quarantine/``,
one part file per work unit: ``part-<unit>.<parquet|jsonl>``), the provenance files
(``dedup/clusters.parquet``, ``sites.parquet``), the summary (``stats.json``), the
optional one-file ``report.html``, and the run state (``_state/``: the plan, the lock,
one completion marker per unit; the viewer's word index), which is not part of the output
proper.

The writers, the worker and the runner, resume, re-decide, dedup, trace, the report and
the viewer all find these files through :class:`RunFolder`, and a part's format is read
off its name here (:func:`parse_part_name`, :func:`is_parquet`), not guessed again by each
reader. Local folders and object-storage URLs are spelled the same way
(:func:`newssift.io.storage.join`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newssift.errors import InputError
from newssift.io import storage
from newssift.record import KEEP, QUARANTINE, REJECT

KEPT = "kept"
REJECTED = "rejected"
QUARANTINED = "quarantine"
#: decision -> the folder its records are written to
DECISION_FOLDERS = {KEEP: KEPT, REJECT: REJECTED, QUARANTINE: QUARANTINED}
FOLDERS = (KEPT, REJECTED, QUARANTINED)
#: the folders whose records carry text: what provenance and re-deciding read
TEXT_FOLDERS = (KEPT, REJECTED)
FORMATS = ("parquet", "jsonl")

STATS = "stats.json"
REPORT = "report.html"
SITES = "sites.parquet"
DEDUP = "dedup"
CLUSTERS = "clusters.parquet"
STATE = "_state"
MARKERS = "markers"
RUN_STATE = "run.json"
#: the viewer's word index of the run (``_state/view/words-<key>/``, see newssift.view.words)
VIEW = "view"
PART_PREFIX = "part-"


def part_name(unit: str, fmt: str) -> str:
    """The file name of one unit's part: ``part-<unit>.<fmt>``."""
    return f"{PART_PREFIX}{unit}.{fmt}"


def is_parquet(path: str | os.PathLike[str]) -> bool:
    """Whether a part is Parquet (any other part is JSONL lines)."""
    return os.fspath(path).endswith(".parquet")


def parse_part_name(name: str) -> tuple[str, str] | None:
    """``(unit, format)`` of a part's file name, or None for any other file."""
    if not name.startswith(PART_PREFIX):
        return None
    stem, _, ext = name.rpartition(".")
    if ext not in FORMATS or not stem[len(PART_PREFIX):]:
        return None
    return stem[len(PART_PREFIX):], ext


@dataclass(frozen=True)
class Part:
    """One part file: where it is, which folder and unit it belongs to, its format."""

    path: str
    folder: str
    unit: str
    fmt: str


class RunFolder:
    """The layout of one run folder ``root`` (a local path or an fsspec URL)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = os.fspath(root)

    def __repr__(self) -> str:
        return f"RunFolder({self.root!r})"

    def path(self, *names: str) -> str:
        return storage.join(self.root, *names)

    # -- records ---------------------------------------------------------------------
    def folder(self, name: str) -> str:
        return self.path(name)

    def part(self, folder: str, unit: str, fmt: str) -> str:
        """The path of one unit's part in ``folder`` (whether it exists or not)."""
        return self.path(folder, part_name(unit, fmt))

    def parts(self, folder: str = KEPT) -> list[Part]:
        """The part files of one folder, in name (= unit) order."""
        base = self.folder(folder)
        found = []
        for name in storage.listdir(base):
            parsed = parse_part_name(name)
            if parsed is not None:
                found.append(Part(storage.join(base, name), folder, *parsed))
        return found

    def part_paths(self, folder: str = KEPT) -> list[Path] | list[str]:
        """The paths of one folder's parts, in unit order: :class:`~pathlib.Path` for a
        local folder (what callers read bytes or names from), URLs on object storage."""
        paths = [p.path for p in self.parts(folder)]
        return paths if storage.is_url(self.root) else [Path(p) for p in paths]

    def units(self, folders: tuple[str, ...] = TEXT_FOLDERS) -> dict[str, tuple[str, list[str]]]:
        """unit -> (format, its parts in ``folders``); a unit in two formats is an error."""
        units: dict[str, tuple[str, list[str]]] = {}
        for folder in folders:
            for part in self.parts(folder):
                fmt, paths = units.setdefault(part.unit, (part.fmt, []))
                if fmt != part.fmt:
                    raise InputError(f"{self.root}: unit {part.unit} has parts in two formats")
                paths.append(part.path)
        return units

    def read_markers(self, units: list[str] | None = None) -> dict[str, dict]:
        """The completion markers that read as JSON, by unit id: of ``units`` (unit ids),
        or of every unit with one. The marker folder is listed once and the markers read
        together (concurrently on a URL), so a run of thousands of units on object storage
        does not ask for each marker in turn; a marker that is not JSON is passed over
        (its unit counts as not done)."""
        names = {n[: -len(".json")] for n in storage.listdir(self.markers)
                 if n.endswith(".json")}
        wanted = sorted(names) if units is None else [u for u in units if u in names]
        paths = {self.marker(u): u for u in wanted}
        markers = {}
        for path, data in storage.read_many(list(paths)).items():
            try:
                markers[paths[path]] = json.loads(data)
            except (json.JSONDecodeError, UnicodeDecodeError):
                continue
        return markers

    def missing_parts(self) -> list[str]:
        """Parts a finished unit wrote (its completion marker counts its records) that are
        not there any more, as ``part-<unit> in kept/ or rejected/ (N records)``, in unit
        order. Kept and rejected count together: ``newssift decide`` moves records between
        them (and removes a part left empty) without touching the markers. A marker that
        cannot be read is passed over."""
        present = {(f, p.unit) for f in FOLDERS for p in self.parts(f)}
        missing = []
        for unit, marker in sorted(self.read_markers().items()):
            try:
                counts = marker["counts"]
                for group in (TEXT_FOLDERS, (QUARANTINED,)):
                    n = sum(int(counts.get(f"output/{f}", 0)) for f in group)
                    if n and not any((f, unit) in present for f in group):
                        where = " or ".join(f"{f}/" for f in group)
                        missing.append(f"{PART_PREFIX}{unit} in {where} ({n} records)")
            except (KeyError, TypeError, ValueError, AttributeError):
                continue
        return missing

    def missing_warning(self) -> str | None:
        """One line for a command that reads the run back (report, view) when parts are
        missing (:meth:`missing_parts`); None when none is."""
        missing = self.missing_parts()
        if not missing:
            return None
        shown = ", ".join(missing[:3]) + (", ..." if len(missing) > 3 else "")
        return (f"newssift: warning: {len(missing)} part(s) of {self.root} are missing "
                f"({shown}): their records are not shown; rerun the run with --resume "
                "to write them again")

    def holds_records(self, folders: tuple[str, ...] = TEXT_FOLDERS) -> bool:
        return any(storage.isdir(self.folder(f)) for f in folders)

    # -- summary and provenance -------------------------------------------------------
    @property
    def stats(self) -> str:
        return self.path(STATS)

    @property
    def report(self) -> str:
        return self.path(REPORT)

    @property
    def sites(self) -> str:
        return self.path(SITES)

    @property
    def dedup(self) -> str:
        return self.path(DEDUP)

    @property
    def clusters(self) -> str:
        return self.path(DEDUP, CLUSTERS)

    def has_stats(self) -> bool:
        return storage.exists(self.stats)

    def read_stats(self) -> dict[str, Any]:
        """The run's stats.json ({} when there is none); a file that is not one is an
        :class:`~newssift.errors.InputError` line."""
        if not storage.exists(self.stats):
            return {}
        try:
            data = json.loads(storage.read_text(self.stats))
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise InputError(f"{self.stats}: not a newssift stats file") from None
        if not isinstance(data, dict):
            raise InputError(f"{self.stats}: not a newssift stats file")
        return data

    def write_stats(self, summary: dict[str, Any]) -> None:
        storage.write_text(self.stats, json.dumps(summary, indent=2, ensure_ascii=False) + "\n")

    # -- run state -------------------------------------------------------------------
    @property
    def state(self) -> str:
        return self.path(STATE)

    @property
    def run_state(self) -> str:
        return self.path(STATE, RUN_STATE)

    @property
    def markers(self) -> str:
        return self.path(STATE, MARKERS)

    @property
    def view_index(self) -> str:
        """Where ``newssift view`` keeps the run's word index (built once, reused)."""
        return self.path(STATE, VIEW)

    def marker(self, unit: str) -> str:
        return self.path(STATE, MARKERS, f"{unit}.json")
