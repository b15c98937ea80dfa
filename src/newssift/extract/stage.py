"""The pipeline's extract stage: fills the article fields of documents that carry HTML."""

from __future__ import annotations

from newssift.extract.article import extract
from newssift.extract.guard import guard_html
from newssift.record import Document
from newssift.stage import Stage


class ExtractStage(Stage):
    name = "extract"

    def process(self, doc: Document) -> Document:
        if doc.html is None:
            return doc
        art = extract(guard_html(doc.html), url=doc.url)
        doc.text = art.text
        doc.title = art.title
        doc.date = art.date
        doc.authors = list(art.authors)
        doc.site_name = art.site_name
        doc.language = art.language
        doc.canonical_url = art.canonical_url
        doc.description = art.description
        return doc
