"""Schemas for users."""

from marshmallow import Schema, fields, validate

from mystery.auth.models import LOCALES, ROLES
from mystery.auth.schemas import UserSchema  # noqa: F401  (the user shape lives with sign-in)
from mystery.fields import Trimmed
from mystery.listing import ListArgs, sort_field

USER_SORTS = ("id", "name", "email", "role", "locale", "active", "created_at")


class UserCreateSchema(Schema):
    """What it takes to create a user."""

    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = Trimmed(required=True, validate=validate.Length(min=1, max=200))
    password = fields.String(
        required=True, load_only=True, validate=validate.Length(min=8, max=1000)
    )
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    locale = fields.String(load_default="en", validate=validate.OneOf(LOCALES))
    client_id = fields.Integer(allow_none=True, load_default=None)
    regions = fields.List(fields.String(validate=validate.Length(min=1, max=120)), allow_none=True)
    home_latitude = fields.Float(allow_none=True, validate=validate.Range(-90, 90))
    home_longitude = fields.Float(allow_none=True, validate=validate.Range(-180, 180))
    rating = fields.Float(allow_none=True, validate=validate.Range(0, 5))


class UserUpdateSchema(Schema):
    """Fields an admin or coordinator may change on a user."""

    email = fields.Email(validate=validate.Length(max=254))
    name = Trimmed(validate=validate.Length(min=1, max=200))
    password = fields.String(load_only=True, validate=validate.Length(min=8, max=1000))
    locale = fields.String(validate=validate.OneOf(LOCALES))
    active = fields.Boolean()
    regions = fields.List(fields.String(validate=validate.Length(min=1, max=120)), allow_none=True)
    home_latitude = fields.Float(allow_none=True, validate=validate.Range(-90, 90))
    home_longitude = fields.Float(allow_none=True, validate=validate.Range(-180, 180))
    rating = fields.Float(allow_none=True, validate=validate.Range(0, 5))


class UserQueryArgs(ListArgs):
    """Filters for the user list, search by name or email, and sort."""

    role = fields.String(validate=validate.OneOf(ROLES))
    client_id = fields.Integer()
    sort = sort_field(USER_SORTS)
