"""SQL for wave summaries: approved visits in scope and GROUP BY aggregates of what they hold.

Every function here builds or runs one statement whose size does not depend on the number of
visits or answers; the Python that finishes the numbers lives in mystery/analytics/stats.py.
"""

from collections import namedtuple
from dataclasses import dataclass, field
from functools import cache, lru_cache

import sqlalchemy as sa

from mystery.analytics.models import SectionScore
from mystery.checklists.models import Checklist
from mystery.clients.models import Client
from mystery.extensions import db
from mystery.scoring import iter_questions, wait_time_target
from mystery.stores.models import Store
from mystery.visits.models import Answer, Visit
from mystery.waves.models import Wave

APPROVED = "approved"
MOMENTS = ("n", "total", "squares", "critical", "approved", "fingerprint")
NPS_PROMOTER, NPS_DETRACTOR, CSAT_SATISFIED = 9, 6, 4
WAVE_ID, STORE_ID = sa.bindparam("wave_id"), sa.bindparam("store_id")


@dataclass(frozen=True)
class Scope:
    """Which visits of a wave a caller sees: a client's (some regions), or all for staff."""

    client_id: int | None = None
    regions: tuple[str, ...] = ()

    @property
    def client_view(self) -> bool:
        """Client users see approved visits only, counts included."""
        return self.client_id is not None

    @property
    def limited(self) -> bool:
        return self.client_id is not None or bool(self.regions)

    def stores(self, statement):
        """Restrict a select that joins Store to the stores in scope."""
        if self.client_id is not None:
            statement = statement.where(Store.client_id == self.client_id)
        if self.regions:
            statement = statement.where(Store.region.in_(self.regions))
        return statement

    def store_ids(self):
        """Return a subquery of the ids of the stores in scope."""
        return self.stores(sa.select(Store.id)).scalar_subquery()


@dataclass
class Plan:
    """What the checklist says about how to aggregate its questions."""

    definition: dict
    locale: str
    nps: list[str] = field(default_factory=list)
    csat: list[str] = field(default_factory=list)
    ces: list[str] = field(default_factory=list)
    waits: dict[str, int | None] = field(default_factory=dict)

    @property
    def shape(self) -> tuple:
        """What the aggregate SQL depends on, hashable: statements are cached by it."""
        return tuple(self.nps), tuple(self.csat), tuple(self.ces), tuple(self.waits.items())

    @classmethod
    def shaped(cls, shape: tuple) -> "Plan":
        """A plan with only what the aggregate SQL needs."""
        nps, csat, ces, waits = shape
        return cls({}, "", list(nps), list(csat), list(ces), dict(waits))

    @classmethod
    def of(cls, definition: dict, locale: str) -> "Plan":
        plan = cls(definition, locale)
        for _section, question in iter_questions(definition):
            key, kind = question["key"], question["type"]
            if kind == "nps":
                plan.nps.append(key)
            elif kind == "scale" and question.get("metric") in ("csat", "ces"):
                getattr(plan, question["metric"]).append(key)
            elif kind == "wait_time":
                plan.waits[key] = wait_time_target(question)
        return plan


@cache
def plan_statement():
    """Select a checklist's definition and its client's language."""
    locale = sa.select(Client.locale).where(Client.id == sa.bindparam("client_id"))
    return sa.select(Checklist.definition, locale.scalar_subquery()).where(
        Checklist.id == sa.bindparam("checklist_id")
    )


def load_plan(wave) -> Plan:
    """Read the wave's checklist definition and its client's language in one query."""
    params = {"client_id": wave.client_id, "checklist_id": wave.checklist_id}
    definition, locale = db.session.execute(plan_statement(), params).one()
    return Plan.of(definition, locale)


def approved_current(statement, wave_id, column):
    """Join the current submissions of the wave's approved visits on `column`."""
    return statement.join(Visit, Visit.current_submission_id == column).where(
        Visit.wave_id == wave_id, Visit.status == APPROVED
    )


def in_scope(statement, scope: Scope, store_id=None):
    """Restrict a select of visits to one store, or to the stores in scope."""
    if store_id is not None:
        return statement.where(Visit.store_id == store_id)
    if scope.limited:
        return statement.where(Visit.store_id.in_(scope.store_ids()))
    return statement


def moments_columns(approved=None) -> list:
    """Aggregates of approved visits: totals' n, sum, sum of squares, critical failures, and
    the fingerprint (how many, sum of current submission ids) the rollups are checked by."""

    def only(aggregate):
        return aggregate if approved is None else aggregate.filter(approved)

    total = Visit.score_total
    return [
        only(sa.func.count(total)).label("n"),
        sa.func.coalesce(only(sa.func.sum(total)), 0.0).label("total"),
        sa.func.coalesce(only(sa.func.sum(total * total)), 0.0).label("squares"),
        only(sa.func.count(sa.case((Visit.critical_failed, 1)))).label("critical"),
        only(sa.func.count(Visit.id)).label("approved"),
        only(sa.func.sum(Visit.current_submission_id)).label("fingerprint"),
    ]


