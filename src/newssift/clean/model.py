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

A web model file may carry a *foreign gate* (``meta["foreign_gate"]``, session 26, issue 20):
the hashed words were learnt mostly on English lines, so they give a clean line of another
language less evidence of being clean than an English one (a German line about 0.68 log-odds
less on our own pages). For a document whose language is not one of the gate's ``home``
languages, stage one then weighs the hashed words by ``hash_scale`` and the line is removed at
the gate's ``threshold`` instead of the file's ``web_threshold`` (the score is moved so that
the stored threshold still decides: see :meth:`LineModel.gate`). A home-language document (or
one of unknown language) is scored exactly as without a gate.
"""

from __future__ import annotations

import json
import math
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
        gate = self.meta.get("foreign_gate")
        if gate is not None and not (
            set(gate) == {"home", "hash_scale", "threshold"}
            and 0.0 <= float(gate["hash_scale"]) <= 1.0
            and 0.0 < float(gate["threshold"]) < 1.0
        ):
            raise ValueError("line model's foreign gate is malformed")
        self.foreign_gate: dict | None = gate

    def gate(self, language: str | None) -> tuple[float, float]:
        """(hash scale, stage-two log-odds offset) for a document in ``language``.

        (1, 0), i.e. the plain model, without a foreign gate, for a home language and for an
        unknown one (None, ``"und"``). Otherwise the gate's hash scale, and the offset that
        puts the gate's threshold where the file's ``web_threshold`` is: a line's score then
        reaches the stored threshold exactly when its unshifted score reaches the gate's,
        so a caller judging every document at one threshold needs no other.
        """
        g = self.foreign_gate
        lang = (language or "").replace("_", "-").split("-")[0].lower()
        if g is None or lang in ("", "und") or lang in g["home"]:
            return 1.0, 0.0
        stored = float(self.meta.get("web_threshold", 0.5))
        cut = float(g["threshold"])
        offset = math.log(stored / (1 - stored)) - math.log(cut / (1 - cut))
        return float(g["hash_scale"]), offset

    def stage1(
        self, lines: list[str], rows: list[int] | None = None, hash_scale: float = 1.0
    ) -> np.ndarray:
        """Stage-one probabilities of the given lines (default all) of one document, the
        hashed words weighed by ``hash_scale`` (1: as trained)."""
        if rows is None:
            rows = list(range(len(lines)))
        d = (dense(lines, rows) - self.mean) / self.scale
        z = d @ self.w_dense + self.b1
        idx, own = hashed_doc([lines[i] for i in rows])
        zh = np.bincount(own, weights=self.w_hash[idx], minlength=len(rows))
        z = z + (zh if hash_scale == 1.0 else hash_scale * zh)
        return 1.0 / (1.0 + np.exp(-z))

    def predict_doc(
        self,
        lines: list[str],
        rows: list[int] | None = None,
        hash_scale: float = 1.0,
        offset: float = 0.0,
    ) -> np.ndarray:
        """Probability of noise for every line of one document (lines in order).

        With ``rows``, stage one runs on those lines only and every other line counts as
        clean (probability :data:`PRIOR_OTHER`) when its neighbours are rescored: the cleaner
        passes only the short lines no rule has decided, since long paragraphs are kept anyway.
        ``hash_scale`` and ``offset`` (added to stage two's log-odds) are :meth:`gate`'s.
        """
        if not lines:
            return np.zeros(0, dtype=np.float32)
        if rows is None:
            p1 = self.stage1(lines, hash_scale=hash_scale)
        else:
            p1 = np.full(len(lines), PRIOR_OTHER, dtype=np.float64)
            if rows:
                p1[rows] = self.stage1(lines, rows, hash_scale)
        z = context(p1) @ self.w2 + self.b2
        if offset:
            z = z + offset
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
