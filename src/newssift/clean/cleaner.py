"""Placeholder cleaner (whitespace only); replaced by the real one in issue 4."""

from __future__ import annotations

from dataclasses import dataclass, field

from newssift.record import RemovedLine


@dataclass(slots=True)
class Cleaned:
    text: str
    removed: list[RemovedLine] = field(default_factory=list)


def clean(text: str, language: str | None = None) -> Cleaned:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return Cleaned(text="\n".join(line for line in lines if line))
