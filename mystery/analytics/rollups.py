"""Region totals of approved answers and section scores, for wave summaries on PostgreSQL.

A summary over a million answer rows cannot re-read them within its 150 ms budget, so each
wave keeps per-region totals (question counts and sums, section sums, wait-time counts per
second) together with the list of visits they include (rolled_visits) and, per store, the
fingerprint of those visits: how many, the sum of their submission ids, the store's region.
Every summary compares the fingerprints with the live visits (it reads them anyway for the
store ranking) and, in a short transaction of its own, folds in only what changed: the
visits approved since, out with any that left or moved region. Right after an approval that
is one visit's answers. Nothing is served unchecked, so this is not a response cache.
"""

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from mystery.analytics.models import (
    QuestionTotal,
    RolledVisit,
    SectionScore,
    SectionTotal,
    StoreRollup,
    WaitCount,
)
from mystery.analytics.queries import (
    APPROVED,
    Plan,
    Scope,
    question_columns,
    section_columns,
    waiting,
)
from mystery.extensions import db
from mystery.stores.models import Store
from mystery.submissions.models import Answer
from mystery.visits.models import Visit

# Bump when what the totals hold changes meaning: the next summary rebuilds the wave's.
VERSION = 1
# pg_advisory_xact_lock(namespace, wave id) serialises the folding of one wave.
LOCK_NAMESPACE = 0x6D79
QUESTION_SUMS = [c.name for c in QuestionTotal.__table__.c][3:]
SECTION_SUMS = [c.name for c in SectionTotal.__table__.c][3:]
TOTALS = (QuestionTotal, SectionTotal, WaitCount, RolledVisit, StoreRollup)


def enabled() -> bool:
    """Use totals on PostgreSQL; SQLite (embedded, small) aggregates the rows directly."""
    return db.session.get_bind().dialect.name == "postgresql"


def fingerprint(approved: int, submissions_sum, region: str) -> tuple | None:
    """What a store's part of the totals must have been built from."""
    return (approved, int(submissions_sum or 0), region, VERSION) if approved else None


def stale_stores(rows) -> tuple[list[int], bool]:
    """Pick the stores (queries.store_lines rows) whose counted visits differ from the live
    ones; say whether the totals were built by an older VERSION (then rebuild them all)."""
    stale, outdated = [], False
    for row in rows:
        built = None
        if row.rolled_visits is not None:
            outdated |= row.rolled_version != VERSION
            built = (
                row.rolled_visits,
                int(row.rolled_fingerprint),
                row.rolled_region,
                row.rolled_version,
            )
        if built != fingerprint(row.approved, row.fingerprint, row.region):
            stale.append(row.id)
    return stale, outdated


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


def refresh(wave_id: int, plan: Plan, candidates: list[int], rebuild: bool = False) -> None:
    """Fold the changes of the candidate stores' approved visits into the wave's totals, or
    rebuild the wave's totals from scratch."""
    if not candidates and not rebuild:
        return
    with db.engine.begin() as conn:
        # Serialise folds of this wave; and, these being derived rows, don't wait for the
        # commit's disk flush: losing the last fold in a crash only means folding it again.
        conn.execute(
            sa.select(
                sa.func.pg_advisory_xact_lock(LOCK_NAMESPACE, wave_id),
                sa.func.set_config("synchronous_commit", "off", True),
            )
        )
        if rebuild:
            for table in TOTALS:
                conn.execute(sa.delete(table).where(table.wave_id == wave_id))
            candidates = None
        now = {row.id: tuple(row[1:]) for row in conn.execute(live_visits(wave_id, candidates))}
        before = {
            row.visit_id: tuple(row[1:])
            for row in conn.execute(
                sa.select(
                    RolledVisit.visit_id,
                    RolledVisit.store_id,
                    RolledVisit.submission_id,
                    RolledVisit.region,
                ).where(
                    RolledVisit.wave_id == wave_id,
                    *stores_in(RolledVisit.store_id, candidates),
                )
            )
        }
        removed = [visit for visit, row in before.items() if now.get(visit) != row]
        added = [visit for visit, row in now.items() if before.get(visit) != row]
        if removed:
            fold(conn, wave_id, plan, removed, -1)
            conn.execute(
                sa.delete(RolledVisit).where(
                    RolledVisit.wave_id == wave_id, RolledVisit.visit_id.in_(removed)
                )
            )
        if added:
            fold(conn, wave_id, plan, added, +1)
            conn.execute(sa.insert(RolledVisit), [rolled_row(wave_id, v, *now[v]) for v in added])
        record_fingerprints(conn, wave_id, candidates, now)


def rolled_row(wave_id, visit_id, store_id, submission_id, region) -> dict:
    """A rolled_visits row."""
    return {
        "wave_id": wave_id,
        "visit_id": visit_id,
        "store_id": store_id,
        "submission_id": submission_id,
        "region": region,
    }


def stores_in(column, candidates) -> list:
    """A where-clause limiting column to the candidate stores (none: every store)."""
    return [] if candidates is None else [column.in_(candidates)]


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


