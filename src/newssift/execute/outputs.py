"""What "the same output" means, as one function: the bytes two runs must agree on.

Determinism is promised across worker counts, executors and resumed runs. The output is every
file of the run folder except the run state (``_state/``: markers hold timings) and the
timings section of ``stats.json``; the tests, the Ray benchmark and anyone checking a rerun
compare exactly this.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

from newssift.io import storage
from newssift.io.run_folder import STATE, STATS


def _walk(out: str | Path) -> list[tuple[str, str | Path]]:
    """(relative path, path or URL) of every file under ``out``."""
    if storage.is_url(out):
        fs, root = storage.filesystem(out)
        return [(posixpath.relpath(p, root), fs.unstrip_protocol(p)) for p in fs.find(root)]
    out = Path(out)
    return [(p.relative_to(out).as_posix(), p) for p in out.rglob("*") if not p.is_dir()]


def output_files(out: str | Path) -> dict[str, bytes]:
    """Every output file's bytes keyed by relative path (``stats.json`` without timings).
    ``out`` may be a URL: a run on object storage is compared like a local one."""
    files = {}
    for rel, path in sorted(_walk(out)):
        if rel.startswith(STATE + "/"):
            continue
        data = storage.read_bytes(path)
        if rel == STATS:
            stats = json.loads(data)
            stats.pop("timings", None)
            data = json.dumps(stats, sort_keys=True).encode()
        files[rel] = data
    return files
