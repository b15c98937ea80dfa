"""Topical distance of a line from the body it sits in.

Content farms splice headlines of unrelated stories into an article ("Ethereum … Lagging" in the
middle of a Kremlin story), sometimes without any "See also" in front. Such a line shares no
content word with the story around it, while a real subheading ("Relations degraded") reuses the
story's words. Words are compared by a crude stem (lower-cased first five letters) so that
"relations"/"relationship" and "negotiate"/"negotiations" meet, in any of the four languages.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

try:  # optional compiled part (setup.py); the regex gives the same counts without it
    from newssift.clean import _native
except ImportError:  # pragma: no cover - a build without the extension
    _native = None


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORD = re.compile(r"[^\W\d_]{4,}")

STOP = _words(
    """this that with from have been were will would could should about after before their there
    these those which while where when what into than then them they your more most also only over
    such some just very said says told like being other time year years first last back made make
    even much many week today says
    dass oder aber auch eine einer einem einen nicht noch sind wird wurde werden nach über unter
    beim durch gegen heute sein ihre ihren seine diese dieser dieses
    dans avec pour plus leur leurs mais sont cette elle elles nous vous être fait tout tous aussi
    comme après avant selon
    para como pero más este esta estos estas sobre entre desde hasta también según tiene fueron
    donde cuando porque"""
)


@lru_cache(maxsize=8192)
def stems(text: str) -> frozenset[str]:
    """Distinct content-word stems of a text (stop words out, five-letter prefixes).

    Cached: the cleaner and the line model both index the same lines of a document.
    """
    if _native is not None:
        return frozenset(_native.stem_counts(text.lower(), STOP, 4, 5))
    return frozenset(w[:5] for w in _WORD.findall(text.lower()) if w not in STOP)


class TopicIndex:
    """Stem counts of a document, so each line can be compared with the rest."""

    def __init__(self, lines: list[str]) -> None:
        self.line_stems = [stems(line) for line in lines]
        self.total: Counter[str] = Counter()
        for s in self.line_stems:
            self.total.update(s)

    @property
    def size(self) -> int:
        return sum(self.total.values())

    def overlap(self, i: int) -> float:
        """Share of line i's distinct stems found in some other line (0..1); 1 if it has none."""
        own = self.line_stems[i]
        if not own:
            return 1.0
        shared = sum(1 for s in own if self.total[s] > 1)
        return shared / len(own)


def overlaps_py(lines: list[str], rows: list[int]) -> tuple[int, list[tuple[int, int]]]:
    """:func:`overlaps` by :class:`TopicIndex` itself."""
    index = TopicIndex(lines)
    out = []
    for k in rows:
        own = index.line_stems[k]
        out.append((len(own), sum(1 for s in own if index.total[s] > 1)))
    return index.size, out


def overlaps(lines: list[str], rows: list[int]) -> tuple[int, list[tuple[int, int]]]:
    """``TopicIndex(lines).size`` and, for each row, the number of its line's distinct stems
    and of those some other line holds too (``overlap`` is their ratio, 1.0 without stems):
    read in one compiled pass (``clean/_native.c`` ``topic_overlaps``: no str or set per
    stem, no cache of line stems) where it is built; ``tests/clean/test_dense_equal.py``
    holds the two equal."""
    if _native is not None and hasattr(_native, "topic_overlaps"):
        return _native.topic_overlaps(lines, rows, STOP)
    return overlaps_py(lines, rows)


def stem_counts(lowered: str) -> dict[str, int]:
    """Occurrences of each stem (:func:`stems`' words: stop words out, five-letter prefixes) in
    an already lower-cased text, by the compiled scan of ``clean/_native.c`` where it is built
    (the regex engine's own character classes; ``tests/clean/test_dense_equal.py`` holds the
    two equal), else by the regex."""
    if _native is not None:
        return _native.stem_counts(lowered, STOP, 4, 5)
    counts: dict[str, int] = {}
    for w, c in Counter(_WORD.findall(lowered)).items():
        if w not in STOP:
            s = w[:5]
            counts[s] = counts.get(s, 0) + c
    return counts


class StemCounts:
    """Occurrences of each stem in a whole document, read for one line at a time.

    ``overlap(line)`` equals :meth:`TopicIndex.overlap` of that line: a stem of the line is in
    some other line exactly when the document holds more of it than the line does. The
    document is lower-cased and searched in one piece (lines joined by a newline, which no
    word crosses and which ends a word for the lower-casing of a final sigma too), so no stem
    set is built for a line no one asks about.
    """

    def __init__(self, lines: list[str]) -> None:
        self.counts = stem_counts("\n".join(lines).lower())

    def overlap(self, line: str) -> float:
        """Share of the line's distinct stems found in some other line (0..1); 1 if it has none."""
        own = stem_counts(line.lower())
        if not own:
            return 1.0
        counts = self.counts
        return sum(1 for s, c in own.items() if counts[s] > c) / len(own)
