"""The pipeline's clean stage: cleans ``Document.text`` and records removed lines."""

from __future__ import annotations

from newssift.clean.cleaner import clean
from newssift.record import Document
from newssift.stage import Stage


class CleanStage(Stage):
    name = "clean"

    def process(self, doc: Document) -> Document:
        if not doc.text:
            return doc
        res = clean(doc.text, language=doc.language)
        doc.text = res.text
        doc.removed = list(res.removed)
        return doc
