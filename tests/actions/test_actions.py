"""Corrective actions (DESIGN §15): create, list, change, keep every change, overdue, scope."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from mystery.actions.models import Action, ActionEvent
from mystery.actions.signals import action_updated
from mystery.extensions import db
from tests.actions.conftest import action_body


def create(api, store_id, **extra):
    return api.post("/api/v1/actions", json=action_body(store_id, **extra))


def count_actions(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Action))


def test_a_client_user_creates_an_open_action(loop):
    response = create(
        loop.client, loop.store.id, wave_id=loop.wave["id"], question="greeted", assignee="Mette"
    )
    assert response.status_code == 201, response.json
    body = response.json
    assert response.headers["Location"] == f"/api/v1/actions/{body['id']}"
    assert body["status"] == "open" and body["overdue"] is False
    assert (body["store_id"], body["wave_id"], body["question"]) == (
        loop.store.id,
        loop.wave["id"],
        "greeted",
    )
    assert body["assignee"] == "Mette" and body["store"]["name"] == loop.store.name
    assert loop.client.get(f"/api/v1/actions/{body['id']}").json == body
    events = loop.client.get(f"/api/v1/actions/{body['id']}/events").json
    assert [(e["kind"], e["from_status"], e["to_status"]) for e in events] == [
        ("created", None, "open")
    ]


def test_a_coordinator_creates_one_without_a_wave(loop):
    response = create(loop.coordinator, loop.store.id, assignee=17)
    assert response.status_code == 201, response.json
    assert response.json["wave_id"] is None and response.json["assignee"] == "17"


@pytest.mark.parametrize(
    ("change", "name"),
    [
        ({"title": ""}, "title"),
        ({"title": None}, "title"),
        ({"due_on": "next week"}, "due_on"),
        ({"due_on": None}, "due_on"),
        ({"question": "nonsense"}, "question"),
        ({"store_id": "x"}, "store_id"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_bodies_are_422_naming_the_field(app, loop, change, name):
    body = {**action_body(loop.store.id, wave_id=loop.wave["id"]), **change}
    body = {k: v for k, v in body.items() if not (k == "title" and v is None)}
    response = loop.client.post("/api/v1/actions", json=body)
    assert response.status_code == 422, response.json
    assert name in response.json["errors"]["json"] and response.json["message"]
    assert count_actions(app) == 0


def test_a_wave_of_another_client_is_422_for_staff_and_404_for_clients(app, loop, field):
    other = loop.outsider.get("/api/v1/auth/me").json["client_id"]
    assert other != field.client.id
    mine = create(loop.coordinator, loop.store.id, wave_id=987654)
    assert mine.status_code == 404
    # A wave of the right client but a store of another: the pair must match.
    from mystery.waves.models import Wave

    with app.app_context():
        wave = db.session.get(Wave, loop.wave["id"])
        checklist_id = wave.checklist_id
        foreign = Wave(
            client_id=other,
            checklist_id=checklist_id,
            name="Foreign",
            starts_on=date.today(),
            ends_on=date.today(),
        )
        db.session.add(foreign)
        db.session.commit()
        foreign_id = foreign.id
    staff = create(loop.coordinator, loop.store.id, wave_id=foreign_id)
    assert staff.status_code == 422 and "wave_id" in staff.json["errors"]["json"]
    client = create(loop.client, loop.store.id, wave_id=foreign_id)
    assert client.status_code == 404
    assert count_actions(app) == 0


@pytest.mark.parametrize("who", ["outsider", "regional"])
def test_a_client_user_cannot_create_for_a_store_they_cannot_see(app, loop, who):
    response = create(getattr(loop, who), loop.store.id)
    assert response.status_code == 404 and response.json["message"]
    assert count_actions(app) == 0


def test_shoppers_and_strangers_are_refused(app, loop, anon):
    assert create(loop.field.shopper, loop.store.id).status_code == 404
    assert create(anon, loop.store.id).status_code == 401
    assert loop.field.shopper.get("/api/v1/actions").status_code == 404
    assert count_actions(app) == 0


def test_lists_are_scoped_and_filtered(loop):
    a = create(loop.client, loop.store.id, wave_id=loop.wave["id"]).json
    b = create(loop.coordinator, loop.north.id).json
    c = create(loop.regional, loop.north.id, wave_id=loop.wave["id"]).json

    def ids(api, query=""):
        response = api.get(f"/api/v1/actions{query}")
        assert response.status_code == 200, response.json
        return sorted(item["id"] for item in response.json)

    assert ids(loop.coordinator) == sorted([a["id"], b["id"], c["id"]])
    assert ids(loop.client) == sorted([a["id"], b["id"], c["id"]])
    assert ids(loop.regional) == sorted([b["id"], c["id"]])
    assert ids(loop.outsider) == []
    assert ids(loop.client, f"?store_id={loop.north.id}") == sorted([b["id"], c["id"]])
    assert ids(loop.client, f"?wave_id={loop.wave['id']}") == sorted([a["id"], c["id"]])
    loop.client.patch(f"/api/v1/actions/{a['id']}", json={"status": "done", "note": "Trained"})
    assert ids(loop.client, "?status=done") == [a["id"]]
    assert ids(loop.client, "?status=open") == sorted([b["id"], c["id"]])
    assert loop.client.get("/api/v1/actions?status=late").status_code == 422
    # One the regional user may not see answers as if it did not exist.
    for path in (f"/api/v1/actions/{a['id']}", f"/api/v1/actions/{a['id']}/events"):
        assert loop.regional.get(path).status_code == 404
        assert loop.outsider.get(path).status_code == 404


def test_status_changes_are_kept(loop):
    action = create(loop.client, loop.store.id).json
    path = f"/api/v1/actions/{action['id']}"
    started = loop.client.patch(path, json={"status": "in_progress", "note": "Briefed staff"})
    assert started.status_code == 200, started.json
    assert (started.json["status"], started.json["note"]) == ("in_progress", "Briefed staff")
    done = loop.coordinator.patch(path, json={"status": "done", "note": "Checked on site"})
    assert done.json["status"] == "done"
    reopened = loop.client.patch(path, json={"status": "open", "note": "It slipped again"})
    assert reopened.json["status"] == "open"
    events = loop.client.get(f"{path}/events").json
    assert [(e["kind"], e["from_status"], e["to_status"], e["note"]) for e in events] == [
        ("created", None, "open", None),
        ("updated", "open", "in_progress", "Briefed staff"),
        ("updated", "in_progress", "done", "Checked on site"),
        ("updated", "done", "open", "It slipped again"),
    ]
    assert all(e["actor_name"] and e["created_at"] for e in events)


def test_detail_changes_are_kept_with_before_and_after(loop):
    action = create(loop.client, loop.store.id).json
    path = f"/api/v1/actions/{action['id']}"
    later = (date.today() + timedelta(days=30)).isoformat()
    response = loop.client.patch(path, json={"due_on": later, "note": "Needs a new rota"})
    assert response.status_code == 200 and response.json["due_on"] == later
    event = loop.client.get(f"{path}/events").json[-1]
    assert event["changes"] == {"due_on": [action["due_on"], later]}


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ({"status": "finished"}, "status"),
        ({}, "status"),
        ({"status": "done", "evidence": "not-a-uuid"}, "evidence"),
        ({"status": "done", "evidence": "7d0c5a56-0a57-4d0e-9a55-3c3f0c1d2e01"}, "evidence"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_changes_are_422_and_change_nothing(app, loop, body, name):
    action = create(loop.client, loop.store.id).json
    response = loop.client.patch(f"/api/v1/actions/{action['id']}", json=body)
    assert response.status_code == 422, response.json
    assert name in response.json["errors"]["json"]
    assert loop.client.get(f"/api/v1/actions/{action['id']}").json == action
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ActionEvent)) == 1


@pytest.mark.parametrize("who", ["outsider", "regional"])
def test_others_cannot_change_an_action(app, loop, who):
    action = create(loop.client, loop.store.id).json
    response = getattr(loop, who).patch(
        f"/api/v1/actions/{action['id']}", json={"status": "done", "note": "x"}
    )
    assert response.status_code == 404
    assert loop.client.get(f"/api/v1/actions/{action['id']}").json["status"] == "open"


def test_overdue_is_marked_until_done(loop):
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    late = create(loop.client, loop.store.id, due_on=yesterday).json
    today = create(loop.client, loop.store.id, due_on=date.today().isoformat()).json
    assert (late["overdue"], today["overdue"]) == (True, False)
    assert [a["id"] for a in loop.client.get("/api/v1/actions?overdue=true").json] == [late["id"]]
    assert [a["id"] for a in loop.client.get("/api/v1/actions?overdue=false").json] == [today["id"]]
    done = loop.client.patch(f"/api/v1/actions/{late['id']}", json={"status": "done", "note": "ok"})
    assert done.json["overdue"] is False


def test_every_change_is_announced(loop):
    heard = []

    def listener(action, actor, event, previous_status, **_):
        heard.append((action.id, actor.id, event.kind, previous_status, action.status))

    with action_updated.connected_to(listener):
        action = create(loop.client, loop.store.id).json
        loop.client.patch(f"/api/v1/actions/{action['id']}", json={"status": "done"})
        loop.client.patch(f"/api/v1/actions/{action['id']}", json={"status": "bogus"})
    me = loop.client.get("/api/v1/auth/me").json["id"]
    assert heard == [
        (action["id"], me, "created", None, "open"),
        (action["id"], me, "updated", "open", "done"),
    ]


def test_the_store_report_lists_the_actions(app, loop):
    from mystery.actions.report import actions_for_report

    yesterday = date.today() - timedelta(days=1)
    late = create(loop.client, loop.store.id, title="Late", due_on=yesterday.isoformat()).json
    create(loop.client, loop.store.id, title="This wave", wave_id=loop.wave["id"])
    create(loop.client, loop.north.id, title="Elsewhere")
    loop.client.patch(f"/api/v1/actions/{late['id']}", json={"status": "in_progress"})
    with app.app_context():
        listed = actions_for_report(loop.store.id, loop.wave["id"])
        other_wave = actions_for_report(loop.store.id, 987654)
    assert [(a["title"], a["status"], a["due_on"], a["overdue"]) for a in listed] == [
        ("Late", "in_progress", yesterday, True),
        ("This wave", "open", date.today() + timedelta(days=7), False),
    ]
    assert [a["title"] for a in other_wave] == ["Late"]
