"""Read a wave's region totals, summed over the regions a view may see.

The candidate stores are those whose part of the totals is not folded yet (a background fold
is on its way): each read adds what their changed visits add and takes out what they took
away, from the answers, in the same statement as the totals, so both come from one snapshot
and a fold committing meanwhile cannot count a visit twice or miss it. Nothing is written.
"""

import sqlalchemy as sa

from mystery.analytics.models import QuestionTotal, SectionTotal, WaitCount
from mystery.analytics.queries import Plan, Scope
from mystery.analytics.rollups.fold import (
    QUESTION_SUMS,
    SECTION_SUMS,
    changes,
    counted_gone,
    uncounted,
)
from mystery.extensions import db


def with_changes(table, wave_id: int, plan: Plan, candidates):
    """Select a wave's rows of a totals table and, for the candidate stores, the signed rows
    their unfolded changes make (the fold's own SQL): one subquery in the table's columns."""
    rolled = sa.select(*table.__table__.c).where(table.wave_id == wave_id)
    if not candidates:
        return rolled.subquery()
    parts = [rolled]
    for visits, sign in (
        (counted_gone(wave_id, candidates), -1),
        (uncounted(wave_id, candidates), +1),
    ):
        parts.append(changes(wave_id, plan, visits, sign)[table])
    return sa.union_all(*parts).subquery()


def rolled_questions(wave_id: int, plan: Plan, scope: Scope, candidates=()):
    """Sum the question totals of the regions in scope, per question."""
    rows = with_changes(QuestionTotal, wave_id, plan, candidates)
    sums = [sa.func.sum(rows.c[name]).label(name) for name in QUESTION_SUMS]
    statement = (
        sa.select(rows.c.question, *sums)
        .where(*regions_in(rows.c.region, scope))
        .group_by(rows.c.question)
    )
    return db.session.execute(statement).all()


def rolled_sections(wave_id: int, plan: Plan, scope: Scope, candidates=()):
    """Sum the section totals of the regions in scope, per region and section counted."""
    rows = with_changes(SectionTotal, wave_id, plan, candidates)
    sums = [sa.func.sum(rows.c[name]).label(name) for name in SECTION_SUMS]
    statement = (
        sa.select(rows.c.region, rows.c.section, *sums)
        .where(*regions_in(rows.c.region, scope))
        .group_by(rows.c.region, rows.c.section)
        .having(sa.func.sum(rows.c.n) > 0)
    )
    return db.session.execute(statement).all()


def rolled_wait_medians(wave_id: int, plan: Plan, scope: Scope, candidates=()) -> dict:
    """Return the median wait per wait-time question and pooled (key None), found in SQL by
    running counts over the seconds histogram: the value at 0-based rank k is the smallest
    whose running count exceeds k; the median averages ranks (n - 1) // 2 and n // 2."""
    if not plan.waits:
        return {}
    rows = with_changes(WaitCount, wave_id, plan, candidates)
    counts = (
        sa.select(rows.c.question, rows.c.seconds, sa.func.sum(rows.c.n).label("n"))
        .where(*regions_in(rows.c.region, scope))
        .group_by(
            sa.func.grouping_sets(
                sa.tuple_(rows.c.question, rows.c.seconds), sa.tuple_(rows.c.seconds)
            )
        )
        .having(sa.func.sum(rows.c.n) > 0)
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
