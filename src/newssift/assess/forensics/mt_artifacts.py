"""Surface damage that machine translation leaves in English text.

Why: the document-level MT model (:mod:`newssift.assess.mt_model`) judges style; these
rules catch the specific breakages a translated copy shows on its surface, which are
rare in edited English: a closing quote set off by a space as in French typography
("Is. ”"), a speech verb capitalised after the quote (`”, He said.`), French spacing
before colons and question marks ("says : "), and a stray one-word sentence made of a
function word ("… together. Is. ”"). Each match is a flag with its span; they feed
``machine_translated`` and weigh little in ``content_farm``.
"""

from __future__ import annotations

import re

from newssift.assess.forensics.view import DocView, flag_at
from newssift.clean.rules import keyword_screen
from newssift.record import Flag

RULE = "mt_surface/v1"
NAME = "mt_artifact"

#: Function words that a translation leaves standing alone as a sentence ("Is.").
_STRANDED = ("Is", "Are", "Was", "Were", "Has", "Have", "Of", "And", "That", "The")
_STRANDED_STOPS = tuple(w + "." for w in _STRANDED)
PATTERNS = [
    (
        "capitalised speech verb after quote",
        re.compile(
            r"[”\"’»],\s+(?:He|She|They|We)\s+(?:said|says|added|told|stated|explained|declared)\b"
        ),
    ),
    ("space before closing quote", re.compile(r"[.!?,]\s+[”»](?=\s*[,.]|\s*$)")),
    ("French spacing before punctuation", re.compile(r"[a-z]\s[;:?!](?=\s[a-z])")),
    (
        "stranded function-word sentence",
        re.compile(r"(?<=[.!?] )(?:" + "|".join(_STRANDED) + r")\.(?=\s|$)"),
    ),
]


def _space_before(marks: str):
    """Does the text hold one of ``marks`` right after a whitespace character (what
    ``\\s[;:?!]`` asks, by ``str.find``)?"""

    def screen(text: str) -> bool:
        for mark in marks:
            i = text.find(mark, 1)
            while i > 0:
                if text[i - 1].isspace():
                    return True
                i = text.find(mark, i + 1)
        return False

    return screen


#: Label -> a test of the whole text that is true wherever the pattern matches in one of
#: its lines, so a pattern is run line by line only on a text that passes. The first two
#: are the patterns themselves over the text with line ends as ends of lines (a match
#: inside a line matches the same characters of the text; ``$`` holds before the line
#: break); the last two ask for what the slower patterns cannot match without (a space
#: before the mark; a function word and its full stop).
SCREENS = {
    PATTERNS[0][0]: re.compile(PATTERNS[0][1].pattern, re.MULTILINE).search,
    PATTERNS[1][0]: re.compile(PATTERNS[1][1].pattern, re.MULTILINE).search,
    PATTERNS[2][0]: _space_before(";:?!"),
    PATTERNS[3][0]: keyword_screen(_STRANDED_STOPS),
}


def screen(view: DocView) -> bool:
    """Could any pattern match on a kept line (the lines of ``view.text``)?"""
    return any(test(view.text) for test in SCREENS.values())


def detect(view: DocView) -> list[Flag]:
    # kept lines are the lines of view.text; a pattern whose screen says no is not run
    patterns = [(label, pat) for label, pat in PATTERNS if SCREENS[label](view.text)]
    if not patterns:
        return []
    flags = []
    for line in view.kept:
        for label, pat in patterns:
            for m in pat.finditer(line.text):
                flags.append(flag_at(NAME, RULE, line, 1.0, 1.0, span=m.span(), note=label))
    return flags
