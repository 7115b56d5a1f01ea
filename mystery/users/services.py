"""Creating, listing and changing users within what the caller may manage."""

import sqlalchemy as sa
from flask_babel import gettext as _

from mystery.auth.models import User
from mystery.auth.services import find_user_by_email, hash_password, normalise_email
from mystery.clients.models import Client
from mystery.database import unique_or_422
from mystery.errors import Invalid
from mystery.extensions import db
from mystery.listing import order, search
from mystery.users.schemas import USER_SORTS

# Coordinators manage the people in the field and the client portal, not staff.
MANAGEABLE_ROLES = {
    "admin": {"admin", "coordinator", "shopper", "client"},
    "coordinator": {"shopper", "client"},
}


def manageable(actor, statement):
    """Restrict a select of users to those the actor may see and manage."""
    return statement.where(User.role.in_(MANAGEABLE_ROLES.get(actor.role, set())))


def create_user(actor, data):
    """Create a user the actor is allowed to create, checking email and client."""
    if data["role"] not in MANAGEABLE_ROLES.get(actor.role, set()):
        raise Invalid(
            message=_("You may not create a user with this role."),
            errors={
                "json": {"role": [_("Coordinators may create shopper and client users only.")]}
            },
        )
    if find_user_by_email(data["email"]) is not None:
        raise Invalid(
            message=_("This email is already registered."),
            errors={"json": {"email": [_("This email is already registered.")]}},
        )
    client_id = data.get("client_id")
    if data["role"] == "client":
        if client_id is None:
            raise Invalid(
                message=_("A client user needs a client."),
                errors={"json": {"client_id": [_("Required for client users.")]}},
            )
        if db.session.get(Client, client_id) is None:
            message = _("Client %(id)s does not exist.", id=client_id)
            raise Invalid(message=message, errors={"json": {"client_id": [message]}})
    else:
        client_id = None
    user = User(
        email=normalise_email(data["email"]),
        name=data["name"].strip(),
        role=data["role"],
        locale=data.get("locale") or "en",
        password_hash=hash_password(data["password"]),
        client_id=client_id,
        regions=data.get("regions") if data["role"] == "client" else None,
        home_latitude=data.get("home_latitude"),
        home_longitude=data.get("home_longitude"),
        rating=data.get("rating"),
    )
    with unique_or_422("email", _("This email is already registered.")):
        db.session.add(user)
        db.session.flush()
    return user


def list_users(actor, role=None, client_id=None, q=None, sort=None):
    """Select the users the actor may manage, optionally filtered, searched and sorted."""
    statement = manageable(actor, sa.select(User))
    statement = search(statement, q, (User.name, User.email))
    columns = {name: getattr(User, name) for name in USER_SORTS}
    statement = order(statement, sort, columns, (User.id,), User.id)
    if role:
        statement = statement.where(User.role == role)
    if client_id:
        statement = statement.where(User.client_id == client_id)
    return statement


def update_user(user, data):
    """Apply changes to a user, hashing a new password."""
    if data.get("regions") and user.role != "client":
        raise Invalid(
            message=_("Only client users are limited to regions."),
            errors={"json": {"regions": [_("Only client users are limited to regions.")]}},
        )
    email = data.pop("email", None)
    if email is not None and normalise_email(email) != user.email:
        taken = find_user_by_email(email)
        if taken is not None and taken.id != user.id:
            raise Invalid(
                message=_("This email is already registered."),
                errors={"json": {"email": [_("This email is already registered.")]}},
            )
        with unique_or_422("email", _("This email is already registered.")):
            user.email = normalise_email(email)
            db.session.flush()
    password = data.pop("password", None)
    if password:
        user.password_hash = hash_password(password)
    for field, value in data.items():
        setattr(user, field, value)
    db.session.flush()
    return user
