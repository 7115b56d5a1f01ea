"""Question types: each registers how to check its definition, check a value and score it."""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .fields import check_choice_options, check_min_max, check_score_bands
from .limits import MAX_NUMBER, MAX_WAIT_SECONDS
from .rounding import is_number, to_fraction

Question = dict[str, Any]
FieldErrors = dict[str, list[str]]
DefinitionCheck = Callable[[Question], FieldErrors]
ValueCheck = Callable[[Question, Any], str | None]
Scorer = Callable[[Question, Any], Fraction | None]


@dataclass(frozen=True)
class QuestionType:
    """How one kind of question is defined, answered and scored."""

    scored: bool
    check_definition: DefinitionCheck
    check_value: ValueCheck
    score: Scorer
    # A photo is answered by its media list, every other type by its value.
    answered_by_media: bool = False
    # The number an answer stands for in aggregates (means of values), None when none.
    numeric: Callable[[object], float | None] = None


def plain_number(value) -> float | None:
    """Return a numeric answer as a float (booleans are not numbers here), else None."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def answer_number(qtype: str, value) -> float | None:
    """Return the number an answer of this type stands for in aggregates, if any."""
    kind = QUESTION_TYPES.get(qtype)
    return kind.numeric(value) if kind is not None else plain_number(value)


QUESTION_TYPES: dict[str, QuestionType] = {}

SMILEY_SCORES = {"happy": Fraction(1), "neutral": Fraction(1, 2), "sad": Fraction(0)}
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
TIME_RE = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?")
MAX_TEXT = 5000


def register(
    name: str,
    *,
    scored: bool,
    check_value: ValueCheck,
    check_definition: DefinitionCheck | None = None,
    score: Scorer | None = None,
    answered_by_media: bool = False,
    numeric: Callable[[object], float | None] | None = None,
) -> None:
    """Add a question type to the registry."""
    QUESTION_TYPES[name] = QuestionType(
        scored=scored,
        check_definition=check_definition or (lambda question: {}),
        check_value=check_value,
        score=score or (lambda question, value: None),
        answered_by_media=answered_by_media,
        numeric=numeric or plain_number,
    )


def is_int(value) -> bool:
    """Tell whether value is an int and not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)


def scale_bounds(question: Question) -> tuple[int, int]:
    """Return a scale question's (min, max), defaulting to 1..5."""
    return question.get("min", 1), question.get("max", 5)


def sorted_bands(question: Question) -> list[dict]:
    """Return a wait-time question's bands in ascending max_seconds."""
    return sorted(question["bands"], key=lambda band: band["max_seconds"])


def wait_time_target(question: Question) -> int | None:
    """Return the seconds of a wait-time question's first (lowest) band, its target."""
    bands = question.get("bands") or []
    return min((band["max_seconds"] for band in bands), default=None)


# yes_no -------------------------------------------------------------------


def check_yes_no_definition(question: Question) -> FieldErrors:
    """Check that pass_value, when given, is a bool."""
    if "pass_value" in question and not isinstance(question["pass_value"], bool):
        return {"pass_value": ["Must be true or false."]}
    return {}


def check_yes_no_value(question: Question, value) -> str | None:
    """Accept only true or false."""
    return None if isinstance(value, bool) else "Must be true or false."


def score_yes_no(question: Question, value: bool) -> Fraction:
    """Score 1 when the answer is the passing one, else 0."""
    return Fraction(int(value == question.get("pass_value", True)))


register(
    "yes_no",
    scored=True,
    check_definition=check_yes_no_definition,
    check_value=check_yes_no_value,
    score=score_yes_no,
    numeric=lambda value: (
        (1.0 if value else 0.0) if isinstance(value, bool) else plain_number(value)
    ),
)

# scale --------------------------------------------------------------------


def check_scale_definition(question: Question) -> FieldErrors:
    """Check integer min < max and the optional metric."""
    errors: FieldErrors = {}
    for field in ("min", "max"):
        if field in question and not is_int(question[field]):
            errors[field] = ["Must be a whole number."]
        elif field in question and abs(question[field]) > MAX_NUMBER:
            errors[field] = [f"Must be from -{MAX_NUMBER} to {MAX_NUMBER}."]
    low, high = scale_bounds(question)
    if not errors and low >= high:
        errors["max"] = [f"Must be greater than min ({low})."]
    if "metric" in question and question["metric"] not in ("csat", "ces"):
        errors["metric"] = ["Must be 'csat' or 'ces'."]
    return errors


def check_scale_value(question: Question, value) -> str | None:
    """Accept a whole number from min to max."""
    low, high = scale_bounds(question)
    if is_int(value) and low <= value <= high:
        return None
    return f"Must be a whole number from {low} to {high}."


