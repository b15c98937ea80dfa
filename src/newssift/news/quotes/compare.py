"""How a predicted speaker is compared with an annotated one, in tests and in
bench/quotes.py: one rule for both, so a test and the benchmark cannot disagree.
"""

from __future__ import annotations

import re

_DETERMINERS = ("the", "a", "an", "la", "le", "el", "der", "die", "das", "one")


def _speaker_words(s: str | None) -> list[str]:
    w = re.findall(r"[\w'’-]+", (s or "").lower())
    while w and w[0] in _DETERMINERS:
        w = w[1:]
    return w


def same_speaker(pred: str | None, gold: str | None) -> bool:
    """Whether two speaker names denote the same speaker: equal after dropping determiners,
    or one a head or tail of the other ("the US embassy" / "embassy", "Dmitry Peskov" /
    "Peskov"). How attributions are compared with annotations, in tests and benchmarks."""
    a, b = _speaker_words(pred), _speaker_words(gold)
    if not a or not b:
        return False
    n = min(len(a), len(b))
    return a[-n:] == b[-n:] or a[:n] == b[:n]
