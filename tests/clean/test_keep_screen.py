"""keep.py's speech-verb test: its trie form (``keep._SAY``) matches where the plain
alternation of the same words (the reference, here) does, at the same first position, on real
and random lines; and its keyword screen (``keep.says``) changes no answer."""

from __future__ import annotations

import random
import re
from pathlib import Path

from newssift.clean import keep

ROOT = Path(__file__).resolve().parents[2]
#: The words as a plain alternation: what keep.py used before the trie.
PLAIN = re.compile(r"\b(" + "|".join(keep._SAY_WORDS) + r")\b", re.IGNORECASE)
#: Characters that fold to letters of the words under IGNORECASE (ſ, the Kelvin sign, dotted
#: and dotless i), accents, and word boundaries of every kind.
ODD = ["ſ", "K", "İ", "ı", "É", "é", "e\u0301", "Ó", "Ñ", "ä", "_", "0", " ", "  ", "-", "'",
       "\u00a0", ".", '"', "“", "«"]


def _lines() -> list[str]:
    rng = random.Random(41)
    lines = [line for p in sorted(ROOT.glob("tests/*/fixtures/*.txt"))
             for line in p.read_text(encoding="utf-8").splitlines()]
    lines += [line for p in sorted((ROOT / "bench" / "data" / "farm_set").glob("*/*.txt"))
              for line in p.read_text(encoding="utf-8").splitlines()]
    for _ in range(5000):
        parts = []
        for _ in range(rng.randint(0, 8)):
            r = rng.random()
            if r < 0.4:
                w = rng.choice(keep._SAY_WORDS)
                if rng.random() < 0.3:
                    w = w[: rng.randint(0, len(w))] + w[rng.randint(0, len(w)):]
                parts.append("".join(c.upper() if rng.random() < 0.3 else c for c in w))
            elif r < 0.7:
                parts.append(rng.choice(ODD))
            else:
                parts.append("".join(rng.choice("asidtlkeor") for _ in range(rng.randint(1, 6))))
        lines.append("".join(parts))
    return lines


def test_the_trie_matches_where_the_alternation_does():
    hits = 0
    for line in _lines():
        a, b = PLAIN.search(line), keep._SAY.search(line)
        assert (a is None) == (b is None), line
        if a is not None:
            hits += 1
            assert a.start() == b.start(), line
    assert hits > 500


def test_the_screened_search_is_the_search():
    for line in _lines():
        assert keep.says(line) == (keep._SAY.search(line) is not None), line


def test_ignorecase_pairs_no_other_character_with_the_words_letters():
    # every code point the regex engine takes for a letter of the words (IGNORECASE) is that
    # letter once lower-cased, or one of keep.SAY_ODD: so a line whose lower() holds none of
    # the words (and which holds no SAY_ODD character) cannot match _SAY
    letters = sorted({c for w in keep._SAY_WORDS for c in w if c.isalpha()})
    any_letter = re.compile("[" + "".join(letters) + "]", re.IGNORECASE)
    for cp in range(0x110000):
        c = chr(cp)
        if any_letter.fullmatch(c) is None or c in keep.SAY_ODD:
            continue
        for x in letters:
            if re.fullmatch(re.escape(x), c, re.IGNORECASE):
                assert c.lower() == x, (hex(cp), x)
