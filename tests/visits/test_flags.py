"""Integrity flags of DESIGN §7, each triggered and not."""

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PIL import ExifTags, Image

from mystery.extensions import db
from mystery.media.models import Media, MediaLink
from mystery.visits.flags import refresh_flags
from mystery.visits.models import Visit
from tests.conftest import full_answers
from tests.visits.helpers import at, new_uuid

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
LONG = "The barista ignored me for several minutes while chatting."  # 58 characters


def flags_of(flow, vid, sid=None, **overrides):
    """Submit with overrides and return the visit's flags as the coordinator sees them."""
    response = flow.submit(vid, sid, **overrides)
    assert response.status_code == 201, response.json
    return shown(flow.coordinator.get(f"/api/v1/visits/{vid}").json["flags"])


def shown(flags):
    """Return the flags as a reader sees them: code and detail (params are tested apart)."""
    return [{"code": f["code"], "detail": f["detail"]} for f in flags]


def checkin(flow, north=0.0, accuracy=12, when=None):
    shop = flow.store(0)
    return {
        "latitude": shop.latitude + north,
        "longitude": shop.longitude,
        "accuracy_m": accuracy,
        "at": when or at(0, 10, 0),
    }


def add_media(app, flow, submission_uuid, taken=None, phash=None):
    """Store a photo row as the media upload would, without the image bytes."""
    with app.app_context():
        media = Media(
            uuid=new_uuid(),
            submission_uuid=submission_uuid,
            question="counter",
            uploaded_by=flow.shopper_id,
            content_type="image/jpeg",
            size=1000,
            width=100,
            height=100,
            sha256="0" * 64,
            phash=phash,
            original_key="original",
            display_key="display",
            thumb_key="thumb",
            exif_taken_at=datetime.fromisoformat(taken) if taken else None,
        )
        db.session.add(media)
        db.session.flush()
        db.session.add(MediaLink(media_id=media.id, submission_uuid=submission_uuid))
        db.session.commit()


def refresh(app, flow, vid):
    with app.app_context():
        refresh_flags(db.session.get(Visit, vid))
        db.session.commit()
    return shown(flow.coordinator.get(f"/api/v1/visits/{vid}").json["flags"])


def local(iso):
    return datetime.fromisoformat(iso).astimezone(COPENHAGEN).strftime("%Y-%m-%d %H:%M")


def test_a_clean_visit_has_no_flags(flow):
    vid = flow.in_state("accepted")
    assert flags_of(flow, vid) == []
    assert flow.shopper.get(f"/api/v1/visits/{vid}").json["flags"] == []


@pytest.mark.parametrize(
    ("north", "expected"),
    [
        (0.0162, [{"code": "far_from_store", "detail": "Check-in 1.8 km from the store"}]),
        (0.0038, [{"code": "far_from_store", "detail": "Check-in 423 m from the store"}]),
        (0.0026, []),
    ],
)
def test_far_from_store(flow, north, expected):
    vid = flow.in_state("accepted")
    assert flags_of(flow, vid, checkin=checkin(flow, north=north)) == expected


@pytest.mark.parametrize(
    ("accuracy", "expected"),
    [(150, [{"code": "low_gps_accuracy", "detail": "GPS accuracy was 150 m"}]), (100, [])],
)
def test_low_gps_accuracy(flow, accuracy, expected):
    vid = flow.in_state("accepted")
    assert flags_of(flow, vid, checkin=checkin(flow, accuracy=accuracy)) == expected


def test_no_checkin(flow):
    vid = flow.in_state("accepted")
    assert flags_of(flow, vid, checkin=None) == [
        {"code": "no_checkin", "detail": "No check-in location was recorded."}
    ]


def test_outside_the_visit_window(flow):
    vid = flow.in_state("accepted")
    early = at(-10, 10, 0)
    flags = flags_of(
        flow, vid, started_at=early, finished_at=at(-10, 10, 30), checkin=checkin(flow, when=early)
    )
    start = f"{date.today():%Y-%m-%d} 00:00"
    end = f"{date.today() + timedelta(days=14):%Y-%m-%d} 23:59"
    assert flags == [
        {
            "code": "outside_window",
            "detail": f"Visit started {local(early)}, outside its window {start}–{end}",
        }
    ]


@pytest.mark.parametrize(("hour", "flagged"), [(20, True), (10, False)])
def test_outside_the_daily_window(flow, hour, flagged):
    vid = flow.open_visit(window_start_time="09:00:00", window_end_time="17:00:00")
    assert flow.assign(vid).status_code == 200 and flow.accept(vid).status_code == 200
    started = at(0, hour, 0)
    flags = flags_of(
        flow,
        vid,
        started_at=started,
        finished_at=at(0, hour, 30),
        checkin=checkin(flow, when=started),
    )
    detail = f"Visit started {local(started)}, outside the daily window 09:00–17:00"
    assert flags == ([{"code": "outside_window", "detail": detail}] if flagged else [])


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(4, [{"code": "too_short", "detail": "Visit took 4.0 min (under 5 min)"}]), (5, [])],
)
def test_too_short(flow, minutes, expected):
    vid = flow.in_state("accepted")
    assert flags_of(flow, vid, finished_at=at(0, 10, minutes)) == expected


