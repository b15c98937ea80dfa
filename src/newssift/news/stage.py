"""The pipeline's news stage: reads the news structure of ``Document.text``."""

from __future__ import annotations

from newssift.news.parts import parse_news
from newssift.record import Document
from newssift.stage import Stage


class NewsStage(Stage):
    name = "news"

    def process(self, doc: Document) -> Document:
        if doc.text:
            doc.news = parse_news(doc.text)
        return doc
