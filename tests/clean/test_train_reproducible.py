"""The line-model trainer's output depends only on what it learned (train/train_lines.py)."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from newssift.clean import model as line_model
from train.line_data import _EXTRACT_CHILD, EXTRACTOR_COMMIT
from train.train_lines import BLAS_CORETYPE, BLAS_THREADS, blas_env, save_model

ROOT = Path(__file__).resolve().parents[2]


def test_a_model_file_is_the_same_bytes_every_time_and_loads_back(tmp_path, model_arrays):
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    save_model(a, model_arrays)
    save_model(b, model_arrays)
    assert a.read_bytes() == b.read_bytes()
    # no member carries the time of writing (np.savez_compressed's did)
    with zipfile.ZipFile(a) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    with np.load(a, allow_pickle=False) as z:
        assert z.files == list(model_arrays)
        for name, arr in model_arrays.items():
            assert z[name].dtype == arr.dtype and np.array_equal(z[name], arr)
        assert json.loads(str(z["meta"])) == json.loads(str(model_arrays["meta"]))


def test_the_extractor_the_labels_read_is_pinned_to_a_commit():
    assert len(EXTRACTOR_COMMIT) == 40 and int(EXTRACTOR_COMMIT, 16) >= 0
    compile(_EXTRACT_CHILD, "<child>", "exec")  # the child process's program is valid Python


def test_the_shipped_news_model_is_a_file_the_trainer_wrote(tmp_path):
    path = line_model.MODEL_DIR / line_model.MODEL_FILE
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    meta = json.loads(str(arrays["meta"]))
    # what the retrain command of its card needs to give the same bytes
    assert meta["extractor_commit"] == EXTRACTOR_COMMIT
    assert set(meta["versions"]) >= {"numpy", "scipy", "scikit-learn", "resiliparse"}
    assert meta["blas"] == f"OpenBLAS {BLAS_CORETYPE} kernels, {BLAS_THREADS} threads"
    # written by save_model (fixed member dates), not np.savez_compressed
    save_model(tmp_path / "again.npz", arrays)
    assert (tmp_path / "again.npz").read_bytes() == path.read_bytes()


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="Haswell is x86-64")
def test_the_trainer_starts_again_with_openblas_on_the_pinned_kernels(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in blas_env()}
    env["PYTHONPATH"] = f"{ROOT / 'src'}:{ROOT}"
    out = subprocess.run(
        [sys.executable, "-m", "train.train_lines", "--data", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    # it got as far as looking for the data, with no warning about OpenBLAS's kernels
    assert out.returncode != 0 and "extraction data not found" in out.stderr
    assert "warning: OpenBLAS" not in out.stderr
