"""How inputs are read: field names, unit sizes and limits, in one picklable object.

The options travel with the run configuration to every worker, and they shape what is
read (which JSONL field holds the HTML, how big a work unit is), so they are part of the
run's fingerprint. Keeping them in one small dataclass (not CLI globals) is what lets
the same reader run from the CLI, from Python and inside a Ray task.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ReadOptions:
    """Options of the readers (see :mod:`newssift.io.readers`)."""

    html_field: str = "html"  # JSONL/Parquet field holding raw HTML
    text_field: str = "text"  # JSONL/Parquet field holding extracted text
    url_field: str = "url"
    id_field: str = "id"
    date_field: str = "date"  # fetch date in JSONL/Parquet rows
    #: Split files larger than this into ranges of about this size; 0: chosen from the
    #: inputs' total size (about 64 units, 1-32 MB each: ``planner.auto_unit_bytes``).
    unit_bytes: int = 0
    unit_files: int = 256  # HTML / text files per unit
    read_html: bool = True  # fill Document.html (the extract stage needs it)
    max_record_bytes: int = 64 << 20  # larger lines/records/files are quarantined, not read
