"""bench/web_target.py: the target table's interval arithmetic, on hand-made lines."""

from pathlib import Path

import numpy as np
import pytest

from bench.intervals import bootstrap_accs, doc_bootstrap
from bench.web_target import markdown, target_row, turku_en

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks"


def test_bootstrap_accs_is_the_interval_s_draws():
    ok = np.arange(60) % 4 != 0
    sizes = [3, 9, 12, 6, 30]
    accs = bootstrap_accs(ok, sizes)
    assert len(accs) == 2000
    lo, hi = doc_bootstrap(ok, sizes)
    assert (
        round(float(np.percentile(accs, 2.5)), 3),
        round(float(np.percentile(accs, 97.5)), 3),
    ) == (
        lo,
        hi,
    )


def test_no_spread_means_the_target_is_told_apart():
    # four documents each 3 of 4 right: every resample reads 0.75, so 0.85 is outside the
    # interval, a cleaner at 0.85 always reads 0.85, and no reading is as far down as 0.75
    ok = np.array([1, 1, 1, 0] * 4, dtype=bool)
    r = target_row("x", ok, [4, 4, 4, 4], 0.85)
    assert r["accuracy"] == 0.75 and r["ci95"] == [0.75, 0.75]
    assert not r["target_inside"]
    assert r["at_target_reads"] == [0.85, 0.85]
    assert r["p_one_sided"] == 0.0
    assert r["units_to_separate"] == 0  # a zero-width interval separates already


def test_one_good_one_bad_document_cannot_tell():
    ok = np.array([1] * 10 + [0] * 10, dtype=bool)
    r = target_row("x", ok, [10, 10], 0.85, unit="document")
    assert r["unit"] == "document" and r["units"] == 2 and r["lines"] == 20
    assert r["ci95"] == [0.0, 1.0] and r["target_inside"]
    assert r["ci95_half_width"] == 0.5
    # the readings of a 0.85 cleaner are the resampled accuracies moved by +0.35 (capped at 1)
    assert r["at_target_reads"] == [0.35, 1.0]
    # observed 0.5 sits 0.35 below the target: the draws that read 0.0 (about a quarter)
    assert 0.2 < r["p_one_sided"] < 0.3
    # half-width 0.5 has to fall to 0.35: 2 * (0.5 / 0.35)^2 = 4.08 -> 5 documents
    assert r["units_to_separate"] == 5


def test_above_the_target_counts_readings_above():
    # 9 of 10 documents all right, one all wrong, observed 0.9 > 0.85: p counts the readings
    # of a 0.85 cleaner at or above 0.9 (not those below, as for a figure under the target)
    ok = np.array([1] * 90 + [0] * 10, dtype=bool)
    r = target_row("x", ok, [10] * 10, 0.85)
    assert r["accuracy"] == 0.9
    lo, hi = r["ci95"]
    assert lo < 0.85 < hi and r["target_inside"]
    shifted = bootstrap_accs(ok, [10] * 10) - 0.9 + 0.85
    assert r["p_one_sided"] == round(float((shifted >= 0.9).mean()), 3)


def test_markdown_names_parts_and_small_p():
    ok = np.array([1, 1, 1, 0] * 4, dtype=bool)
    r = target_row(
        "turku_en_dev_unseen",
        ok,
        [4, 4, 4, 4],
        0.85,
        licence="measurement only",
        unit="document",
        threshold=0.5,
        of_split=6,
        oracle_per_doc=0.9,
    )
    md = markdown([r], "python -m bench.web_target --data D")
    row = next(x for x in md.splitlines() if x.startswith("| Turku en dev"))
    assert "4 documents (of 6)" in row
    assert "| 0.750 | 0.750–0.750 |" in row
    assert "< 0.0005" in row and row.endswith("| 0.900 |")
    assert "`python -m bench.web_target --data D`" in md


@pytest.mark.skipif(not (DATA / "lines" / "turku" / "en").exists(), reason="no ../shared")
def test_turku_en_parts_split_dev_once():
    parts = turku_en(DATA)
    from bench.turku import load

    dev = load(DATA / "lines" / "turku" / "en" / "dev.json")
    assert len(parts["dev_unseen"]) + len(parts["dev_copies"]) == len(dev)
    train = {tuple(x) for x, _ in parts["train"]}
    assert not any(tuple(x) in train for x, _ in parts["dev_unseen"])
