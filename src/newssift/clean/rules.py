"""Line rules: what a single line says about itself, with a stable reason code.

Rules come in two strengths. *Strong* rules are whole-line UI strings and unmistakable phrases
("Leave a Reply", "See also …", "This website uses cookies"); they remove a line whatever it
looks like. *Weak* rules (photo credits, bare timestamps) describe lines that are usually page
furniture but can collide with a story's own lines, so the keep rules (datelines, credits,
bylines, quotes) override them. The cleaner adds the rules that need context (sections after a
header, injected headlines, the line model) on top of these.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, partial

from newssift.clean.patterns import (
    BIO,
    CAPTION_MARK,
    CAPTION_SHAPE,
    DATE_WORDS,
    FULL,
    MARKUP,
    MEDIA_CREDIT_AGENCY,
    MEDIA_CREDIT_HEAD,
    MEDIA_CREDIT_PAREN,
    MEDIA_CREDIT_TAIL,
    RELATED_PREFIX,
    SEARCH,
    SHARE_WORDS,
    STAMP_BY,
    STAMP_WORDS,
    TAXONOMY,
)
from newssift.clean.screens import screen_keys
from newssift.textfold import fold

try:  # optional compiled part (setup.py); the regex trie gives the same answers without it
    from newssift.clean import _native
except ImportError:  # pragma: no cover - a build without the extension
    _native = None

STRONG = "strong"
WEAK = "weak"

_DECOR_LEAD = re.compile(r"^[\s•·▪◦►▶▸»›>*+|~#\-–—]+")
_DECOR_TAIL = re.compile(r"[\s:|»›>…→▸►]+$")
_SYMBOLS_ONLY = re.compile(r"^[\W_]*$")
_LETTERS = re.compile(r"[^\W\d_]+")
_CAMEL = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_HAS_DIGIT = re.compile(r"\d")
_TIME = re.compile(r"\b\d{1,2}[:h]\d{2}\b|\b(?:19|20)\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
_CRUMB_SEP = re.compile(r"\s+[>»›/|]\s+|\s*[>»›]\s*")
_SENTENCE_END_CHARS = frozenset('.!?…"”»’)')


_LEAD_CHARS = frozenset(" •·▪◦►▶▸»›>*+|~#-–—")
_TAIL_CHARS = frozenset(" :|»›>…→▸►")


def strip_decor(line: str) -> str:
    """The line without leading bullets/arrows and trailing colons/arrows."""
    if line and line[0] in _LEAD_CHARS:
        line = _DECOR_LEAD.sub("", line)
    if line and line[-1] in _TAIL_CHARS:
        line = _DECOR_TAIL.sub("", line)
    return line


#: One pattern for every whole-line table; the group that matched names the reason. The
#: tables are case-blind (``IGNORECASE``) and written in lower case: the union is matched
#: case-sensitively on the folded line (:func:`newssift.textfold.fold`), which takes the same
#: steps and about 2.5 times fewer instructions (its alternatives are then skipped by their
#: first character); tests/clean/test_full_fold.py checks the fold over every code point for
#: the union's characters and classes, and the matches against the case-blind union.
_FULL_ANY = re.compile("|".join(f"(?P<{code}>{pat.pattern})" for code, pat in FULL.items()))


def literal_trie(words: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """One pattern matching any of ``words``, written as a trie of their characters.

    A plain ``a|b|c`` alternation of a hundred keywords makes the regex engine try every
    keyword at every position; sharing prefixes lets it give up on a position after one or two
    characters, which makes the keyword screen three times faster on real text.
    """
    root: dict = {}
    for word in sorted(set(words)):
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return re.compile(build(root))


def keyword_screen(words: list[str] | tuple[str, ...]) -> Callable[[str], object]:
    """A test of a text, true exactly when one of ``words`` is a substring of it.

    The compiled table of ``clean/_native.c`` (keywords indexed by their first two
    characters: ~20 times faster than the regex on news lines) where it is built, else the
    :func:`literal_trie` search; ``tests/clean/test_keyword_screen.py`` holds both equal to
    ``any(w in text for w in words)``.
    """
    words = tuple(sorted(set(words)))
    if _native is None:
        return literal_trie(words).search
    return partial(_native.any_in, _native.table(words))


def word_count_py(text: str) -> int:
    """``len(text.split())``: the twin of the compiled ``word_count``."""
    return len(text.split())


#: The number of words of a text, ``len(text.split())``, counted in ``clean/_native.c`` where
#: it is built (no list of a paragraph's words; tests/clean/test_keyword_screen.py holds the
#: two equal).
word_count = getattr(_native, "word_count", None) or word_count_py

#: The characters one of which every match of :data:`_CRUMB_SEP` holds.
_CRUMB_CHARS = keyword_screen(tuple(">»›/|"))

#: Every keyword of the SEARCH tables, so most lines are cleared with one search.
_SEARCH_KEYS = keyword_screen([k for _, _, keys in SEARCH.values() for k in keys])
#: Caption screens read off their patterns (clean/screens.py), so they cover every alternative.
_CAPTION_KEYS = keyword_screen(screen_keys(CAPTION_MARK))
_CAPTION_SHAPE_KEYS = keyword_screen(screen_keys(CAPTION_SHAPE))
_SEARCH_MAX = max(maxlen for _, maxlen, _ in SEARCH.values())


def _folded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A case-blind table written in lower case, compiled to be matched plainly on the
    folded text (:func:`newssift.textfold.fold`): the same matches, spans and groups in
    fewer steps (tests/clean/test_full_fold.py checks each such table over every code
    point, as for :data:`_FULL_ANY`)."""
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