def score_scale(question: Question, value: int) -> Fraction:
    """Place the value linearly between min (0) and max (1)."""
    low, high = scale_bounds(question)
    return Fraction(value - low, high - low)


register(
    "scale",
    scored=True,
    check_definition=check_scale_definition,
    check_value=check_scale_value,
    score=score_scale,
)

# choice -------------------------------------------------------------------


def find_option(question: Question, value) -> dict | None:
    """Return the option whose value is value, never matching True to 1."""
    if isinstance(value, bool):
        return None
    for option in question["options"]:
        if option["value"] == value and type(option["value"]) is type(value):
            return option
    return None


def check_choice_value(question: Question, value) -> str | None:
    """Accept one of the options' values."""
    if find_option(question, value) is not None:
        return None
    allowed = ", ".join(repr(option["value"]) for option in question["options"])
    return f"Must be one of: {allowed}."


def score_choice(question: Question, value) -> Fraction:
    """Score the chosen option's score."""
    return to_fraction(find_option(question, value)["score"])


register(
    "choice",
    scored=True,
    check_definition=check_choice_options,
    check_value=check_choice_value,
    score=score_choice,
)

# wait_time ----------------------------------------------------------------


def check_wait_time_value(question: Question, value) -> str | None:
    """Accept a whole number of seconds from 0 to a week."""
    if not is_int(value) or value < 0:
        return "Must be a whole number of seconds, 0 or more."
    if value > MAX_WAIT_SECONDS:
        return f"Must be at most {MAX_WAIT_SECONDS} seconds."
    return None


def score_wait_time(question: Question, value: int) -> Fraction:
    """Score the first band the wait fits in, 0 when it fits in none."""
    for band in sorted_bands(question):
        if value <= band["max_seconds"]:
            return to_fraction(band["score"])
    return Fraction(0)


register(
    "wait_time",
    scored=True,
    check_definition=check_score_bands,
    check_value=check_wait_time_value,
    score=score_wait_time,
)

# smiley -------------------------------------------------------------------


def check_smiley_value(question: Question, value) -> str | None:
    """Accept happy, neutral or sad."""
    if isinstance(value, str) and value in SMILEY_SCORES:
        return None
    return "Must be 'happy', 'neutral' or 'sad'."


register(
    "smiley",
    scored=True,
    check_value=check_smiley_value,
    score=lambda question, value: SMILEY_SCORES[value],
    numeric=lambda value: float(SMILEY_SCORES[value]) if value in SMILEY_SCORES else None,
)

# unscored types -----------------------------------------------------------


def check_nps_value(question: Question, value) -> str | None:
    """Accept a whole number from 0 to 10."""
    return None if is_int(value) and 0 <= value <= 10 else "Must be a whole number from 0 to 10."


def check_number_value(question: Question, value) -> str | None:
    """Accept a number within the optional min and max."""
    if not is_number(value) or not isinstance(value, int | float):
        return "Must be a number."
    if abs(to_fraction(value)) > MAX_NUMBER:
        return f"Must be a number from -{MAX_NUMBER} to {MAX_NUMBER}."
    low, high = question.get("min"), question.get("max")
    if low is not None and to_fraction(value) < to_fraction(low):
        return f"Must be at least {low}."
    if high is not None and to_fraction(value) > to_fraction(high):
        return f"Must be at most {high}."
    return None


def check_text_value(question: Question, value) -> str | None:
    """Accept a string of at most 5000 characters."""
    if isinstance(value, str) and len(value) <= MAX_TEXT:
        return None
    return f"Must be text of at most {MAX_TEXT} characters."


def check_date_value(question: Question, value) -> str | None:
    """Accept a real calendar date written YYYY-MM-DD."""
    if isinstance(value, str) and DATE_RE.fullmatch(value):
        try:
            datetime.date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return "Must be a real date written YYYY-MM-DD."


def check_time_value(question: Question, value) -> str | None:
    """Accept a time of day written HH:MM or HH:MM:SS."""
    if isinstance(value, str) and TIME_RE.fullmatch(value):
        return None
    return "Must be a time written HH:MM or HH:MM:SS."


register("nps", scored=False, check_value=check_nps_value)
register("number", scored=False, check_definition=check_min_max, check_value=check_number_value)
register("text", scored=False, check_value=check_text_value)
# A photo's evidence is its media list, checked with the answer; its value is ignored.
register("photo", scored=False, check_value=lambda question, value: None, answered_by_media=True)
register("date", scored=False, check_value=check_date_value)
register("time", scored=False, check_value=check_time_value)
