"""Who sees which visit: clients approved ones of their own (regions), never the shopper."""

import json
from datetime import date, timedelta

import pytest

from tests.conftest import full_answers
from tests.visits.helpers import new_uuid


@pytest.fixture
def seen(flow, create_store, create_client, create_checklist):
    """Approved visits in two regions, a submitted and an open one, and another client's."""
    flow.field.stores.append(
        create_store(client_id=flow.field.client.id, region="Sjælland", latitude=55.64)
    )
    ids = {
        "approved": flow.in_state("approved", store=0),
        "approved_sjaelland": flow.in_state("approved", store=3),
        "submitted": flow.in_state("submitted", store=1, days=1),
        "open": flow.open_visit(store=2),
    }
    other = create_client(name="Other chain", locale="sv")
    store = create_store(client_id=other.id)
    checklist = create_checklist(other.id)
    wave = flow.field.wave(
        client_id=other.id,
        checklist_id=checklist.id,
        store_ids=[store.id],
        starts_on=date.today() + timedelta(days=2),
    )
    foreign = flow.coordinator.get(f"/api/v1/visits?wave_id={wave['id']}").json[0]["id"]
    assert flow.assign(foreign).status_code == 200
    assert flow.accept(foreign).status_code == 200
    body = {**flow.body(foreign), "answers": full_answers()}
    assert flow.shopper.put(f"/api/v1/submissions/{new_uuid()}", json=body).status_code == 201
    assert flow.review(foreign, "approve").status_code == 200
    ids["foreign"] = foreign
    ids["other_client"] = other.id
    return ids


def assert_anonymous(flow, body):
    """The serialized body names no shopper in any way."""
    text = json.dumps(body, ensure_ascii=False)
    user = flow.field.shopper_user
    assert user.email not in text
    assert user.name not in text
    assert '"shopper_id"' not in text
    assert '"shopper"' not in text
    assert "review_note" not in text


def test_client_sees_only_approved_visits_of_its_own_client(flow, seen, auth):
    reader = auth("client", client_id=flow.field.client.id)
    response = reader.get("/api/v1/visits")
    assert response.status_code == 200
    assert [v["id"] for v in response.json] == [seen["approved"], seen["approved_sjaelland"]]
    assert {v["status"] for v in response.json} == {"approved"}
    assert response.json[0]["score"]["total"] == 100.0
    assert_anonymous(flow, response.json)
    one = reader.get(f"/api/v1/visits/{seen['approved']}")
    assert one.status_code == 200
    assert_anonymous(flow, one.json)
    assert "checklist" not in one.json and "flags" not in one.json
    for hidden in ("submitted", "open", "foreign"):
        missing = reader.get(f"/api/v1/visits/{seen[hidden]}")
        assert missing.status_code == 404
        assert missing.json["message"] == f"Visit {seen[hidden]} not found."
    submission = reader.get(f"/api/v1/submissions/{one.json['submission_uuid']}")
    assert submission.status_code == 200
    assert_anonymous(flow, submission.json)


def test_client_cannot_find_visits_by_shopper(flow, seen, auth):
    reader = auth("client", client_id=flow.field.client.id)
    everything = reader.get("/api/v1/visits").json
    by_shopper = reader.get(f"/api/v1/visits?shopper_id={flow.shopper_id}")
    by_nobody = reader.get("/api/v1/visits?shopper_id=999999")
    # The filter must not tell a client which visits a given shopper made.
    assert by_shopper.status_code == by_nobody.status_code
    assert by_shopper.json == by_nobody.json
    assert len(everything) == 2


def test_client_regions_limit_what_it_sees(flow, seen, auth):
    reader = auth("client", client_id=flow.field.client.id, regions=["Sjælland"])
    assert [v["id"] for v in reader.get("/api/v1/visits").json] == [seen["approved_sjaelland"]]
    assert reader.get(f"/api/v1/visits/{seen['approved']}").status_code == 404
    assert reader.get(f"/api/v1/visits/{seen['approved_sjaelland']}").status_code == 200


def test_another_clients_user_sees_none_of_them(flow, seen, auth):
    reader = auth("client", client_id=seen["other_client"])
    assert [v["id"] for v in reader.get("/api/v1/visits").json] == [seen["foreign"]]
    for key in ("approved", "approved_sjaelland", "submitted"):
        assert reader.get(f"/api/v1/visits/{seen[key]}").status_code == 404


def test_shopper_sees_only_own_visits(flow, seen, create_user):
    _, other = flow.shopper_client(create_user)
    assert other.get("/api/v1/visits").json == []
    for key in ("approved", "submitted", "open"):
        response = other.get(f"/api/v1/visits/{seen[key]}")
        assert response.status_code == 404
        assert response.json["message"] == f"Visit {seen[key]} not found."
    mine = flow.shopper.get("/api/v1/visits").json
    assert sorted(v["id"] for v in mine) == sorted(
        seen[k] for k in ("approved", "approved_sjaelland", "submitted", "foreign")
    )
    assert all(v["shopper_id"] == flow.shopper_id and "shopper" not in v for v in mine)


def test_coordinator_sees_the_shopper(flow, seen):
    visit = flow.coordinator.get(f"/api/v1/visits/{seen['submitted']}").json
    user = flow.field.shopper_user
    assert visit["shopper"] == {"id": user.id, "name": user.name, "email": user.email}
    assert visit["shopper_id"] == user.id
    assert "checklist" not in visit
    listed = flow.coordinator.get(f"/api/v1/visits?shopper_id={user.id}&status=approved").json
    assert sorted(v["id"] for v in listed) == sorted(
        seen[k] for k in ("approved", "approved_sjaelland", "foreign")
    )


def test_anonymous_is_401(flow, anon, seen):
    assert anon.get("/api/v1/visits").status_code == 401
    assert anon.get(f"/api/v1/visits/{seen['approved']}").status_code == 401
