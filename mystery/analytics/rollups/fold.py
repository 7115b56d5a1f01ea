"""The SQL that folds approved visits' answers into a wave's region totals, or rebuilds them."""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert

from mystery.analytics import rollups
from mystery.analytics.models import (
    QuestionTotal,
    RolledVisit,
    SectionScore,
    SectionTotal,
    StoreRollup,
    WaitCount,
)
from mystery.analytics.queries import APPROVED, Plan, question_columns, section_columns, waiting
from mystery.extensions import db
from mystery.stores.models import Store
from mystery.submissions.models import Answer
from mystery.visits.models import Visit

QUESTION_SUMS = [c.name for c in QuestionTotal.__table__.c][3:]
SECTION_SUMS = [c.name for c in SectionTotal.__table__.c][3:]
TOTALS = (QuestionTotal, SectionTotal, WaitCount, RolledVisit, StoreRollup)
SUMS = {QuestionTotal: QUESTION_SUMS, SectionTotal: SECTION_SUMS, WaitCount: ["n"]}


def refresh(
    wave_id: int, plan: Plan, candidates: list[int], rebuild: bool = False, lock_timeout=None
) -> None:
    """Fold the changes of the candidate stores' approved visits into the wave's totals, or
    rebuild the wave's totals from scratch.

    The visits to take out and to add are subqueries, never lists of ids in Python: a wave of
    any size folds in a fixed number of statements (PostgreSQL caps parameters at 65,535).
    """
    if not candidates and not rebuild:
        return
    with db.engine.begin() as conn:
        # Serialise folds of this wave; and, these being derived rows, don't wait for the
        # commit's disk flush: losing the last fold in a crash only means folding it again.
        settings = [sa.func.set_config("synchronous_commit", "off", True)]
        if lock_timeout:
            # A background fold gives way: to a fold going on (it does the same work) and,
            # by failing before the deadlock detector picks a victim, to any writer.
            settings.append(sa.func.set_config("lock_timeout", lock_timeout, True))
            lock = sa.func.pg_try_advisory_xact_lock(rollups.LOCK_NAMESPACE, wave_id)
        else:
            lock = sa.func.pg_advisory_xact_lock(rollups.LOCK_NAMESPACE, wave_id)
        locked = conn.execute(sa.select(lock, *settings)).scalar()
        if lock_timeout and not locked:
            return
        if rebuild:
            for table in TOTALS:
                conn.execute(sa.delete(table).where(table.wave_id == wave_id))
            candidates = None
        removed, added = counted_gone(wave_id, candidates), uncounted(wave_id, candidates)
        any_removed, any_added = conn.execute(sa.select(sa.exists(removed), sa.exists(added))).one()
        if any_removed:
            fold(conn, wave_id, plan, removed, -1)
            conn.execute(
                sa.delete(RolledVisit).where(
                    RolledVisit.wave_id == wave_id, RolledVisit.visit_id.in_(removed)
                )
            )
        if any_added:
            fold(conn, wave_id, plan, added, +1)
            # Every counted visit left is counted as it is now (the others were taken out
            # above), so the live visits go in as they are, minus those already there. No
            # NOT EXISTS against the table being filled: PostgreSQL would scan the rows this
            # very statement inserts, over and over.
            columns = ["wave_id", "visit_id", "store_id", "submission_id", "region"]
            rows = uncounted(wave_id, candidates, columns=True)
            conn.execute(
                pg_insert(RolledVisit)
                .from_select(columns, rows)
                .on_conflict_do_nothing(index_elements=["wave_id", "visit_id"])
            )
        record_fingerprints(conn, wave_id, candidates)


def stores_in(column, candidates) -> list:
    """A where-clause limiting column to the candidate stores (none: every store), as one
    array parameter however many stores there are."""
    if candidates is None:
        return []
    if isinstance(candidates, sa.BindParameter):  # a kept statement's parameter
        return [column == sa.any_(candidates)]
    return [column == sa.any_(sa.literal(list(candidates), ARRAY(sa.Integer)))]


def live_visits(wave_id: int, candidates):
    """Select the approved visits (id, store, current submission, store region) to count."""
    return (
        sa.select(Visit.id, Visit.store_id, Visit.current_submission_id, Store.region)
        .join(Store, Store.id == Visit.store_id)
        .where(
            Visit.wave_id == wave_id,
            Visit.status == APPROVED,
            *stores_in(Visit.store_id, candidates),
        )
    )


def uncounted(wave_id: int, candidates, columns=False):
    """Select the ids of live approved visits the totals do not count as they are now; with
    columns, every live visit as a rolled_visits row (to insert, skipping those there)."""
    counted = sa.select(RolledVisit.visit_id).where(
        RolledVisit.wave_id == wave_id,
        RolledVisit.visit_id == Visit.id,
        RolledVisit.submission_id == Visit.current_submission_id,
        RolledVisit.region == Store.region,
    )
    if columns:
        return live_visits(wave_id, candidates).with_only_columns(
            sa.literal(wave_id), Visit.id, Visit.store_id, Visit.current_submission_id, Store.region
        )
    return live_visits(wave_id, candidates).with_only_columns(Visit.id).where(~counted.exists())


