"""Submissions as the shopper sent them, and their answers flattened for reporting."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mystery.database import UTCDateTime, utcnow
from mystery.extensions import db


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
