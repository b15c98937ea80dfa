"""metadata's credit tests by words (``_name_parts``, ``_date_or_role_word``,
``_org_or_role``) answer what the patterns they stand for answer (``_NAME_SPLIT.split``,
``_MONTH_WORD.fullmatch`` / ``_ROLE.fullmatch``, ``_ORG.search`` / ``_ROLE.search``): on
texts made of the patterns' own words in every case with separators, digits, underscores
and the non-ASCII letters case-blind matching treats specially, and on every credit the
bench pages give ``_person_names``."""

from __future__ import annotations

import gzip
import random

import pytest

from newssift.extract import metadata as M
from tests.pages import BENCH_PAGES

_WORDS = [
    *sorted(M._ORG_WORDS | M._ROLE_ALTS | M._MONTH_WORDS | M._SPLIT_WORDS),
    "jane", "doe", "Jo", "mores", "thee", "pressed", "desk2", "new_s", "at", "by", "e",
]
_SEPS = [" ", "  ", ", ", ",", " | ", "/", " & ", ";", "-", ".", ". ", "_", "\t", "\u00a0",
         " \u2014 ", ":", "'", "2", ""]
#: characters Python's case-blind matching equates with ASCII letters (Kelvin sign, long s,
#: dotless and dotted i) and other non-ASCII word characters
_ODD = ["\u212a", "\u017f", "\u0131", "\u0130", "\u00e9", "\u00df", "\u0391"]


def _case(rnd: random.Random, w: str) -> str:
    return "".join(c.upper() if rnd.random() < 0.3 else c for c in w)


def _texts(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rnd.randint(1, 5)):
            w = _case(rnd, rnd.choice(_WORDS))
            if rnd.random() < 0.08:
                k = rnd.randrange(len(w) + 1)
                w = w[:k] + rnd.choice(_ODD) + w[k:]
            parts.append(w)
            parts.append(rnd.choice(_SEPS))
        out.append("".join(parts).strip())
    return out


def _same(text: str) -> None:
    assert M._name_parts(text) == M._NAME_SPLIT.split(text), text
    assert M._org_or_role(text) == bool(M._ORG.search(text) or M._ROLE.search(text)), text
    for w in text.split():
        want = bool(M._MONTH_WORD.fullmatch(w) or M._ROLE.fullmatch(w))
        assert M._date_or_role_word(w) == want, w


def test_made_texts() -> None:
    for text in _texts(30000, 5):
        _same(text)


def test_every_word_alone_in_each_case() -> None:
    for w in _WORDS:
        for form in (w, w.upper(), w.title(), w + ".", w + "s", "x" + w, w + "_", w + "1"):
            _same(form)
            _same(f"Jane {form} Doe")
        for odd in _ODD:
            for k in range(len(w) + 1):
                _same(w[:k] + odd + w[k:])


def test_two_word_alternatives() -> None:
    for text in ("The Associated Press", "associated  press", "Associated\tPress", "and more",
                 "AND MORE", "and  more", "more and", "Jane and More", "associated_press"):
        _same(text)


def test_a_changed_pattern_fails_at_import() -> None:
    import re

    with pytest.raises(ValueError):
        M._word_alternatives(re.compile(r"\b(staff|[a-z]+)\b", re.I))
    with pytest.raises(ValueError):
        M._word_alternatives(re.compile(r"\b(staff|writer)\b"))


@pytest.mark.skipif(not BENCH_PAGES.is_dir(), reason="no ../shared/benchmarks/extraction pages")
def test_bench_credits() -> None:
    """Every text _person_names is given on the bench pages, and its parts and names."""
    from newssift.extract.article import extract

    seen: list[str] = []
    orig = M._person_names

    def spy(raw: str, site: str | None) -> list[str]:
        seen.append(raw)
        return orig(raw, site)

    M._person_names = spy
    try:
        for path in sorted(BENCH_PAGES.rglob("*.html.gz"))[::3]:
            extract(gzip.decompress(path.read_bytes()), identify=False)
    finally:
        M._person_names = orig
    assert len(seen) > 300
    for raw in seen:
        text = M.clean(raw)
        _same(text)
        for part in M._NAME_SPLIT.split(M._BY.sub("", M._GLUED.sub(" | ", text))):
            _same(part)


def test_title_separator_same_as_two_alternatives() -> None:
    """_TITLE_SEP (one \\s+ before the choice of mark) splits and finds as the form with two
    alternatives did."""
    import re

    old = re.compile(r"\s+[|\-–—:·•»/]\s+|\s+::\s+")
    rnd = random.Random(3)
    alpha = [" ", "  ", "\t", "|", "-", "–", "—", ":", "::", "·", "•", "»", "/", "a", "Head",
             "x:", "\u00a0", "\u2003", ": :", " :: ", "\n"]
    for _ in range(60000):
        s = "".join(rnd.choice(alpha) for _ in range(rnd.randint(0, 12)))
        assert M._TITLE_SEP.split(s) == old.split(s), s
        assert [m.span() for m in M._TITLE_SEP.finditer(s)] == [
            m.span() for m in old.finditer(s)
        ], s


def test_glued_screen() -> None:
    """A credit _GLUED_KEYS clears holds no _GLUED match (its look-ahead needs one of them)."""
    for text in [*_texts(20000, 11), "Jane DoePublished", "JaneBy", "x Follow", "aRead"]:
        if M._GLUED_KEYS.search(text) is None:
            assert M._GLUED.search(text) is None, text
