"""The trainer's shared tf-idf matrices (Featurized.tfidf): the protocol's folds read rows of one
matrix of every document instead of building each block from the counts; the blocks, and so
the fitted weights and scores, must be the same bit for bit."""

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

import train.train_mt as T

WORDS = "the minister said plan euro per cent of a in to was had would market bank city".split()


def _docs(n: int = 30) -> list[str]:
    rng = np.random.default_rng(4)
    out = []
    for i in range(n):
        k = int(rng.integers(20, 120))
        words = [WORDS[j] for j in rng.integers(0, len(WORDS), k)]
        step = int(rng.integers(5, 9))
        words[::step] = ["."] * len(words[::step])
        out.append(f"Doc{i % 4} " + " ".join(words) + " \u2013 \u201cend\u201d.")
    return out


def _reference_block(feats, fam, keep, idf, rows):
    """A block as the trainer built it before session 12."""
    x = feats.counts[fam][:, keep].tocsr()[rows].astype(np.float64)
    x.data = 1.0 + np.log(x.data)
    return normalize(x @ sparse.diags(idf))


def _same(a, b) -> bool:
    a, b = a.tocsr(), b.tocsr()
    return (
        a.shape == b.shape
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and np.array_equal(a.data, b.data)
    )


def test_rows_of_the_shared_matrix_equal_the_blocks_built_per_subset():
    feats = T.Featurized(_docs())
    y = np.arange(30) % 2
    web = np.zeros(30, dtype=bool)
    train, other = np.arange(0, 30, 3), np.array([2, 5, 7, 11, 29, 1])
    for fams in (("words", "skeleton", "chars"), ("skeleton",)):
        m = T.DocModelV2(fams, 4.0, min_df=1).fit(feats, np.r_[train, other[:3]], y, web)
        for rows in (other, np.r_[train, other[:3]], np.arange(30)[::-1]):
            ref = [_reference_block(feats, f, m.keep[f], m.idf[f], rows) for f in fams]
            ref = sparse.hstack(ref).tocsr()
            assert _same(m.matrix(feats, rows), ref)


def test_a_fit_scores_the_same_with_the_shared_matrix_cold_or_warm():
    texts = _docs()
    feats = T.Featurized(texts)
    y = np.arange(30) % 2
    web = np.zeros(30, dtype=bool)
    rows, test = np.arange(20), np.arange(20, 30)
    fams = ("words", "skeleton", "chars")
    a = T.DocModelV2(fams, 8.0, min_df=1).fit(feats, rows, y, web)
    T.DocModelV2(fams, 8.0, min_df=1).fit(feats, np.arange(5, 25), y, web)  # cache moves on
    b = T.DocModelV2(fams, 8.0, min_df=1).fit(feats, rows, y, web)
    fresh = T.Featurized(texts)  # another Featurized: the model builds its rows itself
    for m in (a, b):
        assert np.array_equal(m.clf.coef_, a.clf.coef_)
        assert np.array_equal(m.decision(feats, test), a.decision(feats, test))
        assert np.array_equal(m.decision(fresh, test), a.decision(feats, test))


def test_protocol_folds_in_forked_processes_equal_the_sequential_run():
    import bench.mt as B

    texts = _docs(40) + _docs(6)
    docs = [T.Doc(t, (i // 4) % 2, 10 + i % 4, "deepl" if (i // 4) % 2 else "human", "de")
            for i, t in enumerate(texts[:40])]
    docs += [T.Doc(t, 0, -1, "human", "web", f"site{i}.org") for i, t in enumerate(texts[40:])]
    feats = T.Featurized([d.text for d in docs])
    years = np.array([d.year for d in docs])
    seq = B.run_folds(feats, docs, years, [10, 12], jobs=1)
    par = B.run_folds(feats, docs, years, [10, 12], jobs=2)
    assert [r[0] for r in par] == [10, 12] and B._FOLD_DATA is None
    for (ya, pa, ca), (yb, pb, cb) in zip(seq, par, strict=True):
        assert ya == yb and np.array_equal(pa, pb) and len(pa) == 10
        assert ca["best"] == cb["best"] and ca["table"] == cb["table"]
