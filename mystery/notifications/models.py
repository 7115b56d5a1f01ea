"""The notification outbox and the per-kind e-mail settings."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mystery.database import UTCDateTime, utcnow
from mystery.extensions import db

CHANNELS = ("app", "email")
# An e-mail row is pending until sent, or failed for good (refused, or out of attempts).
EMAIL_STATUSES = ("pending", "sent", "failed")


class Notification(db.Model):
    """One message to one user on one channel: shown in the app, or mailed by the worker.

    Rows are written in the transaction of the event they tell of; the words are rendered
    when read or mailed, in the reader's language, from `kind` and `params`.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        # Reminders carry a key, so however often `send-reminders` runs each exists once.
        sa.UniqueConstraint("key", "channel"),
        sa.Index("ix_notifications_user_channel", "user_id", "channel", "id"),
        sa.Index("ix_notifications_due", "channel", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(sa.String(10))
    kind: Mapped[str] = mapped_column(sa.String(40))
    visit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("visits.id", ondelete="SET NULL"))
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    key: Mapped[str | None] = mapped_column(sa.String(200))
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # E-mail delivery state (channel "email" only).
    address: Mapped[str | None] = mapped_column(sa.String(254))
    status: Mapped[str | None] = mapped_column(sa.String(10))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class NotificationSetting(db.Model):
    """A user's choice to receive (or not) e-mail for one kind; no row means yes."""

    __tablename__ = "notification_settings"
    __table_args__ = (sa.UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    email: Mapped[bool] = mapped_column(default=True)
