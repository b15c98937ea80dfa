"""dedup.run.warm_up builds in the calling process the hashing tables that dedup's tasks
otherwise build on first use in each forked worker, and changes no result."""

from __future__ import annotations

import numpy as np
import pytest

from newssift.dedup import anchors, minhash
from newssift.dedup.options import DedupOptions, optimal_banding
from newssift.dedup.run import warm_up


def test_warm_up_builds_the_hashing_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(minhash, "_WORD_TABLE", None)
    monkeypatch.setattr(anchors, "_TABLES", {})
    minhash._nfkc_table.cache_clear()
    warm_up()
    assert {"lower", "upper", "digit"} <= set(anchors._TABLES)
    assert minhash._nfkc_table.cache_info().currsize == 1


def test_warm_up_remembers_the_banding_of_the_options() -> None:
    opt = DedupOptions(lsh_threshold=0.73, num_perm=64)
    optimal_banding.cache_clear()
    warm_up(opt)
    misses = optimal_banding.cache_info().misses
    assert opt.banding() == optimal_banding(0.73, 64)
    assert optimal_banding.cache_info().misses == misses  # computed by the warm-up


def test_hashes_after_a_warm_up_equal_the_cold_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["Die Fähre fährt am Dienstag wieder, sagte die Stadt.", "ÉTÉ 2024: 12 000 people"]
    monkeypatch.setattr(minhash, "_WORD_TABLE", None)
    monkeypatch.setattr(anchors, "_TABLES", {})
    cold_words = minhash.batch_word_hashes(texts)
    cold_anchors = anchors.anchor_hashes(texts)
    monkeypatch.setattr(minhash, "_WORD_TABLE", None)
    monkeypatch.setattr(anchors, "_TABLES", {})
    warm_up()
    for a, b in zip(cold_words, minhash.batch_word_hashes(texts), strict=True):
        assert np.array_equal(a, b)
    assert repr(cold_anchors) == repr(anchors.anchor_hashes(texts))


def test_the_runner_and_the_dedup_command_warm_dedup_up_before_they_fork(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    """One warm-up for dedup, called by every caller that forks a pool for it: the pipeline's
    runner (with the run's options) and `newssift dedup` with more than one worker."""
    from click.testing import CliRunner

    import newssift.dedup.cli as dedup_cli
    import newssift.dedup.run as dedup_run
    from newssift.execute.config import RunConfig
    from newssift.execute.warmup import warm_up as warm_up_run

    seen: list = []
    monkeypatch.setattr(dedup_run, "warm_up", lambda options=None: seen.append(options))
    warm_up_run(RunConfig(dedup=True))
    assert len(seen) == 1 and isinstance(seen[0], DedupOptions)
    warm_up_run(RunConfig(dedup=False))
    assert len(seen) == 1

    forked: list[int] = []

    def no_pool(workers: int):  # the warm-up must come before the pool
        forked.append(len(seen))
        raise SystemExit(0)

    monkeypatch.setattr(dedup_cli, "_pool_map", no_pool)
    run = tmp_path / "out"
    (run / "kept").mkdir(parents=True)
    (run / "stats.json").write_text("{}")
    CliRunner().invoke(dedup_cli.dedup_command, [str(run), "--workers", "2"])
    assert forked == [2] and isinstance(seen[1], DedupOptions)
    CliRunner().invoke(dedup_cli.dedup_command, [str(run), "--workers", "1"])
    assert forked == [2, 2]  # one worker forks nothing and is not warmed
