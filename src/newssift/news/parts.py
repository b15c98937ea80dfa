"""Placeholder news parser; replaced by the real one in issue 4."""

from __future__ import annotations

from newssift.record import NewsParts


def parse_news(text: str) -> NewsParts:
    return NewsParts()
