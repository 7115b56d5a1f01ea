"""PUT /submissions/{uuid}/media/{media_uuid} and GET /media/{uuid}."""

import io
import threading
from uuid import uuid4

import pytest
from PIL import Image

from mystery.extensions import db
from mystery.media import services
from tests.media.conftest import (
    SHELF_DEFINITION,
    camera_exif,
    media_files,
    media_rows,
    noisy_jpeg,
    picture,
    put_photo,
)

FIELDS = {
    "uuid",
    "submission_uuid",
    "question",
    "content_type",
    "size",
    "width",
    "height",
    "sha256",
    "taken_at",
    "latitude",
    "longitude",
    "created_at",
}


def opened(response):
    image = Image.open(io.BytesIO(response.data))
    image.load()
    return image


def assert_nothing_stored(app, media_uuid):
    assert media_rows(app, media_uuid) == 0
    assert media_files(app, media_uuid) == []
    assert not [p for p in media_files(app) if p.name.startswith(".upload-")]


def test_first_upload_is_201_with_the_photo_and_its_files(app, shopper, visit):
    submission_uuid, media_uuid = uuid4(), uuid4()
    raw = picture(exif=camera_exif())
    response = put_photo(shopper, submission_uuid, media_uuid, raw)
    assert response.status_code == 201, response.json
    body = response.json
    assert set(body) == FIELDS
    assert body["uuid"] == str(media_uuid)
    assert body["submission_uuid"] == str(submission_uuid)
    assert body["question"] == "counter"
    assert body["content_type"] == "image/jpeg"
    assert (body["size"], body["width"], body["height"]) == (len(raw), 64, 48)
    assert body["taken_at"] == "2024-05-01T10:30:00+00:00"
    assert body["latitude"] == pytest.approx(55.676111, abs=1e-6)
    assert body["longitude"] == pytest.approx(12.568333, abs=1e-6)
    assert body["created_at"].endswith("+00:00")
    assert response.headers["Location"] == f"/api/v1/media/{media_uuid}"
    files = media_files(app, media_uuid)
    assert sorted(p.name for p in files) == ["display.jpg", "original.jpg", "thumb.jpg"]
    original = next(p for p in files if p.name == "original.jpg")
    assert original.read_bytes() == raw
    assert media_rows(app, media_uuid) == 1


def test_replay_is_200_with_the_same_body(app, shopper, visit):
    submission_uuid, media_uuid, raw = uuid4(), uuid4(), picture()
    first = put_photo(shopper, submission_uuid, media_uuid, raw)
    again = put_photo(shopper, submission_uuid, media_uuid, raw)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json == first.json
    assert "Location" not in again.headers
    assert media_rows(app, media_uuid) == 1
    assert len(media_files(app, media_uuid)) == 3


def test_different_bytes_or_submission_or_question_is_409(app, shopper, visit):
    submission_uuid, media_uuid = uuid4(), uuid4()
    assert put_photo(shopper, submission_uuid, media_uuid, picture(seed=1)).status_code == 201
    files = sorted(media_files(app, media_uuid))
    for response in (
        put_photo(shopper, submission_uuid, media_uuid, picture(seed=2)),
        put_photo(shopper, uuid4(), media_uuid, picture(seed=1)),
        put_photo(shopper, submission_uuid, media_uuid, picture(seed=1), question="receipt"),
    ):
        assert response.status_code == 409
        assert "new UUID" in response.json["message"]
    assert media_rows(app, media_uuid) == 1
    assert sorted(media_files(app, media_uuid)) == files


def test_large_photo_is_downscaled_for_display_and_thumbnail(app, shopper, visit):
    raw = picture(size=(4000, 3000))
    response = put_photo(shopper, uuid4(), uuid4(), raw)
    assert response.status_code == 201
    assert (response.json["width"], response.json["height"]) == (4000, 3000)
    path = response.headers["Location"]
    display = shopper.get(path)
    assert display.status_code == 200 and display.mimetype == "image/jpeg"
    assert opened(display).size == (1600, 1200)
    thumb = opened(shopper.get(path + "?size=thumb"))
    assert max(thumb.size) <= 320 and thumb.size == (320, 240)
    assert shopper.get(path + "?size=original").data == raw


def test_png_keeps_its_type_for_the_original(shopper, visit):
    raw = picture(fmt="PNG")
    response = put_photo(shopper, uuid4(), uuid4(), raw, content_type="application/octet-stream")
    assert response.status_code == 201
    assert response.json["content_type"] == "image/png"
    path = response.headers["Location"]
    original = shopper.get(path + "?size=original")
    assert original.mimetype == "image/png" and original.data == raw
    assert original.headers["Content-Disposition"].endswith('.png"')
    assert shopper.get(path).mimetype == "image/jpeg"


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (noisy_jpeg()[:3000], "truncated"),
        (b"", "empty"),
        (b"This is a text file, not a photo.\n" * 10, "not a JPEG, PNG or WebP"),
    ],
    ids=["truncated-jpeg", "zero-bytes", "text-as-jpeg"],
)
def test_what_is_not_an_image_is_415_and_leaves_nothing(app, shopper, visit, raw, words):
    media_uuid = uuid4()
    response = put_photo(shopper, uuid4(), media_uuid, raw, content_type="image/jpeg")
    assert response.status_code == 415
    assert words in response.json["message"]
    assert_nothing_stored(app, media_uuid)


