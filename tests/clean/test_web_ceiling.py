"""bench/line_ceiling.py: the threshold search and the document-resampled interval, by hand."""

import numpy as np

from bench.intervals import doc_bootstrap
from bench.line_ceiling import accuracy, best_threshold, ceiling, doc_arrays

# doc A: two noise lines scored 0.8 and 0.6, one clean line 0.3 -> right at any t in (0.3, 0.6]
A = doc_arrays([1, 1, 0], set(), {0: 0.8, 1: 0.6, 2: 0.3})
# doc B: the clean line scores above the noise one -> never fully right; best is t > 0.9 (keep
# both: 1 of 2) or t <= 0.2 (remove both: 1 of 2); plus a ruled clean line (always wrong) and an
# unlabelled line (left out)
B = doc_arrays([0, 1, 0, None], {2}, {0: 0.9, 1: 0.2})


def test_doc_arrays_drops_unlabelled_and_marks_ruled():
    y, s, r = B
    assert y.tolist() == [False, True, False]
    assert s.tolist() == [0.9, 0.2, -1.0]
    assert r.tolist() == [False, False, True]


def test_best_threshold_is_the_lowest_of_the_best():
    assert best_threshold([A]) == 0.325  # first grid step above 0.3
    assert best_threshold([A], (0.1, 0.5, 0.7)) == 0.5
    # together: at 0.2 A 2/3 + B 1/3 (line 1 removed rightly), at 0.325 A 3/3 + B 0/3, at 0.95
    # A 1/3 + B 1/3: a tie of 3 lines goes to the lowest threshold
    assert best_threshold([A, B], (0.2, 0.325, 0.95)) == 0.2
    assert best_threshold([A, B], (0.325, 0.2, 0.95)) == 0.325  # "lowest" = first in the grid
    assert best_threshold([A, B], (0.95, 0.5)) == 0.5  # A 3/3 at 0.5, B 0/3: 3 beats 2


def test_ceiling_rows():
    row = ceiling([A, B], 0.5, ["en", "de"])
    assert row["lines"] == 6 and row["docs"] == 2
    assert row["at_stored_0.5"] == accuracy([A, B], [0.5, 0.5]) == round(3 / 6, 4)
    # per document: A 3/3, B 1/3 (its ruled clean line stays wrong)
    assert row["best_per_doc"] == round(4 / 6, 4)
    assert row["best_per_language"] == row["best_per_doc"]  # one document per language
    assert row["ruled_but_clean"] == 1 and row["perfect_model"] == round(5 / 6, 4)
    assert row["rules_only"] == round(2 / 6, 4)  # A: the clean line; B: line 0


def test_doc_bootstrap_resamples_documents():
    # one document all right, one all wrong, equal sizes: resampled accuracy is k/2 of the draws
    ok = np.array([1, 1, 1, 0, 0, 0], dtype=bool)
    lo, hi = doc_bootstrap(ok, [3, 3], n=2000)
    assert lo == 0.0 and hi == 1.0
    # every document equally good -> no spread at all
    assert doc_bootstrap(np.array([1, 0, 1, 0]), [2, 2]) == [0.5, 0.5]
    # deterministic (fixed seed)
    big = np.arange(40) % 3 == 0
    assert doc_bootstrap(big, [4] * 10) == doc_bootstrap(big, [4] * 10)
    lo, hi = doc_bootstrap(big, [4] * 10)
    assert lo < big.mean() < hi


def test_unit_interval_resamples_whole_sites():
    from bench.line_ceiling import unit_interval

    # at 0.5 A is all right and B all wrong (see test_ceiling_rows): as two sites the
    # interval spans both ends
    lo, hi = unit_interval([A, B], ["a.example", "b.example"], 0.5)
    assert (lo, hi) == (0.0, 1.0)
    # A's site holding B's document too: one unit, so no spread at all
    assert unit_interval([A, B], ["a.example", "a.example"], 0.5) == [0.5, 0.5]
    # a site's documents are pooled wherever they sit in the list
    c = doc_arrays([1], set(), {0: 0.9})
    split = unit_interval([A, B, c], ["s", "t", "s"], 0.5)
    assert split == unit_interval([A, c, B], ["s", "s", "t"], 0.5)


def test_heldout_own_sites_follow_heldout_own():
    from train.train_lines import heldout_own, heldout_own_sites, own_langs

    docs, langs = heldout_own(48, range(0))
    sites = heldout_own_sites(48, range(0))
    assert len(sites) == len(docs) == len(langs) > 0
    # the tune-split own pages come in the same order in both
    from train.line_data import split_of

    tune = [s for s in sites if split_of(s) == "tune"]
    assert len(tune) == len(own_langs(split="tune"))


def test_cleaning_bench_prints_the_licence_clean_table_next_to_turku():
    from bench.cleaning import markdown

    row = {
        "set": "own_heldout_en",
        "docs": 21,
        "lines": 275,
        "noise": 0.542,
        "at_stored": 0.8618,
        "threshold": 0.5,
        "best_common": [0.7, 0.8945],
        "best_per_doc": 0.9309,
        "ci95_at_stored": [0.801, 0.914],
    }
    sites = {**row, "set": "test_sites", "docs": 339, "sites": 56}
    turku = {"en": {"web_acc": 0.796, "docs": 14, "web_acc_ci95": [0.654, 0.897]}}
    md = markdown({"heldout_web": [row, sites], "turku": turku}, "cmd")
    en = "| own pages, en | 21 | 21 | 275 | 54.2% | 0.862 | 0.801–0.914 | 0.894 at 0.7 | 0.931 |"
    assert en in md
    assert "| aeb/naeb test sites | 56 | 339 |" in md
    assert "stored threshold 0.5" in md
    assert "(above, measurement only): 0.796 on 14 documents, interval 0.654–0.897" in md


def test_cleaning_bench_refuses_a_model_whose_calibration_the_package_ignores(
    model_arrays, tmp_path
):
    import json

    import pytest

    from bench.cleaning import refuse_calibrated
    from newssift.clean import model as line_model

    cal = {"inputs": ["logit"], "mean": [0.0], "scale": [1.0], "w": [1.0], "b": 0.0}
    plain = dict(model_arrays)
    plain["meta"] = np.array(json.dumps({"web_threshold": 0.5}))
    with_cal = dict(model_arrays)
    with_cal["meta"] = np.array(json.dumps({"web_threshold": 0.5, "doc_calibration": cal}))
    np.savez(tmp_path / "plain.npz", **plain)
    np.savez(tmp_path / "cal.npz", **with_cal)
    saved = line_model.WEB_MODEL_DIR, line_model.WEB_MODEL_FILE
    try:
        line_model.use_web_model(tmp_path / "plain.npz")
        refuse_calibrated()  # the shipped news model and a plain web file pass
        line_model.use_web_model(tmp_path / "cal.npz")  # points there and forgets the plain
        with pytest.raises(SystemExit, match="calibration"):
            refuse_calibrated()
    finally:
        line_model.WEB_MODEL_DIR, line_model.WEB_MODEL_FILE = saved
        line_model.clear_cache()
