"""The suite's own limits: a command a test runs cannot hang CI (tests/conftest.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import tests.conftest as conftest


def test_a_command_without_a_timeout_gets_the_suites(monkeypatch) -> None:
    monkeypatch.setattr(conftest, "SUBPROCESS_SECONDS", 0.5)
    with pytest.raises(subprocess.TimeoutExpired):
        subprocess.run([sys.executable, "-c", "import time; time.sleep(30)"])
    with pytest.raises(subprocess.TimeoutExpired):
        subprocess.check_output([sys.executable, "-c", "import time; time.sleep(30)"])


def test_a_timeout_given_is_kept(monkeypatch) -> None:
    monkeypatch.setattr(conftest, "SUBPROCESS_SECONDS", 0.5)
    res = subprocess.run([sys.executable, "-c", "import time; time.sleep(1); print('ok')"],
                         capture_output=True, text=True, timeout=60)
    assert res.stdout.strip() == "ok"
