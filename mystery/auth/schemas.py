"""Schemas for sign-in and tokens, and the two shapes of an account: a user's and one's own."""

from marshmallow import Schema, fields, validate

from mystery.fields import Trimmed


class AccountSchema(Schema):
    """What every view of an account shows."""

    id = fields.Integer(dump_only=True)
    email = fields.String()
    name = Trimmed()
    role = fields.String()
    locale = fields.String()
    client_id = fields.Integer(allow_none=True)
    regions = fields.List(fields.String(), allow_none=True)
    home_latitude = fields.Float(allow_none=True)
    home_longitude = fields.Float(allow_none=True)
    active = fields.Boolean()
    created_at = fields.DateTime()


class UserSchema(AccountSchema):
    """A user as the API shows it to staff."""

    rating = fields.Float(allow_none=True)


class ProfileSchema(AccountSchema):
    """Your own account as you see it (no rating: that is for coordinators)."""

    iban = fields.String(allow_none=True)
    bic = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)


class LoginSchema(Schema):
    """Credentials for signing in."""

    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(required=True, validate=validate.Length(min=1, max=1000))


class SessionLoginSchema(LoginSchema):
    """Credentials, and whether this device should stay signed in for 30 days."""

    remember = fields.Boolean(load_default=False)


class LoginResultSchema(Schema):
    """The signed-in user and the CSRF token for later unsafe requests."""

    user = fields.Nested(ProfileSchema)  # own account: no rating (coordinators only)
    csrf_token = fields.String()


class TokenCreateSchema(LoginSchema):
    """Credentials and a label for a new personal access token."""

    label = Trimmed(required=True, validate=validate.Length(min=1, max=200))


class TokenSchema(Schema):
    """A new personal access token, shown once."""

    id = fields.Integer()
    token = fields.String()
    label = Trimmed()