def test_multipart_is_415_with_a_hint(app, shopper, visit):
    media_uuid = uuid4()
    response = shopper.put(
        f"/api/v1/submissions/{uuid4()}/media/{media_uuid}?question=counter",
        data={"file": (io.BytesIO(picture()), "photo.jpg")},
    )
    assert response.status_code == 415
    assert "multipart" in response.json["message"]
    assert_nothing_stored(app, media_uuid)


def test_over_the_limit_is_413_and_leaves_nothing(app, shopper, visit, monkeypatch):
    raw = noisy_jpeg()
    monkeypatch.setitem(app.config, "MAX_UPLOAD_BYTES", len(raw) - 1)
    media_uuid = uuid4()
    response = put_photo(shopper, uuid4(), media_uuid, raw)
    assert response.status_code == 413
    assert f"at most {len(raw) - 1:,} bytes" in response.json["message"]
    assert_nothing_stored(app, media_uuid)
    # Without a Content-Length (chunked), the length read is checked too.
    response = shopper.put(
        f"/api/v1/submissions/{uuid4()}/media/{media_uuid}?question=counter",
        input_stream=io.BytesIO(raw),
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 413
    assert_nothing_stored(app, media_uuid)
    monkeypatch.setitem(app.config, "MAX_UPLOAD_BYTES", len(raw))
    assert put_photo(shopper, uuid4(), media_uuid, raw).status_code == 201


@pytest.mark.parametrize("question", ["greeted", "nope"])
def test_a_question_that_is_not_a_photo_question_is_422(app, shopper, visit, question):
    media_uuid = uuid4()
    response = put_photo(shopper, uuid4(), media_uuid, picture(), question=question)
    assert response.status_code == 422
    assert "not a photo question" in response.json["errors"]["question"][0]
    assert question in response.json["message"]
    assert_nothing_stored(app, media_uuid)


def test_missing_question_is_422(shopper, visit):
    response = put_photo(shopper, uuid4(), uuid4(), picture(), question=None)
    assert response.status_code == 422
    assert "question" in response.json["errors"]["query"]


def test_with_a_submission_the_question_comes_from_its_visit(
    app, shopper, visit, create_visit, create_submission
):
    create_visit(shopper.user.id, definition=SHELF_DEFINITION)
    submission = create_submission(visit)
    refused = put_photo(shopper, submission.uuid, uuid4(), picture(), question="shelf")
    assert refused.status_code == 422
    assert "this submission" in refused.json["message"]
    # Before the submission arrives, the shelf visit makes "shelf" acceptable.
    assert put_photo(shopper, uuid4(), uuid4(), picture(), question="shelf").status_code == 201
    taken = put_photo(shopper, submission.uuid, uuid4(), picture(), question="counter")
    assert taken.status_code == 201


@pytest.mark.parametrize("status", ["open", "assigned", "approved", "cancelled"])
def test_without_a_visit_in_progress_the_question_is_422(shopper, create_visit, status):
    create_visit(shopper.user.id, status=status)
    response = put_photo(shopper, uuid4(), uuid4(), picture())
    assert response.status_code == 422 and "question" in response.json["errors"]


def test_another_shoppers_submission_or_media_is_404(
    app, auth, shopper, visit, create_visit, create_submission
):
    other = auth("shopper")
    other_visit = create_visit(other.user.id)
    submission = create_submission(other_visit)
    media_uuid = uuid4()
    response = put_photo(shopper, submission.uuid, media_uuid, picture())
    assert response.status_code == 404
    assert_nothing_stored(app, media_uuid)
    # Media the other shopper sent (before their submission) is not ours to replay or read.
    theirs = uuid4()
    assert put_photo(other, submission.uuid, theirs, picture()).status_code == 201
    assert put_photo(shopper, uuid4(), theirs, picture()).status_code == 404
    assert shopper.get(f"/api/v1/media/{theirs}").status_code == 404
    assert other.get(f"/api/v1/media/{theirs}").status_code == 200


@pytest.mark.parametrize("role", ["admin", "coordinator", "client"])
def test_only_shoppers_upload(app, auth, visit, role):
    media_uuid = uuid4()
    response = put_photo(auth(role), uuid4(), media_uuid, picture())
    assert response.status_code == 404
    assert_nothing_stored(app, media_uuid)


def test_anonymous_is_401(anon, visit):
    assert put_photo(anon, uuid4(), uuid4(), picture()).status_code == 401
    assert anon.get(f"/api/v1/media/{uuid4()}").status_code == 401


def test_coordinator_gets_the_photo_with_safe_headers(auth, shopper, visit):
    response = put_photo(shopper, uuid4(), uuid4(), picture(size=(2000, 1000)))
    media_uuid = response.json["uuid"]
    coordinator = auth("coordinator")
    got = coordinator.get(f"/api/v1/media/{media_uuid}")
    assert got.status_code == 200
    assert got.headers["Content-Type"] == "image/jpeg"
    assert got.headers["Content-Disposition"] == f'inline; filename="{media_uuid}.jpg"'
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert got.headers["Cache-Control"] == "private, max-age=3600"
    assert opened(got).size == (1600, 800)
    assert auth("admin").get(f"/api/v1/media/{media_uuid}?size=thumb").status_code == 200


def test_unknown_size_is_422_and_unknown_media_404(auth):
    coordinator = auth("coordinator")
    assert coordinator.get(f"/api/v1/media/{uuid4()}?size=huge").status_code == 422
    missing = coordinator.get(f"/api/v1/media/{uuid4()}")
    assert missing.status_code == 404 and missing.json["message"]


def test_client_sees_photos_of_approved_visits_only(
    app, auth, shopper, create_store, create_visit, create_submission, set_visit_status
):
    store = create_store(region="Hovedstaden")
    visit = create_visit(shopper.user.id, store=store)
    submission = create_submission(visit)
    media_uuid = put_photo(shopper, submission.uuid, uuid4(), picture()).json["uuid"]
    path = f"/api/v1/media/{media_uuid}"
    client = auth("client", client_id=store.client_id)
    in_region = auth("client", client_id=store.client_id, regions=["Hovedstaden"])
    elsewhere = auth("client", client_id=store.client_id, regions=["Sjælland"])
    other_client = auth("client")
    assert client.get(path).status_code == 404  # submitted, not yet approved
    set_visit_status(visit, "approved")
    assert client.get(path).status_code == 200
    assert in_region.get(path).status_code == 200
    assert elsewhere.get(path).status_code == 404
    assert other_client.get(path).status_code == 404
    # A newer submission replaces the old one: its photos are no longer the client's to see.
    create_submission(visit, status="approved")
    assert client.get(path).status_code == 404


def test_a_race_on_one_uuid_answers_as_a_replay(app, shopper, visit, monkeypatch):
    """The unique constraint, not the lookup, decides: a missed lookup still ends in one row."""
    submission_uuid, media_uuid, raw = uuid4(), uuid4(), picture(seed=3)
    first = put_photo(shopper, submission_uuid, media_uuid, raw)
    winner_files = sorted(media_files(app, media_uuid))
    real_lookup = services._media
    calls = []

    def lookup_that_misses_once(uuid):
        calls.append(uuid)
        return None if len(calls) == 1 else real_lookup(uuid)

    monkeypatch.setattr(services, "_media", lookup_that_misses_once)
    same = put_photo(shopper, submission_uuid, media_uuid, raw)
    assert same.status_code == 200 and same.json == first.json
    calls.clear()
    different = put_photo(shopper, submission_uuid, media_uuid, picture(seed=4))
    assert different.status_code == 409
    assert media_rows(app, media_uuid) == 1
    assert sorted(media_files(app, media_uuid)) == winner_files
    assert all(p.exists() for p in winner_files)


def test_concurrent_puts_leave_one_row(app, shopper, visit):
    from mystery.auth.models import User
    from mystery.auth.services import create_token

    with app.app_context():
        _row, token = create_token(db.session.get(User, shopper.user.id), "race")
        db.session.commit()
    submission_uuid, media_uuid, raw = uuid4(), uuid4(), picture(size=(800, 600))
    path = f"/api/v1/submissions/{submission_uuid}/media/{media_uuid}?question=counter"
    start, results = threading.Barrier(4), []

    def upload():
        http = app.test_client()
        start.wait()
        response = http.put(path, data=raw, headers={"Authorization": f"Bearer {token}"})
        results.append((response.status_code, response.json))

    threads = [threading.Thread(target=upload) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(code for code, _body in results) == [200, 200, 200, 201]
    assert all(body == results[0][1] for _code, body in results)
    assert media_rows(app, media_uuid) == 1
    assert len(media_files(app, media_uuid)) == 3


def test_a_failure_after_the_files_are_written_removes_them(app, shopper, visit, monkeypatch):
    def broken_hook(media):
        raise RuntimeError("flag computation failed")

    monkeypatch.setattr(services, "on_media_arrived", broken_hook)
    media_uuid = uuid4()
    response = put_photo(shopper, uuid4(), media_uuid, picture())
    assert response.status_code == 500
    assert_nothing_stored(app, media_uuid)


def test_the_upload_is_documented_as_a_raw_image_body(anon):
    spec = anon.get("/api/v1/openapi.json").json
    put = spec["paths"]["/api/v1/submissions/{submission_uuid}/media/{media_uuid}"]["put"]
    assert set(put["requestBody"]["content"]) == {"image/jpeg", "image/png", "image/webp"}
    assert {"200", "201", "409", "413", "415", "422"} <= set(put["responses"])
