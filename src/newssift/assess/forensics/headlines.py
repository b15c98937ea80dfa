"""Injected off-topic headlines: "See also  <a headline about something else>" inside a body.

Why: content farms paste links to their other (often unrelated, often click-bait)
stories into the middle of a copied article. What gives them away is not the link
wording alone — honest sites have "Read more:" links too — but that the headline is
*about something else*: its content words do not occur in the body. So a candidate
line (a link-prefixed line, or a title-cased headline-shaped line, kept or removed by
the cleaner) is flagged when its topical overlap with the rest of the body is low. The
value is the topical distance (1 − share of the headline's content words found in
the body).

Title-cased lines without a link prefix are held to a stricter bar (no overlap at all,
at least six content words, a body of 150+ words, no caption words, not a list item,
not a Q&A line, not a credit 'by Name', fewer than two commas, not a menu "A | B | C", not
next to another such line: a run of title-cased lines is a list of titles) because honest
articles have subheadings; those are short and on topic. The cleaner's removal reason is not
trusted as evidence by itself: removed lines pass the same tests as kept ones (the
cleaner removes honest list items and captions too, and that is its job, not proof);
what the reason buys is that a sentence-case line the cleaner took for a headline or
related link is judged by the bare-headline bar instead of being ignored.

Blocks the extractor dropped (HTML input) are candidates only when they sat inside the
article container as a paragraph (a "See also" link pasted into the copied body: reasons
in :data:`DROPPED_REASONS`), never beside it nor in a marked related-stories block or a
list of links: newsrooms' related rails are full of headlines about other things. With a
link prefix ("See also", "Read also:") they pass the linked bar. Without one, newsrooms put
linked teasers of unrelated stories between their paragraphs on about one page in twelve
(aeb, naeb), nearly always sentence-cased or several in a row; so a bare dropped line must
be a paragraph that is all link text (``injected_link``), pass the bare-headline bar
*including* title case (a rule's reason does not stand in for it here), and be the only link
paragraph dropped at its place in the body (a farm pastes one headline between two of the
copied paragraphs; a newsroom lists its teasers together).
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from newssift.assess.forensics.view import DocView, Line, flag_at
from newssift.assess.mt_features import FUNCTION_WORDS
from newssift.record import Flag

#: v2: a lone title-cased paragraph of link text dropped inside the article container is a
#: candidate without a link prefix too (v1 took dropped lines only with one); a bare line next
#: to another bare one (a list of titles) or with menu pipes is not. v3: a line with a price
#: is not a headline ("View On Wayfair $27 View On Walmart $24": a product list's shop
#: buttons, naeb's tuning half). v4: what follows a link prefix must be shaped like a headline
#: (starts with a capital, a digit or a quote; one sentence, no closing full stop: "Read more
#: reviews in our collection … See all 5 stories." and "See also the infographic below. …
#: Thoughts?" are prose), and a linked headline that names a proper name the body names twice
#: or more is on topic ("Read more: Tencent profit falls as Alibaba threat …" under a story
#: about Alibaba's listing: the site's own related-story link). Both from the tuning halves
#: (naeb, dragnet, aeb).
RULE = "headline_topic_distance/v4"
NAME = "injected_headline"
THRESHOLD_LINKED = (
    0.8  # distance (strictly) above which a link-prefixed / removed headline is off-topic
)
THRESHOLD_BARE = 1.0  # a bare title-cased line must share no content word with the body

_PREFIX = re.compile(
    r"^\s*(?:(?:see\s+also|also\s+see|also\s+read|read\s+also|read\s+more)\s*[:：\-–—»>|]*\s+|"
    r"(?:related(?:\s+(?:story|stories|article|articles|news|posts?))?|recommended(?:\s+for\s+you)?|"
    r"don[’']?t\s+miss|must\s+read|trending(?:\s+now)?|you\s+may\s+(?:also\s+)?like|"
    r"suggested|more\s+news|latest\s+news)\s*[:：\-–—»>|]+\s*)",
    re.IGNORECASE,
)
#: Extractor reasons of a dropped line that may be an injected headline: a line of link
#: text in the body, or one the cleaner's rules call a related link. Not a marked
#: related-stories block, not a list of links, not a caption or an author box.
DROPPED_REASONS = frozenset({"injected_link", "related_link", "not_article"})
#: Extractor reasons under which a dropped line without a link prefix may still be judged
#: as a bare headline (title-cased, no content word shared with the body): a paragraph that
#: is all link text, inside the article container.
BARE_DROPPED_REASONS = frozenset({"injected_link"})
#: Removal reasons under which a sentence-case line may be judged as a bare headline.
HEADLINE_REASONS = frozenset({"injected_headline", "related_link", "injected_link"})
_CREDITS_LINE = re.compile(r"^\s*\(.*\b(?:by|version|reporting|editing)\b.*\)\s*$", re.I)
_QA = re.compile(r"^\w{1,3}[.:]\s")
_CREDIT = re.compile(r"\b(?:by|via)\s+[A-Z]|;")
#: Lines about the page's images are not headlines.
_CAPTION = re.compile(
    r"\b(?:image|photo|picture|credit|source|getty|shutterstock|reuters/|ap photo)\b|©",
    re.IGNORECASE,
)

#: A sentence ending inside the text ("… summer.See all", "… below. There's"): prose.
_SENTENCE_BREAK = re.compile(r"[a-z]{2}[.!?][\"”’)]?\s*[A-Z]")
#: A capitalised word inside a sentence (not its first word): a proper name.
_NAME = re.compile(r"(?<=[\w,;’'\")] )[A-Z][\w-]*[a-z][\w-]*")

#: A price: shop buttons and product lines carry one, headlines do not.
_PRICE = re.compile(r"[$€£¥]\s?\d|\d(?:[.,]\d+)?\s?(?:€|\$|USD|EUR|GBP)\b")

_WORD = re.compile(r"\w+", re.UNICODE)
_EXTRA_STOP = frozenset(
    str.split(
        """said says say told news new year years time day days week today yesterday tomorrow
    people just like get got make made first last one two three also will would could
    mr mrs ms according report reports"""
    )
)


def content_stems(text: str) -> list[str]:
    """Content words (no function words, no numbers), reduced to a 5-letter stem."""
    out = []
    for w in _WORD.findall(text.lower()):
        if len(w) < 3 or w.isdigit() or w in FUNCTION_WORDS or w in _EXTRA_STOP:
            continue
        out.append(w[:5])
    return out


def content_stem_set(text: str) -> set[str]:
    """``set(content_stems(text))``, tested once per distinct word instead of per word."""
    return {
        w[:5]
        for w in set(_WORD.findall(text.lower()))
        if not (len(w) < 3 or w.isdigit() or w in FUNCTION_WORDS or w in _EXTRA_STOP)
    }


def _title_cased(words: list[str]) -> bool:
    alpha = [w for w in words if w[:1].isalpha()]
    if len(alpha) < 6:
        return False
    caps = sum(1 for w in alpha if w[0].isupper())
    return caps / len(alpha) >= 0.7


def headline_shaped(text: str) -> bool:
    """Is the text after a link prefix shaped like a headline: a capital, digit or quote first,
    one sentence, no closing full stop (a headline may end in '?' or '!')."""
    s = text.strip()
    if not s or not (s[0].isupper() or s[0].isdigit() or s[0] in "\"“‘'"):
        return False
    return not s.endswith(".") and not _SENTENCE_BREAK.search(s)


def body_names(lines: list[str]) -> Counter[str]:
    """Proper names of the body: capitalised words that are not a sentence's first word,
    with how often the body uses them."""
    return Counter(m.group() for text in lines for m in _NAME.finditer(text))


def names_the_subject(head: str, names: Counter[str], at_least: int = 2) -> bool:
    """Does the headline name something the body names ``at_least`` times (its subject)?"""
    words = re.findall(r"\b[A-Z][\w-]*[a-z][\w-]*", head)
    return any(
        names[w] >= at_least for w in words if w.lower() not in FUNCTION_WORDS and len(w) >= 3
    )


def _candidate(line: Line, first_line_index: int) -> tuple[str, str] | None:
    """(kind, headline text) if this line is a candidate injected headline."""
    if _CREDITS_LINE.match(line.text):
        return None  # "(Translated from the German by X)" is a credits line, not a headline
    m = _PREFIX.match(line.text)
    if m:
        head = line.text[m.end() :]
        return ("linked", head) if headline_shaped(head) else None
    if line.dropped and line.removed_reason not in BARE_DROPPED_REASONS:
        return None  # a list of links, a marked block: a newsroom's in-body teasers too
    if line.index == first_line_index and not line.removed:
        return None  # the title
    if line.removed and line.index == 0:
        return None  # the title, removed
    s = line.text.strip()
    if s[-1:] in _NOT_HEADLINE_END or not 6 <= len(s.split()) <= 25 or _CAPTION.search(s):
        return None
    if s[:1].isdigit() or _QA.match(s) or s.count(",") >= 2 or _CREDIT.search(s):
        return None  # list items ("2015: Jesse Marsch – …"), answers ("A: …"), enumerations
    if "http" in s or "@" in s or s.count("|") >= 2:
        return None  # links, handles; "Stars | Wings | Photos" is a menu
    if _PRICE.search(s):
        return None  # "View On Target $26 View On Wayfair $7": shop buttons, not a headline
    if line.dropped:
        return ("bare", s) if _title_cased(s.split()) else None
    if _title_cased(s.split()) or line.removed_reason in HEADLINE_REASONS:
        return "bare", s
    return None


#: How a line a bare headline is read from may not end (:func:`_candidate`).
_NOT_HEADLINE_END = '.!?:"”’)'


def screen(view: DocView) -> bool:
    """Kept lines long enough for a body of 40 words (it is a part of them: 40 words and the
    spaces between them are 79 characters at least). A finer screen (a line that may be a
    candidate) cost as much as the candidates it spared, measured on the bench pages."""
    return bool(view.kept) and len(view.text) >= 79


def detect(view: DocView) -> list[Flag]:
    if not view.kept:
        return []
    first = view.kept[0].index
    cands = []
    # dropped blocks count only from inside the article container: a farm pastes its
    # headlines into the copied body, while every newsroom's rail beside the article lists
    # stories about other things
    dropped = [ln for ln in view.dropped_at("inside") if ln.removed_reason in DROPPED_REASONS]
    links_at = Counter(ln.index for ln in dropped)
    found = [(line, _candidate(line, first)) for line in view.all_lines + dropped]
    # a bare headline next to another one is a list (a blog's list of titles, a newsroom's
    # teasers), not a headline pasted between two paragraphs
    order = sorted(view.all_lines, key=lambda ln: (ln.index, ln.removed))
    bare = {(ln.index, ln.removed) for ln, c in found if c and c[0] == "bare" and not ln.dropped}
    in_list: set[tuple[int, bool]] = set()
    for a, b in pairwise(order):
        ka, kb = (a.index, a.removed), (b.index, b.removed)
        if ka in bare and kb in bare:
            in_list.update((ka, kb))
    for line, c in found:
        if c is None:
            continue
        if c[0] == "bare":
            if line.dropped and links_at[line.index] > 1:
                continue  # one of several links in a row: a newsroom's list of teasers
            if not line.dropped and (line.index, line.removed) in in_list:
                continue
        cands.append((line, *c))
    if not cands:
        return []
    cand_idx = {(ln.index, ln.removed) for ln, _, _ in cands}
    body = [ln.text for ln in view.kept if (ln.index, False) not in cand_idx]
    body_words = sum(len(t.split()) for t in body)
    # the body's stems and names are read only for a candidate that passes the counts
    body_stems: set[str] | None = None
    names: Counter[str] | None = None
    flags = []
    for line, kind, head in cands:
        stems = content_stems(head)
        if len(stems) < (4 if kind == "linked" else 6) or body_words < 40:
            continue
        if kind == "linked":
            if names is None:
                names = body_names(body)
            if names_the_subject(head, names):
                continue  # a related story about the body's subject: the site's own link
        if body_stems is None:
            body_stems = content_stem_set("\n".join(body))
        overlap = sum(1 for s in stems if s in body_stems) / len(stems)
        distance = 1.0 - overlap
        limit = THRESHOLD_LINKED if kind == "linked" else THRESHOLD_BARE
        if kind == "bare" and body_words < (100 if line.removed else 150):
            continue
        if distance > limit or (kind == "bare" and distance >= limit):
            a = line.text.find(head)
            flags.append(
                flag_at(
                    NAME,
                    RULE,
                    line,
                    distance,
                    limit,
                    span=(a, a + len(head)),
                    note=f"{kind}; {len(stems) - round(overlap * len(stems))}/{len(stems)} "
                    "content words absent from the body",
                )
            )
    return flags
