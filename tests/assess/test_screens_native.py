"""The forensic screens that ask "does the text hold one of these strings?" use the
cleaner's keyword table (``clean.rules.keyword_screen``, compiled in ``clean/_native.c``).
They must answer exactly as the plain ``any(w in text ...)`` tests they replace."""

from __future__ import annotations

import random
from pathlib import Path

from newssift.assess.forensics import mt_artifacts, spun
from newssift.assess.forensics.view import CASE_ODD

ROOT = Path(__file__).resolve().parents[2]


def _spun_reference(text: str) -> bool:
    if any(c in text for c in CASE_ODD):
        return True
    lowered = text.lower()
    return any(p in lowered for p in spun.PHRASES)


def _stranded_reference(text: str) -> bool:
    return any(w in text for w in mt_artifacts._STRANDED_STOPS)


def _texts() -> list[str]:
    rng = random.Random(1712)
    texts = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("tests/*/fixtures/*.txt"))]
    texts += [p.read_text(encoding="utf-8")
              for p in sorted((ROOT / "bench" / "data" / "farm_set").glob("*/*.txt"))]
    words = list(spun.PHRASES) + list(mt_artifacts._STRANDED_STOPS) + list(CASE_ODD)
    alphabet = sorted({c for w in words for c in w} | set(" .\nIİıſKΣ"))
    for _ in range(3000):
        parts = []
        for _ in range(rng.randint(0, 10)):
            r = rng.random()
            if r < 0.3:
                w = rng.choice(words)
                w = w[: rng.randint(0, len(w))] if rng.random() < 0.4 else w
                case = rng.random()
                parts.append(w.upper() if case < 0.3 else w.title() if case < 0.5 else w)
            else:
                parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8))))
        texts.append("".join(parts))
    return texts


def test_spun_screen_is_the_substring_test():
    texts = _texts()
    hits = [spun._may_contain(t) for t in texts]
    assert hits == [_spun_reference(t) for t in texts]
    assert 100 < sum(hits) < len(texts) - 100  # both answers are tested often


def test_stranded_stop_screen_is_the_substring_test():
    screen = mt_artifacts.SCREENS[mt_artifacts.PATTERNS[3][0]]
    texts = _texts()
    hits = [bool(screen(t)) for t in texts]
    assert hits == [_stranded_reference(t) for t in texts]
    assert 100 < sum(hits) < len(texts) - 100


def test_script_mixing_screen_equals_the_whole_text_search() -> None:
    # language.has_non_latin_letter searches only the non-ASCII characters
    from newssift.assess import language

    rng = random.Random(1717)
    alphabet = "ab Z1.,'\n" + "éßſ\u212aİı“”—…" + "αΩжЖ中あアאب"
    alphabet += "\u0301\u0651" + "ªº\u02b0\u00b5𝐀"
    samples = ["", "plain", "naïve café", "“quoted” — dash", "Ωmega", "x\u0301", "ª", "µ", "𝐀bc"]
    samples += ["".join(rng.choices(alphabet, k=rng.randint(1, 14))) for _ in range(20000)]
    samples += [t for t in _texts() if not t.isascii()]
    seen = set()
    for text in samples:
        want = language._NON_LATIN_LETTER.search(text) is not None
        assert language.has_non_latin_letter(text) == want, text
        seen.add(want)
    assert seen == {True, False}
