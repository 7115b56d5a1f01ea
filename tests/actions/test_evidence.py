"""Evidence photos of actions: raw image bodies, sniffed, size-limited, replay-safe, scoped."""

import uuid

import sqlalchemy as sa

from mystery.actions.models import ActionEvidence
from mystery.extensions import db
from tests.actions.conftest import action_body
from tests.media.conftest import picture


def new_action(api, store_id):
    response = api.post("/api/v1/actions", json=action_body(store_id))
    assert response.status_code == 201, response.json
    return response.json


def put(api, action_id, media_uuid, data, content_type="image/jpeg"):
    path = f"/api/v1/actions/{action_id}/evidence/{media_uuid}"
    return api.put(path, data=data, headers={"Content-Type": content_type})


def evidence_rows(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(ActionEvidence))


def test_upload_then_attach_as_evidence(app, loop):
    action = new_action(loop.client, loop.store.id)
    photo_id = str(uuid.uuid4())
    first = put(loop.client, action["id"], photo_id, picture())
    assert first.status_code == 201, first.json
    assert first.json["uuid"] == photo_id and first.json["content_type"] == "image/jpeg"
    assert first.headers["Location"] == f"/api/v1/actions/{action['id']}/evidence/{photo_id}"
    again = put(loop.client, action["id"], photo_id, picture())
    assert again.status_code == 200 and again.json == first.json
    done = loop.client.patch(
        f"/api/v1/actions/{action['id']}",
        json={"status": "done", "note": "New sign up", "evidence": photo_id},
    )
    assert done.status_code == 200, done.json
    assert done.json["evidence"] == photo_id
    image = loop.client.get(done.json["evidence_url"] + "?size=thumb")
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    assert image.data[:2] == b"\xff\xd8"
    kinds = [e["kind"] for e in loop.client.get(f"/api/v1/actions/{action['id']}/events").json]
    assert kinds == ["created", "evidence", "updated"]
    assert loop.outsider.get(done.json["evidence_url"]).status_code == 404
    assert loop.regional.get(done.json["evidence_url"]).status_code == 404
    assert evidence_rows(app) == 1


def test_a_png_from_a_coordinator(loop):
    action = new_action(loop.client, loop.store.id)
    response = put(loop.coordinator, action["id"], uuid.uuid4(), picture(fmt="PNG"), "image/png")
    assert response.status_code == 201 and response.json["content_type"] == "image/png"


def test_conflicts_are_409(app, loop):
    action = new_action(loop.client, loop.store.id)
    other = new_action(loop.client, loop.store.id)
    photo_id = uuid.uuid4()
    assert put(loop.client, action["id"], photo_id, picture()).status_code == 201
    different = put(loop.client, action["id"], photo_id, picture(seed=3))
    assert different.status_code == 409 and different.json["message"]
    elsewhere = put(loop.client, other["id"], photo_id, picture())
    assert elsewhere.status_code == 409
    assert evidence_rows(app) == 1


def test_not_an_image_is_415_and_too_large_413(app, loop):
    action = new_action(loop.client, loop.store.id)
    text = put(loop.client, action["id"], uuid.uuid4(), b"hello, not a photo", "image/jpeg")
    assert text.status_code == 415 and text.json["message"]
    empty = put(loop.client, action["id"], uuid.uuid4(), b"")
    assert empty.status_code == 415
    limit = app.config["MAX_UPLOAD_BYTES"]
    app.config["MAX_UPLOAD_BYTES"] = 100
    try:
        big = put(loop.client, action["id"], uuid.uuid4(), picture(size=(400, 300)))
    finally:
        app.config["MAX_UPLOAD_BYTES"] = limit
    assert big.status_code == 413 and big.json["message"]
    assert evidence_rows(app) == 0


def test_only_those_who_see_the_action_may_upload(app, loop, anon):
    action = new_action(loop.client, loop.store.id)
    for api, code in (
        (loop.outsider, 404),
        (loop.regional, 404),
        (loop.field.shopper, 404),
        (anon, 401),
    ):
        assert put(api, action["id"], uuid.uuid4(), picture()).status_code == code
    assert put(loop.client, 987654, uuid.uuid4(), picture()).status_code == 404
    assert evidence_rows(app) == 0


def test_evidence_of_another_action_cannot_be_attached(loop):
    action = new_action(loop.client, loop.store.id)
    other = new_action(loop.client, loop.store.id)
    photo_id = str(uuid.uuid4())
    assert put(loop.client, other["id"], photo_id, picture()).status_code == 201
    response = loop.client.patch(
        f"/api/v1/actions/{action['id']}", json={"status": "done", "evidence": photo_id}
    )
    assert response.status_code == 422 and "evidence" in response.json["errors"]["json"]
    unknown = loop.client.get(f"/api/v1/actions/{action['id']}/evidence/{photo_id}")
    assert unknown.status_code == 404
