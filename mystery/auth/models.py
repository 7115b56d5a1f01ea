"""Users and their personal access tokens."""

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, validates

from mystery.access import STAFF
from mystery.database import UTCDateTime, utcnow
from mystery.extensions import db

ROLES = ("admin", "coordinator", "shopper", "client")
LOCALES = ("en", "da", "sv")


class User(UserMixin, db.Model):
    """A person who signs in: admin, coordinator, shopper or client user."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased so uniqueness is case-insensitive on every database.
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(20), index=True)
    locale: Mapped[str] = mapped_column(sa.String(5), default="en")
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    client_id: Mapped[int | None] = mapped_column(sa.ForeignKey("clients.id"), index=True)
    regions: Mapped[list | None] = mapped_column(sa.JSON)
    home_latitude: Mapped[float | None]
    home_longitude: Mapped[float | None]
    rating: Mapped[float | None]
    active: Mapped[bool] = mapped_column(default=True)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @validates("email")
    def _normalise_email(self, _key, email):
        return email.strip().lower()

    @property
    def is_active(self):
        return self.active

    def has_role(self, *roles):
        """Tell whether the user holds one of the given roles."""
        return self.role in roles

    @property
    def is_staff(self):
        """Admins and coordinators run programmes."""
        return self.role in STAFF


class ApiToken(db.Model):
    """A personal access token, kept only as its SHA-256."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(sa.String(200))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RememberToken(db.Model):
    """A "remember me" sign-in on one device, kept only as its SHA-256 (DESIGN §6)."""

    __tablename__ = "remember_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # A digest of the password hash it was issued under: a new password ends the sign-in.
    password_digest: Mapped[str] = mapped_column(sa.String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Set when the token was swapped for a new one; it still works for a moment after, so
    # requests already on their way with it do not sign the device out.
    replaced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
