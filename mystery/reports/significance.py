"""Is a change real? Welch's t-test at 5 % between two sets of visit totals (DESIGN §8 v2).

Both sides come as Moments (count, sum, sum of squares), the form the summaries already hold,
so no visit is read twice. scipy does the test from the summary statistics.
"""

import math

from mystery.analytics.stats import Moments

ALPHA = 0.05
LOW_N = 3  # scores from fewer visits carry a low-n warning
SIGNIFICANT, NORMAL, TOO_FEW = "significant", "normal", "too_few"


def spread(moments: Moments) -> float:
    """Return the sample standard deviation (n ≥ 2), never negative from float noise."""
    mean = moments.mean
    variance = max(0.0, (moments.squares - moments.total * mean) / (moments.n - 1))
    return math.sqrt(variance)


def welch(current: Moments | None, other: Moments | None) -> dict:
    """Label the difference of two means: significant, normal (variation) or too_few.

    Returns {"verdict", "p"}; p is None when the test cannot be run. Two sides without any
    spread differ for certain when their means differ (scipy gives no p then).
    """
    if current is None or other is None or current.n < 2 or other.n < 2:
        return {"verdict": TOO_FEW, "p": None}
    from scipy.stats import ttest_ind_from_stats

    s1, s2 = spread(current), spread(other)
    if s1 < 1e-9 and s2 < 1e-9:
        same = abs(current.mean - other.mean) < 1e-9
        return {"verdict": NORMAL if same else SIGNIFICANT, "p": 1.0 if same else 0.0}
    result = ttest_ind_from_stats(
        current.mean, s1, current.n, other.mean, s2, other.n, equal_var=False
    )
    p = float(result.pvalue)
    if math.isnan(p):
        return {"verdict": TOO_FEW, "p": None}
    return {"verdict": SIGNIFICANT if p < ALPHA else NORMAL, "p": round(p, 4)}


def overlaps(a: dict, b: dict) -> bool:
    """Say whether two stores' 95 % intervals overlap (no interval overlaps everything)."""
    if None in (a.get("ci_low"), a.get("ci_high"), b.get("ci_low"), b.get("ci_high")):
        return True
    return not (a["ci_low"] > b["ci_high"] or b["ci_low"] > a["ci_high"])


def rank_ranges(stores: list[dict]) -> None:
    """Give each scored store the ranks its interval allows: {"rank_low", "rank_high"}.

    A store is surely behind another only when the other's whole interval lies above its
    own; so its best rank is 1 + the stores surely ahead, its worst the scored stores not
    surely behind. Stores whose intervals all overlap share the range 1–n.
    """
    scored = [s for s in stores if s.get("mean") is not None]
    for store in stores:
        if store.get("mean") is None:
            store["rank_low"] = store["rank_high"] = None
            continue
        apart = [o for o in scored if o is not store and not overlaps(o, store)]
        ahead = sum(1 for o in apart if o["ci_low"] > store["ci_high"])
        behind = sum(1 for o in apart if o["ci_high"] < store["ci_low"])
        store["rank_low"], store["rank_high"] = 1 + ahead, len(scored) - behind
