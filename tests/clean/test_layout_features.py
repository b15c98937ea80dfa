"""clean/features.dense_layout and a line model file that names it (session 14's candidate)."""

import json
import math

import numpy as np
import pytest

from newssift.clean.features import LAYOUT_NAMES, N_DENSE, N_HASH, N_LAYOUT, dense_layout
from newssift.clean.model import LineModel

DOC = [
    "Home",  # 0: header run of three
    "News | Sport",  # 1: linky (separator)
    "Title Of Page",  # 2: title case
    "This is the first body line of the article, and it ends.",  # 3: body
    "Short",  # 4: a run of one between two body lines
    "Another long body line with enough words to count as one.",  # 5: body
    "Follow us at www.example.com",  # 6: footer, linky (URL)
    "Copyright",  # 7: footer
]


def col(name: str) -> int:
    return LAYOUT_NAMES.index(name)


def test_layout_columns_by_hand():
    f = dense_layout(DOC)
    assert f.shape == (len(DOC), N_LAYOUT)
    assert f[:, col("before_body")].tolist() == [1, 1, 1, 0, 0, 0, 0, 0]
    assert f[:, col("after_body")].tolist() == [0, 0, 0, 0, 0, 0, 1, 1]
    runs = [math.log1p(3)] * 3 + [0.0, math.log1p(1), 0.0] + [math.log1p(2)] * 2
    assert np.allclose(f[:, col("log_run")], runs)
    # line 0's neighbours are lines 1 and 2: one linky, both title case and both short
    assert f[0, col("near_linky")] == pytest.approx(0.5)
    assert f[0, col("near_title")] == pytest.approx(1.0)
    assert f[0, col("near_short")] == pytest.approx(1.0)
    # line 7's only neighbours are 5 and 6: line 6 is linky (a URL), line 5 is not
    assert f[7, col("near_linky")] == pytest.approx(0.5)
    # the line itself never counts: line 4 is short, of its neighbours 2, 3, 5, 6 only 2 is
    assert f[4, col("near_short")] == pytest.approx(0.25)


def test_layout_rows_match_the_whole_document():
    full = dense_layout(DOC)
    assert np.array_equal(dense_layout(DOC, [6, 0, 4]), full[[6, 0, 4]])
    assert dense_layout([]).shape == (0, N_LAYOUT)
    assert dense_layout(DOC, []).shape == (0, N_LAYOUT)


def test_no_body_line_means_no_before_or_after():
    f = dense_layout(["Home", "About", "Contact"])
    assert f[:, col("before_body")].tolist() == [0, 0, 0]  # no body to be before
    assert f[:, col("after_body")].tolist() == [0, 0, 0]
    assert np.allclose(f[:, col("log_run")], math.log1p(3))


def _arrays(n_dense: int, meta: dict) -> dict:
    return {
        "w_hash": np.zeros(N_HASH, dtype=np.float16),
        "w_dense": np.zeros(n_dense, dtype=np.float32),
        "mean": np.zeros(n_dense, dtype=np.float32),
        "scale": np.ones(n_dense, dtype=np.float32),
        "b1": np.array(0.0, dtype=np.float32),
        "w2": np.array([1, 0, 0, 0, 0, 0, 0, 0], dtype=np.float32),
        "b2": np.array(0.0, dtype=np.float32),
        "meta": np.array(json.dumps(meta)),
    }


def test_model_reads_the_layout_block_it_names():
    a = _arrays(N_DENSE + N_LAYOUT, {"dense_extra": ["layout"]})
    a["w_dense"][N_DENSE + col("after_body")] = 4.0  # footer lines are noise
    m = LineModel(a)
    p = m.stage1(DOC)
    assert p[6] > 0.9 and p[7] > 0.9 and p[3] == pytest.approx(0.5)
    assert np.allclose(m.stage1(DOC, [7, 3]), p[[7, 3]])
    # the file's columns must match what it names
    with pytest.raises(ValueError):
        LineModel(_arrays(N_DENSE + N_LAYOUT, {}))
    with pytest.raises(ValueError):
        LineModel(_arrays(N_DENSE, {"dense_extra": ["layout"]}))
    with pytest.raises(ValueError):
        LineModel(_arrays(N_DENSE + N_LAYOUT, {"dense_extra": ["nope"]}))
    assert LineModel(_arrays(N_DENSE, {})).extra == ()
