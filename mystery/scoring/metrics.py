"""Wave metrics over many visits: means with t-intervals, NPS, CSAT, CES, wait times."""

import math
import statistics
from collections.abc import Iterable
from fractions import Fraction
from functools import lru_cache

from .rounding import Number, round_half_away, to_fraction

Values = Iterable[Number | None]


def present(values: Values) -> list[Fraction]:
    """Drop Nones and make the rest exact."""
    return [to_fraction(value) for value in values if value is not None]


def percent(part: int, whole: int) -> float | None:
    """Return 100 x part / whole to 1 decimal, None when whole is 0."""
    return round_half_away(Fraction(100 * part, whole)) if whole else None


@lru_cache(maxsize=1024)
def t_quantile(df: int) -> float:
    """Return t(0.975, df), cached because a wave summary asks for the same few df many times."""
    # Imported here so importing mystery.scoring stays cheap for callers that never need it.
    from scipy.stats import t

    return float(t.ppf(0.975, df))


def mean_interval_raw(values: Values) -> dict:
    """Return mean, n and a 95% t-interval clipped to [0, 100], unrounded floats."""
    exact = present(values)
    n = len(exact)
    if n == 0:
        return {"mean": None, "n": 0, "ci_low": None, "ci_high": None}
    mean = sum(exact, Fraction(0)) / n
    if n < 2:
        return {"mean": float(mean), "n": n, "ci_low": None, "ci_high": None}
    # Exact variance first, so identical values give a zero-width interval, not float noise.
    variance = sum(((value - mean) ** 2 for value in exact), Fraction(0)) / (n - 1)
    half_width = t_quantile(n - 1) * math.sqrt(variance) / math.sqrt(n)
    return {
        "mean": float(mean),
        "n": n,
        "ci_low": max(0.0, float(mean) - half_width),
        "ci_high": min(100.0, float(mean) + half_width),
    }


def mean_interval(values: Values) -> dict:
    """Return mean, n and a 95% t-interval clipped to [0, 100], rounded to 1 decimal."""
    exact = present(values)
    raw = mean_interval_raw(exact)
    mean = sum(exact, Fraction(0)) / len(exact) if exact else None
    return {
        "mean": round_half_away(mean),
        "n": raw["n"],
        "ci_low": round_half_away(raw["ci_low"]),
        "ci_high": round_half_away(raw["ci_high"]),
    }


def nps(values: Iterable[int | None]) -> dict:
    """Return the Net Promoter Score (promoters 9-10 minus detractors 0-6) with group counts."""
    answers = [value for value in values if value is not None]
    promoters = sum(1 for value in answers if value >= 9)
    detractors = sum(1 for value in answers if value <= 6)
    n = len(answers)
    return {
        "nps": percent(promoters - detractors, n),
        "promoters": promoters,
        "passives": n - promoters - detractors,
        "detractors": detractors,
        "n": n,
    }


def csat(values: Iterable[int | None]) -> dict:
    """Return the share of 1-5 answers that are 4 or 5, as a percentage."""
    answers = [value for value in values if value is not None]
    satisfied = sum(1 for value in answers if value >= 4)
    return {"csat": percent(satisfied, len(answers)), "n": len(answers)}


def ces(values: Iterable[int | None]) -> dict:
    """Return the mean customer-effort answer (1-7)."""
    answers = present(values)
    mean = sum(answers, Fraction(0)) / len(answers) if answers else None
    return {"ces": round_half_away(mean), "n": len(answers)}


def wait_time_target(question: dict) -> int | None:
    """Return the seconds of a wait-time question's first (lowest) band."""
    bands = question.get("bands") or []
    return min((band["max_seconds"] for band in bands), default=None)


def wait_time_stats(values: Iterable[int | None], target_seconds: int | None) -> dict:
    """Return mean and median wait in seconds and the % within target."""
    answers = present(values)
    n = len(answers)
    within = None
    if target_seconds is not None:
        within = percent(sum(1 for value in answers if value <= target_seconds), n)
    return {
        "mean": round_half_away(sum(answers, Fraction(0)) / n) if n else None,
        "median": round_half_away(statistics.median(answers)) if n else None,
        "within_target_pct": within,
        "n": n,
    }


def fail_rate(scores: Values) -> float | None:
    """Return the % of scored answers that scored 0."""
    answers = present(scores)
    return percent(sum(1 for score in answers if score == 0), len(answers))
