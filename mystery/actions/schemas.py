"""Schemas for corrective actions, their changes and evidence."""

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from mystery.actions.models import ACTION_STATUSES
from mystery.fields import Day, Id, Trimmed


class Assignee(fields.String):
    """Who should do it: a name (a number, such as a user id, is kept as its text)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        value = super()._deserialize(value, attr, data, **kwargs).strip()
        return value or None


class ActionStoreSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    city = fields.String()
    region = fields.String()


class ActionSchema(Schema):
    """A corrective action as the API shows it."""

    id = fields.Integer()
    client_id = fields.Integer()
    store_id = fields.Integer()
    store = fields.Nested(ActionStoreSchema)
    wave_id = fields.Integer(allow_none=True)
    wave_name = fields.String(allow_none=True)
    question = fields.String(allow_none=True)
    title = fields.String()
    due_on = fields.Date()
    assignee = fields.String(allow_none=True)
    status = fields.String()
    note = fields.String(allow_none=True)
    evidence = fields.String(allow_none=True)
    evidence_url = fields.String(allow_none=True)
    overdue = fields.Boolean()
    created_by = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class ActionCreateSchema(Schema):
    """What it takes to create an action: a store, a title and a due date."""

    store_id = Id(required=True)
    wave_id = Id(load_default=None, allow_none=True)
    question = Trimmed(load_default=None, allow_none=True, validate=validate.Length(max=100))
    title = Trimmed(required=True, validate=validate.Length(min=1, max=200))
    due_on = Day(required=True)
    assignee = Assignee(load_default=None, allow_none=True, validate=validate.Length(max=200))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))


class ActionUpdateSchema(Schema):
    """A change of status, with a note and optionally an uploaded evidence photo."""

    status = fields.String(validate=validate.OneOf(ACTION_STATUSES))
    note = fields.String(allow_none=True, validate=validate.Length(max=5000))
    evidence = fields.UUID(allow_none=True)
    title = Trimmed(validate=validate.Length(min=1, max=200))
    due_on = Day()
    assignee = Assignee(allow_none=True, validate=validate.Length(max=200))

    @validates_schema
    def _something(self, data, **_kwargs):
        if not data:
            raise ValidationError(str(_l("Send at least a status or a note.")), "status")


class ActionQueryArgs(Schema):
    """Filters for the action list."""

    store_id = Id()
    wave_id = Id()
    status = fields.String(validate=validate.OneOf(ACTION_STATUSES))
    overdue = fields.Boolean()


class ActionEventSchema(Schema):
    """One kept change of an action."""

    id = fields.Integer()
    action_id = fields.Integer()
    kind = fields.String()
    from_status = fields.String(allow_none=True)
    to_status = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    evidence = fields.String(allow_none=True)
    changes = fields.Dict(allow_none=True)
    actor_id = fields.Integer(allow_none=True)
    actor_name = fields.String(allow_none=True)
    created_at = fields.DateTime()


class EvidenceSchema(Schema):
    """An uploaded evidence photo."""

    uuid = fields.String()
    action_id = fields.Integer()
    content_type = fields.String()
    size = fields.Integer()
    width = fields.Integer()
    height = fields.Integer()
    sha256 = fields.String()
    url = fields.String()
    created_at = fields.DateTime()


class EvidenceFileArgs(Schema):
    size = fields.String(
        load_default="display", validate=validate.OneOf(("thumb", "display", "original"))
    )
