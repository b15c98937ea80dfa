"""The credits line and the byline.

Wire stories end with a credits line: "(Reporting by A; Editing by B)", "(Vladimir Soldkin,
French version Caroline Peelys and Blandine Hanault)", "Mit Material von dpa". Its notes matter:
a credits line that mentions a version in another language says the text went through
translation, whatever the dateline claims. The byline ("By Jane Doe") usually opens the story.
"""

from __future__ import annotations

import re

from newssift.clean.keep import BYLINE, is_credits

_LANGS = (
    r"English|French|German|Spanish|Italian|Portuguese|Russian|Arabic|Chinese|Japanese|Korean|"
    r"Dutch|Polish|Turkish|Hindi|Bengali|Urdu"
)
_NOTE = re.compile(
    r"\b(?:(?:" + _LANGS + r") (?:version|translation|edition|text)"
    r"|version (?:française|anglaise|allemande|espagnole|originale)"
    r"|versión (?:en )?(?:español|inglés|francés|alemán|original)"
    r"|(?:englische|französische|deutsche|spanische) (?:Fassung|Version)"
    r"|translated (?:from|by)(?: the)?(?: " + _LANGS + r")?"
    r"|traduction|traducción|Übersetzung)\b",
    re.IGNORECASE,
)


def find_credits(lines: list[str], tail: int = 10) -> tuple[int, str] | None:
    """(line index, line) of the credits line among the last ``tail`` non-empty lines."""
    idx = [i for i, line in enumerate(lines) if line.strip()]
    for i in reversed(idx[-tail:]):
        line = lines[i].strip()
        if is_credits(line):
            return i, line
    return None


def credits_note(credits: str) -> str | None:
    """A note of a version in another language, as written ("French version"), if any."""
    m = _NOTE.search(credits)
    return m.group(0) if m else None


def find_byline(lines: list[str], head: int = 6) -> str | None:
    """The names of the byline ("By A and B") among the first ``head`` non-empty lines."""
    seen = 0
    for line in lines:
        line = line.strip()
        if not line:
            continue
        seen += 1
        if seen > head:
            break
        m = BYLINE.match(line)
        if m and len(line) < 120:
            return m.group("names").strip(" ,")
    return None
