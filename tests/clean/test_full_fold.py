"""clean.rules matches its case-blind tables (the whole-line union _FULL_ANY, TAXONOMY,
RELATED_PREFIX, MEDIA_CREDIT_HEAD, the SEARCH patterns; STAMP_BY's keys) case-sensitively
on the folded line (newssift.textfold.fold) instead of case-blind on the line: the same
steps, so the same matches, spans and groups, because over every code point the fold keeps
one character, its word-ness (``\\b``), and makes a character match each literal and class
of each table plainly exactly when it matches them case-blind. Then each pair is compared
on real and generated lines, and line_rule against its case-blind form."""

from __future__ import annotations

import random
import re
import re._constants as C
import re._parser as P

from newssift.clean import rules
from newssift.clean.patterns import (
    FULL,
    MEDIA_CREDIT_HEAD,
    RELATED_PREFIX,
    SEARCH,
    STAMP_BY,
    TAXONOMY,
)
from newssift.textfold import fold

_BLIND = re.compile(rules._FULL_ANY.pattern, re.IGNORECASE)
#: (case-blind table, the folded form line_rule reads)
_PAIRS = [
    (_BLIND, rules._FULL_ANY),
    (TAXONOMY, rules._TAXONOMY_FOLDED),
    (RELATED_PREFIX, rules._RELATED_FOLDED),
    (MEDIA_CREDIT_HEAD, rules._MEDIA_HEAD_FOLDED),
    (STAMP_BY, rules._folded(STAMP_BY)),  # its keys screen the folded line (is_timestamp)
] + [(pat, folded) for (pat, _n, _k), (_c, folded, _m, _s) in zip(
    SEARCH.values(), rules._SEARCH_TABLES, strict=True
)]  # fmt: skip


def _literals(items, out: set[str]) -> None:
    for op, av in items:
        if op is C.LITERAL:
            out.add(chr(av))
        elif op is C.IN:
            for op2, av2 in av:
                if op2 is C.LITERAL:
                    out.add(chr(av2))
        elif op is C.SUBPATTERN:
            _literals(av[-1], out)
        elif op is C.BRANCH:
            for b in av[1]:
                _literals(b, out)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            _literals(av[2], out)


def _every_code_point() -> str:
    return "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


def test_tables_hold_no_upper_case_letter():
    assert all(p.flags & re.IGNORECASE for p in FULL.values())
    for blind, folded in _PAIRS:
        assert blind.flags & re.IGNORECASE and not folded.flags & re.IGNORECASE
        assert blind.pattern == folded.pattern
        lits: set[str] = set()
        _literals(P.parse(blind.pattern), lits)
        assert lits and all(c == c.lower() for c in lits), blind.pattern[:40]


def test_fold_over_every_code_point_for_the_unions_items():
    everything = _every_code_point()
    # one character at a time (lower()'s final-sigma rule reads a neighbour: both of its
    # forms are checked below)
    folded = "".join(fold(c) if len(fold(c)) == 1 else "\x00BAD" for c in everything)
    assert len(folded) == len(everything)
    word = re.compile(r"\w")
    assert [m.start() for m in word.finditer(everything)] == [
        m.start() for m in word.finditer(folded)
    ]
    lits: set[str] = set()
    classes = {r"\w", r"\d", r"\s", r"\S", r"\W", "."}
    for blind, _folded in _PAIRS:
        _literals(P.parse(blind.pattern), lits)
        # the classes and escapes each table is written with, read off its text
        classes |= set(re.findall(r"\[(?:\\.|[^\]\\])*\]", blind.pattern))
    items = [re.escape(c) for c in sorted(lits)] + sorted(classes)
    assert len(items) > 60
    for item in items:
        blind = re.compile(item, re.IGNORECASE)
        plain = re.compile(item)
        want = [m.start() for m in blind.finditer(everything)]
        got = [m.start() for m in plain.finditer(folded)]
        assert want == got, item
        assert bool(plain.fullmatch("σ")) == bool(plain.fullmatch("ς")), item


_PHRASES = [
    "Leave a Reply", "SHARE THIS", "Related Articles", "more from The Gazette", "Teilen",
    "Publicité", "À LIRE AUSSI", "Lo más leído", "Kommentare", "3 comments", "Comments (12)",
    "Newsletter", "Werbung", "Weiterlesen", "keyboard_arrow_right", "ARROW_BACK", "Read More",
    "Follow us on Twitter and more", "image 3 of 12", "Advertisement", "Vous aimerez aussi",
]
_ODD = ["İ", "ı", "ſ", "\u212a", "K", "S", "É", "Ä", "Σ", "ς", "ß", "\n", " ", ".", ":", "!",
        "…", "'", "’", "-", "–", "_", "1", "²", "東"]  # fmt: skip


_SEARCH_PHRASES = [
    "Your email address will not be published. Required fields are marked *",
    "Sign up for our daily NEWSLETTER", "We use cookies to improve", "Tags: Politik, Wahl",
    "See also: the council's vote", "Photo: AP", "Courtesy of the family", "© 2024 REUTERS",
    "Ihre E-Mail-Adresse wird nicht veröffentlicht.", "Follow us on Instagram",
    "Lesen Sie auch: Die Wahl", "This material may not be published, broadcast, rewritten",
]


def _generated(n: int) -> list[str]:
    rng = random.Random(23)
    out = []
    for _ in range(n):
        t = rng.choice(_PHRASES + _SEARCH_PHRASES)
        t = "".join(c.upper() if rng.random() < 0.3 else c for c in t)
        for _ in range(rng.randint(0, 3)):
            k = rng.randint(0, len(t))
            t = t[:k] + rng.choice(_ODD) + t[k:]
        out.append(t)
    return out


def _real_lines() -> list[str]:
    from tests.pages import walked_pages

    return [ln.text for page in walked_pages(9) for ln in page.lines if len(ln.text) <= 120]


def test_folded_tables_match_as_the_case_blind_ones():
    texts = _generated(8000) + _real_lines() + _PHRASES + _SEARCH_PHRASES
    hits = 0
    for t in texts:
        for s in (t, rules.strip_decor(t)):
            f = fold(s)
            for blind, folded in _PAIRS:
                for how in ("match", "search"):
                    a, b = getattr(blind, how)(s), getattr(folded, how)(f)
                    assert (a is None) == (b is None), (s, blind.pattern[:40])
                    if a is not None:
                        assert (a.lastgroup, a.regs) == (b.lastgroup, b.regs), s
                        hits += 1
    assert hits > 1000


def test_line_rule_equals_its_case_blind_form(monkeypatch):
    texts = _generated(5000) + _real_lines() + _SEARCH_PHRASES
    want = []
    with monkeypatch.context() as m:
        m.setattr(rules, "_FULL_ANY", _BLIND)
        m.setattr(rules, "_TAXONOMY_FOLDED", TAXONOMY)
        m.setattr(rules, "_RELATED_FOLDED", RELATED_PREFIX)
        m.setattr(rules, "_MEDIA_HEAD_FOLDED", MEDIA_CREDIT_HEAD)
        m.setattr(rules, "_SEARCH_TABLES", [
            (code, pat, maxlen, lambda low, keys=keys: any(k in low for k in keys))
            for code, (pat, maxlen, keys) in SEARCH.items()
        ])  # fmt: skip
        m.setattr(rules, "fold", lambda s: s)
        m.setattr(rules, "_STAMP_BY_KEYS", lambda s: True)  # (its keys read the folded line)
        want = [rules._line_rule(t) for t in texts]
    assert [rules._line_rule(t) for t in texts] == want
    assert sum(w is not None for w in want) > 500
