"""Exact submission scoring, hand-computed against DESIGN §4."""

import json
from fractions import Fraction

from mystery.scoring import score_submission
from tests.scoring.scoring_examples import (
    answer,
    checklist,
    example,
    example_answers,
    question,
    section,
)


def test_design_example_fully_answered():
    result = score_submission(example(), example_answers())
    # greeted   True, weight 2            → score 1,   earned 2,   possible 2
    # litter    False, pass_value false   → score 1,   earned 1,   possible 1
    # friendly  4 on 1..5, weight 3       → (4-1)/4,   earned 9/4, possible 3
    # upsell    "partly", weight 1        → 1/2,       earned 1/2, possible 1
    # queue     200 s: >120, ≤300, w 2    → 1/2,       earned 1,   possible 2
    # mood      "neutral", weight 1       → 1/2,       earned 1/2, possible 1
    # recommend nps, why hidden (8 ∉ 0..6), counter photo: not scored
    # Σ earned = 2 + 1 + 9/4 + 1/2 + 1 + 1/2 = 29/4; Σ possible = 10
    # section % = 100 * (29/4) / 10 = 145/2 = 72.5; total = 40 * 72.5 / 40 = 72.5
    (service,) = result.sections
    assert service.earned == Fraction(29, 4)
    assert service.possible == 10
    assert service.percent == Fraction(145, 2)
    assert result.total == Fraction(145, 2)
    assert result.critical_failed is False
    assert result.to_dict() == {
        "total": 72.5,
        "critical_failed": False,
        "sections": [
            # earned 7.25 rounds half away to 7.3
            {
                "key": "service",
                "title": "Service quality",
                "score": 72.5,
                "earned": 7.3,
                "possible": 10.0,
            }
        ],
    }
    assert result.questions["friendly"].score == Fraction(3, 4)
    assert result.questions["why"].reason == "hidden"
    assert result.questions["recommend"].reason == "not_scored"
    assert result.questions["counter"].excluded


def test_design_example_critical_failure():
    result = score_submission(example(), example_answers(greeted=False))
    # greeted now earns 0 of 2: Σ earned = 29/4 - 2 = 21/4 → 100 * (21/4) / 10 = 52.5
    assert result.critical_failed is True
    assert result.total == 0
    assert result.sections[0].percent == Fraction(105, 2)
    assert result.to_dict()["total"] == 0.0
    assert result.to_dict()["sections"][0]["score"] == 52.5


def test_na_litter_is_excluded():
    answers = example_answers(litter=None)
    answers[1]["na"] = True
    # Σ earned = 29/4 - 1 = 25/4; Σ possible = 10 - 1 = 9 → 100 * 25/36 = 625/9 = 69.44… → 69.4
    result = score_submission(example(), answers)
    assert result.sections[0].percent == Fraction(625, 9)
    assert result.to_dict()["total"] == 69.4
    assert result.questions["litter"].reason == "na"


def test_section_of_exactly_82_25_rounds_up():
    definition = checklist(section("s", question("a", weight=329), question("b", weight=71)))
    result = score_submission(definition, [answer("a", True), answer("b", False)])
    # 100 * 329 / (329 + 71) = 32900 / 400 = 82.25 exactly → 82.3
    assert result.sections[0].percent == Fraction(329, 4)
    assert result.to_dict()["sections"][0] == {
        "key": "s",
        "title": "S",
        "score": 82.3,
        "earned": 329.0,
        "possible": 400.0,
    }


def test_choice_score_as_float_is_exact():
    options = [
        {"value": "a", "label": "A", "score": 0.8235},
        {"value": "b", "label": "B", "score": 0.0005},
    ]
    definition = checklist(
        section("s", question("a", "choice", options=options)),
        section("t", question("b", "choice", options=options)),
    )
    result = score_submission(definition, [answer("a", "a"), answer("b", "b")])
    # 100 * 0.8235 = 1647/20 = 82.35 → 82.4 (read from the float, 82.34999… would give 82.3)
    # 100 * 0.0005 = 1/20 = 0.05 → 0.1
    # total = (82.35 + 0.05) / 2 = 41.2
    assert [s.percent for s in result.sections] == [Fraction(1647, 20), Fraction(1, 20)]
    shaped = result.to_dict()
    assert [s["score"] for s in shaped["sections"]] == [82.4, 0.1]
    assert shaped["total"] == 41.2


def test_one_third():
    definition = checklist(section("s", question("a"), question("b"), question("c")))
    result = score_submission(
        definition, [answer("a", True), answer("b", False), answer("c", False)]
    )
    # 100 * 1/3 = 33.33… → 33.3
    assert result.total == Fraction(100, 3)
    assert result.to_dict()["total"] == 33.3


def test_all_na_section_is_null_and_left_out_of_total():
    definition = checklist(
        section("a", question("x", na_allowed=True), weight=1),
        section("b", question("y"), question("z"), weight=3),
    )
    result = score_submission(
        definition, [answer("x", na=True), answer("y", True), answer("z", False)]
    )
    # a: Σ possible 0 → null.  b: 1 of 2 → 50.  total = 3 * 50 / 3 = 50 (a's weight not counted)
    assert result.sections[0].percent is None
    assert result.total == 50
    assert result.to_dict()["sections"][0]["score"] is None


def test_all_sections_null_gives_null_total():
    definition = checklist(
        section("a", question("n", "nps"), question("t", "text")),
        section("b", question("x", na_allowed=True)),
    )
    result = score_submission(definition, [answer("n", 9), answer("x", na=True)])
    assert [s.percent for s in result.sections] == [None, None]
    assert result.total is None
    assert result.to_dict()["total"] is None


def test_zero_section_weights_give_null_total():
    definition = checklist(section("a", question("x"), weight=0))
    result = score_submission(definition, [answer("x", True)])
    assert result.sections[0].percent == 100
    assert result.total is None


