"""The credits line and the byline.

Wire stories end with a credits line: "(Reporting by A; Editing by B)", "(Vladimir Soldkin,
French version Caroline Peelys and Blandine Hanault)", "Mit Material von dpa". Its notes matter:
a credits line that mentions a version in another language says the text went through
translation, whatever the dateline claims. The byline ("By Jane Doe") usually opens the story.
"""

from __future__ import annotations

from newssift.clean.keep import BYLINE, is_credits
from newssift.vocab.translation import TRANSLATION_NOTE


def find_credits(lines: list[str], tail: int = 10) -> tuple[int, str] | None:
    """(line index, line) of the credits line among the last ``tail`` non-empty lines."""
    seen = 0
    for i in range(len(lines) - 1, -1, -1):  # from the end: the story's lines are not read
        line = lines[i].strip()
        if not line:
            continue
        seen += 1
        if seen > tail:
            break
        if is_credits(line):
            return i, line
    return None


def credits_note(credits: str) -> str | None:
    """A note of a version in another language, as written ("French version"), if any."""
    m = TRANSLATION_NOTE.search(credits)
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