#: The keys one of which every match of MEDIA_CREDIT_TAIL holds (a case-sensitive pattern).
_MEDIA_TAIL_KEYS = keyword_screen(screen_keys(MEDIA_CREDIT_TAIL))
_TAXONOMY_FOLDED = _folded(TAXONOMY)
_RELATED_FOLDED = _folded(RELATED_PREFIX)
_MEDIA_HEAD_FOLDED = _folded(MEDIA_CREDIT_HEAD)
#: The SEARCH tables as line_rule reads them: (code, the pattern for the folded line, the
#: longest line it is asked of, the test of its own keys in the lower-cased line)
_SEARCH_TABLES = [
    (code, _folded(pat), maxlen, keyword_screen(keys))
    for code, (pat, maxlen, keys) in SEARCH.items()
]
#: Captions run long (a paragraph of description, then the credit), but not this long.
_CAPTION_MAX = 900


#: Lines up to this long are answered through :func:`_line_rule_memo` (longer ones are rare,
#: seldom repeated, and would make the memo's memory depend on the input).
MEMO_MAX_CHARS = 600
#: Texts the memo keeps at most.
MEMO_SIZE = 4096


def line_rule(line: str) -> tuple[str, float, str] | None:
    """(reason, score, strength) for a line that is chrome on its own, else None.

    A pure function of the text, answered through a bounded memo: the same chrome lines
    ("Advertisement", "Read More", a shop's name) come back page after page of a site, in
    the cleaner and in extract's dropped-blocks scan alike, and one pass of the rules costs
    about 100k instructions (the 5,500-character alternation of full-line phrases above
    all), a hit a dict lookup."""
    if len(line) <= MEMO_MAX_CHARS:
        return _line_rule_memo(line)
    return _line_rule(line)


def _line_rule(line: str) -> tuple[str, float, str] | None:
    """:func:`line_rule` itself, without the memo."""
    core = strip_decor(line)
    if not core or _SYMBOLS_ONLY.match(core):
        return ("navigation", 0.9, STRONG)
    n = len(core)
    if core[0] in "<[" and MARKUP.match(line.strip()):  # on the line: decor eats a final ">"
        return ("markup", 0.95, STRONG)
    folded = fold(core)  # what the case-blind tables read
    if n <= 120:
        m = _FULL_ANY.match(folded)
        if m:
            return (m.lastgroup or "navigation", 0.99, STRONG)
        if _is_share_bar(core):
            return ("share_prompt", 0.95, STRONG)
        if _is_breadcrumb(core):
            return ("navigation", 0.85, STRONG)
        if "|" in core:
            hit = _all_segments_chrome(core)
            if hit is not None:
                return hit
    if n <= 220 and _TAXONOMY_FOLDED.match(folded) and core[-1] not in _SENTENCE_END_CHARS:
        return ("navigation", 0.85, STRONG)
    if n <= 250:
        m = _RELATED_FOLDED.match(folded)
        if m and _related_ok(core, core[m.start("rest") : m.end("rest")]):
            return ("related_link", 0.95, STRONG)
    if n <= _CAPTION_MAX and _CAPTION_KEYS(core) and CAPTION_MARK.search(core):
        return ("media_credit", 0.9, STRONG)
    if n <= _SEARCH_MAX:
        low = core.lower()
        if _SEARCH_KEYS(low):
            for code, pat, maxlen, keys_in in _SEARCH_TABLES:
                if n <= maxlen and keys_in(low) and pat.search(folded):
                    return (code, 0.95, STRONG)
    if n <= 200 and _is_media_credit(core, folded):
        return ("media_credit", 0.85, WEAK)
    if n <= 600 and _CAPTION_SHAPE_KEYS(core) and CAPTION_SHAPE.search(core):
        return ("media_credit", 0.7, WEAK)
    if n <= 120 and is_timestamp(core):
        return ("timestamp", 0.85, WEAK)
    return None


