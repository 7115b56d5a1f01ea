"""Schemas for PDF reports."""

from marshmallow import Schema, fields

from mystery.analytics.schemas import LANG


class ReportArgs(Schema):
    """The language of a report; the client's own by default."""

    lang = fields.String(validate=LANG, metadata={"description": "da, sv or en"})


class StoreReportArgs(ReportArgs):
    """Which wave a store report covers; the store's latest wave with approved visits by default."""

    wave_id = fields.Integer()
