import numpy as np

from newssift.assess.mt_features import STAT_NAMES, doc_stats, ngram_terms, tokens
from newssift.assess.mt_model import load_model, machine_translated
from tests.assess.fixtures import fixture


def test_features():
    toks = tokens("It is, in fact, “annoying”.")
    assert toks[:3] == ["it", "is", ","]
    assert "it is" in ngram_terms(toks, 2)
    assert len(doc_stats("One sentence here. And another one.")) == len(STAT_NAMES)


def test_model_is_shipped_small_and_numpy_only():
    model = load_model()
    assert model is not None
    assert len(model.index) == len(model.weights) == len(model.idf)
    assert model.weights.dtype == np.float64
    assert "ht-vs-mt-deen" in model.note


def test_probability_is_bounded_deterministic_and_shrunk_for_short_text():
    text = fixture("clean_article.txt")
    p = machine_translated(text)
    assert p is not None and 0.0 <= p <= 1.0
    assert machine_translated(text) == p
    assert abs(machine_translated("Short text here.") - 0.5) < abs(p - 0.5) + 0.5
    assert abs(machine_translated("Short text here.") - 0.5) <= 0.5 * 3 / 40 + 1e-9
    assert machine_translated("") == 0.0


def test_sentence_model():
    from newssift.assess.mt_model import SENTENCE_MODEL_FILE, sentence_machine_translated

    assert load_model(SENTENCE_MODEL_FILE) is not None
    p = sentence_machine_translated("The council voted on Tuesday to build new bicycle lanes.")
    assert p is not None and 0.0 < p < 1.0
    assert sentence_machine_translated("  ") is None
