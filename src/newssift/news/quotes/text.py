"""One story's text as attribution reads it: paragraphs, sentences and tokens.

Every step looks up "the sentence around this quote" or "the tokens of this window" many
times; :class:`StoryText` builds the paragraph and sentence bounds once, in one pass, so each
lookup is a bisection and a page of 500 quotes costs 500 small windows, not 500².
"""

from __future__ import annotations

import bisect
import re

from newssift.news.quotes.words import word_set

#: a token: its text, its start and its end in the story
Token = tuple[str, int, int]

_TOKEN = re.compile(r"\w+(?:[’'.\-]+\w+)*[’']?|[,:;()\[\]—–]|(?<=\s)-(?=\s)")
_ABBREV = word_set("mr mrs ms dr sen rep gov gen lt col st jr sr prof rev adm sgt u.s no vs v "
                   "inc corp co ft mt maj capt cmdr")


class StoryText:
    """One story with the lookups attribution needs, each built in one pass."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._newlines: list[int] | None = None  # the line breaks, listed on a long line
        if _story_bounds is not None:
            # the same bounds read in one compiled pass (news/_native.c story_bounds; the
            # regexes below are its twin, tests/news/test_span_tokens.py holds them equal)
            self.para_starts, self.sent_ends = _story_bounds(text, abbrev_before, _ABBREV)
            self.scanned = 0
            return
        self._read_bounds(text)

    def _read_bounds(self, text: str) -> None:
        """Paragraph starts and sentence ends by the regexes (the compiled pass's twin)."""
        # paragraphs: non-blank lines (a blank line between two is not one of them)
        self.para_starts = [0] + [m.end() for m in _PARA_START.finditer(text)]
        # a full stop after five letters never ends an abbreviation: no need to look.
        # One pattern per stop character: a pattern opening on one literal character is
        # found by the regex engine's fast search, a class of four is tested at every
        # character (SENT_END's matches are these patterns' together: none overlaps another)
        ends = []
        add = ends.append
        for m in _STOP_DOT.finditer(text):
            s = m.start()
            if text[s - 5:s].isalpha() or not abbrev_before(text, s):
                add(m.end())
        more = False
        for c, pat in _STOP_OTHER:
            if c in text:
                more = True
                ends += [m.end() for m in pat.finditer(text)]
        if more:
            ends.sort()
        self.sent_ends = ends
        self.scanned = 0  # characters read by attribution windows (tests bound it)

    def para_start(self, pos: int) -> int:
        return self.para_starts[bisect.bisect_right(self.para_starts, pos) - 1]

    def para_end(self, pos: int) -> int:
        """The first line break at or after ``pos`` (or the text's end). A search to it read
        the rest of the line at each call: a line of 1 MB with 40,000 quotes read 20 GB
        (review r40 finding 8). So the search reads at most LINE_LOOK characters; past them
        the line breaks are listed once and bisected (a list built for every story cost
        1% of parse_news on the AEB bodies, whose lines are shorter)."""
        nl = self._newlines
        if nl is None:
            i = self.text.find("\n", pos, pos + LINE_LOOK)
            if i >= 0:
                return i
            if pos + LINE_LOOK >= len(self.text):
                return len(self.text)
            nl = self._line_breaks()
        i = bisect.bisect_left(nl, pos)
        return nl[i] if i < len(nl) else len(self.text)

    def line_start(self, pos: int) -> int:
        """The start of the line holding ``pos`` (after the last line break before it), read
        as :meth:`para_end` reads the end."""
        nl = self._newlines
        if nl is None:
            lo = max(0, pos - LINE_LOOK)
            i = self.text.rfind("\n", lo, pos)
            if i >= 0 or lo == 0:
                return i + 1
            nl = self._line_breaks()
        i = bisect.bisect_left(nl, pos) - 1
        return nl[i] + 1 if i >= 0 else 0

    def _line_breaks(self) -> list[int]:
        if self._newlines is None:
            self._newlines = [m.start() for m in _NEWLINE.finditer(self.text)]
        return self._newlines

    def para(self, pos: int) -> int:
        return bisect.bisect_right(self.para_starts, pos) - 1

    def sent_start(self, pos: int) -> int:
        i = bisect.bisect_right(self.sent_ends, pos) - 1
        return max(self.sent_ends[i] if i >= 0 else 0, self.para_start(pos))

    def sent_end(self, pos: int) -> int:
        i = bisect.bisect_right(self.sent_ends, pos)
        end = self.sent_ends[i] if i < len(self.sent_ends) else len(self.text)
        return min(end, self.para_end(pos))


SENT_END = re.compile(r"[.!?…](?:''|[\"”’»])?\s+")
_STOP_DOT = re.compile(r"\.(?:''|[\"”’»])?\s+")
_STOP_OTHER = [(c, re.compile(re.escape(c) + r"(?:''|[\"”’»])?\s+")) for c in "!?…"]

_PARA_START = re.compile(r"\n\s*(?=\S)")  # the first character of the next non-blank line
_NEWLINE = re.compile("\n")
#: how far para_end and line_start search before they list the story's line breaks
LINE_LOOK = 2048
#: the first character str.strip() keeps (re's \s and str.isspace() are the same set)
NONSPACE = re.compile(r"\S")


def back_over(text: str, lo: int, hi: int, chars: str | None = None) -> int:
    """``r`` such that ``text[lo:r] == text[lo:hi].rstrip(chars)``, read backwards from
    ``hi`` in short pieces: the cost is the length stripped, not ``hi - lo`` (a head from
    its paragraph's start, copied at each quote, made a long paragraph quadratic)."""
    while hi > lo:
        a = max(lo, hi - 64)
        kept = text[a:hi].rstrip(chars)
        if kept:
            return a + len(kept)
        hi = a
    return lo


def next_word(text: str, i: int, stop: int) -> int:
    """``i``, or the start of the next word when a window's edge at ``i`` cuts a word."""
    if i == 0 or i >= len(text) or not text[i - 1].isalnum() or not text[i].isalnum():
        return i
    while i < stop and text[i].isalnum():
        i += 1
    return i


def abbrev_before(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation ("Sen.", "U.S.", "J.")."""
    lo = max(0, dot - 6)
    j = max(text.rfind(" ", lo, dot), text.rfind("\n", lo, dot), text.rfind("(", lo, dot))
    if j < 0 and lo > 0:
        return False  # a word of six letters or more
    word = text[j + 1:dot].lower()
    return word in _ABBREV or (len(word) == 1 and word.isalpha())


def span_tokens_py(text: str, s: int, e: int) -> list[Token]:
    """The tokens of text[s:e], read in place (no copy of the window)."""
    return [(m[0], m.start(), m.end()) for m in _TOKEN.finditer(text, s, e)]


try:  # optional compiled part (setup.py): the same tokens, read without the regex engine
    from newssift.news._native import span_tokens
    from newssift.news._native import story_bounds as _story_bounds
except ImportError:  # pragma: no cover - a build without the extension
    span_tokens = span_tokens_py
    _story_bounds = None
try:  # an extension built before session 25 takes no abbreviation set: it calls back
    if _story_bounds is not None:
        _story_bounds("A b.", abbrev_before, _ABBREV)
except TypeError:  # pragma: no cover - a stale build: the same bounds, slower
    _story_bounds = (lambda f: lambda text, abbrev, _abbrevs: f(text, abbrev))(_story_bounds)


def tokens(s: str, base: int) -> list[Token]:
    return [(m[0], base + m.start(), base + m.end()) for m in _TOKEN.finditer(s)]


def is_cap(w: str) -> bool:
    return w[:1].isupper()
