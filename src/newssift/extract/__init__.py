"""HTML → article: title, body paragraphs, date, authors, site, language, canonical URL.

``Article`` and ``extract`` are loaded on first use (PEP 562), not when the package is:
``io/charset`` imports the compiled ``_walk`` for its UTF-8 decode, and a run over text
inputs must not pay for the extractor (selectolax, the metadata and body rules) it never
calls."""

from __future__ import annotations

from typing import Any

__all__ = ["Article", "extract"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from newssift.extract import article

        return getattr(article, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
