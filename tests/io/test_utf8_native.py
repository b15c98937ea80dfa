"""The compiled UTF-8 decode (``io/_utf8.c``'s ``utf8_text``) gives exactly
``bytes.decode("utf-8")``: the same str (same characters and the same internal width) for
every strictly valid input, and None (Python's codec then raises) for every input the codec
rejects. ``charset``'s ``utf8_strict`` is what the readers and ``extract`` call; it must
equal the codec whether the compiled pass is built or not."""

from __future__ import annotations

import gzip
import os
import random
import subprocess
import sys

import pytest

from newssift.io import charset
from tests.pages import BENCH_PAGES, ROOT, repo_pages

try:
    from newssift.io import _utf8
except ImportError:  # not built: Python's codec is what runs
    _utf8 = None

compiled = pytest.mark.skipif(_utf8 is None, reason="io/_utf8.c is not built")


def _codec(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _same(data: bytes) -> bool:
    """utf8_text's answer is the codec's, down to the str's width (its size in memory)."""
    want, got = _codec(data), _utf8.utf8_text(data)
    if want is None or got is None:
        return want is got
    # (one character below U+0100 is the codec's shared object: the same one, whatever
    # another test cached in it)
    shared = len(want) == 1 and ord(want) < 0x100
    return want == got and sys.getsizeof(want) == sys.getsizeof(got) and (
        not shared or want is got)


_VALID = [b"a", b"<p>", b"\x7f", b"\xc2\x80", b"\xc3\xa9", b"\xdf\xbf", b"\xe0\xa0\x80",
          b"\xe2\x80\x99", b"\xed\x9f\xbf", b"\xee\x80\x80", b"\xef\xbf\xbf",
          b"\xf0\x90\x80\x80", b"\xf0\x9f\x98\x80", b"\xf4\x8f\xbf\xbf", b"\xd0\xbf"]
_INVALID = [b"\x80", b"\xbf", b"\xc0\x80", b"\xc1\xbf", b"\xc2", b"\xc2\xc2", b"\xe0\x80\x80",
            b"\xe0\x9f\xbf", b"\xe2\x80", b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xf0\x80\x80\x80",
            b"\xf0\x8f\xbf\xbf", b"\xf0\x90\x80", b"\xf4\x90\x80\x80", b"\xf5\x80\x80\x80",
            b"\xf8\x88\x80\x80\x80", b"\xfe", b"\xff"]


@compiled
@pytest.mark.parametrize("pad", [0, 1, 15, 16, 17, 31, 40])
def test_every_two_and_three_byte_sequence(pad: int) -> None:
    """Every lead byte with every second byte (and, past E0, every third byte of a few
    kinds), after ``pad`` ASCII bytes (the 16-byte steps meet the sequence at each place)."""
    pre = b"x" * pad
    for a in range(256):
        for b in range(256):
            assert _same(pre + bytes([a, b])), (pad, a, b)
            for c in (0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF):
                assert _same(pre + bytes([a, b, c]) + b"tail"), (pad, a, b, c)


@compiled
def test_every_four_byte_lead_and_second_byte() -> None:
    for a in range(0xF0, 0x100):
        for b in range(256):
            for tail in (b"\x80\x80", b"\xbf\xbf", b"\x80", b"\x80A", b"\xc0\x80", b""):
                assert _same(bytes([a, b]) + tail), (a, b, tail)
                assert _same(b"y" * 14 + bytes([a, b]) + tail + b"z" * 20), (a, b, tail)


@compiled
def test_random_mixtures() -> None:
    """Runs of each width, long ASCII stretches, invalid bytes anywhere, and the ends."""
    rnd = random.Random(17)
    for _ in range(20000):
        parts = [rnd.choice(_VALID) * rnd.choice([1, 1, 2, 7, 16, 33])
                 for _ in range(rnd.randint(0, 14))]
        if rnd.random() < 0.3:
            parts.insert(rnd.randint(0, len(parts)), rnd.choice(_INVALID))
        if rnd.random() < 0.2:
            parts.append(bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 6))))
        data = b"".join(parts)
        assert _same(data), data


@compiled
def test_empty_and_types() -> None:
    assert _utf8.utf8_text(b"") == ""
    with pytest.raises(TypeError):
        _utf8.utf8_text("text")
    with pytest.raises(TypeError):
        _utf8.utf8_text(bytearray(b"text"))


@compiled
@pytest.mark.skipif(not BENCH_PAGES.is_dir(), reason="no ../shared/benchmarks/extraction pages")
def test_every_bench_page() -> None:
    differ = []
    for path in sorted(BENCH_PAGES.rglob("*.html*")):
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        if not _same(data):
            differ.append(path.name)
    assert not differ, differ[:5]


@compiled
def test_repo_pages() -> None:
    """The pages the repository carries (where ../shared is absent, as in CI)."""
    for name, data in repo_pages():
        assert _same(data), name


def test_utf8_strict_is_the_codec() -> None:
    """charset.utf8_strict: the codec's str, or the codec's error (whichever pass runs)."""
    for data in [b"", b"plain", "caf\u00e9 \u2019 \U0001f600".encode(), *_VALID]:
        assert charset.utf8_strict(data) == data.decode("utf-8")
    for data in _INVALID:
        with pytest.raises(UnicodeDecodeError):
            charset.utf8_strict(data)
    assert charset.utf8_strict(bytearray(b"caf\xc3\xa9")) == "caf\u00e9"


def test_pure_walk_keeps_the_codec() -> None:
    """NEWSSIFT_PURE_WALK=1: utf8_strict does not use the compiled pass."""
    code = ("from newssift.io import charset; "
            "print(charset._utf8_text is None, charset.utf8_strict(b'caf\\xc3\\xa9'))")
    env = {**os.environ, "NEWSSIFT_PURE_WALK": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.split()
    assert out == ["True", "caf\u00e9"]


@compiled
@pytest.mark.skipif(os.environ.get("NEWSSIFT_PURE_WALK", "0") not in ("", "0"),
                    reason="NEWSSIFT_PURE_WALK asks for the codec")
def test_charset_decodes_with_the_compiled_pass() -> None:
    """(review r35) charset's import of the pass swallows an ImportError, so an extension
    without ``utf8_text`` would leave every page on the codec, unnoticed by the tests above."""
    assert charset._utf8_text is _utf8.utf8_text
