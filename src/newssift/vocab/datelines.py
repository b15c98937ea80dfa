"""Datelines, typed once: "MOSCOW, Jan. 24 (Reuters) –", "Berlin (dpa) -".

Two stages read the dateline at the start of a story. The cleaner's keep rule
(:mod:`newssift.clean.keep`) protects such a line from every weak chrome rule, so it needs
one broad pattern (:data:`KEEP_DATELINE`: a place in capitals, an optional date, an
optional agency in brackets or by name). The news parser (:mod:`newssift.news.dateline`)
takes the line apart into place, date as written and agency, with two patterns
(:data:`CAPS_DATELINE`, a place in capitals; :data:`CASED_DATELINE`, a place in ordinary
case, accepted only with an agency in brackets). ``tests/test_vocab.py`` holds them to one
answer: every line the parser reads as a dateline with a place in capitals is one the
cleaner keeps; both read the date with one pattern (:data:`DATE`; the cleaner's own had lost
the lower-case months of French and Spanish datelines: "PARIS, 5 janvier (AFP) -").
"""

from __future__ import annotations

import re

from newssift.vocab.agencies import CONTEXT_ALTERNATION
from newssift.vocab.letters import CAPITAL, LOWER, UPPER

#: Every written form of a known wire agency (one table: :mod:`newssift.vocab.agencies`).
AGENCY_NAMES = CONTEXT_ALTERNATION

#: A date as datelines write it: "Jan. 24", "January 24, 2021", "5 janvier", "12 Ene.", "24.1."
DATE = (
    r"(?:[A-Z][a-zé]{2,9}\.?\s?\d{1,2}(?:,?\s\d{4})?"
    r"|\d{1,2}\.?\s?(?:[A-Za-zéû]{3,10})\.?(?:\s\d{4})?"
    r"|\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?)"
)

#: A place in capitals: "MOSCOW", "RIO DE JANEIRO", "İSTANBUL", "ŁÓDŹ" (capitals of every
#: script: :mod:`newssift.vocab.letters`)
_CAPS_NAME = CAPITAL + "[" + UPPER + r".'’\- ]{1,40}[" + UPPER + ".]"

#: "PLACE, Date (Agency) –" at the start of a line; place in capitals, date and agency optional.
KEEP_DATELINE = re.compile(
    r"^(?P<place>" + _CAPS_NAME
    + r"(?:,\s*" + CAPITAL + r"[\w.]*(?: " + CAPITAL + r"[\w.]*)?)?)"
    r"(?:\s*[,/]\s*(?P<date>" + DATE + r"))?"
    r"\s*(?:\((?P<agency>[^()]{2,40})\)|\b(?P<agency2>" + AGENCY_NAMES + r")\b)?"
    r"\s*(?:[-–—:]{1,2}|\s-\s)\s*"
)

#: one word of a region or country in ordinary case: "Minn.", "Türkiye"
_CASED_WORD = CAPITAL + "[" + LOWER + ".]+"
#: the place of :data:`CAPS_DATELINE`, perhaps with its region or country in ordinary case
#: ("EDEN VALLEY, Minn.", "ANKARA, Türkiye"); the region is no more than letters and full stops,
#: where the cleaner's keep rule above takes any word characters
CAPS_PLACE = _CAPS_NAME + r"(?:,\s*" + _CASED_WORD + "(?: " + _CASED_WORD + ")?)?"
ANY_PLACE = CAPITAL + r"[\w.'’\- ]{1,40}?"

#: The news parser's dateline with a place in capitals.
CAPS_DATELINE = re.compile(
    r"^(?P<place>" + CAPS_PLACE + r")"
    r"(?:\s*,\s*(?P<date>" + DATE + r"))?"
    r"\s*(?:\((?P<agency>[^()]{2,40})\))?"
    r"\s*\.?\s*(?:[-–—:]{1,2}|\s-\s)\s*"
)
#: The news parser's dateline with a place in ordinary case and an agency in brackets.
CASED_DATELINE = re.compile(
    r"^(?P<place>" + ANY_PLACE + r")"
    r"(?:\s*,\s*(?P<date>" + DATE + r"))?"
    r"\s*\((?P<agency>[^()]{2,40})\)\s*\.?\s*[-–—:]{0,2}\s*"
)
