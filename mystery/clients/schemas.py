"""Schemas for clients."""

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from mystery.auth.models import LOCALES
from mystery.fields import FullMatch, Trimmed

COLOUR = FullMatch(r"^#[0-9A-Fa-f]{6}$", error=_l("Use a colour like #1F4E79."))
LOGO = FullMatch(
    r"^data:image/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+$",
    error=_l("Use a data: URI of a PNG, JPEG or SVG image."),
)


class ClientSchema(Schema):
    """A client as the API shows it."""

    id = fields.Integer(dump_only=True)
    name = Trimmed()
    locale = fields.String()
    brand_colour = fields.String()
    logo = fields.String(allow_none=True)
    rotation_days = fields.Integer()
    created_at = fields.DateTime()


class ClientCreateSchema(Schema):
    """What it takes to create a client."""

    name = Trimmed(required=True, validate=validate.Length(min=1, max=200))
    locale = fields.String(load_default="en", validate=validate.OneOf(LOCALES))
    brand_colour = fields.String(load_default="#1F4E79", validate=COLOUR)
    logo = fields.String(allow_none=True, validate=[validate.Length(max=300_000), LOGO])
    rotation_days = fields.Integer(load_default=90, validate=validate.Range(0, 3650))


class ClientUpdateSchema(Schema):
    """Fields of a client that may change."""

    name = Trimmed(validate=validate.Length(min=1, max=200))
    locale = fields.String(validate=validate.OneOf(LOCALES))
    brand_colour = fields.String(validate=COLOUR)
    logo = fields.String(allow_none=True, validate=[validate.Length(max=300_000), LOGO])
    rotation_days = fields.Integer(validate=validate.Range(0, 3650))
