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

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
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
    load_plan,
    question_columns,
    section_columns,
    store_lines,
    waiting,
)
from mystery.database import after_commit
from mystery.extensions import db
from mystery.stores.models import Store
from mystery.submissions.models import Answer
from mystery.visits.models import Visit
from mystery.visits.signals import visit_approved, visit_rescored
from mystery.waves.models import Wave

log = logging.getLogger(__name__)

# Bump when what the totals hold changes meaning: the next summary rebuilds the wave's.
VERSION = 1
# pg_advisory_xact_lock(namespace, wave id) serialises the folding of one wave.
LOCK_NAMESPACE = 0x6D79
QUESTION_SUMS = [c.name for c in QuestionTotal.__table__.c][3:]
SECTION_SUMS = [c.name for c in SectionTotal.__table__.c][3:]
TOTALS = (QuestionTotal, SectionTotal, WaitCount, RolledVisit, StoreRollup)
# A summary folds at most this many changed visits itself. More (a wave's first fold, a
# rebuild, a bulk import) go to a background fold, and the summary reads the answers
# directly meanwhile, so no GET ever waits for seconds of folding.
FOLD_IN_REQUEST = 200


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


def fold_in_request(lines, stale: list[int], outdated: bool) -> bool:
    """Tell whether a summary may fold the stale stores itself (a few visits changed)."""
    if outdated:
        return False
    if any(row.approved for row in lines) and all(row.rolled_visits is None for row in lines):
        return False  # the wave's first fold
    stale = set(stale)
    changed = sum(row.approved + (row.rolled_visits or 0) for row in lines if row.id in stale)
    return changed <= FOLD_IN_REQUEST


def catch_up(wave_id: int, lock_timeout=None) -> None:
    """Bring a wave's totals up to date with its approved visits (a job's work, not a GET's)."""
    if not enabled():
        return
    wave = db.session.get(Wave, wave_id)
    if wave is None:
        return
    plan = load_plan(wave)
    stale, outdated = stale_stores(store_lines(wave_id, Scope()))
    db.session.rollback()
    refresh(wave_id, plan, stale, rebuild=outdated, lock_timeout=lock_timeout)


_folder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mystery-fold")
_queued: set[int] = set()
_queued_lock = threading.Lock()


def fold_later(app, wave_id: int) -> None:
    """Queue a background catch_up of a wave (once, however often it is asked for)."""
    with _queued_lock:
        if wave_id in _queued:
            return
        _queued.add(wave_id)
    _folder.submit(_fold_in_background, app, wave_id)


def _fold_in_background(app, wave_id):
    with _queued_lock:
        _queued.discard(wave_id)  # a change from now on queues another fold
    with app.app_context():
        try:
            catch_up(wave_id, lock_timeout="500ms")
        except Exception:
            log.exception("Folding the totals of wave %s failed", wave_id)
        finally:
            db.session.remove()


@visit_approved.connect
def _fold_after_approval(visit, **_details):
    """Fold an approved visit's store into the wave's totals once the approval committed."""
    if not enabled():
        return
    wave_id, store_id = visit.wave_id, visit.store_id
    plan = load_plan(db.session.get(Wave, wave_id))
    after_commit(lambda: refresh(wave_id, plan, [store_id]))


@visit_rescored.connect
def _rebuild_after_rescore(visit, **_details):
    """A corrected answer drops the wave's totals (rescored.py): rebuild them once the
    correction committed, in the deciding request, so no summary has to."""
    if not enabled():
        return
    wave_id = visit.wave_id
    plan = load_plan(db.session.get(Wave, wave_id))
    after_commit(lambda: refresh(wave_id, plan, None, rebuild=True))


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
            lock = sa.func.pg_try_advisory_xact_lock(LOCK_NAMESPACE, wave_id)
        else:
            lock = sa.func.pg_advisory_xact_lock(LOCK_NAMESPACE, wave_id)
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
            sa.literal(VERSION),
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
    """Add (sign +1: from the visits' current submissions) or take out (-1: from what was
    counted for them) the answers, section scores and waits of the visits (a subquery of
    ids), region by region."""
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
