"""Finding 5: images over a pixel limit (a setting) are refused from their header, logos sooner."""

import base64
import io
import struct
import time
import zlib
from uuid import uuid4

import pytest
from PIL import Image

from tests.media.conftest import picture, put_photo


def huge_png(width=9400, height=9400):
    """A valid PNG of a few KB that decodes to width × height pixels (all black)."""
    row = b"\x00" + b"\x00" * width  # filter byte + one grey byte per pixel
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def test_the_bomb_is_small_and_really_that_big():
    raw = huge_png()
    assert len(raw) < 200_000
    assert Image.open(io.BytesIO(raw)).size == (9400, 9400)


def test_a_photo_over_the_pixel_limit_is_413_before_decoding(app, shopper, visit):
    started = time.perf_counter()
    response = put_photo(shopper, uuid4(), uuid4(), huge_png(), content_type="image/png")
    assert response.status_code == 413, response.json
    assert "pixels" in response.json["message"]
    # Refused from the header: nothing was decoded (that took 13 s and 500 MB before).
    assert time.perf_counter() - started < 5


def test_the_pixel_limit_is_a_setting(app, shopper, visit, monkeypatch):
    raw = picture(size=(100, 100))
    monkeypatch.setitem(app.config, "MAX_IMAGE_PIXELS", 9_999)
    assert put_photo(shopper, uuid4(), uuid4(), raw).status_code == 413
    monkeypatch.setitem(app.config, "MAX_IMAGE_PIXELS", 10_000)
    assert put_photo(shopper, uuid4(), uuid4(), raw).status_code == 201


def _logo(raw, kind="png"):
    return f"data:image/{kind};base64," + base64.b64encode(raw).decode()


@pytest.mark.parametrize("method", ["post", "patch"])
def test_a_logo_over_its_smaller_limit_is_422(app, auth, create_client, method):
    coordinator = auth("coordinator")
    big = picture(size=(2000, 1001), fmt="PNG")  # 2,002,000 pixels: over the 2,000,000
    if method == "post":
        response = coordinator.post("/api/v1/clients", json={"name": "C", "logo": _logo(big)})
    else:
        client = create_client()
        response = coordinator.patch(f"/api/v1/clients/{client.id}", json={"logo": _logo(big)})
    assert response.status_code == 422, response.json
    assert "logo" in response.json["errors"]["json"]
    bomb = coordinator.post("/api/v1/clients", json={"name": "C", "logo": _logo(huge_png())})
    assert bomb.status_code == 422
    fine = picture(size=(400, 200), fmt="JPEG")
    response = coordinator.post("/api/v1/clients", json={"name": "C", "logo": _logo(fine, "jpeg")})
    assert response.status_code == 201, response.json
