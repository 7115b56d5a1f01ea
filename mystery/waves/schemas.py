"""Schemas for waves."""

from decimal import Decimal

from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import Schema, ValidationError, fields, post_dump, validate, validates_schema

from mystery.fields import Day, Id, Money, Trimmed
from mystery.listing import ListArgs, sort_field

WAVE_SORTS = ("id", "name", "starts_on", "ends_on", "created_at")


class WaveSchema(Schema):
    """A wave as the API shows it."""

    id = fields.Integer(dump_only=True)
    client_id = fields.Integer()
    checklist_id = fields.Integer()
    name = Trimmed()
    starts_on = fields.Date()
    ends_on = fields.Date()
    fee = fields.Float()
    expense_cap = Money()
    currency = fields.String()
    certification_id = fields.Integer(allow_none=True)
    visits_per_store = fields.Integer()
    window_start_time = fields.Time(allow_none=True)
    window_end_time = fields.Time(allow_none=True)
    created_at = fields.DateTime()
    visit_count = fields.Integer()
    store_ids = fields.List(fields.Integer())
    scenario = fields.String()

    @post_dump
    def _hide_pay(self, data, **_kwargs):
        """Clients never see what a visit pays, here as on visits."""
        if current_user and getattr(current_user, "role", None) == "client":
            data.pop("fee", None)
            data.pop("expense_cap", None)
        return data


class WaveCreateSchema(Schema):
    """What it takes to plan a wave and its open visits."""

    client_id = Id(required=True)
    checklist_id = Id(required=True)
    name = Trimmed(required=True, validate=validate.Length(min=1, max=200))
    starts_on = Day(required=True)
    ends_on = Day(required=True)
    fee = Money(load_default=Decimal("0.00"), validate=validate.Range(0, 1_000_000))
    expense_cap = Money(load_default=None, validate=validate.Range(0, 1_000_000))
    certification_id = Id(load_default=None, allow_none=True)
    store_ids = fields.List(Id(), required=True, validate=validate.Length(min=1, max=5000))
    visits_per_store = fields.Integer(load_default=1, validate=validate.Range(1, 50))
    window_start_time = fields.Time(allow_none=True, load_default=None)
    window_end_time = fields.Time(allow_none=True, load_default=None)
    scenario = fields.String(load_default="", validate=validate.Length(max=5000))

    @validates_schema
    def _check_dates(self, data, **_kwargs):
        if data["ends_on"] < data["starts_on"]:
            raise ValidationError(_("The wave cannot end before it starts."), "ends_on")
        start, end = data.get("window_start_time"), data.get("window_end_time")
        if (start is None) != (end is None):
            field = "window_end_time" if end is None else "window_start_time"
            raise ValidationError(_("Give both window times or neither."), field)
        if start is not None and start >= end:
            raise ValidationError(
                _("The daily window must end after it starts."), "window_end_time"
            )


class WaveQueryArgs(ListArgs):
    """Filters for the wave list, search by name, and sort."""

    client_id = Id()
    sort = sort_field(WAVE_SORTS)


class WaveUpdateSchema(Schema):
    """What may change on a running wave; a later end stretches its visits' windows."""

    name = Trimmed(validate=validate.Length(min=1, max=200))
    ends_on = Day()
    fee = Money(validate=validate.Range(0, 1_000_000))
    expense_cap = Money(validate=validate.Range(0, 1_000_000))
    certification_id = Id(allow_none=True)
    scenario = fields.String(validate=validate.Length(max=5000))


class PairSchema(Schema):
    """One shopper-visit pair of an auto-assign proposal."""

    visit_id = Id(required=True)
    shopper_id = Id(required=True)


class AutoAssignSchema(Schema):
    """Ask for a proposal (dry run) or apply it, whole or only the chosen pairs."""

    dry_run = fields.Boolean(load_default=True)
    max_per_shopper = fields.Integer(load_default=None, validate=validate.Range(1, 100))
    assignments = fields.List(
        fields.Nested(PairSchema), load_default=None, validate=validate.Length(max=5000)
    )


class ProposalSchema(Schema):
    """An auto-assign proposal or what was applied."""

    dry_run = fields.Boolean()
    assignments = fields.List(fields.Dict())
    unassigned = fields.List(fields.Dict())
    skipped = fields.List(fields.Dict())
    covered = fields.Integer()
    open = fields.Integer()
    total_distance_km = fields.Float()
