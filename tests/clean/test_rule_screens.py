"""Early exits of two line rules (rules._is_share_bar, rules.is_timestamp) against the
rules as they were written before them (kept here as the reference)."""

from __future__ import annotations

import random
import re
from pathlib import Path

from newssift.clean import rules
from newssift.clean.patterns import DATE_WORDS, SHARE_WORDS, STAMP_BY, STAMP_WORDS

ROOT = Path(__file__).resolve().parents[2]


def _share_bar_reference(core: str) -> bool:
    words = [w.lower() for w in rules._CAMEL.findall(core)]
    if not words or len(words) > 12:
        return False
    if rules._HAS_DIGIT.search(core) and not re.fullmatch(r"[\d\s]*\w+[\s\w]*", core):
        return False
    return all(w in SHARE_WORDS for w in words) and (len(words) >= 2 or core.lower() in SHARE_WORDS)


def _timestamp_reference(core: str) -> bool:
    head = STAMP_BY.sub(" ", core.split("|")[0])
    if not rules._HAS_DIGIT.search(head):
        return False
    words = [w.lower() for w in rules._LETTERS.findall(head)]
    if not (rules._TIME.search(head) or any(w in DATE_WORDS for w in words)):
        return False
    return all(w in DATE_WORDS or w in STAMP_WORDS for w in words)


def _lines() -> list[str]:
    rng = random.Random(7)
    lines = [line for p in sorted(ROOT.glob("tests/*/fixtures/*.txt"))
             for line in p.read_text(encoding="utf-8").splitlines()]
    lines += [line for p in sorted((ROOT / "bench" / "data" / "farm_set").glob("*/*.txt"))
              for line in p.read_text(encoding="utf-8").splitlines()]
    vocab = sorted(SHARE_WORDS) + sorted(DATE_WORDS) + sorted(STAMP_WORDS)
    vocab += ["Share", "TWEET", "FacebookTwitter", "posted on", "updated by Jane Roe", "by",
              "12:30", "2024", "3/4/2021", "٣", "|", " | ", "  ", ",", "-", "News", "x",
              "POSTED", "Published", "ON", "By", "VON", "Par", "por", "Jane Roe", "ſubmitted",
              "W\u0130RTTEN", "upda\u212aed", "\u0131", "Σ"]
    for _ in range(6000):
        parts = [rng.choice(vocab) for _ in range(rng.randint(0, 9))]
        lines.append(rng.choice([" ", "", " "]).join(parts))
    from tests.pages import walked_pages

    lines += [ln.text for page in walked_pages(11) for ln in page.lines if len(ln.text) <= 120]
    return [rules.strip_decor(line) for line in lines if rules.strip_decor(line)]


def test_share_bar_and_timestamp_answer_as_before():
    share = stamp = 0
    for core in _lines():
        s = rules._is_share_bar(core)
        assert s == _share_bar_reference(core), core
        t = rules.is_timestamp(core)
        assert t == _timestamp_reference(core), core
        share += s
        stamp += t
    assert share > 100 and stamp > 100  # both answers are tested
