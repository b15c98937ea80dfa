"""Session 6's training choices: windows cut from long documents, length-aware calibration."""

import math

import numpy as np

from newssift.assess.mt_model import doc_length
from tests.assess.mt_helpers import tiny_model
from tests.assess.test_mt_profile import FAMILIES, TERMS


def _text(n_sentences: int, words: int = 10) -> str:
    return " ".join(
        "Word " + " ".join(f"w{i}x{j}" for j in range(words - 1)) + "." for i in range(n_sentences)
    )


def test_windows_are_sentence_aligned_pieces_of_long_documents():
    from train.train_mt import Doc, cut_windows, with_windows

    text = _text(70)  # 700 words in 10-word sentences
    pieces = cut_windows(text, 300)
    assert [len(p.split()) for p in pieces] == [300, 400]  # the 100-word rest joins the last
    assert " ".join(pieces) == text and all(p.endswith(".") for p in pieces)
    assert cut_windows(_text(40), 300) == []  # 400 words: one piece, no windows
    assert [len(p.split()) for p in cut_windows(_text(46), 300)] == [300, 160]
    docs = [
        Doc(text, 1, 16, "deepl", "de"),
        Doc(_text(10), 0, 16, "human", "de"),
        Doc(text, 0, -1, "human", "web", "example.org"),
    ]
    out = with_windows(docs)
    assert out[:3] == docs
    extra = out[3:]
    assert len(extra) == 2 and {d.parent for d in extra} == {0}  # web pages are not cut
    assert all((d.mt, d.year, d.system) == (1, 16, "deepl") for d in extra)


def test_calibration_with_a_length_term_moves_the_threshold_with_length():
    from train.train_mt import calibrate

    rng = np.random.default_rng(0)
    n = 2000
    y = rng.integers(0, 2, n)
    length = rng.uniform(4.5, 7.5, n)
    # raw scores of long documents run higher whatever their class
    dec = 2.0 * (y - 0.5) + rng.normal(0, 1, n) + 1.5 * (length - 6)
    web = np.zeros(n, dtype=bool)
    (a, b), _ = calibrate(dec, y, web)
    (a3, b3, c3), shift = calibrate(dec, y, web, length)
    assert shift == 0.0 and c3 < 0  # longer: a higher raw score needed

    def acc(z):
        return 0.5 * ((z[y == 1] > 0).mean() + (z[y == 0] <= 0).mean())

    assert acc(a3 * dec + b3 + c3 * length) > acc(a * dec + b) + 0.05
    # native-English pages: the intercept is lowered until at most 1% reach 0.5
    web[:200], y[:200] = True, 0
    (a3, b3, c3), shift = calibrate(dec, y, web, length)
    z = a3 * dec + b3 + c3 * length
    assert shift > 0 and (z[web] > 0).mean() <= 0.01


def test_runtime_adds_the_length_term_of_a_three_value_calibration(tmp_path):
    model = tiny_model(tmp_path / "m.npz", FAMILIES, TERMS, stored=True)
    text = "The plan of the caf\u00e9 \u2013 the end. " * 9
    d = model.decision(text)
    model.platt = (1.5, -0.2)
    p2 = model.probability(text)
    assert math.isclose(p2, 1 / (1 + math.exp(-(1.5 * d - 0.2))))
    model.platt = (1.5, -0.2, -0.3)
    z = 1.5 * d - 0.2 - 0.3 * doc_length(text)
    assert math.isclose(model.probability(text), 1 / (1 + math.exp(-z)))
    assert doc_length(text) == math.log1p(len(text.split())) and doc_length("") == 0.0


def test_web_pages_are_not_cut_and_windows_weigh_at_the_window_weight(monkeypatch):
    import train.train_mt as T

    docs = [
        T.Doc(_text(70), 1, 16, "deepl", "de"),
        T.Doc(_text(70).replace("Word", "Other"), 0, 16, "human", "de"),
        T.Doc(_text(70), 0, -1, "human", "web", "example.org"),
    ]
    out = T.with_windows(docs)
    assert len(out) == 3 + 4 and {d.parent for d in out[3:]} == {0, 1}
    seen = {}

    class Recording(T.LogisticRegression):
        def fit(self, x, y, sample_weight=None):
            seen["weight"] = np.asarray(sample_weight)
            return super().fit(x, y, sample_weight=sample_weight)

    monkeypatch.setattr(T, "LogisticRegression", Recording)
    feats = T.Featurized([d.text for d in out])
    y = np.array([d.mt for d in out])
    web = np.array([d.year < 0 for d in out])
    rows, windows = np.arange(3), np.arange(3, len(out))
    T.DocModelV2(("words",), 1.0, web_weight=4.0, window_weight=0.5).fit(
        feats, rows, y, web, windows
    )
    assert seen["weight"].tolist() == [1, 1, 4] + [0.5] * 4


