"""The article-resampled interval of the quote benches (bench.intervals.ratio_interval)."""

from bench.intervals import ratio_interval


def test_the_interval_holds_the_rate_and_is_fixed_by_its_seed():
    hits, sizes = [9, 10, 4, 8, 10, 7], [10, 10, 5, 10, 10, 10]
    lo, hi = ratio_interval(hits, sizes)
    assert lo < sum(hits) / sum(sizes) < hi
    assert (lo, hi) == ratio_interval(hits, sizes)
    assert lo >= 0.7 and hi <= 1.0


def test_whole_articles_are_drawn_so_one_bad_article_widens_it():
    # the same 90/100 quotes right: spread over ten articles, or all ten misses in one
    spread = ratio_interval([9] * 10, [10] * 10)
    lumped = ratio_interval([10] * 9 + [0], [10] * 10)
    assert spread == (0.9, 0.9)
    assert lumped[0] < 0.85 and lumped[1] == 1.0


def test_articles_with_no_scored_quote_are_left_out():
    assert ratio_interval([3, 0, 0], [4, 0, 0]) == ratio_interval([3], [4]) == (0.75, 0.75)
    assert ratio_interval([], []) == (0.0, 0.0)
    assert ratio_interval([0], [0]) == (0.0, 0.0)
