"""What "the same output" means, as one function: the bytes two runs must agree on.

Determinism is promised across worker counts, executors and resumed runs. The output is every
file of the run folder except the run state (``_state/``: markers hold timings) and the
timings section of ``stats.json``; the tests, the Ray benchmark and anyone checking a rerun
compare exactly this.
"""

from __future__ import annotations

import json
from pathlib import Path

from newssift.execute.worker import STATE_DIR


def output_files(out: str | Path) -> dict[str, bytes]:
    """Every output file's bytes keyed by relative path (``stats.json`` without timings)."""
    out = Path(out)
    files = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if path.is_dir() or rel.startswith(STATE_DIR + "/"):
            continue
        data = path.read_bytes()
        if rel == "stats.json":
            stats = json.loads(data)
            stats.pop("timings", None)
            data = json.dumps(stats, sort_keys=True).encode()
        files[rel] = data
    return files
