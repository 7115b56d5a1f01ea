"""Concurrent PUTs (DESIGN §6): one UUID, one row; one visit, one submission."""

import threading

import pytest

from tests.conftest import PASSWORD
from tests.visits.helpers import new_uuid, stored

THREADS = 8


@pytest.fixture
def token(flow):
    response = flow.shopper.post(
        "/api/v1/auth/tokens",
        json={"email": flow.field.shopper_user.email, "password": PASSWORD, "label": "load"},
    )
    assert response.status_code == 201, response.json
    return response.json["token"]


def put_together(app, token, requests):
    """Send (uuid, body) PUTs at once, each from its own thread and test client."""
    barrier = threading.Barrier(len(requests))
    results = [None] * len(requests)

    def send(index, sid, body):
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        barrier.wait(timeout=10)
        response = client.put(f"/api/v1/submissions/{sid}", json=body, headers=headers)
        results[index] = (response.status_code, response.get_data())

    threads = [
        threading.Thread(target=send, args=(i, sid, body)) for i, (sid, body) in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(r is not None for r in results), results
    return results


def test_the_same_uuid_at_once_leaves_one_row(app, flow, token):
    vid = flow.in_state("accepted")
    sid = new_uuid()
    body = flow.body(vid)
    results = put_together(app, token, [(sid, body)] * THREADS)
    assert sorted(code for code, _ in results) == [200] * (THREADS - 1) + [201], results
    assert len({data for _, data in results}) == 1
    submissions, answers = stored(app)
    assert [s[:2] for s in submissions] == [(sid, vid)]
    assert len(answers) == 8
    assert flow.visit_row(vid).status == "submitted"
    assert [e["action"] for e in flow.events(vid)].count("submit") == 1


def test_different_uuids_for_one_visit_leave_one_submission(app, flow, token):
    vid = flow.in_state("accepted")
    body = flow.body(vid)
    results = put_together(app, token, [(new_uuid(), body) for _ in range(THREADS)])
    codes = sorted(code for code, _ in results)
    assert codes == [201] + [409] * (THREADS - 1), results
    submissions, answers = stored(app)
    assert len(submissions) == 1 and len(answers) == 8
    row = flow.visit_row(vid)
    assert row.status == "submitted"
    assert [e["action"] for e in flow.events(vid)].count("submit") == 1


def test_one_uuid_for_two_visits_at_once_leaves_one_row(app, flow, token):
    first = flow.in_state("accepted", store=0)
    second = flow.in_state("accepted", store=1)
    sid = new_uuid()
    bodies = {first: flow.body(first), second: flow.body(second, store=1)}
    requests = [(sid, bodies[first if i % 2 else second]) for i in range(THREADS)]
    results = put_together(app, token, requests)
    codes = sorted(code for code, _ in results)
    assert codes == [200] * (THREADS // 2 - 1) + [201] + [409] * (THREADS // 2), results
    submissions, _ = stored(app)
    assert len(submissions) == 1
    winner = submissions[0][1]
    loser = second if winner == first else first
    assert flow.visit_row(winner).status == "submitted"
    assert flow.visit_row(loser).status == "accepted"