def test_section_weights():
    definition = checklist(
        section("a", question("a1"), question("a2"), weight=40),
        section("b", question("b1"), weight=60),
    )
    result = score_submission(
        definition, [answer("a1", True), answer("a2", False), answer("b1", True)]
    )
    # a: 50 %, b: 100 % → (40 * 50 + 60 * 100) / (40 + 60) = 8000 / 100 = 80
    assert result.total == 80


def test_section_weights_as_floats_are_exact():
    definition = checklist(
        section("a", question("a1"), weight=0.1),
        section("b", question("b1"), weight=0.2),
    )
    result = score_submission(definition, [answer("a1", True), answer("b1", False)])
    # (1/10 * 100 + 2/10 * 0) / (3/10) = 10 / (3/10) = 100/3 → 33.3
    assert result.total == Fraction(100, 3)


def test_weight_zero_question_adds_nothing():
    definition = checklist(section("s", question("a", weight=0), question("b", weight=2)))
    result = score_submission(definition, [answer("a", False), answer("b", True)])
    # a: weight 0 → excluded; b: 2 of 2 → 100
    assert result.total == 100
    assert result.questions["a"].score == 0
    assert result.questions["a"].reason == "weight_zero"
    assert result.sections[0].possible == 2


def test_critical_with_weight_zero_still_fails():
    definition = checklist(section("s", question("a", weight=0, critical=True), question("b")))
    result = score_submission(definition, [answer("a", False), answer("b", True)])
    # §4: a visible, non-N/A critical question scoring 0 fails, whatever its weight.
    assert result.critical_failed is True
    assert result.total == 0
    assert result.sections[0].percent == 100


def test_critical_answered_na_does_not_fail():
    definition = checklist(
        section("s", question("a", critical=True, na_allowed=True), question("b"))
    )
    result = score_submission(definition, [answer("a", na=True), answer("b", True)])
    assert result.critical_failed is False
    assert result.total == 100


def test_critical_hidden_does_not_fail():
    definition = checklist(
        section(
            "s",
            question("gate", weight=0),
            question("a", critical=True, show_if={"question": "gate", "equals": True}),
            question("b"),
        )
    )
    # a carries a stale failing answer but gate is false, so a is hidden.
    result = score_submission(
        definition, [answer("gate", False), answer("a", False), answer("b", True)]
    )
    assert result.critical_failed is False
    assert result.total == 100
    assert result.questions["a"].reason == "hidden"


def test_show_if_equals_in_chained_and_unanswered_drive_scoring():
    definition = checklist(
        section(
            "s",
            question("gate", "nps"),
            question("low", show_if={"question": "gate", "in": [0, 1, 2, 3, 4, 5, 6]}),
            question("ten", show_if={"question": "gate", "equals": 10}),
            question("chain", show_if={"question": "low", "equals": True}),
            question("orphan", show_if={"question": "never", "equals": True}),
            question("never", "text"),
        )
    )
    answers = [
        answer("gate", 10),
        answer("low", True),  # stale: hidden as 10 ∉ 0..6
        answer("ten", False),  # shown: 10 == 10, scores 0
        answer("chain", True),  # hidden because low is hidden
    ]
    result = score_submission(definition, answers)
    # only "ten" counts: 0 of 1 → 0 %
    assert result.sections[0].percent == 0
    assert {k for k, q in result.questions.items() if q.reason == "hidden"} == {
        "low",
        "chain",
        "orphan",
    }


def test_show_if_on_unanswered_question_hides():
    definition = checklist(
        section(
            "s",
            question("a", required=False),
            question("b", show_if={"question": "a", "equals": False}),
        )
    )
    result = score_submission(definition, [answer("b", False)])
    # a unanswered → excluded; b refers to an unanswered question → hidden. Nothing counts.
    assert result.questions["a"].reason == "unanswered"
    assert result.questions["b"].reason == "hidden"
    assert result.total is None


def test_wait_time_bands_unsorted():
    bands = [
        {"max_seconds": 300, "score": 0.5},
        {"max_seconds": 60, "score": 1},
        {"max_seconds": 120, "score": 0.75},
    ]
    definition = checklist(section("s", question("w", "wait_time", bands=bands, weight=4)))
    # 90 s: not ≤ 60, ≤ 120 → 3/4; earned 4 * 3/4 = 3 of 4 → 75
    assert score_submission(definition, [answer("w", 90)]).total == 75
    # 400 s: beyond every band → 0
    assert score_submission(definition, [answer("w", 400)]).total == 0


def test_localized_titles():
    definition = checklist(section("s", question("a"), title={"en": "Service", "da": "Betjening"}))
    result = score_submission(definition, [answer("a", True)])
    assert result.to_dict("da")["sections"][0]["title"] == "Betjening"
    assert result.to_dict("sv")["sections"][0]["title"] == "Service"
    assert result.to_dict()["sections"][0]["title"] == {"en": "Service", "da": "Betjening"}


def test_snapshot_is_json_and_exact():
    result = score_submission(example(), example_answers())
    snapshot = json.loads(json.dumps(result.to_snapshot()))
    assert {k: v for k, v in snapshot.items() if k != "exact"} == result.to_dict()
    exact = snapshot["exact"]
    assert exact["total"] == "145/2"
    assert exact["sections"]["service"] == {
        "percent": "145/2",
        "earned": "29/4",
        "possible": "10",
        "weight": "40",
    }
    assert exact["questions"]["friendly"] == {
        "score": "3/4",
        "earned": "9/4",
        "possible": "3",
        "excluded": False,
        "reason": None,
    }
    assert exact["questions"]["why"]["score"] is None
    assert Fraction(exact["total"]) == result.total
