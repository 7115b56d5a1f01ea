"""Permission matrix: id-bearing routes refuse outsiders without leaking and change nothing."""

import pytest
import sqlalchemy as sa

from mystery.extensions import db
from tests.checklists.examples import example_definition, small_definition

# (method, path, which object of the world, body)
ROUTES = [
    ("GET", "/api/v1/clients/{id}", "client", None),
    ("PATCH", "/api/v1/clients/{id}", "client", {"name": "Changed"}),
    ("GET", "/api/v1/stores/{id}", "store", None),
    ("PATCH", "/api/v1/stores/{id}", "store", {"name": "Changed"}),
    ("GET", "/api/v1/checklists/{id}", "published", None),
    ("PUT", "/api/v1/checklists/{id}/definition", "draft", {"definition": small_definition()}),
    ("POST", "/api/v1/checklists/{id}/publish", "draft", None),
    ("POST", "/api/v1/checklists/{id}/revise", "published", None),
    ("GET", "/api/v1/users/{id}", "user", None),
    ("PATCH", "/api/v1/users/{id}", "user", {"active": False}),
]
ROUTE_IDS = [f"{method} {path.removeprefix('/api/v1')}" for method, path, _, _ in ROUTES]
TABLES = ("clients", "stores", "checklists", "users", "api_tokens")
MISSING_ID = 987654


@pytest.fixture
def world(app, create_client, create_store, create_user):
    """A client with a store, a draft, a published checklist; a shopper; another client."""
    from mystery.checklists.models import Checklist
    from mystery.database import utcnow

    client = create_client(name="Owner chain")
    store = create_store(client_id=client.id)
    with app.app_context():
        draft = Checklist(client_id=client.id, name="Draft", definition=example_definition())
        published = Checklist(
            client_id=client.id,
            name="Published",
            definition=example_definition(),
            status="published",
            published_at=utcnow(),
        )
        db.session.add_all([draft, published])
        db.session.commit()
        checklists = {"draft": draft.id, "published": published.id}
    return {
        "client": client.id,
        "store": store.id,
        **checklists,
        "user": create_user("shopper").id,
        "other_client": create_client(name="Another chain").id,
    }


def dump(app):
    """Every row of the tables these routes could touch, as plain tuples."""
    with app.app_context(), db.engine.connect() as connection:
        return {
            table: [
                tuple(row)
                for row in connection.execute(sa.text(f"SELECT * FROM {table} ORDER BY id"))
            ]
            for table in TABLES
        }


def caller(kind, anon, auth, world):
    if kind == "anonymous":
        return anon
    if kind == "shopper":
        return auth("shopper")
    return auth("client", client_id=world["other_client"])


def call(api, method, path, ident, body):
    url = path.format(id=ident)
    return api.request(method, url, **({"json": body} if body is not None else {}))


@pytest.mark.parametrize(("method", "path", "target", "body"), ROUTES, ids=ROUTE_IDS)
@pytest.mark.parametrize(
    ("kind", "code"), [("anonymous", 401), ("shopper", 404), ("other_client_user", 404)]
)
def test_outsiders_are_refused_and_nothing_changes(
    app, anon, auth, world, kind, code, method, path, target, body
):
    api = caller(kind, anon, auth, world)
    before = dump(app)
    response = call(api, method, path, world[target], body)
    assert response.status_code == code
    assert response.json["code"] == code and response.json["message"]
    assert dump(app) == before
    if code == 404:  # an existing id answers exactly like one that does not exist
        missing = call(api, method, path, MISSING_ID, body)
        message = response.json["message"].replace(str(world[target]), str(MISSING_ID))
        assert (missing.status_code, missing.json) == (404, {**response.json, "message": message})


@pytest.mark.parametrize(("method", "path", "target", "body"), ROUTES, ids=ROUTE_IDS)
def test_missing_ids_are_404_for_a_coordinator(app, auth, world, method, path, target, body):
    api = auth("coordinator")
    before = dump(app)
    response = call(api, method, path, MISSING_ID, body)
    assert response.status_code == 404
    assert response.json["code"] == 404 and response.json["message"]
    assert dump(app) == before


@pytest.mark.parametrize(("method", "path", "target", "body"), ROUTES, ids=ROUTE_IDS)
def test_a_coordinator_may(app, auth, world, method, path, target, body):
    """The control: the same requests succeed for staff, so the refusals above are real."""
    response = call(auth("coordinator"), method, path, world[target], body)
    assert response.status_code == (201 if path.endswith("/revise") else 200), response.json


@pytest.mark.parametrize(("method", "path", "target", "body"), ROUTES, ids=ROUTE_IDS)
def test_a_client_user_of_the_owner_reads_but_never_writes(
    app, auth, world, method, path, target, body
):
    api = auth("client", client_id=world["client"])
    before = dump(app)
    response = call(api, method, path, world[target], body)
    readable = method == "GET" and target != "user"
    assert response.status_code == (200 if readable else 404)
    assert dump(app) == before
