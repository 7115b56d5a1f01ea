"""Visits, what their shoppers sent for them, and their append-only audit log."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mystery.access import register_scope
from mystery.database import UTCDateTime, utcnow
from mystery.extensions import db
from mystery.stores.models import Store
from mystery.waves.models import Wave

STATUSES = ("open", "assigned", "accepted", "submitted", "returned", "approved", "cancelled")


class Visit(db.Model):
    """One planned store visit, its shopper, state and current score snapshot."""

    __tablename__ = "visits"
    __table_args__ = (
        sa.Index("ix_visits_wave_status", "wave_id", "status"),
        sa.Index("ix_visits_shopper_status", "shopper_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(sa.ForeignKey("waves.id"))
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"), index=True)
    shopper_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    window_end: Mapped[datetime] = mapped_column(UTCDateTime)
    scenario: Mapped[str] = mapped_column(sa.Text, default="")
    # The day the shopper plans to go, inside the window (DESIGN §14).
    scheduled_on: Mapped[date | None] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(20), default="open")
    # The newest submission; only it counts. use_alter breaks the visits<->submissions cycle.
    current_submission_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("submissions.id", use_alter=True)
    )
    score_total: Mapped[float | None]
    critical_failed: Mapped[bool | None]
    score: Mapped[dict | None] = mapped_column(sa.JSON)
    flags: Mapped[list | None] = mapped_column(sa.JSON)
    # Every earlier total, who changed it, when and why (appeals, DESIGN §15).
    score_history: Mapped[list | None] = mapped_column(sa.JSON)
    review_note: Mapped[str | None] = mapped_column(sa.Text)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    wave = relationship("Wave", lazy="raise")
    store = relationship("Store", lazy="raise")
    shopper = relationship("User", lazy="raise")
    current_submission = relationship(
        "Submission", lazy="raise", foreign_keys=[current_submission_id], post_update=True
    )


class VisitEvent(db.Model):
    """Who did what to a visit (or to a person's data), and when; never updated.

    A data-subject export or an anonymisation (DESIGN §17) is about a person, not a visit:
    its row has no `visit_id` and names the person in `subject_id`.
    """

    __tablename__ = "visit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("visits.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    subject_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(30))
    from_status: Mapped[str | None] = mapped_column(sa.String(20))
    to_status: Mapped[str | None] = mapped_column(sa.String(20))
    note: Mapped[str | None] = mapped_column(sa.Text)
    reason: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def visible_visits(user, statement):
    """Restrict a select of visits: staff all, shoppers their own, clients approved ones."""
    if user.is_staff:
        return statement
    if user.role == "shopper":
        return statement.where(Visit.shopper_id == user.id)
    if user.role == "client":
        statement = statement.where(
            Visit.status == "approved",
            Visit.wave_id.in_(sa.select(Wave.id).where(Wave.client_id == user.client_id)),
        )
        if user.regions:
            statement = statement.where(
                Visit.store_id.in_(sa.select(Store.id).where(Store.region.in_(user.regions)))
            )
        return statement
    return statement.where(sa.false())


register_scope(Visit, visible_visits)


class Submission(db.Model):
    """What a shopper sent for a visit; never edited in place."""

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The unique constraint, not a check-then-insert, is what stops a doubled submission.
    uuid: Mapped[str] = mapped_column(sa.String(36), unique=True)
    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visits.id"), index=True)
    shopper_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    answers: Mapped[list] = mapped_column(sa.JSON)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checkin: Mapped[dict | None] = mapped_column(sa.JSON)
    # {amount, description, receipt}: what the shopper spent, as sent (DESIGN §13).
    expense: Mapped[dict | None] = mapped_column(sa.JSON)
    payload_hash: Mapped[str] = mapped_column(sa.String(64))
    score: Mapped[dict | None] = mapped_column(sa.JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The phone's clock minus the server's when it was sent (X-Client-Time), in seconds.
    clock_offset_s: Mapped[int | None]


class Answer(db.Model):
    """One answer of a submission, flattened so wave metrics aggregate in SQL."""

    __tablename__ = "answers"
    __table_args__ = (sa.Index("ix_answers_submission_question", "submission_id", "question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(sa.ForeignKey("submissions.id", ondelete="CASCADE"))
    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visits.id"), index=True)
    question: Mapped[str] = mapped_column(sa.String(100))
    qtype: Mapped[str] = mapped_column(sa.String(20))
    value: Mapped[object | None] = mapped_column(sa.JSON)
    num_value: Mapped[float | None]
    score: Mapped[float | None]
    weight: Mapped[float] = mapped_column(default=0)
    na: Mapped[bool] = mapped_column(default=False)
    hidden: Mapped[bool] = mapped_column(default=False)
    comment: Mapped[str | None] = mapped_column(sa.Text)
