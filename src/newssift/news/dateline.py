"""The dateline: where and when the story was filed, and by which wire agency.

"MOSCOW, Jan.24 (Reuters) –", "WASHINGTON (AP) —", "Berlin (dpa) -", "New Delhi, Jan 24 (PTI)",
"PARIS, 5 janvier (AFP) -", "MADRID, 12 Ene. (EFE).-". The place, the date *as written* and the
agency are returned separately, because a copy that keeps an English wire's dateline over a
translated body is what betrays a content farm. A place in capitals needs nothing else; a place
in ordinary case is only accepted with a known agency in brackets after it (otherwise any
sentence opening "Paris, the city …" would read as a dateline).

A credit in the brackets that is no known agency ("SOFIA, March 3 (Meridian Wire) –") is kept
apart as :attr:`Dateline.credit`, never as ``agency`` and never added to the agency vocabulary:
review r42 (finding 12) found such a credit simply lost, so a note naming the copy's source
could not name it. Only the dateline shape with a place in capitals gives one (ordinary
brackets are not read as credits), and only a name-shaped credit (:func:`credit_name`).
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
    #: the bracketed credit when it is no known agency, as written ("Meridian Wire")
    credit: str | None = None


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
            credit = None
            if agency is None:
                m = _CAPS.match(line.strip())
                credit = credit_name(m.group("agency")) if m and m.end() == end else None
            return Dateline(place=place, date=date, agency=agency, line=i, end=end,
                            credit=credit)
    return None


#: Bracketed words after a dateline that are no one's credit (the page's labels).
_NOT_CREDITS = frozenset({
    "update", "updated", "updates", "video", "videos", "photo", "photos", "audio", "live",
    "watch", "exclusive", "breaking", "analysis", "opinion", "corrected", "correction",
    "refile", "refiled", "recasts", "adds", "file", "graphic", "graphics", "map", "ap photo",
})
#: Lower-case words a name of a news service may hold ("Agence de Presse", "Voice of America").
_NAME_GLUE = frozenset({"of", "de", "du", "des", "la", "le", "el", "di", "del", "and", "&",
                        "for", "the", "news"})


def credit_name(raw: str | None) -> str | None:
    """``raw`` (a dateline's bracketed text) when it reads as a news service's name: one to
    five words, no digits, each word capitalised or a joining word ("of", "de"), and not
    one of the page's labels ("UPDATE", "VIDEO")."""
    if not raw:
        return None
    name = " ".join(raw.split())
    words = name.split(" ")
    if not 1 <= len(words) <= 5 or any(c.isdigit() for c in name):
        return None
    if name.lower() in _NOT_CREDITS or words[0].lower() in _NOT_CREDITS:
        return None
    if not words[0][:1].isupper():
        return None
    for w in words:
        if not (w[:1].isupper() or w.lower() in _NAME_GLUE):
            return None
        if not all(c.isalpha() or c in ".-'’&" for c in w):
            return None
    return name


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
