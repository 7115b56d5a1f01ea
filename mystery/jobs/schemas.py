"""Schemas for bulk report jobs."""

from marshmallow import Schema, fields

from mystery.reports.schemas import LANG


class ReportJobCreateSchema(Schema):
    """Options of a bulk report run."""

    lang = fields.String(validate=LANG, metadata={"description": "da, sv or en"})


class ReportJobSchema(Schema):
    """A bulk report run and its progress."""

    id = fields.Integer()
    wave_id = fields.Integer()
    status = fields.String(metadata={"description": "queued, running, done or failed"})
    done = fields.Integer()
    total = fields.Integer()
    lang = fields.String()
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    error = fields.String(allow_none=True)
