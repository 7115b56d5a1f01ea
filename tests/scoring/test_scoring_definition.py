"""Checklist definition validation: exact error paths, garbage never raises."""

import random

import pytest

from mystery.scoring import (
    is_required,
    is_scored,
    iter_questions,
    question_weight,
    validate_definition,
)
from tests.scoring.scoring_examples import checklist, example, question, section


def test_example_is_valid():
    assert validate_definition(example()) == {}


def test_translations_and_unknown_fields_are_valid():
    definition = checklist(
        section(
            "s",
            question(
                "q",
                text={"en": "Greeted?", "da": "Hilst?", "sv": "Hälsad?"},
                help={"en": "Within 30 s"},
                extra_field="tolerated",
            ),
            title={"en": "Service", "da": "Betjening"},
            colour="red",
        )
    )
    assert validate_definition(definition) == {}


def q0(**fields):
    """Return a one-question checklist whose question has fields replaced."""
    return checklist(section("s", {"key": "q", "text": "q", "type": "yes_no"} | fields))


P = "sections.0.questions.0"
BAD = [
    pytest.param({}, {"sections"}, id="no sections"),
    pytest.param({"sections": []}, {"sections"}, id="empty sections"),
    pytest.param({"sections": {"a": 1}}, {"sections"}, id="sections not a list"),
    pytest.param({"sections": [None]}, {"sections.0"}, id="section not an object"),
    pytest.param(
        checklist(section("s", question("a")), section("s", question("b"))),
        {"sections.1.key"},
        id="duplicate section key",
    ),
    pytest.param(
        checklist({"key": "", "questions": []}),
        {"sections.0.key", "sections.0.title", "sections.0.questions"},
        id="section missing everything",
    ),
    pytest.param(
        checklist(section("s", question("a"), title={"de": "Dienst"})),
        {"sections.0.title"},
        id="title in an unknown language",
    ),
    pytest.param(
        checklist(section("s", question("a"), weight=-1)),
        {"sections.0.weight"},
        id="negative section weight",
    ),
    pytest.param(
        checklist(section("s", question("a")), section("t", question("a"))),
        {"sections.1.questions.0.key"},
        id="question key duplicated across sections",
    ),
    pytest.param(q0(key="has space"), {f"{P}.key"}, id="bad key characters"),
    pytest.param(q0(text=""), {f"{P}.text"}, id="blank text"),
    pytest.param(q0(text={"en": 5}), {f"{P}.text"}, id="translation not a string"),
    pytest.param(q0(type="colour"), {f"{P}.type"}, id="unknown type"),
    pytest.param(q0(weight=-2), {f"{P}.weight"}, id="negative weight"),
    pytest.param(q0(weight=True), {f"{P}.weight"}, id="bool weight"),
    pytest.param(
        q0(required="yes", na_allowed=1, critical=None),
        {f"{P}.required", f"{P}.na_allowed", f"{P}.critical"},
        id="flags not bools",
    ),
    pytest.param(q0(type="text", critical=True), {f"{P}.critical"}, id="critical unscored"),
    pytest.param(q0(pass_value="yes"), {f"{P}.pass_value"}, id="yes_no pass_value"),
    pytest.param(q0(type="scale", min=5, max=1), {f"{P}.max"}, id="scale min above max"),
    pytest.param(q0(type="scale", min=1.5), {f"{P}.min"}, id="scale float min"),
    pytest.param(q0(type="scale", metric="nps"), {f"{P}.metric"}, id="scale metric"),
    pytest.param(q0(type="choice"), {f"{P}.options"}, id="choice without options"),
    pytest.param(
        q0(
            type="choice",
            options=[
                {"value": "a", "label": "A", "score": 1},
                {"value": "a", "label": "", "score": 1.5},
                {"value": True, "label": "T", "score": 0},
                "nope",
            ],
        ),
        {
            f"{P}.options.1.value",
            f"{P}.options.1.label",
            f"{P}.options.1.score",
            f"{P}.options.2.value",
            f"{P}.options.3",
        },
        id="choice option errors",
    ),
    pytest.param(q0(type="wait_time", bands=[]), {f"{P}.bands"}, id="wait_time no bands"),
    pytest.param(
        q0(type="wait_time", bands=[{"max_seconds": 0, "score": 1}, {"max_seconds": 60}]),
        {f"{P}.bands.0.max_seconds", f"{P}.bands.1.score"},
        id="wait_time band errors",
    ),
    pytest.param(q0(type="number", min=10, max=1), {f"{P}.max"}, id="number min above max"),
    pytest.param(
        checklist(section("s", question("a", show_if={"question": "b", "equals": True}))),
        {f"{P}.show_if.question"},
        id="show_if on unknown question",
    ),
    pytest.param(
        checklist(
            section(
                "s",
                question("a", show_if={"question": "b", "equals": True}),
                question("b", show_if={"question": "a", "equals": True}),
            )
        ),
        {f"{P}.show_if.question"},
        id="show_if cycle: the forward reference is refused",
    ),
    pytest.param(
        q0(show_if={"question": "q", "equals": True}),
        {f"{P}.show_if.question"},
        id="show_if on itself",
    ),
    pytest.param(
        checklist(
            section(
                "s",
                question("a"),
                question("b", show_if={"question": "a"}),
                question("c", show_if={"question": "a", "equals": 1, "in": [1]}),
                question("d", show_if={"question": "a", "in": 1}),
                question("e", show_if="a"),
            )
        ),
        {
            "sections.0.questions.1.show_if",
            "sections.0.questions.2.show_if",
            "sections.0.questions.3.show_if.in",
            "sections.0.questions.4.show_if",
        },
        id="show_if shapes",
    ),
]


