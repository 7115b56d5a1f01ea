"""Schemas of in-app notifications and their e-mail settings."""

from marshmallow import Schema, fields, validate

from mystery.notifications.kinds import KINDS


class NotificationSchema(Schema):
    """An in-app notification, worded in the reader's language."""

    id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    text = fields.String()
    visit_id = fields.Integer(allow_none=True)
    link = fields.String(allow_none=True)
    read = fields.Boolean()
    created_at = fields.DateTime()


class MarkReadSchema(Schema):
    """Which notifications to mark read; without ids, all of them."""

    ids = fields.List(
        fields.Integer(validate=validate.Range(min=1, max=2**31 - 1)),
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=500),
    )


class UnreadSchema(Schema):
    """How many notifications are still unread."""

    unread = fields.Integer()
    read = fields.Integer()


class SettingSchema(Schema):
    """Whether a kind of notification is also mailed."""

    kind = fields.String()
    label = fields.String()
    email = fields.Boolean()
    optional = fields.Boolean()


class SettingsUpdateSchema(Schema):
    """E-mail on or off, per kind: {"kinds": {"visit_assigned": false}}."""

    kinds = fields.Dict(
        keys=fields.String(validate=validate.OneOf(list(KINDS))),
        values=fields.Boolean(),
        required=True,
    )
