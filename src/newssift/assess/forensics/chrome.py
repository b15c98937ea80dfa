"""Template chrome left around the body: "You May Also Like", "About the Author", "Leave a Reply".

Why: honest news pages have chrome too, but a content farm is almost always an
off-the-shelf blog template around pasted text, and it leaves that template's
fingerprint: a recommendation header, an author box, a comment form, share buttons,
post navigation — several *kinds* of template chrome on one page. We count distinct
kinds, from the cleaner's removal reasons and, so the signal works on raw text too,
from our own patterns of the common blog-template lines. One kind is ordinary; the
flag needs :data:`THRESHOLD` kinds. The flag is document-wide (line -1) and lists
the lines.

On an HTML page (v2), the comments and the post navigation that the extractor dropped count as
one kind (``comments_or_pager``): the container it calls the article's is often the blog
engine's whole post area, and every blog and news engine renders a discussion and prev/next
links there, so they say the page runs on a CMS, not that its template is a farm's. On the
tuning half of the real news sets (aeb, naeb, dragnet; bench/splits.py) the two pages with
three kinds inside the article were both blogs whose three were a comment form, post
navigation and one more; the farm themes add the kinds a farm pastes around an article
(author box, recommendation rail, share bar). On a page where the extractor dropped neither
(text input) the two stay two kinds.

On an HTML page, the blocks the extractor dropped inside the article container count like
lines of the text; those it dropped beside the article (comment sections, rails, post
navigation) only give the context flag ``template_chrome_beside``: newsrooms run the same
templates.

v3: when the extractor's drops are needed to reach the count, the flag needs every kind
(:data:`DROPPED_THRESHOLD`: author box, recommendation rail, share bar and the engine's
comments or pager); with three, the page gets the context flag only. The extractor found
those blocks by their place in the template, and every blog and newsroom template has them:
on the tuning halves of aeb, naeb and dragnet, 17 real pages had two kinds inside the
container, every kind from the extractor's drops (a "Related Posts" rail, "Share this Post",
"N Comments", "About the Author"), one kind under the old bar; on the tuning themes of the
HTML farm set no farm page needs chrome_density to reach content_farm ≥ 0.5 (the one that
needs chrome at all, ``minimal/farm/07a``, keeps it as context). Chrome pasted into the text
(kept or cleaned-away lines, the seed page) keeps the bar of three.
"""

from __future__ import annotations

import re

from newssift.assess.forensics.view import DocView
from newssift.record import Flag
from newssift.vocab.chrome import TEMPLATE_CHROME

RULE = "template_chrome_kinds/v3"
NAME = "chrome_density"
THRESHOLD = 3
#: Kinds needed when the extractor's drops count towards them (v3): all four a farm theme
#: renders (with comments and pager merged, there are four kinds among the drops).
DROPPED_THRESHOLD = 4
#: The same kinds counted with the blocks the extractor dropped beside the article: context,
#: not farm evidence on its own (three kinds of template chrome beside the article are on
#: 1.5% of aeb/naeb newsroom pages), so it weighs little in ``content_farm``.
BESIDE_RULE = "template_chrome_kinds_beside/v3"
BESIDE_NAME = "template_chrome_beside"

#: Cleaner reasons that are blog-template chrome (one vocabulary with the cleaner's codes:
#: ``newssift.vocab.chrome``); other reasons, e.g. boilerplate legal lines, are not counted.
CHROME_REASONS = TEMPLATE_CHROME
#: Kinds counted together among the extractor's drops: the discussion and the prev/next
#: links any blog engine renders in its post area.
SAME_KIND = {"comment_form": "comments_or_pager", "post_navigation": "comments_or_pager"}
_PATTERNS = [
    (
        "recommendation_header",
        re.compile(
            r"^\s*(?:you\s+(?:may|might)\s+(?:also\s+)?like|related\s+(?:posts?|articles?|stories)|"
            r"recommended(?:\s+for\s+you)?|more\s+(?:stories|from\s+\w+)|popular\s+posts?|"
            r"trending\s+now|read\s+next)\s*:?\s*$",
            re.I,
        ),
    ),
    ("author_box", re.compile(r"^\s*about\s+the\s+author\b", re.I)),
    (
        "comment_form",
        re.compile(
            r"^\s*(?:leave\s+a\s+(?:reply|comment)|post\s+a\s+comment|add\s+a\s+comment|"
            r"your\s+email\s+address\s+will\s+not\s+be\s+published|required\s+fields\s+are\s+marked|"
            r"\d+\s+comments?\s*$|no\s+comments?\s+yet)",
            re.I,
        ),
    ),
    (
        "share_buttons",
        re.compile(
            r"^\s*(?:share\s+this(?:\s+\w+)?|click\s+to\s+share|share\s+on\s+(?:facebook|twitter|x))\b",
            re.I,
        ),
    ),
    (
        "post_navigation",
        re.compile(
            r"^\s*(?:post\s+navigation|previous\s+(?:post|article)|next\s+(?:post|article))\b", re.I
        ),
    ),
]

