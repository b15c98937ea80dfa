"""Publication dates: parse what pages write, and rank where they write it.

A page carries many dates (the crawl, "updated", copyright years, dates of linked stories), and
the first-publication date is the one a news record needs. Sources are tried from the most to
the least deliberate: structured data (JSON-LD ``datePublished``), publisher meta tags
(``article:published_time`` and friends), ``<time>`` markup, a date in the URL path, and last
the page text near its start ("Published 3 March 2021", "17.12.2023"). Every candidate is
checked for sanity: a date before 1990 or after the day of extraction (UTC's, unless the caller
gives one) is no publication date.
"""

from __future__ import annotations

import datetime as dt
import re

MIN_DATE = dt.date(1990, 1, 1)

MONTHS = {
    # English
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
    # German
    "januar": 1, "jänner": 1, "jän": 1, "februar": 2, "märz": 3, "maerz": 3, "mär": 3,
    "mai": 5, "juni": 6, "juli": 7, "okt": 10, "oktober": 10, "dez": 12, "dezember": 12,
    # French
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
    # Spanish / Italian / Portuguese (the common ones)
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12, "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6,
    "luglio": 7, "settembre": 9, "ottobre": 10, "dicembre": 12,
    # Romanian, Dutch, Portuguese, Polish (genitive) — common in news archives
    "ianuarie": 1, "februarie": 2, "martie": 3, "aprilie": 4, "mai ": 5, "iunie": 6,
    "iulie": 7, "septembrie": 9, "octombrie": 10, "noiembrie": 11, "decembrie": 12,
    "januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8, "oktober ": 10,
    "janeiro": 1, "fevereiro": 2, "março": 3, "maio": 5, "junho": 6, "julho": 7,
    "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12,
    "stycznia": 1, "lutego": 2, "marca": 3, "kwietnia": 4, "maja": 5, "czerwca": 6,
    "lipca": 7, "sierpnia": 8, "września": 9, "października": 10, "listopada": 11,
    "grudnia": 12,
}  # fmt: skip
MONTHS = {k.strip(): v for k, v in MONTHS.items()}

_MONTH_ALT = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_YEAR = re.compile(r"(?:19|20)\d\d")
_ISO = re.compile(r"((?:19|20)\d\d)-([01]?\d)-([0-3]?\d)(?!\d)")
_CJK = re.compile(r"((?:19|20)\d\d)\s*[年년]\s*([01]?\d)\s*[月월]\s*([0-3]?\d)\s*[日일]")
_YMD_SLASH = re.compile(r"(?<!\d)((?:19|20)\d\d)[/.]([01]?\d)[/.]([0-3]?\d)(?!\d)")
_DMY_DOT = re.compile(r"(?<![\d.])([0-3]?\d)\.\s?([01]?\d)\.\s?((?:19|20)\d\d)(?!\d)")
_MDY_SLASH = re.compile(r"(?<!\d)([0-3]?\d)/([0-3]?\d)/((?:19|20)\d\d)(?!\d)")
_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d\d)(0\d|1[0-2])([0-3]\d)(?!\d)")
#: the day and year that end a "March 3, 2021" (:data:`_MDY_TEXT`); alone, the screen in
#: front of it: every match of the whole pattern ends in a match of this one, and this one
#: (no month alternation tried at every position) clears a line in a tenth of the time
_MDY_TAIL = r"([0-3]?\d)(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b"
_MDY_TEXT = re.compile(rf"\b({_MONTH_ALT})\.?\s+{_MDY_TAIL}", re.IGNORECASE)
_MDY_SCREEN = re.compile(_MDY_TAIL, re.IGNORECASE)
_DMY_TEXT = re.compile(
    rf"\b([0-3]?\d)(?:st|nd|rd|th)?\.?\s+(?:de\s+)?({_MONTH_ALT})\.?,?\s+(?:de\s+)?((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/_-]?(0[1-9]|1[0-2]|[1-9])[/_-]?(0[1-9]|[12]\d|3[01]|[1-9])(?:[/_.-]|$)"
)
_URL_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")


