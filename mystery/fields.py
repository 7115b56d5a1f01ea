"""Marshmallow fields shared by the schemas, each bounded to what the database and reports hold."""

from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validate

CENT = Decimal("0.01")
MONEY_LIMIT = Decimal("10000000000")

# Every id column is a 32-bit integer on PostgreSQL; SQLite would take more, but no row has it.
MAX_ID = 2**31 - 1
# Dates a programme can have: far enough either way that converting one to any time zone
# (or adding a window of days to it) never leaves the calendar Python and the databases know.
FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(2999, 12, 31)
# Amounts of money: 2 places, far below what a Decimal context of 28 digits would round.
MAX_MONEY = Decimal("1000000.00")
DAY_RANGE_ERROR = _l("Must be a date from 1970-01-01 to 2999-12-31.")
MOMENT_RANGE_ERROR = _l("Must be a time from 1970-01-01 to 2999-12-31 (UTC).")


class FullMatch(validate.Regexp):
    """A Regexp that must match the whole value: `$` alone lets a trailing newline through."""

    def __call__(self, value):
        if self.regex.fullmatch(value) is None:
            raise ValidationError(self._format_error(value))
        return value


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
            raise ValidationError(str(_l("Give an amount like 45.50.")))
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValidationError(str(_l("Give an amount like 45.50."))) from None
        if not amount.is_finite():
            raise ValidationError(str(_l("Give an amount like 45.50.")))
        if amount.as_tuple().exponent < -2:
            raise ValidationError(str(_l("Use at most 2 decimal places.")))
        if amount < 0 and not self.negative:
            raise ValidationError(str(_l("Must not be negative.")))
        if abs(amount) >= MONEY_LIMIT:
            raise ValidationError(str(_l("The amount is too large.")))
        return amount.quantize(CENT)


def _with(validator, kwargs):
    """Add a validator in front of those the caller gives."""
    given = kwargs.pop("validate", None)
    given = [] if given is None else [given] if callable(given) else list(given)
    return [validator, *given]


class Id(fields.Integer):
    """The id of a row: a whole number from 1 to the database's integer maximum."""

    def __init__(self, **kwargs):
        super().__init__(
            validate=_with(validate.Range(1, MAX_ID, error=_l("Not a valid id.")), kwargs),
            **kwargs,
        )


class Day(fields.Date):
    """A calendar date from 1970 to 2999."""

    def _deserialize(self, value, attr, data, **kwargs):
        day = super()._deserialize(value, attr, data, **kwargs)
        if not FIRST_DAY <= day <= LAST_DAY:
            raise ValidationError(str(DAY_RANGE_ERROR))
        return day


class Moment(fields.AwareDateTime):
    """A moment with its offset, from 1970 to 2999."""

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            moment = super()._deserialize(value, attr, data, **kwargs)
        except OverflowError:  # an offset that pushes year 1 or 9999 off the calendar
            raise ValidationError(str(MOMENT_RANGE_ERROR)) from None
        if moment.tzinfo is None:
            return moment
        first = datetime.combine(FIRST_DAY, time(0), UTC)
        last = datetime.combine(LAST_DAY, time(23, 59, 59), UTC)
        try:
            inside = first <= moment <= last
        except OverflowError:
            inside = False
        if not inside:
            raise ValidationError(str(MOMENT_RANGE_ERROR))
        return moment


MIN_PASSWORD = 10
MAX_PASSWORD = 1000


def _common_passwords():
    """The 30,000 most common passwords, as zxcvbn ships them (lower case)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


class Password(fields.String):
    """A new password: 10 to 1000 characters and not a common one (OWASP ASVS 2.1.1, 2.1.7)."""

    _common = None

    def __init__(self, **kwargs):
        kwargs.setdefault("load_only", True)
        length = validate.Length(
            min=MIN_PASSWORD,
            max=MAX_PASSWORD,
            error=_l("Use at least 10 characters (at most 1000)."),
        )
        super().__init__(validate=_with(length, kwargs), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        password = super()._deserialize(value, attr, data, **kwargs)
        if Password._common is None:
            Password._common = _common_passwords()
        if password.lower() in Password._common:
            raise ValidationError(
                str(_l("This password is one of the most common ones; choose another."))
            )
        return password
