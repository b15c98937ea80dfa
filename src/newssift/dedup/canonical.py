"""Which copy of a story is the original, and why: the canonical rule.

Rule, in order:

1. a member not flagged as a content-farm or machine-translated copy
   (``newssift.dedup.parts.is_suspect``) before a flagged one;
2. a wire agency's own copy (:func:`own_agency`: the page sits on the agency's own site)
   before any other;
3. the earliest publication date (day precision, missing dates last);
4. the most complete text (most characters);
5. the smallest id.

Why the agency's own copy comes before the date (session 30, review r42 finding 2; until
then the date came first): the question a misinformation researcher asks of a cluster is
"whose story is this?", and for a wire story the answer is the agency that wrote it, on
its own site, whatever date its copies claim. A page's date is what the page says about
itself: a scraper that dates its copy four days before the agency's (or a feed that stamps
its import time, or a page in a zone where the agency's morning is still yesterday: the
record's ``date`` is the page's local day) made the agency's page ``copy_of`` the scraper,
and a copy rejected as a duplicate would have been the agency's. The host is the one fact
a copier cannot copy with the page, so the agency step rests on it: a page is an agency's
own copy when its host is one of the agency's domains; its site name counts only when no
host is known (a saved file without a URL or a canonical URL), since scrapers copy a
page's ``og:site_name`` with its head. A page whose own dateline credits an agency but
which sits elsewhere is a copy (it carries the ``agency_copy`` flag of the wire forensics),
and an agency's site running a story credited to another agency is not that story's
origin either. Between two agencies' own copies, or two pages of no agency, the date
decides as before. The flag step stays first, as it was: a flag is a verdict on the
page's own text, and a flagged page claiming an agency by its site name alone (no host)
is what that step is for; the price is that an agency's page the classifiers flag by
mistake loses to an unflagged copy (none of the agency pages of the byte-check corpus is
flagged: docs/bench/provenance.md, session 30).

What the rule cannot see: the hour. ``date`` is a day (the page's own local day, which the
date benches compare), and dedup reads nothing finer, so two copies of no agency published
hours apart across midnight in different zones are ordered by their local days (a copy in
New York at 22:30 on the 24th beats the original in Moscow at 05:00 on the 25th, 1.5 hours
earlier in UTC). With the agency step first, the common case (the agency's own page in the
cluster) no longer depends on the date; the rest would need a UTC instant in the record.

Every criterion is a plain value of the record, so the choice is deterministic and can
be explained in one phrase: the reason names the first criterion on which the canonical
beats the runner-up of its cluster ("agency_copy reuters", "earliest_date 2021-01-24",
"longest_text 5120 chars", "smallest_id"). The codes are unchanged by the new order:
each still says the same thing of the two members (``agency_copy``: the canonical is an
agency's own copy and the runner-up is not; ``earliest_date``: the canonical's day is
earlier), only which of them is asked first moved (:data:`RULE` names the order). When
the canonical is the only unflagged member and the rest of the rule would have chosen a
flagged copy, the reason is "not_flagged_copy". A document alone in its cluster gets
"singleton".
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import numpy as np

from newssift.dedup.keys import PLAIN_URL
from newssift.vocab import agencies

#: The order of the rule, named as dedup names its rules: v2 puts the agency's own copy
#: before the date (v1, until session 30: the date first). Every step's reason code keeps
#: its meaning; what changed is which step is asked first.
RULE = "canonical_order/v2"
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


def record_host(url: str | None, canonical_url: str | None = None) -> str:
    """A record's host: its URL's, or, for a record without one (a saved file), its page's
    declared canonical URL's; never the canonical URL over a URL (the URL says where the
    bytes came from). The agency step and ``sites.parquet`` file a record by it."""
    return host_of(url) if url else host_of(canonical_url)


def own_agency(url: str | None, site_name: str | None, dateline_agency: str | None,
               canonical_url: str | None = None) -> str:
    """The agency whose own copy this is, or "" (not an agency's own site).

    A page is an agency's own copy when its host is one of the agency's domains. The host
    is the URL's, or where the record has no URL (a saved file) its page's declared
    canonical URL (``canonical_url``; never written into ``url``, which says where the
    bytes came from). Only when neither gives a host does the site's name count ("Reuters",
    "The Associated Press"): a page on a known host that is no agency's is a copy whatever
    it calls itself, as scrapers copy ``og:site_name`` with the rest of a page's head, and
    the rule puts the agency's own copy before every date (module docstring). The dateline
    agency alone does not make it one: every syndicated copy carries "(AP)"; but an agency
    site running a story the dateline credits to another agency is not the original either.
    Domains and names come from the one agency table, :mod:`newssift.vocab.agencies`, which
    the wire forensics read too; the value (the reported name in lower case: "ap",
    "reuters") is what the canonical reason and the index show.
    """
    host = record_host(url, canonical_url)
    site = agencies.site_agency(host) if host else agencies.named(site_name)
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
    order = np.lexsort((id_rank, -np.asarray(text_len, np.int64), day, not_agency, flagged,
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
    """The rule's order after the flag step (:data:`RULE`), as one sortable tuple."""
    return (0 if d["agency"] else 1, d["day"], -int(d["text_len"]), d.get("id", ""))


def reason(best: dict, runner: dict | None) -> str:
    """Why ``best`` beats ``runner`` (dicts with day, agency, text_len and optionally
    suspect and id; runner None: alone)."""
    if runner is None:
        return "singleton"
    if runner.get("suspect") and not best.get("suspect") and _key(runner) < _key(best):
        return "not_flagged_copy"
    if best["agency"] and not runner["agency"]:
        return f"agency_copy {best['agency']}"
    if best["day"] != runner["day"]:
        return f"earliest_date {best['day']}"
    if best["text_len"] != runner["text_len"]:
        return f"longest_text {int(best['text_len'])} chars"
    return "smallest_id"
