"""Charset choice: BOM, then HTTP header, then meta, then UTF-8, then windows-1252."""

from __future__ import annotations

from newssift.io.charset import charset_from_content_type, codec_name, decode_page

FRENCH = "<p>Les relations se sont dégradées, a déclaré le porte-parole à Noël.</p>"
JAPANESE = "<p>東京の港で新しいフェリーが運航を再開した。</p>"
RUSSIAN = "<p>Кремль заявил о готовности к диалогу.</p>"


def test_labels_map_to_browser_supersets() -> None:
    assert codec_name("ISO-8859-1") == "cp1252"
    assert codec_name("latin1") == "cp1252"
    assert codec_name("US-ASCII") == "cp1252"
    assert codec_name("x-sjis") == "shift_jis"
    assert codec_name("GB2312") == "gb18030"
    assert codec_name("no-such-charset") is None
    assert charset_from_content_type('text/html; Charset="windows-1251"') == "cp1251"
    assert charset_from_content_type("text/html") is None


def test_http_header_wins_over_guessing() -> None:
    data = RUSSIAN.encode("cp1251")
    assert decode_page(data, "windows-1251") == (RUSSIAN, "cp1251")
    # without the header the bytes are not UTF-8, so the fallback is windows-1252
    assert decode_page(data)[1] == "cp1252"


def test_meta_charset_and_http_equiv() -> None:
    sjis = ('<meta charset="shift_jis">' + JAPANESE).encode("shift_jis")
    assert decode_page(sjis)[0].endswith(JAPANESE)
    equiv = (
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">' + RUSSIAN
    ).encode("cp1251")
    assert decode_page(equiv)[0].endswith(RUSSIAN)


def test_undeclared_bytes_utf8_then_cp1252() -> None:
    assert decode_page(FRENCH.encode("utf-8")) == (FRENCH, "utf-8")
    assert decode_page(FRENCH.encode("cp1252")) == (FRENCH, "cp1252")
    assert decode_page("“quoted” – dash".encode("cp1252"))[0] == "“quoted” – dash"


def test_a_declaration_the_bytes_contradict_is_ignored() -> None:
    data = ('<meta charset="utf-8">' + FRENCH).encode("cp1252")
    text, enc = decode_page(data)
    assert enc == "cp1252" and text.endswith(FRENCH)


def test_bom_wins_and_junk_never_raises() -> None:
    assert decode_page("\ufeff".encode("utf-16-le") + FRENCH.encode("utf-16-le"), "cp1251") == (
        FRENCH,
        "utf-16-le",
    )
    text, _ = decode_page(bytes(range(256)) * 4, "utf-8")
    assert isinstance(text, str) and len(text) > 0


def test_a_single_byte_declaration_on_utf8_bytes_is_read_as_utf8() -> None:
    # e27 found 4 of htmldate's 999 news pages so (cleaneval has 146 of 738): the template or
    # the server says ISO-8859-1 / windows-1252, the bytes are UTF-8, and every accented
    # letter came out as two characters ("dÃ©gradÃ©es")
    for label in ("ISO-8859-1", "windows-1252", "windows-1251", "iso-8859-2"):
        meta = (f'<meta charset="{label}">' + FRENCH).encode("utf-8")
        assert decode_page(meta) == (f'<meta charset="{label}">' + FRENCH, "utf-8")
        assert decode_page(FRENCH.encode("utf-8"), label) == (FRENCH, "utf-8")
    assert decode_page(RUSSIAN.encode("utf-8"), "koi8-r") == (RUSSIAN, "utf-8")


def test_text_really_in_the_declared_single_byte_encoding_stays_so() -> None:
    # one accented letter before an ASCII byte is no UTF-8, so the declaration holds
    assert decode_page(FRENCH.encode("cp1252"), "ISO-8859-1") == (FRENCH, "cp1252")
    assert decode_page(RUSSIAN.encode("cp1251"), "windows-1251") == (RUSSIAN, "cp1251")
    # pure ASCII is the same in both: the declared name is kept
    assert decode_page(b"<p>plain</p>", "ISO-8859-1") == ("<p>plain</p>", "cp1252")
    # a multibyte declaration is never second-guessed by this rule
    sjis = ('<meta charset="shift_jis">' + JAPANESE).encode("shift_jis")
    assert decode_page(sjis)[1] == "shift_jis"
