"""The pipeline's extract stage: fills the article fields of documents that carry HTML,
and makes the one language decision of every document, text inputs included."""

from __future__ import annotations

import datetime as dt
import os
import re

from newssift.errors import ConfigError
from newssift.extract.article import HTML_CUT, extract_page
from newssift.extract.body import favor_of
from newssift.langid import decide_language
from newssift.record import Document
from newssift.stage import Stage, Stats

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_today(value: str | dt.date) -> dt.date:
    """A run's ``today`` (YYYY-MM-DD, or a date itself) as a date; a one-line error for
    anything else, the other forms ``date.fromisoformat`` takes included ("20261204",
    "2026-W49-5"): the day is written into the run state and stats.json as given, in one
    spelling. A date is taken as it is (``extract`` took a date where ``run`` refused one,
    review r40); a datetime is not one: its day depends on its zone."""
    if type(value) is dt.date:
        return value
    try:
        if not isinstance(value, str) or not _DAY.fullmatch(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"today must be a date as YYYY-MM-DD, not {value!r}") from None


def run_day() -> str:
    """The day a run starts, YYYY-MM-DD: ``NEWSSIFT_TODAY`` when it is set (a day for every
    run that is not given one, as the test suite sets it, so that runs it compares byte for
    byte either side of midnight agree), else the UTC day now. UTC, not the local day: the
    same run under another ``TZ`` gives the same bytes (review r40: a page dated tomorrow in
    Kiritimati's zone was dated there, not here). Not ``SOURCE_DATE_EPOCH``: development
    shells (nix) set it to 1980 for builds, which would leave every article undated
    (review r41)."""
    day = os.environ.get("NEWSSIFT_TODAY", "").strip()
    if not day:
        return dt.datetime.now(dt.UTC).date().isoformat()
    try:
        return parse_today(day).isoformat()
    except ConfigError:
        raise ConfigError(f"NEWSSIFT_TODAY must be a date as YYYY-MM-DD, not {day!r}") from None


class ExtractStage(Stage):
    name = "extract"

    @classmethod
    def for_run(cls, config) -> ExtractStage:
        today = getattr(config, "today", None)
        return cls(favor=getattr(config, "extract_favor", "balanced"),
                   comments=getattr(config, "comments", False),
                   today=parse_today(today) if today else None)

    def __init__(
        self, favor: str = "balanced", comments: bool = False, today: dt.date | None = None
    ) -> None:
        super().__init__()
        favor_of(favor)  # an unknown name fails when the run starts, not on every page
        self.favor = favor
        #: fill the record's ``comments`` ("" for a page without any, and for a text input)
        self.comments = comments
        #: the last day a page's date may be (None: the current day, page by page)
        self.today = today

    def guard(self, doc: Document, stats: Stats) -> Document:
        """:meth:`Stage.guard`, counting the pages cut to size (``extract/html_cut``; each
        carries the score :data:`newssift.extract.article.HTML_CUT`): a cut was silent.
        Counted here, not in :meth:`run`, so every caller of the stage counts it (the
        datatrove step calls ``guard`` document by document)."""
        page = doc.html is not None
        out = super().guard(doc, stats)
        if page and HTML_CUT in out.scores:
            stats.inc("extract/html_cut")
        return out

    def process(self, doc: Document) -> Document:
        if doc.html is None:
            if self.comments and doc.comments is None:
                doc.comments = ""
            if doc.language_score is None and doc.text:
                lang = decide_language(doc.text, doc.language_declared or doc.language)
                doc.language, doc.language_score = lang.language, lang.score
                doc.language_declared = lang.declared
            return doc
        utf8, doc.html_utf8 = doc.html_utf8, None  # the page's bytes end with extraction
        art = extract_page(doc.html, url=doc.url, favor=self.favor, comments=self.comments,
                           utf8=utf8, today=self.today)
        doc.text = art.text
        doc.title = art.title
        doc.date = art.date or doc.date  # a row's given publication day when the page has none
        doc.authors = list(art.authors)
        doc.site_name = art.site_name
        doc.language = art.language
        doc.language_score = art.language_score
        doc.language_declared = art.language_declared
        doc.canonical_url = art.canonical_url
        doc.description = art.description
        doc.dropped = art.dropped
        doc.dropped_total = art.dropped_total
        if self.comments:
            doc.comments = art.comments
        doc.scores.update(art.page)
        return doc
