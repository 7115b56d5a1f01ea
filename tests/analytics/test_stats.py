"""Unit tests of analytics/stats.py, the one home of the wave metrics (DESIGN §4).

SQL hands the module counts, sums and sums of squares; each case gives the values those
come from and the expected numbers worked out by hand.
"""

import math
import random

import pytest

from mystery.analytics import stats


def of(*values) -> stats.Moments:
    """The Moments SQL would return for these values: count, sum, sum of squares."""
    return stats.Moments(len(values), float(sum(values)), float(sum(v * v for v in values)))


def test_t_interval_clipped_at_100():
    # mean 90, s = sqrt(((-10)² + 0² + 10²) / 2) = 10, t(0.975, 2) = 4.302653
    # half width = 4.302653 * 10 / √3 = 24.84 → [65.16, 114.84] → high clipped to 100
    assert of(80, 90, 100).interval() == {"mean": 90.0, "n": 3, "ci_low": 65.2, "ci_high": 100.0}


def test_t_interval_clipped_at_0():
    # mean 5, s = 5 (values 0, 5, 10) → 5 ± 12.42 → low clipped to 0, high 17.4
    assert of(0, 5, 10).interval() == {"mean": 5.0, "n": 3, "ci_low": 0.0, "ci_high": 17.4}


def test_t_interval_unclipped():
    # mean 50, deviations -2, 0, 2 → s = sqrt((4 + 0 + 4) / 2) = 2
    # half width = 4.302653 * 2 / √3 = 4.968 → [45.03, 54.97] → 45.0, 55.0
    assert of(48, 50, 52).interval() == {"mean": 50.0, "n": 3, "ci_low": 45.0, "ci_high": 55.0}


def test_t_quantiles():
    # Student's t tables: t(0.975, 1) = 12.7062, t(0.975, 2) = 4.3027, t(0.975, 30) = 2.0423.
    assert stats.t_quantile(1) == pytest.approx(12.7062, abs=1e-4)
    assert stats.t_quantile(2) == pytest.approx(4.3027, abs=1e-4)
    assert stats.t_quantile(30) == pytest.approx(2.0423, abs=1e-4)


def test_identical_values_have_a_zero_width_interval():
    # Sum of squares minus sum × mean cancels to a tiny float, never a negative variance.
    assert of(72.5, 72.5, 72.5, 72.5).interval() == {
        "mean": 72.5,
        "n": 4,
        "ci_low": 72.5,
        "ci_high": 72.5,
    }
    assert of(*[70.0] * 5).interval() == {"mean": 70.0, "n": 5, "ci_low": 70.0, "ci_high": 70.0}


def test_one_value_has_no_interval_and_none_has_no_mean():
    assert of(72.5).interval() == {"mean": 72.5, "n": 1, "ci_low": None, "ci_high": None}
    assert stats.Moments().interval() == {"mean": None, "n": 0, "ci_low": None, "ci_high": None}
    assert stats.moments(None, None, None) == stats.Moments()


def test_moments_add_up():
    assert of(1, 2) + of(3) == of(1, 2, 3)


def test_mean_is_rounded_as_its_decimals_say():
    # (82.3 + 82.4) / 2 = 82.35 → 82.4 (the float sum gives 82.34999…)
    assert of(82.3, 82.4).interval()["mean"] == 82.4


def test_nps_counts():
    # Answers 10, 9, 9, 8, 7, 6, 0, 5, 10: promoters 10, 9, 9, 10 = 4; passives 8, 7 = 2;
    # detractors 6, 0, 5 = 3; NPS = 100 * (4 - 3) / 9 = 11.11… → 11.1
    assert stats.nps(4, 3, 9) == {
        "nps": 11.1,
        "promoters": 4,
        "passives": 2,
        "detractors": 3,
        "n": 9,
    }


def test_nps_negative_and_empty():
    # 9, 3, 6: 1 promoter, 2 detractors of 3 → 100 * (1 - 2) / 3 = -33.33… → -33.3
    assert stats.nps(1, 2, 3)["nps"] == -33.3
    assert stats.nps(0, 0, 0) == {
        "nps": None,
        "promoters": 0,
        "passives": 0,
        "detractors": 0,
        "n": 0,
    }


@pytest.mark.parametrize(
    ("satisfied", "n", "expected"),
    [
        (3, 6, {"csat": 50.0, "n": 6}),  # 5, 4, 3, 2, 1, 4: 3 of 6
        (2, 3, {"csat": 66.7, "n": 3}),  # 5, 4, 2: 2 of 3 = 66.66…
        (0, 0, {"csat": None, "n": 0}),
    ],
)
def test_csat(satisfied, n, expected):
    assert stats.csat(satisfied, n) == expected


