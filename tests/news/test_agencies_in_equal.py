"""``agencies_in`` finds what one alternation of all written forms, longest first, between
word boundaries finds (the rule it was written as before it was made faster)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from newssift.vocab import agencies as A

#: the reference: every free-text form in one alternation, longest first
_REFERENCE = re.compile(r"(?<![\w-])(" + A._alternation(A._WRITTEN) + r")(?![\w-])")


def _reference(text: str) -> list[str]:
    seen: list[str] = []
    for m in _REFERENCE.finditer(text):
        name = A._BY_FORM[m.group(1)]
        if name == "AP" and not A._ap_context(text, m.start(), m.end()):
            continue
        if name not in seen:
            seen.append(name)
    return seen


def _fixture_texts() -> list[str]:
    texts = []
    for path in sorted((Path(__file__).parent / "fixtures").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data if isinstance(data, list) else list(data.values())
        for item in items:
            if isinstance(item, dict):
                texts += [v for v in item.values() if isinstance(v, str) and len(v) > 40]
    return texts


def test_same_agencies_as_one_alternation_on_written_and_random_texts():
    texts = [
        *_fixture_texts(),
        "BERLIN (dpa) - The Associated Press and AP Photo staff, Reuters/REUTERS, and epd.",
        "XThe Associated Press; -AP Photos; NAPA; AAP, APA and PAP; Keystone-SDA; RIA Novosti.",
        "Anadolu Agency said, per Agence France-Presse and Agence France Presse (AFP).",
        "dpadpa dpa-x xdpa _dpa dpa_ (dpa) epd, EFE/Agencia EFE, Kyodo News-KYODO.",
    ]
    forms = [*A._WRITTEN, "AP", "AP Photo", "The", "Associated", "Press", "dpa", "epd", "-", "_"]
    pieces = [*forms, " ", " ", ", ", "(", ")", "-", "x", "é", "\n", "."]
    rnd = random.Random(18)
    for _ in range(2000):
        texts.append("".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30))))
    letters = list("APRTEUXBIKDaprtedps -_()\n")
    for _ in range(2000):
        texts.append("".join(rnd.choice(letters) for _ in range(rnd.randint(0, 60))))
    assert len(texts) > 4000
    found = 0
    for text in texts:
        want = _reference(text)
        assert A.agencies_in(text) == want, text
        found += bool(want)
    assert found > 500  # the texts do name agencies
