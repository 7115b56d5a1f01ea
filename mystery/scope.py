"""What each role may see: filters applied to selects, so foreign rows are simply absent."""

import sqlalchemy as sa

from mystery.clients.models import Client
from mystery.stores.models import Store


def visible_clients(user, statement):
    """Restrict a select of clients to the caller's."""
    if user.is_staff:
        return statement
    if user.role == "client":
        return statement.where(Client.id == user.client_id)
    return statement.where(sa.false())


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


def by_client(model, user, statement):
    """Restrict a select of a client-owned model (checklists, waves) to the caller's client."""
    if user.is_staff:
        return statement
    if user.role == "client":
        return statement.where(model.client_id == user.client_id)
    return statement.where(sa.false())


def visible_visits(user, statement):
    """Restrict a select of visits: staff all, shoppers their own, clients approved ones."""
    from mystery.visits.models import Visit
    from mystery.waves.models import Wave

    if user.is_staff:
        return statement
    if user.role == "shopper":
        return statement.where(Visit.shopper_id == user.id)
    if user.role == "client":
        statement = statement.where(
            Visit.status == "approved",
            Visit.wave_id.in_(sa.select(Wave.id).where(Wave.client_id == user.client_id)),
        )
        if user.regions:
            statement = statement.where(
                Visit.store_id.in_(sa.select(Store.id).where(Store.region.in_(user.regions)))
            )
        return statement
    return statement.where(sa.false())
