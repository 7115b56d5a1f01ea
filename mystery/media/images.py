"""Reading uploaded images: what they are, when and where they were taken, smaller copies.

Pure functions, no Flask: the type is sniffed from the bytes, never from a header.
"""

import hashlib
import io
import math
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import imagehash
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError
from PIL.ExifTags import GPS, IFD, Base

CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
DISPLAY_EDGE = 1600
THUMB_EDGE = 320
JPEG_QUALITY = 85
# Enough pixels for a perceptual hash (it shrinks to 32×32), far fewer than a photo has.
HASH_EDGE = 256
# EXIF orientations that turn the picture a quarter, so width and height swap.
_QUARTER_TURNS = frozenset({5, 6, 7, 8})


class NotAnImage(ValueError):
    """The bytes are not a complete JPEG, PNG or WebP image we are willing to decode."""


class TooManyPixels(NotAnImage):
    """The image claims more pixels than we are willing to decode."""

    def __init__(self, width, height, limit):
        super().__init__(
            f"The image has too many pixels to process safely ({width}×{height}, "
            f"at most {limit:,} allowed)."
        )
        self.width, self.height, self.limit = width, height, limit


@dataclass(frozen=True)
class ImageInfo:
    """What an upload is, read from its bytes."""

    content_type: str
    size: int
    width: int
    height: int
    sha256: str
    phash: str
    taken_at: datetime | None = None
    latitude: float | None = None
    longitude: float | None = None


def _open(raw, max_pixels):
    """Open the bytes with the allowed decoders, refusing decompression bombs."""
    limit = Image.MAX_IMAGE_PIXELS if max_pixels is None else max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw), formats=list(CONTENT_TYPES))
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise NotAnImage(f"The image has too many pixels to process safely ({error}).") from None
    except UnidentifiedImageError:
        raise NotAnImage("The body is not a JPEG, PNG or WebP image.") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise NotAnImage(f"The image cannot be read: {error}.") from None
    width, height = image.size
    if width < 1 or height < 1:
        raise NotAnImage("The image has no pixels.")
    if limit and width * height > limit:  # read from the header: nothing decoded yet
        raise TooManyPixels(width, height, limit)
    return image


def _decoded(raw, max_pixels=None):
    """Open, verify and decode the whole file, so a truncated one fails here.

    Returns the image and its stored size; a JPEG is decoded at a reduced scale
    (libjpeg still reads every byte, so truncation is caught just the same).
    """
    if not raw:
        raise NotAnImage("The body is empty; send the image bytes.")
    probe = _open(raw, max_pixels)
    try:
        probe.verify()
    except Exception as error:
        raise NotAnImage(f"The image is truncated or corrupt: {error}.") from None
    # verify() leaves the image unusable, so decode a fresh copy to catch truncation.
    image = _open(raw, max_pixels)
    size = image.size
    if image.format == "JPEG":
        image.draft("RGB", _draft_box(size, HASH_EDGE))
    try:
        with _strict_loading():
            image.load()
    except Exception as error:
        raise NotAnImage(f"The image is truncated or corrupt: {error}.") from None
    return image, size


_LOADING = threading.Lock()


@contextmanager
def _strict_loading():
    """Refuse truncated files even when WeasyPrint has switched Pillow to tolerate them.

    WeasyPrint sets ImageFile.LOAD_TRUNCATED_IMAGES = True when it is imported; the flag is
    process-wide, so we clear it around our own decode and put it back.
    """
    with _LOADING:
        tolerant = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = tolerant


