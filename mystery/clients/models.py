"""Clients: the retail chains a programme runs for."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mystery.access import register_scope
from mystery.database import UTCDateTime, utcnow
from mystery.extensions import db


class Client(db.Model):
    """A retail chain with its branding, language and rotation window."""

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    locale: Mapped[str] = mapped_column(sa.String(5), default="en")
    brand_colour: Mapped[str] = mapped_column(sa.String(7), default="#1F4E79")
    logo: Mapped[str | None] = mapped_column(sa.Text)
    rotation_days: Mapped[int] = mapped_column(default=90)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def visible_clients(user, statement):
    """Restrict a select of clients to the caller's."""
    if user.is_staff:
        return statement
    if user.role == "client":
        return statement.where(Client.id == user.client_id)
    return statement.where(sa.false())


register_scope(Client, visible_clients)
