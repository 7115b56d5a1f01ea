"""Schemas for bulk report jobs."""

from marshmallow import Schema, fields, validate

from mystery.reports.schemas import LANG

KINDS = ("stores", "wave")


class ReportJobCreateSchema(Schema):
    """Options of a bulk report run."""

    lang = fields.String(validate=LANG, metadata={"description": "da, sv or en"})
    kind = fields.String(
        load_default="stores",
        validate=validate.OneOf(KINDS, error="Use one of: stores, wave."),
        metadata={"description": "stores: a ZIP of every store report; wave: the chain report"},
    )


class ReportJobSchema(Schema):
    """A bulk report run and its progress."""

    id = fields.Integer()
    wave_id = fields.Integer()
    kind = fields.String(metadata={"description": "stores (a ZIP) or wave (one PDF)"})
    status = fields.String(metadata={"description": "queued, running, done or failed"})
    done = fields.Integer()
    total = fields.Integer()
    lang = fields.String()
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    error = fields.String(allow_none=True)
