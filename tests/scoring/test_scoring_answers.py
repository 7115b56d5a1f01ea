"""Answer validation and show_if visibility."""

import random

import pytest

from mystery.scoring import validate_answers, visible_questions
from tests.scoring.scoring_examples import (
    MEDIA_ID,
    answer,
    checklist,
    example,
    example_answers,
    question,
    section,
)


def keyed(answers):
    """Index answers by question key, as visible_questions expects."""
    return {a["question"]: a for a in answers}


def test_full_example_answers_are_valid():
    assert validate_answers(example(), example_answers()) == {}


def test_non_list_answers():
    assert validate_answers(example(), {"greeted": True}) == {
        "answers": ["Answers must be a list."]
    }


def test_non_object_items_are_keyed_answers():
    errors = validate_answers(example(), [*example_answers(), "greeted", {"value": 1}])
    assert list(errors) == ["answers"]
    assert len(errors["answers"]) == 2


def test_unknown_question():
    errors = validate_answers(example(), [*example_answers(), answer("colour", "red")])
    assert errors == {"colour": ["Unknown question."]}


def test_duplicate_answer():
    errors = validate_answers(example(), [*example_answers(), answer("greeted", False)])
    assert errors == {"greeted": ["The question is answered more than once."]}


def test_required_missing():
    answers = [a for a in example_answers() if a["question"] not in ("mood", "counter")]
    assert validate_answers(example(), answers) == {
        "mood": ["An answer is required."],
        "counter": ["An answer is required."],
    }


def test_required_null_value_is_missing():
    assert validate_answers(example(), example_answers(friendly=None)) == {
        "friendly": ["An answer is required."]
    }


def test_unscored_question_is_optional_by_default():
    answers = [a for a in example_answers() if a["question"] != "recommend"]
    assert validate_answers(example(), answers) == {}


def test_na_where_allowed_and_not():
    answers = example_answers(litter=None, greeted=None)
    for a in answers:
        if a["question"] in ("litter", "greeted"):
            a["na"] = True
    # litter has na_allowed; greeted does not.
    assert validate_answers(example(), answers) == {
        "greeted": ["N/A is not allowed for this question."]
    }


def test_na_must_be_bool():
    answers = [*example_answers(mood=None)]
    answers[5]["na"] = "yes"
    assert validate_answers(example(), answers)["mood"] == ["N/A must be true or false."]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("greeted", 1),
        ("friendly", True),
        ("friendly", 6),
        ("upsell", "maybe"),
        ("queue", "120"),
        ("queue", -5),
        ("mood", "angry"),
        ("recommend", 11),
    ],
)
def test_out_of_domain_values(key, value):
    errors = validate_answers(example(), example_answers(**{key: value}))
    assert list(errors) == [key]


def test_photo_needs_media_and_ignores_value():
    answers = example_answers()
    answers[-1] = answer("counter", "not a photo", media=[])
    assert validate_answers(example(), answers) == {"counter": ["An answer is required."]}
    answers[-1] = answer("counter", "ignored", media=[MEDIA_ID])
    assert validate_answers(example(), answers) == {}


@pytest.mark.parametrize("media", ["x", ["not-a-uuid"], [7], MEDIA_ID])
def test_media_must_be_uuid_strings(media):
    answers = example_answers()
    answers[-1] = answer("counter", media=media)
    assert "counter" in validate_answers(example(), answers)


@pytest.mark.parametrize("comment", [42, "x" * 2001])
def test_bad_comments(comment):
    answers = example_answers()
    answers[0]["comment"] = comment
    assert validate_answers(example(), answers) == {
        "greeted": ["A comment must be text of at most 2000 characters."]
    }


def test_comment_limit_is_inclusive():
    answers = example_answers()
    answers[0]["comment"] = "x" * 2000
    assert validate_answers(example(), answers) == {}


def gated():
    """Return a checklist exercising every show_if rule."""
    return checklist(
        section(
            "s",
            question("gate"),  # yes_no
            question("when_yes", "text", show_if={"question": "gate", "equals": True}),
            question("score", "nps", required=False),
            question("low", "text", required=True, show_if={"question": "score", "in": [0, 1, 2]}),
            question("chained", required=True, show_if={"question": "when_yes", "equals": "x"}),
            question("num", "nps", required=False, show_if={"question": "gate", "equals": 1}),
        )
    )


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        # gate True → when_yes shown; score 1 ∈ [0,1,2] → low shown; when_yes "x" → chained shown.
        (
            [answer("gate", True), answer("when_yes", "x"), answer("score", 1)],
            {"gate", "when_yes", "score", "low", "chained"},
        ),
        # gate False → when_yes hidden → chained hidden even with a stale "x"; 5 ∉ in → low hidden.
        (
            [answer("gate", False), answer("when_yes", "x"), answer("score", 5)],
            {"gate", "score"},
        ),
        # score unanswered → low hidden; when_yes unanswered → chained hidden.
        ([answer("gate", True)], {"gate", "when_yes", "score"}),
        # score answered N/A → low hidden.
        ([answer("gate", True), answer("score", na=True)], {"gate", "when_yes", "score"}),
        # equals 1 never matches true: JSON true is not the number 1.
        ([answer("gate", True), answer("when_yes", "y")], {"gate", "when_yes", "score"}),
    ],
)
def test_visible_questions(answers, expected):
    assert visible_questions(gated(), keyed(answers)) == expected


def test_hidden_questions_are_neither_required_nor_validated():
    answers = [
        answer("gate", False),
        answer("when_yes", 12345),  # stale and out of domain, but hidden
        answer("chained", "not a bool"),
    ]
    assert validate_answers(gated(), answers) == {}


def test_visible_required_follow_up():
    answers = [answer("gate", True), answer("when_yes", "x"), answer("score", 0)]
    assert validate_answers(gated(), answers) == {
        "low": ["An answer is required."],
        "chained": ["An answer is required."],
    }


def test_random_answers_never_raise():
    rng = random.Random(7)
    values = [None, True, False, 0, 3, 11, -1, 2.5, "", "yes", "happy", [], {}, [MEDIA_ID]]
    keys = ["greeted", "friendly", "upsell", "counter", "why", "nope", None, 3]
    for _ in range(2000):
        answers = [
            {
                rng.choice(["question", "value", "na", "comment", "media"]): rng.choice(values)
                for _ in range(rng.randint(0, 4))
            }
            | {"question": rng.choice(keys)}
            for _ in range(rng.randint(0, 6))
        ]
        assert isinstance(validate_answers(example(), answers), dict)
