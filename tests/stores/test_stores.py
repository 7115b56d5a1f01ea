"""Stores: create, list filters, unique codes per client, regions of client users."""

import pytest
import sqlalchemy as sa

from mystery.extensions import db
from mystery.stores.models import Store
from tests.conftest import snapshot

STORES = "/api/v1/stores"
FIELDS = {
    "id",
    "client_id",
    "code",
    "name",
    "address",
    "city",
    "region",
    "latitude",
    "longitude",
    "active",
}


def body(client_id, **extra):
    """A valid create-store body."""
    return {
        "client_id": client_id,
        "code": "KBH01",
        "name": "Kaffebaren Nørreport",
        "address": "Frederiksborggade 1",
        "city": "København",
        "region": "Hovedstaden",
        "latitude": 55.6833,
        "longitude": 12.5714,
        **extra,
    }


def store_count(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Store))


def test_create_returns_the_store_and_location(app, auth, create_client):
    client = create_client()
    response = auth("coordinator").post(STORES, json=body(client.id))
    assert response.status_code == 201
    assert set(response.json) == FIELDS
    assert response.json == {"id": response.json["id"], "active": True, **body(client.id)}
    assert response.headers["Location"].endswith(f"/api/v1/stores/{response.json['id']}")
    with app.app_context():
        row = db.session.get(Store, response.json["id"])
        assert (row.client_id, row.code, row.latitude) == (client.id, "KBH01", 55.6833)


def test_optional_text_fields_default_to_empty(auth, create_client):
    data = {
        "client_id": create_client().id,
        "code": "A",
        "name": "A",
        "latitude": 0,
        "longitude": 0,
    }
    response = auth("coordinator").post(STORES, json=data)
    assert response.status_code == 201
    assert {key: response.json[key] for key in ("address", "city", "region")} == dict.fromkeys(
        ("address", "city", "region"), ""
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("latitude", 90.1), ("latitude", -91), ("longitude", 180.5), ("latitude", "north")],
)
def test_coordinates_out_of_range_are_422(app, auth, create_client, field, value):
    response = auth("coordinator").post(STORES, json=body(create_client().id, **{field: value}))
    assert response.status_code == 422
    assert list(response.json["errors"]["json"]) == [field]
    assert store_count(app) == 0


@pytest.mark.parametrize("missing", ["client_id", "code", "name", "latitude", "longitude"])
def test_required_fields(auth, create_client, missing):
    data = body(create_client().id)
    del data[missing]
    response = auth("coordinator").post(STORES, json=data)
    assert response.status_code == 422
    assert response.json["errors"]["json"] == {missing: ["Missing data for required field."]}


def test_unknown_client_is_422(app, auth):
    response = auth("coordinator").post(STORES, json=body(4242))
    assert response.status_code == 422
    assert response.json["errors"]["json"] == {"client_id": ["Client 4242 does not exist."]}
    assert store_count(app) == 0


def test_duplicate_code_within_a_client_is_422(app, auth, create_client):
    client = create_client()
    api = auth("coordinator")
    assert api.post(STORES, json=body(client.id)).status_code == 201
    again = api.post(STORES, json=body(client.id, name="Another"))
    assert again.status_code == 422
    assert list(again.json["errors"]["json"]) == ["code"]
    assert "KBH01" in again.json["message"]
    assert store_count(app) == 1
    other = api.post(STORES, json=body(create_client(name="Other").id))
    assert other.status_code == 201
    assert store_count(app) == 2


def test_list_filters_by_client_and_region(auth, create_client, create_store):
    one, two = create_client(name="One").id, create_client(name="Two").id
    a = create_store(client_id=one, code="A", region="North")
    b = create_store(client_id=one, code="B", region="South")
    c = create_store(client_id=two, code="C", region="North")
    api = auth("coordinator")

    def ids(query=""):
        response = api.get(f"{STORES}{query}")
        assert response.status_code == 200
        return [row["id"] for row in response.json]

    assert ids() == [a.id, b.id, c.id]
    assert ids(f"?client_id={one}") == [a.id, b.id]
    assert ids("?region=North") == [a.id, c.id]
    assert ids(f"?client_id={one}&region=South") == [b.id]
    assert ids("?client_id=999") == []


def test_get_and_patch(app, auth, create_store):
    store = create_store(code="X1")
    api = auth("coordinator")
    got = api.get(f"{STORES}/{store.id}")
    assert got.status_code == 200 and got.json["code"] == "X1"
    patched = api.patch(f"{STORES}/{store.id}", json={"name": "Renamed", "latitude": -33.5})
    assert patched.status_code == 200
    assert (patched.json["name"], patched.json["latitude"]) == ("Renamed", -33.5)
    with app.app_context():
        row = db.session.get(Store, store.id)
        assert (row.name, row.latitude, row.code, row.city) == ("Renamed", -33.5, "X1", store.city)


def test_patch_keeps_codes_unique(app, auth, create_client, create_store):
    client = create_client().id
    create_store(client_id=client, code="A")
    b = create_store(client_id=client, code="B")
    api = auth("coordinator")
    clash = api.patch(f"{STORES}/{b.id}", json={"code": "A"})
    assert clash.status_code == 422
    assert list(clash.json["errors"]["json"]) == ["code"]
    same = api.patch(f"{STORES}/{b.id}", json={"code": "B"})
    assert same.status_code == 200
    bad = api.patch(f"{STORES}/{b.id}", json={"longitude": 200})
    assert bad.status_code == 422 and list(bad.json["errors"]["json"]) == ["longitude"]
    with app.app_context():
        assert snapshot(db.session.get(Store, b.id)) == b


def test_client_user_with_regions_sees_only_those(auth, create_client, create_store):
    client = create_client().id
    north = create_store(client_id=client, region="North")
    south = create_store(client_id=client, region="South")
    east = create_store(client_id=client, region="East")
    foreign = create_store(region="North")
    api = auth("client", client_id=client, regions=["North", "East"])
    listed = api.get(STORES)
    assert [row["id"] for row in listed.json] == [north.id, east.id]
    assert api.get(f"{STORES}/{north.id}").status_code == 200
    assert api.get(f"{STORES}/{south.id}").status_code == 404
    assert api.get(f"{STORES}/{foreign.id}").status_code == 404
    assert api.get(f"{STORES}?region=South").json == []


def test_client_user_without_regions_sees_the_whole_client(auth, create_client, create_store):
    client = create_client().id
    mine = [create_store(client_id=client, region=r).id for r in ("North", "South")]
    create_store(region="North")
    api = auth("client", client_id=client)
    assert [row["id"] for row in api.get(STORES).json] == mine


def test_client_user_and_shopper_cannot_write(app, auth, create_store):
    store = create_store()
    for api in (auth("client", client_id=store.client_id), auth("shopper")):
        assert api.post(STORES, json=body(store.client_id, code="NEW")).status_code == 404
        assert api.patch(f"{STORES}/{store.id}", json={"name": "X"}).status_code == 404
    assert auth("shopper").get(STORES).status_code == 404
    assert store_count(app) == 1
    with app.app_context():
        assert snapshot(db.session.get(Store, store.id)) == store
