"""Clients: CRUD for coordinators, validation per field, client users see only their own."""

import pytest

from mystery.clients.models import Client
from mystery.extensions import db
from tests.conftest import snapshot

CLIENTS = "/api/v1/clients"
FIELDS = {"id", "name", "locale", "brand_colour", "logo", "rotation_days", "currency", "created_at"}
# A real 1 × 1 PNG: a logo must be an image whose size can be read (issue #15, finding 5).
LOGO = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGOQ96sEAAF2AOe2j1NWAAAAAElFTkSuQmCC"
)


def client_count(app):
    with app.app_context():
        return db.session.query(Client).count()


def stored(app, client_id):
    with app.app_context():
        return snapshot(db.session.get(Client, client_id))


def test_create_with_defaults(app, auth):
    response = auth("coordinator").post(CLIENTS, json={"name": "Kaffebaren"})
    assert response.status_code == 201
    body = response.json
    assert set(body) == FIELDS
    assert body["name"] == "Kaffebaren"
    assert body["locale"] == "en"
    assert body["brand_colour"] == "#1F4E79"
    assert body["rotation_days"] == 90
    assert body["currency"] == "EUR"
    assert body["logo"] is None
    assert response.headers["Location"].endswith(f"/api/v1/clients/{body['id']}")
    assert stored(app, body["id"]).name == "Kaffebaren"


def test_create_with_every_field(auth):
    data = {
        "name": "Fika AB",
        "locale": "sv",
        "brand_colour": "#a1b2c3",
        "logo": LOGO,
        "rotation_days": 30,
    }
    response = auth("admin").post(CLIENTS, json=data)
    assert response.status_code == 201
    assert {key: response.json[key] for key in data} == data


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("locale", "de"),
        ("locale", "DA"),
        ("brand_colour", "red"),
        ("brand_colour", "#12345"),
        ("brand_colour", "#GGGGGG"),
        ("brand_colour", "1F4E79"),
        ("rotation_days", -1),
        ("rotation_days", 3651),
        ("rotation_days", "soon"),
        ("logo", "https://example.com/logo.png"),
    ],
)
def test_create_validates_each_field(app, auth, field, value):
    api = auth("coordinator")
    response = api.post(CLIENTS, json={"name": "Kaffebaren", field: value})
    assert response.status_code == 422
    assert list(response.json["errors"]["json"]) == [field]
    assert field in response.json["message"]
    assert client_count(app) == 0


def test_name_is_required(app, auth):
    response = auth("coordinator").post(CLIENTS, json={"locale": "da"})
    assert response.status_code == 422
    assert response.json["errors"]["json"] == {"name": ["Missing data for required field."]}


@pytest.mark.parametrize("days", [0, 3650])
def test_rotation_days_bounds_are_allowed(auth, days):
    response = auth("coordinator").post(CLIENTS, json={"name": "Edge", "rotation_days": days})
    assert response.status_code == 201
    assert response.json["rotation_days"] == days


def test_get_and_list(auth, create_client):
    first = create_client(name="Bageriet")
    second = create_client(name="Aarhus Kaffe")
    api = auth("coordinator")
    one = api.get(f"{CLIENTS}/{first.id}")
    assert one.status_code == 200
    assert one.json["name"] == "Bageriet" and one.json["locale"] == "da"
    listed = api.get(CLIENTS)
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json] == [second.id, first.id]  # by name
    assert "X-Pagination" in listed.headers


def test_patch_changes_only_given_fields(app, auth, create_client):
    client = create_client(name="Old name", rotation_days=60)
    api = auth("coordinator")
    response = api.patch(f"{CLIENTS}/{client.id}", json={"name": "New name", "locale": "sv"})
    assert response.status_code == 200
    assert response.json["name"] == "New name" and response.json["locale"] == "sv"
    row = stored(app, client.id)
    assert (row.name, row.locale, row.rotation_days) == ("New name", "sv", 60)


@pytest.mark.parametrize(
    ("field", "value"),
    [("brand_colour", "#1234"), ("locale", "no"), ("rotation_days", 5000), ("name", None)],
)
def test_patch_validates_each_field(app, auth, create_client, field, value):
    client = create_client()
    response = auth("coordinator").patch(f"{CLIENTS}/{client.id}", json={field: value})
    assert response.status_code == 422
    assert list(response.json["errors"]["json"]) == [field]
    assert stored(app, client.id) == client


def test_client_user_sees_only_its_own(auth, create_client):
    own = create_client(name="Own")
    other = create_client(name="Other")
    api = auth("client", client_id=own.id)
    listed = api.get(CLIENTS)
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json] == [own.id]
    assert api.get(f"{CLIENTS}/{own.id}").json["name"] == "Own"
    hidden = api.get(f"{CLIENTS}/{other.id}")
    assert hidden.status_code == 404
    assert hidden.json["code"] == 404 and hidden.json["message"]


def test_client_user_cannot_change_or_create(app, auth, create_client):
    own = create_client(name="Own")
    api = auth("client", client_id=own.id)
    assert api.patch(f"{CLIENTS}/{own.id}", json={"name": "Hacked"}).status_code == 404
    assert api.post(CLIENTS, json={"name": "Another"}).status_code == 404
    assert stored(app, own.id).name == "Own"
    assert client_count(app) == 1


def test_shopper_sees_nothing(auth, create_client):
    client = create_client()
    api = auth("shopper")
    assert api.get(CLIENTS).status_code == 404
    assert api.get(f"{CLIENTS}/{client.id}").status_code == 404
    assert api.post(CLIENTS, json={"name": "X"}).status_code == 404


def test_anonymous_is_401(app, anon, create_client):
    client = create_client()
    for response in (
        anon.get(CLIENTS),
        anon.get(f"{CLIENTS}/{client.id}"),
        anon.post(CLIENTS, json={"name": "X"}),
        anon.patch(f"{CLIENTS}/{client.id}", json={"name": "X"}),
    ):
        assert response.status_code == 401
        assert response.json["message"] == "You need to sign in first."
    assert client_count(app) == 1
    assert stored(app, client.id) == client
