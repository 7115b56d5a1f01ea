"""Waves: one round of visits for a client."""

from datetime import date, datetime, time
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mystery.access import client_owned, register_scope
from mystery.database import UTCDateTime, utcnow
from mystery.extensions import db


class Wave(db.Model):
    """A round of visits against one published checklist version."""

    __tablename__ = "waves"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id"), index=True)
    checklist_id: Mapped[int] = mapped_column(sa.ForeignKey("checklists.id"))
    name: Mapped[str] = mapped_column(sa.String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    fee: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2), default=0)
    visits_per_store: Mapped[int] = mapped_column(default=1)
    window_start_time: Mapped[time | None]
    window_end_time: Mapped[time | None]
    scenario: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    client = relationship("Client", lazy="raise")
    checklist = relationship("Checklist", lazy="raise")


register_scope(Wave, client_owned(Wave))
