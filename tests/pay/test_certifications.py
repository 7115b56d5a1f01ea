"""Certifications: a quiz per client, required by a wave, overridable with a logged reason."""

import pytest

QUIZ = {
    "name": "Kaffebaren basics",
    "pass_mark": 75,
    "questions": [
        {
            "key": "greeting",
            "text": "When must staff greet you?",
            "options": [
                {"value": "30s", "label": "Within 30 seconds"},
                {"value": "never", "label": "Never"},
            ],
            "correct": "30s",
        },
        {
            "key": "receipt",
            "text": {"en": "Keep the receipt?", "da": "Gem kvitteringen?"},
            "options": [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}],
            "correct": "yes",
        },
    ],
}


@pytest.fixture
def quiz(flow):
    response = flow.coordinator.post(
        "/api/v1/certifications", json={**QUIZ, "client_id": flow.field.client.id}
    )
    assert response.status_code == 201, response.json
    return response.json


def required_visit(flow, quiz, store=0):
    created = flow.field.wave(store_ids=[flow.field.stores[store].id], certification_id=quiz["id"])
    assert created["certification_id"] == quiz["id"]
    return flow.coordinator.get(f"/api/v1/visits?wave_id={created['id']}").json[0]["id"]


def test_shoppers_see_the_quiz_without_the_answers(flow, quiz):
    assert quiz["questions"][0]["correct"] == "30s"
    shown = flow.shopper.get(f"/api/v1/certifications/{quiz['id']}")
    assert shown.status_code == 200
    assert all("correct" not in q for q in shown.json["questions"])
    assert shown.json["passed"] is False
    listed = flow.shopper.get("/api/v1/certifications").json
    assert [c["id"] for c in listed] == [quiz["id"]]


def test_an_attempt_scores_and_passes_at_the_mark(flow, quiz):
    url = f"/api/v1/certifications/{quiz['id']}/attempts"
    failed = flow.shopper.post(url, json={"answers": {"greeting": "30s", "receipt": "no"}})
    assert failed.status_code == 201 and failed.json["score"] == 50.0
    assert failed.json["passed"] is False
    passed = flow.shopper.post(url, json={"answers": {"greeting": "30s", "receipt": "yes"}})
    assert passed.status_code == 201
    assert (passed.json["score"], passed.json["passed"]) == (100.0, True)
    assert flow.shopper.get(f"/api/v1/certifications/{quiz['id']}").json["passed"] is True


@pytest.mark.parametrize(
    "answers",
    [
        {"greeting": "30s"},
        {"greeting": "30s", "receipt": "maybe"},
        {"greeting": "30s", "receipt": "yes", "extra": "x"},
    ],
)
def test_bad_answers_are_refused(flow, quiz, answers):
    url = f"/api/v1/certifications/{quiz['id']}/attempts"
    response = flow.shopper.post(url, json={"answers": answers})
    assert response.status_code == 422 and "answers" in response.json["errors"]["json"]


def test_a_quiz_with_a_correct_value_that_is_no_option_is_refused(flow):
    bad = {**QUIZ, "client_id": flow.field.client.id}
    bad["questions"] = [{**QUIZ["questions"][0], "correct": "later"}]
    response = flow.coordinator.post("/api/v1/certifications", json=bad)
    assert response.status_code == 422 and "questions" in response.json["errors"]["json"]


def test_claim_and_assign_need_a_pass(flow, quiz, create_user):
    vid = required_visit(flow, quiz)
    claim = flow.shopper.post(f"/api/v1/visits/{vid}/claim", json={})
    assert claim.status_code == 409 and claim.json["errors"]["certification"]
    assign = flow.assign(vid)
    assert assign.status_code == 409 and "certification" in assign.json["errors"]
    assert flow.visit_row(vid).status == "open"
    url = f"/api/v1/certifications/{quiz['id']}/attempts"
    flow.shopper.post(url, json={"answers": {"greeting": "30s", "receipt": "yes"}})
    assert flow.shopper.post(f"/api/v1/visits/{vid}/claim", json={}).status_code == 200


def test_a_coordinator_overrides_with_a_logged_reason(flow, quiz):
    vid = required_visit(flow, quiz)
    no_reason = flow.assign(vid, override=True)
    assert no_reason.status_code == 422
    response = flow.assign(vid, override=True, reason="Trained in person")
    assert response.status_code == 200, response.json
    override = [e for e in flow.events(vid) if e["action"] == "override"]
    assert override and override[0]["reason"] == "Trained in person"
    assert "Kaffebaren basics" in override[0]["note"]


def test_a_wave_may_only_require_its_own_clients_quiz(flow, create_client):
    other = create_client(name="Other chain")
    foreign = flow.coordinator.post(
        "/api/v1/certifications", json={**QUIZ, "client_id": other.id}
    ).json
    body = {
        "client_id": flow.field.client.id,
        "checklist_id": flow.field.checklist.id,
        "name": "W",
        "starts_on": "2027-01-11",
        "ends_on": "2027-01-24",
        "store_ids": [flow.field.stores[0].id],
        "certification_id": foreign["id"],
    }
    response = flow.coordinator.post("/api/v1/waves", json=body)
    assert response.status_code == 422 and "certification_id" in response.json["errors"]["json"]


def test_client_users_do_not_see_quizzes(auth, flow, quiz):
    client = auth("client", client_id=flow.field.client.id)
    assert client.get(f"/api/v1/certifications/{quiz['id']}").status_code == 404
    assert client.post("/api/v1/certifications", json=QUIZ).status_code == 404
    assert flow.shopper.post("/api/v1/certifications", json=QUIZ).status_code == 404
    assert (
        flow.coordinator.post(
            f"/api/v1/certifications/{quiz['id']}/attempts", json={"answers": {}}
        ).status_code
        == 404
    )


def test_auto_assign_proposes_only_certified_shoppers(flow, quiz):
    vid = required_visit(flow, quiz)
    wave_id = flow.visit_row(vid).wave_id
    url = f"/api/v1/waves/{wave_id}/auto-assign"
    proposal = flow.coordinator.post(url, json={"dry_run": True}).json
    assert proposal["assignments"] == [] and proposal["unassigned"][0]["visit_id"] == vid
    flow.shopper.post(
        f"/api/v1/certifications/{quiz['id']}/attempts",
        json={"answers": {"greeting": "30s", "receipt": "yes"}},
    )
    applied = flow.coordinator.post(url, json={"dry_run": False})
    assert applied.status_code == 200, applied.json
    assert flow.visit_row(vid).shopper_id == flow.shopper_id
