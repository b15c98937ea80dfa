"""What ``extract`` (``newssift.extract_article``) takes at its entry (review r40): a URL
object or a path as ``url``, a datetime or a written day as ``today``, refused with one
clear error when it has no one meaning, on every page (a wrong ``today`` failed only on a
page that carried a date); the day that bounds dates is UTC's in any ``TZ``; a page cut
to size is cut after its script bodies are gone, and says so; a file name is no page."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from newssift.errors import ConfigError
from newssift.extract import article as article_module
from newssift.extract import dates as dates_module
from newssift.extract.article import MAX_HTML_CHARS, PAGE_SCORES, extract
from newssift.extract.stage import ExtractStage, parse_today
from newssift.record import Document
from newssift.stage import Stats

BODY = "".join(
    f"<p>Paragraph {i} of the story: the harbour authority said the ferry service would "
    "resume after repairs to the northern pier.</p>"
    for i in range(6)
)
DATED = ('<html><head><meta property="article:published_time" content="2026-06-01T10:00:00Z">'
         f"<title>T</title></head><body><article>{BODY}</article></body></html>")
UNDATED = f"<html><head><title>T</title></head><body><article>{BODY}</article></body></html>"
HTML_CUT = "page.html_cut"  # article.HTML_CUT


class _URL:
    """A URL object of some HTTP library: a string form of its own, and no ``split``."""

    def __init__(self, text: str) -> None:
        self._text = text

    def __str__(self) -> str:
        return self._text


def test_a_url_object_or_a_path_is_read_as_its_string() -> None:
    want = extract(UNDATED, url="https://e.org/2021/03/07/story").date
    assert want == "2021-03-07"
    assert extract(UNDATED, url=_URL("https://e.org/2021/03/07/story")).date == want
    assert extract(UNDATED, url=Path("/news/2021/03/07/story.html")).date == want
    art = extract('<link rel="canonical" href="/a">' + UNDATED, url=_URL("https://e.org/x"))
    assert art.canonical_url == "https://e.org/a"


@pytest.mark.parametrize("page", [UNDATED, DATED])
@pytest.mark.parametrize("url", [b"https://e.org/a", 5, ["https://e.org/a"], object()])
def test_a_url_of_no_string_form_is_refused_on_every_page(page, url) -> None:
    with pytest.raises(TypeError, match="url must be a str"):
        extract(page, url=url)


def test_today_may_be_a_date_a_datetime_or_a_written_day() -> None:
    assert extract(DATED).date == "2026-06-01"
    day = dt.date(2026, 1, 1)
    assert extract(DATED, today=day).date is None  # a date after ``today`` is no date
    for same in (dt.datetime(2026, 1, 1, 23, 59), dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                 "2026-01-01"):
        assert extract(DATED, today=same).date is None, same
    for later in (dt.datetime(2026, 6, 1, 0, 1), "2026-06-01", dt.date(2030, 1, 1)):
        assert extract(DATED, today=later).date == "2026-06-01", later


@pytest.mark.parametrize("page", [UNDATED, DATED])
def test_a_today_of_no_one_meaning_is_refused_on_every_page(page) -> None:
    # the same call worked on a page without a date and failed on the next one
    for bad in ("garbage", "2026-1-1", "20260101", ""):
        with pytest.raises(ValueError, match="today must be a date as YYYY-MM-DD"):
            extract(page, today=bad)
    for bad in (20260101, 1.5, (2026, 1, 1), b"2026-01-01"):
        with pytest.raises(TypeError, match="today must be a date"):
            extract(page, today=bad)


def test_parse_today_takes_a_date_as_it_is() -> None:
    assert parse_today("2026-01-01") == dt.date(2026, 1, 1)
    assert parse_today(dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
    for bad in (dt.datetime(2026, 1, 1), "2026-W01-1", 20260101):
        with pytest.raises(ConfigError):
            parse_today(bad)


def _utc_day() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def test_the_default_day_is_utcs_in_any_time_zone(monkeypatch) -> None:
    # (review r40) the local day: a page dated tomorrow kept its date under
    # TZ=Pacific/Kiritimati. UTC+14 and UTC-11: at any hour one of them is not UTC's day,
    # and on main one of the two pages below is dated wrong there
    try:
        for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
            monkeypatch.setenv("TZ", zone)
            time.tzset()
            for _attempt in range(2):  # once more if UTC's midnight passed meanwhile
                day = _utc_day()
                monkeypatch.setattr(article_module, "_TODAY", [0.0, None])  # no cached day
                tomorrow = (day + dt.timedelta(days=1)).isoformat()
                pages = {
                    d: DATED.replace("2026-06-01T10:00:00Z", d)
                    for d in (day.isoformat(), tomorrow)
                }
                got = {d: extract(page).date for d, page in pages.items()}
                parsed = dates_module.parse_date(tomorrow)
                in_text = dates_module.date_from_text([f"Published {tomorrow}"])
                in_url = dates_module.date_from_url(f"https://e.org/{tomorrow}/a")
                if _utc_day() == day:
                    break
            assert got == {day.isoformat(): day.isoformat(), tomorrow: None}, zone
            assert (parsed, in_text, in_url) == (None, None, None), zone
            assert dates_module.parse_date(day.isoformat()) == day, zone
    finally:
        monkeypatch.undo()
        time.tzset()


SCRIPT = "<script>" + "var a = 1;" * ((MAX_HTML_CHARS // 10) + 100_000) + "</script>"


def test_a_big_inline_script_before_the_article_does_not_empty_it() -> None:
    # (review r40) the 8M-character cut came before the script bodies were taken out:
    # a 9 MB script before <article> left nothing of the article to read
    page = UNDATED.replace("<article>", SCRIPT + "<article>")
    assert len(page) > MAX_HTML_CHARS
    art = extract(page)
    assert art.text == extract(UNDATED).text and "Paragraph 5" in art.text
    assert HTML_CUT not in art.page


def test_a_page_cut_to_size_says_so(monkeypatch) -> None:
    monkeypatch.setattr(article_module, "MAX_HTML_CHARS", 600)
    art = extract(UNDATED)
    assert "Paragraph 0" in art.text and "Paragraph 5" not in art.text
    assert art.page[HTML_CUT] == len(UNDATED) - 600
    assert article_module.HTML_CUT == HTML_CUT and HTML_CUT in PAGE_SCORES  # policies read it
    assert HTML_CUT not in extract(UNDATED[:590]).page
    # multi-byte characters are counted as characters, not bytes
    wide = UNDATED.replace("Paragraph", "Параграф")
    assert extract(wide).page[HTML_CUT] == len(wide) - 600


def test_the_extract_stage_counts_the_pages_cut(monkeypatch) -> None:
    monkeypatch.setattr(article_module, "MAX_HTML_CHARS", 2000)
    docs = [Document(id=str(i), source="s", html=UNDATED * (1 + 2 * (i % 2)))
            for i in range(4)] + [Document(id="t", source="s", text="plain text input")]
    stats = Stats()
    out = list(ExtractStage().run(docs, stats))
    assert len(out) == 5 and stats.counts["extract/in"] == 5
    assert stats.counts["extract/html_cut"] == 2  # the two pages over 2,000 characters
    assert [HTML_CUT in d.scores for d in out] == [False, True, False, True, False]


def test_a_file_name_is_refused_not_read_as_the_page(tmp_path, monkeypatch) -> None:
    # (review r40) extract_article("page.html") returned an article whose text was
    # "page.html": read() and run() take a str as a path, so users try it here too
    (tmp_path / "page.html").write_text(UNDATED)
    monkeypatch.chdir(tmp_path)
    for name in ("page.html", str(tmp_path / "page.html")):
        with pytest.raises(ValueError, match=r"name of a file.*read the file's bytes"):
            extract(name)
    with pytest.raises(TypeError, match="read the file's bytes"):
        extract(tmp_path / "page.html")
    # text that names no file, and a page, are read as before
    assert extract("missing.html").text == "missing.html"
    assert "Paragraph 5" in extract((tmp_path / "page.html").read_text()).text
    assert "Paragraph 5" in extract((tmp_path / "page.html").read_bytes()).text