def counted_gone(wave_id: int, candidates):
    """Select the ids of counted visits that are no longer approved as they were counted
    (left approval, another submission, their store moved region)."""
    live = (
        sa.select(Visit.id)
        .join(Store, Store.id == Visit.store_id)
        .where(
            Visit.id == RolledVisit.visit_id,
            Visit.wave_id == wave_id,
            Visit.status == APPROVED,
            Visit.current_submission_id == RolledVisit.submission_id,
            Store.region == RolledVisit.region,
        )
    )
    return sa.select(RolledVisit.visit_id).where(
        RolledVisit.wave_id == wave_id,
        *stores_in(RolledVisit.store_id, candidates),
        ~live.exists(),
    )


def record_fingerprints(conn, wave_id: int, candidates) -> None:
    """Store what each candidate store's part of the totals now includes, in SQL."""
    counted = (
        sa.select(
            sa.literal(wave_id),
            RolledVisit.store_id,
            sa.func.min(RolledVisit.region),
            sa.func.count(),
            sa.func.sum(RolledVisit.submission_id),
            sa.literal(rollups.VERSION),
            sa.func.now(),
        )
        .where(RolledVisit.wave_id == wave_id, *stores_in(RolledVisit.store_id, candidates))
        .group_by(RolledVisit.store_id)
    )
    # Stores whose approved visits all went (not in the lifecycle, but possible).
    conn.execute(
        sa.delete(StoreRollup).where(
            StoreRollup.wave_id == wave_id,
            *stores_in(StoreRollup.store_id, candidates),
            ~sa.select(RolledVisit.visit_id)
            .where(RolledVisit.wave_id == wave_id, RolledVisit.store_id == StoreRollup.store_id)
            .exists(),
        )
    )
    names = ["wave_id", "store_id", "region", "visits", "submissions_sum", "version"]
    insert = pg_insert(StoreRollup).from_select([*names, "refreshed_at"], counted)
    changing = ("region", "visits", "submissions_sum", "version", "refreshed_at")
    conn.execute(
        insert.on_conflict_do_update(
            index_elements=["wave_id", "store_id"],
            set_={name: getattr(insert.excluded, name) for name in changing},
        )
    )


def fold(conn, wave_id: int, plan: Plan, visits, sign: int) -> None:
    """Add (sign +1) or take out (-1) the answers, section scores and waits of the visits (a
    subquery of ids) to or from the wave's totals, region by region."""
    for table, statement in changes(wave_id, plan, visits, sign).items():
        upsert(conn, table, SUMS[table], statement)


def changes(wave_id: int, plan: Plan, visits, sign: int) -> dict:
    """Select, per totals table, the grouped rows the visits (a subquery of ids) add (sign +1:
    from their current submissions) or take out (-1: from what was counted for them), in the
    table's column order. The fold adds them to the totals; a summary reads them beside the
    totals for what is not folded yet."""
    if sign > 0:
        region = Store.region

        def source(statement, submission_column):
            return (
                statement.join(Visit, Visit.current_submission_id == submission_column)
                .join(Store, Store.id == Visit.store_id)
                .where(Visit.id.in_(visits))
            )
    else:
        region = RolledVisit.region

        def source(statement, submission_column):
            return statement.join(
                RolledVisit, RolledVisit.submission_id == submission_column
            ).where(RolledVisit.wave_id == wave_id, RolledVisit.visit_id.in_(visits))

    wave = wave_id if isinstance(wave_id, sa.BindParameter) else sa.literal(wave_id)
    questions = (
        sa.select(
            wave, region, Answer.question, *(sign * column for column in question_columns(plan))
        )
        .select_from(Answer)
        .group_by(region, Answer.question)
    )
    sections = (
        sa.select(
            wave, region, SectionScore.section, *(sign * column for column in section_columns())
        )
        .select_from(SectionScore)
        .group_by(region, SectionScore.section)
    )
    selected = {
        QuestionTotal: source(questions, Answer.submission_id),
        SectionTotal: source(sections, SectionScore.submission_id),
    }
    if plan.waits:
        waits = (
            sa.select(wave, region, Answer.question, Answer.num_value, sign * sa.func.count())
            .select_from(Answer)
            .where(waiting(plan))
            .group_by(region, Answer.question, Answer.num_value)
        )
        selected[WaitCount] = source(waits, Answer.submission_id)
    return selected


def upsert(conn, table, sums: list[str], statement) -> None:
    """Insert grouped sums, adding them to the rows already there."""
    keys = [c.name for c in table.__table__.primary_key.columns]
    insert = pg_insert(table).from_select(keys + sums, statement)
    conn.execute(
        insert.on_conflict_do_update(
            index_elements=keys,
            set_={name: getattr(table, name) + getattr(insert.excluded, name) for name in sums},
        )
    )
