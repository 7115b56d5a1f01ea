"""Corrective actions, their change log and their evidence photos."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mystery.access import register_scope, visible_stores
from mystery.database import UTCDateTime, utcnow
from mystery.extensions import db
from mystery.stores.models import Store

ACTION_STATUSES = ("open", "in_progress", "done")


class Action(db.Model):
    """Something a store should fix, by a date, tracked until done."""

    __tablename__ = "actions"
    __table_args__ = (sa.Index("ix_actions_store_wave", "store_id", "wave_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id"), index=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"))
    wave_id: Mapped[int | None] = mapped_column(sa.ForeignKey("waves.id"))
    question: Mapped[str | None] = mapped_column(sa.String(100))
    title: Mapped[str] = mapped_column(sa.String(200))
    due_on: Mapped[date]
    assignee: Mapped[str | None] = mapped_column(sa.String(200))
    status: Mapped[str] = mapped_column(sa.String(20), default="open")
    note: Mapped[str | None] = mapped_column(sa.Text)
    evidence: Mapped[str | None] = mapped_column(sa.String(36))
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ActionEvent(db.Model):
    """One change of an action (created, updated, evidence added); never updated."""

    __tablename__ = "action_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(sa.ForeignKey("actions.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(sa.String(20))
    from_status: Mapped[str | None] = mapped_column(sa.String(20))
    to_status: Mapped[str | None] = mapped_column(sa.String(20))
    note: Mapped[str | None] = mapped_column(sa.Text)
    evidence: Mapped[str | None] = mapped_column(sa.String(36))
    changes: Mapped[dict | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ActionEvidence(db.Model):
    """A photo showing an action was carried out; files stored like submission media."""

    __tablename__ = "action_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(sa.String(36), unique=True)
    action_id: Mapped[int] = mapped_column(sa.ForeignKey("actions.id"), index=True)
    uploaded_by: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    content_type: Mapped[str] = mapped_column(sa.String(50))
    size: Mapped[int]
    width: Mapped[int]
    height: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    original_key: Mapped[str] = mapped_column(sa.String(300))
    display_key: Mapped[str] = mapped_column(sa.String(300))
    thumb_key: Mapped[str] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def visible_actions(user, statement):
    """Restrict a select of corrective actions to those of stores the caller may see."""
    if user.is_staff:
        return statement
    if user.role == "client":
        return statement.where(Action.store_id.in_(visible_stores(user, sa.select(Store.id))))
    return statement.where(sa.false())


register_scope(Action, visible_actions)
