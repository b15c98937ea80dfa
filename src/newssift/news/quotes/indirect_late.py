"""The late reading of indirect attributions: the sentences the first reading
(:mod:`.indirect`) left without one, read again after the direct quotes' speakers are set.

The first reading runs before the direct quotes because the speakers it names are whom a
later '"…," he said' means; whatever it finds moves those speakers. What is read here is
read after them, so it adds attributions without moving a direct quote's speaker. A
sentence comes here when it holds a cue and the first reading gave nothing for it:

* a cue after a quote that closed the paragraph before ('…”¶Kelly said she asked …'): the
  first reading takes a cue just after a quote for that quote's own;
* a cue beyond the window read around the sentence's first cue ("A year after it was
  announced, no one had come …, and some families said they were forced …");
* the late cue words, which the first reading does not scan (``cues.LATE_CUE_WORDS``:
  "insisted", "suggests", "believes", …).

Each cue of such a sentence past the windows already read gets one window (as in the first
reading), and a window's reading copies no more than a few hundred characters of its
sentence whatever the sentence's length (``indirect.has_words``, the content's end read
once per sentence), so a story costs what its cues cost, not its cues times its sentences'
lengths.
"""

from __future__ import annotations

from newssift.news.quotes.indirect import (
    PARTICIPLE_STEMS,
    Pending,
    content_end,
    indirect_in,
    near_quote,
    quote_of,
    sentence_to_read,
)
from newssift.news.quotes.resolver import SpeakerResolver
from newssift.news.quotes.text import StoryText, next_word, span_tokens
from newssift.record import Quote


def late_attributions(ctx: StoryText, res: SpeakerResolver, spans: list[tuple[int, int]],
                      pending: Pending, first: list[Quote]) -> list[Quote]:
    """``first`` with the attributions read from the sentences ``pending`` holds merged in,
    in text order."""
    if not pending.cues:
        return first
    text = ctx.text
    starts, bounds = pending.starts, pending.bounds
    more: list[Quote] = []
    for k in pending.cues:  # (in text order: the first reading adds them so)
        a, b = bounds[k], bounds[k + 1]
        if not sentence_to_read(a, b, starts, spans):
            continue
        read = pending.read.get(k)
        read_to = a
        end = -1
        for p in pending.cues[k]:
            if p < read_to or near_quote(text, p, starts, spans, since=a):
                continue
            if text.startswith(PARTICIPLE_STEMS, p):
                continue  # (read after a comma by the first reading only: read again here,
                # PolNeAR train gave no attribution more)
            if read is not None and read[0] == p:  # the first reading's window
                read_to = read[1]
                q = None if read[2] is None else quote_of(text, res, read[2])
            else:
                ws, we = next_word(text, max(a, p - 100), p), min(b, p + 60)
                ctx.scanned += we - ws
                read_to = we
                if end < 0:
                    end = content_end(text, a, b)
                q = indirect_in(text, res, span_tokens(text, ws, we), a, end, starts, spans,
                                 late=True)
            if q is not None:
                more.append(q)
                break
    if not more:
        return first
    return sorted(first + more, key=lambda q: q.start)
