"""The web model's training labels (train/train_lines.py): prose is clean, languages weigh alike."""

from __future__ import annotations

import json

import numpy as np

from newssift.clean.features import N_HASH, hashed_doc
from train.train_lines import (
    LIST_OWN_FROM,
    NEWS_OWN_DOCS,
    OWN,
    OWN_CHOICES,
    bucket_scales,
    featurise,
    floored_best,
    heldout_own,
    lang_weights,
    own_docs,
    own_langs,
    relabel_prose,
    word_buckets,
)

COMMENT = "I have lived on this street for twenty years and the new bus lane has made it quieter."


def test_prose_noise_becomes_clean_and_chrome_stays_noise():
    docs = [(["Share on Facebook", COMMENT, "Most read"], [1, 1, 1])]
    assert relabel_prose(docs) == 1
    assert docs[0][1] == [1, 0, 1]


def test_every_language_weighs_the_same_and_weights_average_one():
    langs = ["en", "en", "en", "de"]
    sizes = [10, 10, 10, 5]
    w = lang_weights(langs, sizes)
    per_lang = {"en": sum(w[i] * sizes[i] for i in range(3)), "de": w[3] * sizes[3]}
    assert abs(per_lang["en"] - per_lang["de"]) < 1e-9
    assert abs(sum(wi * n for wi, n in zip(w, sizes, strict=True)) - sum(sizes)) < 1e-9


def test_own_pages_carry_a_language_and_each_model_reads_its_own_set():
    pages = json.loads(OWN.read_text(encoding="utf-8"))
    assert all(p["lang"] in {"en", "de", "fr", "es", "fi", "sv", "it", "nl"} for p in pages)
    assert len(pages) > LIST_OWN_FROM > NEWS_OWN_DOCS
    first, skip = OWN_CHOICES["v4"]
    assert len(own_docs(first=first, skip=skip)) == NEWS_OWN_DOCS
    # session 9's candidate: v4's 48 and the list-like pages, not the web-only ones
    first, skip = OWN_CHOICES["lists"]
    v5 = own_docs(first=first, skip=skip)
    assert len(v5) == len(pages) - (LIST_OWN_FROM - NEWS_OWN_DOCS)
    assert v5[:NEWS_OWN_DOCS] == own_docs(first=NEWS_OWN_DOCS)
    assert v5[NEWS_OWN_DOCS:] == own_docs()[LIST_OWN_FROM:]
    assert own_langs(first=first, skip=skip)[NEWS_OWN_DOCS:].count("de") >= 10
    # the web recipe of sessions 6-8 read the pages before the list-like ones
    first, skip = OWN_CHOICES["pre-lists"]
    assert own_docs(first=first, skip=skip) == own_docs()[:LIST_OWN_FROM]
    for split in ("train", "tune"):
        assert len(own_langs(split=split)) == len(own_docs(split=split))
    # German and French weigh as much as English in the web model's own pages
    langs = [p["lang"] for p in pages]
    assert langs.count("de") >= 20 and langs.count("fr") >= 15


def test_own_pages_are_one_per_site_and_hold_both_kinds_of_line():
    # one page per site, so a site's split (train or held-out tune) holds the whole page
    pages = json.loads(OWN.read_text(encoding="utf-8"))
    assert len({p["site"] for p in pages}) == len(pages) >= 114
    for p in pages:
        assert {lab for lab, _ in p["lines"]} == {0, 1}, p["site"]
    # some German and French pages are held out, so web candidates are chosen on them too
    held = own_langs(split="tune")
    assert held.count("de") >= 5 and held.count("fr") >= 3


def test_held_out_own_pages_are_every_page_the_model_does_not_train_on():
    # v4's recipe trains on the train split of the first 48 pages: every other page is held out
    first, skip = OWN_CHOICES["v4"]
    held, langs = heldout_own(first, skip)
    trained = own_docs(split="train", first=first, skip=skip)
    assert len(held) + len(trained) == len(own_docs())
    assert not any(d in trained for d in held)
    assert held[-1] == own_docs()[-1] and len(langs) == len(held)
    assert own_docs(split="tune", first=first)[0] in held
    # a model that reads every page holds out only the tune split
    first, skip = OWN_CHOICES["all"]
    held, _ = heldout_own(first, skip)
    assert held == own_docs(split="tune")


