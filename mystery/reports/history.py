"""What the v2 reports read beside the summaries: the trend over waves, per-store moments,
stores × sections, every store of the wave and its critical failures. One statement each,
its size independent of the number of visits.
"""

import sqlalchemy as sa

from mystery.analytics.models import SectionScore
from mystery.analytics.queries import APPROVED, Scope, section_columns
from mystery.analytics.stats import Moments, moments
from mystery.checklists.models import Checklist
from mystery.extensions import db
from mystery.stores.models import Store
from mystery.visits.models import Visit
from mystery.waves.models import Wave

TREND_WAVES = 6


def _counted(scope: Scope, store_id=None):
    """The join condition of approved visits of a wave, for one store or the stores in scope."""
    counted = (Visit.wave_id == Wave.id) & (Visit.status == APPROVED)
    if store_id is not None:
        return counted & (Visit.store_id == store_id)
    if scope.limited:
        counted &= Visit.store_id.in_(scope.store_ids())
    return counted


def wave_history(wave, scope: Scope, store_id=None, limit=TREND_WAVES) -> list[dict]:
    """Return the client's last `limit` waves up to this one, oldest first, each with its
    dates, checklist version and the moments of its approved totals (one store or scope)."""
    total = Visit.score_total
    statement = (
        sa.select(
            Wave.id,
            Wave.name,
            Wave.starts_on,
            Wave.ends_on,
            Wave.checklist_id,
            Checklist.name.label("checklist_name"),
            Checklist.version,
            sa.func.count(total).label("n"),
            sa.func.coalesce(sa.func.sum(total), 0.0).label("total"),
            sa.func.coalesce(sa.func.sum(total * total), 0.0).label("squares"),
        )
        .select_from(Wave)
        .join(Checklist, Checklist.id == Wave.checklist_id)
        .outerjoin(Visit, _counted(scope, store_id))
        .where(
            Wave.client_id == wave.client_id,
            # As the summaries' previous wave: the latest starting before this one.
            sa.or_(Wave.starts_on < wave.starts_on, Wave.id == wave.id),
        )
        .group_by(Wave.id, Wave.name, Wave.starts_on, Wave.ends_on, Wave.checklist_id)
        .group_by(Checklist.name, Checklist.version)
        .order_by((Wave.id == wave.id).desc(), Wave.starts_on.desc(), Wave.id.desc())
        .limit(limit)
    )
    rows = db.session.execute(statement).all()
    rows = rows[:1] + sorted(rows[1:], key=lambda row: (row.starts_on, row.id), reverse=True)
    return [
        {
            "id": row.id,
            "name": row.name,
            "starts_on": row.starts_on.isoformat(),
            "ends_on": row.ends_on.isoformat(),
            "checklist_id": row.checklist_id,
            "checklist": {"name": row.checklist_name, "version": row.version},
            "moments": moments(row.n, row.total, row.squares),
        }
        for row in reversed(rows)
    ]


def store_moments(wave_ids, scope: Scope) -> dict:
    """Return {(wave id, store id): Moments} of approved totals in these waves, in scope."""
    total = Visit.score_total
    statement = (
        sa.select(
            Visit.wave_id,
            Visit.store_id,
            sa.func.count(total),
            sa.func.coalesce(sa.func.sum(total), 0.0),
            sa.func.coalesce(sa.func.sum(total * total), 0.0),
        )
        .where(Visit.wave_id.in_(list(wave_ids)), Visit.status == APPROVED)
        .group_by(Visit.wave_id, Visit.store_id)
    )
    if scope.limited:
        statement = statement.where(Visit.store_id.in_(scope.store_ids()))
    return {
        (wave_id, store_id): moments(n, s, q)
        for wave_id, store_id, n, s, q in db.session.execute(statement)
    }


def store_sections(wave_id, scope: Scope) -> dict:
    """Return {(store id, section key): mean section %} over the wave's approved visits."""
    statement = (
        sa.select(Visit.store_id, SectionScore.section, *section_columns())
        .select_from(SectionScore)
        .join(Visit, Visit.current_submission_id == SectionScore.submission_id)
        .where(Visit.wave_id == wave_id, Visit.status == APPROVED)
        .group_by(Visit.store_id, SectionScore.section)
    )
    if scope.limited:
        statement = statement.where(Visit.store_id.in_(scope.store_ids()))
    return {
        (row.store_id, row.section): Moments(int(row.n), float(row.pct_sum), 0.0).mean
        for row in db.session.execute(statement)
    }


def wave_stores(wave_id, scope: Scope) -> list[dict]:
    """Return every store with a (non-cancelled) visit in the wave, in scope, by code."""
    statement = (
        sa.select(Store.id, Store.code, Store.name, Store.city, Store.region)
        .where(
            Store.id.in_(
                sa.select(Visit.store_id).where(
                    Visit.wave_id == wave_id, Visit.status != "cancelled"
                )
            )
        )
        .order_by(Store.code, Store.id)
    )
    statement = scope.stores(statement)
    return [row._asdict() for row in db.session.execute(statement)]


def critical_visits(wave_id, scope: Scope):
    """Return the wave's approved visits with a critical failure, in scope: (visit, store)."""
    statement = (
        sa.select(Visit, Store.name, Store.code)
        .join(Store, Store.id == Visit.store_id)
        .where(Visit.wave_id == wave_id, Visit.status == APPROVED, Visit.critical_failed)
        .order_by(Store.code, Visit.submitted_at, Visit.id)
    )
    return db.session.execute(scope.stores(statement)).all()
