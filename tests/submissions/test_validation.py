"""Refused submissions: 422 keyed by question, and nothing written."""

import pytest

from tests.conftest import full_answers
from tests.visits.helpers import new_uuid, stored


def without(key):
    return [a for a in full_answers() if a["question"] != key]


def replaced(key, **answer):
    return [{"question": key, **answer} if a["question"] == key else a for a in full_answers()]


@pytest.mark.parametrize(
    ("answers", "errors"),
    [
        (without("friendly"), {"friendly": ["An answer is required."]}),
        (without("counter"), {"counter": ["An answer is required."]}),
        (replaced("counter", value=None, media=[]), {"counter": ["An answer is required."]}),
        (replaced("greeted", value=None), {"greeted": ["An answer is required."]}),
        (
            [*full_answers(), {"question": "parking", "value": 1}],
            {"parking": ["Unknown question."]},
        ),
        (replaced("friendly", value="5"), {"friendly": ["Must be a whole number from 1 to 5."]}),
        (replaced("friendly", value=4.5), {"friendly": ["Must be a whole number from 1 to 5."]}),
        (replaced("friendly", value=6), {"friendly": ["Must be a whole number from 1 to 5."]}),
        (replaced("greeted", value=1), {"greeted": ["Must be true or false."]}),
        (replaced("greeted", value="yes"), {"greeted": ["Must be true or false."]}),
        (replaced("upsell", value="maybe"), {"upsell": ["Must be one of: 'yes', 'partly', 'no'."]}),
        (replaced("queue", value=-1), {"queue": ["Must be a whole number of seconds, 0 or more."]}),
        (replaced("mood", value="ecstatic"), {"mood": ["Must be 'happy', 'neutral' or 'sad'."]}),
        (replaced("recommend", value=11), {"recommend": ["Must be a whole number from 0 to 10."]}),
        (
            replaced("greeted", value=None, na=True),
            {"greeted": ["N/A is not allowed for this question."]},
        ),
        (
            replaced("counter", value=None, media=["not-a-uuid"]),
            {"counter": ["Media must be a list of media ids (UUIDs)."]},
        ),
        (
            [*full_answers(), {"question": "greeted", "value": True}],
            {"greeted": ["The question is answered more than once."]},
        ),
        (
            [a for a in replaced("greeted", value=1) if a["question"] != "mood"],
            {"greeted": ["Must be true or false."], "mood": ["An answer is required."]},
        ),
        (
            [*full_answers(recommend=3), {"question": "why", "value": 42}],
            {"why": ["Must be text of at most 5000 characters."]},
        ),
    ],
)
def test_invalid_answers_are_422_by_question(app, flow, answers, errors):
    vid = flow.in_state("accepted")
    response = flow.submit(vid, answers=answers)
    assert response.status_code == 422, response.json
    assert response.json["errors"] == errors
    assert response.json["message"] == f"Some answers need attention: {', '.join(sorted(errors))}."
    assert stored(app) == ([], [])
    assert flow.visit_row(vid).status == "accepted"
    assert [e["action"] for e in flow.events(vid)][-1] == "accept"


def test_hidden_question_may_carry_a_stale_value(flow):
    vid = flow.in_state("accepted")
    answers = [*full_answers(recommend=9), {"question": "why", "value": "Old reason"}]
    assert flow.submit(vid, answers=answers).status_code == 201


@pytest.mark.parametrize(
    ("change", "field_name"),
    [
        ({"visit_id": None}, "visit_id"),
        ({"answers": "all good"}, "answers"),
        ({"started_at": "yesterday"}, "started_at"),
        ({"finished_at": "2026-11-22T10:30:00"}, "finished_at"),
        ({"checkin": {"latitude": 91, "longitude": 12}}, "checkin"),
        ({"checkin": {"longitude": 12}}, "checkin"),
        ({"answers": [*full_answers(), "counter"]}, "answers"),
    ],
)
def test_invalid_body_is_422_by_field(app, flow, change, field_name):
    vid = flow.in_state("accepted")
    response = flow.shopper.put(
        f"/api/v1/submissions/{new_uuid()}", json={**flow.body(vid), **change}
    )
    assert response.status_code == 422, response.json
    assert list(response.json["errors"]["json"]) == [field_name]
    assert stored(app) == ([], [])
    assert flow.visit_row(vid).status == "accepted"


def test_a_fixed_submission_goes_through_under_the_same_uuid(app, flow):
    # A 422 stores nothing, so the corrected payload may reuse the UUID the app gave it.
    vid = flow.in_state("accepted")
    sid = new_uuid()
    assert flow.submit(vid, sid, answers=without("friendly")).status_code == 422
    response = flow.submit(vid, sid)
    assert response.status_code == 201
    assert stored(app)[0] == [(sid, vid, response.json["payload_hash"])]


def test_finishing_before_starting_is_422(app, flow):
    vid = flow.in_state("accepted")
    response = flow.submit(
        vid, started_at="2026-11-22T10:30:00+00:00", finished_at="2026-11-22T10:00:00+00:00"
    )
    assert response.status_code == 422
    assert "finished_at" in response.json["errors"]["json"]
    assert flow.counts() == (0, 0)
    assert flow.visit_row(vid).status == "accepted"
