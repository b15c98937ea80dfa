"""Surface damage that machine translation leaves in English text.

Why: the document-level MT model (:mod:`newssift.assess.mt_model`) judges style; these
rules catch the specific breakages a translated copy shows on its surface, which are
rare in edited English: a closing quote set off by a space as in French typography
("Is. ”"), a speech verb capitalised after the quote (`”, He said.`), French spacing
before colons and question marks ("says : "), and a stray one-word sentence made of a
function word ("… together. Is. ”"). Each match is a flag with its span; they feed
``machine_translated`` and weigh little in ``content_farm``.

The two spacing patterns are damage only where the language's own typography does not
space: French sets "« Oui. »" and "dit : " on purpose, so a French page read as English
damage got two flags per quotation (review r42, finding 10). They are not applied to a
document in a language of :data:`SPACED_TYPOGRAPHY`; the other two patterns match English
words only and need no such check.
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
#: Languages whose typography sets a space inside guillemets and before ; : ? ! (the French
#: convention, followed by the languages written under it: Breton, Occitan, Haitian Creole).
SPACED_TYPOGRAPHY = frozenset({"fr", "br", "oc", "ht"})
#: The patterns that are typography, not words (skipped in those languages).
SPACING = frozenset({"space before closing quote", "French spacing before punctuation"})
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


def _applies(label: str, language: str | None) -> bool:
    """Is the pattern ``label`` damage in a document of ``language``?"""
    return label not in SPACING or (language or "")[:2].lower() not in SPACED_TYPOGRAPHY


def screen(view: DocView) -> bool:
    """Could any pattern match on a kept line (the lines of ``view.text``)?"""
    return any(
        _applies(label, view.language) and test(view.text) for label, test in SCREENS.items()
    )


def detect(view: DocView) -> list[Flag]:
    # kept lines are the lines of view.text; a pattern whose screen says no is not run
    patterns = [
        (label, pat)
        for label, pat in PATTERNS
        if _applies(label, view.language) and SCREENS[label](view.text)
    ]
    if not patterns:
        return []
    flags = []
    for line in view.kept:
        for label, pat in patterns:
            for m in pat.finditer(line.text):
                flags.append(flag_at(NAME, RULE, line, 1.0, 1.0, span=m.span(), note=label))
    return flags
