"""HTML → article: title, body paragraphs, date, authors, site, language, canonical URL."""

from newssift.extract.article import Article, extract

__all__ = ["Article", "extract"]
