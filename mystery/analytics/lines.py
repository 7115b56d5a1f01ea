"""The per-store lines of a wave summary and the previous wave's per-store totals.

Both statements are built once per scope shape and kept, the wave and scope as bound
parameters: building these selects and computing their cache keys cost more than running
them.
"""

from functools import lru_cache

import sqlalchemy as sa

from mystery.analytics.models import StoreRollup
from mystery.analytics.queries import (
    APPROVED,
    MOMENTS,
    WAVE_ID,
    Scope,
    moments_columns,
    plain,
    previous_wave_id,
)
from mystery.extensions import db
from mystery.stores.models import Store
from mystery.visits.models import STATUSES, Visit
from mystery.waves.models import Wave

SCOPE_CLIENT = sa.bindparam("scope_client_id")
SCOPE_REGIONS = sa.bindparam("scope_regions", expanding=True)


def scope_params(scope: Scope) -> dict:
    """The bound parameters of scoped_store_ids() for this scope."""
    params = {"scope_client_id": scope.client_id} if scope.client_view else {}
    return {**params, "scope_regions": list(scope.regions)} if scope.regions else params


def in_scope_of(scope_shape: tuple) -> list:
    """Where-clauses limiting visits to the stores in scope, as bound parameters (see
    scope_params), so statements can be built once per shape and kept."""
    client_view, regions = scope_shape
    if not (client_view or regions):
        return []
    stores = sa.select(Store.id)
    if client_view:
        stores = stores.where(Store.client_id == SCOPE_CLIENT)
    if regions:
        stores = stores.where(Store.region.in_(SCOPE_REGIONS))
    return [Visit.store_id.in_(stores.scalar_subquery())]


def shape_of(scope: Scope) -> tuple:
    """What the statements of a scope depend on, hashable."""
    return scope.client_view, bool(scope.regions)


@lru_cache(maxsize=16)
def store_lines_statement(scope_shape: tuple):
    """Select store_lines() for a scope shape."""
    client_view = scope_shape[0]
    statuses = [] if client_view else STATUSES
    # Group by store and status first, then fold the few status rows of each store: far
    # fewer aggregate calls than filtering every visit row into a dozen aggregates.
    total = Visit.score_total
    by_status = (
        sa.select(
            Visit.store_id,
            Visit.status,
            sa.func.count().label("visits"),
            sa.func.count(total).label("n"),
            sa.func.sum(total).label("total"),
            sa.func.sum(total * total).label("squares"),
            sa.func.count(sa.case((Visit.critical_failed, 1))).label("critical"),
            sa.func.sum(Visit.current_submission_id).label("fingerprint"),
        )
        .where(Visit.wave_id == WAVE_ID, *in_scope_of(scope_shape))
        .group_by(Visit.status, Visit.store_id)  # the index order (ix_visits_wave_status_store)
    )
    if client_view:
        by_status = by_status.where(Visit.status == APPROVED)
    by_status = by_status.subquery()
    approved = by_status.c.status == APPROVED

    def whole(column, where):
        return sa.cast(sa.func.coalesce(sa.func.sum(column).filter(where), 0), sa.BigInteger)

    per_store = (
        sa.select(
            by_status.c.store_id,
            *(
                whole(by_status.c.visits, by_status.c.status == status).label(f"status_{status}")
                for status in statuses
            ),
            whole(by_status.c.n, approved).label("n"),
            sa.func.coalesce(sa.func.sum(by_status.c.total).filter(approved), 0.0).label("total"),
            sa.func.coalesce(sa.func.sum(by_status.c.squares).filter(approved), 0.0).label(
                "squares"
            ),
            whole(by_status.c.critical, approved).label("critical"),
            whole(by_status.c.visits, approved).label("approved"),
            sa.cast(sa.func.sum(by_status.c.fingerprint).filter(approved), sa.BigInteger).label(
                "fingerprint"
            ),
        )
        .group_by(by_status.c.store_id)
        .subquery()
    )
    return (
        sa.select(
            Store.id,
            Store.code,
            Store.name,
            Store.city,
            Store.region,
            *(per_store.c[f"status_{status}"] for status in statuses),
            *(per_store.c[column] for column in MOMENTS),
            StoreRollup.visits.label("rolled_visits"),
            StoreRollup.submissions_sum.label("rolled_fingerprint"),
            StoreRollup.region.label("rolled_region"),
            StoreRollup.version.label("rolled_version"),
        )
        .join(per_store, per_store.c.store_id == Store.id)
        .outerjoin(
            StoreRollup, (StoreRollup.wave_id == WAVE_ID) & (StoreRollup.store_id == Store.id)
        )
    )


def store_lines(wave_id, scope: Scope):
    """Per store with visits in scope: the store, its visits by status (status_open …; none in
    a client view, which sees approved visits only), moments_columns() and its rollup
    fingerprint."""
    params = {"wave_id": wave_id, **scope_params(scope)}
    return plain(db.session.connection().execute(store_lines_statement(shape_of(scope)), params))


@lru_cache(maxsize=16)
def previous_totals_statement(scope_shape: tuple):
    """Select previous_totals() for a scope shape."""
    previous = previous_wave_id()
    counted = sa.and_(Visit.wave_id == Wave.id, Visit.status == APPROVED, *in_scope_of(scope_shape))
    return (
        sa.select(Wave.id, Wave.name, Visit.store_id.label("store_id"), *moments_columns()[:3])
        .select_from(Wave)
        .outerjoin(Visit, counted)
        .where(Wave.id == previous)
        .group_by(Wave.id, Wave.name, Visit.store_id)
    )


def previous_totals(wave, scope: Scope):
    """Find the client's previous wave (the latest starting before this one) and, per store
    in scope, n, sum and sum of squares of its approved totals: one query.

    Return (the wave's row with id and name, or None; the rows with a store_id).
    """
    params = {"client_id": wave.client_id, "starts_on": wave.starts_on, **scope_params(scope)}
    statement = previous_totals_statement(shape_of(scope))
    rows = plain(db.session.connection().execute(statement, params))
    return (rows[0] if rows else None), [row for row in rows if row.store_id is not None]
