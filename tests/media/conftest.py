"""Fixtures for photos: visits with a photo checklist, submissions, images made with Pillow."""

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import uuid4

import pytest
import sqlalchemy as sa
from PIL import Image, ImageDraw
from PIL.ExifTags import GPS, IFD, Base

from mystery.extensions import db
from tests.conftest import snapshot

DEFINITION = {
    "sections": [
        {
            "key": "service",
            "title": "Service",
            "weight": 1,
            "questions": [
                {"key": "greeted", "text": "Were you greeted?", "type": "yes_no"},
                {"key": "counter", "text": "Photo of the counter", "type": "photo"},
                {"key": "receipt", "text": "Receipt", "type": "photo", "required": False},
            ],
        }
    ]
}
SHELF_DEFINITION = {
    "sections": [
        {
            "key": "goods",
            "title": "Goods",
            "questions": [{"key": "shelf", "text": "Photo of the shelf", "type": "photo"}],
        }
    ]
}


def picture(size=(64, 48), fmt="JPEG", seed=0, mode="RGB", exif=None):
    """Encode a small picture with some structure, so perceptual hashes differ by seed."""
    image = Image.new(mode, size, (200, 180, 160, 255) if mode == "RGBA" else (200, 180, 160))
    draw = ImageDraw.Draw(image)
    w, h = size
    for i in range(4):
        box = ((seed * 7 + i * w // 5) % w, (seed * 11 + i * h // 4) % h)
        draw.rectangle(
            (box, (min(w - 1, box[0] + w // 4), min(h - 1, box[1] + h // 5))), fill=i * 60
        )
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def noisy_jpeg(size=(256, 192)):
    """A JPEG with real entropy, so cutting it short leaves a truncated scan."""
    image = Image.effect_noise(size, 80).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def camera_exif(orientation=None):
    """EXIF as a phone writes it: local time with offset, and GPS in degrees/minutes/seconds."""
    exif = Image.Exif()
    exif[Base.DateTime] = "2024:05:01 13:00:00"
    if orientation:
        exif[Base.Orientation] = orientation
    sub = exif.get_ifd(IFD.Exif)
    sub[Base.DateTimeOriginal] = "2024:05:01 12:30:00"
    sub[Base.OffsetTimeOriginal] = "+02:00"
    gps = exif.get_ifd(IFD.GPSInfo)
    gps[GPS.GPSLatitudeRef] = "N"
    gps[GPS.GPSLatitude] = (55.0, 40.0, 34.0)
    gps[GPS.GPSLongitudeRef] = "E"
    gps[GPS.GPSLongitude] = (12.0, 34.0, 6.0)
    return exif


def media_files(app, media_uuid=None):
    """Every file under MEDIA_ROOT (of one media UUID, when given)."""
    root = Path(app.config["MEDIA_ROOT"])
    files = [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
    if media_uuid is not None:
        files = [p for p in files if str(media_uuid) in p.parts]
    return files


def media_rows(app, media_uuid=None):
    """Count media rows (of one UUID, when given)."""
    from mystery.media.models import Media

    with app.app_context():
        statement = sa.select(sa.func.count()).select_from(Media)
        if media_uuid is not None:
            statement = statement.where(Media.uuid == str(media_uuid))
        return db.session.scalar(statement)


def put_photo(api, submission_uuid, media_uuid, data, question="counter", **kwargs):
    """PUT raw image bytes the way the PWA does."""
    headers = {"Content-Type": kwargs.pop("content_type", "image/jpeg")}
    query = f"?question={question}" if question is not None else ""
    path = f"/api/v1/submissions/{submission_uuid}/media/{media_uuid}{query}"
    return api.put(path, data=data, headers=headers, **kwargs)


@pytest.fixture
def create_visit(app, create_store):
    """Create a published checklist, a wave and a visit for a shopper."""

    def make(shopper_id=None, status="accepted", store=None, definition=None):
        from mystery.checklists.models import Checklist
        from mystery.visits.models import Visit
        from mystery.waves.models import Wave

        store = store or create_store()
        start = datetime(2024, 5, 1, 9, tzinfo=UTC)
        with app.app_context():
            checklist = Checklist(
                client_id=store.client_id,
                name="Store audit",
                definition=definition or DEFINITION,
                status="published",
                published_at=start,
            )
            db.session.add(checklist)
            db.session.flush()
            wave = Wave(
                client_id=store.client_id,
                checklist_id=checklist.id,
                name="May",
                starts_on=date(2024, 5, 1),
                ends_on=date(2024, 5, 31),
                fee=Decimal("150.00"),
            )
            db.session.add(wave)
            db.session.flush()
            visit = Visit(
                wave_id=wave.id,
                store_id=store.id,
                shopper_id=shopper_id,
                window_start=start,
                window_end=start + timedelta(hours=8),
                status=status,
            )
            db.session.add(visit)
            db.session.commit()
            return snapshot(visit)

    return make


@pytest.fixture
def create_submission(app):
    """Create a submission for a visit and make it the visit's current one."""

    def make(visit, uuid=None, status="submitted"):
        from mystery.visits.models import Submission, Visit

        with app.app_context():
            row = Submission(
                uuid=str(uuid or uuid4()),
                visit_id=visit.id,
                shopper_id=visit.shopper_id,
                answers=[],
                payload_hash="0" * 64,
            )
            db.session.add(row)
            db.session.flush()
            db.session.execute(
                sa.update(Visit)
                .where(Visit.id == visit.id)
                .values(current_submission_id=row.id, status=status)
            )
            db.session.commit()
            return snapshot(row)

    return make


@pytest.fixture
def set_visit_status(app):
    """Move a visit to a status directly."""

    def change(visit, status):
        from mystery.visits.models import Visit

        with app.app_context():
            db.session.execute(sa.update(Visit).where(Visit.id == visit.id).values(status=status))
            db.session.commit()

    return change


@pytest.fixture
def shopper(auth):
    """A signed-in shopper."""
    return auth("shopper")


@pytest.fixture
def visit(create_visit, shopper):
    """An accepted visit of the signed-in shopper."""
    return create_visit(shopper.user.id)
