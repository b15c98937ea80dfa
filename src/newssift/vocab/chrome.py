"""Site chrome, named once: the cleaner's removal reasons and the author-box header.

The cleaner writes one of :data:`REMOVAL_REASONS` on every line it removes; the forensics
read some of them back (:data:`TEMPLATE_CHROME`, the kinds of blog-template chrome a farm's
theme leaves in a copied article). Both sides import the codes from here, so a detector can
never wait for a reason the cleaner does not write (``tests/test_vocab.py`` holds it).

:data:`AUTHOR_HEADERS` is the header of an author box ("About the author", "Über den
Autor", "À propos de l'auteur"): the cleaner's phrase table matches it as a whole line, and
its section logic matches it at the start of a line to drop the bio lines under it.
"""

from __future__ import annotations

import re

#: Every reason the cleaner gives a removed line (documented in ``newssift.clean.cleaner``).
REMOVAL_REASONS = (
    "related_link",
    "recommendation_header",
    "injected_headline",
    "author_box",
    "comment_form",
    "comment",
    "share_prompt",
    "newsletter_prompt",
    "cookie_notice",
    "navigation",
    "copyright_footer",
    "ad_marker",
    "media_credit",
    "timestamp",
    "duplicate_line",
    "markup",
    "site_notice",
    "boilerplate",
)

#: The removal reasons that are blog-template chrome for the forensics. Related links and
#: injected headlines are left out: they have their own flag (``injected_headline``), and
#: one piece of evidence must not count twice in ``content_farm``.
TEMPLATE_CHROME = frozenset({"recommendation_header", "author_box", "comment_form"})

#: The header of an author box, in the cleaner's languages (a regex alternation).
AUTHOR_HEADERS = (
    r"about the author|about the writer|about the authors|about author|author bio|"
    r"author profile|"
    r"über den autor|über die autorin|zur autorin|zum autor|à propos de l['’]auteur|"
    r"l['’]auteur|sobre el autor|sobre la autora|acerca del autor"
)

#: A line that starts with an author-box header.
AUTHOR_HEADER_START = re.compile(rf"^(?:{AUTHOR_HEADERS})\b", re.IGNORECASE)
