"""The extra stage-one line features (features.extra) and a model file that carries them."""

from __future__ import annotations

import numpy as np
import pytest

from newssift.clean import model as line_model
from newssift.clean.features import EXTRA_NAMES, N_EXTRA, extra

COL = {name: k for k, name in enumerate(EXTRA_NAMES)}

#: A small shop page written for this test: a menu, a price, post metadata, a paragraph.
PAGE = [
    "Home",
    "Shop",
    "Login",
    "Preis: 12,50 €",
    "Posted 12.03.2024 14:30",
    "The table is made of oak from a forest near the village and oiled by hand twice.",
    "* * *",
    "FREE DELIVERY",
]


def test_shape_and_determinism():
    a = extra(PAGE)
    assert a.shape == (len(PAGE), N_EXTRA)
    assert np.array_equal(a, extra(PAGE))
    assert extra([]).shape == (0, N_EXTRA)


def test_each_feature_reads_what_it_names():
    a = extra(PAGE)
    assert [int(x) for x in a[:, COL["price"]]] == [0, 0, 0, 1, 0, 0, 0, 0]
    assert [int(x) for x in a[:, COL["date_or_time"]]] == [0, 0, 0, 0, 1, 0, 0, 0]
    assert [int(x) for x in a[:, COL["no_letter"]]] == [0, 0, 0, 0, 0, 0, 1, 0]
    assert a[7, COL["all_caps_word_frac"]] == 1.0 and a[5, COL["all_caps_word_frac"]] == 0.0
    # "login" and "delivery" are chrome words of the lexicon
    assert a[2, COL["cue_start"]] == 1.0 and a[5, COL["cue_start"]] == 0.0
    # the paragraph is long against the page's median line, the menu short
    assert a[5, COL["rel_log_chars"]] > 0 > a[0, COL["rel_log_chars"]]
    # the menu is a run of three short lines (and the price line a fourth)
    assert a[0, COL["short_run"]] == pytest.approx(np.log1p(4))
    assert a[5, COL["short_run"]] == 0.0
    assert a[4, COL["number_token_frac"]] > 0.5
    assert len(set(a[:, COL["doc_median_words"]])) == 1


def test_first_word_share_counts_the_other_lines():
    a = extra(["Posted by Ann", "Posted by Bo", "A reply that says something else."])
    assert a[0, COL["first_word_share"]] == pytest.approx(1 / 3)
    assert a[2, COL["first_word_share"]] == 0.0


def _arrays() -> dict:
    with np.load(line_model.MODEL_DIR / line_model.MODEL_FILE, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


def test_a_model_with_extra_weights_reads_them_and_checks_their_size():
    plain = line_model.LineModel(_arrays()).predict_doc(PAGE)
    a = _arrays()
    a["w_extra"] = np.zeros(N_EXTRA, dtype=np.float32)
    a["mean_extra"] = np.zeros(N_EXTRA, dtype=np.float32)
    a["scale_extra"] = np.ones(N_EXTRA, dtype=np.float32)
    assert np.allclose(line_model.LineModel(a).predict_doc(PAGE), plain)
    a["w_extra"][EXTRA_NAMES.index("price")] = 5.0
    with_price = line_model.LineModel(a).predict_doc(PAGE)
    assert with_price[3] > plain[3]
    # a subset of rows is scored with the whole document's features
    rows = [3, 5]
    sub = line_model.LineModel(a).stage1(PAGE, rows)
    assert np.allclose(sub, line_model.LineModel(a).stage1(PAGE)[rows])
    a["w_extra"] = np.zeros(N_EXTRA + 1, dtype=np.float32)
    with pytest.raises(ValueError):
        line_model.LineModel(a)


def test_the_bench_interval_resamples_whole_documents():
    from bench.cleaning import doc_bootstrap

    assert doc_bootstrap([True] * 10, [5, 5]) == [1.0, 1.0]
    # one document all wrong, one all right: the interval spans the two
    lo, hi = doc_bootstrap([False] * 4 + [True] * 4, [4, 4])
    assert lo == 0.0 and hi == 1.0
    lo, hi = doc_bootstrap([True, False] * 20, [2] * 20)
    assert lo == hi == 0.5  # every document is half right
