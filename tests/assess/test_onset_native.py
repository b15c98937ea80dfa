"""accents.has_bad_onset's compiled scan (_quality_native.bad_onset) answers as the two
patterns it replaces (accents.has_bad_onset_re), on chosen and on random texts."""

from __future__ import annotations

import random

import pytest

from newssift.assess.forensics import accents

native = pytest.importorskip("newssift.assess._quality_native")
if not hasattr(native, "bad_onset"):
    pytest.skip("an older build without bad_onset", allow_module_level=True)

LOWER, UPPER = accents._ONSETS_BY_CASE

CASES = [
    "", "a", "xz", "xza", "the strength of a schmooze", "dgrades", "DGRADES", "DGRA", "Dgrade",
    "sfgate", "a wtf", " wta", "mbira", "tsk tsk", "x@dgrade", "#dgra", "/dgra", ".dgra", "-dgra",
    "_dgra", "édgra", "٣dgra", "(dgra)", "—dgra", "ſtra", "\u212adgra", "bcdfa", "bcdfga", "BCDA",
    "BCA", "SCHA", "SCHMA", "schma", "schla", "ßdgra", "1dgra", "dgrA", "DGra", "dgry", "DGRY",
    "llama", "lla", "str", "stra", "xYa", "0dgra", "9DGRA", "ngati", " ngati", "\tngati",
    "\nNGATI", "Mnemonic",
]


@pytest.mark.parametrize("text", CASES)
def test_chosen_texts(text: str) -> None:
    assert native.bad_onset(text, LOWER, UPPER) == accents.has_bad_onset_re(text)


def test_random_texts() -> None:
    rng = random.Random(17)
    alphabet = "bcdfghjklmnpqrstvwxzaeiouyBCDFGHJKLMNPQRSTVWXZAEIOUY" + " .-@#/_1é٣ſ\u212aß—(\n"
    weights = [3] * 20 + [2] * 6 + [2] * 20 + [1] * 6 + [2] * 16
    seen = set()
    for _ in range(20000):
        text = "".join(rng.choices(alphabet, weights, k=rng.randint(0, 12)))
        got = native.bad_onset(text, LOWER, UPPER)
        assert got == accents.has_bad_onset_re(text), text
        seen.add(got)
    assert seen == {True, False}


def test_has_bad_onset_uses_it() -> None:
    assert accents._bad_onset is native.bad_onset
    assert accents.has_bad_onset("we saw the dgrades today") is True
    assert accents.has_bad_onset("we saw the grades today") is False