def test_word_buckets_are_the_words_and_only_they_get_the_word_scale():
    # one word repeated on many lines: its unigram bucket is a word bucket; its line's other
    # features (length bucket, first/last token) are shared by fewer kinds of line
    docs = [([f"Kontakt {k}" for k in range(5)] + ["Impressum"], [1] * 6)]
    h, *_ = featurise(docs, [0])
    words = word_buckets(docs, h)
    uni = hashed_doc(["kontakt"])[0]  # the one-token line: its unigram, first, last, length
    kontakt_uni = [i for i in uni if words[i]]
    assert len(kontakt_uni) == 1  # the unigram, not first/last/length
    assert words.sum() < np.count_nonzero(np.asarray(h.sum(axis=0)).ravel())
    cs = bucket_scales(words, 1.0, 0.25)
    assert cs[kontakt_uni[0]] == 0.25 and (cs[~words] == 1.0).all()
    assert (bucket_scales(None, 0.5, None) == 0.5).all() and len(cs) == N_HASH


def test_the_floored_threshold_keeps_the_tune_sites():
    scores = {0.5: 0.80, 0.6: 0.85, 0.7: 0.90}
    sites = {0.5: 0.93, 0.6: 0.932, 0.7: 0.92}
    assert floored_best(scores, sites, None) == 0.7
    assert floored_best(scores, sites, 0.931) == 0.6
    assert floored_best(scores, sites, 0.95) is None


# ---- session 13: the per-document calibration (train_lines --calibrate; training side only)


def test_doc_inputs_are_the_line_and_its_documents_log_odds():
    from train.train_lines import doc_inputs

    x = doc_inputs(np.array([0.5, 0.8, 0.2]))
    z = np.log(4.0)  # log-odds of 0.8; of 0.2 it is -z, of 0.5 zero
    assert np.allclose(x[:, 0], [0.0, z, -z])
    assert np.allclose(x[:, 1], 0.0)  # the mean of 0, z, -z
    assert np.allclose(x[:, 2], np.sqrt(2 * z * z / 3))
    # scores of 0 and 1 are clipped, so their log-odds stay finite
    assert np.isfinite(doc_inputs(np.array([0.0, 1.0]))).all()
    assert doc_inputs(np.zeros(0)).shape == (0, 3)


#: Only the document's mean counts, negatively: the same score is noisier on a clean page.
MEAN_ONLY = {
    "inputs": ["logit", "doc_mean_logit", "doc_std_logit"],
    "mean": [0.0, 0.0, 0.0],
    "scale": [1.0, 1.0, 1.0],
    "w": [1.0, -1.0, 0.0],
    "b": 0.0,
}


def test_calibration_moves_with_the_document():
    from train.train_lines import calibrated

    clean_page = calibrated(MEAN_ONLY, {0: 0.6, 1: 0.1, 2: 0.1, 3: 0.1})
    noisy_page = calibrated(MEAN_ONLY, {0: 0.6, 1: 0.9, 2: 0.9, 3: 0.9})
    assert clean_page[0] > 0.5 > noisy_page[0]
    # by hand: logit(0.6) - mean(logits), rounded as the cleaner rounds a score
    z = np.log(0.6 / 0.4) - np.mean(np.log([1.5, 1 / 9, 1 / 9, 1 / 9]))
    assert clean_page[0] == round(1 / (1 + np.exp(-z)), 4)
    # the lines keep their indices, whatever order the dict came in
    assert list(calibrated(MEAN_ONLY, {7: 0.2, 3: 0.9})) == [3, 7]
    assert calibrated(MEAN_ONLY, {}) == {}


def test_doc_inputs_by_name_include_the_documents_high_share_and_ruled_share():
    from train.train_lines import calibrated, doc_inputs

    p = np.array([0.9, 0.6, 0.2, 0.1])
    x = doc_inputs(p, ("logit", "doc_share_high", "doc_ruled_share"), 0.25)
    assert np.allclose(x[:, 0], np.log(p / (1 - p)))
    assert np.allclose(x[:, 1], 0.5)  # two of four judged lines score 0.5 or more
    assert np.allclose(x[:, 2], 0.25)
    # the order is the one named; C's default is its three inputs
    y = doc_inputs(p, ("doc_ruled_share", "logit"), 0.25)
    assert np.allclose(y, x[:, [2, 0]])
    assert np.allclose(doc_inputs(p), doc_inputs(p, ("logit", "doc_mean_logit", "doc_std_logit")))
    # a calibration reading the ruled share moves with it (a page the rules stripped hard)
    cal = {**MEAN_ONLY, "inputs": ["logit", "doc_ruled_share"], "mean": [0.0, 0.0]}
    cal.update(scale=[1.0, 1.0], w=[1.0, 2.0])
    assert calibrated(cal, {0: 0.4}, 0.5)[0] > 0.5 > calibrated(cal, {0: 0.4}, 0.0)[0]


