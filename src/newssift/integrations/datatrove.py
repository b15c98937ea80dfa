"""newssift as datatrove pipeline steps: an extractor, and an annotator of text documents.

Why: corpus builders already run datatrove (readers, filters, dedup, writers over many
machines); they should get newssift's extraction and its evidence without changing tools.

- :class:`NewssiftExtractor` takes documents whose ``text`` is a page's HTML (as
  datatrove's ``WarcReader`` yields them), runs newssift's extract, clean and news stages,
  and leaves the article body in ``text`` and the article fields and the cleaner's
  removed lines in ``metadata``. Like datatrove's extractors it drops a document that
  fails or comes out empty (counted in the step's stats).
- :class:`NewssiftAnnotator` takes text documents and adds, without dropping any,
  newssift's scores, flags with their evidence and, optionally, the cleaner's removed lines
  and the decision with its reason (under a decide policy, ``news`` by default), so a later
  datatrove filter can decide on them (``LambdaFilter(lambda d: scores(d)["content_farm"] < 0.5)``).

All keys added to ``metadata`` start with ``newssift_`` (datatrove's readers already use
``url`` and ``date``) and have the shapes of newssift's own Parquet schema: scores as a list
of ``{name, value}`` (:func:`scores` gives the dict), flags, removed lines and news parts as
in docs/record.md. datatrove's ``ParquetWriter`` takes its schema from the first document
unless given one, and documents differ in which scores and parts they have: pass
``schema=parquet_schema({...the reader's metadata...})``. Install with
``pip install 'newssift[datatrove]'``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow as pa
from datatrove.data import Document as DtDocument
from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from newssift.record import QUARANTINE, SCHEMA, Document
from newssift.stage import Stage, Stats

PREFIX = "newssift_"
#: Article fields copied to metadata by the extractor (as ``newssift_<field>``).
ARTICLE_FIELDS = ("title", "date", "authors", "site_name", "language", "canonical_url",
                  "description")


def to_newssift(doc: DtDocument, *, html: bool) -> Document:
    """A datatrove document as a newssift record (its text taken as HTML or as text)."""
    meta = doc.metadata or {}
    return Document(
        id=str(doc.id),
        source=str(meta.get("file_path") or "datatrove"),
        url=meta.get("url"),
        fetch_date=meta.get("date") if isinstance(meta.get("date"), str) else None,
        html=doc.text if html else None,
        text=None if html else doc.text,
    )


def evidence(doc: Document) -> dict[str, Any]:
    """What newssift learned about a record, as ``newssift_*`` metadata entries."""
    out: dict[str, Any] = {
        PREFIX + "scores": [{"name": k, "value": v} for k, v in sorted(doc.scores.items())],
        PREFIX + "flags": [dataclasses.asdict(f) for f in doc.flags],
        PREFIX + "removed": [dataclasses.asdict(r) for r in doc.removed],
    }
    if doc.news is not None:
        out[PREFIX + "news"] = dataclasses.asdict(doc.news)
    if doc.decision is not None:
        out[PREFIX + "decision"] = doc.decision
        out[PREFIX + "reason"] = doc.reason
    if doc.error:
        out[PREFIX + "error"] = doc.error
    return out


def scores(doc: DtDocument) -> dict[str, float]:
    """The newssift scores on a datatrove document, as a dict name → value."""
    return {s["name"]: s["value"] for s in doc.metadata.get(PREFIX + "scores") or []}


def metadata_fields() -> list[pa.Field]:
    """The ``newssift_*`` metadata entries with their Arrow types (from :data:`SCHEMA`)."""
    fields = [pa.field(PREFIX + name, SCHEMA.field(name).type) for name in ARTICLE_FIELDS]
    fields += [pa.field(PREFIX + name, SCHEMA.field(name).type)
               for name in ("scores", "flags", "removed", "news")]
    fields += [pa.field(PREFIX + name, pa.string()) for name in ("decision", "reason", "error")]
    return fields


def parquet_schema(metadata: dict[str, pa.DataType] | None = None) -> pa.Schema:
    """A schema for datatrove's ``ParquetWriter`` after a newssift step: ``text``, ``id``
    and a ``metadata`` struct of the given entries (e.g. ``{"file_path": pa.string()}``
    from a reader) and the ``newssift_*`` ones."""
    extra = [pa.field(k, t) for k, t in (metadata or {}).items()]
    return pa.schema([("text", pa.string()), ("id", pa.string()),
                      ("metadata", pa.struct(extra + metadata_fields()))])


def _stages(names: Iterable[str], time_limit: float | None, policy: str = "news") -> list[Stage]:
    from newssift.execute.config import RunConfig
    from newssift.execute.pipeline import build_stages

    return build_stages(RunConfig(stages=tuple(names), time_limit=time_limit, policy=policy))


class _NewssiftStep(PipelineStep):
    """Runs newssift stages on each document; counts their counters in the step's stats."""

    _html = False

    def __init__(self, stages: tuple[str, ...], time_limit: float | None,
                 policy: str = "news") -> None:
        super().__init__()
        self.stage_names = stages
        self.time_limit = time_limit
        self.policy = policy

    def _process(self, data: DocumentsPipeline) -> Iterator[tuple[DtDocument, Document]]:
        stages = _stages(self.stage_names, self.time_limit, self.policy)
        for dt_doc in data or ():
            self.stat_update("total")
            stats = Stats()
            with self.track_time():
                doc = to_newssift(dt_doc, html=self._html)
                for stage in stages:
                    doc = stage.guard(doc, stats)
            for key, n in stats.counts.items():
                self.stat_update(key, value=n)
            yield dt_doc, doc


