"""Read a wave's region totals, summed over the regions a view may see.

The candidate stores are those whose part of the totals is not folded yet (a background fold
is on its way): each read adds what their changed visits add and takes out what they took
away, from the answers, in the same statement as the totals, so both come from one snapshot
and a fold committing meanwhile cannot count a visit twice or miss it. Nothing is written.
"""

from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY

from mystery.analytics.lines import SCOPE_REGIONS
from mystery.analytics.live import json_rows, rows_of
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

# The statements are built once per shape and kept, with the wave, the candidate stores and
# the regions as bound parameters: building them and their cache keys costs more than
# running them.
WAVE = sa.bindparam("wave_id", type_=sa.Integer)
CANDIDATES = sa.bindparam("candidates", type_=ARRAY(sa.Integer))


def with_changes(table, shape: tuple, candidates: bool):
    """Select a wave's rows of a totals table and, with candidates, the signed rows the
    candidate stores' unfolded changes make (the fold's own SQL): one subquery in the
    table's columns."""
    rolled = sa.select(*table.__table__.c).where(table.wave_id == WAVE)
    if not candidates:
        return rolled.subquery()
    plan, parts = Plan.shaped(shape), [rolled]
    for visits, sign in ((counted_gone(WAVE, CANDIDATES), -1), (uncounted(WAVE, CANDIDATES), +1)):
        parts.append(changes(WAVE, plan, visits, sign)[table])
    return sa.union_all(*parts).subquery()


def run(statement, wave_id: int, scope: Scope, candidates):
    """Execute a kept statement for this wave, scope and candidate stores."""
    params = {"wave_id": wave_id, "candidates": list(candidates)}
    if scope.regions:
        params["scope_regions"] = list(scope.regions)
    return db.session.execute(statement, params)


def regions_in(column, regions: bool) -> list:
    """A where-clause limiting a region column to the view's regions, if it has some."""
    return [column.in_(SCOPE_REGIONS)] if regions else []


@lru_cache(maxsize=64)
def questions_statement(shape: tuple, candidates: bool, regions: bool):
    """Select the question totals of the regions in scope, per question."""
    rows = with_changes(QuestionTotal, shape, candidates)
    sums = [sa.func.sum(rows.c[name]).label(name) for name in QUESTION_SUMS]
    return (
        sa.select(rows.c.question, *sums)
        .where(*regions_in(rows.c.region, regions))
        .group_by(rows.c.question)
    )


@lru_cache(maxsize=64)
def sections_statement(shape: tuple, candidates: bool, regions: bool):
    """Select the section totals of the regions in scope, per region and section counted."""
    rows = with_changes(SectionTotal, shape, candidates)
    sums = [sa.func.sum(rows.c[name]).label(name) for name in SECTION_SUMS]
    return (
        sa.select(rows.c.region, rows.c.section, *sums)
        .where(*regions_in(rows.c.region, regions))
        .group_by(rows.c.region, rows.c.section)
        .having(sa.func.sum(rows.c.n) > 0)
    )


@lru_cache(maxsize=64)
def medians_statement(shape: tuple, candidates: bool, regions: bool):
    """Select the median wait per wait-time question and pooled (question None), found by
    running counts over the seconds histogram: the value at 0-based rank k is the smallest
    whose running count exceeds k; the median averages ranks (n - 1) // 2 and n // 2."""
    rows = with_changes(WaitCount, shape, candidates)
    counts = (
        sa.select(rows.c.question, rows.c.seconds, sa.func.sum(rows.c.n).label("n"))
        .where(*regions_in(rows.c.region, regions))
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
    median = ((low + high) / 2).label("median")
    return sa.select(running.c.question, median).group_by(running.c.question)


@lru_cache(maxsize=64)
def totals_statement(shape: tuple, candidates: bool, regions: bool):
    """Select the question totals, the section totals and the median waits in one
    statement (one round trip, one snapshot), each as a JSON array of rows."""
    statements = [questions_statement, sections_statement]
    if Plan.shaped(shape).waits:
        statements.append(medians_statement)
    return sa.select(*(json_rows(kind(shape, candidates, regions)) for kind in statements))


def rolled_totals(wave_id: int, plan: Plan, scope: Scope, candidates=()) -> tuple:
    """Return the question rows, the section rows and the median waits (per wait-time
    question, pooled under None) of the regions in scope, with the candidate stores'
    unfolded changes read beside the totals."""
    statement = totals_statement(plan.shape, bool(candidates), bool(scope.regions))
    questions, sections, *waits = run(statement, wave_id, scope, candidates).one()
    medians = {row["question"]: row["median"] for row in waits[0]} if waits else {}
    return rows_of(questions), rows_of(sections), medians
