"""Webhook subscriptions and their deliveries (an outbox of POSTs)."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mystery.database import UTCDateTime, utcnow
from mystery.extensions import db

EVENTS = (
    "visit.submitted",
    "visit.approved",
    "visit.returned",
    "report_job.done",
    "action.updated",
    "appeal.decided",
)
DELIVERY_STATUSES = ("pending", "delivered", "failed")


class Webhook(db.Model):
    """A URL that hears of some events, for one client or for all."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(sa.String(2000))
    events: Mapped[list] = mapped_column(sa.JSON)
    secret: Mapped[str] = mapped_column(sa.String(200))
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WebhookDelivery(db.Model):
    """One event POSTed (or to be POSTed) to one webhook; the body is signed as stored."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (sa.Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(
        sa.ForeignKey("webhooks.id", ondelete="CASCADE"), index=True
    )
    event: Mapped[str] = mapped_column(sa.String(40))
    uuid: Mapped[str] = mapped_column(sa.String(36), unique=True)
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    response_status: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
