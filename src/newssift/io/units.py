"""Work units: the smallest piece of input one worker processes, smaller than a file.

Existing toolkits make one input file one task, so a 2 GB WARC next to a hundred small
files keeps one core busy long after the others finish. A :class:`WorkUnit` is a range of
one file (WARC records starting in a byte range, JSONL lines starting in a byte range,
Parquet row groups) or a batch of small files. Plans are deterministic: the same inputs and
unit size always give the same units with the same ids, which is what makes completion
markers (resume) and per-unit output files (byte-identical output whatever the worker
count) work.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from newssift.io.storage import is_url, recorded


@dataclass(frozen=True, slots=True)
class WorkUnit:
    """A range of input. ``start``/``end`` are byte offsets (WARC, JSONL) or row-group
    indices (Parquet); ``end == -1`` means to the end of the file. ``size`` is the unit's
    share of input bytes, for progress and scheduling. ``root`` is the input (file or
    folder) the paths were found under: document ids hash paths relative to it, so they do
    not depend on the working directory; it is not part of :attr:`id`. Paths may be
    fsspec URLs (strings): a worker re-creates the filesystem from them."""

    index: int
    kind: str  # "warc" | "jsonl" | "parquet" | "html" | "text"
    paths: tuple[str, ...]
    start: int = 0
    end: int = -1
    size: int = 0
    root: str = ""

    @property
    def id(self) -> str:
        """Stable name of the unit, used for output part files and completion markers."""
        # file:///x names the unit as /x does; a folder URL the planner could not list,
        # marked with a "/" at its end, as the folder does (so file:// and local agree)
        paths = [recorded(p[:-1] if p.endswith("/") and is_url(p) else p) for p in self.paths]
        key = "\0".join([self.kind, *paths, str(self.start), str(self.end)])
        return f"{self.index:06d}-{hashlib.sha1(key.encode()).hexdigest()[:10]}"