def test_a_balanced_fit_weighs_noise_and_clean_lines_the_same():
    from train.train_lines import fit_calibration

    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 1))
    y = (x[:, 0] + rng.normal(size=400) > -1.0).astype(int)  # mostly noise
    w = np.ones(400)
    plain = fit_calibration(x, y, w, ("logit",))
    bal = fit_calibration(x, y, w, ("logit",), balanced=True)
    assert bal["fit"] == "balanced" and "fit" not in plain
    # with noise the majority, a balanced fit moves the intercept towards clean
    assert bal["b"] < plain["b"]


def test_the_pre_screen_asks_own_up_and_the_tune_sites_not_down():
    from train.train_lines import pre_screen

    fig = {
        "own_heldout": [0.84, 0.86],
        "tune_sites": [0.92, 0.92],
        "tune_sites_balanced": [0.91, 0.91],
    }
    assert pre_screen(fig)
    assert not pre_screen({**fig, "own_heldout": [0.84, 0.84]})
    assert not pre_screen({**fig, "tune_sites": [0.92, 0.919]})
    assert not pre_screen({**fig, "tune_sites_balanced": [0.91, 0.909]})


def test_web_calls_apply_the_calibration_a_web_model_file_carries(model_arrays, tmp_path):
    from newssift.clean import model as line_model
    from train.train_lines import calibrated, loaded_calibration, web_calls

    docs = [(["Home | News | Sport", COMMENT, "Share on Facebook", "Most read"], [1, 0, 1, 1])]
    plain = dict(model_arrays)
    plain["meta"] = np.array(json.dumps({"web_threshold": 0.5}))
    with_cal = dict(model_arrays)
    with_cal["meta"] = np.array(json.dumps({"web_threshold": 0.5, "doc_calibration": MEAN_ONLY}))
    other = dict(model_arrays)
    other["meta"] = np.array(json.dumps({"doc_calibration": {**MEAN_ONLY, "inputs": ["logit"]}}))
    for name, arrays in (("plain.npz", plain), ("cal.npz", with_cal), ("other.npz", other)):
        np.savez(tmp_path / name, **arrays)
    saved = line_model.WEB_MODEL_DIR, line_model.WEB_MODEL_FILE
    try:
        line_model.WEB_MODEL_DIR = tmp_path
        line_model.WEB_MODEL_FILE = "plain.npz"
        line_model.clear_cache()
        assert loaded_calibration() is None
        ((labels, ruled, scored),) = web_calls(docs)
        assert scored  # the model judged some lines
        line_model.WEB_MODEL_FILE = "cal.npz"
        line_model.clear_cache()
        assert loaded_calibration() == MEAN_ONLY
        ((labels2, ruled2, scored2),) = web_calls(docs)
        # the rules' calls do not move; the judged lines get the calibrated scores of the
        # plain file's scores (the package itself runs the arrays and ignores the calibration)
        assert (labels2, ruled2) == (labels, ruled)
        assert scored2 == calibrated(MEAN_ONLY, scored)
        assert scored2 != scored
        line_model.WEB_MODEL_FILE = "other.npz"
        line_model.clear_cache()
        try:
            web_calls(docs)
        except ValueError:
            pass
        else:
            raise AssertionError("a calibration over other inputs was applied")
    finally:
        line_model.WEB_MODEL_DIR, line_model.WEB_MODEL_FILE = saved
        line_model.clear_cache()


def test_line_accuracy_counts_ruled_and_judged_lines():
    from train.train_lines import line_accuracy

    # doc 0: line 0 ruled (noise: right), line 1 judged 0.7 (noise: right at 0.5), line 2 judged
    # 0.6 (clean: wrong at 0.5, right at 0.65), line 3 unlabelled; doc 1: one clean line never
    # judged (kept: right)
    calls = [([1, 1, 0, None], {0}, {1: 0.7, 2: 0.6}), ([0], set(), {})]
    probs = {(0, 1): 0.7, (0, 2): 0.6}
    assert line_accuracy(calls, probs, 0.5) == 0.75
    assert line_accuracy(calls, probs, 0.65) == 1.0
    assert line_accuracy(calls, probs, 0.5, only={1}) == 1.0
