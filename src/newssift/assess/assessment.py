"""Placeholder assessment (length only); replaced by the real one in issue 5."""

from __future__ import annotations

from dataclasses import dataclass, field

from newssift.record import Document, Flag


@dataclass(slots=True)
class Assessment:
    scores: dict[str, float] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)
    content_farm: float = 0.0
    machine_translated: float = 0.0


def assess(doc_or_text: Document | str, *, html: str | None = None, url: str | None = None) -> Assessment:
    text = doc_or_text if isinstance(doc_or_text, str) else (doc_or_text.text or "")
    return Assessment(scores={"n_words": float(len(text.split()))})