def test_near_copy_pairing_auc_and_best_threshold():
    from bench.mt import auc, best_threshold_bacc, closest_mt

    human = ["the cat sat on the mat today", "a storm hit the coast on monday night"]
    mt = ["a storm hit the coast monday night", "the cat sat on a mat today", "other words"]
    idx, sim = closest_mt(human, mt)
    assert idx.tolist() == [1, 0]
    # "the cat sat on the mat today" vs "the cat sat on a mat today": 4 bigrams shared of 8
    assert sim[0] == 0.5 and 0 < sim[1] < 1
    y = np.array([0, 0, 1, 1])
    assert auc(np.array([0.1, 0.4, 0.35, 0.8]), y) == 0.75
    assert auc(np.array([0.5, 0.5, 0.5, 0.5]), y) == 0.5
    # at 0.5 only one MT document is caught; a threshold at 0.35 gets 3 of 4 right
    p = np.array([0.1, 0.4, 0.35, 0.8])
    assert best_threshold_bacc(p, y) == 0.75


def test_prefixes_are_sentence_aligned_openings_of_every_document():
    import train.train_mt as T

    docs = [
        T.Doc(_text(70), 1, 16, "deepl", "de"),
        T.Doc(_text(3), 0, 16, "human", "de"),  # 30 words: no prefix under 0.8 of it
        T.Doc(_text(70).replace("Word", "Page"), 0, -1, "human", "web", "example.org"),
    ]
    out = T.with_prefixes(T.with_windows(docs))
    n_win = len(T.with_windows(docs)) - 3
    pre = out[3 + n_win :]
    assert out[: 3 + n_win] == T.with_windows(docs)  # windows are not cut again
    assert [d.parent for d in pre] == [0, 2] and {d.kind for d in pre} == {"prefix"}
    lo, hi = T.PREFIX_WORDS
    for d in pre:
        parent = out[d.parent]
        k = T.prefix_words(parent.text)
        assert lo <= k <= hi and parent.text.startswith(d.text) and d.text.endswith(".")
        n = len(d.text.split())
        assert k <= n < k + 10  # up to the first sentence (10 words) reaching k
        same = (parent.mt, parent.year, parent.system, parent.site)
        assert (d.mt, d.year, d.system, d.site) == same
    # the length is drawn from the text, so a rerun gives the same rows
    assert [d.text for d in T.with_prefixes(docs)[3:]] == [d.text for d in pre]


def test_the_alarm_rule_counts_the_extra_native_english_texts():
    from train.train_mt import WEB_ALARM, calibrate

    rng = np.random.default_rng(1)
    n = 1000
    y = rng.integers(0, 2, n)
    dec = 2.0 * (y - 0.5) + rng.normal(0, 1, n)
    web = np.zeros(n, dtype=bool)
    web[:200], y[:200] = True, 0
    dec[:200] -= 3.0  # whole pages: low scores, no shift needed
    (a, b), shift = calibrate(dec, y, web)
    assert shift == 0.0
    short = rng.normal(1.0, 1.0, 300)  # their openings score higher: the rule must hold there too
    (a2, b2), shift2 = calibrate(dec, y, web, alarm=(short, np.zeros(300)))
    assert a2 == a and math.isclose(b2 + shift2, b) and shift2 > 0
    z = np.concatenate([a2 * dec[web] + b2, a2 * short + b2])
    assert (z > 0).mean() <= WEB_ALARM


def test_calibration_fits_only_the_rows_it_is_given_and_keeps_the_web_cap():
    from train.train_mt import WEB_ALARM, calibrate

    rng = np.random.default_rng(1)
    n = 3000
    y = rng.integers(0, 2, n)
    de = np.arange(n) < 2000  # German originals; the rest: an easier side on another scale
    dec = np.where(de, 1.0 * (y - 0.5), 4.0 * (y - 0.5) + 4.0) + rng.normal(0, 1, n)
    web = np.zeros(n, dtype=bool)
    (a_all, b_all), _ = calibrate(dec, y, web)
    (a_de, b_de), shift = calibrate(dec, y, web, fit_rows=de)
    assert shift == 0.0
    # the fit reads only the given rows: changing the others changes nothing
    dec2 = dec.copy()
    dec2[~de] += 5.0
    assert calibrate(dec2, y, web, fit_rows=de)[0] == (a_de, b_de)
    assert calibrate(dec2, y, web)[0] != (a_all, b_all)

    def acc(z, m):
        return 0.5 * ((z[m & (y == 1)] > 0).mean() + (z[m & (y == 0)] <= 0).mean())

    # on the rows it was fitted on, the threshold is the better one
    assert acc(a_de * dec + b_de, de) > acc(a_all * dec + b_all, de) + 0.02
    # the web-alarm cap holds whichever rows the fit reads
    web[2000:2300], y[2000:2300] = True, 0
    dec[2000:2300] = rng.normal(0.5, 1, 300)
    (a, b), shift = calibrate(dec, y, web, fit_rows=de & ~web)
    assert shift > 0 and ((a * dec + b)[web] > 0).mean() <= WEB_ALARM