#: The patterns in one: a line it does not match matches none of them (each is anchored at
#: the line's start, and an alternation matches where any of its branches does), so only
#: the few lines it matches are tried kind by kind.
_ANY = re.compile("|".join(f"(?:{pat.pattern})" for _, pat in _PATTERNS), re.I)


def chrome_kinds(
    view: DocView, beside: bool = False, dropped_ok: bool = True
) -> dict[str, str]:
    """Kind -> first line of that kind (with ``beside``, also from the blocks the extractor
    dropped beside the article; without ``dropped_ok``, from the text's lines only)."""
    kinds: dict[str, str] = {}
    for line in view.removed:
        if line.removed_reason in CHROME_REASONS:
            kinds.setdefault(line.removed_reason, line.text.strip())
    # the extractor's drops count by their words only, never by its structural reasons (a
    # newsroom page has an author box, share bar and comment section in its markup too)
    dropped = view.dropped_at("inside", "beside") if beside else view.dropped_at("inside")
    if not dropped_ok:
        dropped = []
    engine = False  # the extractor dropped comments or post navigation: the engine's post area
    for line in view.all_lines + dropped:
        if not _ANY.search(line.text):
            continue
        for kind, pat in _PATTERNS:
            if pat.search(line.text):
                kinds.setdefault(kind, line.text.strip())
                engine = engine or (line.dropped and kind in SAME_KIND)
    if engine:
        merged: dict[str, str] = {}
        for kind, text in kinds.items():
            merged.setdefault(SAME_KIND.get(kind, kind), text)
        kinds = merged
    return kinds


def _flag(name: str, rule: str, kinds: dict[str, str]) -> Flag:
    evidence = "; ".join(f"{k}: {v[:60]}" for k, v in sorted(kinds.items()))
    return Flag(
        name=name,
        rule=rule,
        value=float(len(kinds)),
        threshold=float(THRESHOLD),
        text=evidence[:300],
    )


def screen(view: DocView) -> bool:
    """Could :data:`THRESHOLD` kinds be counted? Every kind :func:`chrome_kinds` counts (on
    any of its settings) is a removal reason of template chrome or the kind of a pattern that
    matches a kept, removed or dropped line, so fewer than :data:`THRESHOLD` of those is no
    flag (merging kinds only lowers the count)."""
    kinds = {ln.removed_reason for ln in view.removed if ln.removed_reason in CHROME_REASONS}
    for line in view.all_lines + view.dropped_at("inside", "beside"):
        if _ANY.search(line.text):
            kinds.update(kind for kind, pat in _PATTERNS if pat.search(line.text))
    return len(kinds) >= THRESHOLD


def detect(view: DocView) -> list[Flag]:
    kinds = chrome_kinds(view)
    if len(kinds) >= DROPPED_THRESHOLD or (
        len(kinds) >= THRESHOLD and len(chrome_kinds(view, dropped_ok=False)) >= THRESHOLD
    ):
        return [_flag(NAME, RULE, kinds)]
    if view.dropped:
        kinds = chrome_kinds(view, beside=True)
        if len(kinds) >= THRESHOLD:
            return [_flag(BESIDE_NAME, BESIDE_RULE, kinds)]
    return []
