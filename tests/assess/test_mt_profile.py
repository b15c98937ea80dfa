"""The MT model's hashed term lookup, its stored lookup arrays and the dense style profile."""

import numpy as np

from newssift.assess.mt_features import (
    PROFILE_NAMES,
    PROFILE_WORDS,
    char_code_of,
    char_term,
    flatten,
    profile,
    raw_tokens,
)
from newssift.assess.mt_model import (
    CodeTable,
    lookup_arrays,
)
from tests.assess.fixtures import fixture
from tests.assess.mt_helpers import tiny_model


def _prof(text: str, common=frozenset()) -> dict[str, float]:
    return dict(zip(PROFILE_NAMES, profile(raw_tokens(flatten(text)), common), strict=True))


def test_code_table_finds_every_key_and_nothing_else():
    rng = np.random.default_rng(1)
    keys = np.unique(rng.integers(0, 2**42, 5000))
    vals = rng.permutation(len(keys))
    table = CodeTable(keys, vals)
    assert np.array_equal(table.get(keys), vals)
    absent = np.setdiff1d(rng.integers(0, 2**42, 5000), keys)
    assert (table.get(absent) == -1).all()
    q = np.concatenate([keys[:10], absent[:10], keys[:10]])
    assert np.array_equal(table.get(q)[:10], vals[:10])
    assert np.array_equal(table.get(q)[20:], vals[:10])
    assert (
        CodeTable(np.zeros(0, np.int64), np.zeros(0, np.int64)).get(keys[:3]).tolist() == [-1] * 3
    )


TERMS = ["w the", "w the plan", "w plan", "s <C> <w>", "s the <w> of <C>", "s ."] + [
    char_term(char_code_of(g)) for g in (b"th", b"the", b" the", b"e ", "\u00e9".encode())
]
FAMILIES = ("words", "skeleton", "chars")
TEXTS = ["The plan of the caf\u00e9 \u2013 the end.", "", "x", "the plan the plan. The plan"]


def test_stored_lookup_arrays_score_like_the_term_names(tmp_path):
    a = tiny_model(tmp_path / "a.npz", FAMILIES, TERMS, stored=False)
    b = tiny_model(tmp_path / "b.npz", FAMILIES, TERMS, stored=True)
    assert vars(b).get("_terms") is None  # term names not read at load
    vocabs, keys, _rows = lookup_arrays(FAMILIES, TERMS, b.family)
    assert len(np.unique(keys)) == len(TERMS)  # no two terms share a key
    assert set(vocabs) == {"words", "skeleton"} and "plan" in vocabs["words"].tolist()
    for text in TEXTS:
        ai, ac = a.contributions(text)
        bi, bc = b.contributions(text)
        ri, rc = b.contributions_by_string(text)
        assert np.array_equal(ai, bi) and np.allclose(ac, bc)
        assert np.array_equal(np.sort(bi), np.sort(ri))
        assert np.allclose(bc[np.argsort(bi)], rc[np.argsort(ri)])
        assert a.decision(text) == b.decision(text)
    assert "w the plan" in b.terms  # ... but there when asked


def test_profile_weights_add_to_the_score_and_are_named(tmp_path):
    plain = tiny_model(tmp_path / "p.npz", FAMILIES, TERMS, stored=True)
    prof = tiny_model(tmp_path / "q.npz", FAMILIES, TERMS, stored=True, with_profile=True)
    text = fixture("clean_article.txt")
    mean, scale, w = prof.profile
    expect = plain.decision(text) + float(
        ((profile(raw_tokens(flatten(text)), prof.common) - mean) / scale * w).sum()
    )
    assert np.isclose(prof.decision(text), expect)
    assert prof.common == {"the", "plan"}
    labels = [name for name, _ in prof.explain(text, k=40)]
    assert any(lab.startswith("style ") for lab in labels)
    assert all(
        lab.removeprefix("style ") in PROFILE_NAMES for lab in labels if lab.startswith("style ")
    )


