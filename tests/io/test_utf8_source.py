"""The page's own bytes ride on the Document only when they are exactly the UTF-8 of its
``html``: the extractor hands them to the parser instead of encoding ``html`` again, so a
wrong pair would silently parse a different page."""

from __future__ import annotations

import codecs
from pathlib import Path

from bench.warc_build import http_response, warc_record, warcinfo_record, write_warc
from newssift.io.charset import decode_page, utf8_source
from newssift.io.readers import read
from newssift.record import Document

UTF8_PAGE = "<html><body><p>“Café” — naïve façade, 東京 and 🙂.</p></body></html>"


def _source(data: bytes, http_charset: str | None = None) -> bytes | None:
    text, encoding = decode_page(data, http_charset)
    got = utf8_source(data, text, encoding)
    if got is not None:  # whenever bytes are handed on, they are the text's own UTF-8
        assert got == text.encode("utf-8")
    return got


def test_utf8_source_only_for_an_exact_utf8_decoding() -> None:
    data = UTF8_PAGE.encode()
    assert _source(data) is data  # the same object: no copy
    assert _source(data, "utf-8") is data
    assert _source(b"<p>plain ascii</p>") == b"<p>plain ascii</p>"
    assert _source(codecs.BOM_UTF8 + data) is None  # the mark was cut from the text
    assert _source(UTF8_PAGE.encode("cp1252", "replace"), "windows-1252") is None
    assert _source("<p>café</p>".encode("latin-1")) is None  # decoded as cp1252
    # mostly UTF-8 with a stray byte: the text holds a replacement the bytes do not
    broken = data.replace("東".encode(), b"\xff") + "é".encode() * 20
    assert "\ufffd" in decode_page(broken)[0] and _source(broken) is None
    # a real U+FFFD in valid bytes is left out too (costs only the encode)
    assert _source("<p>\ufffd</p>".encode()) is None
    assert _source("<p>hé</p>".encode("utf-16")) is None


def _page_records(pages: list[tuple[bytes, str]]) -> list[bytes]:
    return [warcinfo_record()] + [
        warc_record(http_response(body, ctype), uri=f"https://site.example/{i}")
        for i, (body, ctype) in enumerate(pages)
    ]


def test_warc_and_file_readers_set_the_bytes_and_never_write_them(tmp_path: Path) -> None:
    pages = [
        (UTF8_PAGE.encode(), "text/html; charset=utf-8"),
        (UTF8_PAGE.encode("cp1252", "replace"), "text/html; charset=windows-1252"),
        (codecs.BOM_UTF8 + UTF8_PAGE.encode(), "text/html"),
    ]
    path = write_warc(tmp_path / "pages.warc.gz", _page_records(pages))
    docs = list(read(str(path)))
    assert [d.html_utf8 is not None for d in docs] == [True, False, False]
    assert docs[0].html_utf8 == docs[0].html.encode("utf-8")
    assert "html_utf8" not in docs[0].to_dict()  # never part of the record
    assert docs[0] == Document.from_dict(docs[0].to_dict())  # nor of its equality
    (tmp_path / "a.html").write_bytes(UTF8_PAGE.encode())
    (tmp_path / "b.html").write_bytes(UTF8_PAGE.encode("cp1252", "replace"))
    files = list(read([str(tmp_path / "a.html"), str(tmp_path / "b.html")]))
    assert files[0].html_utf8 == files[0].html.encode("utf-8")
    assert files[1].html_utf8 is None
