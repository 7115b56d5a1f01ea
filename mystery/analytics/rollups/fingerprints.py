"""Whether a store's part of the wave totals is current: its fingerprint against the live visits."""

import sqlalchemy as sa

from mystery.analytics import rollups
from mystery.analytics.models import StoreRollup
from mystery.analytics.queries import Scope
from mystery.extensions import db
from mystery.stores.models import Store


def fingerprint(approved: int, submissions_sum, region: str) -> tuple | None:
    """What a store's part of the totals must have been built from."""
    return (approved, int(submissions_sum or 0), region, rollups.VERSION) if approved else None


def stale_stores(rows) -> tuple[list[int], bool]:
    """Pick the stores (queries.store_lines rows) whose counted visits differ from the live
    ones; say whether the totals were built by an older VERSION (then rebuild them all)."""
    stale, outdated = [], False
    for row in rows:
        built = None
        if row.rolled_visits is not None:
            outdated |= row.rolled_version != rollups.VERSION
            built = (
                row.rolled_visits,
                int(row.rolled_fingerprint),
                row.rolled_region,
                row.rolled_version,
            )
        if built != fingerprint(row.approved, row.fingerprint, row.region):
            stale.append(row.id)
    return stale, outdated


def readable(lines, stale: list[int], outdated: bool) -> bool:
    """Tell whether a summary may read the totals, with the stale stores' changes read beside
    them (a few visits changed); if not, it reads the answers directly."""
    if outdated:
        return False
    if any(row.approved for row in lines) and all(row.rolled_visits is None for row in lines):
        return False  # the wave's first fold
    stale = set(stale)
    changed = sum(row.approved + (row.rolled_visits or 0) for row in lines if row.id in stale)
    return changed <= rollups.CHANGES_IN_REQUEST


def moved_stores(wave_id: int, scope: Scope) -> list[int]:
    """For a region-limited view: stores counted in its regions that have moved out of them."""
    if not scope.regions:
        return []
    statement = (
        sa.select(StoreRollup.store_id)
        .join(Store, Store.id == StoreRollup.store_id)
        .where(
            StoreRollup.wave_id == wave_id,
            StoreRollup.region.in_(scope.regions),
            Store.region.not_in(scope.regions),
        )
    )
    return list(db.session.scalars(statement))
