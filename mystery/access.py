"""The one access policy: the role groups, and what each role may see.

Filters are applied to selects, so foreign rows are simply absent; routes ask
`get_visible_or_404` for one object, which answers 404 for what the caller may not see.
New kinds add their `visible_*` scope here and register it in `SCOPES`.
"""

import sqlalchemy as sa
from flask_smorest import abort

from mystery.clients.models import Client
from mystery.extensions import db
from mystery.stores.models import Store

# Role groups the routes check against.
STAFF = ("admin", "coordinator")
READERS = ("admin", "coordinator", "client")  # staff, and client users reading their own
SHOPPERS = ("shopper",)


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


def visible_actions(user, statement):
    """Restrict a select of corrective actions to those of stores the caller may see."""
    from mystery.actions.models import Action

    if user.is_staff:
        return statement
    if user.role == "client":
        return statement.where(Action.store_id.in_(visible_stores(user, sa.select(Store.id))))
    return statement.where(sa.false())


def visible_appeals(user, statement):
    """Restrict a select of appeals: staff all, client users their client's, in their regions."""
    from mystery.appeals.models import Appeal

    if user.is_staff:
        return statement
    if user.role == "client":
        return statement.where(Appeal.store_id.in_(visible_stores(user, sa.select(Store.id))))
    return statement.where(sa.false())


def _scopes():
    """Map each model to the scope that restricts a select of it."""
    from mystery.actions.models import Action
    from mystery.appeals.models import Appeal
    from mystery.checklists.models import Checklist
    from mystery.visits.models import Visit
    from mystery.waves.models import Wave

    return {
        Action: visible_actions,
        Appeal: visible_appeals,
        Client: visible_clients,
        Store: visible_stores,
        Visit: visible_visits,
        Wave: lambda user, stmt: by_client(Wave, user, stmt),
        Checklist: lambda user, stmt: by_client(Checklist, user, stmt),
    }


SCOPES = {}


def register_scope(model, scope):
    """Declare how selects of `model` are restricted (for kinds added by later features)."""
    SCOPES[model] = scope


def visible(model, user, statement=None):
    """Return a select of `model` restricted to what `user` may see."""
    # Registered scopes first; the built-in ones load lazily (their models import this module).
    scope = SCOPES.get(model) or _scopes()[model]
    statement = sa.select(model) if statement is None else statement
    return scope(user, statement)


def get_visible_or_404(model, object_id, user, name=None):
    """Load one object the caller may see, or answer 404 as if it did not exist."""
    from mystery.database import not_found

    found = db.session.scalar(visible(model, user).where(model.id == object_id))
    if found is None:
        abort(404, message=not_found(name or model.__name__, object_id))
    return found
