"""The dateline: where and when the story was filed, and by which wire agency.

"MOSCOW, Jan.24 (Reuters) –", "WASHINGTON (AP) —", "Berlin (dpa) -", "New Delhi, Jan 24 (PTI)",
"PARIS, 5 janvier (AFP) -", "MADRID, 12 Ene. (EFE).-". The place, the date *as written* and the
agency are returned separately, because a copy that keeps an English wire's dateline over a
translated body is what betrays a content farm. A place in capitals needs nothing else; a place
in ordinary case is only accepted with a known agency in brackets after it (otherwise any
sentence opening "Paris, the city …" would read as a dateline).
"""

from __future__ import annotations

from dataclasses import dataclass

from newssift.vocab.agencies import canonical
from newssift.vocab.datelines import CAPS_DATELINE as _CAPS
from newssift.vocab.datelines import CASED_DATELINE as _CASED


@dataclass(slots=True)
class Dateline:
    place: str
    date: str | None
    agency: str | None
    line: int  # index of the line it opens
    end: int  # character offset in that line where the story text starts


def find_dateline(lines: list[str], max_lines: int = 6) -> Dateline | None:
    """The dateline opening one of the first ``max_lines`` non-empty lines, if any."""
    seen = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > max_lines:
            break
        d = _match(line.strip())
        if d is not None:
            place, date, agency, end = d
            return Dateline(place=place, date=date, agency=agency, line=i, end=end)
    return None


def _match(line: str) -> tuple[str, str | None, str | None, int] | None:
    m = _CAPS.match(line)
    if m:
        place = m.group("place").strip(" ,")
        letters = [c for c in place.split(",")[0] if c.isalpha()]
        agency_raw = m.group("agency")
        agency = canonical(agency_raw) if agency_raw else None
        rest = line[m.end() :]
        if (
            len(letters) >= 3
            and all(c.isupper() for c in letters)
            and (m.group("date") or agency or len(rest.split()) >= 5)
            and (agency_raw is None or agency is not None or m.group("date"))
        ):
            return place, m.group("date"), agency, m.end()
    # (a place in ordinary case needs its agency in brackets: a line with no bracket is not
    # tried, which spares the pattern's lazy place tried at each of 40 lengths)
    m = _CASED.match(line) if "(" in line else None
    if m:
        agency = canonical(m.group("agency"))
        if agency is not None:
            return m.group("place").strip(" ,"), m.group("date"), agency, m.end()
    return None
