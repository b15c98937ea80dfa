"""Readable text is read: UTF-16/32 without a mark, stray bytes in UTF-8, stray NULs; binary
is refused by every single-document command; extract reads .gz and feeds news."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from newssift.cli import main
from newssift.io.charset import decode_page
from newssift.io.file_reader import control_count, looks_binary

PAGE = ("<html><head><title>Café</title></head><body><p>Le café est ouvert. Résumé naïve "
        "à la française, déjà vu, où l'été dure.</p></body></html>")
STORY = ("LISBON, March 3 (Reuters) - The harbour authority said on Monday that ferry service "
         "would resume after repairs to the northern pier were finished ahead of schedule.\n"
         "\"We expect the first crossing at seven,\" said Marta Lopes, who runs the terminal.\n")
HTML_STORY = ("<html><head><title>Ferry service to resume</title>"
              "<meta name='author' content='Jane Roe'></head><body><article>"
              + "".join(f"<p>{line}</p>" for line in STORY.splitlines())
              + "</article></body></html>")


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_encodings_without_a_mark_are_read(enc: str) -> None:
    data = PAGE.encode(enc)
    assert not looks_binary(data)
    assert decode_page(data) == (PAGE, enc)


def test_utf8_with_a_few_stray_bytes_stays_utf8() -> None:
    data = PAGE.encode()
    data = data[:60] + b"\xff\xfe\x80" + data[60:] + b"\x81\x82"
    text, enc = decode_page(data)
    assert enc == "utf-8" and "Café" in text and "Ã" not in text


def test_latin1_page_is_still_cp1252() -> None:
    assert decode_page("Le café, déjà vu.".encode("cp1252"))[1] == "cp1252"


def test_a_few_nul_bytes_are_not_binary_but_noise_is() -> None:
    data = PAGE.encode()
    assert not looks_binary(data[:30] + b"\x00" + data[30:70] + b"\x00" + data[70:])
    assert looks_binary(random.Random(1).randbytes(2000))


def _old_control_count(head: bytes) -> int:
    return sum(1 for b in head if b < 9 or 13 < b < 32)


def test_control_count_matches_the_byte_loop_it_replaced() -> None:
    for b in range(256):
        one = bytes([b])
        expected = 1 if b < 9 or 13 < b < 32 else 0
        assert control_count(one) == _old_control_count(one) == expected, b
    every = bytes(range(256))
    assert control_count(every) == _old_control_count(every) == 27
    rng = random.Random(7)
    for n in (0, 1, 17, 1024, 3000):
        for _ in range(20):
            data = rng.randbytes(n)
            assert control_count(data) == _old_control_count(data)
            low = bytes(rng.randrange(40) for _ in range(n))
            assert control_count(low) == _old_control_count(low)


def test_control_byte_share_threshold() -> None:
    text = b"a" * 1000
    at_limit = b"\x01" * 50 + text[50:]
    over = b"\x01" * 51 + text[51:]
    assert not looks_binary(at_limit)
    assert looks_binary(over)
    assert not looks_binary(b"\t\n\r\x0b\x0c" * 200)


@pytest.mark.parametrize("command", ["clean", "news", "assess", "extract"])
def test_every_single_document_command_refuses_binary(tmp_path: Path, command: str) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(random.Random(2).randbytes(3000))
    res = CliRunner().invoke(main, [command, str(path)])
    assert res.exit_code == 2
    assert "looks binary" in res.output and res.output.count("\n") == 1, res.output


def test_extract_reads_gzip_and_body_only_feeds_news(tmp_path: Path) -> None:
    page = tmp_path / "page.html.gz"
    page.write_bytes(gzip.compress(HTML_STORY.encode()))
    body = CliRunner().invoke(main, ["extract", str(page), "--body-only"])
    assert body.exit_code == 0 and body.output.startswith("LISBON, March 3")
    news = CliRunner().invoke(main, ["news", "-"], input=body.output)
    assert news.exit_code == 0
    assert "dateline: LISBON" in news.output
