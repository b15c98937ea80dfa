"""House-style conventions (currency, per cent) written one way before the MT model reads a
text, and the model file's ``text_form`` that says whether it does."""

import numpy as np
import pytest

from newssift.assess.mt_features import TEXT_FORMS, conventions, flatten, model_text
from newssift.assess.mt_model import DocModel
from tests.assess.mt_helpers import tiny_model

FAMILIES = ("words", "skeleton", "chars")
TERMS = ["w euro", "w the", "w percent", "s <d> percent", "c ro", "c uro ", "w €", "s €"]
TERMS.append("c \xe2\x82\xac")  # the character 3-gram of "€" (its UTF-8 bytes)


def test_currency_and_per_cent_are_written_one_way():
    assert conventions("It cost €5m.") == "It cost euro 5m."
    assert conventions("EUR 5m and 5 euros. Euro zone") == "euro 5m and 5 euro . euro zone"
    assert conventions("$2 or 2 dollars or USD 2") == "dollar 2 or 2 dollar or dollar 2"
    assert conventions("£3 or GBP 3") == "pound 3 or pound 3"
    three = "3 percent and 3 percent and 3 percent "
    assert conventions("3% and 3 per cent and 3 percent") == three
    assert conventions("(EUR 5m)") == "( euro 5m)"
    # words that only contain the letters stay, and single spaces stay single
    text = "Europe, Eurostat, neuro, the centre, upper cent, a dollarised eurozone, EUROS."
    assert conventions(text) == text
    out = conventions("a € b EUR c euros d")
    assert "  " not in out and out.split() == ["a", "euro", "b", "euro", "c", "euro", "d"]


def test_model_text_forms():
    text = "\u201cIt\u2019s €5\u201d \u2013 20 per cent"
    assert model_text(text, "flat") == flatten(text)
    assert model_text(text, "flat+conventions") == conventions(flatten(text))
    assert set(TEXT_FORMS) == {"flat", "flat+conventions"}
    with pytest.raises(ValueError):
        model_text(text, "lower")


def _with_form(path, form):
    with np.load(path) as z:
        arrays = dict(z)
    arrays["text_form"] = np.array([form])
    np.savez_compressed(path, **arrays)
    return DocModel(path)


def test_a_model_file_names_its_text_form(tmp_path):
    flat = tiny_model(tmp_path / "flat.npz", FAMILIES, TERMS, stored=True)
    assert flat.text_form == "flat"  # files without the field: flattened text only
    tiny_model(tmp_path / "conv.npz", FAMILIES, TERMS, stored=True)
    conv = _with_form(tmp_path / "conv.npz", "flat+conventions")
    assert conv.text_form == "flat+conventions"
    text = "The plan costs €5 million, 20 per cent of the \u201cbudget\u201d. " * 6
    # the conventions model scores a text as the flat model scores its conventions form
    assert conv.decision(text) == flat.decision(conventions(flatten(text)))
    assert conv.decision(text) != flat.decision(text)
    # the compiled and the numpy path agree on the conventions form too
    native = conv.decision(text)
    conv.native = False
    conv._last = None
    assert conv.decision(text) == native
    tiny_model(tmp_path / "bad.npz", FAMILIES, TERMS, stored=True)
    with pytest.raises(ValueError):
        _with_form(tmp_path / "bad.npz", "lower")


def test_the_trainer_counts_terms_of_the_text_form_it_writes():
    import train.train_mt as T

    assert T.TEXT_FORM in TEXT_FORMS
    terms = T.family_terms("words", "The plan costs €5 million.")
    assert ("w euro" in terms) == (T.TEXT_FORM == "flat+conventions")
