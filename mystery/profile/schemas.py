"""Schemas for one's own profile: name, language, home, bank account, phone (DESIGN §13)."""

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from mystery.auth.models import LOCALES
from mystery.fields import Password, Trimmed

# Empty clears the number.
PHONE = validate.Regexp(
    r"^(\+?[0-9][0-9 ()-]{4,38})?$", error=_l("Use a phone number like +45 12 34 56 78.")
)


class IbanField(Trimmed):
    """An IBAN whose country, length and check digits hold; stored compact, upper case."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if not text:
            return None
        try:
            return IBAN(text).compact
        except (SchwiftyException, ValueError):
            raise ValidationError(_l("This IBAN is not valid: check its digits.")) from None


class BicField(Trimmed):
    """A BIC (SWIFT code) of 8 or 11 characters with a real country code."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if not text:
            return None
        try:
            return str(BIC(text.replace(" ", "").upper()))
        except (SchwiftyException, ValueError):
            raise ValidationError(_l("This BIC is not valid.")) from None


class ProfileUpdateSchema(Schema):
    """Fields anyone may change on their own account."""

    name = Trimmed(validate=validate.Length(min=1, max=200))
    locale = fields.String(validate=validate.OneOf(LOCALES))
    home_latitude = fields.Float(allow_none=True, validate=validate.Range(-90, 90))
    home_longitude = fields.Float(allow_none=True, validate=validate.Range(-180, 180))
    iban = IbanField(allow_none=True, validate=validate.Length(max=60))
    bic = BicField(allow_none=True, validate=validate.Length(max=20))
    phone = Trimmed(allow_none=True, validate=PHONE)


class PasswordChangeSchema(Schema):
    """Your current password and the new one."""

    current_password = fields.String(required=True, validate=validate.Length(min=1, max=1000))
    new_password = Password(required=True)
