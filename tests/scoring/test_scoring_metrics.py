"""Wave metrics: t-intervals, NPS, CSAT, CES, wait times, fail rate."""

from fractions import Fraction

import pytest
from scipy.stats import t

from mystery.scoring import (
    ces,
    csat,
    fail_rate,
    mean_interval,
    mean_interval_raw,
    nps,
    wait_time_stats,
    wait_time_target,
)


def test_t_interval_clipped_at_100():
    # mean 90, s = sqrt(((-10)² + 0² + 10²) / 2) = 10, t(0.975, 2) = 4.302653
    # half width = 4.302653 * 10 / √3 = 24.84 → [65.16, 114.84] → high clipped to 100
    assert mean_interval([80, 90, 100]) == {"mean": 90.0, "n": 3, "ci_low": 65.2, "ci_high": 100.0}


def test_t_interval_raw_is_unrounded():
    raw = mean_interval_raw([80, None, 90, 100])
    half = t.ppf(0.975, 2) * 10 / 3**0.5
    assert raw["n"] == 3
    assert raw["mean"] == 90.0
    assert raw["ci_low"] == pytest.approx(90 - half)
    assert raw["ci_high"] == 100.0


def test_t_interval_clipped_at_0():
    # mean 5, s = 5 (values 0, 5, 10) → 5 ± 12.42 → low clipped to 0, high 17.4
    assert mean_interval([0, 5, 10]) == {"mean": 5.0, "n": 3, "ci_low": 0.0, "ci_high": 17.4}


def test_t_interval_unclipped():
    # mean 50, deviations -2, 0, 2 → s = sqrt((4 + 0 + 4) / 2) = 2
    # half width = 4.302653 * 2 / √3 = 4.968 → [45.03, 54.97] → 45.0, 55.0
    assert mean_interval([48, 50, 52]) == {"mean": 50.0, "n": 3, "ci_low": 45.0, "ci_high": 55.0}


def test_identical_values_have_zero_width():
    assert mean_interval([Fraction(145, 2)] * 4) == {
        "mean": 72.5,
        "n": 4,
        "ci_low": 72.5,
        "ci_high": 72.5,
    }


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], {"mean": None, "n": 0, "ci_low": None, "ci_high": None}),
        ([None, None], {"mean": None, "n": 0, "ci_low": None, "ci_high": None}),
        ([72.5], {"mean": 72.5, "n": 1, "ci_low": None, "ci_high": None}),
        ([None, 40], {"mean": 40.0, "n": 1, "ci_low": None, "ci_high": None}),
    ],
)
def test_interval_needs_two_values(values, expected):
    assert mean_interval(values) == expected


def test_mean_is_rounded_exactly():
    # (82.3 + 82.4) / 2 = 82.35 → 82.4 (float arithmetic gives 82.34999…)
    assert mean_interval([82.3, 82.4])["mean"] == 82.4


def test_nps_counts():
    values = [10, 9, 9, 8, 7, 6, 0, 5, None, 10]
    # promoters 10, 9, 9, 10 = 4; passives 8, 7 = 2; detractors 6, 0, 5 = 3; n = 9
    # NPS = 100 * (4 - 3) / 9 = 11.11… → 11.1
    assert nps(values) == {"nps": 11.1, "promoters": 4, "passives": 2, "detractors": 3, "n": 9}


def test_nps_negative_and_empty():
    # 1 promoter, 2 detractors of 3 → 100 * (1 - 2) / 3 = -33.33… → -33.3
    assert nps([9, 3, 6])["nps"] == -33.3
    assert nps([]) == {"nps": None, "promoters": 0, "passives": 0, "detractors": 0, "n": 0}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([5, 4, 3, 2, 1, 4, None], {"csat": 50.0, "n": 6}),  # 3 of 6
        ([5, 4, 2], {"csat": 66.7, "n": 3}),  # 2 of 3 = 66.66…
        ([], {"csat": None, "n": 0}),
    ],
)
def test_csat(values, expected):
    assert csat(values) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1, 2, 2, 7], {"ces": 3.0, "n": 4}),  # 12 / 4
        ([2, 3, 3, None], {"ces": 2.7, "n": 3}),  # 8 / 3 = 2.66…
        ([1, 2], {"ces": 1.5, "n": 2}),
        ([], {"ces": None, "n": 0}),
    ],
)
def test_ces(values, expected):
    assert ces(values) == expected


def test_wait_time_odd_count():
    # sorted 10, 20, 30 → median 20; mean 60 / 3 = 20; within 20 s: 10, 20 → 2 of 3 = 66.7
    assert wait_time_stats([30, 10, None, 20], 20) == {
        "mean": 20.0,
        "median": 20.0,
        "within_target_pct": 66.7,
        "n": 3,
    }


def test_wait_time_even_count():
    # sorted 60, 120, 121, 300 → median (120 + 121) / 2 = 120.5; mean 601 / 4 = 150.25 → 150.3
    # within 120 s: 60, 120 → 2 of 4 = 50
    assert wait_time_stats([300, 60, 121, 120], 120) == {
        "mean": 150.3,
        "median": 120.5,
        "within_target_pct": 50.0,
        "n": 4,
    }


def test_wait_time_without_target_or_values():
    assert wait_time_stats([10, 20], None)["within_target_pct"] is None
    assert wait_time_stats([], 60) == {
        "mean": None,
        "median": None,
        "within_target_pct": None,
        "n": 0,
    }


def test_wait_time_target_is_lowest_band():
    question = {"bands": [{"max_seconds": 300, "score": 0.5}, {"max_seconds": 120, "score": 1}]}
    assert wait_time_target(question) == 120
    assert wait_time_target({"bands": []}) is None


def test_fail_rate():
    # scored 0, 1, 1/2, 0 (None skipped) → 2 of 4 = 50
    assert fail_rate([0, 1, Fraction(1, 2), 0, None]) == 50.0
    # 1 of 3 → 33.3
    assert fail_rate([Fraction(0), Fraction(1), Fraction(1)]) == 33.3
    assert fail_rate([]) is None