@pytest.mark.parametrize(("definition", "paths"), BAD)
def test_bad_definitions(definition, paths):
    errors = validate_definition(definition)
    assert set(errors) == paths
    assert all(
        messages and all(isinstance(m, str) for m in messages) for messages in errors.values()
    )


def test_exact_messages():
    assert validate_definition({"sections": []}) == {
        "sections": ["At least one section is required."]
    }
    assert validate_definition(q0(type="colour")) == {
        f"{P}.type": ["Unknown question type 'colour'."]
    }
    duplicate = checklist(section("s", question("greeted")), section("t", question("greeted")))
    assert validate_definition(duplicate) == {
        "sections.1.questions.0.key": ["Duplicate question key 'greeted'."]
    }


def test_weight_on_unscored_type_is_ignored():
    assert validate_definition(q0(type="text", weight="heavy")) == {}
    assert question_weight({"type": "text", "weight": 5}) == 0


@pytest.mark.parametrize(
    "garbage",
    [
        None,
        [],
        "x",
        5,
        {"sections": "x"},
        {"sections": [[]]},
        {"sections": [{"key": ["k"], "title": {1: 2}, "questions": {"a": 1}}]},
        {"sections": [{"key": {"k": 1}, "title": [], "questions": [None, 1, "q", []]}]},
        q0(key=["q"], type=["yes_no"], text=None, show_if={"question": ["a"], "in": {}}),
        q0(type={"x": 1}, weight=float("nan")),
        q0(type="choice", options=[None, [], {"value": {}, "label": {None: None}, "score": "1"}]),
        q0(type="wait_time", bands="fast"),
        q0(type="scale", min="1", max=None),
        q0(type="number", min=[], max={}),
    ],
)
def test_garbage_never_raises(garbage):
    errors = validate_definition(garbage)
    assert errors
    assert all(isinstance(path, str) for path in errors)


def random_json(rng: random.Random, depth: int = 0):
    """Return a random JSON-ish value, biased towards checklist-shaped keys."""
    leaves = [None, True, 0, -1, 1.5, "", "x", "yes_no", "scale", "choice", "q", [], {}]
    if depth > 3 or rng.random() < 0.4:
        return rng.choice(leaves)
    fields = ["sections", "questions", "key", "title", "text", "type", "weight", "options"]
    fields += ["bands", "show_if", "question", "equals", "in", "min", "max", "critical"]
    if rng.random() < 0.5:
        return [random_json(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {rng.choice(fields): random_json(rng, depth + 1) for _ in range(rng.randint(0, 5))}


def test_random_garbage_never_raises():
    rng = random.Random(20260214)
    for _ in range(3000):
        assert isinstance(validate_definition(random_json(rng)), dict)


def test_helpers_apply_defaults():
    questions = [q for _, q in iter_questions(example())]
    assert [q["key"] for q in questions][:3] == ["greeted", "litter", "friendly"]
    by_key = {q["key"]: q for q in questions}
    assert question_weight(by_key["greeted"]) == 2
    assert question_weight(by_key["mood"]) == 1
    assert question_weight(by_key["recommend"]) == 0
    assert is_required(by_key["mood"]) is True  # scored → required by default
    assert is_required(by_key["why"]) is False  # unscored → optional by default
    assert is_required(by_key["counter"]) is True  # explicit
    assert is_required({"type": "yes_no", "required": False}) is False
    assert is_scored(by_key["queue"]) and not is_scored(by_key["recommend"])
