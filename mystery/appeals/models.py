"""Appeals of one answer of an approved visit."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mystery.access import register_scope, visible_stores
from mystery.database import UTCDateTime, utcnow
from mystery.extensions import db
from mystery.stores.models import Store

APPEAL_STATUSES = ("open", "upheld", "rejected")


class Appeal(db.Model):
    """A client's challenge of one answer, and the coordinator's decision on it."""

    __tablename__ = "appeals"
    __table_args__ = (sa.Index("ix_appeals_visit_question", "visit_id", "question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visits.id"))
    # Copied from the visit so scoping a list needs no join.
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id"), index=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"))
    question: Mapped[str] = mapped_column(sa.String(100))
    reason: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(20), default="open", index=True)
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(sa.Text)
    # The answer as it stood, the corrected value, and the totals either side of it.
    previous_value: Mapped[object | None] = mapped_column(sa.JSON)
    value: Mapped[object | None] = mapped_column(sa.JSON)
    previous_total: Mapped[float | None]
    new_total: Mapped[float | None]


def visible_appeals(user, statement):
    """Restrict a select of appeals: staff all, client users their client's, in their regions."""
    if user.is_staff:
        return statement
    if user.role == "client":
        return statement.where(Appeal.store_id.in_(visible_stores(user, sa.select(Store.id))))
    return statement.where(sa.false())


register_scope(Appeal, visible_appeals)
