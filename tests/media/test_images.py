"""Reading images: pure functions, no app."""

import hashlib
import io
from datetime import UTC, datetime

import pytest
from PIL import Image
from PIL.ExifTags import IFD, Base

from mystery.media.images import NotAnImage, inspect_image, phash_distance, render_variants
from tests.media.conftest import camera_exif, noisy_jpeg, picture


def opened(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_jpeg_with_exif_time_and_gps():
    raw = picture(exif=camera_exif())
    info = inspect_image(raw)
    assert info.content_type == "image/jpeg"
    assert (info.width, info.height) == (64, 48)
    assert info.size == len(raw)
    assert info.sha256 == hashlib.sha256(raw).hexdigest()
    assert len(info.phash) == 16 and int(info.phash, 16) >= 0
    # 12:30 at +02:00 is 10:30 UTC.
    assert info.taken_at == datetime(2024, 5, 1, 10, 30, tzinfo=UTC)
    assert info.latitude == pytest.approx(55 + 40 / 60 + 34 / 3600)
    assert info.longitude == pytest.approx(12 + 34 / 60 + 6 / 3600)


def test_south_west_and_datetime_without_offset_is_utc():
    exif = Image.Exif()
    exif[Base.DateTime] = "2023:12:24 18:05:09"
    gps = exif.get_ifd(IFD.GPSInfo)
    gps[1], gps[2], gps[3], gps[4] = "S", (33.0, 52.0, 4.0), "W", (70.0, 40.0, 0.5)
    info = inspect_image(picture(exif=exif))
    assert info.taken_at == datetime(2023, 12, 24, 18, 5, 9, tzinfo=UTC)
    assert info.latitude == pytest.approx(-(33 + 52 / 60 + 4 / 3600))
    assert info.longitude == pytest.approx(-(70 + 40 / 60 + 0.5 / 3600))


def test_no_exif_means_no_time_or_place():
    info = inspect_image(picture())
    assert info.taken_at is None and info.latitude is None and info.longitude is None


def test_png_and_webp_are_sniffed_from_the_bytes():
    assert inspect_image(picture(fmt="PNG")).content_type == "image/png"
    assert inspect_image(picture(fmt="WEBP")).content_type == "image/webp"


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"", "empty"),
        (b"Dear diary, today I visited a shop.", "not a JPEG, PNG or WebP"),
        (picture(fmt="GIF"), "not a JPEG, PNG or WebP"),
        (noisy_jpeg()[:3000], "truncated or corrupt"),
        (picture(fmt="PNG")[:-20], "truncated or corrupt"),
    ],
    ids=["empty", "text", "gif", "truncated-jpeg", "truncated-png"],
)
def test_what_is_not_a_whole_image_is_refused(raw, words):
    with pytest.raises(NotAnImage, match=words):
        inspect_image(raw)


def test_decompression_bombs_are_refused(monkeypatch):
    raw = picture(size=(64, 48))  # 3,072 pixels
    with pytest.raises(NotAnImage, match="too many pixels"):
        inspect_image(raw, max_pixels=1000)
    # Pillow's own guard: a warning over the limit, an error over twice the limit.
    for limit in (2000, 1000):
        monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", limit)
        with pytest.raises(NotAnImage, match="too many pixels"):
            inspect_image(raw)
        with pytest.raises(NotAnImage, match="too many pixels"):
            render_variants(raw)


def test_large_photo_is_downscaled_to_1600_and_320():
    display, thumb = render_variants(picture(size=(4000, 3000)))
    big, small = opened(display), opened(thumb)
    assert big.format == small.format == "JPEG"
    assert big.mode == small.mode == "RGB"
    assert big.size == (1600, 1200)
    assert small.size == (320, 240)


def test_small_photo_is_not_upscaled():
    display, thumb = render_variants(picture(size=(300, 200)))
    assert opened(display).size == (300, 200)
    assert opened(thumb).size == (300, 200)


def test_exif_orientation_is_applied_and_metadata_dropped():
    raw = picture(size=(400, 200), exif=camera_exif(orientation=6))
    info = inspect_image(raw)
    assert (info.width, info.height) == (200, 400)
    display, thumb = render_variants(raw)
    assert opened(display).size == (200, 400)
    assert opened(thumb).size == (160, 320)
    # Copies carry no GPS: only the original keeps the EXIF.
    assert not opened(display).getexif().get_ifd(IFD.GPSInfo)


def test_phash_sees_the_photo_upright():
    tagged = picture(size=(400, 200), seed=5, exif=camera_exif(orientation=6))
    baked = io.BytesIO()
    Image.open(io.BytesIO(tagged)).transpose(Image.Transpose.ROTATE_270).save(baked, "PNG")
    distance = phash_distance(inspect_image(tagged).phash, inspect_image(baked.getvalue()).phash)
    assert distance <= 2


def test_transparency_becomes_white():
    raw = picture(size=(40, 40), fmt="PNG", mode="RGBA")
    image = Image.open(io.BytesIO(raw)).convert("RGBA")
    image.putpixel((0, 0), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    display, _thumb = render_variants(out.getvalue())
    assert min(opened(display).getpixel((0, 0))) > 230


def test_phash_distance():
    one = inspect_image(picture(size=(256, 192), seed=1)).phash
    again = inspect_image(picture(size=(256, 192), seed=1, fmt="PNG")).phash
    other = inspect_image(noisy_jpeg()).phash
    assert phash_distance(one, one) == 0
    assert phash_distance(one, again) <= 5
    assert phash_distance(one, other) > 5


def test_truncation_is_caught_even_after_weasyprint_is_imported():
    import weasyprint  # noqa: F401 — its import makes Pillow tolerate truncated files
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    with pytest.raises(NotAnImage, match="truncated or corrupt"):
        inspect_image(noisy_jpeg()[:3000])
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # WeasyPrint's setting is left as it was