@cache
def previous_wave_id():
    """Select the id of the client's wave before the one starting on :starts_on."""
    return (
        sa.select(Wave.id)
        .where(
            Wave.client_id == sa.bindparam("client_id"),
            Wave.starts_on < sa.bindparam("starts_on", type_=sa.Date),
        )
        .order_by(Wave.starts_on.desc(), Wave.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def store_waves_statement():
    """Select one store's moments_columns() in a wave and in its client's previous wave."""
    previous = previous_wave_id()
    counted = (Visit.wave_id == Wave.id) & (Visit.status == APPROVED) & (Visit.store_id == STORE_ID)
    return (
        sa.select(Wave.id, Wave.name, *moments_columns())
        .select_from(Wave)
        .outerjoin(Visit, counted)
        .where(Wave.id.in_([WAVE_ID, previous]))
        .group_by(Wave.id, Wave.name)
    )


def store_waves(wave, store_id):
    """One store's moments_columns() in this wave and in the client's previous wave (the
    latest starting before this one), with each wave's id and name: one query."""
    params = {
        "wave_id": wave.id,
        "client_id": wave.client_id,
        "starts_on": wave.starts_on,
        "store_id": store_id,
    }
    return db.session.execute(store_waves_statement(), params).all()


@lru_cache(maxsize=64)
def record(fields: tuple):
    """A namedtuple class for rows with these fields."""
    return namedtuple("Line", fields)


def plain(result) -> list:
    """Fetch rows as namedtuples: in loops over a thousand stores, a SQLAlchemy Row's
    attribute access costs ten times a namedtuple's."""
    make = record(tuple(result.keys()))
    return [make(*row) for row in result]


def question_columns(plan: Plan, answer=Answer) -> list:
    """Aggregate columns over answer rows, named as QuestionTotal's columns."""
    live = sa.and_(sa.not_(answer.hidden), sa.not_(answer.na))
    value = sa.case((live, answer.num_value))
    high, low = [], []
    if plan.nps:
        nps = answer.question.in_(plan.nps)
        high.append((live & nps & (answer.num_value >= NPS_PROMOTER), 1))
        low.append((live & nps & (answer.num_value <= NPS_DETRACTOR), 1))
    if plan.csat:
        high.append(
            (live & answer.question.in_(plan.csat) & (answer.num_value >= CSAT_SATISFIED), 1)
        )
    for key, target in plan.waits.items():
        if target is not None:
            high.append((live & (answer.question == key) & (answer.num_value <= target), 1))

    def tally(whens):
        return sa.func.count(sa.case(*whens)) if whens else sa.literal(0)

    return [
        sa.func.count(sa.case((live, 1))).label("answered"),
        sa.func.count(sa.case((sa.not_(answer.hidden) & answer.na, 1))).label("na"),
        sa.func.count(answer.score).label("counted"),
        sa.func.count(sa.case((answer.score == 0, 1))).label("zeros"),
        sa.func.coalesce(sa.func.sum(answer.score), 0.0).label("score_sum"),
        sa.func.count(value).label("value_n"),
        sa.func.coalesce(sa.func.sum(value), 0.0).label("value_sum"),
        tally(high).label("high"),
        tally(low).label("low"),
    ]


def section_columns(score=SectionScore) -> list:
    """Aggregate columns over section score rows, named as SectionTotal's columns."""
    return [
        sa.func.count(score.percent).label("n"),
        sa.func.coalesce(sa.func.sum(score.percent), 0.0).label("pct_sum"),
        sa.func.coalesce(sa.func.sum(score.percent * score.percent), 0.0).label("pct_sumsq"),
    ]


def question_select(wave_id, plan: Plan, *group):
    """Select question aggregates over approved current answers, grouped by `group`."""
    statement = sa.select(*group, *question_columns(plan)).select_from(Answer)
    return approved_current(statement, wave_id, Answer.submission_id).group_by(*group)


def section_select(wave_id, *group):
    """Select section aggregates over approved current section scores, grouped by `group`."""
    statement = sa.select(*group, *section_columns()).select_from(SectionScore)
    return approved_current(statement, wave_id, SectionScore.submission_id).group_by(*group)


def waiting(plan: Plan):
    """Which answer rows are wait times to count."""
    return (
        Answer.question.in_(list(plan.waits))
        & sa.not_(Answer.hidden)
        & sa.not_(Answer.na)
        & Answer.num_value.is_not(None)
    )
