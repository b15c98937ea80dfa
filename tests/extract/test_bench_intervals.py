"""Site-resampled intervals of the extraction bench (``--intervals``): bench.intervals'
shingle and snippet draws and bench.extraction.interval_rows on small made-up scores."""

from __future__ import annotations

import numpy as np

from bench._snippets import scores
from bench.extraction import interval_rows
from bench.intervals import interval, shingle_draws, site_picks, snippet_draws

SITES = ["a", "a", "b", "c", "c", "c", "d", "e"]
PR = [(0.9, 0.8), (None, 0.0), (1.0, 1.0), (0.7, 0.9), (0.95, 0.6), (0.8, 0.8), (0.5, 0.4),
      (1.0, 0.9)]


def test_one_site_each_draw_reproduces_the_figure_of_its_pages() -> None:
    page_site, _ = site_picks(SITES)
    every = np.arange(5)[None, :]  # one draw holding each site once: the set itself
    d = shingle_draws(page_site, every, PR)
    pairs_p = [p for p, _ in PR if p is not None]
    mp, mr = sum(pairs_p) / len(pairs_p), sum(r for _, r in PR) / len(PR)
    assert d["P"][0] == mp and abs(d["R"][0] - mr) < 1e-12
    assert abs(d["F1"][0] - 2 * mp * mr / (mp + mr)) < 1e-12
    counts = [(3, 0, 1, 1), (2, 1, 0, 2), (0, 3, 2, 0), (3, 0, 0, 2), (1, 2, 0, 2), (3, 0, 0, 2),
              (2, 1, 1, 1), (3, 0, 0, 2)]
    s = snippet_draws(page_site, every, counts)
    want = scores(counts)
    assert (s["P"][0], s["R"][0], s["F1"][0]) == (want["P"], want["R"], want["F1"])


def test_a_site_drawn_twice_counts_its_pages_twice() -> None:
    page_site, _ = site_picks(["a", "b", "b"])
    d = shingle_draws(page_site, np.array([[1, 1], [0, 0]]), [(1.0, 1.0), (0.5, 0.2), (None, 0.4)])
    assert abs(d["R"][0] - 0.3) < 1e-12 and d["P"][0] == 0.5  # site b twice: its own mean
    assert d["R"][1] == 1.0 and d["P"][1] == 1.0


def _rows(second: list[tuple[float | None, float]], snips_b) -> dict:
    """Bench rows of two tools on SITES: newssift with PR, another with ``second``."""
    def row(pr, snips) -> dict:  # the shape body_table writes
        pp = [p for p, _ in pr if p is not None]
        sc = {"P": sum(pp) / len(pp), "R": sum(r for _, r in pr) / len(pr)}
        sc["F1"] = 2 * sc["P"] * sc["R"] / (sc["P"] + sc["R"])
        sc["page_pr"] = [list(x) for x in pr]
        sc["snippet_pages"] = [[f"p{i}", *c] for i, c in enumerate(snips)]
        sc["snippets"] = scores(snips)
        return sc

    snips_a = [(3, 0, 0, 2), (0, 3, 1, 1), (3, 0, 0, 2), (2, 1, 0, 2), (3, 0, 1, 1), (3, 0, 0, 2),
               (1, 2, 0, 2), (3, 0, 0, 2)]
    return {"newssift": {"set/held": row(PR, snips_a)},
            "other": {"set/held": row(second, snips_b or snips_a)},
            "_sites": {"set/held": SITES}}


def test_identical_tools_differ_by_exactly_zero_in_every_draw() -> None:
    iv = interval_rows(_rows(PR, None), n=500)["set/held"]
    own, diff = iv
    assert own["vs"] is None and diff["vs"] == "other"
    assert own["sites"] == 5 and own["pages"] == 8
    for m in ("F1", "R", "sF1", "sR"):
        assert diff[m] == [0.0, 0.0, 0.0]
        assert own[m][1] < own[m][2]  # the tool's own figure does move with the sites


def test_a_constant_recall_gap_is_that_gap_in_every_draw() -> None:
    lower = [(p, r - 0.1) for p, r in PR]  # every page 0.1 less recall, same precision
    diff = interval_rows(_rows(lower, None), n=500)["set/held"][1]
    assert [round(x, 4) for x in diff["R"]] == [0.1, 0.1, 0.1]
    assert diff["F1"][1] > 0  # less recall everywhere: F1 lower in every draw


def test_one_bad_site_widens_the_difference_and_the_seed_fixes_it() -> None:
    # the other tool loses one site's pages (c) and equals newssift elsewhere
    worse = [(p, 0.0) if s == "c" else (p, r) for s, (p, r) in zip(SITES, PR, strict=True)]
    a = interval_rows(_rows(worse, None), n=500)["set/held"][1]
    assert a == interval_rows(_rows(worse, None), n=500)["set/held"][1]
    lo, hi = a["R"][1], a["R"][2]
    assert lo == 0.0 and hi > a["R"][0] > 0  # draws without site c: no gap at all


def test_interval_is_the_middle_95_percent() -> None:
    assert interval(np.arange(1001, dtype=float) / 1000) == (0.025, 0.975)


def test_the_best_other_tool_is_taken_on_each_draw() -> None:
    rows = _rows([(p, max(0.0, r - 0.2)) for p, r in PR], None)
    rows["third"] = {"set/held": rows["newssift"]["set/held"]}  # ties newssift everywhere
    entries = interval_rows(rows, n=300)["set/held"]
    best = next(e for e in entries if e["vs"] == "best other")
    assert best["R"] == [0.0, 0.0, 0.0] and best["F1"] == [0.0, 0.0, 0.0]
