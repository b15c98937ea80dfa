"""The pipeline's assess stage: writes scores and flags on the record, decides nothing.

Why separate from decide: the assessment is evidence (every score, every flag with
where it was seen); keep-or-reject is a policy over that evidence (``newssift.decide``)
the user can change without re-running the assessment. This stage runs after clean
and news, so :func:`newssift.assess.assess` reads ``doc.text`` (the cleaned body),
``doc.removed`` (where the generated bio and injected headlines usually end up) and
``doc.news``. It writes ``doc.scores`` (including ``content_farm`` and
``machine_translated``) and appends to ``doc.flags``.
"""

from __future__ import annotations

from newssift.assess.assessment import assess
from newssift.langid import decide_language
from newssift.record import Document
from newssift.stage import Stage


class AssessStage(Stage):
    name = "assess"

    def process(self, doc: Document) -> Document:
        if doc.language is None and doc.language_score is None and doc.text:
            # the run skipped extract: the one language decision is made here, on the record
            lang = decide_language(doc.text, doc.language_declared)
            doc.language, doc.language_score = lang.language, lang.score
        res = assess(doc)
        doc.scores.update(res.scores)
        doc.scores["content_farm"] = res.content_farm
        doc.scores["machine_translated"] = res.machine_translated
        doc.flags.extend(res.flags)
        return doc
