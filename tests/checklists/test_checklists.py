"""Checklists: drafts, definition validation with paths, publish, revise, who sees what."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from mystery.checklists.models import Checklist
from mystery.extensions import db
from tests.checklists.examples import example_definition, small_definition
from tests.conftest import snapshot

CHECKLISTS = "/api/v1/checklists"
FIELDS = {
    "id",
    "client_id",
    "name",
    "version",
    "previous_id",
    "status",
    "definition",
    "created_at",
    "published_at",
}


def rows(app):
    """Every checklist row, by id, as plain namespaces."""
    with app.app_context():
        return [
            snapshot(c) for c in db.session.scalars(sa.select(Checklist).order_by(Checklist.id))
        ]


@pytest.fixture
def coordinator(auth):
    return auth("coordinator")


def test_create_a_draft_from_the_design_example(app, coordinator, create_client):
    client = create_client().id
    data = {"client_id": client, "name": "Café visit", "definition": example_definition()}
    response = coordinator.post(CHECKLISTS, json=data)
    assert response.status_code == 201, response.json
    body = response.json
    assert set(body) == FIELDS
    assert (body["status"], body["version"], body["previous_id"]) == ("draft", 1, None)
    assert body["published_at"] is None
    assert body["definition"] == example_definition()
    assert response.headers["Location"].endswith(f"/api/v1/checklists/{body['id']}")
    [row] = rows(app)
    assert (row.client_id, row.name, row.definition) == (client, "Café visit", example_definition())


def question(index, **changes):
    """A change to one question of the example definition."""
    return lambda d: d["sections"][0]["questions"][index].update(changes)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        pytest.param(question(0, type="stars"), "sections.0.questions.0.type", id="type"),
        pytest.param(question(2, min=9), "sections.0.questions.2.max", id="scale"),
        pytest.param(question(1, key="greeted"), "sections.0.questions.1.key", id="dup-key"),
        pytest.param(question(3, options=[]), "sections.0.questions.3.options", id="options"),
        pytest.param(question(4, weight="x"), "sections.0.questions.4.weight", id="weight"),
        pytest.param(
            question(7, show_if={"question": "later", "in": [1]}),
            "sections.0.questions.7.show_if.question",
            id="show_if",
        ),
        pytest.param(lambda d: d.update(sections=[]), "sections", id="no-sections"),
    ],
)
def test_invalid_definition_is_422_with_dotted_paths(app, coordinator, create_client, change, path):
    definition = example_definition()
    change(definition)
    data = {"client_id": create_client().id, "name": "Broken", "definition": definition}
    response = coordinator.post(CHECKLISTS, json=data)
    assert response.status_code == 422
    problems = response.json["errors"]["json"]["definition"]
    assert path in problems
    assert all(isinstance(m, str) and m for m in problems[path])
    assert path in response.json["message"]
    assert rows(app) == []


def test_create_needs_an_existing_client(app, coordinator):
    data = {"client_id": 31337, "name": "X", "definition": small_definition()}
    response = coordinator.post(CHECKLISTS, json=data)
    assert response.status_code == 422
    assert list(response.json["errors"]["json"]) == ["client_id"]
    assert rows(app) == []


@pytest.mark.parametrize("wrapped", [True, False])
def test_put_definition_on_a_draft(app, coordinator, create_checklist, wrapped):
    draft = create_checklist()
    new = small_definition("Was the floor clean?")
    payload = {"definition": new} if wrapped else new
    response = coordinator.put(f"{CHECKLISTS}/{draft.id}/definition", json=payload)
    assert response.status_code == 200, response.json
    assert response.json["definition"] == new
    assert response.json["status"] == "draft"
    assert rows(app)[0].definition == new


def test_put_invalid_definition_keeps_the_old_one(app, coordinator, create_checklist):
    draft = create_checklist()
    bad = small_definition()
    bad["sections"][0]["questions"][0]["type"] = "colour"
    response = coordinator.put(f"{CHECKLISTS}/{draft.id}/definition", json=bad)
    assert response.status_code == 422
    assert list(response.json["errors"]["json"]["definition"]) == ["sections.0.questions.0.type"]
    assert rows(app)[0].definition == example_definition()


def test_put_definition_on_published_is_409(app, coordinator, create_checklist):
    published = create_checklist(status="published")
    response = coordinator.put(
        f"{CHECKLISTS}/{published.id}/definition", json={"definition": small_definition()}
    )
    assert response.status_code == 409
    assert response.json["code"] == 409 and response.json["status"] == "Conflict"
    assert "published" in response.json["message"]
    assert rows(app) == [published]


def test_publish_then_publish_again(app, coordinator, create_checklist):
    draft = create_checklist()
    before = datetime.now(UTC)
    response = coordinator.post(f"{CHECKLISTS}/{draft.id}/publish")
    assert response.status_code == 200
    assert response.json["status"] == "published"
    published_at = datetime.fromisoformat(response.json["published_at"])
    assert published_at.utcoffset() == timedelta(0)
    assert before - timedelta(seconds=1) <= published_at <= datetime.now(UTC)
    [row] = rows(app)
    assert row.status == "published" and row.published_at == published_at
    again = coordinator.post(f"{CHECKLISTS}/{draft.id}/publish")
    assert again.status_code == 409
    assert "published" in again.json["message"]
    assert rows(app) == [row]


def test_revise_creates_the_next_draft(app, coordinator, create_checklist):
    published = create_checklist(status="published", name="Café visit")
    response = coordinator.post(f"{CHECKLISTS}/{published.id}/revise")
    assert response.status_code == 201
    body = response.json
    assert (body["version"], body["previous_id"], body["status"]) == (2, published.id, "draft")
    assert body["name"] == "Café visit" and body["published_at"] is None
    assert body["definition"] == example_definition()
    assert response.headers["Location"].endswith(f"/api/v1/checklists/{body['id']}")
    old, new = rows(app)
    assert old == published
    assert (new.id, new.client_id, new.definition) == (
        body["id"],
        published.client_id,
        old.definition,
    )
    # the copy is independent: changing the draft leaves the published version alone
    changed = coordinator.put(f"{CHECKLISTS}/{new.id}/definition", json=small_definition())
    assert changed.status_code == 200
    assert rows(app)[0].definition == example_definition()


def test_revise_a_draft_is_409(app, coordinator, create_checklist):
    draft = create_checklist()
    response = coordinator.post(f"{CHECKLISTS}/{draft.id}/revise")
    assert response.status_code == 409
    assert "draft" in response.json["message"]
    assert rows(app) == [draft]


def test_revise_twice_is_409(app, coordinator, create_checklist):
    published = create_checklist(status="published")
    first = coordinator.post(f"{CHECKLISTS}/{published.id}/revise")
    assert first.status_code == 201
    second = coordinator.post(f"{CHECKLISTS}/{published.id}/revise")
    assert second.status_code == 409
    assert str(first.json["id"]) in second.json["message"]
    assert len(rows(app)) == 2


def test_revise_of_the_revision_after_publishing(coordinator, create_checklist):
    v1 = create_checklist(status="published")
    v2 = coordinator.post(f"{CHECKLISTS}/{v1.id}/revise").json
    assert coordinator.post(f"{CHECKLISTS}/{v2['id']}/publish").status_code == 200
    v3 = coordinator.post(f"{CHECKLISTS}/{v2['id']}/revise")
    assert v3.status_code == 201
    assert (v3.json["version"], v3.json["previous_id"]) == (3, v2["id"])


def test_list_filters(coordinator, create_client, create_checklist):
    one, two = create_client().id, create_client().id
    a = create_checklist(client_id=one)
    b = create_checklist(client_id=one, status="published")
    c = create_checklist(client_id=two, status="published")

    def ids(query=""):
        response = coordinator.get(f"{CHECKLISTS}{query}")
        assert response.status_code == 200
        return [row["id"] for row in response.json]

    assert ids() == [a.id, b.id, c.id]
    assert ids(f"?client_id={one}") == [a.id, b.id]
    assert ids("?status=published") == [b.id, c.id]
    assert ids(f"?client_id={one}&status=draft") == [a.id]


def test_client_user_sees_only_published_checklists_of_its_client(auth, create_checklist):
    published = create_checklist(status="published")
    draft = create_checklist(client_id=published.client_id)
    foreign = create_checklist(status="published")
    api = auth("client", client_id=published.client_id)
    listed = api.get(CHECKLISTS)
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json] == [published.id]
    assert api.get(f"{CHECKLISTS}/{published.id}").status_code == 200
    assert api.get(f"{CHECKLISTS}/{draft.id}").status_code == 404
    assert api.get(f"{CHECKLISTS}/{foreign.id}").status_code == 404
    assert api.get(f"{CHECKLISTS}?status=draft").json == []


@pytest.mark.parametrize("role", ["client", "shopper"])
def test_non_staff_cannot_create(app, auth, create_client, role):
    client = create_client().id
    api = auth(role, client_id=client) if role == "client" else auth(role)
    data = {"client_id": client, "name": "X", "definition": small_definition()}
    assert api.post(CHECKLISTS, json=data).status_code == 404
    assert rows(app) == []
