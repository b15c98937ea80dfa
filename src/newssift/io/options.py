"""How inputs are read: field names, unit sizes and limits, in one picklable object.

The options travel with the run configuration to every worker, and they shape what is
read (which JSONL field holds the HTML, how big a work unit is), so they are part of the
run's fingerprint. Keeping them in one small dataclass (not CLI globals) is what lets
the same reader run from the CLI, from Python and inside a Ray task.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: The fields JSONL and Parquet datasets name a page's publication date by: schema.org's
#: ``datePublished``, news-please's ``date_publish``, newspaper3k and RealNews's
#: ``publish_date``, NewsAPI's ``publishedAt``, the NYT API's ``pub_date``, and the plain
#: spellings of the same. Not ``date``: a web corpus's ``date`` is most often its crawl
#: date (Common Crawl exports, FineWeb), which :attr:`ReadOptions.date_field` reads as the
#: fetch date. newssift's own records say ``date`` for the publication date and
#: ``fetch_date`` for the other; the reader tells them by that ``fetch_date`` field
#: (:func:`newssift.io.jsonl_reader.row_dates`).
PUBLISHED_FIELDS: tuple[str, ...] = (
    "published", "published_date", "date_published", "datePublished", "date_publish",
    "publish_date", "published_at", "publishedAt", "pub_date", "publication_date",
)


def field_names(value: str | Iterable[str], name: str) -> tuple[str, ...]:
    """Field names as a tuple: a str is split on commas (as the command line's
    ``--published-fields`` is; a field name holding a comma cannot be given), empty names
    left out; anything but strs is a TypeError naming the option."""
    if isinstance(value, str):
        return tuple(f.strip() for f in value.split(",") if f.strip())
    try:
        names = tuple(value)
    except TypeError:
        raise TypeError(f"{name} must be field names, not {value!r}") from None
    for f in names:
        if not isinstance(f, str):
            raise TypeError(f"{name} must be field names (str), not {f!r}")
    return tuple(f for f in names if f)


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
    #: JSONL/Parquet fields holding the publication date, tried in order: the first that
    #: reads as a day fills the record's ``date`` (the canonical rule of dedup orders
    #: copies by it; a text input without one sorted after every dated copy). Empty: none.
    published_fields: tuple[str, ...] = PUBLISHED_FIELDS

    def __post_init__(self) -> None:
        self.published_fields = field_names(self.published_fields, "published_fields")
