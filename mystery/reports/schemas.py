"""Schemas for PDF reports and bulk report jobs."""

from marshmallow import Schema, fields, validate

from mystery.reports.i18n import LANGUAGES

KINDS = ("stores", "wave")
LANG = validate.OneOf(LANGUAGES, error="Use one of: en, da, sv.")


class ReportArgs(Schema):
    """The language of a report; the client's own by default."""

    lang = fields.String(validate=LANG, metadata={"description": "da, sv or en"})


class StoreReportArgs(ReportArgs):
    """Which wave a store report covers; the store's latest wave with approved visits by default."""

    wave_id = fields.Integer()


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
