"""Fixtures shared by the cleaner's tests."""

from __future__ import annotations

import numpy as np
import pytest

from newssift.clean import model as line_model


@pytest.fixture
def model_arrays() -> dict[str, np.ndarray]:
    """The shipped news line model's arrays, as a fresh dict a test may change."""
    with np.load(line_model.MODEL_DIR / line_model.MODEL_FILE, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}
