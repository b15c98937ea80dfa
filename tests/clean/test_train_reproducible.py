"""The line-model trainer's output depends only on what it learned (train/train_lines.py)."""

from __future__ import annotations

import json
import zipfile

import numpy as np

from train.line_data import _EXTRACT_CHILD, EXTRACTOR_COMMIT
from train.train_lines import save_model


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