def utc_today() -> dt.date:
    """The current day in UTC, the default bound of every function here: the local day
    made a page's date depend on ``TZ`` (review r40: a page dated the next day kept its
    date under ``TZ=Pacific/Kiritimati`` and lost it here), where a run's day
    (:func:`newssift.extract.stage.run_day`) is UTC's."""
    return dt.datetime.now(dt.UTC).date()


def _make(y: int, m: int, d: int, today: dt.date) -> dt.date | None:
    try:
        date = dt.date(y, m, d)
    except ValueError:
        return None
    if date < MIN_DATE or date > today:
        return None
    return date


def parse_date(value: str, today: dt.date | None = None) -> dt.date | None:
    """The first plausible calendar date written in ``value`` (ISO, numeric or with month names)."""
    if not value:
        return None
    today = today or utc_today()
    v = value.strip()[:200]
    if not _YEAR.search(v):  # every written form has a year; else a unix timestamp or nothing
        return _timestamp(v, today)
    # each form's own character is looked for before its pattern (a line with a year
    # but no full date, "© 2024", reaches every pattern)
    m = _ISO.search(v) if "-" in v else None
    if m:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), today)
    m = _CJK.search(v) if "年" in v or "년" in v else None
    if m:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), today)
    m = _MDY_TEXT.search(v) if _MDY_SCREEN.search(v) else None
    if m:
        return _make(int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2)), today)
    m = _DMY_TEXT.search(v)
    if m:
        return _make(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)), today)
    m = _YMD_SLASH.search(v) if "/" in v or "." in v else None
    if m:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), today)
    m = _DMY_DOT.search(v) if "." in v else None
    if m:
        return _make(int(m.group(3)), int(m.group(2)), int(m.group(1)), today)
    m = _MDY_SLASH.search(v) if "/" in v else None
    if m:
        return _make(int(m.group(3)), int(m.group(1)), int(m.group(2)), today) or _make(
            int(m.group(3)), int(m.group(2)), int(m.group(1)), today
        )
    m = _COMPACT.fullmatch(v[:8]) if len(v) >= 8 and v[:8].isdigit() else None
    if m:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), today)
    return _timestamp(v, today)


def _timestamp(v: str, today: dt.date) -> dt.date | None:
    """A unix timestamp in seconds or milliseconds."""
    if v.isdigit() and len(v) in (10, 13):
        secs = int(v) // (1000 if len(v) == 13 else 1)
        try:
            return _make(*dt.datetime.fromtimestamp(secs, dt.UTC).timetuple()[:3], today)
        except (OverflowError, OSError, ValueError):
            return None
    return None


def date_from_url(url: str | None, today: dt.date | None = None) -> dt.date | None:
    """A full date written in a URL path (``/2021/03/07/``, ``/20210307/``)."""
    if not url:
        return None
    today = today or utc_today()
    path = url.split("?", 1)[0]
    path = path.split("://", 1)[-1]
    path = path[path.find("/") :] if "/" in path else ""
    m = _URL_DATE.search(path)
    if m:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), today)
    m = _URL_COMPACT.search(path)
    if m:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), today)
    return None


_TEXT_CUE = re.compile(
    r"(published|posted|veröffentlicht|publié|publicado|pubblicato|erschienen|stand|datum|"
    r"date|on|am|vom|updated|aktualisiert)\b",
    re.IGNORECASE,
)


def date_from_text(lines: list[str], today: dt.date | None = None) -> dt.date | None:
    """The first date written in short lines near the top of the article (bylines, datelines):
    the first line of at most 200 characters from which :func:`parse_date` reads one."""
    today = today or utc_today()
    for line in lines:
        if len(line) > 200:
            continue
        # in a line without a year parse_date reads a unix timestamp alone (a page without
        # a meta date sends every one of its lines here, and most hold neither)
        if not _YEAR.search(line):
            if len(line) < 10:
                continue
            v = line.strip()
            if len(v) not in (10, 13) or not v.isdigit():
                continue
        d = parse_date(line, today)
        if d:
            return d
    return None
