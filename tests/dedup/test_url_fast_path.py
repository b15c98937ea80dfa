"""The URL keys' and hosts' fast path (a plain http(s) URL read without urlsplit) gives what
the parse gives, on the bench's URLs and on URLs made to leave the plain shape."""

from __future__ import annotations

import re

import pytest

from newssift.dedup import canonical, keys

NEVER = re.compile(r"(?!)")
URLS = [
    "https://www.apnews.com/article/phone-hacking-charges-seen-as-chill-on-b-906",
    "https://site303.example/news/honolulu-hawaii-hawaiinewsnow-nasa-scien-150-0",
    "http://a.com", "http://a.com/", "http://A.Com/X/", "HTTP://a.com/x", "http://a.com.",
    "http://www.amp.example.org/story/amp", "http://amp.www.example.org/story/amp/",
    "https://a-b.c/d%20e/", "http://a.com:80/x", "http://user@a.com/x", "http://u:p@a.com/",
    "http://a.com?utm_source=x&id=3", "http://a.com/x?b=2&a=1&fbclid=z", "http://a.com/x#frag",
    "http://a.com/x y", " http://a.com/x", "http://a.com/x ", "http://a.com/\tx", "http://a.com\t/x",
    "http://a.com/x\n", "http://[::1]/x", "http://[::1", "http://a.com/ü/é", "http://ａ.com/x",
    "http://a.com/x\x01", "http://a.com/x\u2028", "http:///x", "http://", "a.com/x", "//a.com/x",
    "ftp://a.com/x", "https://news.example.co.uk/2024/05/01/story.html", "http://a.com/x//",
    "http://a_b.com/x", "http://a.com/%7Euser", "mailto:x@a.com", "", None,
]


def _both(monkeypatch: pytest.MonkeyPatch, url: str | None) -> tuple:
    fast = (keys.normalise_url(url), canonical.host_of(url))
    with monkeypatch.context() as m:
        m.setattr(keys, "PLAIN_URL", NEVER)
        m.setattr(canonical, "PLAIN_URL", NEVER)
        slow = (keys.normalise_url(url), canonical.host_of(url))
    return fast, slow


def test_fast_path_equals_the_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = 0
    for url in URLS:
        fast, slow = _both(monkeypatch, url)
        assert fast == slow, url
        plain += bool(url and keys.PLAIN_URL.match(url))
    assert plain >= 8  # the fast path is taken by the plain ones


def test_bench_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    from bench import syndication

    src = [f"Body {i}.\nSecond line of story {i}." for i in range(40)]
    docs = syndication.generate(src, strength=1.0, copies=3, negatives=1, seed=2)
    for d in docs:
        fast, slow = _both(monkeypatch, d.url)
        assert fast == slow, d.url


def test_one_plain_url_pattern() -> None:
    """dedup has one plain-URL pattern (keys.PLAIN_URL); canonical reads that one."""
    from pathlib import Path

    src = Path(keys.__file__).parent
    found = [p.name for p in sorted(src.glob("*.py"))
             for line in p.read_text().splitlines()
             if "re.compile" in line and "https?://" in line]
    assert found == ["keys.py"]
    assert canonical.PLAIN_URL is keys.PLAIN_URL
