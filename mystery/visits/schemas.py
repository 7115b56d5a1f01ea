"""Schemas for visits and their lifecycle actions."""

from marshmallow import Schema, fields, validate

from mystery.fields import Id, Money
from mystery.listing import ListArgs, sort_field
from mystery.visits.models import STATUSES

VISIT_SORTS = (
    "id",
    "window_start",
    "window_end",
    "status",
    "store",
    "store_code",
    "city",
    "region",
    "submitted_at",
    "approved_at",
    "score",
)


class VisitStoreSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    address = fields.String()
    city = fields.String()
    region = fields.String()
    latitude = fields.Float()
    longitude = fields.Float()


class SectionScoreSchema(Schema):
    key = fields.String()
    title = fields.String()
    score = fields.Float(allow_none=True)
    earned = fields.Float()
    possible = fields.Float()


class ScoreSchema(Schema):
    total = fields.Float(allow_none=True)
    critical_failed = fields.Boolean()
    sections = fields.List(fields.Nested(SectionScoreSchema))


class FlagSchema(Schema):
    code = fields.String()
    params = fields.Dict()
    detail = fields.String()


class PreviousSubmissionSchema(Schema):
    """What the shopper sent before a visit was returned, so any device pre-fills the draft."""

    uuid = fields.String()
    answers = fields.List(fields.Dict())
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)
    media = fields.List(fields.String())


class VisitSchema(Schema):
    """A visit with what it embeds; shopper identity only for staff, never for clients."""

    id = fields.Integer()
    wave_id = fields.Integer()
    wave_name = fields.String()
    client = fields.Dict()
    store = fields.Nested(VisitStoreSchema)
    window_start = fields.DateTime()
    window_end = fields.DateTime()
    daily_window = fields.Dict(allow_none=True)
    scenario = fields.String()
    status = fields.String()
    score = fields.Nested(ScoreSchema, allow_none=True)
    score_history = fields.List(fields.Dict())
    flags = fields.List(fields.Nested(FlagSchema))
    photos = fields.Dict()
    question_scores = fields.Dict(
        metadata={
            "description": "The current submission's scored questions by key: score (0-1), "
            "earned and possible points, as the server scored them."
        }
    )
    submission_uuid = fields.String(allow_none=True)
    submitted_at = fields.DateTime(allow_none=True)
    approved_at = fields.DateTime(allow_none=True)
    review_note = fields.String(allow_none=True)
    scheduled_on = fields.Date(allow_none=True)
    fee = fields.Float()
    # Pay (DESIGN §13): the most a purchase is reimbursed, in the client's currency.
    expense_cap = Money(allow_none=True)
    currency = fields.String(allow_none=True)
    certification_id = fields.Integer(allow_none=True)
    shopper_id = fields.Integer(allow_none=True)
    shopper = fields.Dict()
    checklist_id = fields.Integer()
    checklist = fields.Dict()
    distance_km = fields.Float(allow_none=True)
    changes = fields.List(fields.Nested("ChangeSchema"), allow_none=True)
    previous_submission = fields.Nested(PreviousSubmissionSchema, allow_none=True)


class VisitQueryArgs(ListArgs):
    """Filters, search (store name, code or city; staff also the shopper) and sort."""

    sort = sort_field(VISIT_SORTS)

    wave_id = Id()
    status = fields.String(validate=validate.OneOf(STATUSES))
    store_id = Id()
    shopper_id = Id()
    # The board's filters: a store region, and visits nobody holds.
    region = fields.String(validate=validate.Length(max=200))
    unassigned = fields.Boolean()


class AssignSchema(Schema):
    """Whom to assign, and an optional override of the rotation rule with a reason."""

    shopper_id = Id(required=True)
    override = fields.Boolean(load_default=False)
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class NoteSchema(Schema):
    """An optional note with a lifecycle action."""

    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))


class ReviewSchema(Schema):
    """A coordinator's review decision."""

    decision = fields.String(required=True, validate=validate.OneOf(("approve", "return")))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))
    # How good the report was, given with an approval (DESIGN §13).
    rating = fields.Integer(
        load_default=None, allow_none=True, strict=True, validate=validate.Range(1, 5)
    )


class VisitEventSchema(Schema):
    """One entry of the audit log: about a visit, or (export, anonymise) about a person."""

    id = fields.Integer()
    visit_id = fields.Integer(allow_none=True)
    action = fields.String()
    from_status = fields.String(allow_none=True)
    to_status = fields.String(allow_none=True)
    actor_id = fields.Integer(allow_none=True)
    actor_name = fields.String(allow_none=True)
    subject_id = fields.Integer(allow_none=True)
    subject_name = fields.String(allow_none=True)
    summary = fields.String()
    note = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    created_at = fields.DateTime()


class ChangeSchema(Schema):
    """How one answer differs from the previous submission."""

    question = fields.String()
    text = fields.String()
    change = fields.String()
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)


class BulkReviewSchema(Schema):
    """Approve many submitted visits at once; flagged ones are left for a reader."""

    ids = fields.List(Id(), required=True, validate=validate.Length(min=1, max=500))
    decision = fields.String(required=True, validate=validate.OneOf(("approve",)))


class BulkReviewResultSchema(Schema):
    """Which visits were approved, and why each other one was not."""

    approved = fields.List(fields.Integer())
    skipped = fields.List(fields.Dict())
