"""Schemas for wave summaries and exports: the ?lang= argument and the summary's JSON shape."""

from marshmallow import Schema, fields, validate

from mystery.auth.models import LOCALES

LANG = validate.OneOf(LOCALES, error="Use one of: en, da, sv.")


class SummaryArgs(Schema):
    """Language of titles, texts and labels; the client's locale when left out."""

    lang = fields.String(validate=LANG)


class MeanIntervalSchema(Schema):
    """A mean over n values with its 95% t-interval clipped to [0, 100] (null when n < 2)."""

    mean = fields.Float(allow_none=True)
    n = fields.Integer()
    ci_low = fields.Float(allow_none=True)
    ci_high = fields.Float(allow_none=True)


class SummaryWaveSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    client_id = fields.Integer()
    starts_on = fields.Date()
    ends_on = fields.Date()
    checklist_id = fields.Integer()


class VisitCountsSchema(Schema):
    """Visits by status; a client user sees only the approved ones."""

    approved = fields.Integer()
    total = fields.Integer()
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer())


class OverallStatsSchema(MeanIntervalSchema):
    """The mean of approved visit totals and how many failed a critical question."""

    critical_failures = fields.Integer()


class PreviousWaveSchema(Schema):
    """The client's previous wave (latest starting earlier), same scope, and the change."""

    id = fields.Integer()
    name = fields.String()
    mean = fields.Float(allow_none=True)
    delta = fields.Float(allow_none=True)


class StoreStatsSchema(MeanIntervalSchema):
    """A store's mean total; rank 1 is best (ties share); delta vs its previous-wave mean."""

    store_id = fields.Integer()
    code = fields.String()
    name = fields.String()
    city = fields.String()
    region = fields.String()
    rank = fields.Integer(allow_none=True)
    delta_previous = fields.Float(allow_none=True)
    low_n = fields.Boolean(metadata={"description": "Fewer than 3 approved visits."})


class RegionStatsSchema(MeanIntervalSchema):
    """A region's mean total and each section's mean % (the sections x regions heat map)."""

    region = fields.String()
    sections = fields.Dict(keys=fields.String(), values=fields.Float(allow_none=True))


class SectionStatsSchema(MeanIntervalSchema):
    """A section's mean % over the visits where it counted."""

    key = fields.String()
    title = fields.String()


class QuestionStatsSchema(Schema):
    """How a question was answered: answered (visible, not N/A), N/A, fail rate, mean score."""

    key = fields.String()
    section = fields.String()
    text = fields.String()
    type = fields.String()
    answered = fields.Integer()
    na = fields.Integer()
    fail_rate = fields.Float(
        allow_none=True, metadata={"description": "% of counted answers scoring 0."}
    )
    mean_score = fields.Float(allow_none=True, metadata={"description": "Mean score in %."})


class NpsStatsSchema(Schema):
    nps = fields.Float(allow_none=True)
    promoters = fields.Integer()
    passives = fields.Integer()
    detractors = fields.Integer()
    n = fields.Integer()


class CsatStatsSchema(Schema):
    csat = fields.Float(allow_none=True, metadata={"description": "% of answers 4 or 5."})
    n = fields.Integer()


class CesStatsSchema(Schema):
    ces = fields.Float(allow_none=True, metadata={"description": "Mean answer (1-7)."})
    n = fields.Integer()


class WaitStatsSchema(Schema):
    """Seconds waited: mean, median and % within the question's first band."""

    mean = fields.Float(allow_none=True)
    median = fields.Float(allow_none=True)
    within_target_pct = fields.Float(allow_none=True)
    n = fields.Integer()


class WaitQuestionSchema(WaitStatsSchema):
    key = fields.String()
    text = fields.String()
    target_seconds = fields.Integer(allow_none=True)


class WaitTimeSchema(WaitStatsSchema):
    """Every wait-time answer pooled, then each wait-time question on its own."""

    questions = fields.List(fields.Nested(WaitQuestionSchema))


class WaveSummarySchema(Schema):
    """Wave metrics (DESIGN §4) over the approved visits the caller may see."""

    wave = fields.Nested(SummaryWaveSchema)
    lang = fields.String()
    counts = fields.Nested(VisitCountsSchema)
    overall = fields.Nested(OverallStatsSchema)
    previous_wave = fields.Nested(PreviousWaveSchema, allow_none=True)
    stores = fields.List(fields.Nested(StoreStatsSchema))
    regions = fields.List(fields.Nested(RegionStatsSchema))
    sections = fields.List(fields.Nested(SectionStatsSchema))
    questions = fields.List(fields.Nested(QuestionStatsSchema))
    nps = fields.Nested(NpsStatsSchema)
    csat = fields.Nested(CsatStatsSchema)
    ces = fields.Nested(CesStatsSchema)
    wait_time = fields.Nested(WaitTimeSchema)
