"""The CI gate fails when a figure falls below its floor (checked on the project's own farm
set, which needs no benchmark data)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _gate(tmp_path: Path, floor: str) -> subprocess.CompletedProcess:
    floors = tmp_path / "floors.toml"
    floors.write_text(floor)
    return subprocess.run(
        [sys.executable, "-m", "bench.gate", "--shared", str(tmp_path / "none"),
         "--floors", str(floors)],
        capture_output=True, text=True, cwd=ROOT,
    )


def test_gate_passes_above_its_floor_and_fails_below(tmp_path):
    ok = _gate(tmp_path, "[farm_html_recall]\nmin = 0.5\n[farm_html_false_alarm]\nmax = 0.05\n")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "| extraction | skipped: no benchmark data" in ok.stdout
    bad = _gate(tmp_path, "[farm_html_recall]\nmin = 1.01\n")
    assert bad.returncode == 1
    assert "FAILED" in bad.stdout and "below their floor" in bad.stderr


def test_a_floor_its_check_did_not_measure_is_reported_skipped(tmp_path):
    # the extraction check leaves its snippet figures out when resiliparse is missing: the
    # gate names each such floor as skipped rather than passing over it in silence
    out = _gate(tmp_path, "[farm_html_recall]\nmin = 0.5\n[farm_html_unmeasured]\nmin = 1\n")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "| farm_html_unmeasured | skipped: not measured" in out.stdout
