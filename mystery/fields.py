"""Marshmallow fields shared by the schemas."""

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields

CENT = Decimal("0.01")
MONEY_LIMIT = Decimal("10000000000")


class Trimmed(fields.String):
    """A string with surrounding whitespace removed before validation."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()


class Money(fields.Field):
    """An amount of money: loads "45.50" (or 45.5) as a Decimal, refusing a third decimal place;
    dumps it as a 2-place string, never a float (DESIGN §13)."""

    def __init__(self, *, negative=False, **kwargs):
        super().__init__(**kwargs)
        self.negative = negative

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return str(Decimal(value).quantize(CENT))

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValidationError(_l("Give an amount like 45.50."))
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValidationError(_l("Give an amount like 45.50.")) from None
        if not amount.is_finite():
            raise ValidationError(_l("Give an amount like 45.50."))
        if amount.as_tuple().exponent < -2:
            raise ValidationError(_l("Use at most 2 decimal places."))
        if amount < 0 and not self.negative:
            raise ValidationError(_l("Must not be negative."))
        if abs(amount) >= MONEY_LIMIT:
            raise ValidationError(_l("The amount is too large."))
        return amount.quantize(CENT)