def _exif_datetime(value, offset):
    """Parse an EXIF "YYYY:MM:DD HH:MM:SS" with an optional "+HH:MM" offset, to UTC."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.strptime(value.strip().rstrip("\x00")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    zone = UTC
    if isinstance(offset, str):
        text = offset.strip().rstrip("\x00")
        try:
            sign = -1 if text.startswith("-") else 1
            hours, minutes = text.lstrip("+-").split(":")
            zone = timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))
        except ValueError:
            zone = UTC
    return moment.replace(tzinfo=zone).astimezone(UTC)


def _taken_at(exif):
    """Return when the photo was taken: DateTimeOriginal, else DateTime; no offset means UTC."""
    sub = exif.get_ifd(IFD.Exif)
    taken = _exif_datetime(sub.get(Base.DateTimeOriginal), sub.get(Base.OffsetTimeOriginal))
    if taken is None:
        offset = sub.get(Base.OffsetTime) or sub.get(Base.OffsetTimeOriginal)
        taken = _exif_datetime(exif.get(Base.DateTime), offset)
    return taken


def _degrees(value, ref, positive, negative, bound):
    """Turn EXIF (degrees, minutes, seconds) rationals and a N/S/E/W ref into decimal degrees."""
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    ref = (ref or "").strip().rstrip("\x00").upper()
    if ref not in (positive, negative):
        return None
    try:
        parts = [float(part) for part in value]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if not parts or len(parts) > 3 or any(part != part for part in parts):  # NaN from x/0
        return None
    parts += [0.0] * (3 - len(parts))
    result = parts[0] + parts[1] / 60 + parts[2] / 3600
    if ref == negative:
        result = -result
    return round(result, 7) if abs(result) <= bound else None


def _gps(exif):
    """Return (latitude, longitude) from the GPS IFD, or (None, None)."""
    gps = exif.get_ifd(IFD.GPSInfo)
    if not gps:
        return None, None
    latitude = _degrees(gps.get(GPS.GPSLatitude), gps.get(GPS.GPSLatitudeRef), "N", "S", 90)
    longitude = _degrees(gps.get(GPS.GPSLongitude), gps.get(GPS.GPSLongitudeRef), "E", "W", 180)
    if latitude is None or longitude is None:
        return None, None
    return latitude, longitude


def _rgb(image):
    """Convert to RGB, laying transparency over white rather than black."""
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def inspect_image(raw: bytes, max_pixels: int | None = None) -> ImageInfo:
    """Sniff, verify and describe an image; raise NotAnImage for anything else.

    Width and height are as the photo is seen, after its EXIF orientation.
    `max_pixels` defaults to Pillow's Image.MAX_IMAGE_PIXELS.
    """
    image, (width, height) = _decoded(raw, max_pixels)
    try:
        exif = image.getexif()
        taken_at = _taken_at(exif)
        latitude, longitude = _gps(exif)
        orientation = exif.get(Base.Orientation)
    except Exception:  # broken EXIF must not cost us a good photo
        taken_at, latitude, longitude, orientation = None, None, None, None
    if orientation in _QUARTER_TURNS:
        width, height = height, width
    # Hash the picture as it is seen, so a copy with the rotation baked in still matches.
    upright = _rgb(ImageOps.exif_transpose(image)).convert("L")
    return ImageInfo(
        content_type=CONTENT_TYPES[image.format],
        size=len(raw),
        width=width,
        height=height,
        sha256=hashlib.sha256(raw).hexdigest(),
        phash=str(imagehash.phash(upright)),
        taken_at=taken_at,
        latitude=latitude,
        longitude=longitude,
    )


def _draft_box(size, edge):
    """Return the box libjpeg may scale a decode down to, the long edge staying ≥ `edge`.

    draft() scales only by a factor both sides allow, so a square (edge, edge) box never
    shrinks a 4:3 photo; a box of the photo's own shape lets a 4000 × 3000 one decode at
    2000 × 1500, a quarter of the pixels.
    """
    width, height = size
    factor = edge / max(width, height)
    if factor >= 1:
        return size
    return max(1, math.ceil(width * factor)), max(1, math.ceil(height * factor))


def _jpeg(image):
    """Encode as a baseline JPEG without metadata (no GPS leaks into copies).

    Progressive scans with optimised Huffman tables cost 4–6 × the encode for a few per
    cent of bytes; the copies are small already.
    """
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def render_variants(raw: bytes, max_pixels: int | None = None) -> tuple[bytes, bytes]:
    """Return (display, thumbnail) JPEGs: long edge ≤ 1600 px and ≤ 320 px, upright, RGB."""
    image = _open(raw, max_pixels)
    if image.format == "JPEG":
        # Let libjpeg decode at a reduced scale; still at least the display size.
        image.draft("RGB", _draft_box(image.size, DISPLAY_EDGE))
    try:
        image.load()
        display = _rgb(ImageOps.exif_transpose(image))
    except Exception as error:
        raise NotAnImage(f"The image is truncated or corrupt: {error}.") from None
    display.thumbnail((DISPLAY_EDGE, DISPLAY_EDGE), Image.Resampling.LANCZOS)
    thumb = display.copy()
    thumb.thumbnail((THUMB_EDGE, THUMB_EDGE), Image.Resampling.LANCZOS, reducing_gap=2.0)
    return _jpeg(display), _jpeg(thumb)


def phash_distance(a_hex: str, b_hex: str) -> int:
    """Return the Hamming distance between two perceptual hashes in hex."""
    return int(imagehash.hex_to_hash(a_hex) - imagehash.hex_to_hash(b_hex))


# Metadata a client must never get (DESIGN §1: clients never learn who the shopper was):
# EXIF (owner, serial number, GPS), XMP, IPTC and comments. Colour profiles stay.
_JPEG_DROPPED = frozenset({0xE1, 0xED, 0xFE})  # APP1 Exif/XMP, APP13 IPTC, COM
_PNG_DROPPED = frozenset({b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"})
_WEBP_DROPPED = frozenset({b"EXIF", b"XMP "})
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _orientation_exif(orientation):
    """Return an EXIF block holding only the orientation, so the picture stays upright."""
    exif = Image.Exif()
    exif[Base.Orientation] = orientation
    return exif.tobytes()


def _strip_jpeg(raw, orientation):
    """Copy a JPEG's segments up to the scan, leaving out the metadata ones (no re-encoding)."""
    out = bytearray(raw[:2])
    if orientation not in (None, 1):
        block = b"Exif\x00\x00" + _orientation_exif(orientation)
        out += b"\xff\xe1" + (len(block) + 2).to_bytes(2, "big") + block
    position = 2
    while position + 4 <= len(raw):
        if raw[position] != 0xFF:
            raise NotAnImage("The JPEG's segments cannot be read.")
        marker = raw[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xDA or 0xD0 <= marker <= 0xD9:  # start of scan: the rest is pixels
            break
        length = int.from_bytes(raw[position + 2 : position + 4], "big")
        end = position + 2 + length
        if length < 2 or end > len(raw):
            raise NotAnImage("The JPEG's segments cannot be read.")
        if marker not in _JPEG_DROPPED:
            out += raw[position:end]
        position = end
    out += raw[position:]
    return bytes(out)


def _strip_png(raw):
    """Copy a PNG's chunks, leaving out EXIF, text and time."""
    out = bytearray(_PNG_SIGNATURE)
    position = len(_PNG_SIGNATURE)
    while position + 12 <= len(raw):
        length = int.from_bytes(raw[position : position + 4], "big")
        kind = raw[position + 4 : position + 8]
        end = position + 12 + length
        if end > len(raw):
            raise NotAnImage("The PNG's chunks cannot be read.")
        if kind not in _PNG_DROPPED:
            out += raw[position:end]
        position = end
        if kind == b"IEND":
            break
    return bytes(out)


def _strip_webp(raw):
    """Copy a WebP's chunks without EXIF and XMP, clearing their flags in VP8X."""
    chunks = bytearray()
    position = 12
    while position + 8 <= len(raw):
        kind = raw[position : position + 4]
        length = int.from_bytes(raw[position + 4 : position + 8], "little")
        if position + 8 + length > len(raw):
            raise NotAnImage("The WebP's chunks cannot be read.")
        end = min(position + 8 + length + (length & 1), len(raw))  # chunks pad to even
        chunk = bytearray(raw[position:end])
        if kind == b"VP8X" and len(chunk) > 8:
            chunk[8] &= ~(0x08 | 0x04) & 0xFF  # the EXIF and XMP flags
        if kind not in _WEBP_DROPPED:
            chunks += chunk
        position = end
    return b"RIFF" + (len(chunks) + 4).to_bytes(4, "little") + b"WEBP" + bytes(chunks)


def strip_metadata(raw: bytes) -> bytes:
    """Return the image without EXIF, XMP, IPTC, text or comments, its pixels untouched.

    A JPEG keeps only its orientation, so it still shows upright.
    """
    if raw.startswith(b"\xff\xd8"):
        try:
            orientation = (
                Image.open(io.BytesIO(raw), formats=["JPEG"]).getexif().get(Base.Orientation)
            )
        except Exception:  # unreadable EXIF: drop it all
            orientation = None
        return _strip_jpeg(raw, orientation if isinstance(orientation, int) else None)
    if raw.startswith(_PNG_SIGNATURE):
        return _strip_png(raw)
    if raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        return _strip_webp(raw)
    raise NotAnImage("The body is not a JPEG, PNG or WebP image.")