def test_the_trainer_calibrates_on_a_known_population():
    from train.train_mt import CALIBRATE_ON

    assert CALIBRATE_ON in ("de", "wmt")


def test_the_worst_year_threshold_lifts_the_weakest_year():
    from train.train_mt import worst_year_threshold

    rng = np.random.default_rng(3)
    # year 1: classes split at 0; year 2: the human side sits higher, split at 1
    y = np.tile([0, 1], 400)
    year = np.repeat([1, 2], 400)
    z = np.where(y == 1, 1.0, -1.0) + rng.normal(0, 0.5, 800)
    z[year == 2] += np.where(y[year == 2] == 1, 1.0, 2.0)

    def acc(t, yr):
        m = year == yr
        return 0.5 * ((z[m & (y == 1)] > t).mean() + (z[m & (y == 0)] <= t).mean())

    t = worst_year_threshold(z, y, year)
    assert min(acc(t, 1), acc(t, 2)) > min(acc(0.0, 1), acc(0.0, 2)) + 0.05
    assert t > 0
    # one year alone: its own best threshold, near 0 here
    t1 = worst_year_threshold(z[year == 1], y[year == 1], year[year == 1])
    assert abs(t1) < 0.3


def test_the_mean_year_threshold_follows_the_many_years_not_the_weakest():
    from train.train_mt import worst_year_threshold

    rng = np.random.default_rng(5)
    # years 1-3 split at 0; year 4's human side sits higher (split at 1.5)
    y = np.tile([0, 1], 800)
    year = np.repeat([1, 2, 3, 4], 400)
    z = np.where(y == 1, 1.0, -1.0) + rng.normal(0, 0.6, 1600)
    z[(year == 4) & (y == 0)] += 2.5
    z[(year == 4) & (y == 1)] += 1.0

    def accs(t):
        return np.array([
            0.5 * ((z[(year == k) & (y == 1)] > t).mean() + (z[(year == k) & (y == 0)] <= t).mean())
            for k in (1, 2, 3, 4)
        ])

    tw = worst_year_threshold(z, y, year)
    tm = worst_year_threshold(z, y, year, "mean")
    tmed = worst_year_threshold(z, y, year, "median")
    assert tw > tm + 0.3  # the worst-year rule moves towards year 4, the mean rule less
    assert accs(tm).mean() > accs(tw).mean() + 0.01
    assert accs(tw).min() > accs(tm).min() + 0.01
    assert abs(tmed) < abs(tw)  # the median follows the three alike years


def test_the_year_threshold_is_raised_by_the_web_cap_only():
    from train.train_mt import WEB_ALARM, calibrate

    rng = np.random.default_rng(4)
    n = 2000
    y = rng.integers(0, 2, n)
    year = np.where(np.arange(n) < 1700, 1, 2)  # a small year that scores lower
    dec = 2.0 * (y - 0.5) + rng.normal(0, 1, n) - 1.5 * (year == 2)
    web = np.zeros(n, dtype=bool)
    _, shift = calibrate(dec, y, web, year=year)
    assert shift < 0  # the pooled fit follows year 1; the threshold moves down for year 2
    web[:200], y[:200] = True, 0
    dec[:200] = rng.normal(1.5, 1.0, 200)
    (a2, b2), shift2 = calibrate(dec, y, web, fit_rows=~web, year=year)
    assert shift2 > 0 and ((a2 * dec + b2)[web] > 0).mean() <= WEB_ALARM


def test_leave_one_year_out_inner_folds_hold_out_one_year_and_one_site_bucket():
    import train.train_mt as T

    docs = [T.Doc("x", i % 2, yr, "human", "de") for yr in (8, 9, 10) for i in range(4)]
    docs += [T.Doc("x", 0, -1, "human", "web", f"site{i}.com") for i in range(30)]
    rows = np.arange(len(docs))
    old = T.INNER_CV
    try:
        T.INNER_CV = "loyo"
        folds = T.inner_folds(docs, rows)
    finally:
        T.INNER_CV = old
    assert len(folds) == 3
    seen = np.concatenate([te for _, te in folds])
    assert sorted(seen) == list(rows)  # every row held out once
    for k, (tr, te) in enumerate(folds):
        assert {docs[i].year for i in te if docs[i].year >= 0} == {(8, 9, 10)[k]}
        assert not set(tr) & set(te)
        sites = {docs[i].site for i in te if docs[i].year < 0}
        assert all(T.site_half_bucket(s, 3) == k for s in sites)
