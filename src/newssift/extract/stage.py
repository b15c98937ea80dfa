"""The pipeline's extract stage: fills the article fields of documents that carry HTML."""

from __future__ import annotations

from newssift.extract.article import extract
from newssift.record import Document
from newssift.stage import Stage


class ExtractStage(Stage):
    name = "extract"

    def process(self, doc: Document) -> Document:
        if doc.html is None:
            return doc
        art = extract(doc.html, url=doc.url)
        doc.text = art.text
        doc.title = art.title
        doc.date = art.date
        doc.authors = list(art.authors)
        doc.site_name = art.site_name
        doc.language = art.language
        doc.canonical_url = art.canonical_url
        doc.description = art.description
        doc.dropped = art.dropped
        doc.dropped_total = art.dropped_total
        return doc
