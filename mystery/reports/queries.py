"""SQL for wave summaries: approved visits in scope and GROUP BY aggregates of what they hold.

Every function here builds or runs one statement whose size does not depend on the number of
visits or answers; the Python that finishes the numbers lives in mystery/reports/stats.py.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa

from mystery.checklists.models import Checklist
from mystery.clients.models import Client
from mystery.extensions import db
from mystery.reports.models import SectionScore, StoreRollup
from mystery.reports.stats import medians
from mystery.scoring import iter_questions, wait_time_target
from mystery.stores.models import Store
from mystery.submissions.models import Answer
from mystery.visits.models import STATUSES, Visit
from mystery.waves.models import Wave

APPROVED = "approved"
MOMENTS = ("n", "total", "squares", "critical", "approved", "fingerprint")
NPS_PROMOTER, NPS_DETRACTOR, CSAT_SATISFIED = 9, 6, 4


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


def load_plan(wave) -> Plan:
    """Read the wave's checklist definition and its client's language in one query."""
    locale = sa.select(Client.locale).where(Client.id == wave.client_id).scalar_subquery()
    definition, locale = db.session.execute(
        sa.select(Checklist.definition, locale).where(Checklist.id == wave.checklist_id)
    ).one()
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
        only(sa.func.count()).label("approved"),
        only(sa.func.sum(Visit.current_submission_id)).label("fingerprint"),
    ]


def approved_by_store(wave_id, scope: Scope, store_id=None):
    """Per store with approved visits in the wave: moments_columns()."""
    statement = (
        sa.select(Visit.store_id.label("store_id"), *moments_columns())
        .where(Visit.wave_id == wave_id, Visit.status == APPROVED)
        .group_by(Visit.store_id)
    )
    return db.session.execute(in_scope(statement, scope, store_id)).all()


def store_lines(wave_id, scope: Scope):
    """Per store with visits in scope: the store, its visits by status (status_open …; none in
    a client view, which sees approved visits only), moments_columns() and its rollup
    fingerprint."""
    approved = Visit.status == APPROVED
    statuses = [] if scope.client_view else STATUSES
    per_store = (
        sa.select(
            Visit.store_id.label("store_id"),
            *(
                sa.func.count().filter(Visit.status == status).label(f"status_{status}")
                for status in statuses
            ),
            *moments_columns(approved),
        )
        .where(Visit.wave_id == wave_id)
        .group_by(Visit.store_id)
    )
    if scope.client_view:
        per_store = per_store.where(approved)
    per_store = in_scope(per_store, scope).subquery()
    statement = (
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
            StoreRollup, (StoreRollup.wave_id == wave_id) & (StoreRollup.store_id == Store.id)
        )
    )
    return db.session.execute(statement).all()


def previous_totals(wave, scope: Scope, store_id=None):
    """Find the client's previous wave (the latest starting before this one) and, per store
    in scope, n, sum and sum of squares of its approved totals: one query.

    Return (the wave's row with id and name, or None; the rows with a store_id).
    """
    previous = (
        sa.select(Wave.id)
        .where(Wave.client_id == wave.client_id, Wave.starts_on < wave.starts_on)
        .order_by(Wave.starts_on.desc(), Wave.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    counted = (Visit.wave_id == Wave.id) & (Visit.status == APPROVED)
    if store_id is not None:
        counted &= Visit.store_id == store_id
    elif scope.limited:
        counted &= Visit.store_id.in_(scope.store_ids())
    statement = (
        sa.select(Wave.id, Wave.name, Visit.store_id.label("store_id"), *moments_columns()[:3])
        .select_from(Wave)
        .outerjoin(Visit, counted)
        .where(Wave.id == previous)
        .group_by(Wave.id, Wave.name, Visit.store_id)
    )
    rows = db.session.execute(statement).all()
    return (rows[0] if rows else None), [row for row in rows if row.store_id is not None]


def question_columns(plan: Plan, answer=Answer) -> list:
    """Aggregate columns over answer rows, named as QuestionRollup's columns."""
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
    """Aggregate columns over section score rows, named as SectionRollup's columns."""
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


def live_questions(wave_id, plan: Plan, scope: Scope, store_id=None):
    """Aggregate the answers of approved visits per question, straight from the answers."""
    statement = question_select(wave_id, plan, Answer.question)
    return db.session.execute(in_scope(statement, scope, store_id)).all()


def live_sections(wave_id, scope: Scope, store_id=None):
    """Aggregate the section %s of approved visits per region and section."""
    statement = section_select(wave_id, Store.region, SectionScore.section).join(
        Store, Store.id == Visit.store_id
    )
    if store_id is not None:
        statement = statement.where(Visit.store_id == store_id)
    return db.session.execute(scope.stores(statement)).all()


def wait_medians(wave_id, plan: Plan, scope: Scope, store_id=None) -> dict:
    """Return the median wait per wait-time question and pooled (key None)."""
    if not plan.waits:
        return {}
    statement = sa.select(Answer.question).where(
        Answer.question.in_(list(plan.waits)),
        sa.not_(Answer.hidden),
        sa.not_(Answer.na),
        Answer.num_value.is_not(None),
    )
    statement = in_scope(
        approved_current(statement, wave_id, Answer.submission_id), scope, store_id
    )
    if db.session.get_bind().dialect.name == "postgresql":
        median = sa.func.percentile_cont(0.5).within_group(Answer.num_value)
        grouping = sa.func.grouping_sets(sa.tuple_(Answer.question), sa.tuple_())
        statement = statement.add_columns(median).group_by(grouping)
        return {key: value for key, value in db.session.execute(statement)}
    return medians(db.session.execute(statement.add_columns(Answer.num_value)).all())
