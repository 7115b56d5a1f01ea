"""Schemas for submissions (DESIGN §6)."""

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from mystery.fields import Id, Moment, Money


class CheckinSchema(Schema):
    """Where and when the shopper checked in."""

    latitude = fields.Float(required=True, validate=validate.Range(-90, 90))
    longitude = fields.Float(required=True, validate=validate.Range(-180, 180))
    # Up to 100 km: anything coarser is no position at all, and every accepted value must render.
    accuracy_m = fields.Float(
        load_default=None, allow_none=True, validate=validate.Range(min=0, max=100_000)
    )
    at = Moment(load_default=None, allow_none=True)


class ExpenseSchema(Schema):
    """What the shopper spent on the visit's purchase, with the receipt's media UUID (§13)."""

    amount = Money(required=True)
    description = fields.String(load_default="", validate=validate.Length(max=500))
    receipt = fields.UUID(load_default=None, allow_none=True)
    currency = fields.String(load_default=None, allow_none=True, validate=validate.Length(3, 3))


class SubmissionInSchema(Schema):
    """A shopper's submission for a visit."""

    visit_id = Id(required=True)
    # Items are checked against the checklist by the scoring package, which names the
    # question in each error; a nested schema here would only repeat that work.
    answers = fields.List(fields.Dict(), required=True, validate=validate.Length(max=1000))
    started_at = Moment(load_default=None, allow_none=True)
    finished_at = Moment(load_default=None, allow_none=True)
    checkin = fields.Nested(CheckinSchema, load_default=None, allow_none=True)
    expense = fields.Nested(ExpenseSchema, load_default=None, allow_none=True)

    @validates_schema
    def _check_order(self, data, **_kwargs):
        started, finished = data.get("started_at"), data.get("finished_at")
        if started and finished and finished < started:
            raise ValidationError(_("The visit cannot finish before it started."), "finished_at")


class SubmissionSchema(Schema):
    """A stored submission; the same body on the first PUT and on every identical replay."""

    uuid = fields.String()
    visit_id = fields.Integer()
    received_at = fields.DateTime()
    payload_hash = fields.String()
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)
    checkin = fields.Dict(allow_none=True)
    answers = fields.List(fields.Dict())
    expense = fields.Dict(allow_none=True)
    score = fields.Dict(allow_none=True)
