"""One story's attributions, found in the order that lets each step use the last:
quote spans, then the indirect attributions (their named speakers are noted for pronouns),
then each direct quote's speaker, then the quotes that continue an attributed one.
"""

from __future__ import annotations

from newssift.news.quotes.carry import continuations
from newssift.news.quotes.direct import (
    attribution_after,
    attribution_before,
    credit_line,
    dash_credit,
)
from newssift.news.quotes.indirect import Pending, forget_story, indirect_attributions
from newssift.news.quotes.indirect_late import late_attributions
from newssift.news.quotes.indirect_trim import trim_contents
from newssift.news.quotes.marks import quote_spans
from newssift.news.quotes.people import PeopleIndex
from newssift.news.quotes.resolver import Speaker, SpeakerResolver
from newssift.news.quotes.text import StoryText
from newssift.record import Quote


def find_attributions(text: str) -> tuple[list[Quote], list[Quote]]:
    """Direct quotes (three words or more) and indirect attributions, with their speakers."""
    quotes, indirect, _ = find(text)
    return quotes, indirect


def find_quotes(text: str) -> list[Quote]:
    """All direct quotes of three words or more, in order, with their speakers where named."""
    return find(text)[0]


def find(text: str) -> tuple[list[Quote], list[Quote], StoryText]:
    ctx = StoryText(text)
    spans = quote_spans(text)
    res = SpeakerResolver(text, lambda: PeopleIndex(text, spans, ctx.sent_start))
    # indirect attributions first: "…, Henson said." names the speaker a later "he said" means
    pending = Pending()
    indirect = indirect_attributions(ctx, res, spans, pending)
    for q in indirect:
        if q.speaker and q.resolution in ("explicit", "role"):
            res.note(Speaker(q.speaker, q.speaker_start, q.speaker_end, q.resolution))
    res.read_chains()
    quotes: list[Quote] = []
    prev_end = 0
    for k, (s, e) in enumerate(spans):
        same_para = k > 0 and ctx.para(spans[k - 1][0]) == ctx.para(s)
        sp = attribution_after(ctx, res, s, e)
        if sp is None:
            sp = attribution_before(ctx, res, s, prev_end if same_para else 0)
        if sp is None:
            sp = dash_credit(ctx, res, e) or credit_line(ctx, res, e)
        q = Quote(text=text[s:e].strip(), start=s, end=e)
        if sp is not None:
            q.speaker, q.speaker_start, q.speaker_end = sp.name, sp.start, sp.end
            q.resolution = sp.how
            res.note(sp)
        quotes.append(q)
        prev_end = e
    continuations(ctx, quotes, indirect, lambda: res.people)
    # the sentences left without one are read again now: what they add moves no speaker above
    indirect = late_attributions(ctx, res, spans, pending, indirect)
    indirect = trim_contents(text, indirect)  # now: the continuations above read the spans
    forget_story()
    return quotes, indirect, ctx
