"""Finding 1: every list in a body is bounded, and no query has a parameter per listed item."""

import uuid
from contextlib import contextmanager

import sqlalchemy as sa

from mystery.extensions import db
from mystery.visits.models import Submission
from tests.checklists.examples import small_definition
from tests.visits.helpers import new_uuid


def _uuids(count):
    return [str(uuid.uuid4()) for _ in range(count)]


@contextmanager
def widest_statement(app):
    """Record the largest number of parameters any one statement carried."""
    seen = [0]

    def count(_conn, _cursor, _statement, parameters, _context, executemany):
        if not executemany and parameters:
            seen[0] = max(seen[0], len(parameters))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def test_too_many_photos_on_one_answer_is_refused(flow):
    vid = flow.in_state("accepted")
    answers = [a for a in flow.body(vid)["answers"] if a["question"] != "counter"]
    answers.append({"question": "counter", "media": _uuids(21)})
    response = flow.submit(vid, answers=answers)
    assert response.status_code == 422, response.json
    assert "counter" in response.json["errors"]


def test_lists_stay_up_whatever_a_stored_submission_points_at(app, flow, auth):
    vid = flow.in_state("approved")
    with app.app_context():  # a submission from before the bound, naming 5,000 photos
        submission = db.session.scalar(sa.select(Submission).where(Submission.visit_id == vid))
        answers = [dict(a) for a in submission.answers]
        for answer in answers:
            if answer["question"] == "counter":
                answer["media"] = _uuids(5000)
        submission.answers = answers
        db.session.commit()
    client = auth("client", client_id=flow.field.client.id)
    with widest_statement(app) as widest:
        for api, path in (
            (flow.coordinator, "/api/v1/visits"),
            (flow.coordinator, "/api/v1/visits?status=approved"),
            (flow.coordinator, f"/api/v1/visits/{vid}"),
            (flow.shopper, "/api/v1/visits"),
            (client, "/api/v1/visits"),
            (client, f"/api/v1/visits/{vid}"),
        ):
            response = api.get(path)
            assert response.status_code == 200, (path, response.json)
    assert widest[0] < 100
    assert flow.coordinator.get(f"/api/v1/visits/{vid}").json["photos"]["referenced"] == 5000


def test_review_after_saving_counts_photos_by_submission(flow):
    vid = flow.in_state("submitted")
    response = flow.review(vid, "approve")
    assert response.status_code == 200, response.json
    assert response.json["photos"] == {"referenced": 1, "received": 0}


def test_a_wave_of_many_stores_is_checked_without_a_parameter_each(app, field):
    with widest_statement(app) as widest:
        response = field.coordinator.post(
            "/api/v1/waves",
            json={
                "client_id": field.client.id,
                "checklist_id": field.checklist.id,
                "name": "Big",
                "starts_on": "2030-01-01",
                "ends_on": "2030-01-10",
                "store_ids": [*(s.id for s in field.stores), *range(100_000, 104_000)],
            },
        )
    assert response.status_code == 422, response.json
    assert "store_ids" in response.json["errors"]["json"]
    assert widest[0] < 100


def _checklist(coordinator, client_id, definition):
    return coordinator.post(
        "/api/v1/checklists",
        json={"client_id": client_id, "name": "Big", "definition": definition},
    )


def test_checklists_are_bounded(field):
    question = small_definition()["sections"][0]["questions"][0]
    many = {
        "sections": [
            {
                "key": f"s{s}",
                "title": "S",
                "questions": [{**question, "key": f"q{s}_{q}"} for q in range(60)],
            }
            for s in range(10)
        ]
    }
    response = _checklist(field.coordinator, field.client.id, many)
    assert response.status_code == 422, response.json
    long_key = small_definition()
    long_key["sections"][0]["questions"][0]["key"] = "k" * 101
    response = _checklist(field.coordinator, field.client.id, long_key)
    assert response.status_code == 422, response.json
    assert any(".key" in key for key in response.json["errors"]["json"]["definition"])
    long_key["sections"][0]["questions"][0]["key"] = "k" * 100
    assert _checklist(field.coordinator, field.client.id, long_key).status_code == 201


def test_lists_of_ids_are_bounded(field, flow):
    too_many = list(range(1, 502))
    response = field.coordinator.post(
        "/api/v1/visits/review", json={"ids": too_many, "decision": "approve"}
    )
    assert response.status_code == 422
    response = field.coordinator.post(
        "/api/v1/users",
        json={
            "email": "regions@example.com",
            "name": "Many regions",
            "password": "a long and unusual passphrase",
            "role": "client",
            "client_id": field.client.id,
            "regions": [f"R{i}" for i in range(101)],
        },
    )
    assert response.status_code == 422
    assert "regions" in response.json["errors"]["json"]
    answers = [{"question": f"q{i}", "value": 1} for i in range(1001)]
    vid = flow.in_state("accepted")
    response = flow.shopper.put(
        f"/api/v1/submissions/{new_uuid()}", json=flow.body(vid, answers=answers)
    )
    assert response.status_code == 422
