"""The sync table of DESIGN §6: 201 first, 200 identical replay, 409 otherwise, exact scores."""

import hashlib
import json

import pytest

from tests.conftest import full_answers
from tests.visits.helpers import at, new_uuid, stored

PARTIAL = {"litter": True, "friendly": 4, "upsell": "partly", "queue": 200, "mood": "neutral"}
# greeted 2×1 + litter 1×0 + friendly 3×¾ + upsell 1×½ + queue 2×½ + mood 1×½ = 6.25 of 10
PARTIAL_SCORE = {
    "total": 62.5,
    "critical_failed": False,
    "sections": [
        {
            "key": "service",
            "title": "Service quality",
            "score": 62.5,
            "earned": 6.3,
            "possible": 10.0,
        }
    ],
}


@pytest.fixture
def accepted(flow):
    return flow.in_state("accepted")


def canonical_sha256(body):
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def reorder(value):
    """Reverse the key order of every object, keeping the JSON equivalent."""
    if isinstance(value, dict):
        return {k: reorder(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [reorder(v) for v in value]
    return value


def test_first_put_is_201_and_scores_exactly(app, flow, accepted):
    sid = new_uuid()
    body = flow.body(accepted, answers=full_answers(**PARTIAL))
    response = flow.shopper.put(f"/api/v1/submissions/{sid}", json=body)
    assert response.status_code == 201, response.json
    assert response.headers["Location"] == f"/api/v1/submissions/{sid}"
    assert response.json == {
        "uuid": sid,
        "visit_id": accepted,
        "received_at": response.json["received_at"],
        "payload_hash": canonical_sha256(body),
        "started_at": at(0, 10, 0),
        "finished_at": at(0, 10, 30),
        "checkin": {**body["checkin"], "accuracy_m": 12.0},
        "answers": full_answers(**PARTIAL),
        "score": PARTIAL_SCORE,
    }
    assert stored(app) == (
        [(sid, accepted, canonical_sha256(body))],
        [
            ("greeted", "yes_no", True, 1.0, 1.0, 2.0, False, False),
            ("litter", "yes_no", True, 1.0, 0.0, 1.0, False, False),
            ("friendly", "scale", 4, 4.0, 0.75, 3.0, False, False),
            ("upsell", "choice", "partly", None, 0.5, 1.0, False, False),
            ("queue", "wait_time", 200, 200.0, 0.5, 2.0, False, False),
            ("mood", "smiley", "neutral", 0.5, 0.5, 1.0, False, False),
            ("recommend", "nps", 9, 9.0, None, 0.0, False, False),
            ("counter", "photo", None, None, None, 0.0, False, False),
        ],
    )
    row = flow.visit_row(accepted)
    assert (row.status, row.score_total, row.critical_failed) == ("submitted", 62.5, False)
    assert row.score["exact"]["total"] == "125/2"
    assert row.score["exact"]["sections"]["service"]["earned"] == "25/4"
    visit = flow.coordinator.get(f"/api/v1/visits/{accepted}").json
    assert visit["score"] == PARTIAL_SCORE
    assert visit["submission_uuid"] == sid
    assert visit["submitted_at"] == response.json["received_at"]
    assert visit["photos"] == {"referenced": 1, "received": 0}


def test_na_and_hidden_questions_are_excluded(app, flow, accepted):
    answers = [
        *full_answers(litter=None, recommend=3, friendly=2)[:-1],
        {"question": "litter", "value": None, "na": True},
        {"question": "why", "value": "Slow"},
        full_answers()[-1],
    ]
    response = flow.submit(accepted, answers=answers)
    assert response.status_code == 201, response.json
    # greeted 2 + friendly 3×¼ + upsell 1 + queue 2 + mood 1 = 6.75 of 9 → 75 %
    assert response.json["score"]["total"] == 75.0
    assert response.json["score"]["sections"][0]["earned"] == 6.8
    assert response.json["score"]["sections"][0]["possible"] == 9.0
    _, rows = stored(app)
    assert [r for r in rows if r[0] in ("litter", "why")] == [
        ("litter", "yes_no", None, None, None, 0.0, True, False),
        ("why", "text", "Slow", None, None, 0.0, False, False),
    ]


def test_critical_failure_zeroes_the_total(flow, accepted):
    response = flow.submit(accepted, answers=full_answers(greeted=False))
    assert response.status_code == 201
    # Sections keep their own score: 8 of 10.
    expected = {
        "total": 0.0,
        "critical_failed": True,
        "sections": [
            {
                "key": "service",
                "title": "Service quality",
                "score": 80.0,
                "earned": 8.0,
                "possible": 10.0,
            }
        ],
    }
    assert response.json["score"] == expected
    assert flow.coordinator.get(f"/api/v1/visits/{accepted}").json["score"] == expected
    row = flow.visit_row(accepted)
    assert (row.score_total, row.critical_failed) == (0.0, True)


def test_identical_replay_is_200_with_the_same_bytes(app, flow, accepted):
    sid = new_uuid()
    body = flow.body(accepted, answers=full_answers(**PARTIAL))
    first = flow.shopper.put(f"/api/v1/submissions/{sid}", json=body)
    assert first.status_code == 201
    before = stored(app)
    events = flow.events(accepted)
    again = flow.shopper.put(f"/api/v1/submissions/{sid}", json=body)
    assert again.status_code == 200
    assert again.data == first.data
    raw = json.dumps(reorder(body), indent=3)
    assert raw != json.dumps(body)
    reordered = flow.shopper.put(
        f"/api/v1/submissions/{sid}", data=f"\n  {raw}\n", content_type="application/json"
    )
    assert reordered.status_code == 200
    assert reordered.data == first.data
    assert stored(app) == before
    assert flow.events(accepted) == events
    assert flow.visit_row(accepted).status == "submitted"


@pytest.mark.parametrize(
    "change",
    [
        lambda: {"answers": full_answers(friendly=1)},
        lambda: {"finished_at": at(0, 11, 0)},
        lambda: {"checkin": None},
        lambda: {"answers": [*full_answers()[:-1], {**full_answers()[-1], "comment": "Extra"}]},
    ],
    ids=["answer", "finished_at", "checkin", "comment"],
)
def test_same_uuid_with_different_payload_is_409(app, flow, accepted, change):
    # Built when the test runs, not at collection: a run across midnight keeps "today".
    change = change()
    sid = new_uuid()
    first = flow.submit(accepted, sid)
    assert first.status_code == 201
    before = stored(app)
    response = flow.submit(accepted, sid, **change)
    assert response.status_code == 409
    assert response.json["message"] == (
        f"Submission {sid} was already received with different content; "
        "send changes under a new UUID."
    )
    assert stored(app) == before
    assert flow.shopper.get(f"/api/v1/submissions/{sid}").data == first.data


@pytest.mark.parametrize("state", ["assigned", "submitted", "approved", "cancelled"])
def test_visit_not_accepted_or_returned_is_409(app, flow, state):
    vid = flow.in_state(state)
    before = stored(app)
    response = flow.submit(vid)
    assert response.status_code == 409
    assert response.json["message"] == (
        f"Visit {vid} is {state}; only accepted or returned visits can be submitted."
    )
    assert response.json["errors"] == {"status": [state]}
    assert stored(app) == before
    assert flow.visit_row(vid).status == state


def test_another_shoppers_or_unknown_visit_is_404(app, flow, accepted, create_user):
    _, other = flow.shopper_client(create_user)
    response = flow.submit(accepted, api=other)
    assert response.status_code == 404
    assert response.json["message"] == f"Visit {accepted} not found."
    unknown = flow.submit(999_999)
    assert unknown.status_code == 404
    assert unknown.json["message"] == "Visit 999999 not found."
    assert stored(app) == ([], [])
    assert flow.visit_row(accepted).status == "accepted"
    # Another shopper replaying a stored UUID learns nothing about it.
    sid = new_uuid()
    assert flow.submit(accepted, sid).status_code == 201
    assert flow.submit(accepted, sid, api=other).status_code == 404
    assert other.get(f"/api/v1/submissions/{sid}").status_code == 404


def test_bad_uuid_is_422(app, flow, accepted):
    response = flow.submit(accepted, "not-a-uuid")
    assert response.status_code == 422
    assert response.json["errors"] == {"path": {"uuid": ["Not a UUID."]}}
    assert stored(app) == ([], [])
    assert flow.visit_row(accepted).status == "accepted"


def test_malformed_json_is_400(app, flow, accepted):
    response = flow.shopper.put(
        f"/api/v1/submissions/{new_uuid()}",
        data='{"visit_id": 1, "answers": [',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json["code"] == 400
    assert response.json["message"] == "The request body is not valid JSON."
    assert stored(app) == ([], [])
    assert flow.visit_row(accepted).status == "accepted"


def test_only_shoppers_put_and_anonymous_is_401(app, flow, accepted, anon):
    sid = new_uuid()
    body = flow.body(accepted)
    assert flow.coordinator.put(f"/api/v1/submissions/{sid}", json=body).status_code == 404
    assert anon.put(f"/api/v1/submissions/{sid}", json=body).status_code == 401
    assert stored(app) == ([], [])


def test_who_may_read_a_submission(flow, accepted, auth):
    sid = new_uuid()
    created = flow.submit(accepted, sid)
    reader = auth("client", client_id=flow.field.client.id)
    assert reader.get(f"/api/v1/submissions/{sid}").status_code == 404
    assert flow.coordinator.get(f"/api/v1/submissions/{sid}").json == created.json
    assert flow.shopper.get(f"/api/v1/submissions/{sid}").json == created.json
    flow.review(accepted, "approve")
    assert reader.get(f"/api/v1/submissions/{sid}").status_code == 200
    assert flow.coordinator.get(f"/api/v1/submissions/{new_uuid()}").status_code == 404


def test_uuid_is_canonical_whatever_its_case(app, flow, accepted):
    sid = new_uuid()
    first = flow.submit(accepted, sid.upper())
    assert first.status_code == 201
    assert first.json["uuid"] == sid
    assert first.headers["Location"] == f"/api/v1/submissions/{sid}"
    again = flow.submit(accepted, sid)
    assert again.status_code == 200 and again.data == first.data
    assert len(stored(app)[0]) == 1
