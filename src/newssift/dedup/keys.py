"""The keys documents are grouped by: LSH band keys, exact-text keys and URL keys.

All three are 64-bit integers, so the bucket stage treats them alike (sort, find equal
runs): band keys hash ``rows`` consecutive signature entries; the exact key hashes the
normalised word sequence (``minhash.sequence_keys``: punctuation, case and spacing do not
hide a duplicate); the URL key hashes the canonical URL (or the URL) without scheme,
``www.``, fragment, tracking parameters or trailing slash. Key 0 means "no key" (no
text, no URL) and never groups.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import numpy as np

from newssift.dedup.minhash import _mix

_TRACKING_PREFIXES = ("utm_", "mc_")
_TRACKING = {"fbclid", "gclid", "ocid", "cmpid", "ref", "src", "smid", "cmp", "share"}


def _h64(s: str) -> int:
    v = int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "little")
    return v or 1


#: A plain http(s) URL without user, port, query, fragment, spaces or control characters:
#: ``urlsplit`` would give its host (group 1, lower-cased: ASCII letters, digits, dots and
#: hyphens, so no user, port, brackets or characters urlsplit removes) and its path (group
#: 2) as they stand, so the parse is skipped; any other URL is parsed. The one plain-URL
#: pattern of dedup: the URL keys and ``canonical.host_of`` both read it.
PLAIN_URL = re.compile(r"https?://([A-Za-z0-9.-]+)(/[^?#\s\x00-\x1f\x7f]*)?\Z")


def normalise_url(url: str | None) -> str:
    """The form in which URLs are compared (empty when there is none)."""
    if not url:
        return ""
    plain = PLAIN_URL.match(url)
    if plain:
        return _normalised(plain.group(1).lower(), plain.group(2) or "", "")
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip().lower()
    return _normalised((parts.hostname or "").lower(), parts.path, parts.query)


def _normalised(host: str, path: str, query_text: str) -> str:
    if host.startswith("www."):
        host = host[4:]
    if host.startswith("amp."):
        host = host[4:]
    path = path.rstrip("/")
    if path.endswith("/amp"):
        path = path[:-4]
    if not query_text:
        return f"{host}{path}"
    query = sorted(
        (k, v) for k, v in parse_qsl(query_text, keep_blank_values=True)
        if not (k.lower().startswith(_TRACKING_PREFIXES) or k.lower() in _TRACKING)
    )
    q = urlencode(query)
    return f"{host}{path}" + (f"?{q}" if q else "")


def url_key(url: str | None, canonical_url: str | None = None) -> int:
    """Hash of the normalised canonical URL, else of the URL (0 when there is neither)."""
    u = normalise_url(canonical_url) or normalise_url(url)
    return _h64(u) if u else 0


def band_keys(sig: np.ndarray, bands: int, rows: int, seed: int, valid: np.ndarray) -> np.ndarray:
    """``(bands, n)`` uint64 keys: band ``b`` hashes entries ``b*rows .. b*rows+rows-1``.

    Documents where ``valid`` is false (no words) get key 0 in every band.
    """
    n = len(sig)
    rng = np.random.Generator(np.random.PCG64([seed, 0xBA]))
    mult = rng.integers(0, 2**63, size=rows, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    block = sig[:, : bands * rows].astype(np.uint64).reshape(n, bands, rows)
    keys = (block * mult).sum(axis=2, dtype=np.uint64)
    keys = _mix(keys)
    keys[keys == 0] = 1
    keys[~valid] = 0
    return np.ascontiguousarray(keys.T)
