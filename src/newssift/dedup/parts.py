"""Reading the few columns dedup needs from a run's kept parts, and writing its fields back.

Dedup reads only ``id``, ``url``, ``canonical_url``, ``text``, ``date``, ``site_name``,
``news.dateline_agency``, ``reason`` and ``scores``: with Parquet these are read as columns,
never as whole records. Parts of ``kept/`` and ``rejected/`` are read alike (provenance
covers rejected copies too). Rewriting a part keeps its file name and row order and
replaces just the four dedup columns and the dedup flags (``copy_of``) of ``flags``,
writing to a temporary name and renaming, so an interrupted rewrite never leaves
a half-written part and the bytes depend only on the part and the assignments. Parts may
be URLs (:mod:`newssift.io.storage`); there a part is read whole before it is rewritten
under its own name, as object storage has no rename.
"""

from __future__ import annotations

import bisect
import contextlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from newssift.io import arrays, storage
from newssift.io.part_rewrite import rewrite_part
from newssift.io.run_folder import is_parquet
from newssift.io.writers import iter_columns as iter_part_columns
from newssift.io.writers import read_columns as read_part_columns
from newssift.record import scores_to_dict

DEDUP_FIELDS = ("cluster_id", "canonical_id", "canonical_similarity", "canonical_reason")
#: Flags dedup writes (and replaces on every run); every other flag is left as it is.
DEDUP_FLAGS = frozenset({"copy_of"})
#: A record is a suspected copy (never the canonical while an unsuspected member exists)
#: when it was rejected for one of these reasons or one of these scores reaches the limit.
SUSPECT_REASONS = frozenset({"content_farm", "machine_translated"})
SUSPECT_SCORES = ("content_farm", "machine_translated")
SUSPECT_LIMIT = 0.5


def is_suspect(reason: str | None, scores: dict[str, float | None]) -> bool:
    """Flagged as a content-farm or machine-translated copy (see ``SUSPECT_*``); ``scores``
    as :func:`newssift.record.scores_to_dict` gives them, whatever the part's format."""
    if reason in SUSPECT_REASONS:
        return True
    return any((scores.get(k) or 0.0) >= SUSPECT_LIMIT for k in SUSPECT_SCORES)


@dataclass
class PartColumns:
    """The columns of one part that dedup reads, aligned by row."""

    ids: list[str]
    urls: list[str | None]
    canonical_urls: list[str | None]
    texts: list[str | None]
    dates: list[str | None]
    site_names: list[str | None]
    agencies: list[str | None]
    suspect: list[bool]
    #: ``texts`` as the Arrow column read (kept by the signature stage as a scratch
    #: copy, :func:`save_texts`, so later stages do not decode the part's texts again).
    text_column: pa.ChunkedArray | None = None
    #: ``reason`` and ``scores`` as read (the signature stage derives the part's rows of
    #: sites.parquet from them: :func:`newssift.dedup.sites.site_marks`)
    reasons: list[str | None] | None = None
    scores: list | None = None


_COLUMNS = ["id", "url", "canonical_url", "text", "date", "site_name",
            "news.dateline_agency", "reason", "scores"]


def read_columns(path: str | Path) -> PartColumns:
    """The columns dedup reads of one part (:func:`newssift.io.writers.read_columns`, so
    Parquet and JSONL parts are read by one reader); a part that cannot be read is one
    :class:`~newssift.errors.PartError` line, as everywhere parts are read back. The
    signature stage reads parts :func:`iter_columns` a batch at a time; this whole-part
    form is what that one is tested against (tests/dedup/test_streamed.py)."""
    return _part_columns(read_part_columns(os.fspath(path), _COLUMNS))


def iter_columns(path: str | Path, batch_rows: int) -> Iterator[PartColumns]:
    """:func:`read_columns` a batch of at most ``batch_rows`` rows at a time, in row
    order (:func:`newssift.io.writers.iter_columns`: a part's text column is neither
    decoded whole nor held as Python strings until the part is done)."""
    for table in iter_part_columns(os.fspath(path), _COLUMNS, batch_rows):
        yield _part_columns(table)


def _part_columns(table: pa.Table) -> PartColumns:
    """The :class:`PartColumns` of a table of dedup's columns (``_COLUMNS``)."""

    def col(name: str) -> list:
        return table.column(name).to_pylist()

    reasons, scores = col("reason"), col("scores")
    suspect = [is_suspect(r, scores_to_dict(sc)) for r, sc in zip(reasons, scores, strict=True)]
    return PartColumns(col("id"), col("url"), col("canonical_url"), col("text"),
                       col("date"), col("site_name"), col("news.dateline_agency"), suspect,
                       table.column("text"), reasons, scores)


def save_texts(path: str, cols: PartColumns) -> None:
    """The part's ``text`` column as read (its chunks too), in an uncompressed Arrow file
    (:func:`newssift.io.arrays.write_arrow`): the texts are decoded from the part once,
    by the signature stage; the canonicals' texts and the rewrite map this copy instead
    (:func:`read_for_rewrite`, :func:`read_text_columns`). The signature stage writes it
    batch by batch (:class:`TextScratch`); this whole-column form is what that one is
    tested against."""
    arrays.write_arrow(pa.table({"text": cols.text_column}), path)


