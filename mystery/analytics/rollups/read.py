"""Read a wave's region totals, summed over the regions a view may see."""

import sqlalchemy as sa

from mystery.analytics.models import QuestionTotal, SectionTotal, WaitCount
from mystery.analytics.queries import Plan, Scope
from mystery.analytics.rollups.fold import QUESTION_SUMS
from mystery.extensions import db


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
