"""dates.parse_date's screens (each form's own character, the tail of a "March 3, 2021"
before its month alternation) and date_from_text's (a line without a year is read only when
it can be a timestamp): each held equal to the plain form it replaced, on the lines of real
pages and on generated lines built for the edges (timestamps, years at a line's ends, long
lines, line breaks and spaces inside lines, case)."""

from __future__ import annotations

import datetime as dt
import random

from newssift.extract import dates as D
from newssift.extract.dates import date_from_text, parse_date
from tests.pages import walked_pages

TODAY = dt.date(2026, 12, 4)


def _parse_date_plain(value: str, today: dt.date) -> dt.date | None:
    """parse_date without the screens, as it was before them."""
    if not value:
        return None
    v = value.strip()[:200]
    if not D._YEAR.search(v):
        return D._timestamp(v, today)
    for pat, order in (
        (D._ISO, (1, 2, 3)), (D._CJK, (1, 2, 3)), (D._MDY_TEXT, "mdy"), (D._DMY_TEXT, "dmy"),
        (D._YMD_SLASH, (1, 2, 3)), (D._DMY_DOT, (3, 2, 1)),
    ):
        m = pat.search(v)
        if m and order == "mdy":
            return D._make(int(m.group(3)), D.MONTHS[m.group(1).lower()], int(m.group(2)), today)
        if m and order == "dmy":
            return D._make(int(m.group(3)), D.MONTHS[m.group(2).lower()], int(m.group(1)), today)
        if m:
            y, mo, d = (int(m.group(k)) for k in order)
            return D._make(y, mo, d, today)
    m = D._MDY_SLASH.search(v)
    if m:
        return D._make(int(m.group(3)), int(m.group(1)), int(m.group(2)), today) or D._make(
            int(m.group(3)), int(m.group(2)), int(m.group(1)), today
        )
    m = D._COMPACT.fullmatch(v[:8]) if len(v) >= 8 and v[:8].isdigit() else None
    if m:
        return D._make(int(m.group(1)), int(m.group(2)), int(m.group(3)), today)
    return D._timestamp(v, today)


def _plain_or_error(f, *args):
    try:
        return f(*args)
    except (KeyError, ValueError) as e:  # a month the table lacks ("İ" lower-cased), etc.
        return type(e)


def _date_from_text_plain(lines: list[str], today: dt.date) -> dt.date | None:
    for line in lines:
        if len(line) > 200:
            continue
        d = _parse_date_plain(line, today)
        if d:
            return d
    return None


def test_date_from_text_equals_the_loop_on_real_pages():
    n = 0
    for page in walked_pages(every=7):
        texts = [ln.text for ln in page.lines]
        for t in texts:
            assert _plain_or_error(parse_date, t, TODAY) == _plain_or_error(
                _parse_date_plain, t, TODAY
            ), t
        # the whole page (what extract passes when the top lines give none), and windows
        for lines in (texts, texts[:30], texts[5:60], texts[len(texts) // 2 :]):
            assert date_from_text(lines, TODAY) == _date_from_text_plain(lines, TODAY)
            n += 1
    assert n > 100


_PIECES = [
    "Published", "on", "March", "3", "2021", "1999", "2027", "2019-05-04", "17.12.2023",
    "12/31/2020", "20200229", "2020年7月3日", "1616161616", "1616161616123", "0000000000",
    "9999999999999", "  ", "\n", "\t", "\u00a0", "x" * 150, "19", "20", "05", "de", "mayo",
    "٢٠٢٠", "May 4, 2019", "4 May 2019", "MAY", "mAr.", "September", "sePT", "Août",
    "MÄRZ", "de", "3rd", "21st", ",", ".", "/", "-", "年", "月", "日", "년", "2020/", "1.",
    "12.", "/2021", "ſept", "Kw", "İ", "Dezember", "31", "  ",
]


def test_date_from_text_equals_the_loop_on_generated_lines():
    rng = random.Random(11)
    for _ in range(4000):
        lines = [
            "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 4)))
            for _ in range(rng.randint(0, 12))
        ]
        for today in (TODAY, dt.date(2020, 1, 1)):
            assert _plain_or_error(date_from_text, lines, today) == _plain_or_error(
                _date_from_text_plain, lines, today
            ), lines
            for line in lines:
                assert _plain_or_error(parse_date, line, today) == _plain_or_error(
                    _parse_date_plain, line, today
                ), line
    # a timestamp alone, padded; a year split by a line break; only long lines; none
    for lines in (
        [" 1616161616 "], ["\t1616161616123\n"], ["20", "21-03-04"], ["2021" + "x" * 200],
        [], [""], ["abc", "1616161616", "2019-05-04"], ["2019-13-45", "2018-01-02"],
    ):
        assert date_from_text(lines, TODAY) == _date_from_text_plain(lines, TODAY), lines