@pytest.mark.parametrize(
    ("taken", "expected"),
    [
        ((7, 0), "Photo for 'counter' was taken 3.0 h before the visit"),
        ((13, 0), "Photo for 'counter' was taken 2.5 h after the visit"),
        ((8, 30), None),
        ((12, 0), None),
    ],
)
def test_photo_time_mismatch_when_the_photo_arrives_first(app, flow, taken, expected):
    # The time of day is a parameter and the date is taken when the test runs, so a run
    # that crosses midnight compares photo and visit on the same day.
    vid = flow.in_state("accepted")
    sid = new_uuid()
    add_media(app, flow, sid, taken=at(0, *taken))
    response = flow.submit(vid, sid)
    assert response.status_code == 201
    flags = shown(flow.coordinator.get(f"/api/v1/visits/{vid}").json["flags"])
    assert flags == ([{"code": "photo_time_mismatch", "detail": expected}] if expected else [])


def test_photo_time_mismatch_when_the_photo_arrives_later(app, flow):
    vid = flow.in_state("accepted")
    sid = new_uuid()
    assert flow.submit(vid, sid).status_code == 201
    add_media(app, flow, sid, taken=at(-1, 10, 0))
    assert refresh(app, flow, vid) == [
        {
            "code": "photo_time_mismatch",
            "detail": "Photo for 'counter' was taken 24.0 h before the visit",
        }
    ]


@pytest.mark.parametrize(
    ("phash", "flagged"), [("ffff00000000001f", True), ("ffff00000000003f", False)]
)
def test_duplicate_photo(app, flow, phash, flagged):
    earlier = flow.in_state("accepted", store=0)
    earlier_sid = new_uuid()
    add_media(app, flow, earlier_sid, phash="ffff000000000000")
    assert flow.submit(earlier, earlier_sid).status_code == 201
    vid = flow.in_state("accepted", store=1)
    sid = new_uuid()
    assert flow.submit(vid, sid, store=1).status_code == 201
    add_media(app, flow, sid, phash=phash)  # 5 bits away: flagged; 6: not
    assert refresh(app, flow, vid) == duplicate_of(earlier, flagged)
    # The earlier visit's photo only matches the other visit's, never its own.
    add_media(app, flow, earlier_sid, phash="ffff000000000000")
    assert refresh(app, flow, earlier) == duplicate_of(vid, flagged) * 2


def duplicate_of(other, flagged):
    detail = f"Photo for 'counter' matches a photo from visit {other}"
    return [{"code": "duplicate_photo", "detail": detail}] if flagged else []


def with_comment(comment):
    return [
        {**answer, "comment": comment} if answer["question"] == "mood" else answer
        for answer in full_answers()
    ]


@pytest.mark.parametrize(
    ("comment", "flagged"), [(LONG, True), (LONG[:39], False), (LONG[:40], True)]
)
def test_copied_comment(flow, comment, flagged):
    earlier = flow.in_state("accepted", store=0)
    assert flags_of(flow, earlier, answers=with_comment(comment)) == []
    vid = flow.in_state("accepted", store=1)
    flags = flags_of(flow, vid, store=1, answers=with_comment(comment))
    detail = f'Comment "{comment[:40]}…" also appears in visit {earlier}'
    assert flags == ([{"code": "copied_comment", "detail": detail}] if flagged else [])


def test_flags_are_hidden_from_clients(flow, auth):
    vid = flow.in_state("accepted")
    assert flags_of(flow, vid, checkin=None)
    assert flow.review(vid, "approve").status_code == 200
    reader = auth("client", client_id=flow.field.client.id)
    assert "flags" not in reader.get(f"/api/v1/visits/{vid}").json


def jpeg(taken, colour=(200, 40, 40)):
    """A small JPEG whose EXIF says it was taken at `taken` (UTC)."""
    image = Image.new("RGB", (64, 48), colour)
    exif = Image.Exif()
    exif.get_ifd(ExifTags.IFD.Exif).update(
        {
            ExifTags.Base.DateTimeOriginal: datetime.fromisoformat(taken).strftime(
                "%Y:%m:%d %H:%M:%S"
            ),
            ExifTags.Base.OffsetTimeOriginal: "+00:00",
        }
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_a_photo_uploaded_after_the_submission_refreshes_the_flags(flow):
    vid = flow.in_state("accepted")
    sid = new_uuid()
    answers = [*full_answers()[:-1], {"question": "counter", "value": None, "media": [new_uuid()]}]
    assert flags_of(flow, vid, sid, answers=answers) == []
    media_uuid = answers[-1]["media"][0]
    response = flow.shopper.put(
        f"/api/v1/submissions/{sid}/media/{media_uuid}?question=counter",
        data=jpeg(at(0, 6, 0)),
        content_type="image/jpeg",
    )
    assert response.status_code == 201, response.json
    visit = flow.coordinator.get(f"/api/v1/visits/{vid}").json
    assert visit["photos"] == {"referenced": 1, "received": 1}
    assert visit["flags"] == [
        {
            "code": "photo_time_mismatch",
            "params": {"question": "counter", "hours": 4.0, "when": "before"},
            "detail": "Photo for 'counter' was taken 4.0 h before the visit",
        }
    ]
