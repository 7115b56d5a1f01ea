"""Schemas for appeals."""

from marshmallow import Schema, fields, validate

from mystery.appeals.models import APPEAL_STATUSES
from mystery.fields import Id, Trimmed


class AppealSchema(Schema):
    """An appeal as the API shows it."""

    id = fields.Integer()
    visit_id = fields.Integer()
    client_id = fields.Integer()
    store_id = fields.Integer()
    store_name = fields.String()
    wave_id = fields.Integer()
    wave_name = fields.String()
    question = fields.String()
    question_text = fields.String()
    question_type = fields.String(allow_none=True)
    question_domain = fields.Dict()
    reason = fields.String()
    status = fields.String()
    created_by = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    decided_by = fields.Integer(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    decision = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    previous_value = fields.Raw(allow_none=True)
    value = fields.Raw(allow_none=True)
    previous_total = fields.Float(allow_none=True)
    new_total = fields.Float(allow_none=True)


class AppealCreateSchema(Schema):
    """Which answer is appealed, and why."""

    question = Trimmed(required=True, validate=validate.Length(min=1, max=100))
    reason = Trimmed(required=True, validate=validate.Length(min=1, max=5000))


class AppealDecisionSchema(Schema):
    """A coordinator's decision; `value` corrects the answer when upheld."""

    decision = fields.String(required=True, validate=validate.OneOf(("upheld", "rejected")))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))
    value = fields.Raw(allow_none=True)


class AppealQueryArgs(Schema):
    """Filters for the appeal list."""

    status = fields.String(validate=validate.OneOf(APPEAL_STATUSES))
    visit_id = Id()
    store_id = Id()
