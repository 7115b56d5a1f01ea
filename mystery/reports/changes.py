"""Whether a wave's changes are real, for the dashboard and store pages (DESIGN §8 v2, §15):
the previous wave with Welch's verdict, and per store its change, its verdict against the
previous wave and the client average, and the ranks its 95 % interval allows."""

from mystery.analytics.queries import Scope
from mystery.analytics.stats import delta
from mystery.reports import history
from mystery.reports.context import previous_wave
from mystery.reports.significance import LOW_N, rank_ranges, welch


def wave_changes(wave, regions=()) -> dict:
    """Return the wave's change since the previous one and each store's, with verdicts."""
    scope = Scope(wave.client_id, tuple(regions or ()))
    trend = history.wave_history(wave, scope)
    chain = trend[-1]["moments"]
    previous = previous_wave(trend, wave.checklist_id, chain)
    wave_ids = [wave.id] + ([previous["id"]] if previous else [])
    moments = history.store_moments(wave_ids, scope)
    stores = []
    for (wave_id, store_id), now in moments.items():
        if wave_id != wave.id or not now.n:
            continue
        before = moments.get((previous["id"], store_id)) if previous else None
        stores.append(
            {
                "store_id": store_id,
                **now.interval(),
                "low_n": now.n < LOW_N,
                "delta_previous": delta(now.mean, before.mean if before else None),
                "verdict_previous": welch(now, before)["verdict"] if before else None,
                "delta_client": delta(now.mean, chain.mean),
                "verdict_client": welch(now, chain)["verdict"],
            }
        )
    rank_ranges(stores)
    stores.sort(key=lambda s: (-(s["mean"] or 0), s["store_id"]))
    return {
        "wave_id": wave.id,
        "n": chain.n,
        "low_n": chain.n < LOW_N,
        "previous": previous,
        "trend": [
            {
                "id": p["id"],
                "name": p["name"],
                "starts_on": p["starts_on"],
                "mean": p["moments"].interval()["mean"],
                "n": p["moments"].n,
            }
            for p in trend
        ],
        "stores": stores,
    }
