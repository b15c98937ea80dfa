"""Read the parts of a news story that extractors ignore.

:func:`parse_news` fills a :class:`~newssift.record.NewsParts` from plain article text: the
dateline (place, date as written, wire agency), every wire agency mentioned or credited, the
credits line and its note of a version in another language, the byline, the direct quotes
with their speakers, and the indirect attributions. Each part is read by its own module
(:mod:`.dateline`, :mod:`newssift.vocab.agencies`, :mod:`.credits`, :mod:`.quotes`) so it
can be tested and improved alone.
"""

from __future__ import annotations

from newssift.news.credits import credits_note, find_byline, find_credits
from newssift.news.dateline import find_dateline
from newssift.news.quotes import find_attributions
from newssift.record import NewsParts
from newssift.textarg import text_arg
from newssift.vocab.agencies import agencies_in


def parse_news(text: str) -> NewsParts:
    """Dateline, agencies, credits, byline and attributed quotes of one story."""
    text = text_arg(text, "parse_news")
    lines = text.splitlines()
    parts = NewsParts()
    dl = find_dateline(lines)
    if dl is not None:
        parts.dateline_place = dl.place
        parts.dateline_date = dl.date
        parts.dateline_agency = dl.agency
    cr = find_credits(lines)
    if cr is not None:
        parts.credits = cr[1]
        parts.credits_note = credits_note(cr[1])
    parts.byline = find_byline(lines)
    agencies = agencies_in(text)
    if parts.dateline_agency and parts.dateline_agency not in agencies:
        agencies.insert(0, parts.dateline_agency)
    parts.agencies = agencies
    parts.quotes, parts.indirect = find_attributions(text)
    return parts
