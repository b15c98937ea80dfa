"""Quotes with no attribution of their own that continue an attributed one: they take its
speaker (resolution ``carried``).

News copy attributes a run of quotes once: a quote that shares a paragraph with an
attributed one, one that opens the paragraph right after it, a quote running over several
paragraphs (an opening mark never closed), or a quote inside the content of an indirect
attribution ('"Boots on the ground" would be appropriate, Ben Carson said'). This runs last,
over the finished lists, and only fills speakers that are still missing.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from newssift.news.quotes.marks import OPENERS
from newssift.news.quotes.people import PeopleIndex
from newssift.news.quotes.text import NONSPACE, StoryText, back_over
from newssift.record import Quote


def _carry(q: Quote, src: Quote) -> None:
    q.speaker, q.speaker_start, q.speaker_end = src.speaker, src.speaker_start, src.speaker_end
    q.resolution = "carried"


def continuations(ctx: StoryText, quotes: list[Quote], indirect: list[Quote],
                  people: Callable[[], PeopleIndex] | None = None) -> None:
    """Unattributed quotes take the speaker of their paragraph, or of the quote just before
    when they open the paragraph right after it, or of the quote right after when they open a
    paragraph that the quote runs on from (a quote over several paragraphs), or of the
    indirect attribution that ends the paragraph before ("…, Obama said.")."""
    last_indirect: dict[int, Quote] = {}
    for q in indirect:
        if q.speaker:
            last_indirect[ctx.para(q.start)] = q
    by_para: dict[int, Quote] = {}
    for q in quotes:
        if q.speaker:
            by_para.setdefault(ctx.para(q.start), q)
    starts = [q.start for q in indirect]
    for k, q in enumerate(quotes):
        if q.speaker is not None:
            continue
        # '"Boots on the ground" would be appropriate, Ben Carson said': the quote sits in
        # the content of an indirect attribution, whose speaker says it
        i = bisect.bisect_right(starts, q.start) - 1
        if i >= 0 and indirect[i].speaker and q.end <= indirect[i].end + 2:
            _carry(q, indirect[i])
            continue
        p = ctx.para(q.start)
        prev = quotes[k - 1] if k > 0 else None
        nxt = quotes[k + 1] if k + 1 < len(quotes) else None
        if p in by_para:
            _carry(q, by_para[p])
        elif (_runs_on(ctx, q) and nxt is not None and nxt.speaker
              and ctx.para(nxt.start) == p + 1):
            _carry(q, nxt)
        elif (
            prev is not None
            and prev.speaker
            and ctx.para(prev.start) >= p - 2
            and _opens_paragraph(ctx, q.start)
            and (ctx.para(prev.start) == p - 1 or _runs_on(ctx, prev))
        ):
            _carry(q, prev)
            by_para.setdefault(p, q)
        elif p - 1 in last_indirect and _opens_paragraph(ctx, q.start) and (
            prev is None or prev.start < last_indirect[p - 1].start
        ):
            _carry(q, last_indirect[p - 1])
            by_para.setdefault(p, q)
        elif (i >= 0 and indirect[i].speaker and ctx.para(indirect[i].start) == p
              and _right_after(ctx.text, indirect[i].end, q.start)):
            # "It was just him and the professor in the room, he said. “And during the
            # exam I heard gunshots.”": the account goes on in the speaker's own words
            _carry(q, indirect[i])
            by_para.setdefault(p, q)
        elif (prev is not None and prev.speaker and prev.resolution != "carried"
              and ctx.para(prev.start) >= p - 2 and _names_before(ctx, q, prev.speaker)):
            # "Torvalds isn't swayed by the hype (“…”), but he's still a fan": a quote
            # inside a paragraph that names the last speaker before it is theirs
            _carry(q, prev)
            by_para.setdefault(p, q)
        elif (people is not None and prev is not None and prev.speaker
              and ctx.para(prev.start) >= p - 2
              and _sentence_quote(ctx, q) and all(
                  n == prev.speaker or prev.speaker.endswith(" " + n)
                  for n in people().named_between(prev.end, q.start))):
            # "Weizman said: “…”. ¶ After hearing shooting, things calmed down for a bit.
            # “And then there was a lot more shooting.”": a sentence of its own in the
            # account of the last speaker, no one else named since
            _carry(q, prev)
            by_para.setdefault(p, q)
        elif people is not None and _sentence_quote(ctx, q):
            # "Paula*, a 43-year-old mum, started getting Botox …. After her first
            # treatment, she was nervous …. “I panic every time …”": a sentence quote in a
            # paragraph about the person it opens on, no one else named
            ps = ctx.para_start(q.start)
            who = people().named_at(ps)
            if who is not None and people().named_between(ps, q.start) <= {who}:
                surface = ctx.text[ps:ps + len(who)]
                end = ps + (len(who) if surface == who else len(surface.split()[0]))
                q.speaker, q.speaker_start, q.speaker_end = who, ps, end
                q.resolution = "carried"
                by_para.setdefault(p, q)


def _right_after(text: str, end: int, start: int) -> bool:
    """Whether only the end of the attribution's sentence (a cue phrase and a full stop, a
    few words at most) stands between an indirect attribution and the quote."""
    gap = text[end:start]
    return len(gap) < 40 and "." in gap and not any(c in gap for c in OPENERS[1:])


def _names_before(ctx: StoryText, q: Quote, name: str) -> bool:
    """Whether the quote's paragraph names ``name`` (its last word, not as a possessive)
    before it, outside quotation marks, and the quote reads as a sentence of its own: it
    opens a sentence or a parenthesis, with a capital, in five words or more, not ending on
    a comma (a title in a list)."""
    last = name.split()[-1]
    text = ctx.text
    head = text[ctx.para_start(q.start):q.start]
    k = head.find(last)
    if k < 0 or any(c in head[:k] for c in OPENERS) or (
            head[k + len(last):k + len(last) + 1] not in (" ", ",")):
        return False
    body = q.text.strip("\"“”‘’' ")
    if len(body.split()) < 5 or not body[:1].isupper() or body.endswith(","):
        return False
    # a sentence or a parenthesis of its own: not words quoted inside the writer's clause
    # ('acted in the movie "Sharknado 3: Oh Hell No!"', 'a promise to "Make America …"')
    return head.rstrip(" \u00a0'" + OPENERS)[-1:] in (".", "!", "?", "(", ":", "—")


def _sentence_quote(ctx: StoryText, q: Quote) -> bool:
    """Whether the quote is a sentence of its own after another inside its paragraph: it
    follows a sentence (not a list number: '6. "The Gordon problem"'), opens with a capital,
    holds three words or more and ends on a stop, a question or an exclamation mark."""
    body = q.text.strip("\"“”‘’' ")
    if not (body[:1].isupper() and len(body.split()) >= 3 and body[-1:] in (".", "!", "?", "…")):
        return False
    # the head, text[ps:q.start].rstrip(_HEAD_TAIL), read from its end: a copy from the
    # paragraph's start at each quote made a long paragraph of quotes quadratic
    text = ctx.text
    ps = ctx.para_start(q.start)
    r = back_over(text, ps, q.start, _HEAD_TAIL)
    if r == ps or text[r - 1] not in ".!?":
        return False
    # " " in head.strip(): a space after the head's first character other than a space
    lead = NONSPACE.search(text, ps, r)
    return lead is not None and text.find(" ", lead.start(), r) >= 0


def _runs_on(ctx: StoryText, q: Quote) -> bool:
    """The quote opens its paragraph and is not closed in it."""
    return (_opens_paragraph(ctx, q.start)
            and NONSPACE.search(ctx.text, q.end, ctx.para_end(q.end)) is None)


def _opens_paragraph(ctx: StoryText, start: int) -> bool:
    """Whether only spaces and one opening mark (or '') stand between the line's start and
    ``start``: text[line_start:start].strip() in _PARA_OPENERS, read from ``start`` back
    (the copy from the line's start made a long line of quotes quadratic)."""
    text = ctx.text
    ls = ctx.line_start(start)
    if start - ls <= SHORT_HEAD:  # a short head: the copy is the cheaper read
        return text[ls:start].strip() in _PARA_OPENERS
    r = back_over(text, ls, start)
    for n in (1, 2):
        if r - n >= ls and text[r - n:r] in _PARA_OPENERS and back_over(text, ls, r - n) == ls:
            return True
    return False


_PARA_OPENERS = (*OPENERS, "''")
#: a line's head up to this long is copied and stripped in _opens_paragraph (as before)
SHORT_HEAD = 64
_HEAD_TAIL = " \u00a0'" + OPENERS
