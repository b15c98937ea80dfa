"""The dedup bench's rounds: each ratio is read within its round, and the figures that stand
for the run are each side's median round (so one slow minute does not set the ratio)."""

from bench.dedup import _rounds_table


def _rows() -> list[dict]:
    return [{"datasketch": 100.0, "run_dedup_1": 10.0, "run_dedup_2": 25.0},
            {"datasketch": 200.0, "run_dedup_1": 20.0, "run_dedup_2": 40.0},
            {"datasketch": 110.0, "run_dedup_1": 55.0, "run_dedup_2": 22.0}]


def test_each_round_is_read_against_its_own_datasketch_run():
    text = "\n".join(_rounds_table(_rows()))
    assert "| 1 | 100.0 | 10.0 | 10.00x | 25.0 | 4.00x |" in text
    assert "| 2 | 200.0 | 20.0 | 10.00x | 40.0 | 5.00x |" in text
    assert "| 3 | 110.0 | 55.0 | 2.00x | 22.0 | 5.00x |" in text
    # the median of the rounds' ratios (10x), not the medians' ratio (110 / 20 = 5.5x)
    assert "1 worker 10.00x (lowest 2.00x), 2 workers 5.00x (lowest 4.00x)" in text


def test_no_table_without_both_sides():
    assert _rounds_table([]) == []
    assert _rounds_table([{"run_dedup_1": 30.0}]) == []
