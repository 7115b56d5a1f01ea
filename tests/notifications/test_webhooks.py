"""Webhooks against a real HTTP receiver: signed, retried after a 500, listed; SSRF guarded."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest

from mystery.database import utcnow
from tests.notifications.conftest import deliver

SECRET = "s3cret-for-tests"


def register(api, url, events=("visit.submitted", "visit.approved", "visit.returned"), **extra):
    body = {"url": url, "events": list(events), "secret": SECRET, **extra}
    return api.post("/api/v1/webhooks", json=body)


def deliveries(api, hook_id):
    response = api.get(f"/api/v1/webhooks/{hook_id}/deliveries")
    assert response.status_code == 200, response.json
    return response.json


def test_an_event_is_posted_signed(app, receiver, flow):
    created = register(flow.coordinator, receiver.url, client_id=flow.field.client.id)
    assert created.status_code == 201, created.json
    assert "secret" not in created.json
    assert created.headers["Location"] == f"/api/v1/webhooks/{created.json['id']}"
    vid = flow.in_state("submitted")
    deliver(app)
    [request] = receiver.requests
    body = request["body"]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert request["headers"]["X-Mystery-Signature"] == expected
    assert request["headers"]["X-Mystery-Event"] == "visit.submitted"
    payload = json.loads(body)
    assert set(payload) == {"event", "id", "created_at", "data"}
    assert payload["event"] == "visit.submitted"
    assert payload["data"]["visit_id"] == vid and payload["data"]["score"] == 100.0
    assert "shopper" not in json.dumps(payload["data"])  # the client's systems never learn who
    [listed] = deliveries(flow.coordinator, created.json["id"])
    assert listed["uuid"] == request["headers"]["X-Mystery-Delivery"]
    assert listed["status"] == "delivered" and listed["response_status"] == 200


def test_a_500_is_retried_within_a_minute_then_delivered(app, receiver, flow):
    hook = register(flow.coordinator, receiver.url).json
    receiver.codes = [500]
    vid = flow.in_state("submitted")
    deliver(app)
    [first] = deliveries(flow.coordinator, hook["id"])
    assert first["status"] == "pending" and first["response_status"] == 500
    assert first["attempts"] == 1 and first["last_error"] == "HTTP 500"
    retry_at = first["next_attempt_at"]
    assert retry_at <= (utcnow() + timedelta(seconds=60)).isoformat()
    deliver(app, now=utcnow() + timedelta(seconds=61))
    assert len(receiver.requests) == 2
    assert receiver.requests[0]["body"] == receiver.requests[1]["body"]  # the same event
    [second] = deliveries(flow.coordinator, hook["id"])
    assert second["status"] == "delivered" and second["attempts"] == 2
    assert receiver.json(1)["data"]["visit_id"] == vid


def test_retries_end_after_24_hours(app, receiver, flow):
    hook = register(flow.coordinator, receiver.url).json
    receiver.codes = [503] * 100
    flow.in_state("submitted")
    moment = utcnow()
    for _ in range(40):
        deliver(app, now=moment)
        moment += timedelta(hours=1, minutes=1)
    [row] = deliveries(flow.coordinator, hook["id"])
    assert row["status"] == "failed"
    assert 5 < row["attempts"] < 40  # exponential, capped: not every hour from the start


def test_webhooks_hear_only_their_client_and_events(app, receiver, flow, create_client):
    other = create_client(name="Other chain")
    register(flow.coordinator, receiver.url, client_id=other.id)
    register(flow.coordinator, receiver.url, events=["visit.approved"])
    flow.in_state("submitted")
    deliver(app)
    assert receiver.requests == []


def test_approved_returned_action_and_appeal_events(app, receiver, flow, auth):
    events = ["visit.approved", "visit.returned", "action.updated", "appeal.decided"]
    register(flow.coordinator, receiver.url, events=events)
    returned = flow.in_state("returned")
    approved = flow.in_state("approved", store=1)
    client_user = auth("client", client_id=flow.field.client.id)
    action = client_user.post(
        "/api/v1/actions",
        json={"store_id": flow.store(1).id, "title": "Greet", "due_on": "2099-01-01"},
    )
    assert action.status_code == 201, action.json
    appeal = client_user.post(
        f"/api/v1/visits/{approved}/appeals", json={"question": "friendly", "reason": "Wrong"}
    )
    assert appeal.status_code == 201, appeal.json
    decided = flow.coordinator.post(
        f"/api/v1/appeals/{appeal.json['id']}/decide", json={"decision": "rejected", "note": "No"}
    )
    assert decided.status_code == 200, decided.json
    deliver(app)
    got = [(receiver.json(i)["event"], receiver.json(i)["data"]) for i in range(4)]
    assert got[0][0] == "visit.returned" and got[0][1]["visit_id"] == returned
    assert got[0][1]["note"] == "Redo"
    assert got[1][0] == "visit.approved" and got[1][1]["visit_id"] == approved
    assert got[2][0] == "action.updated" and got[2][1]["status"] == "open"
    assert got[3][0] == "appeal.decided" and got[3][1]["status"] == "rejected"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/hook",
        "javascript:alert(1)",
        "http:///nohost",
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
        "http://example.com:99999/hook",
    ],
)
def test_urls_that_are_not_http_or_point_inside_are_refused(app, flow, url):
    app.config["WEBHOOK_ALLOW_PRIVATE"] = "0"
    response = register(flow.coordinator, url)
    assert response.status_code == 422, response.json
    assert "url" in response.json["errors"]["json"]
    assert flow.coordinator.get("/api/v1/webhooks").json == []


def test_the_guard_is_applied_again_at_delivery(app, receiver, flow):
    hook = register(flow.coordinator, receiver.url).json  # allowed while private is allowed
    app.config["WEBHOOK_ALLOW_PRIVATE"] = "0"  # as if DNS now pointed inside
    flow.in_state("submitted")
    deliver(app)
    assert receiver.requests == []
    [row] = deliveries(flow.coordinator, hook["id"])
    assert row["status"] == "failed" and row["last_error"].startswith("Refused")


def test_bad_bodies_and_who_may_manage_webhooks(app, receiver, flow, auth):
    api = flow.coordinator
    assert register(api, receiver.url, events=["visit.nope"]).status_code == 422
    assert register(api, receiver.url, events=[]).status_code == 422
    assert api.post("/api/v1/webhooks", json={"url": receiver.url}).status_code == 422
    assert register(api, receiver.url, client_id=987654).status_code == 404
    hook = register(api, receiver.url).json
    for role in ("shopper", "client"):
        outsider = auth(role)
        assert outsider.get("/api/v1/webhooks").status_code == 404
        assert register(outsider, receiver.url).status_code == 404
        assert outsider.delete(f"/api/v1/webhooks/{hook['id']}").status_code == 404
        assert outsider.get(f"/api/v1/webhooks/{hook['id']}/deliveries").status_code == 404
    assert api.delete(f"/api/v1/webhooks/{hook['id']}").status_code == 204
    assert api.get(f"/api/v1/webhooks/{hook['id']}/deliveries").status_code == 404
    assert api.delete(f"/api/v1/webhooks/{hook['id']}").status_code == 404


def test_a_finished_report_job_is_posted(app, receiver, flow):
    from mystery.extensions import db
    from mystery.jobs.models import ReportJob
    from mystery.jobs.runs import finish

    register(flow.coordinator, receiver.url, events=["report_job.done"])
    wave = flow.field.wave()
    with app.app_context():
        job = ReportJob(
            wave_id=wave["id"], requested_by=flow.coordinator.user.id, lang="da", status="running"
        )
        db.session.add(job)
        db.session.commit()
        job_id = job.id
        finish(job.id, b"PK\x05\x06" + b"\0" * 18)
    deliver(app)
    [request] = receiver.requests
    assert request["headers"]["X-Mystery-Event"] == "report_job.done"
    data = receiver.json(0)["data"]
    assert data == {"job_id": job_id, "wave_id": wave["id"], "status": "done", "lang": "da"}
