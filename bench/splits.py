"""Tuning and held-out halves of the benchmark sets, split by site.

A rule tuned on a site's pages learns that site's template; scoring it on other pages of the
same site flatters it. So every visible set is cut by site: a page's site is the host of its
URL, or, for sets that give none (dragnet, cleaneval), the host the page names as its own
(canonical link, og:url, base href), else the host most of its absolute links point to. A
page whose site cannot be told is its own group. A site falls in the held-out half when the
first hex digit of the SHA-1 of its name is 0-7 (about half the sites), the rule naeb's split
has used from the start, so naeb's halves are unchanged.

Rules are changed while reading the tuning half only; the held-out half is what is reported.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from urllib.parse import urlsplit

HALVES = ("tune", "held")

_OWN_URL = re.compile(
    rb"""<link[^>]+rel=["']?canonical["']?[^>]*href=["']?([^"' >]+)"""
    rb"""|<link[^>]+href=["']?([^"' >]+)["']?[^>]*rel=["']?canonical"""
    rb"""|<meta[^>]+property=["']og:url["'][^>]*content=["']?([^"' >]+)"""
    rb"""|<base[^>]+href=["']?([^"' >]+)""",
    re.IGNORECASE,
)
_LINK = re.compile(rb"""href=["']?(https?://[^"'/ >]+)""", re.IGNORECASE)


def host(url: str | None) -> str:
    """The site of a URL: its lower-cased host without a leading ``www.``."""
    if not url:
        return ""
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    try:
        h = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return h.lower().removeprefix("www.")


def site_of_html(html: bytes) -> str:
    """The site a page names as its own, else the host most of its absolute links go to."""
    head = html[:200_000]
    for m in _OWN_URL.finditer(head):
        url = next(g for g in m.groups() if g)
        h = host(url.decode("latin-1"))
        if h:
            return h
    hosts = Counter(host(m.group(1).decode("latin-1")) for m in _LINK.finditer(html))
    hosts.pop("", None)
    return hosts.most_common(1)[0][0] if hosts else ""


def half_of(site: str, page_id: str) -> str:
    """ "held" or "tune" for a page of ``site`` (a page without a site is its own group)."""
    key = site or f"page:{page_id}"
    return "held" if hashlib.sha1(key.encode()).hexdigest()[0] in "01234567" else "tune"
