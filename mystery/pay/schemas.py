"""Schemas for the ledger, earnings and payouts (DESIGN §13)."""

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from mystery.fields import Money, Trimmed
from mystery.listing import ListArgs
from mystery.pay.models import KINDS, STATUSES

CURRENCY = validate.Regexp(r"^[A-Z]{3}$", error=_l("Use an ISO 4217 code such as DKK."))


class LedgerEntrySchema(Schema):
    """One ledger line as the API shows it."""

    id = fields.Integer()
    shopper_id = fields.Integer()
    shopper_name = fields.String()
    visit_id = fields.Integer(allow_none=True)
    kind = fields.String()
    amount = Money(negative=True)
    currency = fields.String()
    status = fields.String()
    note = fields.String()
    claimed = Money(allow_none=True)
    capped = fields.Boolean()
    detail = fields.String(allow_none=True)
    receipt = fields.String(allow_none=True)
    payout_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    wave_id = fields.Integer(allow_none=True)
    wave_name = fields.String(allow_none=True)
    store_name = fields.String(allow_none=True)
    visit_date = fields.DateTime(allow_none=True)


class LedgerQueryArgs(ListArgs):
    """Filters for the coordinator's ledger."""

    shopper_id = fields.Integer()
    wave_id = fields.Integer()
    visit_id = fields.Integer()
    status = fields.String(validate=validate.OneOf(STATUSES))
    kind = fields.String(validate=validate.OneOf(KINDS))
    currency = fields.String(validate=CURRENCY)


class LedgerCreateSchema(Schema):
    """A bonus or an adjustment a coordinator grants; payable at once."""

    shopper_id = fields.Integer(required=True)
    visit_id = fields.Integer(load_default=None, allow_none=True)
    kind = fields.String(required=True, validate=validate.OneOf(("bonus", "adjustment")))
    amount = Money(required=True, negative=True)
    currency = fields.String(load_default=None, allow_none=True, validate=CURRENCY)
    note = Trimmed(load_default="", validate=validate.Length(max=2000))


class TotalsSchema(Schema):
    """Sums per status in one currency."""

    pending = Money(negative=True)
    payable = Money(negative=True)
    paid = Money(negative=True)
    void = Money(negative=True)


class EarningsSchema(Schema):
    """A shopper's own ledger with totals per status."""

    currency = fields.String(allow_none=True)
    totals = fields.Nested(TotalsSchema)
    by_currency = fields.Dict(keys=fields.String(), values=fields.Nested(TotalsSchema))
    entries = fields.List(fields.Nested(LedgerEntrySchema))


class PayoutCreateSchema(Schema):
    """Which currency to pay out."""

    currency = fields.String(required=True, validate=CURRENCY)


class PayoutLineSchema(Schema):
    """What one shopper receives."""

    shopper_id = fields.Integer()
    name = fields.String()
    iban = fields.String()
    bic = fields.String(allow_none=True)
    amount = Money(negative=True)
    entry_ids = fields.List(fields.Integer())


class SkippedSchema(Schema):
    """A shopper left out of a payout, and why."""

    shopper_id = fields.Integer()
    name = fields.String()
    reason = fields.String()
    code = fields.String()
    amount = Money(negative=True)


class PayoutSchema(Schema):
    """A payout batch with its lines and the shoppers it skipped."""

    id = fields.Integer()
    currency = fields.String()
    status = fields.String()
    total = Money(negative=True)
    count = fields.Integer()
    entry_count = fields.Integer()
    lines = fields.List(fields.Nested(PayoutLineSchema))
    skipped = fields.List(fields.Nested(SkippedSchema))
    created_at = fields.DateTime()
    paid_at = fields.DateTime(allow_none=True)
    message_id = fields.String()


class PayoutQueryArgs(ListArgs):
    """Filters for the payout list."""

    status = fields.String(validate=validate.OneOf(("draft", "paid")))
    currency = fields.String(validate=CURRENCY)
