"""Where the direct quotes are: spans of text between quotation marks of any style.

Pairs of marks are tried in a fixed order (mixed straight and curly marks first, then each
style alone) and an inner pair stays inside an outer one, so nested quotes are not split. A
paragraph that opens a quote and never closes it runs on to its end. Quotes of fewer than
three words (six characters in scripts written without spaces) are scare quotes and skipped.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

_SCRIPT_NO_SPACE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _has(*marks: str) -> Callable[[str], bool]:
    """A test that a page holds all of ``marks`` (one or two)."""
    if len(marks) == 1:
        (m,) = marks
        return lambda text: m in text
    a, b = marks
    return lambda text: a in text and b in text


def _mistyped_close(text: str) -> bool:
    """Whether a page holds an opening mark typed for a closing one, after punctuation
    (',“ '). The mark alone is looked for: a search for one character skips through the
    text, one for the mark and a space stops at every space."""
    find = text.find
    i = find("“")
    while i >= 0:
        if text[i + 1:i + 2] == " " and i > 0 and text[i - 1] in ",.?!":
            return True
        i = find("“", i + 1)
    return False


def _twice(mark: str) -> Callable[[str], bool]:
    """A test that a page holds ``mark`` twice (a quote opens and closes on it)."""
    return lambda text: text.count(mark) >= 2


#: (opening, closing) quotation mark pairs, tried in this order. Where a quote's characters
#: exclude every mark that can close it, the quote can only end at the first such mark, so
#: its repeat is possessive ("+": read once, never given back), which matches what the lazy
#: repeat matched in half the time; «…» (a space may stand before its closing mark) and a
#: mistyped closing mark (which must follow punctuation) keep theirs.
_PAIRS = [  # (test, pattern): a page the test fails cannot hold the quote, and is not read
    (_has("„"), re.compile(r"„(?P<q>[^„“”\n]{2,3000}+)[“”]")),
    # mixed marks first, on pages that hold both: “…" then "…”, so that '“A," he said. "B.”'
    # is two quotes, not one from “ to ” over the attribution (a straight mark before a
    # word opens, one after a word closes: '“the "Big Lie" is”' stays one quote)
    (_has("“", "\""), re.compile(r"“(?P<q>[^“”\"\n]{2,3000}+)\"(?!\w)")),
    (_has("”", "\""), re.compile(r"\"(?<![\w\"]\")(?=\w)(?P<q>[^“”\"\n]{2,3000}+)”")),
    (_has("“"), re.compile(r"“(?P<q>[^“”]{2,3000}+)”")),
    # an opening mark typed for the closing one, after punctuation: '“… for her here,“ said'
    (_mistyped_close, re.compile(r"“(?P<q>[^“”\n]{2,3000}?[,.?!])“(?= )")),
    (_has("«"), re.compile(r"«\s?(?P<q>[^«»]{2,3000}?)\s?»")),
    (_has("»"), re.compile(r"»(?P<q>[^«»\n]{2,3000}+)«")),
    (_has("「"), re.compile(r"「(?P<q>[^「」]{2,3000}+)」")),
    (_has("『"), re.compile(r"『(?P<q>[^『』]{2,3000}+)』")),
    (_has("\""), re.compile(r"\"(?<![\w\"]\")(?P<q>[^\"\n]{2,3000}+)\"(?!\w)")),
    (_has("‚"), re.compile(r"‚(?P<q>[^‚‘’\n]{10,3000}+)[‘’]")),
    (_has("‘"), re.compile(r"‘(?<![\w‘’]‘)(?P<q>[^‘’\n]{10,3000}+)’(?!\w)")),
    # two apostrophes for quotation marks (The New York Times): ''I'm O.K.,'' he said.
    (_twice("''"), re.compile(r"''(?P<q>[^'\n](?:[^'\n]|'(?!'))*?)''")),
]
#: a paragraph opened by a quotation mark that it never closes
_RUNS_ON = re.compile(r"\n[ \t]*([\"“„«「]|'')([^\n]+)")  # read on "\n" + text
OPENERS = '"“„«»‘‚「『'
CLOSERS = '"”“»«’‘」』'
MARKS = OPENERS + CLOSERS + " \u00a0"

_THREE_WORDS = re.compile(r"\w+\W+\w+\W+\w")


def _three_words(s: str) -> bool:
    """Whether a quote holds three words or more (in Chinese or Japanese, which have no
    spaces, six word characters), read only as far as needed."""
    if _THREE_WORDS.search(s) is not None:
        return True
    return _SCRIPT_NO_SPACE.search(s) is not None and len(_WORDCHAR.findall(s)) >= 6


#: the marks that close a paragraph's opening mark
_CLOSING = {"\"": ("\"", "”"), "“": ("”", "\""), "„": ("“", "”"), "«": ("»",), "「": ("」",),
            "''": ("''",)}

#: a straight mark closes a quote only where no word follows it ('"Big Lie" is' opens at
#: the first, closes at the second)
_STRAIGHT_CLOSE = re.compile(r'"(?!\w)')


def _closed(opener: str, rest: str) -> bool:
    """Whether a paragraph opens on a short quote that it closes ('“Really,” she added …':
    a quote of fewer than three words, skipped, not one that runs on)."""
    ends = []
    for c in _CLOSING[opener]:
        if c == '"':
            m = _STRAIGHT_CLOSE.search(rest)
            i = m.start() if m else -1
        else:
            i = rest.find(c)
        if i >= 0:
            ends.append(i)
    return bool(ends) and not _three_words(rest[:min(ends)])


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the quoted texts, outermost first; nested quotes stay inside."""
    taken: list[tuple[int, int]] = []
    starts: list[int] = []

    def free(s: int, e: int) -> bool:
        i = bisect.bisect_right(starts, e)
        return i == 0 or taken[i - 1][1] < s

    def take(s: int, e: int) -> None:
        i = bisect.bisect_right(starts, s)
        starts.insert(i, s)
        taken.insert(i, (s, e))

    for test, pat in _PAIRS:
        if not test(text):
            continue  # mixed marks (“…") are looked for only where both occur, a
            # mistyped closing mark only after punctuation
        for m in pat.finditer(text):
            s, e = m.span(1)
            if free(s, e) and _three_words(m[1]):
                take(s, e)
    # a paragraph opened by a quotation mark that it never closes: the quote runs on
    # (a pattern opening on a line break is found by fast search; "^" in multi-line mode
    # is tried at every character)
    for m in _RUNS_ON.finditer("\n" + text):
        s, e = m.start(2) - 1, m.end(2) - 1
        if free(s, e) and _three_words(m[2]) and not _closed(m[1], m[2]):
            take(s, e)
    # a quote opened inside a paragraph after a colon, never closed in it, when the next
    # paragraph opens on a quotation mark: 'They told US Weekly: "Bruce has good days …
    # than good.¶"This experience …"' (the run-on convention, opened mid-paragraph)
    for m in _OPENS_AFTER_COLON.finditer(text):
        s, e = m.start(1), m.end(1)
        if free(s, e) and _three_words(m[1]) and not any(c in m[1] for c in "\"”"):
            take(s, e)
    return taken


#: a colon, an opening mark and the rest of the paragraph, the next paragraph opening on a
#: quotation mark
_OPENS_AFTER_COLON = re.compile(r":[ \u00a0]+[\"“]([^\n]{10,3000}?)(?=\n\s*[\"“])")


_WORDCHAR = re.compile(r"\w")
