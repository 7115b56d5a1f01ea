"""The one access policy: the role groups, and what each role may see.

Filters are applied to selects, so foreign rows are simply absent; routes ask
`get_visible_or_404` for one object, which answers 404 for what the caller may not see.
Each kind's scope is declared beside its model (`register_scope(Store, visible_stores)` at
the foot of stores/models.py), so this module sits below every feature and imports none.
"""

import sqlalchemy as sa

from mystery.database import not_found
from mystery.errors import NotFound
from mystery.extensions import db

# Role groups the routes check against.
STAFF = ("admin", "coordinator")
READERS = ("admin", "coordinator", "client")  # staff, and client users reading their own
SHOPPERS = ("shopper",)

# Model -> scope(user, statement) -> statement; filled as each feature's models load.
SCOPES = {}
_BY_NAME = {}


def register_scope(model, scope):
    """Declare how selects of `model` are restricted; returns the scope (a decorator too)."""
    SCOPES[model] = scope
    _BY_NAME[model.__name__] = scope
    return scope


def client_owned(model):
    """Return the scope of a client-owned model (checklists, waves): the caller's client."""
    return lambda user, statement: by_client(model, user, statement)


def by_client(model, user, statement):
    """Restrict a select of a client-owned model (checklists, waves) to the caller's client."""
    if user.is_staff:
        return statement
    if user.role == "client":
        return statement.where(model.client_id == user.client_id)
    return statement.where(sa.false())


def visible(model, user, statement=None):
    """Return a select of `model` restricted to what `user` may see."""
    statement = sa.select(model) if statement is None else statement
    return SCOPES[model](user, statement)


def get_visible_or_404(model, object_id, user, name=None):
    """Load one object the caller may see, or answer 404 as if it did not exist."""
    found = db.session.scalar(visible(model, user).where(model.id == object_id))
    if found is None:
        raise NotFound(not_found(name or model.__name__, object_id))
    return found


def _named(kind):
    """Return a scope that applies the one registered for the model called `kind`."""

    def scope(user, statement):
        return _BY_NAME[kind](user, statement)

    scope.__name__ = f"visible_{kind.lower()}s"
    scope.__doc__ = f"Restrict a select of {kind.lower()}s to what the caller may see."
    return scope


# The scopes routes and services name directly.
visible_clients = _named("Client")
visible_stores = _named("Store")
visible_visits = _named("Visit")
visible_actions = _named("Action")
visible_appeals = _named("Appeal")
