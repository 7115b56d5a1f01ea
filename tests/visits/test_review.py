"""Review: approve, return with a note, and resubmission under a new UUID."""

import pytest
import sqlalchemy as sa

from mystery.extensions import db
from mystery.visits.models import Answer, Submission
from tests.conftest import full_answers
from tests.visits.helpers import new_uuid


def test_approve(flow):
    vid = flow.in_state("submitted")
    response = flow.review(vid, "approve", "  ")
    assert response.status_code == 200, response.json
    assert response.json["status"] == "approved"
    assert response.json["approved_at"] is not None
    assert response.json["review_note"] is None
    assert flow.events(vid)[-1]["action"] == "approve"


@pytest.mark.parametrize("note", [None, "", "   "])
def test_return_needs_a_note(flow, note):
    vid = flow.in_state("submitted")
    events = flow.events(vid)
    response = flow.review(vid, "return", note)
    assert response.status_code == 422
    assert response.json["errors"] == {"json": {"note": ["Required when returning a visit."]}}
    assert "note" in response.json["message"]
    assert flow.visit_row(vid).status == "submitted"
    assert flow.events(vid) == events


def test_unknown_decision_is_422(flow):
    vid = flow.in_state("submitted")
    response = flow.review(vid, "maybe", "x")
    assert response.status_code == 422
    assert list(response.json["errors"]["json"]) == ["decision"]


def test_returned_visit_shows_the_note_to_its_shopper(flow):
    vid = flow.in_state("submitted")
    response = flow.review(vid, "return", "The counter photo is missing the till.")
    assert response.status_code == 200
    assert response.json["status"] == "returned"
    mine = flow.shopper.get(f"/api/v1/visits/{vid}").json
    assert mine["status"] == "returned"
    assert mine["review_note"] == "The counter photo is missing the till."
    assert mine["checklist"]["definition"]["sections"][0]["key"] == "service"
    listed = flow.shopper.get("/api/v1/me/visits").json
    assert [(v["id"], v["review_note"]) for v in listed] == [
        (vid, "The counter photo is missing the till.")
    ]
    event = flow.events(vid)[-1]
    assert (event["action"], event["note"]) == ("return", "The counter photo is missing the till.")


def test_resubmission_under_a_new_uuid_becomes_current(app, flow):
    vid = flow.in_state("accepted")
    first = new_uuid()
    assert flow.submit(vid, first).status_code == 201
    assert flow.review(vid, "return", "Redo the queue").status_code == 200
    # The old UUID is spent: new content under it is refused, the same content replays.
    refused = flow.submit(vid, first, answers=full_answers(queue=200))
    assert refused.status_code == 409
    assert flow.submit(vid, first).status_code == 200
    assert flow.visit_row(vid).status == "returned"

    second = new_uuid()
    response = flow.submit(vid, second, answers=full_answers(queue=200))
    assert response.status_code == 201, response.json
    assert response.json["score"]["total"] == 90.0
    visit = flow.coordinator.get(f"/api/v1/visits/{vid}").json
    assert visit["status"] == "submitted"
    assert visit["submission_uuid"] == second
    assert visit["review_note"] is None
    assert visit["score"]["total"] == 90.0
    assert visit["score"]["sections"][0]["earned"] == 9.0
    with app.app_context():
        rows = db.session.execute(
            sa.select(Submission.uuid, Submission.visit_id).order_by(Submission.id)
        ).all()
        assert [tuple(r) for r in rows] == [(first, vid), (second, vid)]
        queue = db.session.execute(
            sa.select(Submission.uuid, Answer.score)
            .join(Submission, Submission.id == Answer.submission_id)
            .where(Answer.question == "queue")
            .order_by(Answer.id)
        ).all()
        assert [tuple(r) for r in queue] == [(first, 1.0), (second, 0.5)]
    # Replaying the first submission again changes nothing.
    assert flow.submit(vid, first).status_code == 200
    assert flow.coordinator.get(f"/api/v1/visits/{vid}").json["submission_uuid"] == second
    assert flow.review(vid, "approve").json["score"]["total"] == 90.0
    assert [e["action"] for e in flow.events(vid)] == [
        "create",
        "assign",
        "accept",
        "check-in",
        "submit",
        "return",
        "check-in",
        "submit",
        "approve",
    ]
