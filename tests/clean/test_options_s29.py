"""Session 29 (f7): the cleaner's options are keyword-only and checked (review r40 finding
6), and a line of one huge token scores without numpy's overflow warning (finding 11)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import newssift
from newssift.clean import model as line_model
from newssift.clean.cleaner import clean

TEXT = "\n".join([
    "Home | News | Sport | Contact",
    "The council voted on Tuesday to keep the harbour open through the winter months, "
    "after a long debate about the cost of dredging and the future of the fishing fleet.",
    "Share this article",
    "Fishermen said the decision would save dozens of jobs in the town this year.",
    "Sign up for our newsletter",
])


@pytest.mark.parametrize("call", [clean, newssift.clean_text])
def test_a_mode_given_by_position_is_refused(call) -> None:
    """``clean_text(text, "web")`` ran news mode (the second place was ``language``)."""
    with pytest.raises(TypeError):
        call(TEXT, "web")
    assert call(TEXT, mode="web") == clean(TEXT, mode="web")


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"use_model": "no"}, TypeError),  # counted as true
    ({"use_model": None}, TypeError),
    ({"language": 7}, TypeError),
    ({"title": b"Harbour"}, TypeError),
    ({"mode": None}, TypeError),
    ({"mode": "forum"}, ValueError),
    ({"mode": "web", "threshold": "0.5"}, TypeError),  # failed deep in the model pass
    ({"mode": "web", "threshold": math.nan}, ValueError),  # turned the model off
    ({"mode": "web", "threshold": 1.5}, ValueError),
    ({"mode": "web", "threshold": True}, TypeError),
    ({"threshold": 0.5}, ValueError),  # news mode has no threshold: it was ignored
])
def test_a_wrong_option_is_a_clear_error(kwargs: dict, error: type) -> None:
    with pytest.raises(error, match="clean"):
        clean(TEXT, **kwargs)


def test_good_options_keep_their_output() -> None:
    assert clean(TEXT, language="en") == clean(TEXT)
    # the language is a hint the rules do not read: any code, even a mode's name by keyword
    # (the command line's --language passes what it is given), cleans as without one
    assert clean(TEXT, language="web") == clean(TEXT)
    assert clean(TEXT, use_model=False).text
    assert clean(TEXT, mode="web", threshold=0.0).text == ""
    assert clean(TEXT, mode="web", threshold=np.float32(1.0)) == clean(TEXT, mode="web",
                                                                       threshold=1)


def test_a_huge_token_scores_without_a_warning() -> None:
    """A line of one 300,000-character token took stage one's z below -709: numpy's
    "overflow encountered in exp" went to stderr. Its probability is 0.0 as before."""
    text = "Title line\n" + "a" * 300_000 + "\nThe end of the story is here, in a sentence."
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = newssift.clean_text(text)
        newssift.clean_text(text, mode="web")
    assert res.text


def test_the_sigmoid_is_bit_for_bit_the_formula() -> None:
    """Not a clip: every value stays what 1 / (1 + exp(-z)) gave, the extreme ones too."""
    z = np.concatenate([np.linspace(-700, 700, 20001), np.linspace(-40, 40, 20001),
                        np.array([-1e6, -800.0, -710.0, 710.0, 1e6, 0.0])])
    with np.errstate(over="ignore"):
        want = 1.0 / (1.0 + np.exp(-z))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = line_model.sigmoid(z)
    assert got.tobytes() == want.tobytes()
    assert got[-6] == 0.0 and got[-2] == 1.0
