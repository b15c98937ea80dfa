"""500 generated hostile inputs through `newssift run`: the CI slice of bench/fuzz.py.

No traceback, no hang, every record accounted for (parts read back = kept + rejected +
quarantined), every input file the source of a record or counted empty/skipped, and the
largest process under 1 GB.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "fuzz.py"


def test_500_hostile_inputs(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("newssift_bench_fuzz", BENCH)
    assert spec and spec.loader
    fuzz = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fuzz)
    r = fuzz.run_fuzz(500, seed=15, workers=2, time_limit=10.0, budget=600.0, work=tmp_path)
    detail = json.dumps(r, indent=1)
    assert r["exit_code"] == 0 and not r["hang"] and r["tracebacks"] == 0, detail
    assert r["balanced"] and r["accounted"], detail
    assert r["inputs"] == 500 and r["records"] >= 500 - r["empty_or_skipped_counted"], detail
    assert r["peak_rss_mb"] <= 1024, detail
