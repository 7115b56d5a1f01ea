"""Checks for the type-specific fields of a question definition (options, bands, bounds)."""

from typing import Any

from .limits import MAX_BANDS, MAX_KEY, MAX_NUMBER, MAX_OPTIONS, MAX_WAIT_SECONDS
from .rounding import is_number, to_fraction
from .text import check_translatable

FieldErrors = dict[str, list[str]]


def check_unit_score(value) -> list[str]:
    """Return a message unless value is a number from 0 to 1."""
    if is_number(value) and 0 <= to_fraction(value) <= 1:
        return []
    return ["Must be a number from 0 to 1."]


def check_object_list(question: dict, field: str, noun: str, most: int) -> tuple[list, FieldErrors]:
    """Return the field's items when it is a list of 1 to `most`, else an error for it."""
    items = question.get(field)
    if not isinstance(items, list) or not items:
        return [], {field: [f"At least one {noun} is required."]}
    if len(items) > most:
        return [], {field: [f"At most {most} {noun}s are allowed."]}
    return items, {}


def is_bounded_number(value) -> bool:
    """Tell whether value is a finite number within ±MAX_NUMBER."""
    return is_number(value) and abs(to_fraction(value)) <= MAX_NUMBER


def check_choice_options(question: dict) -> FieldErrors:
    """Check a choice question's options: value, label and score each, values unique."""
    options, errors = check_object_list(question, "options", "option", MAX_OPTIONS)
    seen: list[Any] = []
    for index, option in enumerate(options):
        path = f"options.{index}"
        if not isinstance(option, dict):
            errors[path] = ["An option must be an object."]
            continue
        value = option.get("value")
        if isinstance(value, bool) or not isinstance(value, str | int):
            errors[f"{path}.value"] = ["Must be a string or a whole number."]
        elif isinstance(value, str) and len(value) > MAX_KEY:
            errors[f"{path}.value"] = [f"Must be at most {MAX_KEY} characters."]
        elif isinstance(value, int) and abs(value) > MAX_NUMBER:
            errors[f"{path}.value"] = [f"Must be from -{MAX_NUMBER} to {MAX_NUMBER}."]
        elif any(value == old and type(value) is type(old) for old in seen):
            errors[f"{path}.value"] = [f"Duplicate option value {value!r}."]
        else:
            seen.append(value)
        if messages := check_translatable(option.get("label")):
            errors[f"{path}.label"] = messages
        if messages := check_unit_score(option.get("score")):
            errors[f"{path}.score"] = messages
    return errors


def check_score_bands(question: dict) -> FieldErrors:
    """Check a wait-time question's bands: whole max_seconds above 0, score from 0 to 1."""
    bands, errors = check_object_list(question, "bands", "band", MAX_BANDS)
    for index, band in enumerate(bands):
        path = f"bands.{index}"
        if not isinstance(band, dict):
            errors[path] = ["A band must be an object."]
            continue
        seconds = band.get("max_seconds")
        if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds <= 0:
            errors[f"{path}.max_seconds"] = ["Must be a whole number of seconds above 0."]
        elif seconds > MAX_WAIT_SECONDS:
            errors[f"{path}.max_seconds"] = [f"Must be at most {MAX_WAIT_SECONDS} seconds."]
        if messages := check_unit_score(band.get("score")):
            errors[f"{path}.score"] = messages
    return errors


def check_min_max(question: dict) -> FieldErrors:
    """Check a number question's optional bounds: numbers, min not above max."""
    errors: FieldErrors = {}
    for field in ("min", "max"):
        if question.get(field) is not None and not is_bounded_number(question[field]):
            errors[field] = [f"Must be a number from -{MAX_NUMBER} to {MAX_NUMBER}."]
    low, high = question.get("min"), question.get("max")
    if not errors and low is not None and high is not None and to_fraction(low) > to_fraction(high):
        errors["max"] = [f"Must not be below min ({low})."]
    return errors
