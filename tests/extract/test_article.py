"""The extract API on hand-written fixtures: body selection, metadata, and hostile inputs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newssift.extract.article import Article, NotHTMLError, extract
from newssift.extract.cli import extract_command
from newssift.extract.stage import ExtractStage
from newssift.record import QUARANTINE, Document
from newssift.stage import Stats

FIX = Path(__file__).parent / "fixtures"
TODAY = dt.date(2024, 1, 1)


def _read(name: str) -> str:
    return (FIX / name).read_text(encoding="utf-8")


def test_news_page_body_keeps_article_and_drops_chrome():
    art = extract(_read("news_with_chrome.html"), today=TODAY)
    lines = art.text.split("\n")
    assert lines[0].startswith("PORTHAVEN, March 7 (Ledger) –")  # the dateline stays
    assert "Residents divided" in lines  # subheading kept, on its own line
    assert any(line.startswith("Work on the new wall") for line in lines)
    for chrome in (
        "cookies",
        "Share on",
        "Advertisement",
        "Storm damage bill",
        "Sign up",
        "About the Author",
        "Leave a Reply",
        "email address",
        "Great news for the town",
        "All rights reserved",
        "Home",
    ):
        assert chrome not in art.text, chrome
    # reading order
    assert art.text.index("PORTHAVEN") < art.text.index("Some residents") < art.text.index("Work")


def test_news_page_metadata():
    art = extract(_read("news_with_chrome.html"), today=TODAY)
    assert art.title == "Harbour town votes to rebuild its old sea wall"
    assert art.date == "2021-03-07"
    assert art.authors == ["Maren Quist"]
    assert art.site_name == "The Coastal Ledger"
    assert art.language == "en"
    assert art.canonical_url == "https://ledger.example/news/2021/03/07/sea-wall"
    assert art.description.startswith("Councillors approved")


def test_jsonld_metadata_wins_and_is_sanitised():
    art = extract(_read("jsonld.html"), today=TODAY)
    assert art.title == "Rare orchid found in city park"
    assert art.date == "2019-06-14"  # datePublished, not the later modification date
    assert art.authors == ["Tomas Villanueva", "Ada Okafor"]  # no "By", no organisation
    assert art.site_name == "Example Gazette"
    assert "volunteer gardener" in art.text
    assert "Updated January" not in art.text


def test_page_without_metadata():
    art = extract(_read("no_metadata.html"), today=TODAY)
    assert art.title == "Notes from the allotment"
    assert art.date is None
    assert art.authors == []
    assert art.site_name is None
    assert art.language == "en"  # identified from the body
    assert art.text.startswith("The beans went in late")
    assert "Archive" not in art.text


def test_future_and_ancient_dates_are_rejected():
    page = (
        '<html><head><meta property="article:published_time" content="2031-05-05">'
        '<meta name="date" content="1985-02-02"></head><body><p>'
        + "Some article text that is long enough to be a paragraph of its own. " * 3
        + "</p></body></html>"
    )
    assert extract(page, today=TODAY).date is None


def test_site_name_is_not_an_author():
    page = (
        '<html><head><meta property="og:site_name" content="Daily Planet">'
        '<meta name="author" content="Daily Planet"></head><body><p>'
        + "A paragraph of ordinary article prose for the test page body. " * 3
        + "</p></body></html>"
    )
    assert extract(page).authors == []


def test_url_date_is_used_when_page_has_none():
    art = extract(_read("no_metadata.html"), url="https://x.example/2020/11/05/beans", today=TODAY)
    assert art.date == "2020-11-05"


def test_legacy_encoding_bytes_are_decoded():
    body = "Москва — новости дня. " * 10
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        f"<title>Новости</title></head><body><p>{body}</p></body></html>"
    )
    art = extract(html.encode("cp1251"))
    assert "Москва" in art.text
    assert art.title == "Новости"
    assert art.language == "ru"


def test_undeclared_latin1_bytes_fall_back():
    html = "<html><body><p>" + "Café crème à la française, déjà vu. " * 6 + "</p></body></html>"
    art = extract(html.encode("latin-1"))
    assert "Café crème" in art.text


def test_binary_input_is_a_clear_error():
    with pytest.raises(NotHTMLError):
        extract(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    with pytest.raises(NotHTMLError):
        extract(bytes(range(32)) * 100)


def test_deep_nesting_does_not_crash():
    depth = 10_000
    html = (
        "<div>" * depth
        + "<p>"
        + "Deep text in a very nested page. " * 5
        + "</p>"
        + "</div>" * depth
    )
    art = extract(html)
    assert isinstance(art, Article)
    assert "Deep text" in art.text


def test_huge_page_gives_a_result():
    para = "<p>" + "This is a sentence in a very long page, repeated many times. " * 4 + "</p>\n"
    html = "<html><body><article>" + para * (20_000_000 // len(para)) + "</article></body></html>"
    art = extract(html)
    assert art.text.startswith("This is a sentence")


def test_empty_and_text_inputs():
    assert extract("").text == ""
    assert extract(b"").text == ""
    art = extract("just some words, not really html at all, but still text to read")
    assert isinstance(art.text, str)


def test_stage_fills_document_fields():
    doc = Document(id="1", source="x", html=_read("jsonld.html"), url="https://gazette.example/a")
    out = next(iter(ExtractStage().run([doc], Stats())))
    assert out.title == "Rare orchid found in city park"
    assert out.date == "2019-06-14"
    assert out.authors == ["Tomas Villanueva", "Ada Okafor"]
    assert "volunteer gardener" in out.text


def test_stage_quarantines_binary_document():
    doc = Document(id="1", source="x", html="\x00" * 5000)
    stats = Stats()
    out = next(iter(ExtractStage().run([doc], stats)))
    assert out.decision == QUARANTINE
    assert "NotHTMLError" in (out.error or "")


def test_cli_json_output(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(_read("news_with_chrome.html"), encoding="utf-8")
    res = CliRunner().invoke(extract_command, [str(path), "--json", "--url", "https://l.example/"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["title"] == "Harbour town votes to rebuild its old sea wall"
    assert data["authors"] == ["Maren Quist"]
    res = CliRunner().invoke(extract_command, [str(path)])
    assert res.exit_code == 0
    assert "PORTHAVEN" in res.output


def test_cli_reports_binary_input(tmp_path):
    path = tmp_path / "img.html"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    res = CliRunner().invoke(extract_command, [str(path)])
    assert res.exit_code != 0
    assert "not HTML" in res.output


def test_long_cookie_dialog_is_not_the_article():
    consent = (
        "<p>" + "We and our partners use cookies to store and access data on your device. " * 4
    )
    article = "<p>" + "The river rose two metres overnight and the old bridge was closed. " * 2
    page = (
        "<html><body><div class='site'>"
        "<div class='cli-modal popup'><div class='cli-body'>"
        + (consent + "</p>") * 5
        + "</div></div><main><article>"
        + (article + "</p>") * 4
        + "</article></main></div></body></html>"
    )
    art = extract(page)
    assert "river rose" in art.text
    assert "cookies" not in art.text


def test_results_table_outweighs_a_sidebar_paragraph():
    rows = "".join(
        f"<tr><td>{i}</td><td>Driver Number {i}</td><td>{5000 - i * 7}</td></tr>"
        for i in range(1, 40)
    )
    page = (
        "<html><body><div class='main'><h1>Standings</h1>"
        "<p>The standings after the final race of the season are listed below.</p>"
        f"<table>{rows}</table></div>"
        "<aside class='sidebar'><p>"
        + "Our site has covered motor racing for twenty years with news and columns. " * 3
        + "</p></aside></body></html>"
    )
    art = extract(page)
    assert "Driver Number 17" in art.text
    assert "twenty years" not in art.text