class NewssiftExtractor(_NewssiftStep):
    """HTML in ``text`` → the article body, with ``newssift_*`` article fields, the removed
    lines and the news parts in ``metadata``. Failed or empty documents are dropped."""

    name = "📰 newssift extract"
    type = "🛢 - EXTRAC"
    _html = True

    def __init__(self, *, clean: bool = True, news: bool = True,
                 time_limit: float | None = 60.0) -> None:
        stages = ("extract",) + (("clean",) if clean else ()) + (("news",) if news else ())
        super().__init__(stages, time_limit)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1
            ) -> DocumentsPipeline:
        for dt_doc, doc in self._process(data):
            if doc.decision == QUARANTINE:
                self.stat_update("error")
                continue
            if not (doc.text or "").strip():
                self.stat_update("dropped")
                continue
            dt_doc.text = doc.text or ""
            for name in ARTICLE_FIELDS:
                value = getattr(doc, name)
                if value not in (None, [], ""):
                    dt_doc.metadata[PREFIX + name] = value
            dt_doc.metadata.update(evidence(doc))
            self.stat_update("forwarded")
            self.update_doc_stats(dt_doc)
            yield dt_doc


class NewssiftAnnotator(_NewssiftStep):
    """Adds newssift's scores, flags with evidence, and (with ``clean=True``) the lines the
    cleaner would remove, to each text document's ``metadata``; with ``decide=True`` also
    ``newssift_decision`` and ``newssift_reason``. The text is left as it was unless
    ``replace_text=True`` (then it becomes the cleaned text). No document is dropped."""

    name = "📰 newssift annotate"
    type = "🏷 - ANNOTATE"

    def __init__(self, *, clean: bool = True, news: bool = True, decide: bool = False,
                 policy: str = "news", replace_text: bool = False,
                 time_limit: float | None = 60.0) -> None:
        stages = ((("clean",) if clean else ()) + (("news",) if news else ()) + ("assess",)
                  + (("decide",) if decide else ()))
        super().__init__(stages, time_limit, policy)
        self.replace_text = replace_text

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1
            ) -> DocumentsPipeline:
        for dt_doc, doc in self._process(data):
            if doc.decision == QUARANTINE:
                self.stat_update("error")
            elif self.replace_text and doc.text is not None:
                dt_doc.text = doc.text
            dt_doc.metadata.update(evidence(doc))
            if doc.decision is not None:
                self.stat_update(f"decision/{doc.decision}")
            yield dt_doc