def record_fingerprints(conn, wave_id: int, candidates, now: dict) -> None:
    """Store what each candidate store's part of the totals now includes."""
    states: dict[int, dict] = {}
    for store, submission, region in now.values():
        state = states.setdefault(
            store,
            {
                "wave_id": wave_id,
                "store_id": store,
                "region": region,
                "visits": 0,
                "submissions_sum": 0,
                "version": VERSION,
            },
        )
        state["visits"] += 1
        state["submissions_sum"] += submission
    gone = set(candidates or ()) - set(states)
    if gone:  # stores whose approved visits all went (not in the lifecycle, but possible)
        conn.execute(
            sa.delete(StoreRollup).where(
                StoreRollup.wave_id == wave_id, StoreRollup.store_id.in_(gone)
            )
        )
    if states:
        insert = pg_insert(StoreRollup)
        changing = ("region", "visits", "submissions_sum", "version", "refreshed_at")
        conn.execute(
            insert.on_conflict_do_update(
                index_elements=["wave_id", "store_id"],
                set_={name: getattr(insert.excluded, name) for name in changing},
            ),
            list(states.values()),
        )


def fold(conn, wave_id: int, plan: Plan, visit_ids: list[int], sign: int) -> None:
    """Add (sign +1: from the visits' current submissions) or take out (-1: from what was
    counted for them) the visits' answers, section scores and waits, region by region."""
    if sign > 0:
        region = Store.region

        def source(statement, submission_column):
            return (
                statement.join(Visit, Visit.current_submission_id == submission_column)
                .join(Store, Store.id == Visit.store_id)
                .where(Visit.id.in_(visit_ids))
            )
    else:
        region = RolledVisit.region

        def source(statement, submission_column):
            return statement.join(
                RolledVisit, RolledVisit.submission_id == submission_column
            ).where(RolledVisit.wave_id == wave_id, RolledVisit.visit_id.in_(visit_ids))

    wave = sa.literal(wave_id)
    questions = (
        sa.select(
            wave, region, Answer.question, *(sign * column for column in question_columns(plan))
        )
        .select_from(Answer)
        .group_by(region, Answer.question)
    )
    upsert(conn, QuestionTotal, QUESTION_SUMS, source(questions, Answer.submission_id))
    sections = (
        sa.select(
            wave, region, SectionScore.section, *(sign * column for column in section_columns())
        )
        .select_from(SectionScore)
        .group_by(region, SectionScore.section)
    )
    upsert(conn, SectionTotal, SECTION_SUMS, source(sections, SectionScore.submission_id))
    if plan.waits:
        waits = (
            sa.select(wave, region, Answer.question, Answer.num_value, sign * sa.func.count())
            .select_from(Answer)
            .where(waiting(plan))
            .group_by(region, Answer.question, Answer.num_value)
        )
        upsert(conn, WaitCount, ["n"], source(waits, Answer.submission_id))


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


def rolled_questions(wave_id: int, scope: Scope):
    """Sum the question totals of the regions in scope, per question."""
    sums = [sa.func.sum(getattr(QuestionTotal, name)).label(name) for name in QUESTION_SUMS]
    statement = (
        sa.select(QuestionTotal.question, *sums)
        .where(QuestionTotal.wave_id == wave_id, *regions_in(QuestionTotal.region, scope))
        .group_by(QuestionTotal.question)
    )
    return db.session.execute(statement).all()


def rolled_sections(wave_id: int, scope: Scope):
    """Read the section totals of the regions in scope."""
    statement = sa.select(
        SectionTotal.region,
        SectionTotal.section,
        SectionTotal.n,
        SectionTotal.pct_sum,
        SectionTotal.pct_sumsq,
    ).where(
        SectionTotal.wave_id == wave_id,
        SectionTotal.n > 0,
        *regions_in(SectionTotal.region, scope),
    )
    return db.session.execute(statement).all()


def rolled_wait_medians(wave_id: int, plan: Plan, scope: Scope) -> dict:
    """Return the median wait per wait-time question and pooled (key None), found in SQL by
    running counts over the seconds histogram: the value at 0-based rank k is the smallest
    whose running count exceeds k; the median averages ranks (n - 1) // 2 and n // 2."""
    if not plan.waits:
        return {}
    counts = (
        sa.select(WaitCount.question, WaitCount.seconds, sa.func.sum(WaitCount.n).label("n"))
        .where(WaitCount.wave_id == wave_id, WaitCount.n > 0, *regions_in(WaitCount.region, scope))
        .group_by(
            sa.func.grouping_sets(
                sa.tuple_(WaitCount.question, WaitCount.seconds), sa.tuple_(WaitCount.seconds)
            )
        )
        .subquery()
    )
    running = sa.select(
        counts.c.question,
        counts.c.seconds,
        sa.func.sum(counts.c.n)
        .over(partition_by=counts.c.question, order_by=counts.c.seconds)
        .label("below"),
        sa.func.sum(counts.c.n).over(partition_by=counts.c.question).label("total"),
    ).subquery()
    low = sa.func.min(running.c.seconds).filter(running.c.below > (running.c.total - 1) / 2)
    high = sa.func.min(running.c.seconds).filter(running.c.below > running.c.total / 2)
    statement = sa.select(running.c.question, (low + high) / 2).group_by(running.c.question)
    return dict(db.session.execute(statement).all())


def regions_in(column, scope: Scope) -> list:
    """A where-clause limiting a region column to the view's regions, if it has some."""
    return [column.in_(scope.regions)] if scope.regions else []