def test_profile_bad_input_gives_finite_rates():
    n = len(PROFILE_NAMES)
    for text in ["", "word", "?!", " ".join(["the council voted for bicycles"] * 40)]:
        v = profile(raw_tokens(flatten(text)), frozenset({"the"}))
        assert v.shape == (n,) and np.isfinite(v).all()
    assert not profile([]).any()
    mixed = "Der Rat hat heute gestimmt. 東京都の議会が投票した。 The council voted."
    assert np.isfinite(profile(raw_tokens(flatten(mixed)))).all()
    huge = " ".join((fixture("clean_article.txt").split() * 400)[:200_000])
    assert np.isfinite(profile(raw_tokens(flatten(huge)))).all()


def test_profile_is_a_set_of_rates_not_counts():
    text = fixture("clean_article.txt")
    one, two = _prof(text), _prof(text + " " + text)
    for w in PROFILE_WORDS:  # function-word rates do not change when the text is doubled
        assert np.isclose(one[f"fw {w}"], two[f"fw {w}"])
    assert np.isclose(one["per_sentence ,"], two["per_sentence ,"], rtol=0.05)
    assert 0.0 < one["window_ttr"] <= 1.0


def test_profile_reads_sentences_punctuation_and_rare_words():
    p = _prof(
        "The plan is good. It is, in fact, very good. Zorblax flimflams.",
        {"the", "plan", "is", "good", "it", "in", "fact", "very"},
    )
    assert np.isclose(p["sentence_len_mean"] * 25.0, 12 / 3)  # 4, 6 and 2 words
    assert np.isclose(p["per_sentence ,"], 2 / 3)
    assert np.isclose(p["rare_word_rate"], 2 / 12)  # zorblax, flimflams
    assert np.isclose(p["sentence_start_function_share"], 2 / 3)  # the, it (not zorblax)
    assert _prof("no sentence end at all here")["sentence_len_mean"] * 25.0 == 6
    assert _prof("word")["rare_word_rate"] == 0.0  # no frequency list: not measured


def test_trainer_rare_word_rate_equals_the_runtime_one():
    from newssift.assess.mt_features import model_text
    from train.train_mt import COMMON_N, TEXT_FORM, Featurized

    texts = [
        fixture("clean_article.txt"),
        fixture("farm_copy.txt"),
        "The plan: 3 new lanes, \u201cquick\u201d.",
    ]
    feats = Featurized(texts)
    rows = np.arange(len(texts))
    common_idx = feats.common_words(rows)
    assert len(common_idx) <= COMMON_N
    words = {str(t)[2:] for t in feats.terms["words"][feats.alpha_cols[common_idx]]}
    # a small list: keep only some words so the rate is not zero
    keep = sorted(words)[: len(words) // 2]
    idx = np.array(
        [i for i in common_idx if str(feats.terms["words"][feats.alpha_cols[i]])[2:] in keep]
    )
    rates = feats.profile_matrix(idx)[:, -1]
    for t, r in zip(texts, rates, strict=True):
        # the runtime reads the text in the trainer's text form (the model file names it)
        toks = raw_tokens(model_text(t, TEXT_FORM))
        assert np.isclose(profile(toks, frozenset(keep))[-1], r)


def test_terms_not_grouped_by_family_score_the_same(tmp_path):
    # the runtime finds a term's family from its row when rows are grouped (as the trainer
    # writes them); a file whose rows are mixed must give the same scores by the slow path
    mixed = [TERMS[i] for i in (6, 0, 3, 7, 1, 4, 8, 2, 5, 9, 10)]
    a = tiny_model(tmp_path / "g.npz", FAMILIES, TERMS, stored=True)
    b = tiny_model(tmp_path / "m.npz", FAMILIES, mixed, stored=True)
    assert a._fam_end is not None and b._fam_end is None
    for text in TEXTS:
        bi, bc = b.contributions(text)
        ri, rc = b.contributions_by_string(text)
        assert np.array_equal(np.sort(bi), np.sort(ri))
        assert np.allclose(bc[np.argsort(bi)], rc[np.argsort(ri)])
