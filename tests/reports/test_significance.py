"""Welch's verdicts and rank ranges, from the moments the summaries hold (pure functions)."""

from mystery.analytics.stats import Moments
from mystery.reports.significance import rank_ranges, welch


def moments(*values):
    return Moments(len(values), float(sum(values)), float(sum(v * v for v in values)))


def test_welch_verdicts():
    assert welch(moments(100, 98, 99), moments(40, 47.5, 40))["verdict"] == "significant"
    assert welch(moments(100, 60, 92.5), moments(100, 100, 100))["verdict"] == "normal"
    assert welch(moments(100), moments(40, 50))["verdict"] == "too_few"
    assert welch(moments(80, 80), None)["verdict"] == "too_few"
    # No spread on either side: the means differ or they do not.
    assert welch(moments(100, 100), moments(50, 50))["verdict"] == "significant"
    assert welch(moments(70, 70), moments(70, 70))["verdict"] == "normal"
    p = welch(moments(90, 80, 85, 95), moments(60, 70, 65, 75))["p"]
    assert 0 < p < 0.05


def test_rank_ranges_only_separate_what_the_intervals_do():
    stores = [
        {"mean": 95, "ci_low": 92, "ci_high": 98},
        {"mean": 90, "ci_low": 85, "ci_high": 93},
        {"mean": 60, "ci_low": 50, "ci_high": 70},
        {"mean": 70, "ci_low": None, "ci_high": None},  # one visit: could be anywhere
        {"mean": None, "ci_low": None, "ci_high": None},
    ]
    rank_ranges(stores)
    assert [(s["rank_low"], s["rank_high"]) for s in stores] == [
        (1, 3),
        (1, 3),
        (3, 4),
        (1, 4),
        (None, None),
    ]
