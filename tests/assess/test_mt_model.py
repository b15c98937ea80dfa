import numpy as np

from newssift.assess import assessment
from newssift.assess.mt_features import (
    STAT_NAMES,
    doc_stats,
    flatten,
    ngram_terms,
    raw_tokens,
    skeleton_terms,
    tokens,
    word_terms,
)
from newssift.assess.mt_model import (
    MAX_WORDS,
    SENTENCE_MODEL_FILE,
    DocModel,
    assessable,
    explain,
    load_model,
    machine_translated,
    sentence_machine_translated,
)
from tests.assess.fixtures import fixture


def test_features():
    toks = tokens("It is, in fact, “annoying”.")
    assert toks[:3] == ["it", "is", ","]
    assert "it is" in ngram_terms(toks, 2)
    assert len(doc_stats("One sentence here. And another one.")) == len(STAT_NAMES)


def test_flatten_and_term_families():
    assert flatten("“It’s” – he said…") == '"It\'s" - he said...'
    toks = raw_tokens(flatten("The Minister said that it’s 2024."))
    assert "w the minister" in word_terms([t.lower() for t in toks])
    sk = skeleton_terms(toks)
    # function words stay, content words become shapes, numbers become <d>
    assert "s the <C> <w> that" in sk
    assert "s <d> ." in sk


def test_document_model_is_v2_numpy_and_calibrated():
    model = load_model()
    assert isinstance(model, DocModel)
    assert len(model.terms) == len(model.weights) == len(model.idf) == len(model.family)
    assert model.weights.dtype == np.float64
    assert "ht-vs-mt-deen" in model.note
    assert model.platt[0] > 0  # calibration keeps the order of the raw score


def test_integer_coded_lookup_equals_string_lookup():
    model = load_model()
    texts = [fixture("clean_article.txt"), fixture("farm_copy.txt"), "the US", "", "a b c d e"]
    for text in texts:
        a_ids, a_c = model.contributions(text)
        b_ids, b_c = model.contributions_by_string(text)
        oa, ob = np.argsort(a_ids), np.argsort(b_ids)
        assert np.array_equal(a_ids[oa], b_ids[ob])
        assert np.allclose(a_c[oa], b_c[ob])


def test_probability_is_bounded_deterministic_and_ignores_typography():
    text = fixture("clean_article.txt")
    p = machine_translated(text)
    assert p is not None and 0.0 <= p <= 1.0
    assert machine_translated(text) == p
    curly = text.replace('"', "\u201c").replace(" - ", " \u2013 ")
    assert machine_translated(curly) == p


def test_bad_input_is_a_score_or_not_assessed_never_an_exception():
    assert machine_translated("") is None
    assert machine_translated("word") is None
    assert assessable("Short text here.") == (False, "too_short")
    assert machine_translated(None) is None  # type: ignore[arg-type]
    # no sentence punctuation at all: still judged
    flat = " ".join(["the council voted to build new lanes for bicycles"] * 10)
    p = machine_translated(flat)
    assert p is not None and 0.0 <= p <= 1.0
    # 200,000 words: judged on the first MAX_WORDS words
    words = (fixture("clean_article.txt").split() * 1000)[:200_000]
    huge = " ".join(words)
    assert machine_translated(huge) == machine_translated(" ".join(words[:MAX_WORDS]))
    # mostly another script: not assessed; English with a few foreign words: judged
    cjk = " ".join(["東京都の新しい自転車道の計画について議会が投票した"] * 60 + ["the", "plan"])
    assert machine_translated(cjk) is None
    assert assessable(cjk) == (False, "not_latin")
    mixed = fixture("clean_article.txt") + " Das ist gut, sagte er. 東京"
    assert machine_translated(mixed) is not None
    assert explain("") == []


def test_explain_names_terms_of_the_text():
    text = fixture("clean_article.txt")
    terms = explain(text, k=5)
    assert len(terms) <= 5
    low = flatten(text).lower()
    for term, share in terms:
        assert share > 0
        term = term.removeprefix("pattern ")
        assert all(tok in low for tok in term.split() if not tok.startswith("<"))


def test_flag_names_the_model_and_its_terms(monkeypatch):
    text = fixture("clean_article.txt")
    monkeypatch.setattr(assessment, "mt_probability", lambda t: 0.9)
    res = assessment.assess(text)
    flags = [f for f in res.flags if f.name == "machine_translated"]
    assert len(flags) == 1
    assert flags[0].rule == assessment.MT_FLAG_RULE
    assert flags[0].value == res.machine_translated >= 0.9
    assert "model p=0.90" in flags[0].text
    monkeypatch.setattr(assessment, "mt_probability", lambda t: 0.1)
    res = assessment.assess(text)
    assert not [f for f in res.flags if f.name == "machine_translated"]


def test_not_assessed_writes_no_model_score():
    res = assessment.assess("Too short to judge.")
    assert "mt_model" not in res.scores
    assert 0.0 <= res.machine_translated <= 1.0


def test_sentence_model():
    assert load_model(SENTENCE_MODEL_FILE) is not None
    p = sentence_machine_translated("The council voted on Tuesday to build new bicycle lanes.")
    assert p is not None and 0.0 < p < 1.0
    assert sentence_machine_translated("  ") is None
