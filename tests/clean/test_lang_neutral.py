"""Session 26's language-neutral dense columns (candidate N): what they read, and that only a
model file naming them reads them (v4 and news mode keep the plain columns)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from newssift.clean.features import (
    DENSE_NAMES,
    NEUTRAL_COLUMNS,
    WORD_UNIT,
    dense,
    dense_lang_neutral,
)
from newssift.clean.model import LineModel, load

COL = {name: k for k, name in enumerate(DENSE_NAMES)}

#: The same short item in two languages (written for newssift): German says it in two words.
ITEM = {"de": "Kostenloses Parkhaus", "en": "Free parking garage"}
SENTENCE = "Der Bürgermeister und der Stadtrat beraten über den Haushalt."


def _neutral(lines: list[str]) -> np.ndarray:
    rows = list(range(len(lines)))
    return dense_lang_neutral(lines, rows, dense(lines, rows))


def test_only_the_named_columns_change():
    lines = ["Startseite | Impressum", SENTENCE, "HOME", "Kostenloses WLAN", ""]
    plain, neutral = dense(lines), _neutral(lines)
    other = [k for name, k in COL.items() if name not in NEUTRAL_COLUMNS]
    assert np.array_equal(plain[:, other], neutral[:, other])


def test_capitalised_nouns_are_not_capitals():
    row = _neutral(["Intro text here.", SENTENCE, "More text."])[1]
    assert row[COL["upper_frac"]] == 0.0
    assert dense(["Intro text here.", SENTENCE, "More text."])[1, COL["upper_frac"]] > 0.05
    # a line in capitals still reads as capitals
    assert _neutral(["Intro.", "HOME NEWS SPORT", "Outro."])[1, COL["upper_frac"]] > 0.6


def test_length_in_word_units_not_words():
    de, en = _neutral([ITEM["de"]])[0], _neutral([ITEM["en"]])[0]
    chars = len("Kostenloses") + len("Parkhaus")
    assert de[COL["log_words"]] == pytest.approx(math.log1p(chars / WORD_UNIT))
    # two German words and three English ones: neither is a short line in word units
    assert de[COL["short_line"]] == en[COL["short_line"]] == 0.0
    assert dense([ITEM["de"]])[0, COL["short_line"]] == 1.0
    assert _neutral(["Menü"])[0, COL["short_line"]] == 1.0


def test_word_length_relative_to_the_document():
    lines = ["Hausaufgabenbetreuung Nachmittagsangebot", "Die Kinder spielen im Garten."]
    r = _neutral(lines)
    words = [w for x in lines for w in x.replace(".", "").split()]
    doc = sum(map(len, words)) / len(words)
    assert r[0, COL["mean_word_len"]] == pytest.approx((len(words[0]) + len(words[1])) / 2 / doc)
    assert r[0, COL["mean_word_len"]] > 1.0 > r[1, COL["mean_word_len"]]


def _model(meta: dict) -> LineModel:
    v4 = load("news")
    arrays = {
        "w_hash": v4.w_hash, "w_dense": v4.w_dense, "mean": v4.mean, "scale": v4.scale,
        "b1": np.array(v4.b1), "w2": v4.w2, "b2": np.array(v4.b2),
        "meta": np.array(json.dumps(meta)),
    }
    return LineModel(arrays)


def test_a_model_reads_the_variant_only_when_its_meta_names_it():
    lines = ["Startseite", "Kostenloses Parkhaus", SENTENCE, "Impressum"]
    plain, neutral = _model({}), _model({"dense_variant": "lang_neutral"})
    assert plain.variant is None and load("news").variant is None
    assert np.array_equal(plain.stage1(lines), load("news").stage1(lines))
    assert not np.array_equal(plain.stage1(lines), neutral.stage1(lines))
    with pytest.raises(ValueError):
        _model({"dense_variant": "no_such_variant"})


def test_empty_rows_and_lines_without_words():
    assert dense_lang_neutral(["a"], [], np.zeros((0, len(DENSE_NAMES)))).shape == (0, 40)
    r = _neutral(["---", "", "123"])
    assert np.isfinite(r).all()
