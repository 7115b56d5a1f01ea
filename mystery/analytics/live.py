"""Wave metrics straight from the answer and section score rows (approved visits only).

SQLite always aggregates this way; PostgreSQL does for one store (store_summary), and reads
region totals for a wave (mystery/analytics/rollups/). One statement per call, its size
independent of the number of rows.
"""

from functools import cache, lru_cache

import sqlalchemy as sa

from mystery.analytics.models import SectionScore
from mystery.analytics.queries import (
    STORE_ID,
    WAVE_ID,
    Plan,
    Scope,
    approved_current,
    in_scope,
    plan_statement,
    question_select,
    record,
    section_select,
    store_waves_statement,
    waiting,
)
from mystery.analytics.stats import medians
from mystery.extensions import db
from mystery.stores.models import Store
from mystery.visits.models import Answer, Visit

# The statements below are built once per checklist shape and kept, with the wave and store
# as bound parameters: for one store, building a SELECT of a few dozen expressions and
# computing its cache key would cost more than running it.


def ids(wave_id, store_id=None) -> dict:
    """The bound parameters of the cached statements."""
    return {"wave_id": wave_id} if store_id is None else {"wave_id": wave_id, "store_id": store_id}


@lru_cache(maxsize=256)
def questions_statement(shape: tuple, by_store: bool, medians: bool):
    """Select question aggregates (and, with medians, median waits: PostgreSQL only)."""
    plan = Plan.shaped(shape)
    statement = question_select(WAVE_ID, plan, Answer.question)
    if by_store:
        statement = statement.where(Visit.store_id == STORE_ID)
    if medians and plan.waits:
        median = sa.func.percentile_cont(0.5).within_group(Answer.num_value)
        statement = (
            statement.add_columns(median.filter(waiting(plan)).label("median"))
            .group_by(None)
            .group_by(sa.func.grouping_sets(sa.tuple_(Answer.question), sa.tuple_()))
        )
    return statement


def live_questions(wave_id, plan: Plan, scope: Scope, store_id=None, medians=False):
    """Aggregate the answers of approved visits per question, straight from the answers.

    With medians (PostgreSQL only) each row also carries its median wait, and one more row
    (question None) the median over every wait-time answer: no second pass for them.
    """
    statement = questions_statement(plan.shape, store_id is not None, medians)
    if store_id is None:
        statement = in_scope(statement, scope)
    return db.session.execute(statement, ids(wave_id, store_id)).all()


@cache
def sections_statement(by_store: bool):
    """Select section aggregates per region and section."""
    statement = section_select(WAVE_ID, Store.region, SectionScore.section).join(
        Store, Store.id == Visit.store_id
    )
    return statement.where(Visit.store_id == STORE_ID) if by_store else statement


def live_sections(wave_id, scope: Scope, store_id=None):
    """Aggregate the section %s of approved visits per region and section."""
    statement = sections_statement(store_id is not None)
    if store_id is None:
        statement = scope.stores(statement)
    return db.session.execute(statement, ids(wave_id, store_id)).all()


@lru_cache(maxsize=256)
def waits_statement(shape: tuple, by_store: bool, postgres: bool):
    """Select median waits per question and pooled (PostgreSQL), or the waits themselves."""
    statement = sa.select(Answer.question).where(waiting(Plan.shaped(shape)))
    statement = approved_current(statement, WAVE_ID, Answer.submission_id)
    if by_store:
        statement = statement.where(Visit.store_id == STORE_ID)
    if not postgres:
        return statement.add_columns(Answer.num_value)
    median = sa.func.percentile_cont(0.5).within_group(Answer.num_value)
    grouping = sa.func.grouping_sets(sa.tuple_(Answer.question), sa.tuple_())
    return statement.add_columns(median).group_by(grouping)


def wait_medians(wave_id, plan: Plan, scope: Scope, store_id=None) -> dict:
    """Return the median wait per wait-time question and pooled (key None)."""
    if not plan.waits:
        return {}
    postgres = db.session.get_bind().dialect.name == "postgresql"
    statement = waits_statement(plan.shape, store_id is not None, postgres)
    if store_id is None:
        statement = in_scope(statement, scope)
    rows = db.session.execute(statement, ids(wave_id, store_id)).all()
    return dict(rows) if postgres else medians(rows)


def json_rows(statement):
    """A scalar subquery: the statement's rows as one JSON array of objects (PostgreSQL)."""
    rows = statement.subquery("summary_rows")
    everything = sa.func.json_agg(sa.literal_column("summary_rows"))
    empty = sa.literal_column("'[]'::json")
    return sa.select(sa.func.coalesce(everything, empty)).select_from(rows).scalar_subquery()


def rows_of(objects: list[dict]) -> list:
    """Turn JSON row objects into namedtuples, as plain() does for a result."""
    if not objects:
        return []
    make = record(tuple(objects[0]))
    return [make(**row) for row in objects]


@cache
def store_basics_statement():
    """Select in one round trip what one store's summary needs besides its answers: the
    checklist definition and language, the store's moments in this and the previous wave
    (queries.store_waves) and its section aggregates, the last two as JSON arrays."""
    return plan_statement().add_columns(
        json_rows(store_waves_statement()), json_rows(sections_statement(True))
    )


def store_basics(wave, store_id) -> tuple:
    """Return (the plan, store_waves rows, live_sections rows) of one store (PostgreSQL)."""
    params = {
        "client_id": wave.client_id,
        "checklist_id": wave.checklist_id,
        "wave_id": wave.id,
        "starts_on": wave.starts_on,
        "store_id": store_id,
    }
    definition, locale, waves, sections = db.session.execute(store_basics_statement(), params).one()
    return Plan.of(definition, locale), rows_of(waves), rows_of(sections)
