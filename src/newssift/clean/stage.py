"""The pipeline's clean stage: cleans ``Document.text`` and records removed lines.

A text input (a JSONL corpus of already-extracted text) often opens with its headline; the
cleaner returns it apart and the stage fills ``Document.title`` with it when the record has
none. After extraction the record's title is passed in, so the opening line is taken as the
title only when it repeats it. The mode (``news`` or ``web``, ``RunConfig.clean_mode``) is
passed to :func:`newssift.clean.clean` unchanged.
"""

from __future__ import annotations

from typing import Any

from newssift.clean.cleaner import MODES, clean
from newssift.record import Document
from newssift.stage import Stage


class CleanStage(Stage):
    name = "clean"

    @classmethod
    def for_run(cls, config: Any) -> CleanStage:
        return cls(mode=config.clean_mode)

    def __init__(self, mode: str = "news") -> None:
        super().__init__()
        if mode not in MODES:
            raise ValueError(f"unknown clean mode {mode!r} (expected one of {', '.join(MODES)})")
        self.mode = mode

    def process(self, doc: Document) -> Document:
        if not doc.text:
            return doc
        res = clean(doc.text, language=doc.language, title=doc.title or None, mode=self.mode)
        doc.text = res.text
        doc.removed = list(res.removed)
        doc.line_numbers = res.lines
        if res.title and not doc.title:
            doc.title = res.title
        return doc
