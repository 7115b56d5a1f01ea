"""Marshmallow's own field messages ("Missing data for required field.") in the reader's
language: marshmallow writes them in English, so the error handler says them again here."""

import re

from flask_babel import lazy_gettext as _l

# Each message as marshmallow fills it in ("{min}" stands for the number it names), with the
# sentence to say instead; a message not listed (our own, already translated) is left as it is.
MESSAGES = {
    "Missing data for required field.": _l("Missing data for required field."),
    "Field may not be null.": _l("Field may not be null."),
    "Unknown field.": _l("Unknown field."),
    "Invalid input type.": _l("Invalid input type."),
    "Invalid input.": _l("Invalid input."),
    "Invalid type.": _l("Invalid type."),
    "Invalid value.": _l("Invalid value."),
    "Not a valid string.": _l("Not a valid string."),
    "Not a valid integer.": _l("Not a valid integer."),
    "Not a valid number.": _l("Not a valid number."),
    "Number too large.": _l("Number too large."),
    "Special numeric values (nan or infinity) are not permitted.": _l(
        "Special numeric values (nan or infinity) are not permitted."
    ),
    "Not a valid boolean.": _l("Not a valid boolean."),
    "Not a valid date.": _l("Not a valid date."),
    "Not a valid datetime.": _l("Not a valid date and time."),
    "Not a valid time.": _l("Not a valid time."),
    "Not a valid aware datetime.": _l("Not a valid date and time with a time zone."),
    "Not a valid naive datetime.": _l("Not a valid date and time without a time zone."),
    "Not a valid email address.": _l("Not a valid email address."),
    "Not a valid URL.": _l("Not a valid URL."),
    "Not a valid UUID.": _l("Not a valid UUID."),
    "Not a valid list.": _l("Not a valid list."),
    "Not a valid mapping type.": _l("Not a valid mapping type."),
    "String does not match expected pattern.": _l("String does not match expected pattern."),
    "Length must be between {min} and {max}.": _l("Length must be between %(min)s and %(max)s."),
    "Shorter than minimum length {min}.": _l("Shorter than minimum length %(min)s."),
    "Longer than maximum length {max}.": _l("Longer than maximum length %(max)s."),
    "Length must be {equal}.": _l("Length must be %(equal)s."),
    "Must be greater than or equal to {min} and less than or equal to {max}.": _l(
        "Must be at least %(min)s and at most %(max)s."
    ),
    "Must be greater than or equal to {min}.": _l("Must be at least %(min)s."),
    "Must be greater than {min}.": _l("Must be greater than %(min)s."),
    "Must be less than or equal to {max}.": _l("Must be at most %(max)s."),
    "Must be less than {max}.": _l("Must be less than %(max)s."),
    "Must be one of: {choices}.": _l("Must be one of: %(choices)s."),
}
PLAIN = {english: said for english, said in MESSAGES.items() if "{" not in english}
FILLED = [
    (re.compile(re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", re.escape(english))), said)
    for english, said in MESSAGES.items()
    if "{" in english
]


def translate(message):
    """Say one of marshmallow's messages in the current language; others come back as given."""
    if not isinstance(message, str):
        return message
    if message in PLAIN:
        return str(PLAIN[message])
    for pattern, said in FILLED:
        match = pattern.fullmatch(message)
        if match:
            return str(said) % match.groupdict()
    return message


def translate_errors(errors):
    """Translate every message of a nested webargs/marshmallow error dict (keys stay)."""
    if isinstance(errors, dict):
        return {key: translate_errors(value) for key, value in errors.items()}
    if isinstance(errors, list):
        return [translate_errors(value) for value in errors]
    return translate(errors)
