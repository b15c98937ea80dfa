"""The decide stage: scores and flags → keep or reject with a reason (placeholder rules)."""

from __future__ import annotations

from newssift.record import KEEP, REJECT, Document
from newssift.stage import Stage


class DecideStage(Stage):
    name = "decide"

    def __init__(self, min_words: int = 1) -> None:
        self.min_words = min_words

    def filter(self, doc: Document) -> tuple[bool, str | None]:
        if not doc.text or not doc.text.strip():
            return False, "empty_text"
        if doc.scores.get("n_words", 0) < self.min_words:
            return False, "too_short"
        return True, None

    def process(self, doc: Document) -> Document:
        keep, reason = self.filter(doc)
        doc.decision = KEEP if keep else REJECT
        doc.reason = reason
        return doc
