"""Schemas of webhooks and their deliveries."""

from marshmallow import Schema, fields, validate

from mystery.fields import Trimmed
from mystery.webhooks.models import EVENTS


class WebhookCreateSchema(Schema):
    """A URL, the events it hears of, the secret that signs them; for one client or all."""

    client_id = fields.Integer(
        allow_none=True, load_default=None, validate=validate.Range(min=1, max=2**31 - 1)
    )
    url = Trimmed(required=True, validate=validate.Length(min=1, max=2000))
    events = fields.List(
        fields.String(validate=validate.OneOf(EVENTS)),
        required=True,
        validate=validate.Length(min=1, max=len(EVENTS)),
    )
    secret = fields.String(required=True, load_only=True, validate=validate.Length(min=8, max=200))


class WebhookSchema(Schema):
    """A registered webhook; its secret is never shown again."""

    id = fields.Integer()
    client_id = fields.Integer(allow_none=True)
    url = fields.String()
    events = fields.List(fields.String())
    created_at = fields.DateTime()


class DeliverySchema(Schema):
    """One delivery of an event to a webhook: its state and the last answer."""

    id = fields.Integer()
    uuid = fields.String()
    event = fields.String()
    status = fields.String()
    attempts = fields.Integer()
    response_status = fields.Integer(allow_none=True)
    last_error = fields.String(allow_none=True)
    next_attempt_at = fields.DateTime(allow_none=True)
    delivered_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    body = fields.String()
