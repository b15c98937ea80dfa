"""Web mode's foreign gate (session 26, candidate G): a document not in English is read with
v4's hashed words damped and its threshold moved; an English document exactly as v4 reads it."""

from __future__ import annotations

import json
import math

import numpy as np

from newssift.clean import model as line_model
from newssift.clean.cleaner import clean
from tests.clean.test_modes import FORUM_DE, STORY

GATE = {"home": ["en"], "hash_scale": 0.75, "threshold": 0.625}


def _gated(model_arrays, monkeypatch, tmp_path) -> line_model.LineModel:
    meta = json.loads(str(model_arrays["meta"]))
    meta.update({"mode": "web", "foreign_gate": GATE})
    model_arrays["meta"] = np.array(json.dumps(meta))
    np.savez(tmp_path / line_model.WEB_MODEL_FILE, **model_arrays)
    monkeypatch.setattr(line_model, "WEB_MODEL_DIR", tmp_path)
    line_model.clear_cache()
    mdl = line_model.load("web")
    assert mdl is not None and mdl is not line_model.load("news")
    return mdl


def _scores(text: str, language: str | None = None) -> dict[int, float]:
    res = clean(text, mode="web", threshold=0.0, language=language)
    return {r.index: r.score for r in res.removed if r.reason == "boilerplate"}


def test_german_doc_gets_the_damped_score(model_arrays, monkeypatch, tmp_path):
    text = "\n".join(FORUM_DE)
    plain = _scores(text)  # v4 as the web model
    try:
        mdl = _gated(model_arrays, monkeypatch, tmp_path)
        gated = _scores(text)
        assert _scores(text, language="de") == gated  # the caller's language, or identified
        assert gated.keys() == plain.keys() and gated != plain
        lines = [ln for ln in text.splitlines() if ln.strip()]
        scale, offset = mdl.gate("de")
        assert scale == 0.75
        assert math.isclose(offset, -math.log(0.625 / 0.375), rel_tol=1e-12)
        want = mdl.predict_doc(lines, hash_scale=0.75, offset=offset)
        k = min(gated)
        assert gated[k] == round(float(want[k]), 4)
        # the moved score reaches the stored 0.5 exactly when the unmoved one reaches 0.625
        unmoved = mdl.predict_doc(lines, hash_scale=0.75)
        assert all((want[i] >= 0.5) == (unmoved[i] >= 0.625) for i in range(len(lines)))
    finally:
        monkeypatch.undo()
        line_model.clear_cache()


def test_english_doc_is_scored_as_v4(model_arrays, monkeypatch, tmp_path):
    text = "\n".join([*STORY, "Share this article", "Sign in", "Privacy policy"])
    plain = _scores(text)
    try:
        mdl = _gated(model_arrays, monkeypatch, tmp_path)
        assert _scores(text) == plain
        assert _scores(text, language="en-GB") == plain
        assert mdl.gate("en") == (1.0, 0.0) and mdl.gate("und") == (1.0, 0.0)
        assert mdl.gate(None) == (1.0, 0.0)
    finally:
        monkeypatch.undo()
        line_model.clear_cache()
