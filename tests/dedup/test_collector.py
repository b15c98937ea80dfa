"""run_dedup's tasks and driver run under a pool worker's collector thresholds, whoever
made the pool, and give the same bytes: the thresholds only change when cycles are
collected."""

from __future__ import annotations

import gc
import hashlib
import shutil
from pathlib import Path

from newssift.collector import WORKER_GC_THRESHOLD
from newssift.dedup import run_dedup, stages


def _hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_tasks_run_under_the_worker_thresholds(run_dir: Path, monkeypatch) -> None:
    seen: list[tuple[int, ...]] = []
    real = stages.signature_task

    def spy(args):
        seen.append(gc.get_threshold())
        return real(args)

    monkeypatch.setattr(stages, "signature_task", spy)
    before = gc.get_threshold()
    mapped: list[str] = []

    def pmap(fn, items):  # a caller's map: every task still gets the thresholds
        mapped.append(type(fn).__name__)
        return [fn(x) for x in items]

    gc.set_threshold(700, 10, 10)
    try:
        run_dedup(str(run_dir), pmap=pmap)
        assert gc.get_threshold() == (700, 10, 10)  # restored
    finally:
        gc.set_threshold(*before)
    assert seen and all(t == WORKER_GC_THRESHOLD for t in seen)
    assert mapped and set(mapped) == {"partial"}


def test_same_bytes_whatever_the_thresholds(run_dir: Path, tmp_path: Path,
                                            monkeypatch) -> None:
    other = tmp_path / "other"
    shutil.copytree(run_dir, other)
    run_dedup(str(run_dir))
    import newssift.dedup.run as dedup_run

    monkeypatch.setattr(dedup_run, "_tasks_under_worker_collector", lambda pmap: pmap)
    run_dedup(str(other))
    assert _hashes(run_dir) == _hashes(other)
