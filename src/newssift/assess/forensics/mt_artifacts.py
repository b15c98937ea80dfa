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
from newssift.record import Flag

RULE = "mt_surface/v1"
NAME = "mt_artifact"

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
        re.compile(r"(?<=[.!?] )(?:Is|Are|Was|Were|Has|Have|Of|And|That|The)\.(?=\s|$)"),
    ),
]


#: Every pattern in one, over the whole text, line ends as ends of lines (MULTILINE): it
#: finds something in every text where one of the patterns finds something in a line (a
#: match inside a line matches the same characters of the text; its ``$`` lookaheads hold
#: before the line break), so a text it finds nothing in has no artifact to scan lines for.
_SCREEN = re.compile("|".join(f"(?:{pat.pattern})" for _, pat in PATTERNS), re.MULTILINE)


def detect(view: DocView) -> list[Flag]:
    if not _SCREEN.search(view.text):
        return []  # kept lines are the lines of view.text
    flags = []
    for line in view.kept:
        for label, pat in PATTERNS:
            for m in pat.finditer(line.text):
                flags.append(flag_at(NAME, RULE, line, 1.0, 1.0, span=m.span(), note=label))
    return flags
