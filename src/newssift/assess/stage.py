"""The pipeline's assess stage: writes scores and flags, decides nothing."""

from __future__ import annotations

from newssift.assess.assessment import assess
from newssift.record import Document
from newssift.stage import Stage


class AssessStage(Stage):
    name = "assess"

    def process(self, doc: Document) -> Document:
        res = assess(doc)
        doc.scores.update(res.scores)
        doc.scores["content_farm"] = res.content_farm
        doc.scores["machine_translated"] = res.machine_translated
        doc.flags.extend(res.flags)
        return doc
