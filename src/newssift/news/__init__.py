"""News structure: dateline, wire agency, credits, byline, quotes and speakers."""

from newssift.news.parts import parse_news

__all__ = ["parse_news"]
