"""The trained line model: probability that a line is noise, given its document.

Two logistic stages. Stage one scores each line from its hashed words and dense context
features (:mod:`newssift.clean.features`); stage two rescores it from its own and its
neighbours' stage-one scores, because chrome comes in runs (a menu, a related list, a footer).
The weights are plain numpy arrays in ``newssift/models/lines_v4.npz`` (written by
``train/train_lines.py``), so inference needs neither scikit-learn nor a vocabulary file.

There are two model files, one per cleaning mode, because the modes mean different things by
"clean": the news model (``lines_v4.npz``) keeps the page's article, the web model
(``lines_web_v2.npz``, ``train_lines.py --mode web``) keeps all running text a person wrote
(reader comments, forum posts, product descriptions), as whole-page web text asks. Both use
the same features in both stages; without a web model file the web mode uses the news model.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from newssift.clean.features import N_CONTEXT, N_DENSE, N_HASH, context, dense, hashed_doc

MODEL_FILE = "lines_v4.npz"
#: The web mode's model (see the module docstring); the news model stands in when it is absent.
WEB_MODEL_FILE = "lines_web_v2.npz"
#: Stage-one probability assumed for lines the caller did not ask about.
PRIOR_OTHER = 0.05
MODEL_DIR = Path(__file__).resolve().parent.parent / "models"
#: Folder of the web model when not MODEL_DIR (the bench and trainer score other files).
WEB_MODEL_DIR: Path | None = None


class LineModel:
    """Weights of both stages and the dense feature scaling."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.w_hash = arrays["w_hash"].astype(np.float32)
        self.w_dense = arrays["w_dense"].astype(np.float32)
        self.mean = arrays["mean"].astype(np.float32)
        self.scale = arrays["scale"].astype(np.float32)
        self.b1 = float(arrays["b1"])
        self.w2 = arrays["w2"].astype(np.float32)
        self.b2 = float(arrays["b2"])
        self.meta = json.loads(str(arrays["meta"])) if "meta" in arrays else {}
        if self.w_hash.shape != (N_HASH,) or self.w_dense.shape != (N_DENSE,):
            raise ValueError("line model does not match the feature definition")
        # a second stage with other inputs (session 6-7's "doc" candidates) is not read
        if self.meta.get("stage2", "scores") != "scores" or len(self.w2) != N_CONTEXT:
            raise ValueError("line model's second stage does not match its inputs")

    def stage1(self, lines: list[str], rows: list[int] | None = None) -> np.ndarray:
        """Stage-one probabilities of the given lines (default all) of one document."""
        if rows is None:
            rows = list(range(len(lines)))
        d = (dense(lines, rows) - self.mean) / self.scale
        z = d @ self.w_dense + self.b1
        idx, own = hashed_doc([lines[i] for i in rows])
        z = z + np.bincount(own, weights=self.w_hash[idx], minlength=len(rows))
        return sigmoid(z)

    def predict_doc(self, lines: list[str], rows: list[int] | None = None) -> np.ndarray:
        """Probability of noise for every line of one document (lines in order).

        With ``rows``, stage one runs on those lines only and every other line counts as
        clean (probability :data:`PRIOR_OTHER`) when its neighbours are rescored: the cleaner
        passes only the short lines no rule has decided, since long paragraphs are kept anyway.
        """
        if not lines:
            return np.zeros(0, dtype=np.float32)
        if rows is None:
            p1 = self.stage1(lines)
        else:
            p1 = np.full(len(lines), PRIOR_OTHER, dtype=np.float64)
            if rows:
                p1[rows] = self.stage1(lines, rows)
        z = context(p1) @ self.w2 + self.b2
        return sigmoid(z)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-z)), with numpy's overflow warning off: a line of one 300,000-character
    token scores z below -709, where exp(-z) is inf and the probability 0.0 (the right
    limit), but numpy printed a RuntimeWarning on stderr (review r40 finding 11). Not a
    clip: every value, the extreme ones too, stays bit for bit what it was."""
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def load(kind: str = "news") -> LineModel | None:
    """The shipped model of a cleaning mode (``news`` or ``web``), or None without one.

    The web mode falls back to the news model (the same object) when the package carries no
    web model file.
    """
    return _load("web" if kind == "web" else "news")


@lru_cache(maxsize=2)
def _load(kind: str) -> LineModel | None:
    if kind == "web":
        path = (WEB_MODEL_DIR or MODEL_DIR) / WEB_MODEL_FILE
    else:
        path = MODEL_DIR / MODEL_FILE
    if kind == "web" and not path.is_file():
        return _load("news")
    if not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as z:
        return LineModel({k: z[k] for k in z.files})


def clear_cache() -> None:
    """Forget the loaded models (after pointing MODEL_DIR or WEB_MODEL_DIR elsewhere)."""
    _load.cache_clear()


def use_web_model(path: Path) -> None:
    """Score web mode with the model file at ``path`` instead of the shipped one (the
    benches and the trainer compare candidates this way); the next call loads it."""
    global WEB_MODEL_DIR, WEB_MODEL_FILE
    WEB_MODEL_DIR, WEB_MODEL_FILE = path.parent, path.name
    clear_cache()
