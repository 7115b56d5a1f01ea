"""Schemas for clients."""

import base64
import binascii
import io
import warnings

from babel.numbers import list_currencies
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate
from PIL import Image

from mystery.auth.models import LOCALES
from mystery.fields import FullMatch, Trimmed

COLOUR = FullMatch(r"^#[0-9A-Fa-f]{6}$", error=_l("Use a colour like #1F4E79."))
LOGO = FullMatch(
    r"^data:image/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+$",
    error=_l("Use a data: URI of a PNG, JPEG or SVG image."),
)

CURRENCY = validate.OneOf(
    sorted(list_currencies()), error=_l("Use an ISO 4217 currency code such as DKK.")
)


DEFAULT_MAX_LOGO_PIXELS = 2_000_000


def logo_pixels(value):
    """Refuse a PNG or JPEG logo with more pixels than MAX_LOGO_PIXELS, reading only its header.

    Every report draws the logo, so a small file claiming millions of pixels would make each
    one slow; Pillow reads the size without decoding the picture.
    """
    if value is None or value.startswith("data:image/svg+xml"):
        return
    try:
        raw = base64.b64decode(value.split(",", 1)[1], validate=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            width, height = Image.open(io.BytesIO(raw), formats=["PNG", "JPEG"]).size
    except (binascii.Error, Image.DecompressionBombError, OSError, ValueError, IndexError):
        raise ValidationError(_("The logo is not a readable PNG or JPEG image.")) from None
    limit = current_app.config.get("MAX_LOGO_PIXELS", DEFAULT_MAX_LOGO_PIXELS)
    if width * height > limit:
        raise ValidationError(
            _(
                "The logo is %(width)s × %(height)s pixels; at most %(limit)s pixels are allowed.",
                width=width,
                height=height,
                limit=limit,
            )
        )


LOGO_CHECKS = [validate.Length(max=300_000), LOGO, logo_pixels]


class ClientSchema(Schema):
    """A client as the API shows it."""

    id = fields.Integer(dump_only=True)
    name = Trimmed()
    locale = fields.String()
    brand_colour = fields.String()
    logo = fields.String(allow_none=True)
    rotation_days = fields.Integer()
    currency = fields.String()
    created_at = fields.DateTime()


class ClientCreateSchema(Schema):
    """What it takes to create a client."""

    name = Trimmed(required=True, validate=validate.Length(min=1, max=200))
    locale = fields.String(load_default="en", validate=validate.OneOf(LOCALES))
    brand_colour = fields.String(load_default="#1F4E79", validate=COLOUR)
    logo = fields.String(
        allow_none=True, validate=[validate.Length(max=300_000), LOGO, logo_pixels]
    )
    rotation_days = fields.Integer(load_default=90, validate=validate.Range(0, 3650))
    # Unset: the locale's currency (DKK for da, SEK for sv, EUR for en).
    currency = fields.String(validate=CURRENCY)


class ClientUpdateSchema(Schema):
    """Fields of a client that may change."""

    name = Trimmed(validate=validate.Length(min=1, max=200))
    locale = fields.String(validate=validate.OneOf(LOCALES))
    brand_colour = fields.String(validate=COLOUR)
    logo = fields.String(
        allow_none=True, validate=[validate.Length(max=300_000), LOGO, logo_pixels]
    )
    rotation_days = fields.Integer(validate=validate.Range(0, 3650))
    currency = fields.String(validate=CURRENCY)
