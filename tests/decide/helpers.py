"""What the decide tests ask of a stage: keep or not, and the reason code."""

from __future__ import annotations

from newssift.decide.stage import DecideStage
from newssift.record import Document


def verdict(stage: DecideStage, d: Document) -> tuple[bool, str | None]:
    """(keep?, the reason code of the first rule that rejects)."""
    keep, rule, _ = stage.decide(d)
    return keep, (rule.reason if rule else None)
