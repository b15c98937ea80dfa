"""The document-context inputs of the web model's second stage (features.doc_context)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from newssift.clean import model as line_model
from newssift.clean.features import DOC_CONTEXT_NAMES, N_DOC_CONTEXT, doc_context

COL = {name: k for k, name in enumerate(DOC_CONTEXT_NAMES)}

#: A small page written for this test: a menu run, two paragraphs between them, a footer.
PAGE = [
    "Home",
    "News",
    "Sport",
    "Weather",
    "The council met on Monday evening and agreed to keep the swimming pool open all winter.",
    "Short heading",
    "Residents had collected more than two thousand signatures asking for the pool to stay open.",
    "Privacy | Terms",
]
#: First-stage scores as a model might give them: the menu and footer noisy, the rest clean.
P1 = np.array([0.9, 0.9, 0.9, 0.9, 0.05, 0.4, 0.05, 0.95])


def test_shape_and_determinism():
    a = doc_context(PAGE, P1)
    assert a.shape == (len(PAGE), N_DOC_CONTEXT)
    assert np.array_equal(a, doc_context(PAGE, P1))
    assert doc_context([], np.zeros(0)).shape == (0, N_DOC_CONTEXT)


def test_a_menu_is_a_run_of_one_shape_outside_the_content_span():
    a = doc_context(PAGE, P1)
    # four one-word capitalised lines share a shape; the paragraphs do not share it
    assert a[0, COL["shape_share"]] == pytest.approx(4 / len(PAGE) + 1 / len(PAGE), abs=0.13)
    assert a[0, COL["shape_share"]] > a[4, COL["shape_share"]]
    assert a[0, COL["noisy_run"]] == pytest.approx(np.log1p(4))
    assert a[0, COL["clean_run"]] == 0.0
    # the content span runs from the first to the last long clean line
    assert [int(x) for x in a[:, COL["in_span"]]] == [0, 0, 0, 0, 1, 1, 1, 0]
    # a paragraph is long against the page's median and holds a large share of its words
    assert a[4, COL["rel_log_chars"]] > 0 > a[0, COL["rel_log_chars"]]
    assert a[4, COL["word_share"]] > a[0, COL["word_share"]]


def test_the_document_clean_share_follows_the_scores():
    clean_page = doc_context(PAGE, np.full(len(PAGE), 0.1))
    noisy_page = doc_context(PAGE, np.full(len(PAGE), 0.9))
    assert clean_page[0, COL["doc_clean_char_share"]] == 1.0
    assert noisy_page[0, COL["doc_clean_char_share"]] == 0.0


def _arrays(stage2: str, n2: int) -> dict:
    with np.load(line_model.MODEL_DIR / line_model.MODEL_FILE, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["w2"] = np.zeros(n2, dtype=np.float32)
    arrays["meta"] = np.array(json.dumps({"stage2": stage2}))
    return arrays


def test_a_doc_stage_model_reads_the_document_context_and_checks_its_size():
    n_scores = len(line_model.stage2_inputs(["x"], np.zeros(1))[0])
    m = line_model.LineModel(_arrays("doc", n_scores + N_DOC_CONTEXT))
    assert m.stage2 == "doc"
    # the shipped news model keeps the scores-only second stage
    assert line_model.load("news").stage2 == "scores"
    z = line_model.stage2_inputs(PAGE, P1, "doc")
    assert line_model.stage2_width("doc") == z.shape[1] == n_scores + N_DOC_CONTEXT
    assert line_model.stage2_width() == n_scores
    assert np.array_equal(z[:, n_scores:], doc_context(PAGE, P1))
    assert np.array_equal(z[:, :n_scores], line_model.stage2_inputs(PAGE, P1))
    assert m.predict_doc(PAGE).shape == (len(PAGE),)
    with pytest.raises(ValueError):
        line_model.LineModel(_arrays("doc", n_scores))

