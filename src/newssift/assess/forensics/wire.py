"""Copied wire stories: a translated copy betrayed by its credits; agency text off-site.

Why: the cheapest content-farm article is a wire story (Reuters, AP, AFP…) taken from
one language service, machine-translated back into another and re-published. The
dateline still credits the agency ("MOSCOW, Jan.24 (Reuters) –") while the credits line
names the *other* language's desk ("French version Caroline Peelys"): an English page
whose credits say a French version exists is a translation of a translation, which no
agency publishes. That contradiction is ``translated_copy_credit``.

``agency_copy`` records, when the page's host is known, that agency text is published on a
site that is not the agency's. The host is the URL's or, for a record without a URL (a
saved HTML file), its page's declared canonical URL's (:func:`page_host`), as dedup's
canonical rule reads it: a saved copy of a scraper's page names the scraper there.
Newspapers legitimately print wire copy, so this flag is context, not an accusation: it
weighs little in ``content_farm`` on its own and is not counted among the content-farm
flags (see :data:`newssift.assess.forensics.FARM_FLAGS`).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newssift.assess.forensics.view import DocView, Line, flag_at
from newssift.news.dateline import find_dateline
from newssift.record import Flag
from newssift.vocab.agencies import own_site
from newssift.vocab.translation import TRANSLATION_NOTE, note_language

RULE_CREDIT = "credits_translation_note/v1"
RULE_AGENCY = "agency_dateline_offsite/v1"

_CREDITS_SHAPE = re.compile(
    r"^\s*[(\[]|^\s*(?:reporting|writing|editing|additional reporting|compiled|translated|"
    r"translation|with)\b",
    re.IGNORECASE,
)

def dateline_agency(view: DocView) -> str | None:
    """The agency credited in the dateline: from the news parser if it ran, else parsed here."""
    news = view.doc.news if view.doc is not None else None
    if news is not None and news.dateline_agency:
        return news.dateline_agency
    found = find_dateline([line.text for line in view.kept[:4]])
    return found.agency if found is not None else None


def page_host(view: DocView) -> tuple[str, bool]:
    """The page's host and whether it came from the canonical URL (the record has no URL:
    a saved file; ``url`` is where the bytes came from, so it is never filled in from the
    canonical URL), or ("", False) when neither gives one."""
    if view.url:
        return _host(view.url), False
    canonical = view.doc.canonical_url if view.doc is not None else None
    host = _host(canonical) if canonical else ""
    return host, bool(host)


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:  # a malformed URL ("http://[x"): no host, no flag
        return ""


def dateline_credit(view: DocView) -> str | None:
    """A dateline's credit that is no known agency ("SOFIA, March 3 (Meridian Wire) –"), as
    written: named in the note only (review r42, finding 12), it weighs as no agency does."""
    found = find_dateline([line.text for line in view.kept[:4]])
    return found.credit if found is not None else None


def _credit_lines(view: DocView) -> list[Line]:
    # the cleaner may remove a credits line under another reason: look at every removed line
    tail = view.kept[-8:] + view.removed
    tail += [
        ln for ln in view.kept if ln.text.strip().startswith("(") and ln.text.strip().endswith(")")
    ]
    news = view.doc.news if view.doc is not None else None
    if news is not None and news.credits:
        tail += [ln for ln in view.kept if news.credits.strip() in ln.text]
    seen, out = set(), []
    for ln in tail:
        key = (ln.index, ln.removed)
        if key not in seen and len(ln.text) < 400 and _CREDITS_SHAPE.search(ln.text):
            seen.add(key)
            out.append(ln)
    return out


def screen(view: DocView) -> bool:
    """A line to read: a credit line is a kept or removed line, the dateline a kept one.
    :func:`detect` reads a dozen lines at most, so a finer screen (a translation note's words
    in the whole text) cost more than it spared, measured on the bench pages."""
    return bool(view.kept or view.removed)


def detect(view: DocView) -> list[Flag]:
    flags = []
    agency = dateline_agency(view)
    lang = (view.language or "en")[:2]
    for line in _credit_lines(view):
        m = TRANSLATION_NOTE.search(line.text)
        if not m:
            continue
        named, other = note_language(m)
        if other == lang:
            continue  # "English version by X" on an English page is ordinary agency practice
        if other:
            value = 1.0 if agency else 0.8
            note = f"credits name a {named} version; page is '{lang}'"
        else:
            value = 0.5
            note = "credits name a translation"
        if agency:
            note += f"; dateline credits {agency}"
        elif credit := dateline_credit(view):
            note += f"; dateline credits {credit}, not a known agency"
        flags.append(
            flag_at(
                "translated_copy_credit",
                RULE_CREDIT,
                line,
                value,
                0.5,
                span=(m.start(), m.end()),
                note=note,
            )
        )
    host, declared = page_host(view) if agency else ("", False)
    if agency and host and own_site(agency, host) is False:
        line = view.kept[0]
        for ln in view.kept[:4]:
            if f"({agency})" in ln.text:
                line = ln
                break
        a = line.text.find(agency)
        flags.append(
            flag_at(
                "agency_copy",
                RULE_AGENCY,
                line,
                1.0,
                1.0,
                span=(a, a + len(agency)) if a >= 0 else None,
                note=f"{agency} dateline on {host}"
                + (" (the page's canonical URL; the record has no URL)" if declared else ""),
            )
        )
    return flags
