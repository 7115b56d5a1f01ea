"""DESIGN §16 visits: unassign, reassign, bulk approval, resubmission changes, search, sort."""

import pytest

from mystery.visits import signals
from tests.conftest import full_answers
from tests.visits.helpers import new_uuid


@pytest.fixture
def heard():
    """Record the visit signals §16 sends, with their keyword arguments."""
    got = []

    def make(name):
        def receiver(visit, **kwargs):
            got.append((name, visit.id, kwargs.get("previous_shopper_id")))

        return receiver

    receivers = {
        name: make(name) for name in ("visit_unassigned", "visit_reassigned", "visit_assigned")
    }
    for name, receiver in receivers.items():
        getattr(signals, name).connect(receiver)
    yield got
    for name, receiver in receivers.items():
        getattr(signals, name).disconnect(receiver)


def second_shopper(flow, create_user):
    return create_user("shopper", home_latitude=55.7, home_longitude=12.57)


@pytest.mark.parametrize("state", ["assigned", "accepted"])
def test_unassign_reopens_and_tells_listeners(flow, heard, state):
    vid = flow.in_state(state)
    heard.clear()
    response = flow.coordinator.post(f"/api/v1/visits/{vid}/unassign", json={"note": "Ill"})
    assert response.status_code == 200, response.json
    assert (response.json["status"], response.json["shopper_id"]) == ("open", None)
    assert heard == [("visit_unassigned", vid, flow.shopper_id)]
    event = flow.events(vid)[-1]
    assert (event["action"], event["from_status"], event["to_status"]) == (
        "unassign",
        state,
        "open",
    )
    assert event["summary"].endswith("unassigned the visit.")
    # The former shopper no longer sees it.
    assert flow.shopper.get(f"/api/v1/visits/{vid}").status_code == 404


@pytest.mark.parametrize("state", ["open", "submitted", "approved", "cancelled"])
def test_unassign_refuses_other_states(flow, state):
    vid = flow.in_state(state)
    response = flow.coordinator.post(f"/api/v1/visits/{vid}/unassign", json={})
    assert response.status_code == 409
    assert response.json["errors"]["status"] == [state]
    assert f"is {state}" in response.json["message"]


def test_unassign_is_for_staff(flow, auth):
    vid = flow.in_state("assigned")
    assert flow.shopper.post(f"/api/v1/visits/{vid}/unassign", json={}).status_code == 404
    assert auth("client").post(f"/api/v1/visits/{vid}/unassign", json={}).status_code == 404
    assert flow.coordinator.post("/api/v1/visits/99999/unassign", json={}).status_code == 404
    assert flow.visit_row(vid).status == "assigned"


@pytest.mark.parametrize("state", ["assigned", "accepted"])
def test_assign_on_a_held_visit_reassigns(flow, heard, create_user, state):
    vid = flow.in_state(state)
    other = second_shopper(flow, create_user)
    heard.clear()
    response = flow.assign(vid, other.id)
    assert response.status_code == 200, response.json
    assert (response.json["status"], response.json["shopper_id"]) == ("assigned", other.id)
    assert heard == [
        ("visit_reassigned", vid, flow.shopper_id),
        ("visit_assigned", vid, None),
    ]
    event = flow.events(vid)[-1]
    assert (event["action"], event["from_status"], event["to_status"]) == (
        "reassign",
        state,
        "assigned",
    )
    assert flow.shopper.get(f"/api/v1/visits/{vid}").status_code == 404
    # The former shopper's submission is refused: the visit is no longer theirs.
    assert flow.submit(vid).status_code == 404


def test_reassign_to_the_same_shopper_is_409(flow):
    vid = flow.in_state("accepted")
    response = flow.assign(vid)
    assert response.status_code == 409
    assert flow.visit_row(vid).status == "accepted"


def test_reassign_obeys_rotation_unless_overridden(flow, create_user, heard):
    other = second_shopper(flow, create_user)
    earlier = flow.open_visit(store=0)
    assert flow.assign(earlier, other.id).status_code == 200
    vid = flow.in_state("assigned", store=0, days=3)
    heard.clear()
    refused = flow.assign(vid, other.id)
    assert refused.status_code == 409
    assert "rotation" in refused.json["errors"]
    assert flow.visit_row(vid).shopper_id == flow.shopper_id and heard == []
    missing_reason = flow.assign(vid, other.id, override=True)
    assert missing_reason.status_code == 422
    assert list(missing_reason.json["errors"]["json"]) == ["reason"]
    forced = flow.assign(vid, other.id, override=True, reason="Only one nearby")
    assert forced.status_code == 200
    assert [e["action"] for e in flow.events(vid)[-2:]] == ["reassign", "override"]


def test_reassign_to_a_non_shopper_is_422(flow):
    vid = flow.in_state("assigned")
    response = flow.assign(vid, flow.coordinator.user.id)
    assert response.status_code == 422
    assert list(response.json["errors"]["json"]) == ["shopper_id"]


def test_cancel_from_the_board(flow):
    vid = flow.in_state("accepted")
    response = flow.coordinator.post(f"/api/v1/visits/{vid}/cancel", json={})
    assert response.status_code == 200 and response.json["status"] == "cancelled"


def flagged_submission(flow, store=0):
    vid = flow.in_state("accepted", store=store)
    assert flow.submit(vid, checkin=None).status_code == 201
    assert flow.coordinator.get(f"/api/v1/visits/{vid}").json["flags"]
    return vid


