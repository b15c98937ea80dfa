"""Session 29 (f7): a long paragraph full of quotes costs linear work (review r40 finding 8).

Each quote copied the rest of its paragraph (``dash_credit``, ``_runs_on``), the line up to
it (``_opens_paragraph``) or the paragraph's head (``_sentence_quote``), and looked for the
paragraph's end by a search to it (``StoryText.para_end``): a paragraph of 1 MB with 40,000
quotes took 22 s. These tests count the characters read (slices copied, searches' spans)
instead of timing anything, and hold the bounded readers equal to the copies they replace.
"""

from __future__ import annotations

import random

import pytest

from newssift.news.quotes import carry
from newssift.news.quotes import text as text_module
from newssift.news.quotes.attribute import find
from newssift.news.quotes.direct import _NOT_MARK
from newssift.news.quotes.marks import MARKS, OPENERS
from newssift.news.quotes.text import StoryText, back_over
from newssift.record import Quote


class _ReadText(str):
    """A story that counts the characters it hands out: every slice's length, and the span
    each ``find``/``rfind`` runs over before it stops."""

    read = 0

    def __getitem__(self, key):  # type: ignore[override]
        part = str.__getitem__(self, key)
        _ReadText.read += len(part)
        return part

    def find(self, sub, start=0, end=None):  # type: ignore[override]
        end = len(self) if end is None else end
        i = str.find(self, sub, start, end)
        _ReadText.read += max(0, (i + len(sub) if i >= 0 else end) - start)
        return i

    def rfind(self, sub, start=0, end=None):  # type: ignore[override]
        end = len(self) if end is None else end
        i = str.rfind(self, sub, start, end)
        _ReadText.read += max(0, end - (i if i >= 0 else start))
        return i


@pytest.mark.parametrize("unit", [
    '"We will win," he said. ',  # no one "he" can be: every quote tries every rule
    "“She told me ‘we will win’ and left,” he said. ",  # nested
    "« Nous allons gagner », a déclaré Marie Dupont. ",  # attributed
    '"We will win this." The crowd cheered loudly. ',  # sentence quotes, carried or not
    "Ann Lee spoke. “We will win this.” ",
])
def test_a_long_paragraph_of_quotes_reads_linear_work(unit: str) -> None:
    """One paragraph of the unit repeated, at 10 kB and 40 kB: the characters read per
    character of text stay the same (main: 1,680 and 6,680 per character for the first
    unit, four times as many for four times the text)."""
    per_char = []
    for size in (10_000, 40_000):
        text = _ReadText(unit * (size // len(unit)))
        _ReadText.read = 0
        quotes, _, _ = find(text)
        assert len(quotes) >= size // len(unit) // 2
        per_char.append(_ReadText.read / len(text))
    assert per_char[1] <= 1.1 * per_char[0] and per_char[1] <= 100, per_char


# the readers as they were (main before session 29), to hold the bounded ones equal to them

def _old_para_end(text: str, pos: int) -> int:
    i = text.find("\n", pos)
    return len(text) if i < 0 else i


def _old_opens_paragraph(text: str, start: int) -> bool:
    ls = text.rfind("\n", 0, start) + 1
    return text[ls:start].strip() in (*OPENERS, "''")


def _old_runs_on(ctx: StoryText, q: Quote) -> bool:
    rest = ctx.text[q.end: _old_para_end(ctx.text, q.end)]
    return _old_opens_paragraph(ctx.text, q.start) and not rest.strip()


def _old_sentence_quote(ctx: StoryText, q: Quote) -> bool:
    head = ctx.text[ctx.para_start(q.start):q.start].rstrip(" \u00a0'" + OPENERS)
    body = q.text.strip("\"“”‘’' ")
    return (head[-1:] in (".", "!", "?") and " " in head.strip() and body[:1].isupper()
            and len(body.split()) >= 3 and body[-1:] in (".", "!", "?", "…"))


_ALPHABET = (list("  \n\n\t\u00a0\u2028.!?,'") + list(OPENERS) + ["''", "We", "will", "win",
             "Ann", "b", "x", " ", " ", "a."])


@pytest.mark.parametrize("look", [2048, 8])
@pytest.mark.parametrize("seed", range(6))
def test_the_bounded_readers_equal_the_copies(seed: int, look: int,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """On random texts of spaces, line breaks, marks, stops and words, at every position:
    the paragraph's end, the line's start, back_over, the dash credit's test, and the
    carried-quote tests give what the copies gave (with line breaks searched for, and with
    them listed: a look of 8 characters lists them at the first longer line; and with every
    line's head read backwards, not copied)."""
    monkeypatch.setattr(text_module, "LINE_LOOK", look)
    monkeypatch.setattr(carry, "SHORT_HEAD", 64 if look > 8 else 0)
    rng = random.Random(seed)
    text = "".join(rng.choice(_ALPHABET) for _ in range(600))
    ctx = StoryText(text)
    for pos in range(len(text) + 1):
        assert ctx.para_end(pos) == _old_para_end(text, pos)
        assert ctx.line_start(pos) == text.rfind("\n", 0, pos) + 1
        assert carry._opens_paragraph(ctx, pos) == _old_opens_paragraph(text, pos), pos
        pe = ctx.para_end(pos)
        assert (_NOT_MARK.search(text, pos, pe) is not None) == bool(
            text[pos:pe].strip(MARKS + ".,"))
        lo = rng.randrange(pos + 1)
        for chars in (None, " \u00a0'" + OPENERS):
            assert back_over(text, lo, pos, chars) == lo + len(text[lo:pos].rstrip(chars))
    for _ in range(600):
        s = rng.randrange(len(text))
        e = min(len(text), s + rng.randrange(1, 40))
        q = Quote(text=text[s:e].strip(), start=s, end=e)
        assert carry._runs_on(ctx, q) == _old_runs_on(ctx, q), (s, e)
        assert carry._sentence_quote(ctx, q) == _old_sentence_quote(ctx, q), (s, e)
    assert (ctx._newlines is not None) == (look == 8)  # both ways were read


def test_a_sentence_quote_after_a_long_head_is_still_read() -> None:
    """The head read from its end still sees a space back at the paragraph's start."""
    text = "Ann " + "x" * 500 + '. "We will win this."'
    ctx = StoryText(text)
    s = text.index('"')
    q = Quote(text=text[s:].strip(), start=s, end=len(text))
    assert carry._sentence_quote(ctx, q) and _old_sentence_quote(ctx, q)


_PIECES = ["Ann said it. ", '"We will win this." ', "“We will win.” ", "x. ", "\n", "  ",
           "« We will win! » ", "6. ", "''We will go now.'' ", "‘It is so.’ ", "b", "? ",
           "\u00a0", "Then we left. ", '"no, we will not, " ', "\t", "'"]


@pytest.mark.parametrize("seed", range(6))
def test_the_carried_quote_tests_equal_the_copies_on_sentences(seed: int) -> None:
    """The same on texts of sentences and quotes, at every span that opens after a
    character and ends before one (so the quote bodies the rules take are among them)."""
    rng = random.Random(seed)
    text = "".join(rng.choice(_PIECES) for _ in range(120))
    ctx = StoryText(text)
    hits = 0
    for s in range(len(text)):
        for e in range(s + 1, min(len(text), s + 24) + 1):
            q = Quote(text=text[s:e].strip(), start=s, end=e)
            old = _old_sentence_quote(ctx, q)
            assert carry._sentence_quote(ctx, q) == old, (s, e)
            assert carry._runs_on(ctx, q) == _old_runs_on(ctx, q), (s, e)
            hits += old
    assert hits > 20  # the test reaches the rule's true side
