"""Finding 3: a photo's EXIF (owner, serial number, GPS) stays with staff, never goes to others."""

import io
from uuid import uuid4

import pytest
from PIL import Image, ImageChops
from PIL.ExifTags import Base

from mystery.media import images
from tests.media.conftest import camera_exif, picture, put_photo

OWNER = "Jens Hansen"
SERIAL = "SN-4711-0815"


def identifying_exif(orientation=None):
    exif = camera_exif(orientation)
    exif[Base.Artist] = OWNER
    sub = exif.get_ifd(0x8769)
    sub[Base.CameraOwnerName] = OWNER
    sub[Base.BodySerialNumber] = SERIAL
    return exif


def pixels(raw):
    image = Image.open(io.BytesIO(raw))
    image.load()
    return image.convert("RGB")


@pytest.fixture
def approved_photo(app, auth, shopper, visit, create_submission, set_visit_status):
    """Upload one photo per format for the visit's submission and approve it."""

    def upload(fmt, orientation=None):
        submission = create_submission(visit)
        raw = picture(size=(80, 60), fmt=fmt, exif=identifying_exif(orientation))
        assert OWNER.encode() in raw and SERIAL.encode() in raw
        response = put_photo(shopper, submission.uuid, uuid4(), raw)
        assert response.status_code == 201, response.json
        set_visit_status(visit, "approved")
        return raw, response.headers["Location"]

    return upload


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_clients_get_the_original_without_metadata(app, auth, visit, approved_photo, fmt):
    raw, path = approved_photo(fmt)
    client = auth("client", client_id=_client_of(app, visit))
    for size in ("original", "display", "thumb"):
        response = client.get(f"{path}?size={size}")
        assert response.status_code == 200, response.json
        assert OWNER.encode() not in response.data and SERIAL.encode() not in response.data
        exif = Image.open(io.BytesIO(response.data)).getexif()
        assert not exif.get_ifd(0x8825), "GPS left in"
        assert Base.Artist not in exif
    original = client.get(f"{path}?size=original").data
    assert ImageChops.difference(pixels(original), pixels(raw)).getbbox() is None


def test_staff_keep_the_exif_for_review(auth, visit, approved_photo):
    raw, path = approved_photo("JPEG")
    coordinator = auth("coordinator")
    assert coordinator.get(f"{path}?size=original").data == raw


def test_a_turned_photo_stays_upright_for_clients(app, auth, visit, approved_photo):
    _raw, path = approved_photo("JPEG", orientation=6)
    client = auth("client", client_id=_client_of(app, visit))
    original = client.get(f"{path}?size=original").data
    assert Image.open(io.BytesIO(original)).getexif() == {Base.Orientation: 6}
    assert OWNER.encode() not in original


def test_stripping_keeps_an_image_without_metadata_as_it_is():
    for fmt in ("JPEG", "PNG"):
        raw = picture(fmt=fmt)
        assert images.strip_metadata(raw) == raw


def _client_of(app, visit):
    from mystery.extensions import db
    from mystery.waves.models import Wave

    with app.app_context():
        return db.session.get(Wave, visit.wave_id).client_id
