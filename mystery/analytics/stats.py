"""Wave metrics (DESIGN §4) from SQL aggregates: means with t-intervals, NPS, CSAT, CES,
wait times, fail rates, ranks. The one place these formulas live.

SQL hands back counts, sums and sums of squares of the stored full-precision floats; these
functions turn them into the §4 metrics and round half away from zero only for output.
Shares and the means of whole-number answers are exact (Fractions); means of scores are
floats, snapped before rounding (see out).
"""

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from mystery.scoring import round_half_away, to_fraction


def percent(part: int, whole: int) -> float | None:
    """Return 100 x part / whole to 1 decimal (exact, halves away from zero); None for 0."""
    return round_half_away(Fraction(100 * part, whole)) if whole else None


@lru_cache(maxsize=1024)
def t_quantile(df: int) -> float:
    """Return t(0.975, df), cached because a wave summary asks for the same few df many times."""
    # Imported here so importing analytics stays cheap for callers that never need it.
    from scipy.stats import t

    return float(t.ppf(0.975, df))


def out(value) -> float | None:
    """Round a float for output: 1 decimal, halves away from zero (as round_half_away does).

    Sums and means of floats carry noise in the last bits (562.4999999999999 for 562.5), so
    the tenths are snapped to 6 decimals first, far below any real difference. Plain float
    arithmetic: a summary rounds thousands of numbers, and Fractions would take 20x longer.
    """
    if value is None:
        return None
    tenths = abs(float(value)) * 10
    whole = math.floor(tenths)
    if abs(tenths - whole - 0.5) < 1e-5:
        # Near a half only can the snap change the result; round() is slow, so only here.
        whole = math.floor(round(tenths, 6) + 0.5)
    elif tenths - whole > 0.5:
        whole += 1
    # + 0.0 turns the -0.0 of a tiny negative into 0.0.
    return math.copysign(whole, value) / 10 + 0.0


@dataclass(slots=True)
class Moments:
    """Count, sum and sum of squares of some values: enough for a mean and its interval."""

    n: int = 0
    total: float = 0.0
    squares: float = 0.0

    def __add__(self, other: "Moments") -> "Moments":
        return Moments(self.n + other.n, self.total + other.total, self.squares + other.squares)

    @property
    def mean(self) -> float | None:
        return self.total / self.n if self.n else None

    def interval(self) -> dict:
        """Return mean, n and the 95% t-interval clipped to [0, 100], rounded for output."""
        mean = self.mean
        if mean is None:
            return {"mean": None, "n": 0, "ci_low": None, "ci_high": None}
        if self.n < 2:
            return {"mean": out(mean), "n": self.n, "ci_low": None, "ci_high": None}
        # Clamped: identical values can leave a tiny negative from float cancellation.
        variance = max(0.0, (self.squares - self.total * mean) / (self.n - 1))
        half_width = t_quantile(self.n - 1) * math.sqrt(variance / self.n)
        return {
            "mean": out(mean),
            "n": self.n,
            "ci_low": out(max(0.0, mean - half_width)),
            "ci_high": out(min(100.0, mean + half_width)),
        }


def added(items) -> Moments:
    """Add up many Moments in order (the same floats as a chain of +, without the objects)."""
    n, total, squares = 0, 0.0, 0.0
    for item in items:
        n += item.n
        total += item.total
        squares += item.squares
    return Moments(n, total, squares)


def moments(n, total, squares) -> Moments:
    """Build Moments from one SQL row's count, sum and sum of squares."""
    return Moments(int(n or 0), float(total or 0), float(squares or 0))


def delta(current: float | None, previous: float | None) -> float | None:
    """Return current - previous for output, None unless both exist."""
    if current is None or previous is None:
        return None
    return out(current - previous)


def competition_ranks(means: dict) -> dict:
    """Rank keys by mean, highest first; equal means share a rank ("1224"), None gets none."""
    ordered = sorted(
        ((round(mean, 9), key) for key, mean in means.items() if mean is not None),
        key=lambda pair: -pair[0],
    )
    ranks = dict.fromkeys(means)
    previous, rank = None, 0
    for position, (mean, key) in enumerate(ordered, 1):
        if mean != previous:
            rank, previous = position, mean
        ranks[key] = rank
    return ranks


def medians(rows) -> dict:
    """Return the median value per key and pooled (key None) from (key, value) rows.

    The values are whole seconds, so float arithmetic is exact here, and fast.
    """
    by_key = defaultdict(list)
    for key, value in rows:
        by_key[key].append(float(value))
    result = {key: statistics.median(values) for key, values in by_key.items()}
    pooled = [value for values in by_key.values() for value in values]
    result[None] = statistics.median(pooled) if pooled else None
    return result


def nps(promoters: int, detractors: int, n: int) -> dict:
    """Return NPS = 100 x (promoters - detractors) / n with the group counts."""
    return {
        "nps": percent(promoters - detractors, n),
        "promoters": promoters,
        "passives": n - promoters - detractors,
        "detractors": detractors,
        "n": n,
    }


def csat(satisfied: int, n: int) -> dict:
    """Return the % of CSAT answers that are 4 or 5."""
    return {"csat": percent(satisfied, n), "n": n}


def ces(total: float, n: int) -> dict:
    """Return the mean CES answer; answers are whole numbers, so their sum is exact."""
    mean = to_fraction(total) / n if n else None
    return {"ces": round_half_away(mean), "n": n}


def wait_time(total: float, n: int, within: int, median, has_target: bool) -> dict:
    """Return mean and median wait in seconds and the % within the first band."""
    return {
        "mean": round_half_away(to_fraction(total) / n) if n else None,
        "median": out(median) if n else None,
        "within_target_pct": percent(within, n) if has_target else None,
        "n": n,
    }


def question_score(counted: int, zeros: int, score_sum: float) -> dict:
    """Return a question's fail rate (% of counted answers scoring 0) and mean score %."""
    return {
        "fail_rate": percent(zeros, counted),
        "mean_score": out(100 * score_sum / counted) if counted else None,
    }
