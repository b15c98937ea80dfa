"""Which copy of a story is the original, and why: the canonical rule.

Rule, in order: a member not flagged as a content-farm or machine-translated copy
(``newssift.dedup.parts.is_suspect``) before a flagged one; then the earliest publication
date (day precision, missing dates last); then a wire agency's own copy (the page sits on
the agency's own site); then the most complete text (most characters); then the smallest
id. Every criterion is a plain value of the record, so the choice is deterministic and can
be explained in one phrase: the reason names the first criterion on which the canonical
beats the runner-up of its cluster ("earliest_date 2021-01-24", "agency_copy reuters",
"longest_text 5120 chars", "smallest_id"). When the canonical is the only unflagged member
and the rest of the rule would have chosen a flagged copy, the reason is
"not_flagged_copy". A document alone in its cluster gets "singleton".
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import numpy as np

from newssift.dedup.keys import PLAIN_URL
from newssift.vocab import agencies

NO_DATE = "9999-99-99"
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def day_key(date: str | None) -> str:
    """The day of an ISO date ("2021-01-24"), or ``NO_DATE`` to sort a missing date last."""
    if date and _DAY.match(date):
        return date[:10]
    return NO_DATE


def host_of(url: str | None) -> str:
    if not url:
        return ""
    plain = PLAIN_URL.match(url)  # a plain URL's host without the parse
    if plain:
        host = plain.group(1).lower()
    else:
        try:
            host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
        except ValueError:
            return ""
    return host[4:] if host.startswith("www.") else host


def own_agency(url: str | None, site_name: str | None, dateline_agency: str | None) -> str:
    """The agency whose own copy this is, or "" (not an agency's own site).

    A page is an agency's own copy when its host is one of the agency's domains, or when
    the site names itself as the agency. The dateline agency alone does not make it one:
    every syndicated copy carries "(AP)"; but an agency site running a story the dateline
    credits to another agency is not the original either. Domains and names come from the
    one agency table, :mod:`newssift.vocab.agencies`, which the wire forensics read too;
    the value (the reported name in lower case: "ap", "reuters") is what the canonical
    reason and the index show.
    """
    site = agencies.site_agency(host_of(url)) or agencies.named(site_name)
    # the parser reports an agency by its name ("CNA"); a name given otherwise is folded
    credited = (dateline_agency if dateline_agency in agencies.BY_NAME
                else agencies.named(dateline_agency))
    if site and credited and credited != site:
        return ""  # an agency's site carrying another agency's story is a copy too
    return site.lower() if site else ""


def day_number(day: str) -> int:
    """A day key as a sortable integer (20210124); a missing date sorts last."""
    return 99_999_999 if day == NO_DATE else int(day.replace("-", ""))


def day_text(number: int) -> str:
    """Inverse of :func:`day_number`."""
    if number >= 99_999_999:
        return NO_DATE
    t = f"{number:08d}"
    return f"{t[:4]}-{t[4:6]}-{t[6:]}"


def choose(
    label: np.ndarray, day: np.ndarray, not_agency: np.ndarray, text_len: np.ndarray,
    id_rank: np.ndarray, suspect: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Canonical and runner-up of every cluster by the rule of this module.

    Inputs are aligned per document: cluster ``label``, ``day`` as :func:`day_number`,
    ``not_agency`` (0 for an agency's own copy), ``text_len``, the rank of the id in
    string order and ``suspect`` (1 for a flagged copy; none flagged when omitted).
    Returns ``(first, second)``: for every document, the position of its
    cluster's canonical and of the runner-up (-1 when the cluster has one member).
    """
    n = len(label)
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    flagged = np.zeros(n, np.int8) if suspect is None else np.asarray(suspect, np.int8)
    order = np.lexsort((id_rank, -np.asarray(text_len, np.int64), not_agency, day, flagged,
                        label))
    sl = label[order]
    starts = np.r_[0, np.nonzero(sl[1:] != sl[:-1])[0] + 1]
    sizes = np.diff(np.r_[starts, n])
    first_sorted = order[starts]
    second_sorted = np.where(sizes > 1, order[np.minimum(starts + 1, n - 1)], -1)
    group = np.repeat(np.arange(len(starts)), sizes)
    first = np.empty(n, np.int64)
    second = np.empty(n, np.int64)
    first[order] = first_sorted[group]
    second[order] = second_sorted[group]
    return first, second


def _key(d: dict) -> tuple:
    return (d["day"], 0 if d["agency"] else 1, -int(d["text_len"]), d.get("id", ""))


def reason(best: dict, runner: dict | None) -> str:
    """Why ``best`` beats ``runner`` (dicts with day, agency, text_len and optionally
    suspect and id; runner None: alone)."""
    if runner is None:
        return "singleton"
    if runner.get("suspect") and not best.get("suspect") and _key(runner) < _key(best):
        return "not_flagged_copy"
    if best["day"] != runner["day"]:
        return f"earliest_date {best['day']}"
    if best["agency"] and not runner["agency"]:
        return f"agency_copy {best['agency']}"
    if best["text_len"] != runner["text_len"]:
        return f"longest_text {int(best['text_len'])} chars"
    return "smallest_id"
