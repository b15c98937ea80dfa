"""Train the line model shipped as ``src/newssift/models/lines_v2.npz``.

Data: the Turku NLP line-quality annotations (Laippala et al. 2022; ../shared/benchmarks/lines/
turku, read by ``train/turku.py``, the loader the cleaning bench shares), the *train* splits
of en, de, es and fi (fr and sv have no train split). The dev splits are never used for
fitting or for choosing hyper-parameters: C is the library default (1.0, not tuned); the
English dev split is only scored at the end and written into the model's metadata. The
held-back test split is not here at all.

Stage one is a logistic regression over hashed words and dense context features
(:mod:`newssift.clean.features`); stage two is a logistic regression over stage-one scores of
the line and its neighbours, fitted on out-of-fold stage-one scores so it learns from scores
like those it will see at inference.

Usage::

    python train/train_lines.py --data ../shared/benchmarks/lines/turku
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from newssift.clean.features import N_DENSE, N_HASH, context, dense, hashed_doc

sys.path.insert(0, str(Path(__file__).resolve().parent))
from turku import TRAIN_LANGS, load, load_train

OUT = Path(__file__).resolve().parents[1] / "src" / "newssift" / "models" / "lines_v2.npz"


def featurise(docs):
    rows, cols, dens, ys, groups = [], [], [], [], []
    r = 0
    for g, (lines, y) in enumerate(docs):
        dens.append(dense(lines))
        idx, own = hashed_doc(lines)
        rows.append(own + r)
        cols.append(idx)
        r += len(lines)
        ys.append(np.asarray(y, dtype=np.int8))
        groups.extend([g] * len(lines))
    rr, cc = np.concatenate(rows), np.concatenate(cols)
    # hashed_doc yields each (line, feature) pair once: binary features
    h = sparse.csr_matrix((np.ones(len(rr), dtype=np.float32), (rr, cc)), shape=(r, N_HASH))
    return h, np.vstack(dens), np.concatenate(ys), np.array(groups)


def stack(h, d, mean, scale):
    return sparse.hstack([h, sparse.csr_matrix((d - mean) / scale)]).tocsr()


def fit1(x, y, c):
    m = LogisticRegression(C=c, max_iter=1000, solver="lbfgs")
    m.fit(x, y)
    return m


def ctx_matrix(p, groups):
    out = []
    for g in np.unique(groups):
        out.append(context(p[groups == g]))
    return np.vstack(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/benchmarks/lines/turku"))
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    if not args.data.exists():
        sys.exit(f"Turku line data not found at {args.data}")
    train = load_train(args.data)
    h, d, y, groups = featurise(train)
    mean = d.mean(axis=0)
    scale = d.std(axis=0) + 1e-6
    mean[0], scale[0] = 0.0, 1.0  # the constant column stays 1
    x = stack(h, d, mean, scale)
    print(f"train: {len(train)} docs, {x.shape[0]} lines, noise share {y.mean():.3f}")

    # C is the library default (1.0), not tuned; stage two learns from out-of-fold scores
    c = 1.0
    gkf = GroupKFold(n_splits=5)
    oof = np.zeros(len(y))
    for tr, te in gkf.split(x, y, groups):
        oof[te] = fit1(x[tr], y[tr], c).predict_proba(x[te])[:, 1]
    print(f"stage-1 CV accuracy {((oof >= 0.5) == y).mean():.4f}")
    m1 = fit1(x, y, c)
    z2 = ctx_matrix(oof, groups)
    m2 = LogisticRegression(C=1.0, max_iter=2000, fit_intercept=False).fit(z2, y)

    w = m1.coef_[0].astype(np.float32)
    arrays = {
        "w_hash": w[:N_HASH].astype(np.float16),
        "w_dense": w[N_HASH:],
        "mean": mean.astype(np.float32),
        "scale": scale.astype(np.float32),
        "b1": np.array(m1.intercept_[0], dtype=np.float32),
        "w2": m2.coef_[0].astype(np.float32),
        "b2": np.array(0.0, dtype=np.float32),
    }
    assert arrays["w_dense"].shape == (N_DENSE,)

    # score English dev once, for the record
    from newssift.clean.model import LineModel

    meta = {
        "data": "Turku NLP line-quality annotations, train splits: " + ",".join(TRAIN_LANGS),
        "C": c,
        "train_lines": int(x.shape[0]),
    }
    arrays["meta"] = np.array(json.dumps(meta))
    model = LineModel(arrays)
    dev_path = args.data / "en" / "dev.json"
    if dev_path.exists():
        dev = load(dev_path)
        y1 = np.concatenate([model.stage1(lines) for lines, _ in dev]) >= 0.5
        y2 = np.concatenate([model.predict_doc(lines) for lines, _ in dev]) >= 0.5
        yt = np.concatenate([lab for _, lab in dev]).astype(bool)
        meta["en_dev_accuracy_stage1"] = round(float((y1 == yt).mean()), 4)
        meta["en_dev_accuracy"] = round(float((y2 == yt).mean()), 4)
        acc1, acc2 = meta["en_dev_accuracy_stage1"], meta["en_dev_accuracy"]
        print(f"en dev accuracy: stage 1 {acc1}, final {acc2}")
        arrays["meta"] = np.array(json.dumps(meta))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **arrays)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
