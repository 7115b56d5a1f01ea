"""Planning waves: open visits per store and slot, validation, and who may read them."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from mystery.extensions import db
from mystery.visits.models import Visit, VisitEvent

WINTER = date(2027, 1, 11)


def wave_body(field, **extra):
    return {
        "client_id": field.client.id,
        "checklist_id": field.checklist.id,
        "name": "Winter wave",
        "starts_on": WINTER.isoformat(),
        "ends_on": (WINTER + timedelta(days=13)).isoformat(),
        "fee": "350.00",
        "store_ids": [s.id for s in field.stores],
        "visits_per_store": 1,
        **extra,
    }


def visit_rows(app, wave_id):
    with app.app_context():
        rows = db.session.scalars(
            sa.select(Visit).where(Visit.wave_id == wave_id).order_by(Visit.id)
        ).all()
        return [(v.store_id, v.status, v.shopper_id, v.window_start, v.window_end) for v in rows]


def visit_count(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Visit))


def test_create_wave_makes_open_visits_per_store_and_slot(app, field):
    body = wave_body(field, visits_per_store=2, scenario="Buy a latte")
    response = field.coordinator.post("/api/v1/waves", json=body)
    assert response.status_code == 201, response.json
    wave = response.json
    assert response.headers["Location"] == f"/api/v1/waves/{wave['id']}"
    store_ids = [s.id for s in field.stores]
    assert wave == {
        "id": wave["id"],
        "client_id": field.client.id,
        "checklist_id": field.checklist.id,
        "name": "Winter wave",
        "starts_on": "2027-01-11",
        "ends_on": "2027-01-24",
        "fee": 350.0,
        "expense_cap": "0.00",
        "currency": "DKK",
        "certification_id": None,
        "visits_per_store": 2,
        "window_start_time": None,
        "window_end_time": None,
        "created_at": wave["created_at"],
        "visit_count": 6,
        "store_ids": store_ids,
        "scenario": "Buy a latte",
    }
    rows = visit_rows(app, wave["id"])
    assert [r[0] for r in rows] == [s for s in store_ids for _ in range(2)]
    assert {r[1:3] for r in rows} == {("open", None)}
    # Whole days in the client's zone (Copenhagen, UTC+1 in January).
    assert {r[3].isoformat() for r in rows} == {"2027-01-10T23:00:00+00:00"}
    assert {r[4].isoformat() for r in rows} == {"2027-01-24T22:59:59+00:00"}
    visits = field.coordinator.get(f"/api/v1/visits?wave_id={wave['id']}").json
    assert {v["scenario"] for v in visits} == {"Buy a latte"}
    assert {v["daily_window"] for v in visits} == {None}
    with app.app_context():
        events = db.session.scalars(sa.select(VisitEvent)).all()
        assert {(e.action, e.from_status, e.to_status, e.actor_id) for e in events} == {
            ("create", None, "open", field.coordinator.user.id)
        }
        assert len(events) == 6


def test_daily_window_times_are_local_to_the_client_across_dst(app, field):
    body = wave_body(
        field,
        starts_on="2027-03-15",
        ends_on="2027-04-05",
        window_start_time="10:00:00",
        window_end_time="18:00:00",
    )
    response = field.coordinator.post("/api/v1/waves", json=body)
    assert response.status_code == 201, response.json
    assert response.json["window_start_time"] == "10:00:00"
    assert response.json["window_end_time"] == "18:00:00"
    rows = visit_rows(app, response.json["id"])
    assert len(rows) == 3
    # 10:00 CET on the first day; 18:00 CEST (summer time) on the last.
    assert {r[3].isoformat() for r in rows} == {"2027-03-15T09:00:00+00:00"}
    assert {r[4].isoformat() for r in rows} == {"2027-04-05T16:00:00+00:00"}
    visit = field.coordinator.get(f"/api/v1/visits?wave_id={response.json['id']}").json[0]
    assert visit["daily_window"] == {"start": "10:00", "end": "18:00"}
    assert visit["window_start"] == "2027-03-15T09:00:00+00:00"


def test_duplicate_store_ids_make_one_set_of_visits(app, field):
    store = field.stores[1].id
    response = field.coordinator.post("/api/v1/waves", json=wave_body(field, store_ids=[store] * 3))
    assert response.status_code == 201, response.json
    assert response.json["visit_count"] == 1
    assert response.json["store_ids"] == [store]


@pytest.mark.parametrize(
    ("change", "field_name"),
    [
        ({"ends_on": "2027-01-10"}, "ends_on"),
        ({"window_start_time": "09:00:00"}, "window_end_time"),
        ({"window_end_time": "17:00:00"}, "window_start_time"),
        ({"window_start_time": "17:00:00", "window_end_time": "09:00:00"}, "window_end_time"),
        ({"visits_per_store": 0}, "visits_per_store"),
        ({"store_ids": []}, "store_ids"),
        ({"name": ""}, "name"),
        ({"client_id": 999_999}, "client_id"),
        ({"checklist_id": 999_999}, "checklist_id"),
    ],
)
def test_invalid_wave_is_refused_naming_the_field(app, field, change, field_name):
    response = field.coordinator.post("/api/v1/waves", json=wave_body(field, **change))
    assert response.status_code == 422, response.json
    assert list(response.json["errors"]["json"]) == [field_name]
    assert response.json["message"]
    assert visit_count(app) == 0
    assert field.coordinator.get("/api/v1/waves").json == []


def test_draft_checklist_is_refused(field, create_checklist):
    draft = create_checklist(field.client.id, status="draft")
    response = field.coordinator.post("/api/v1/waves", json=wave_body(field, checklist_id=draft.id))
    assert response.status_code == 422
    assert response.json["errors"] == {
        "json": {"checklist_id": [f"Checklist {draft.id} is a draft; publish it first."]}
    }


def test_checklist_of_another_client_is_refused(field, create_client, create_checklist):
    foreign = create_checklist(create_client(name="Other").id)
    response = field.coordinator.post(
        "/api/v1/waves", json=wave_body(field, checklist_id=foreign.id)
    )
    assert response.status_code == 422
    assert response.json["errors"] == {
        "json": {"checklist_id": [f"Checklist {foreign.id} does not belong to this client."]}
    }


def test_store_of_another_client_is_refused(app, field, create_store):
    foreign = create_store()
    ids = [field.stores[0].id, foreign.id]
    response = field.coordinator.post("/api/v1/waves", json=wave_body(field, store_ids=ids))
    assert response.status_code == 422
    assert response.json["errors"] == {
        "json": {"store_ids": [f"Not stores of this client: {foreign.id}."]}
    }
    assert visit_count(app) == 0


@pytest.fixture
def two_waves(field, create_client, create_store, create_checklist):
    """A wave of the field client and one of another client."""
    mine = field.coordinator.post("/api/v1/waves", json=wave_body(field)).json
    other = create_client(name="Other chain", locale="sv")
    store = create_store(client_id=other.id)
    checklist = create_checklist(other.id)
    theirs = field.coordinator.post(
        "/api/v1/waves",
        json={
            **wave_body(field),
            "client_id": other.id,
            "checklist_id": checklist.id,
            "store_ids": [store.id],
        },
    ).json
    return mine, theirs


def test_coordinator_lists_and_filters_by_client(field, two_waves):
    mine, theirs = two_waves
    everything = field.coordinator.get("/api/v1/waves")
    assert everything.status_code == 200
    assert {w["id"] for w in everything.json} == {mine["id"], theirs["id"]}
    filtered = field.coordinator.get(f"/api/v1/waves?client_id={field.client.id}").json
    assert [w["id"] for w in filtered] == [mine["id"]]
    assert filtered[0]["visit_count"] == 3
    assert field.coordinator.get(f"/api/v1/waves/{theirs['id']}").json == theirs


def test_client_user_reads_only_own_waves(field, two_waves, auth):
    mine, theirs = two_waves
    reader = auth("client", client_id=field.client.id)
    listed = reader.get("/api/v1/waves")
    assert listed.status_code == 200
    assert [w["id"] for w in listed.json] == [mine["id"]]
    other_filter = reader.get(f"/api/v1/waves?client_id={theirs['client_id']}")
    assert other_filter.status_code == 200 and other_filter.json == []
    # Clients never see what a visit pays (issue #15, finding 12).
    assert reader.get(f"/api/v1/waves/{mine['id']}").json == {
        key: value for key, value in mine.items() if key not in ("fee", "expense_cap")
    }
    hidden = reader.get(f"/api/v1/waves/{theirs['id']}")
    assert hidden.status_code == 404
    assert hidden.json["message"] == f"Wave {theirs['id']} not found."
    refused = reader.post("/api/v1/waves", json=wave_body(field))
    assert refused.status_code == 404


def test_shopper_and_anonymous_cannot_read_waves(field, two_waves, anon):
    mine, _ = two_waves
    assert field.shopper.get("/api/v1/waves").status_code == 404
    assert field.shopper.get(f"/api/v1/waves/{mine['id']}").status_code == 404
    assert field.shopper.post("/api/v1/waves", json=wave_body(field)).status_code == 404
    for response in (
        anon.get("/api/v1/waves"),
        anon.get(f"/api/v1/waves/{mine['id']}"),
        anon.post("/api/v1/waves", json=wave_body(field)),
    ):
        assert response.status_code == 401
        assert response.json["message"] == "You need to sign in first."


def test_unknown_wave_is_404(field):
    response = field.coordinator.get("/api/v1/waves/424242")
    assert response.status_code == 404
    assert response.json == {
        "code": 404,
        "status": "Not Found",
        "message": "Wave 424242 not found.",
    }
