"""DocModel._token_code's fast case (words then skeleton, the shipped model's families) packs
the same integer as the reference loop over any families (``_token_code_any``, which looks
the skeleton up through mt_features.shape)."""

import random

from newssift.assess import mt_model
from newssift.assess.mt_features import FUNCTION_WORDS, shape
from tests.assess.mt_helpers import tiny_model
from tests.assess.test_mt_profile import TERMS

# every branch of shape: function words in any case, a first character that is not
# alphanumeric, digits first, capitals first (ASCII and not), short and long lower-case
# words at the 6/7 boundary, and tokens whose lower-casing changes their length
EDGE = [
    "the", "The", "THE", "of", "Of", "plan", "Plan", "planned", "planne", "plannedx",
    ".", ",", "'s", "\u2019t", "-", "_x", "_", "3", "3rd", "1990s", "\u0663", "\u00bd",
    "\u00c9t\u00e9", "\u00e9t\u00e9", "\u0130stanbul", "\u0130", "Stra\u00dfe", "stra\u00dfe",
    "\u01c5ungla", "\u1e9e", "x", "X", "caf\u00e9", "Caf\u00e9s", "\u00e9", "don't", "Don\u2019t",
]


def _tokens(model) -> list[str]:
    rng = random.Random(7)
    alphabet = "aZe9_.'\u2019\u00e9\u00c9\u0130\u00df\u0663 -"
    words = [w for w in model._vocab["words"]] + [w.title() for w in FUNCTION_WORDS]
    rand = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 9))) for _ in range(3000)]
    return EDGE + words + [w.upper() for w in words] + rand


def test_the_shipped_model_takes_the_fast_case_and_packs_the_same_codes():
    model = mt_model.load_model()
    assert isinstance(model, mt_model.DocModel)  # the package ships its model
    assert model._tok_fams == ("words", "skeleton") and model._word_skeleton is not None
    toks = _tokens(model)
    assert [model._token_code(t) for t in toks] == [model._token_code_any(t) for t in toks]
    # the codes are not trivially equal: both families' ids are seen, known and unknown
    base = model._base["skeleton"]
    codes = [model._token_code(t) for t in toks]
    assert {c // base > 0 for c in codes} == {True, False}
    assert len({c % base for c in codes}) > 50
    assert {shape(t) for t in toks} >= {"<d>", "<C>", "<w>", "<W>", "the", "."}


def test_a_tiny_model_with_words_and_skeleton_packs_the_same_codes(tmp_path):
    model = tiny_model(tmp_path / "m.npz", ("words", "skeleton", "chars"), TERMS)
    assert model._word_skeleton is not None
    toks = [*EDGE, "the plan", "Plan", "THE", "of", "Cafe", "\u00e9"]
    assert [model._token_code(t) for t in toks] == [model._token_code_any(t) for t in toks]
    assert model._token_code("the") == model._vocab["words"]["the"] * model._base[
        "skeleton"
    ] + model._vocab["skeleton"]["the"]
    assert model._token_code("Zzzz") == model._vocab["skeleton"]["<C>"]


def test_other_families_use_the_reference(tmp_path):
    terms = [t for t in TERMS if not t.startswith("w ")]
    model = tiny_model(tmp_path / "m.npz", ("skeleton", "chars"), terms)
    assert model._word_skeleton is None
    assert model._token_code("The") == model._token_code_any("The") > 0
