"""The lifecycle graph of DESIGN §3: every edge, every refusal, every audit event."""

import pytest

from tests.visits.helpers import STATES

ACTIONS = (
    "assign",
    "claim",
    "accept",
    "decline",
    "submit",
    "approve",
    "return",
    "cancel",
    "unassign",
)
ALLOWED = {
    ("open", "assign"): "assigned",
    ("open", "claim"): "assigned",
    ("assigned", "accept"): "accepted",
    ("assigned", "decline"): "open",
    ("accepted", "submit"): "submitted",
    ("returned", "submit"): "submitted",
    ("submitted", "approve"): "approved",
    ("submitted", "return"): "returned",
    ("open", "cancel"): "cancelled",
    ("assigned", "cancel"): "cancelled",
    ("accepted", "cancel"): "cancelled",
    ("assigned", "unassign"): "open",
    ("accepted", "unassign"): "open",
}


def perform(flow, vid, action):
    """Apply an action as the role that may take it; return (response, actor id)."""
    coordinator, shopper = flow.coordinator, flow.shopper
    if action == "assign":
        return flow.assign(vid), coordinator.user.id
    if action == "claim":
        return shopper.post(f"/api/v1/visits/{vid}/claim", json={}), flow.shopper_id
    if action == "accept":
        return flow.accept(vid), flow.shopper_id
    if action == "submit":
        return flow.submit(vid), flow.shopper_id
    if action in ("approve", "return"):
        return flow.review(vid, action, "Photo is blurred"), coordinator.user.id
    return coordinator.post(f"/api/v1/visits/{vid}/{action}", json={}), coordinator.user.id


def brief(events):
    return [(e["action"], e["from_status"], e["to_status"], e["actor_id"]) for e in events]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", STATES)
def test_lifecycle_graph(flow, state, action):
    vid = flow.in_state(state)
    before = flow.events(vid)
    response, actor = perform(flow, vid, action)
    after = flow.events(vid)
    assert after[: len(before)] == before  # append-only
    target = ALLOWED.get((state, action))
    if target is not None:
        assert response.status_code == (201 if action == "submit" else 200), response.json
        assert flow.visit_row(vid).status == target
        expected = [(action, state, target, actor)]
        if action == "submit":
            expected.insert(0, ("check-in", state, state, actor))
        else:
            assert response.json["status"] == target
        assert brief(after[len(before) :]) == expected
        return
    if state == "open" and action in ("accept", "submit"):
        # An open visit has no shopper, so to every shopper it is someone else's (§1).
        assert response.status_code == 404, response.json
    else:
        assert response.status_code == 409, response.json
        assert f"is {state}" in response.json["message"]
        assert response.json["errors"]["status"] == [state]
    assert flow.visit_row(vid).status == state
    assert after == before


def test_events_name_the_actor_and_reason(flow):
    vid = flow.in_state("accepted")
    events = flow.events(vid)
    assert brief(events) == [
        ("create", None, "open", flow.coordinator.user.id),
        ("assign", "open", "assigned", flow.coordinator.user.id),
        ("accept", "assigned", "accepted", flow.shopper_id),
    ]
    assert events[2]["actor_name"] == flow.field.shopper_user.name
    assert [e["created_at"][-6:] for e in events] == ["+00:00"] * 3
    cancel = flow.coordinator.post(f"/api/v1/visits/{vid}/cancel", json={"note": "Store shut"})
    assert cancel.status_code == 200
    assert flow.events(vid)[-1]["note"] == "Store shut"


def test_events_are_for_staff_only(flow):
    vid = flow.in_state("accepted")
    assert flow.shopper.get(f"/api/v1/visits/{vid}/events").status_code == 404
    assert flow.coordinator.get("/api/v1/visits/999999/events").status_code == 404


def test_shopper_declines_and_the_visit_reopens(flow):
    vid = flow.in_state("assigned")
    response = flow.shopper.post(f"/api/v1/visits/{vid}/decline", json={"note": "Ill"})
    assert response.status_code == 200, response.json
    assert response.json["status"] == "open"
    assert response.json["shopper_id"] is None
    row = flow.visit_row(vid)
    assert (row.status, row.shopper_id) == ("open", None)
    assert brief(flow.events(vid))[-1] == ("decline", "assigned", "open", flow.shopper_id)
    assert flow.shopper.get("/api/v1/me/visits").json == []
    assert flow.shopper.get(f"/api/v1/visits/{vid}").status_code == 404
    # Reopened means claimable again, by anyone.
    claimed = flow.shopper.post(f"/api/v1/visits/{vid}/claim", json={})
    assert claimed.status_code == 200 and claimed.json["status"] == "assigned"


def test_coordinator_unassigns(flow):
    vid = flow.in_state("assigned")
    response = flow.coordinator.post(f"/api/v1/visits/{vid}/decline", json={})
    assert response.status_code == 200
    assert (response.json["status"], response.json["shopper_id"]) == ("open", None)
    assert "shopper" not in response.json


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_shopper_cannot_act_on_another_shoppers_visit(flow, create_user, action):
    vid = flow.in_state("assigned")
    _, other = flow.shopper_client(create_user)
    before = flow.events(vid)
    response = other.post(f"/api/v1/visits/{vid}/{action}", json={})
    assert response.status_code == 404
    assert response.json["message"] == f"Visit {vid} not found."
    row = flow.visit_row(vid)
    assert (row.status, row.shopper_id) == ("assigned", flow.shopper_id)
    assert flow.events(vid) == before


@pytest.mark.parametrize(
    ("role", "action"),
    [("coordinator", "accept"), ("coordinator", "claim"), ("shopper", "cancel")],
)
def test_actions_of_other_roles_are_404(flow, role, action):
    vid = flow.in_state("assigned")
    api = flow.coordinator if role == "coordinator" else flow.shopper
    assert api.post(f"/api/v1/visits/{vid}/{action}", json={}).status_code == 404
    assert flow.shopper.post(f"/api/v1/visits/{vid}/review", json={}).status_code == 404
    assert flow.visit_row(vid).status == "assigned"


def test_unknown_visit_is_404_for_every_action(flow):
    for action in ACTIONS:
        if action == "submit":
            continue
        response, _ = perform(flow, 999_999, action)
        assert response.status_code == 404, (action, response.json)
