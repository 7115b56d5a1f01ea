"""PATCH /waves/{id}, wave search and sort, inactive stores kept out of new waves (§16)."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from mystery.extensions import db
from mystery.stores.models import Store
from mystery.visits.models import Visit


def windows(app, wave_id):
    with app.app_context():
        rows = db.session.execute(
            sa.select(Visit.status, Visit.window_end, Visit.scenario)
            .where(Visit.wave_id == wave_id)
            .order_by(Visit.id)
        ).all()
        return [tuple(r) for r in rows]


def test_patch_renames_reprices_and_stretches_unsent_windows(app, field):
    wave = field.wave(scenario="Buy a latte")
    visits = field.coordinator.get(f"/api/v1/visits?wave_id={wave['id']}").json
    # One visit already submitted: its window and scenario are history.
    done = visits[0]["id"]
    with app.app_context():
        db.session.get(Visit, done).status = "submitted"
        db.session.commit()
    before = windows(app, wave["id"])
    later = date.fromisoformat(wave["ends_on"]) + timedelta(days=7)
    body = {"name": "Extended", "ends_on": later.isoformat(), "fee": "400.00", "scenario": "Tea"}
    response = field.coordinator.patch(f"/api/v1/waves/{wave['id']}", json=body)
    assert response.status_code == 200, response.json
    got = response.json
    assert (got["name"], got["ends_on"], got["fee"], got["scenario"]) == (
        "Extended",
        later.isoformat(),
        400.0,
        "Tea",
    )
    after = windows(app, wave["id"])
    assert after[0] == before[0]
    assert {r[1] - b[1] for r, b in zip(after[1:], before[1:], strict=True)} == {timedelta(days=7)}
    assert {r[2] for r in after[1:]} == {"Tea"}
    assert field.coordinator.get(f"/api/v1/waves/{wave['id']}").json["name"] == "Extended"


def test_patch_accepts_expense_cap(field):
    wave = field.wave()
    response = field.coordinator.patch(f"/api/v1/waves/{wave['id']}", json={"expense_cap": "50.00"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "body, bad",
    [
        ({"ends_on": "2000-01-01"}, "ends_on"),
        ({"ends_on": "soon"}, "ends_on"),
        ({"name": ""}, "name"),
        ({"fee": "-1"}, "fee"),
        ({"fee": "x"}, "fee"),
        ({"scenario": "x" * 5001}, "scenario"),
        ({"checklist_id": 1}, "checklist_id"),
    ],
)
def test_patch_bad_bodies(app, field, body, bad):
    wave = field.wave()
    before = windows(app, wave["id"])
    response = field.coordinator.patch(f"/api/v1/waves/{wave['id']}", json=body)
    assert response.status_code == 422, response.json
    assert bad in response.json["errors"]["json"]
    assert windows(app, wave["id"]) == before


def test_patch_is_for_staff(field, auth):
    wave = field.wave()
    client = auth("client", client_id=field.client.id)
    assert client.patch(f"/api/v1/waves/{wave['id']}", json={"name": "X"}).status_code == 404
    assert field.shopper.patch(f"/api/v1/waves/{wave['id']}", json={"name": "X"}).status_code == 404
    assert field.coordinator.patch("/api/v1/waves/9999", json={"name": "X"}).status_code == 404


def test_wave_search_and_sort(field):
    first = field.wave(name="Spring")
    second = field.wave(name="Autumn")
    get = field.coordinator.get
    assert [w["id"] for w in get("/api/v1/waves?q=autu").json] == [second["id"]]
    assert [w["id"] for w in get("/api/v1/waves?sort=name").json] == [second["id"], first["id"]]
    assert [w["id"] for w in get("/api/v1/waves?sort=-name").json] == [first["id"], second["id"]]


def test_inactive_store_is_kept_out_of_new_waves(app, field):
    store = field.stores[0]
    response = field.coordinator.patch(f"/api/v1/stores/{store.id}", json={"active": False})
    assert response.status_code == 200 and response.json["active"] is False
    body = {
        "client_id": field.client.id,
        "checklist_id": field.checklist.id,
        "name": "W",
        "starts_on": date.today().isoformat(),
        "ends_on": date.today().isoformat(),
        "store_ids": [s.id for s in field.stores],
    }
    refused = field.coordinator.post("/api/v1/waves", json=body)
    assert refused.status_code == 422
    assert store.code in refused.json["errors"]["json"]["store_ids"][0]
    listed = field.coordinator.get(f"/api/v1/stores?client_id={field.client.id}&active=true")
    assert store.id not in [s["id"] for s in listed.json]
    with app.app_context():
        assert db.session.get(Store, store.id) is not None
