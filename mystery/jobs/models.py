"""The row of a bulk report run."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mystery.access import register_scope
from mystery.database import UTCDateTime, utcnow
from mystery.extensions import db


class ReportJob(db.Model):
    """A run that renders every store report of a wave into one ZIP."""

    __tablename__ = "report_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "stores": a ZIP of every store report; "wave": the chain report, too big for a request.
    kind: Mapped[str] = mapped_column(sa.String(10), default="stores", server_default="stores")
    wave_id: Mapped[int] = mapped_column(sa.ForeignKey("waves.id"), index=True)
    requested_by: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    lang: Mapped[str] = mapped_column(sa.String(5), default="en")
    status: Mapped[str] = mapped_column(sa.String(20), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    result_key: Mapped[str | None] = mapped_column(sa.String(300))
    error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def visible_jobs(user, statement):
    """Restrict a select of jobs: staff see all; a client user the runs they asked for."""
    if user.is_staff:
        return statement
    if user.role == "client":
        return statement.where(ReportJob.requested_by == user.id)
    return statement.where(sa.false())


register_scope(ReportJob, visible_jobs)
