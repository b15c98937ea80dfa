"""Placeholder extractor (title and visible paragraphs); replaced by the real one in issue 3."""

from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser


@dataclass(slots=True)
class Article:
    """What :func:`extract` finds in a page."""

    title: str | None = None
    text: str = ""
    date: str | None = None
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    description: str | None = None


def extract(html: str | bytes, url: str | None = None) -> Article:
    """Extract the article of one page (placeholder: every <p>)."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    tree = LexborHTMLParser(html)
    title_node = tree.css_first("title")
    paras = [p.text(strip=True) for p in tree.css("p")]
    return Article(
        title=title_node.text(strip=True) if title_node else None,
        text="\n".join(p for p in paras if p),
    )