_line_rule_memo = lru_cache(maxsize=MEMO_SIZE)(_line_rule)

_FILENAME = re.compile(
    r"^[\w.%+-]*(?:[-_][\w%+]+){3,}(?:\.(?:jpe?g|png|gif|webp|svg))?$|^\S+\.(?:jpe?g|png|gif|webp)$",
    re.I,
)


def _all_segments_chrome(core: str) -> tuple[str, float, str] | None:
    """Every bar-separated part is chrome: "By | Special to the Gazette", "UPDATED: |"."""
    parts = [strip_decor(p.strip()) for p in core.split("|")]
    parts = [p for p in parts if p]
    if not parts or len(parts) > 8:
        return None
    first = None
    for part in parts:
        m = _FULL_ANY.match(fold(part))
        if m:
            first = first or m.lastgroup
            continue
        if is_timestamp(part) or re.match(
            r"^(?:special )?(?:to|for|from) the [\w .'-]{2,40}$", part, re.I
        ):
            first = first or "timestamp"
            continue
        return None
    return (first or "navigation", 0.85, STRONG)


def _is_media_credit(core: str, folded: str | None = None) -> bool:
    """Photo credits, image file names, and captions that end in a credit. ``folded``:
    ``fold(core)``, when the caller holds it."""
    if _MEDIA_HEAD_FOLDED.match(fold(core) if folded is None else folded):
        return True
    if " " not in core and _FILENAME.match(core):
        return True
    slashed = "/" in core or "|" in core
    bare = core[1:-1] if core.startswith("(") and core.endswith(")") else core
    if slashed and len(bare) <= 100 and ". " not in bare and MEDIA_CREDIT_AGENCY.search(bare):
        return True
    tail = core[-70:]
    if ("©" in tail or ":" in tail) and _MEDIA_TAIL_KEYS(tail) and MEDIA_CREDIT_TAIL.search(tail):
        return True
    if core.endswith(")"):
        k = core.rfind("(")
        if k >= 0 and MEDIA_CREDIT_PAREN.match(core, k):
            return True
    return False


def is_bio(line: str) -> bool:
    """A contributor's bio sentence: "Jane Roe is a senior reporter covering …"."""
    return BIO.match(line) is not None


def _related_ok(core: str, rest: str) -> bool:
    """A "See also" line links elsewhere: a headline, not a sentence of the story."""
    if len(rest.split()) < 2:
        return False
    prefix = core[: len(core) - len(rest)]
    if re.search(r"[:\-–—|»>›]\s*$", prefix):
        return True
    return not rest.rstrip().endswith((".", ",", ";"))


def _is_share_bar(core: str) -> bool:
    first = _CAMEL.search(core)  # findall's first word: if it is no share word, no bar
    if first is None or first.group().lower() not in SHARE_WORDS:
        return False
    words = [w.lower() for w in _CAMEL.findall(core)]
    if not words or len(words) > 12:
        return False
    if _HAS_DIGIT.search(core) and not re.fullmatch(r"[\d\s]*\w+[\s\w]*", core):
        return False
    return all(w in SHARE_WORDS for w in words) and (len(words) >= 2 or core.lower() in SHARE_WORDS)


def _is_breadcrumb(core: str) -> bool:
    if core[-1] in _SENTENCE_END_CHARS and not core.endswith(")"):
        return False
    if not _CRUMB_CHARS(core):
        return False  # no separator: the split gives one part
    parts = [p for p in _CRUMB_SEP.split(core) if p.strip()]
    if len(parts) < 3:
        return False
    return all(len(p.split()) <= 4 for p in parts)


#: The keys one of which every match of :data:`STAMP_BY` holds, in the folded line (a line
#: without one is what STAMP_BY's substitution would return unchanged).
_STAMP_BY_KEYS = keyword_screen(screen_keys(_folded(STAMP_BY)))
#: The words a timestamp line may be made of.
_STAMP_LINE_WORDS = DATE_WORDS | STAMP_WORDS


def is_timestamp(core: str) -> bool:
    """A line that is only a date and/or time, perhaps with "Updated on" or "by X": every
    word a date or timestamp word, and a time, a year or a date word among them. The words
    are tested first (most lines with a digit fail on their first word, and the time
    pattern is then not searched)."""
    head = core.partition("|")[0]
    if not _HAS_DIGIT.search(head):
        return False  # STAMP_BY's replacement (a space) adds no digit
    if _STAMP_BY_KEYS(fold(head)):
        head = STAMP_BY.sub(" ", head)
        if not _HAS_DIGIT.search(head):
            return False
    words = [w.lower() for w in _LETTERS.findall(head)]
    if not _STAMP_LINE_WORDS.issuperset(words):
        return False
    return _TIME.search(head) is not None or not DATE_WORDS.isdisjoint(words)
