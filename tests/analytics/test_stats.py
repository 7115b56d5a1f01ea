"""Unit tests of analytics/stats.py: the aggregate formulas agree with the value-list metrics.

SQL hands analytics counts, sums and sums of squares; mystery.scoring.metrics computes the
same DESIGN §4 metrics exactly from the values themselves. Both must give the same numbers.
"""

import random

import pytest

from mystery.analytics import stats
from mystery.scoring import metrics

SEEDS = range(20)


def _moments(values):
    return stats.Moments(len(values), float(sum(values)), float(sum(v * v for v in values)))


@pytest.mark.parametrize("seed", SEEDS)
def test_mean_and_interval_match_the_exact_metric(seed):
    rng = random.Random(seed)
    values = [rng.choice([0, 12.5, 25, 50, 62.5, 75, 87.5, 100]) for _ in range(rng.randint(2, 40))]
    assert _moments(values).interval() == metrics.mean_interval(values)


def test_one_value_has_no_interval_and_none_has_no_mean():
    assert stats.Moments(1, 80.0, 6400.0).interval() == {
        "mean": 80.0,
        "n": 1,
        "ci_low": None,
        "ci_high": None,
    }
    assert stats.Moments().interval() == {"mean": None, "n": 0, "ci_low": None, "ci_high": None}


def test_identical_values_have_a_zero_width_interval():
    assert _moments([70.0] * 5).interval() == {
        "mean": 70.0,
        "n": 5,
        "ci_low": 70.0,
        "ci_high": 70.0,
    }


@pytest.mark.parametrize("seed", SEEDS)
def test_nps_csat_ces_match_the_value_metrics(seed):
    rng = random.Random(seed)
    scores = [rng.randint(0, 10) for _ in range(rng.randint(1, 30))]
    promoters = sum(1 for v in scores if v >= 9)
    detractors = sum(1 for v in scores if v <= 6)
    assert stats.nps(promoters, detractors, len(scores)) == metrics.nps(scores)
    csat = [rng.randint(1, 5) for _ in range(rng.randint(1, 30))]
    assert stats.csat(sum(1 for v in csat if v >= 4), len(csat)) == metrics.csat(csat)
    ces = [rng.randint(1, 7) for _ in range(rng.randint(1, 30))]
    assert stats.ces(float(sum(ces)), len(ces)) == metrics.ces(ces)


@pytest.mark.parametrize("seed", SEEDS)
def test_wait_time_matches_the_value_metric(seed):
    rng = random.Random(seed)
    waits = [rng.randint(0, 600) for _ in range(rng.randint(1, 30))]
    median = stats.medians([("q", w) for w in waits])["q"]
    within = sum(1 for w in waits if w <= 120)
    assert stats.wait_time(float(sum(waits)), len(waits), within, median, True) == (
        metrics.wait_time_stats(waits, 120)
    )


def test_a_question_scores_fail_rate_matches_and_its_mean_is_a_percentage():
    scores = [0, 0.5, 1, 1, 0]
    result = stats.question_score(len(scores), scores.count(0), float(sum(scores)))
    assert result == {"fail_rate": metrics.fail_rate(scores), "mean_score": 50.0}
    assert stats.question_score(0, 0, 0.0) == {"fail_rate": None, "mean_score": None}


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
