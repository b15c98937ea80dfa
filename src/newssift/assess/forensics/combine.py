"""``content_farm`` in [0, 1]: a noisy-OR of per-flag weights.

Why a noisy-OR: each flag is independent evidence that the page is a farm copy, with
its own reliability. Writing each flag's weight w as "the chance this flag alone is
right", the page is a farm copy unless every piece of evidence is wrong:

    content_farm = 1 − Π_flags (1 − w_flag) × (1 − w_mt · max(0, 2·machine_translated − 1))

This is monotone (another flag, or a higher MT score, never lowers it), bounded in
[0, 1], and readable: one generated bio alone gives 0.8; an injected headline alone 0.45,
two of them 0.57; a lone accent-stripped word 0.35. Repeats of the same flag count with
a decaying weight (the k-th occurrence weighs w/k), and at most three repeats count, so
one noisy signal cannot saturate the score. Context flags (``agency_copy``,
``mt_artifact``, ``template_chrome_beside``) weigh little: they make other evidence more
convincing but never reach 0.5 on their own. The weights are hand-set and documented here; they were
checked against the false-alarm rate on human news (docs/bench/assessment.md).
"""

from __future__ import annotations

from collections import Counter

from newssift.record import Flag

#: per-flag weights (probability that one occurrence alone indicates a farm copy)
WEIGHTS: dict[str, float] = {
    "generated_bio": 0.8,
    "injected_headline": 0.45,
    "translated_copy_credit": 0.7,
    "accent_stripped_word": 0.35,
    "foreign_script": 0.35,
    "chrome_density": 0.4,
    "spun_phrase": 0.45,
    "agency_copy": 0.1,
    "mt_artifact": 0.1,
    "template_chrome_beside": 0.15,
}
MT_WEIGHT = 0.3
MAX_REPEATS = 3


def content_farm(flags: list[Flag], machine_translated: float = 0.0) -> float:
    keep = 1.0
    seen: Counter[str] = Counter()
    for f in flags:
        w = WEIGHTS.get(f.name)
        if w is None:
            continue
        seen[f.name] += 1
        k = seen[f.name]
        if k > MAX_REPEATS:
            continue
        weight = w / k
        if f.name == "translated_copy_credit":
            weight *= min(1.0, max(f.value, 0.0))
        keep *= 1.0 - weight
    keep *= 1.0 - MT_WEIGHT * max(0.0, 2.0 * machine_translated - 1.0)
    return round(1.0 - keep, 4)