@pytest.mark.parametrize(
    ("total", "n", "expected"),
    [
        (12.0, 4, {"ces": 3.0, "n": 4}),  # 1, 2, 2, 7: 12 / 4
        (8.0, 3, {"ces": 2.7, "n": 3}),  # 2, 3, 3: 8 / 3 = 2.66…
        (3.0, 2, {"ces": 1.5, "n": 2}),  # 1, 2
        (0.0, 0, {"ces": None, "n": 0}),
    ],
)
def test_ces(total, n, expected):
    assert stats.ces(total, n) == expected


def test_wait_time_odd_count():
    # 30, 10, 20: sorted 10, 20, 30 → median 20; mean 60 / 3 = 20;
    # within 20 s: 10, 20 → 2 of 3 = 66.7
    median = stats.medians([("q", 30), ("q", 10), ("q", 20)])["q"]
    assert stats.wait_time(60.0, 3, 2, median, True) == {
        "mean": 20.0,
        "median": 20.0,
        "within_target_pct": 66.7,
        "n": 3,
    }


def test_wait_time_even_count():
    # sorted 60, 120, 121, 300 → median (120 + 121) / 2 = 120.5; mean 601 / 4 = 150.25 → 150.3
    # within 120 s: 60, 120 → 2 of 4 = 50
    median = stats.medians([("q", 300), ("q", 60), ("q", 121), ("q", 120)])["q"]
    assert stats.wait_time(601.0, 4, 2, median, True) == {
        "mean": 150.3,
        "median": 120.5,
        "within_target_pct": 50.0,
        "n": 4,
    }


def test_wait_time_without_target_or_values():
    assert stats.wait_time(30.0, 2, 0, 15.0, False)["within_target_pct"] is None
    assert stats.wait_time(0.0, 0, 0, None, True) == {
        "mean": None,
        "median": None,
        "within_target_pct": None,
        "n": 0,
    }


def test_a_question_scores_fail_rate_and_mean():
    # scored 0, 1, 1/2, 0 → 2 of 4 fail = 50; mean 1.5 / 4 = 37.5 %
    assert stats.question_score(4, 2, 1.5) == {"fail_rate": 50.0, "mean_score": 37.5}
    # 0, 1, 1 → 1 of 3 = 33.3; mean 2 / 3 = 66.7 %
    assert stats.question_score(3, 1, 2.0) == {"fail_rate": 33.3, "mean_score": 66.7}
    assert stats.question_score(0, 0, 0.0) == {"fail_rate": None, "mean_score": None}


def test_percent_is_exact_and_rounds_halves_away_from_zero():
    assert stats.percent(1, 8) == 12.5  # exactly 12.5
    assert stats.percent(1, 16) == 6.3  # 6.25 → 6.3
    assert stats.percent(-1, 16) == -6.3
    assert stats.percent(1, 0) is None


def test_output_rounding_is_half_away_from_zero_despite_float_noise():
    assert stats.out(562.4999999999999) == 562.5
    assert stats.out(0.05) == 0.1
    assert stats.out(-0.05) == -0.1
    assert stats.out(-1e-12) == 0.0
    assert stats.out(None) is None


def test_ranks_share_places_for_equal_means_and_skip_the_unranked():
    ranks = stats.competition_ranks({"a": 90.0, "b": 80.0, "c": 80.0, "d": 70.0, "e": None})
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4, "e": None}


def test_delta_needs_both_waves():
    assert stats.delta(80.0, 72.5) == 7.5
    assert stats.delta(80.0, None) is None


def test_medians_per_key_and_pooled():
    result = stats.medians([("x", 10), ("x", 30), ("y", 20)])
    assert result == {"x": 20.0, "y": 20.0, None: 20.0}
    assert stats.medians([]) == {None: None}


def test_output_rounding_takes_its_shortcut_only_where_the_snap_cannot_matter():
    def snapped(value):  # the rule out() implements: snap tenths to 6 decimals, then round
        tenths = round(abs(value) * 10, 6)
        return math.copysign(math.floor(tenths + 0.5), value) / 10 + 0.0

    rng = random.Random(7)
    values = [rng.uniform(-1000, 1000) for _ in range(20000)]
    values += [k / 20 + d for k in range(-2000, 2000) for d in (0, 1e-13, -1e-13, 4e-7, -4e-7)]
    values += [k / 3 for k in range(-3000, 3000)] + [100 * k / 7 for k in range(700)]
    assert [stats.out(v) for v in values] == [snapped(v) for v in values]


def test_added_moments_are_the_chain_of_plus():
    items = [of(0.1, 0.2), of(0.3), stats.Moments(), of(1 / 3, 2 / 3, 100.0)]
    chained = items[0] + items[1] + items[2] + items[3]
    assert stats.added(items) == chained
    assert stats.added([]) == stats.Moments()
