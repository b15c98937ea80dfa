"""Keep rules: lines of the story that look like chrome to a naive filter.

A dateline ("MOSCOW, Jan. 24 (Reuters) -"), the credits line ("(Reporting by …; Editing by …)"),
a contributor note, a byline and a short quoted line are short, oddly punctuated and full of
names, which is exactly what boilerplate looks like. They are the parts of a news story that
attribution depends on, so they are protected from every weak rule and from the line model.
Strong chrome rules still win: no credits line reads "Leave a Reply".

The dateline pattern lives in :mod:`newssift.vocab.datelines`, beside the news parser's own.
"""

from __future__ import annotations

import re

from newssift.clean.rules import keyword_screen, literal_trie
from newssift.vocab.agencies import CONTEXT_ALTERNATION
from newssift.vocab.datelines import KEEP_DATELINE as DATELINE
from newssift.vocab.letters import CAPITAL, LOWER

#: Every written form of a known wire agency (one table: :mod:`newssift.vocab.agencies`).
AGENCY_NAMES = CONTEXT_ALTERNATION

_AGENCY = rf"(?:{AGENCY_NAMES})"


#: Credit and contributor lines, in four languages.
CREDITS = re.compile(
    r"\(?\s*(?:(?:additional )?reporting|writing by|editing by|edited by|compiled by|"
    r"translated by|translated from|translation|research by|graphics by|produced by|contributing|"
    r"fact[- ]checked by|(?:medically )?reviewed by|photography by|illustrations? by|"
    r"additional writing|with reporting|mitarbeit|übersetzung|redaktion:|mit material|"
    r"rédaction|traduction|version française|version anglaise|"
    r"con información|redacción|traducción|edición)\b"
    r"|\(?\s*(?:with|mit|avec|con)\s+" + _AGENCY + r"\)?\.?$"
    r"|\(?\s*" + _AGENCY + r"\s*(?:/\s*" + _AGENCY + r")*\)?\.?$",
    re.IGNORECASE,
)
_CONTRIBUTED = re.compile(r"contributed (to )?(this|the) (report|story|article)", re.IGNORECASE)

#: "(Name Surname, French version Name and Name)": a parenthesised list of people.
_PAREN_NAMES = re.compile(r"^\((?P<inner>[^()]{4,240})\)\.?$")
#: one word of a name: a capital, then lower-case letters ("Wałęsa")
_NAME_WORD = CAPITAL + "[" + LOWER + "'’-]+"
#: a name: two such words or more ("Lech Wałęsa")
_NAME = re.compile(r"\b" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + ")+")
_NOT_CREDIT = re.compile(r"^\((?:photo|image|picture|foto|bild|video|source|quelle|fuente)\b", re.I)

#: one word of a byline's name: a capital, then word characters ("Łukasz", "O'Neil", "J.")
_BYLINE_NAME = CAPITAL + r"[\w.'’-]+"
#: "By Ana Ruiz and Tom Berg", "Von Anna Müller | Berlin": a byline line of names
BYLINE = re.compile(
    r"^(?:[Bb]y|BY|[Vv]on|VON|[Pp]ar|PAR|[Pp]or|POR|Text:|Texte:|Texto:)\s+"
    r"(?P<names>" + _BYLINE_NAME + r"(?:[ ,]+(?:and|und|et|y|&)?\s*" + _BYLINE_NAME + "){0,8})"
    r"(?:\s*[,|]\s*[^.!?]{0,60})?$"
)

_QUOTE_OPEN = "\"“„«‘'‹"
_SAY_WORDS = (
    "said|says|told|added|asked|stated|wrote|declared|explained|according to|sagte|sagt|"
    "erklärte|betonte|a déclaré|a dit|a affirmé|déclare|selon|dijo|afirmó|declaró|según|señaló"
).split("|")
#: A speech verb as a word: :data:`_SAY_WORDS` written as a trie, 2.4 times faster than their
#: plain alternation and matching the same lines at the same first position
#: (tests/clean/test_keep_screen.py keeps the alternation as its reference).
_SAY = re.compile(r"\b(?:" + literal_trie(_SAY_WORDS).pattern + r")\b", re.IGNORECASE)
#: Screens in front of :data:`_SAY`, which can match only where the lower-cased line holds one
#: of its words, unless the line holds a character that IGNORECASE pairs with a letter of
#: them otherwise than ``str.lower`` does: "İ" (lower() makes it two characters), "ı" and
#: "ſ" (the regex engine's extra cases of i and s). tests/clean/test_keep_screen.py checks
#: that claim on every code point.
SAY_ODD = "İıſ"
_SAY_KEYS = keyword_screen(_SAY_WORDS)
_SAY_ODD = keyword_screen(tuple(SAY_ODD))


def says(line: str) -> bool:
    """``_SAY.search(line) is not None``, screened first (see :data:`SAY_ODD`)."""
    if not _SAY_KEYS(line.lower()) and not _SAY_ODD(line):
        return False
    return _SAY.search(line) is not None


#: Whether a line holds a quotation mark: ``any(q in line for q in QUOTE_MARKS)`` by the
#: compiled keyword table where it is built (one pass, not six searches and a generator).
QUOTE_MARKS = '"“”«»„'
_HAS_QUOTE_MARK = keyword_screen(tuple(QUOTE_MARKS))


def is_credits(line: str) -> bool:
    """A credits or contributor line: writers, editors, translators, agency credit."""
    if len(line) <= 300 and CREDITS.match(line):
        return True
    if "contributed" in line and _CONTRIBUTED.search(line):
        return True
    m = _PAREN_NAMES.match(line)
    if m and not _NOT_CREDIT.match(line):
        inner = m.group("inner")
        names = _NAME.findall(inner)
        if names and not re.search(r"[.!?]\s", inner):
            return sum(len(n) for n in names) >= 0.5 * len(re.sub(r"\W", "", inner))
    return False


def keep_reason(line: str) -> str | None:
    """Why a line must stay even if it looks like chrome, or None."""
    if len(line) < 400 and DATELINE.match(line) and _dateline_plausible(line):
        return "dateline"
    if len(line) < 400 and is_credits(line):
        return "credits"
    if len(line) < 120 and BYLINE.match(line):
        return "byline"
    if line[:1] in _QUOTE_OPEN and len(line) > 20:
        return "quote"
    if _HAS_QUOTE_MARK(line) and says(line):
        return "quote"
    return None


def _dateline_plausible(line: str) -> bool:
    m = DATELINE.match(line)
    if m is None:
        return False
    place = m.group("place")
    letters = [c for c in place if c.isalpha()]
    if len(letters) < 3 or not all(c.isupper() for c in letters[:3]):
        return False
    # capitals alone are also a shouted headline; a dateline has a date, an agency or text after it
    rest = line[m.end() :]
    dated = m.group("date") or m.group("agency") or m.group("agency2")
    return bool(dated or len(rest.split()) >= 5)
