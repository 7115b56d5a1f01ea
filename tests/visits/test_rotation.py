"""The rotation rule (DESIGN §3): no repeat store within the window, at most 2 visits a day."""

from datetime import date, timedelta


def rotation_message(flow, store, other_vid, days=0):
    day = (date.today() + timedelta(days=days)).isoformat()
    return (
        f"The shopper already has a visit to {flow.store(store).name} on {day} "
        f"(visit {other_vid}), within the client's 90-day rotation window."
    )


def test_same_store_within_the_rotation_window_is_409(flow):
    first = flow.in_state("accepted", store=0)
    second = flow.open_visit(store=0, days=30)
    response = flow.assign(second)
    assert response.status_code == 409
    message = rotation_message(flow, 0, first)
    assert response.json["errors"] == {"rotation": [message]}
    assert response.json["message"] == message
    row = flow.visit_row(second)
    assert (row.status, row.shopper_id) == ("open", None)
    assert [e["action"] for e in flow.events(second)] == ["create"]


def test_same_store_after_the_rotation_window_is_fine(flow):
    flow.in_state("approved", store=0)
    later = flow.open_visit(store=0, days=91)
    assert flow.assign(later).status_code == 200


def test_cancelled_and_declined_visits_do_not_count(flow):
    flow.in_state("cancelled", store=0)
    declined = flow.in_state("assigned", store=1)
    assert flow.shopper.post(f"/api/v1/visits/{declined}/decline", json={}).status_code == 200
    assert flow.assign(flow.open_visit(store=0, days=10)).status_code == 200
    assert flow.assign(flow.open_visit(store=1, days=10)).status_code == 200


def test_more_than_two_visits_on_one_day_is_409(flow):
    flow.one_day = True
    flow.in_state("assigned", store=0)
    flow.in_state("accepted", store=1)
    third = flow.open_visit(store=2)
    response = flow.assign(third)
    assert response.status_code == 409
    today = date.today().isoformat()
    assert response.json["errors"] == {
        "rotation": [f"The shopper already has 2 visits on {today}; the limit is 2 a day."]
    }
    assert flow.visit_row(third).status == "open"
    # Another day is fine.
    assert flow.assign(flow.open_visit(store=2, days=1)).status_code == 200


def test_coordinator_overrides_with_a_reason(flow):
    first = flow.in_state("assigned", store=0)
    second = flow.open_visit(store=0, days=30)
    response = flow.assign(second, override=True, reason="  Only shopper in town  ")
    assert response.status_code == 200, response.json
    assert (response.json["status"], response.json["shopper_id"]) == ("assigned", flow.shopper_id)
    events = flow.events(second)
    assert [(e["action"], e["from_status"], e["to_status"]) for e in events] == [
        ("create", None, "open"),
        ("assign", "open", "assigned"),
        ("override", "assigned", "assigned"),
    ]
    assert events[-1]["reason"] == "Only shopper in town"
    assert events[-1]["note"] == rotation_message(flow, 0, first)
    assert events[-1]["actor_id"] == flow.coordinator.user.id


def test_override_without_a_reason_is_422(flow):
    flow.in_state("assigned", store=0)
    second = flow.open_visit(store=0, days=30)
    for reason in (None, "", "   "):
        response = flow.assign(second, override=True, reason=reason)
        assert response.status_code == 422, response.json
        assert response.json["errors"] == {
            "json": {"reason": ["Required when overriding the rotation rule."]}
        }
    row = flow.visit_row(second)
    assert (row.status, row.shopper_id) == ("open", None)
    assert [e["action"] for e in flow.events(second)] == ["create"]


def test_override_without_a_problem_logs_no_override(flow):
    vid = flow.open_visit(store=0)
    assert flow.assign(vid, override=True).status_code == 200
    assert [e["action"] for e in flow.events(vid)] == ["create", "assign"]


def test_claim_breaking_rotation_is_409(flow):
    first = flow.in_state("accepted", store=0)
    second = flow.open_visit(store=0, days=30)
    response = flow.shopper.post(f"/api/v1/visits/{second}/claim", json={})
    assert response.status_code == 409
    assert response.json["errors"] == {"rotation": [rotation_message(flow, 0, first)]}
    row = flow.visit_row(second)
    assert (row.status, row.shopper_id) == ("open", None)
    assert [e["action"] for e in flow.events(second)] == ["create"]


def test_assign_to_a_non_shopper_is_422(flow, create_user):
    vid = flow.open_visit()
    for user_id in (flow.coordinator.user.id, create_user("shopper", active=False).id, 999_999):
        response = flow.assign(vid, shopper_id=user_id)
        assert response.status_code == 422
        assert response.json["errors"] == {"json": {"shopper_id": ["Not an active shopper."]}}
    assert flow.visit_row(vid).status == "open"


def test_windows_spanning_days_do_not_count_towards_the_daily_limit(flow):
    # Three 14-day windows starting today: the plan does not say which day each happens.
    for store in range(3):
        assert flow.assign(flow.open_visit(store=store)).status_code == 200
