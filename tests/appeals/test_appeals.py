"""Appeals (DESIGN §15): a client appeals one answer in time; a coordinator decides."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from mystery.appeals.models import Appeal
from mystery.appeals.signals import appeal_decided
from mystery.database import utcnow
from mystery.extensions import db
from mystery.visits.models import Visit
from mystery.visits.signals import visit_rescored
from tests.conftest import full_answers


def appeal(api, visit_id, question="greeted", reason="The greeting was within 20 seconds"):
    return api.post(
        f"/api/v1/visits/{visit_id}/appeals", json={"question": question, "reason": reason}
    )


def decide(api, appeal_id, **body):
    return api.post(f"/api/v1/appeals/{appeal_id}/decide", json=body)


def approved(appeals, answers=None, store=None):
    vid = appeals.visits[(store or appeals.store).id][0]
    appeals.programme.approve(vid, answers or full_answers(greeted=False))
    return vid


def count_appeals(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Appeal))


def test_a_client_user_appeals_an_answer(appeals):
    vid = approved(appeals)
    response = appeal(appeals.client, vid)
    assert response.status_code == 201, response.json
    body = response.json
    assert body["status"] == "open" and body["id"]
    assert response.headers["Location"] == f"/api/v1/appeals/{body['id']}"
    assert (body["visit_id"], body["question"], body["previous_value"]) == (vid, "greeted", False)
    assert body["previous_total"] == 0.0 and body["decision"] is None
    listed = appeals.client.get("/api/v1/appeals").json
    assert [a["id"] for a in listed] == [body["id"]]
    assert [a["id"] for a in appeals.coordinator.get("/api/v1/appeals?status=open").json] == [
        body["id"]
    ]
    assert appeals.coordinator.get("/api/v1/appeals?status=upheld").json == []
    assert appeals.outsider.get("/api/v1/appeals").json == []
    assert appeals.regional.get("/api/v1/appeals").json == []  # not their region
    assert appeals.regional.get(f"/api/v1/appeals/{body['id']}").status_code == 404
    events = appeals.programme.flow.events(vid)
    assert events[-1]["action"] == "appeal" and events[-1]["note"] == body["reason"]


def test_an_unknown_question_is_422(app, appeals):
    vid = approved(appeals)
    response = appeal(appeals.client, vid, question="colour")
    assert response.status_code == 422 and "question" in response.json["errors"]["json"]
    missing = appeals.client.post(f"/api/v1/visits/{vid}/appeals", json={"question": "greeted"})
    assert missing.status_code == 422 and "reason" in missing.json["errors"]["json"]
    assert count_appeals(app) == 0


def test_outside_the_window_is_409(app, appeals):
    vid = approved(appeals)
    with app.app_context():
        visit = db.session.get(Visit, vid)
        visit.approved_at = utcnow() - timedelta(days=14, minutes=1)
        db.session.commit()
    response = appeal(appeals.client, vid)
    assert response.status_code == 409 and "14" in response.json["message"]
    app.config["APPEAL_DAYS"] = 30
    try:
        assert appeal(appeals.client, vid).status_code == 201
    finally:
        app.config["APPEAL_DAYS"] = 14


def test_a_second_open_appeal_of_the_same_answer_is_409(app, appeals):
    vid = approved(appeals)
    first = appeal(appeals.client, vid).json
    again = appeal(appeals.client, vid)
    assert again.status_code == 409 and again.json["message"]
    assert appeal(appeals.client, vid, question="queue").status_code == 201  # another answer
    assert (
        decide(appeals.coordinator, first["id"], decision="rejected", note="No").status_code == 200
    )
    assert appeal(appeals.client, vid).status_code == 201  # decided: may appeal again
    assert count_appeals(app) == 3


def test_only_client_users_who_see_an_approved_visit_may_appeal(app, appeals, anon):
    vid = approved(appeals)
    submitted = appeals.visits[appeals.north.id][0]
    appeals.programme.accept(submitted)
    appeals.programme.submit(submitted, full_answers())
    for api in (appeals.outsider, appeals.regional, appeals.coordinator, appeals.shopper):
        assert appeal(api, vid).status_code == 404
    assert appeal(anon, vid).status_code == 401
    assert appeal(appeals.client, submitted).status_code == 404  # not approved yet
    assert appeal(appeals.client, 987654).status_code == 404
    assert count_appeals(app) == 0


def test_upheld_with_a_value_rescores_the_visit(app, appeals):
    vid = approved(appeals)
    other = approved(appeals, full_answers(queue=400), store=appeals.north)
    summary = appeals.programme.summary(appeals.coordinator, appeals.wave_id).json
    assert summary["overall"]["mean"] == 40.0  # 0 (critical) and 80
    opened = appeal(appeals.client, vid).json
    heard = []

    def rescored(visit, **kwargs):
        heard.append(("rescored", visit.id, kwargs["previous_total"]))

    def decided(appeal_row, **kwargs):
        heard.append(("decided", appeal_row.id, kwargs["rescored"]))

    with visit_rescored.connected_to(rescored), appeal_decided.connected_to(decided):
        response = decide(
            appeals.coordinator, opened["id"], decision="upheld", note="CCTV shows it", value=True
        )
    assert response.status_code == 200, response.json
    body = response.json
    assert (body["status"], body["decision"], body["note"]) == ("upheld", "upheld", "CCTV shows it")
    assert (body["value"], body["previous_total"], body["new_total"]) == (True, 0.0, 100.0)
    assert heard == [("rescored", vid, 0.0), ("decided", opened["id"], True)]

    for api in (appeals.coordinator, appeals.client):
        visit = api.get(f"/api/v1/visits/{vid}").json
        assert visit["score"]["total"] == 100.0 and visit["score"]["critical_failed"] is False
        [history] = visit["score_history"]
        assert history["total"] == 0.0 and history["critical_failed"] is True
        assert history["reason"] == "CCTV shows it" and history["appeal_id"] == opened["id"]
        assert history["changed_by"]["name"] and history["changed_at"]
    assert "score_history" not in appeals.shopper.get(f"/api/v1/visits/{vid}").json
    events = appeals.programme.flow.events(vid)
    assert [e["action"] for e in events[-2:]] == ["rescore", "appeal-upheld"]
    assert "0.0" in events[-2]["reason"] and "100.0" in events[-2]["reason"]

    # Summaries (SQL on SQLite, rollups on PostgreSQL) follow the corrected answer.
    after = appeals.programme.summary(appeals.coordinator, appeals.wave_id).json
    assert after["overall"]["mean"] == 90.0
    stores = {s["store_id"]: s["mean"] for s in after["stores"]}
    assert stores == {appeals.store.id: 100.0, appeals.north.id: 80.0}
    questions = {q["key"]: q for q in after["questions"]}
    assert questions["greeted"]["fail_rate"] == 0.0
    client_view = appeals.programme.summary(appeals.client, appeals.wave_id).json
    assert client_view["overall"]["mean"] == 90.0
    # The submission the visit shows carries the corrected answer, as does the export.
    submission = appeals.client.get(f"/api/v1/submissions/{visit['submission_uuid']}").json
    assert {a["question"]: a.get("value") for a in submission["answers"]}["greeted"] is True
    with app.app_context():
        assert db.session.get(Visit, other).score_total == 80.0


def test_a_second_correction_keeps_both_earlier_totals(appeals):
    vid = approved(appeals, full_answers(queue=400))
    first = appeal(appeals.client, vid, question="queue").json
    assert (
        decide(appeals.coordinator, first["id"], decision="upheld", note="Timer", value=100).json[
            "new_total"
        ]
        == 100.0
    )
    second = appeal(appeals.client, vid, question="friendly").json
    decide(appeals.coordinator, second["id"], decision="upheld", note="Rude", value=1)
    visit = appeals.client.get(f"/api/v1/visits/{vid}").json
    assert [h["total"] for h in visit["score_history"]] == [80.0, 100.0]
    assert visit["score"]["total"] == 70.0


def test_rejected_changes_no_score(appeals):
    vid = approved(appeals)
    opened = appeal(appeals.client, vid).json
    response = decide(appeals.coordinator, opened["id"], decision="rejected", note="Video says no")
    assert response.status_code == 200
    assert (response.json["status"], response.json["new_total"]) == ("rejected", None)
    visit = appeals.client.get(f"/api/v1/visits/{vid}").json
    assert visit["score"]["total"] == 0.0 and visit["score_history"] == []
    again = decide(appeals.coordinator, opened["id"], decision="upheld", value=True)
    assert again.status_code == 409
    assert appeals.client.get(f"/api/v1/visits/{vid}").json["score"]["total"] == 0.0


def test_upheld_without_a_value_keeps_the_score(appeals):
    vid = approved(appeals)
    opened = appeal(appeals.client, vid).json
    response = decide(appeals.coordinator, opened["id"], decision="upheld", note="Noted")
    assert response.status_code == 200 and response.json["status"] == "upheld"
    assert appeals.client.get(f"/api/v1/visits/{vid}").json["score"]["total"] == 0.0


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ({"decision": "upheld", "value": "maybe"}, "value"),
        ({"decision": "upheld", "value": 7}, "value"),
        ({"decision": "perhaps"}, "decision"),
        ({"note": "x"}, "decision"),
    ],
)
def test_bad_decisions_are_422_and_change_nothing(appeals, body, name):
    vid = approved(appeals)
    opened = appeal(appeals.client, vid).json
    response = decide(appeals.coordinator, opened["id"], **body)
    assert response.status_code == 422, response.json
    assert name in response.json["errors"]["json"] and response.json["message"]
    assert appeals.coordinator.get(f"/api/v1/appeals/{opened['id']}").json == opened
    visit = appeals.coordinator.get(f"/api/v1/visits/{vid}").json
    assert visit["score"]["total"] == 0.0 and visit["score_history"] == []


def test_only_staff_decide(appeals, anon):
    vid = approved(appeals)
    opened = appeal(appeals.client, vid).json
    for api in (appeals.client, appeals.shopper, appeals.outsider):
        assert decide(api, opened["id"], decision="upheld", value=True).status_code == 404
    assert decide(anon, opened["id"], decision="upheld", value=True).status_code == 401
    assert decide(appeals.coordinator, 987654, decision="rejected").status_code == 404
    assert appeals.client.get(f"/api/v1/appeals/{opened['id']}").json["status"] == "open"
