"""Checklists: versioned evaluation definitions."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mystery.access import client_owned, register_scope
from mystery.database import UTCDateTime, utcnow
from mystery.extensions import db


class Checklist(db.Model):
    """One version of a checklist; immutable once published."""

    __tablename__ = "checklists"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    version: Mapped[int] = mapped_column(default=1)
    previous_id: Mapped[int | None] = mapped_column(sa.ForeignKey("checklists.id"))
    status: Mapped[str] = mapped_column(sa.String(20), default="draft")
    definition: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


register_scope(Checklist, client_owned(Checklist))
