"""Unit tests of the extractor's parts: decoding, dates, author names, the DOM walk."""

from __future__ import annotations

import codecs
import datetime as dt
import importlib

import pytest
from selectolax.lexbor import LexborHTMLParser

from newssift.extract.article import normalise_language
from newssift.extract.blocks import walk
from newssift.extract.dates import date_from_text, date_from_url, parse_date
from newssift.extract.decode import NotHTMLError, declared_encoding, decode_html

_meta = importlib.import_module("newssift.extract.metadata")

TODAY = dt.date(2024, 1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-03-07T09:15:00+00:00", "2021-03-07"),
        ("March 7, 2021 9:15 am", "2021-03-07"),
        ("Published Dec. 22, 2023, 1:54 p.m.", "2023-12-22"),
        ("7 March 2021", "2021-03-07"),
        ("am 24. Juli 2017 - 18:55", "2017-07-24"),
        ("Letzte Aktualisierung: 18.01.2018", "2018-01-18"),
        ("22/11/2020 - 04:30", "2020-11-22"),
        ("20 septembrie 2020 16:20", "2020-09-20"),
        ("2019/06/14", "2019-06-14"),
        ("1561069800", "2019-06-20"),
        ("no date here", None),
        ("2031-01-01", None),  # future
        ("1985-05-05", None),  # before 1990
        ("2021-02-30", None),  # not a day
    ],
)
def test_parse_date(text, expected):
    d = parse_date(text, TODAY)
    assert (d.isoformat() if d else None) == expected


def test_date_from_url():
    assert date_from_url("https://x.example/2020/11/05/story", TODAY) == dt.date(2020, 11, 5)
    assert date_from_url("https://x.example/news/20201105-story.html", TODAY) == dt.date(
        2020, 11, 5
    )
    assert date_from_url("https://x.example/2020/story", TODAY) is None
    assert date_from_url("https://2020-11-05.example/", TODAY) is None  # host is no path
    assert date_from_url(None, TODAY) is None


def test_date_from_text_skips_long_lines():
    lines = ["x " * 150 + "March 3, 2020", "Posted on 4 May 2019 by Ann"]
    assert date_from_text(lines, TODAY) == dt.date(2019, 5, 4)


def test_declared_encoding_and_bom():
    assert declared_encoding(b'<meta charset="Shift_JIS">') == "shift_jis"
    assert declared_encoding(b'<meta content="text/html; charset=iso-8859-1">') == "cp1252"
    assert declared_encoding(codecs.BOM_UTF8 + b"<p>x</p>") == "utf-8"
    assert declared_encoding(b"<p>nothing declared</p>") is None


def test_decode_utf16_with_bom_and_bogus_declaration():
    assert decode_html(codecs.BOM_UTF16_LE + "<p>héllo</p>".encode("utf-16-le")) == "<p>héllo</p>"
    # a page claiming UTF-16 in an ASCII meta tag is really an 8-bit page
    assert "café" in decode_html('<meta charset="utf-16"><p>café</p>'.encode())


def test_decode_rejects_binary():
    with pytest.raises(NotHTMLError):
        decode_html(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3")


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("By JANE DOE, Associated Press", ["JANE DOE"]),
        ("Jane Doe, Staff Writer", ["Jane Doe"]),
        ("Jane Doe Updated 5:00 PM ET", ["Jane Doe"]),
        ("Jane Doe - Dec 22, 2023", ["Jane Doe"]),
        ("Jane DoeJane Doe", ["Jane Doe"]),
        ("https://example.com/people/jane", []),
        ("The Daily Planet", []),
        ("Ludwig van Beethoven", ["Ludwig van Beethoven"]),
    ],
)
def test_person_names(raw, names):
    assert _meta._person_names(raw, "Daily Planet") == names


def test_title_prefers_heading_confirmed_by_metadata():
    src = _meta.Sources(
        metas={"og:title": "Big news today"},
        title_tag="Big news today | The Paper",
        h1=["The Paper", "Big news today"],
    )
    assert _meta.choose_title(src, "The Paper") == "Big news today"
    src = _meta.Sources(title_tag="Another story - The Paper")
    assert _meta.choose_title(src, "The Paper") == "Another story"


def test_a_shortened_title_tag_gives_way_to_the_whole_heading():
    """A title tag (or og:title) that is the h1 cut short won over the h1."""
    whole = "Bridge reopens after two years of repairs"
    for tag in ("Bridge reopens", "Bridge reopens | The Paper"):
        src = _meta.Sources(title_tag=tag, h1=[whole])
        assert _meta.choose_title(src, "The Paper") == whole, tag
    src = _meta.Sources(metas={"og:title": "Bridge reopens"}, h1=["The Paper", whole])
    assert _meta.choose_title(src, "The Paper") == whole
    # a one-word or very short title is no evidence: the title tag stays
    src = _meta.Sources(title_tag="Bridge", h1=[whole])
    assert _meta.choose_title(src, None) == "Bridge"
    # an h1 that does not start with the title is not taken
    src = _meta.Sources(title_tag="Bridge reopens", h1=["Weather: Bridge reopens soon"])
    assert _meta.choose_title(src, None) == "Bridge reopens"


def test_normalise_language():
    assert normalise_language("en-US") == "en"
    assert normalise_language("de_DE") == "de"
    assert normalise_language("fra") == "fr"
    assert normalise_language("x-klingon-nonsense") is None
    assert normalise_language(None) is None


def test_walk_cuts_lines_and_counts_links():
    html = (
        "<body><div class=story-body><p>Plain text with <a href=#>a link</a> inside.</p>"
        "<p>Line one<br>Line two</p><ul><li><a href=#>Only a link</a></li></ul>"
        "<script>var x = 1;</script><p style='display:none'>hidden text</p>"
        "<p><span>in</span> <b>line</b></p></div></body>"
    )
    page = walk(LexborHTMLParser(html).body)
    texts = [ln.text for ln in page.lines]
    assert texts == [
        "Plain text with a link inside.",
        "Line one",
        "Line two",
        "Only a link",
        "in line",
    ]
    first, link_only = page.lines[0], page.lines[3]
    assert first.link_chars == len("a link")
    assert link_only.link_chars == len(link_only.text)
    assert first.tag == "p" and link_only.tag == "li"
    # the path runs from the root through the story container to the block
    story = first.path[1]
    assert page.tags[story] == "div" and "story" in page.words[story]


def test_cjk_dates():
    assert parse_date("2020年7月3日 12:00", TODAY) == dt.date(2020, 7, 3)
    assert parse_date("2019년 6월 14일", TODAY) == dt.date(2019, 6, 14)


def test_url_date_wins_over_a_utc_timestamp_one_day_later():
    from newssift.extract.article import extract

    page = (
        '<html><head><meta property="article:published_time" content="2023-11-09T03:10:00Z">'
        "</head><body><p>" + "Late evening news in the publisher's own time zone. " * 3
    )
    art = extract(page, url="https://n.example/2023/11/08/story/", today=TODAY)
    assert art.date == "2023-11-08"
    art = extract(page, url="https://n.example/2023/10/01/story/", today=TODAY)
    assert art.date == "2023-11-09"  # far apart: the stated date stands
