"""Each question type's value domain and score."""

from fractions import Fraction

import pytest

from mystery.scoring import QUESTION_TYPES, wait_time_target

YES_NO = {"type": "yes_no"}
YES_NO_FAIL_ON_TRUE = {"type": "yes_no", "pass_value": False}
SCALE = {"type": "scale", "min": 1, "max": 5}
SCALE_0_10 = {"type": "scale", "min": 0, "max": 10}
CHOICE = {
    "type": "choice",
    "options": [
        {"value": "yes", "label": "Yes", "score": 1},
        {"value": "partly", "label": {"en": "Partly", "da": "Delvist"}, "score": 0.5},
        {"value": 3, "label": "Three", "score": 0.3},
        {"value": "no", "label": "No", "score": 0},
    ],
}
# Deliberately out of order: scoring must sort by max_seconds.
WAIT = {
    "type": "wait_time",
    "bands": [
        {"max_seconds": 300, "score": 0.5},
        {"max_seconds": 60, "score": 1},
        {"max_seconds": 120, "score": 0.75},
    ],
}
NUMBER = {"type": "number", "min": 0, "max": 99.5}


def score(question, value):
    """Score value with the question's registered type."""
    return QUESTION_TYPES[question["type"]].score(question, value)


def check(question, value):
    """Check value with the question's registered type."""
    return QUESTION_TYPES[question["type"]].check_value(question, value)


@pytest.mark.parametrize(
    ("question", "value", "expected"),
    [
        (YES_NO, True, 1),
        (YES_NO, False, 0),
        (YES_NO_FAIL_ON_TRUE, False, 1),
        (YES_NO_FAIL_ON_TRUE, True, 0),
        (SCALE, 1, 0),  # (1-1)/(5-1)
        (SCALE, 5, 1),  # (5-1)/(5-1)
        (SCALE, 4, Fraction(3, 4)),  # (4-1)/(5-1)
        ({"type": "scale"}, 2, Fraction(1, 4)),  # defaults 1..5: (2-1)/4
        (SCALE_0_10, 7, Fraction(7, 10)),
        (CHOICE, "yes", 1),
        (CHOICE, "partly", Fraction(1, 2)),
        (CHOICE, 3, Fraction(3, 10)),  # 0.3 exactly, not the float's binary expansion
        (CHOICE, "no", 0),
        (WAIT, 0, 1),
        (WAIT, 60, 1),  # ≤ 60 → first band after sorting
        (WAIT, 61, Fraction(3, 4)),  # ≤ 120
        (WAIT, 120, Fraction(3, 4)),
        (WAIT, 300, Fraction(1, 2)),
        (WAIT, 301, 0),  # beyond every band
        ({"type": "smiley"}, "happy", 1),
        ({"type": "smiley"}, "neutral", Fraction(1, 2)),
        ({"type": "smiley"}, "sad", 0),
    ],
)
def test_scores(question, value, expected):
    assert check(question, value) is None
    result = score(question, value)
    assert isinstance(result, Fraction)
    assert result == expected


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ({"type": "nps"}, 9),
        ({"type": "number"}, 3.5),
        ({"type": "text"}, "Nice"),
        ({"type": "photo"}, None),
        ({"type": "date"}, "2026-02-28"),
        ({"type": "time"}, "14:05"),
    ],
)
def test_unscored_types_score_none(question, value):
    assert not QUESTION_TYPES[question["type"]].scored
    assert check(question, value) is None
    assert score(question, value) is None


@pytest.mark.parametrize(
    ("question", "value"),
    [
        (YES_NO, 1),  # an int is not a bool
        (YES_NO, "true"),
        (SCALE, True),  # a bool is not an int
        (SCALE, 0),
        (SCALE, 6),
        (SCALE, 3.5),
        (SCALE, "3"),
        (CHOICE, "maybe"),
        (CHOICE, "3"),  # the option value is the int 3
        (CHOICE, True),
        (CHOICE, ["yes"]),
        (WAIT, "120"),
        (WAIT, -1),
        (WAIT, 12.5),
        (WAIT, False),
        ({"type": "smiley"}, "angry"),
        ({"type": "smiley"}, ["happy"]),
        ({"type": "nps"}, 11),
        ({"type": "nps"}, -1),
        ({"type": "nps"}, True),
        ({"type": "nps"}, 7.5),
        (NUMBER, True),
        (NUMBER, "3"),
        (NUMBER, -0.1),
        (NUMBER, 100),
        (NUMBER, float("nan")),
        ({"type": "text"}, 42),
        ({"type": "text"}, "x" * 5001),
        ({"type": "date"}, "2026-02-30"),
        ({"type": "date"}, "2026-2-3"),
        ({"type": "date"}, "2026-02-03T10:00"),
        ({"type": "date"}, "٢٠٢٦-02-03"),  # Arabic-Indic digits are not YYYY
        ({"type": "time"}, "24:00"),
        ({"type": "time"}, "9:30"),
        ({"type": "time"}, "12:60"),
        ({"type": "time"}, "12:00\n"),
    ],
)
def test_domain_errors(question, value):
    message = check(question, value)
    assert isinstance(message, str)
    assert message.endswith(".")


def test_domain_messages_name_the_domain():
    assert check(SCALE, 6) == "Must be a whole number from 1 to 5."
    assert check(YES_NO, 1) == "Must be true or false."
    assert check(CHOICE, "maybe") == "Must be one of: 'yes', 'partly', 3, 'no'."
    assert check({"type": "nps"}, 11) == "Must be a whole number from 0 to 10."


@pytest.mark.parametrize("value", ["12:00", "00:00:00", "23:59:59"])
def test_time_accepts_both_forms(value):
    assert check({"type": "time"}, value) is None


def test_text_limit_is_inclusive():
    assert check({"type": "text"}, "x" * 5000) is None


def test_number_bounds_are_inclusive():
    assert check(NUMBER, 0) is None
    assert check(NUMBER, 99.5) is None


def test_answer_numbers_come_from_each_types_registration():
    from mystery.scoring import answer_number

    assert answer_number("yes_no", True) == 1.0
    assert answer_number("yes_no", False) == 0.0
    assert [answer_number("smiley", m) for m in ("happy", "neutral", "sad")] == [1.0, 0.5, 0.0]
    assert answer_number("smiley", "grumpy") is None
    assert answer_number("scale", 4) == 4.0
    assert answer_number("wait_time", 90) == 90.0
    assert answer_number("choice", "yes") is None
    assert answer_number("number", True) is None  # a boolean is no number
    assert answer_number("no-such-type", 3) == 3.0


def test_wait_time_target_is_lowest_band():
    question = {"bands": [{"max_seconds": 300, "score": 0.5}, {"max_seconds": 120, "score": 1}]}
    assert wait_time_target(question) == 120
    assert wait_time_target({"bands": []}) is None
