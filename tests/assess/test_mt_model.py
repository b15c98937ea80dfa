import numpy as np

from newssift.assess import assessment
from newssift.assess.mt_features import (
    CHAR_N,
    STAT_NAMES,
    char_bytes,
    char_code_of,
    char_codes,
    char_gram,
    char_term,
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
    MIN_WORDS,
    SENTENCE_MODEL_FILE,
    DocModel,
    assessable,
    explain,
    load_model,
    machine_translated,
    sentence_machine_translated,
)
from tests.assess.fixtures import fixture
from tests.assess.mt_helpers import tiny_model


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
    # under MIN_WORDS (180) words: not assessed, at it: judged
    assert assessable(" ".join(["word"] * (MIN_WORDS - 1))) == (False, "too_short")
    assert assessable(" ".join(["word"] * MIN_WORDS)) == (True, "")
    assert machine_translated(None) is None  # type: ignore[arg-type]
    # no sentence punctuation at all: still judged
    flat = " ".join(["the council voted to build new lanes for bicycles"] * 25)
    p = machine_translated(flat)
    assert p is not None and 0.0 <= p <= 1.0
    # 200,000 words: judged on the first MAX_WORDS words
    words = (fixture("clean_article.txt").split() * 1000)[:200_000]
    huge = " ".join(words)
    assert machine_translated(huge) == machine_translated(" ".join(words[:MAX_WORDS]))
    # mostly another script: not assessed; English with a few foreign words: judged
    cjk = " ".join(["東京都の新しい自転車道の計画について議会が投票した"] * 200 + ["the", "plan"])
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
        if term.startswith("chars '"):
            assert term[len("chars '") : -1] in " " + " ".join(low.split()) + " "
            continue
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


def test_character_ngrams_codes_round_trip_and_ignore_typography():
    flat = flatten("It\u2019s  the \u201cnew\u201d\nplan \u2013 caf\u00e9")
    assert char_bytes(flat) == ' it\'s the "new" plan - caf\u00e9 '.encode()
    codes = char_codes(flat)
    b = char_bytes(flat)
    expect = [b[i : i + n] for n in CHAR_N for i in range(len(b) - n + 1)]
    assert [char_gram(int(c)) for c in codes] == expect
    assert all(char_code_of(g) == int(c) for g, c in zip(expect, codes, strict=True))
    assert char_term(char_code_of(b"the")) == "c the"
    # lengths never collide: a 2-gram and a 3-gram starting with a zero byte differ
    assert char_code_of(b"ab") != char_code_of(b"\x00ab")
    assert char_codes("").size == 1  # the two padding spaces: one 2-gram
    assert np.array_equal(codes, char_codes(flatten('It\'s the "new" plan - caf\u00e9')))


def test_character_family_integer_lookup_equals_string_lookup(tmp_path):
    grams = [b"th", b"the", b" the", b"e ", b"caf", "\u00e9".encode(), b"xq"]
    terms = ["w the", "w the plan", "s <C> <w>"] + [char_term(char_code_of(g)) for g in grams]
    model = tiny_model(tmp_path / "m.npz", ("words", "skeleton", "chars"), terms)
    for text in ["The plan of the caf\u00e9 \u2013 the end.", "", "xq xq", "th"]:
        a_ids, a_c = model.contributions(text)
        b_ids, b_c = model.contributions_by_string(text)
        oa, ob = np.argsort(a_ids), np.argsort(b_ids)
        assert np.array_equal(a_ids[oa], b_ids[ob])
        assert np.allclose(a_c[oa], b_c[ob])
    ids, _ = model.contributions("the theme")
    named = {model.terms[int(i)] for i in ids}
    assert {"c th", "c the", "c  the", "c e "} <= named and "c xq" not in named


def test_assessable_fast_path_agrees_with_the_token_count():
    assert assessable(" ".join(["--"] * 200)) == (False, "not_latin")
    assert assessable(" ".join(["caf\u00e9 na\u00efve r\u00e9sum\u00e9"] * 70)) == (True, "")
    greek = " ".join(
        ["\u03b7 \u03b2\u03bf\u03c5\u03bb\u03ae \u03c8\u03ae\u03c6\u03b9\u03c3\u03b5"] * 70
    )
    assert assessable(greek) == (False, "not_latin")
    assert assessable(greek + " the plan" * 5)[0] is False  # 10 Latin words of 220: still not
