"""Fixtures of the dedup tests."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.dedup.synthetic import corpus, write_run


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    docs = corpus()
    rng = random.Random(7)
    rng.shuffle(docs)
    return write_run(tmp_path / "out", {f"{k:03d}": docs[k::3] for k in range(3)})