class TextScratch:
    """:func:`save_texts`'s file written a batch at a time (:meth:`add` each batch's
    text column, in row order, inside a ``with`` block): the same texts and chunks as
    :func:`save_texts` of the whole part."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._stack = contextlib.ExitStack()
        self._writer = None

    def __enter__(self) -> TextScratch:
        return self

    def add(self, column: pa.ChunkedArray) -> None:
        if self._writer is None:
            self._writer = self._stack.enter_context(
                arrays.arrow_writer(self.path, pa.schema([("text", column.type)])))
        for chunk in column.chunks:
            self._writer.write_batch(pa.record_batch([chunk], names=["text"]))

    def __exit__(self, *exc: object) -> None:
        self._stack.__exit__(*exc)


def _saved_texts(path: str | Path | None, rows: int) -> pa.ChunkedArray | None:
    """The texts :func:`save_texts` wrote, or ``None`` when there is no such file or it
    does not hold ``rows`` rows (then the part's own column is read)."""
    if path is None or not storage.exists(os.fspath(path)):
        return None
    col = arrays.read_arrow(path).column("text")
    return col if len(col) == rows else None


_TEXT_COLUMNS = ["id", "url", "text"]


#: What the rewrite reads of a part (with ``text``): its copies' ids, URLs and texts, and
#: the flags it merges its ``copy_of`` flags into; the other columns are copied as they
#: lie in the part (:func:`newssift.io.part_rewrite.rewrite_part`).
_REWRITE_COLUMNS = ["id", "url", "flags"]


def read_for_rewrite(path: str | Path, texts: str | Path | None = None) -> pa.Table | None:
    """The ``id``, ``url``, ``flags`` and ``text`` columns of a Parquet part, else ``None``:
    read once by the rewrite, which takes its copies' texts from them (:func:`read_texts`)
    and its old flags (:func:`rewrite`). ``texts``, the part's :func:`save_texts` file:
    the texts are taken from it rather than decoded from the part a second time."""
    path = os.fspath(path)
    if not is_parquet(path):
        return None
    if texts is not None:
        got = read_part_columns(path, _REWRITE_COLUMNS)
        col = _saved_texts(texts, got.num_rows)
        if col is not None:
            return got.append_column("text", col)
    return read_part_columns(path, [*_REWRITE_COLUMNS, "text"])


def read_text_columns(path: str | Path, texts: str | Path | None = None) -> pa.Table:
    """The ``id``, ``url`` and ``text`` columns of one part (read by
    :func:`newssift.io.writers.read_columns`, like :func:`read_columns`); the texts from
    ``texts``, the part's :func:`save_texts` file, when given."""
    if texts is not None:
        got = read_part_columns(os.fspath(path), _TEXT_COLUMNS[:2])
        col = _saved_texts(texts, got.num_rows)
        if col is not None:
            return got.append_column("text", col)
    return read_part_columns(os.fspath(path), _TEXT_COLUMNS)


def read_texts(path: str | Path, rows: list[int],
               table: pa.Table | None = None) -> Mapping[int, tuple]:
    """``row -> (id, url, text)`` of the given rows of one part (read by
    :func:`newssift.io.writers.read_columns`, like :func:`read_columns`), or taken from
    ``table``, the part's columns as :func:`read_for_rewrite` read them, when it has the
    three (:class:`RowTexts`: the texts become Python strings a chunk at a time)."""
    want = sorted(set(rows))
    if not want:
        return {}
    if table is not None and all(c in table.column_names for c in _TEXT_COLUMNS):
        table = table.select(_TEXT_COLUMNS)
    else:
        table = read_text_columns(path)
    return RowTexts(table, want)


class RowTexts(Mapping):
    """``row -> (id, url, text)`` of the rows ``want`` (sorted, distinct) of a table of
    ``id``, ``url`` and ``text``, the texts decoded one chunk of the text column at a
    time, when a row of it is first asked for (the previous chunk's strings are let go).

    Why: the rewrite asks for its copies' rows in row order, and in a corpus of copies
    that is most of a part's rows. Taken at once (one ``take`` of the rows, then every
    text a Python string until the part was done) they were tens of MB of fresh memory
    a part; a chunk (the signature stage writes the texts 1,024 rows a chunk) is reused
    by the next. Rows asked out of order still come right, but each switch of chunk
    decodes that chunk again."""

    def __init__(self, table: pa.Table, want: list[int]) -> None:
        small = table.select(["id", "url"]).take(pa.array(want, pa.int64()))
        self._small = dict(zip(want, zip(small.column("id").to_pylist(),
                                         small.column("url").to_pylist(), strict=True),
                               strict=True))
        self._want = want
        self._text = table.column("text")
        self._starts = [0]
        for chunk in self._text.chunks:
            self._starts.append(self._starts[-1] + len(chunk))
        self._chunk = -1
        self._texts: dict[int, str | None] = {}

    def __getitem__(self, row: int) -> tuple:
        ident, url = self._small[row]
        k = bisect.bisect_right(self._starts, row) - 1
        if k != self._chunk:
            lo, hi = self._starts[k], self._starts[k + 1]
            rows = self._want[bisect.bisect_left(self._want, lo):bisect.bisect_left(self._want, hi)]
            texts = self._text.chunk(k).take(pa.array([r - lo for r in rows], pa.int64()))
            self._texts = dict(zip(rows, texts.to_pylist(), strict=True))
            self._chunk = k
        return ident, url, self._texts[row]

    def __iter__(self) -> Iterator[int]:
        return iter(self._want)

    def __len__(self) -> int:
        return len(self._want)


def rewrite(path: str | Path, fields: dict[str, list],
            flags: list[list[dict]] | None = None, table: pa.Table | None = None) -> None:
    """Replace the dedup columns of one part in place (same name, same row order).

    ``flags``, when given, holds per row the dedup flags (dicts of the ``Flag`` fields)
    that replace the row's earlier dedup flags; other flags are kept in their order
    (:func:`newssift.io.part_rewrite.rewrite_part`). ``table`` holds the part's columns
    as :func:`read_for_rewrite` read them, if it did (its ``flags`` are not read again).
    """
    rewrite_part(path, {name: fields[name] for name in DEDUP_FIELDS}, flags, DEDUP_FLAGS,
                 table)