def test_bulk_approve_takes_clean_submissions_and_reports_the_rest(flow):
    clean = flow.in_state("submitted", store=0)
    assert flow.coordinator.get(f"/api/v1/visits/{clean}").json["flags"] == []
    flagged = flagged_submission(flow, store=1)
    open_one = flow.open_visit(store=2)
    body = {"ids": [clean, flagged, open_one, 99999, clean], "decision": "approve"}
    response = flow.coordinator.post("/api/v1/visits/review", json=body)
    assert response.status_code == 200, response.json
    assert response.json["approved"] == [clean]
    assert [(s["id"], s["reason"]) for s in response.json["skipped"]] == [
        (flagged, "flags"),
        (open_one, "status"),
        (99999, "not_found"),
    ]
    assert all(s["message"] for s in response.json["skipped"])
    assert flow.visit_row(clean).status == "approved"
    assert flow.visit_row(flagged).status == "submitted"


@pytest.mark.parametrize(
    "body, bad",
    [
        ({"ids": [1], "decision": "return"}, "decision"),
        ({"ids": [], "decision": "approve"}, "ids"),
        ({"ids": list(range(501)), "decision": "approve"}, "ids"),
        ({"decision": "approve"}, "ids"),
        ({"ids": ["x"], "decision": "approve"}, "ids"),
    ],
)
def test_bulk_review_bad_bodies(flow, body, bad):
    response = flow.coordinator.post("/api/v1/visits/review", json=body)
    assert response.status_code == 422
    assert bad in response.json["errors"]["json"]


def test_bulk_review_is_for_staff(flow, auth):
    vid = flow.in_state("submitted")
    body = {"ids": [vid], "decision": "approve"}
    assert flow.shopper.post("/api/v1/visits/review", json=body).status_code == 404
    assert auth("client").post("/api/v1/visits/review", json=body).status_code == 404
    assert flow.visit_row(vid).status == "submitted"


def test_resubmission_shows_what_changed(flow):
    vid = flow.in_state("accepted")
    assert flow.submit(vid).status_code == 201
    assert flow.coordinator.get(f"/api/v1/visits/{vid}").json["changes"] is None
    assert flow.review(vid, "return", "Check the queue").status_code == 200
    answers = full_answers(queue=200, mood="sad")
    answers[0]["comment"] = "Greeted at once"
    assert flow.submit(vid, sid=new_uuid(), answers=answers).status_code == 201
    changes = flow.coordinator.get(f"/api/v1/visits/{vid}").json["changes"]
    assert [(c["question"], c["change"]) for c in changes] == [
        ("greeted", "changed"),
        ("queue", "changed"),
        ("mood", "changed"),
    ]
    queue = changes[1]
    assert queue["before"]["value"] == 60 and queue["after"]["value"] == 200
    assert queue["text"] == "Time in queue"
    assert changes[0]["after"]["comment"] == "Greeted at once"
    # Shoppers and clients never get the comparison.
    assert "changes" not in flow.shopper.get(f"/api/v1/visits/{vid}").json


def test_visit_search_and_sort(flow, create_user):
    a = flow.in_state("assigned", store=0)
    b = flow.open_visit(store=1)
    c = flow.open_visit(store=2)
    with flow.app.app_context():
        from mystery.extensions import db
        from mystery.stores.models import Store

        db.session.get(Store, flow.store(1).id).city = "Aarhus"
        db.session.commit()
    get = flow.coordinator.get
    assert [v["id"] for v in get("/api/v1/visits?q=aarhus").json] == [b]
    code = flow.store(2).code.lower()
    assert [v["id"] for v in get(f"/api/v1/visits?q={code}").json] == [c]
    shopper = flow.field.shopper_user.name
    assert [v["id"] for v in get(f"/api/v1/visits?q={shopper}").json] == [a]
    assert [v["id"] for v in get("/api/v1/visits?sort=-id").json] == [c, b, a]
    assert [v["id"] for v in get("/api/v1/visits?sort=status").json] == [a, b, c]
    assert get("/api/v1/visits?q=nothing-like-this").json == []
    # The shopper's search never reaches past their own visits, nor by shopper name.
    assert [v["id"] for v in flow.shopper.get("/api/v1/visits?q=store").json] == [a]


def test_visit_filters_by_region_and_holder(flow):
    a = flow.in_state("assigned", store=0)
    b = flow.open_visit(store=1)
    with flow.app.app_context():
        from mystery.extensions import db
        from mystery.stores.models import Store

        db.session.get(Store, flow.store(1).id).region = "Midtjylland"
        db.session.commit()
    get = flow.coordinator.get
    assert [v["id"] for v in get("/api/v1/visits?region=Midtjylland").json] == [b]
    assert b not in [v["id"] for v in get("/api/v1/visits?region=Hovedstaden").json]
    assert get("/api/v1/visits?unassigned=true&sort=-id").json[0]["id"] == b
    assert a not in [v["id"] for v in get("/api/v1/visits?unassigned=true").json]
    assert b not in [v["id"] for v in get("/api/v1/visits?unassigned=false").json]
    assert a in [v["id"] for v in get("/api/v1/visits?unassigned=false").json]
    assert get("/api/v1/visits?region=" + "x" * 201).status_code == 422


@pytest.mark.parametrize("path", ["visits", "stores", "users", "waves"])
def test_unknown_sort_field_is_422_on_sort(flow, path):
    response = flow.coordinator.get(f"/api/v1/{path}?sort=-password_hash")
    assert response.status_code == 422
    assert list(response.json["errors"]["query"]) == ["sort"]
    assert "password_hash" in response.json["errors"]["query"]["sort"][0]


def test_long_query_is_422_on_q(flow):
    response = flow.coordinator.get("/api/v1/visits?q=" + "x" * 201)
    assert response.status_code == 422
    assert list(response.json["errors"]["query"]) == ["q"]
