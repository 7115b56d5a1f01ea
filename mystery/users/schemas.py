"""Schemas for users."""

from marshmallow import Schema, fields, validate

from mystery.auth.models import LOCALES, ROLES
from mystery.auth.schemas import UserSchema  # noqa: F401  (the user shape lives with sign-in)
from mystery.fields import Id, Password, Trimmed
from mystery.listing import ListArgs, sort_field

# A client user sees some regions of their client: a handful, never thousands.
MAX_REGIONS = 100
USER_SORTS = ("id", "name", "email", "role", "locale", "active", "created_at")


class UserCreateSchema(Schema):
    """What it takes to create a user."""

    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = Trimmed(required=True, validate=validate.Length(min=1, max=200))
    password = Password(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    locale = fields.String(load_default="en", validate=validate.OneOf(LOCALES))
    client_id = Id(allow_none=True, load_default=None)
    regions = fields.List(
        fields.String(validate=validate.Length(min=1, max=120)),
        allow_none=True,
        validate=validate.Length(max=MAX_REGIONS),
    )
    home_latitude = fields.Float(allow_none=True, validate=validate.Range(-90, 90))
    home_longitude = fields.Float(allow_none=True, validate=validate.Range(-180, 180))
    rating = fields.Float(allow_none=True, validate=validate.Range(0, 5))


class UserUpdateSchema(Schema):
    """Fields an admin or coordinator may change on a user."""

    email = fields.Email(validate=validate.Length(max=254))
    name = Trimmed(validate=validate.Length(min=1, max=200))
    password = Password()
    locale = fields.String(validate=validate.OneOf(LOCALES))
    active = fields.Boolean()
    regions = fields.List(
        fields.String(validate=validate.Length(min=1, max=120)),
        allow_none=True,
        validate=validate.Length(max=MAX_REGIONS),
    )
    home_latitude = fields.Float(allow_none=True, validate=validate.Range(-90, 90))
    home_longitude = fields.Float(allow_none=True, validate=validate.Range(-180, 180))
    rating = fields.Float(allow_none=True, validate=validate.Range(0, 5))


class UserQueryArgs(ListArgs):
    """Filters for the user list, search by name or email, and sort."""

    role = fields.String(validate=validate.OneOf(ROLES))
    client_id = Id()
    sort = sort_field(USER_SORTS)
