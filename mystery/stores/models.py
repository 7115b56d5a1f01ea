"""Stores of a client."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mystery.access import register_scope
from mystery.extensions import db


class Store(db.Model):
    """One shop of a client, with where it is."""

    __tablename__ = "stores"
    __table_args__ = (sa.UniqueConstraint("client_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(50))
    name: Mapped[str] = mapped_column(sa.String(200))
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    city: Mapped[str] = mapped_column(sa.String(120), default="")
    region: Mapped[str] = mapped_column(sa.String(120), default="", index=True)
    latitude: Mapped[float]
    longitude: Mapped[float]
    # An inactive store stays with its history but is left out of new waves.
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    client = relationship("Client", lazy="raise")


def visible_stores(user, statement):
    """Restrict a select of stores to the caller's client and regions."""
    if user.is_staff:
        return statement
    if user.role == "client":
        statement = statement.where(Store.client_id == user.client_id)
        if user.regions:
            statement = statement.where(Store.region.in_(user.regions))
        return statement
    return statement.where(sa.false())


register_scope(Store, visible_stores)
